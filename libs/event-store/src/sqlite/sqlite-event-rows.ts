import type Database from 'better-sqlite3';
import type { PreparedEvent } from '../append-plan.js';
import type { StreamHead } from '../event-store.port.js';

/** The two statements an append writes with: a stream's stored head, and the INSERT of one prepared event. */
export class SqliteEventRows {
  private readonly headStatement;
  private readonly insertStatement;

  constructor(db: Database.Database) {
    this.headStatement = db.prepare<[string], { revision: number; hash: string }>(
      'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    );
    this.insertStatement = db.prepare<
      [string, string, number, string, number, string, string, string, string, string]
    >(
      `INSERT INTO events (id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  storedHead(stream: string): StreamHead | undefined {
    const row = this.headStatement.get(stream);
    return row ? { revision: BigInt(row.revision), hash: row.hash } : undefined;
  }

  /** Returns the event's position. Throws SQLITE_CONSTRAINT_UNIQUE for a stored id or a taken revision. */
  insert(event: PreparedEvent): number {
    const info = this.insertStatement.run(
      event.id,
      event.streamId,
      Number(event.revision),
      event.type,
      event.schemaVersion,
      event.dataJson,
      event.metadataJson,
      event.recordedAtIso,
      event.prevHash,
      event.hash,
    );
    return Number(info.lastInsertRowid);
  }
}
