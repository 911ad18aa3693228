import type Database from 'better-sqlite3';
import type { ReadStreamOptions, RecordedEvent } from '../event-store.port.js';
import { SQLITE_COLUMNS, type SqliteEventValues } from './sqlite.schema.js';

const PAGE = 500;

export function toRecordedEvent(row: SqliteEventValues): RecordedEvent {
  const [position, id, streamId, revision, type, schemaVersion, data, metadata, recordedAt, prevHash, hash] =
    row;
  return {
    id,
    type,
    schemaVersion,
    data: JSON.parse(data) as unknown,
    metadata: JSON.parse(metadata) as RecordedEvent['metadata'],
    streamId,
    revision: BigInt(revision),
    position: BigInt(position),
    recordedAt: new Date(recordedAt),
    prevHash,
    hash,
    dataJson: data,
    recordedAtIso: recordedAt,
  };
}

type PageStatement = Database.Statement<[string, number, number, string, number], SqliteEventValues>;

/** Reads a stream page by page so that a long stream never sits in memory at once. */
export class SqliteStreamReader {
  // prepared once: preparing costs more than reading a short stream
  private readonly forwards: PageStatement;
  private readonly backwards: PageStatement;

  constructor(db: Database.Database) {
    const page = (order: 'ASC' | 'DESC'): PageStatement =>
      db
        .prepare<[string, number, number, string, number], SqliteEventValues>(
          `SELECT ${SQLITE_COLUMNS} FROM events
            WHERE stream_id = ? AND revision >= ? AND revision <= ? AND recorded_at <= ?
            ORDER BY revision ${order} LIMIT ?`,
        )
        .raw(true);
    this.forwards = page('ASC');
    this.backwards = page('DESC');
  }

  *read(stream: string, options: ReadStreamOptions = {}): Generator<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const until = options.until?.toISOString() ?? '9999-12-31T23:59:59.999Z';
    // fromRevision is where the read starts and toRevision where it ends, both inclusive, in reading order
    const max = Number.MAX_SAFE_INTEGER;
    let low = Number(backwards ? (options.toRevision ?? 0) : (options.fromRevision ?? 0));
    let high = Number(backwards ? (options.fromRevision ?? max) : (options.toRevision ?? max));
    const statement = backwards ? this.backwards : this.forwards;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const rows = statement.all(stream, low, high, until, Math.min(PAGE, remaining));
      for (const row of rows) yield toRecordedEvent(row);
      remaining -= rows.length;
      const last = rows[rows.length - 1];
      if (rows.length < PAGE || !last) return;
      if (backwards) high = last[3] - 1;
      else low = last[3] + 1;
    }
  }
}
