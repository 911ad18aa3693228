import type { ReadStreamOptions, RecordedEvent } from '../event-store.port.js';
import { POSTGRES_COLUMNS, type PostgresEventRow } from './postgres.schema.js';

/** Rows per page of a stream read or a subscription's catch-up. */
export const PAGE = 500;
const MAX_REVISION = 9_223_372_036_854_775_807n;

type Query = (text: string, values: unknown[]) => Promise<{ rows: PostgresEventRow[] }>;

export function toRecordedEvent(row: PostgresEventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Reads a stream page by page (forwards or backwards, between revisions, up to an instant). */
export async function* readStreamPages(
  query: Query,
  stream: string,
  options: ReadStreamOptions,
): AsyncGenerator<RecordedEvent> {
  const backwards = options.direction === 'backwards';
  let low = backwards ? (options.toRevision ?? 0n) : (options.fromRevision ?? 0n);
  let high = backwards ? (options.fromRevision ?? MAX_REVISION) : (options.toRevision ?? MAX_REVISION);
  const until = options.until ?? new Date('9999-12-31T23:59:59.999Z');
  let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
  while (remaining > 0) {
    const { rows } = await query(
      `SELECT ${POSTGRES_COLUMNS} FROM events
        WHERE stream_id = $1 AND revision BETWEEN $2 AND $3 AND recorded_at <= $4
        ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $5`,
      [stream, low.toString(), high.toString(), until, Math.min(PAGE, remaining)],
    );
    for (const row of rows) yield toRecordedEvent(row);
    remaining -= rows.length;
    const last = rows[rows.length - 1];
    if (rows.length < PAGE || !last) return;
    if (backwards) high = BigInt(last.revision) - 1n;
    else low = BigInt(last.revision) + 1n;
  }
}
