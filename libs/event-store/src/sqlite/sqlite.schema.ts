/** The embedded store's schema. AUTOINCREMENT so that a position is never handed out twice. */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT    NOT NULL UNIQUE,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  prev_hash      TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
`;

export const SQLITE_COLUMNS =
  'position, id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash';

/**
 * A row as the reads fetch it: values in SQLITE_COLUMNS order, without a key per column (better-sqlite3's raw
 * mode), which makes a catch-up's read about a third cheaper.
 */
export type SqliteEventValues = [
  position: number,
  id: string,
  streamId: string,
  revision: number,
  type: string,
  schemaVersion: number,
  data: string,
  metadata: string,
  recordedAt: string,
  prevHash: string,
  hash: string,
];
