import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { validateBatch } from '../append-plan.js';
import { catchUpSubscription } from '../catch-up-subscription.js';
import { ChangeNotifier } from '../change-notifier.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store.port.js';
import { SQLITE_COLUMNS, SQLITE_SCHEMA, type SqliteEventValues } from './sqlite.schema.js';
import { SqliteAppender } from './sqlite-appender.js';
import { SqliteStreamReader, toRecordedEvent } from './sqlite-stream-reader.js';

export interface SqliteEventStoreOptions {
  path: string;
  /** How often a subscriber looks for events written by another process. */
  pollIntervalMs?: number;
  /** The most appends one group commit takes. */
  maxBatch?: number;
  /**
   * SQLite's page cache of this connection (default 16 MB, better-sqlite3's). A process that only reads the
   * events through once, as a rebuild or a read side does, keeps nothing worth caching: 2 MB will do.
   */
  pageCacheKb?: number;
}

/** The page cache of a connection that reads the events through once (a rebuild, a read side, the CLI). */
export const READER_PAGE_CACHE_KB = 2_000;

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged append has been
 * fsynced. Appends go through SqliteAppender (group commit); reads and subscriptions are served here.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly notifier = new ChangeNotifier();
  private closed = false;
  private readonly pollIntervalMs: number;
  private readonly readAllStatement;
  private readonly streams: SqliteStreamReader;
  private readonly appender: SqliteAppender;

  constructor(options: SqliteEventStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    if (options.pageCacheKb !== undefined) this.db.pragma(`cache_size = -${Math.round(options.pageCacheKb)}`);
    this.db.exec(SQLITE_SCHEMA);
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.readAllStatement = this.db
      .prepare<[number, number], SqliteEventValues>(
        `SELECT ${SQLITE_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      )
      .raw(true);
    this.streams = new SqliteStreamReader(this.db);
    this.appender = new SqliteAppender(this.db, options.maxBatch ?? 500, () => this.notifier.notify());
  }

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    try {
      validateBatch(stream, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.appender.append(stream, events, options);
  }

  async *readStream(stream: string, options?: ReadStreamOptions): AsyncGenerator<RecordedEvent> {
    yield* this.streams.read(stream, options);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.readAllStatement.all(Number(options.after ?? 0n), options.limit).map(toRecordedEvent);
  }

  subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent> {
    const source = {
      readPage: (after: Position, limit: number) => this.readAll({ after, limit }),
      notifier: this.notifier,
      pollIntervalMs: this.pollIntervalMs,
      pageSize: 500,
    };
    return catchUpSubscription(source, options.after, options.signal);
  }

  async headPosition(): Promise<Position> {
    const row = this.db
      .prepare<[], { head: number | null }>('SELECT MAX(position) AS head FROM events')
      .get();
    return BigInt(row?.head ?? 0);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.appender.drain();
    this.closed = true;
    this.notifier.notify();
    this.db.close();
  }
}
