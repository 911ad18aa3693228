import type { SqlExecutor } from '@app/sql';

/** The statements' texts, built once: a rebuild inserts thousands of chunks of the same shape. */
const texts = new Map<string, string>();

function insertText(table: string, columns: readonly string[], rows: number, conflict: string): string {
  const key = `${table}|${columns.join(',')}|${rows}|${conflict}`;
  let text = texts.get(key);
  if (!text) {
    const values = Array.from(
      { length: rows },
      (_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`,
    ).join(', ');
    text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ${conflict}`;
    texts.set(key, text);
  }
  return text;
}

/**
 * Inserts many rows with multi-row VALUES statements (one round trip per chunk on PostgreSQL), ignoring rows
 * that exist already, so that a batch applied again changes nothing.
 */
export async function insertRows(
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly unknown[][],
  conflict = 'ON CONFLICT DO NOTHING',
  chunk = 200,
): Promise<void> {
  await insertFlatRows(tx, table, columns, rows.flat(), conflict, chunk);
}

/**
 * insertRows for rows laid end to end in one array (`columns.length` values each): no array per row. On
 * SQLite, one prepared single-row INSERT stepped per row: binding a statement of thousands of parameters
 * cost more than the round trips a multi-row statement saves, which SQLite does not have (a rebuild's
 * audit rows: ≈ 7 instead of 11 µs each).
 */
export async function insertFlatRows(
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
  values: readonly unknown[],
  conflict: string,
  chunk: number,
): Promise<void> {
  const width = columns.length;
  if (tx.dialect === 'sqlite') {
    await tx.executeEach(insertText(table, columns, 1, conflict), values, width);
    return;
  }
  const rows = values.length / width;
  for (let start = 0; start < rows; start += chunk) {
    const count = Math.min(chunk, rows - start);
    const slice = values.slice(start * width, (start + count) * width);
    await tx.execute(insertText(table, columns, count, conflict), slice);
  }
}
