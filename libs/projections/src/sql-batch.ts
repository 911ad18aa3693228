import type { SqlExecutor } from '@app/sql';

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
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const values = slice
      .map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(', ')})`)
      .join(', ');
    await tx.execute(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ${conflict}`,
      slice.flat(),
    );
  }
}
