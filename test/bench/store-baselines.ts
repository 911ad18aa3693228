import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { AppendOp } from './store-workload.js';
import type { Measurement } from './store-measure.js';

/** `count` writes of `bytes` bytes appended to a new file, each followed by fdatasync. */
export function measureFdatasync(file: string, count: number, bytes: number): Measurement {
  const fd = openSync(file, 'w');
  const buffer = Buffer.alloc(bytes, 0x61);
  const latencies = new Float64Array(count);
  const startedAt = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      writeSync(fd, buffer);
      fdatasyncSync(fd);
      latencies[i] = performance.now() - t0;
    }
  } finally {
    closeSync(fd);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  latencies.sort();
  return {
    events: count,
    seconds,
    rate: count / seconds,
    p50Ms: latencies[Math.floor((count - 1) * 0.5)]!,
    p99Ms: latencies[Math.floor((count - 1) * 0.99)]!,
  };
}

/**
 * The plain better-sqlite3 baseline: a table like the adapter's (autoincrement position, unique id, unique
 * stream+revision), WAL with synchronous=FULL, one single-row INSERT per (implicit) transaction.
 */
export class PlainSqlite {
  readonly db: Database.Database;
  private readonly insertStatement;
  private readonly pageStatement;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE plain_events (
        position    INTEGER PRIMARY KEY AUTOINCREMENT,
        id          TEXT    NOT NULL UNIQUE,
        stream_id   TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        type        TEXT    NOT NULL,
        data        TEXT    NOT NULL,
        metadata    TEXT    NOT NULL,
        recorded_at TEXT    NOT NULL,
        UNIQUE (stream_id, revision)
      )`);
    this.insertStatement = this.db.prepare(
      `INSERT INTO plain_events (id, stream_id, revision, type, data, metadata, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.pageStatement = this.db.prepare<
      [number, number],
      // data and metadata come as TEXT and are replaced by their parsed value
      { position: number; data: unknown; metadata: unknown }
    >(
      `SELECT position, id, stream_id, revision, type, data, metadata, recorded_at
         FROM plain_events WHERE position > ? ORDER BY position LIMIT ?`,
    );
  }

  insert(op: AppendOp): void {
    this.insertStatement.run(
      op.event.id,
      op.stream,
      op.revision,
      op.event.type,
      JSON.stringify(op.event.data),
      JSON.stringify(op.event.metadata),
      new Date().toISOString(),
    );
  }

  /** One page; data and metadata are parsed, as any reader of the rows has to. */
  readPage(after: bigint, limit: number): { count: number; last: bigint | undefined } {
    const rows = this.pageStatement.all(Number(after), limit);
    for (const row of rows) {
      row.data = JSON.parse(row.data as string);
      row.metadata = JSON.parse(row.metadata as string);
    }
    const last = rows[rows.length - 1];
    return { count: rows.length, last: last ? BigInt(last.position) : undefined };
  }

  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  close(): void {
    this.db.close();
  }
}

/**
 * The plain pg baseline: a table like the adapter's (bigserial position, unique id, unique stream+revision,
 * jsonb data and metadata, timestamptz), one single-row INSERT per autocommit statement.
 */
export class PlainPostgres {
  private readonly clients: pg.Client[] = [];

  private constructor(private readonly schema: string) {}

  static async open(connectionString: string, schema: string, connections: number): Promise<PlainPostgres> {
    const plain = new PlainPostgres(schema);
    for (let i = 0; i < connections; i++) {
      const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
      await client.connect();
      plain.clients.push(client);
    }
    await plain.clients[0]!.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await plain.clients[0]!.query(`
      CREATE TABLE plain_events (
        position    bigserial   PRIMARY KEY,
        id          text        NOT NULL UNIQUE,
        stream_id   text        NOT NULL,
        revision    bigint      NOT NULL,
        type        text        NOT NULL,
        data        jsonb       NOT NULL,
        metadata    jsonb       NOT NULL,
        recorded_at timestamptz NOT NULL,
        UNIQUE (stream_id, revision)
      )`);
    return plain;
  }

  get connectionCount(): number {
    return this.clients.length;
  }

  async insert(op: AppendOp, connection: number): Promise<void> {
    await this.clients[connection]!.query(
      `INSERT INTO plain_events (id, stream_id, revision, type, data, metadata, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        op.event.id,
        op.stream,
        op.revision,
        op.event.type,
        JSON.stringify(op.event.data),
        JSON.stringify(op.event.metadata),
        new Date(),
      ],
    );
  }

  /** One page; the driver parses jsonb and timestamptz itself. */
  async readPage(after: bigint, limit: number): Promise<{ count: number; last: bigint | undefined }> {
    const { rows } = await this.clients[0]!.query<{ position: string }>(
      `SELECT position, id, stream_id, revision, type, data, metadata, recorded_at
         FROM plain_events WHERE position > $1 ORDER BY position LIMIT $2`,
      [after.toString(), limit],
    );
    const last = rows[rows.length - 1];
    return { count: rows.length, last: last ? BigInt(last.position) : undefined };
  }

  /** Flushes dirty pages before a timed phase, so that no phase inherits another's checkpoint. */
  async checkpoint(): Promise<void> {
    await this.clients[0]!.query('CHECKPOINT');
  }

  async serverFacts(): Promise<{ version: string; settings: string }> {
    const client = this.clients[0]!;
    const version = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v"))
      .rows[0]!.v;
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
        WHERE name IN ('synchronous_commit', 'fsync', 'wal_sync_method', 'commit_delay', 'shared_buffers')
        ORDER BY name`,
    );
    const settings = rows.map((r) => `${r.name}=${r.setting}`).join(', ');
    return { version, settings };
  }

  async dropSchema(): Promise<void> {
    await this.clients[0]!.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.end()));
  }
}
