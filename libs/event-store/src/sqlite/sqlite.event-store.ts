import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  checkExpectedRevision,
  prepareEvents,
  resolveRetry,
  validateBatch,
  type PreparedEvent,
} from '../append-plan.js';
import { DuplicateEventIdError } from '../errors.js';
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
import { SQLITE_COLUMNS, SQLITE_SCHEMA, type SqliteEventRow } from './sqlite.schema.js';
import { readStreamPages, toRecordedEvent } from './sqlite-stream-reader.js';

export interface SqliteEventStoreOptions {
  path: string;
  /** How often a subscriber looks for events written by another process. */
  pollIntervalMs?: number;
  /** The most appends one group commit takes. */
  maxBatch?: number;
}

interface PendingAppend {
  stream: string;
  events: readonly EventToAppend[];
  options: AppendOptions;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged append has been
 * fsynced. Appends that arrive while the event loop is busy are committed together (group commit): each
 * still gets its own checks, its own savepoint and its answer only after the shared commit is durable.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  readonly db: Database.Database;
  private readonly notifier = new ChangeNotifier();
  private readonly queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly pollIntervalMs: number;
  private readonly maxBatch: number;
  private readonly headStatement;
  private readonly insertStatement;
  private readonly byIdStatement;
  private readonly readAllStatement;
  private readonly singleTx: Database.Transaction<(pending: PendingAppend) => AppendResult>;
  private readonly batchTx: Database.Transaction<
    (batch: PendingAppend[]) => Array<{ ok: AppendResult } | { error: unknown }>
  >;

  constructor(options: SqliteEventStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SQLITE_SCHEMA);
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.maxBatch = options.maxBatch ?? 500;
    this.headStatement = this.db.prepare<[string], { revision: number; hash: string }>(
      'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    );
    this.insertStatement = this.db.prepare(
      `INSERT INTO events (id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       VALUES (@id, @streamId, @revision, @type, @schemaVersion, @dataJson, @metadataJson, @recordedAt, @prevHash, @hash)`,
    );
    this.byIdStatement = this.db.prepare<
      [string],
      { id: string; stream_id: string; revision: number; position: number }
    >('SELECT id, stream_id, revision, position FROM events WHERE id = ?');
    this.readAllStatement = this.db.prepare<[number, number], SqliteEventRow>(
      `SELECT ${SQLITE_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    );
    // built once: better-sqlite3 makes a nested transaction a savepoint, so a failed append in a group
    // commit leaves no trace and the others stand
    this.singleTx = this.db.transaction((pending: PendingAppend) => this.appendInTransaction(pending));
    const savepoint = this.db.transaction((pending: PendingAppend) => this.appendInTransaction(pending));
    this.batchTx = this.db.transaction((batch: PendingAppend[]) =>
      batch.map((pending): { ok: AppendResult } | { error: unknown } => {
        try {
          return { ok: savepoint(pending) };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    try {
      validateBatch(stream, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ stream, events, options, resolve, reject });
      this.scheduleFlush();
    });
  }

  async *readStream(stream: string, options?: ReadStreamOptions): AsyncGenerator<RecordedEvent> {
    yield* readStreamPages(this.db, stream, options);
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
    while (this.queue.length > 0) this.flush();
    this.closed = true;
    this.notifier.notify();
    this.db.close();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate lets every append issued in this turn of the event loop join the same commit
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
      if (this.queue.length > 0) this.scheduleFlush();
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    if (batch.length === 0) return;
    if (batch.length === 1) {
      // alone in its commit: the transaction itself is the all-or-nothing, no savepoint needed
      const pending = batch[0]!;
      try {
        pending.resolve(this.singleTx.immediate(pending));
        this.notifier.notify();
      } catch (error) {
        pending.reject(error);
      }
      return;
    }
    let outcomes: Array<{ ok: AppendResult } | { error: unknown }>;
    try {
      outcomes = this.batchTx.immediate(batch);
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if ('ok' in outcome) pending.resolve(outcome.ok);
      else pending.reject(outcome.error);
    });
    this.notifier.notify();
  }

  private appendInTransaction({ stream, events, options }: PendingAppend): AppendResult {
    const retried = this.findRetry(stream, events, options);
    if (retried) return retried;
    const headRow = this.headStatement.get(stream);
    const head = headRow ? { revision: BigInt(headRow.revision), hash: headRow.hash } : undefined;
    checkExpectedRevision(stream, options.expectedRevision, head);
    const prepared = prepareEvents(stream, events, head, new Date());
    let position = 0n;
    for (const event of prepared) {
      position = this.insert(event);
    }
    return { nextRevision: prepared[prepared.length - 1]!.revision, position };
  }

  private insert(event: PreparedEvent): bigint {
    try {
      const info = this.insertStatement.run({
        ...event,
        revision: Number(event.revision),
        recordedAt: event.recordedAt.toISOString(),
      });
      return BigInt(info.lastInsertRowid);
    } catch (error) {
      // the revision was checked above, so a unique violation here can only be an event id stored before
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new DuplicateEventIdError(event.id, event.streamId);
      }
      throw error;
    }
  }

  private findRetry(stream: string, events: readonly EventToAppend[], options: AppendOptions) {
    const ids = events.map((e) => e.id).filter((id): id is string => id !== undefined);
    if (ids.length !== events.length) return undefined;
    const stored = ids
      .map((id) => this.byIdStatement.get(id))
      .filter((row) => row !== undefined)
      .map((row) => ({
        id: row.id,
        streamId: row.stream_id,
        revision: BigInt(row.revision),
        position: BigInt(row.position),
      }));
    return resolveRetry(stream, options.expectedRevision, ids, stored);
  }
}
