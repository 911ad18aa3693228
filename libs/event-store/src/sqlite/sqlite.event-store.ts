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
import { catchUpSubscription } from '../catch-up-subscription.js';
import { ConcurrencyError } from '../errors.js';
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
import { SqliteStreamReader, toRecordedEvent } from './sqlite-stream-reader.js';

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

type Outcome = { ok: AppendResult } | { error: unknown };

/**
 * The embedded store: one SQLite file in WAL mode with synchronous=FULL, so an acknowledged append has been
 * fsynced. Appends that arrive while the event loop is busy are committed together (group commit); each
 * still gets its own checks and its answer only after the shared commit is durable.
 *
 * No savepoint per append: everything that can refuse an append is decided before it writes, or by its one
 * INSERT statement, which SQLite undoes by itself when it fails. Any other error rolls back the whole batch,
 * which is then replayed one append per transaction, so that the error fails only the append it belongs to.
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
  private readonly streams: SqliteStreamReader;
  private readonly commit: Database.Transaction<(batch: PendingAppend[]) => Outcome[]>;

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
    this.insertStatement = this.db.prepare<
      [string, string, number, string, number, string, string, string, string, string]
    >(
      `INSERT INTO events (id, stream_id, revision, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.byIdStatement = this.db.prepare<
      [string],
      { id: string; stream_id: string; revision: number; position: number }
    >('SELECT id, stream_id, revision, position FROM events WHERE id = ?');
    this.readAllStatement = this.db.prepare<[number, number], SqliteEventRow>(
      `SELECT ${SQLITE_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    );
    this.streams = new SqliteStreamReader(this.db);
    this.commit = this.db.transaction((batch: PendingAppend[]) => batch.map((p) => this.appendOrRefuse(p)));
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
    let outcomes: Outcome[];
    try {
      outcomes = this.commit.immediate(batch);
    } catch (error) {
      // rolled back, nothing of the batch is written: replay it so that the error fails only its own append
      outcomes = batch.length === 1 ? [{ error }] : batch.map((pending) => this.commitAlone(pending));
    }
    let written = false;
    outcomes.forEach((outcome, i) => {
      const pending = batch[i]!;
      if ('ok' in outcome) {
        written = true;
        pending.resolve(outcome.ok);
      } else pending.reject(outcome.error);
    });
    if (written) this.notifier.notify();
  }

  private commitAlone(pending: PendingAppend): Outcome {
    try {
      return this.commit.immediate([pending])[0]!;
    } catch (error) {
      return { error };
    }
  }

  /** Inside the batch's transaction. Returns a refusal only when the append has written nothing. */
  private appendOrRefuse(pending: PendingAppend): Outcome {
    const { stream, events, options } = pending;
    let prepared: PreparedEvent[];
    try {
      // one event is looked up only if its INSERT fails; several would be half written by then
      const retried = events.length > 1 ? this.findRetry(pending) : undefined;
      if (retried) return { ok: retried };
      const headRow = this.headStatement.get(stream);
      const head = headRow ? { revision: BigInt(headRow.revision), hash: headRow.hash } : undefined;
      checkExpectedRevision(stream, options.expectedRevision, head);
      prepared = prepareEvents(stream, events, head, new Date());
    } catch (refusal) {
      // a retry of an append that went through meets the revision it made itself
      return refusal instanceof ConcurrencyError && events.length === 1
        ? this.answerStoredId(pending, { error: refusal })
        : { error: refusal };
    }
    if (prepared.length > 1) {
      // its ids were looked up above and its revisions are free in this transaction: nothing may fail here
      let position = 0;
      for (const event of prepared) position = this.insert(event);
      return { ok: { nextRevision: prepared[prepared.length - 1]!.revision, position: BigInt(position) } };
    }
    const event = prepared[0]!;
    try {
      return { ok: { nextRevision: event.revision, position: BigInt(this.insert(event)) } };
    } catch (error) {
      // the failed INSERT has undone itself; with the revision checked in this transaction, a unique key
      // can only refuse the event's id, stored before: a retry or a duplicate
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      return this.answerStoredId(pending, undefined, error);
    }
  }

  /**
   * An append of one event was refused (a conflict, or its id is stored): the first append's answer when
   * it is a retry, the refusal from resolveRetry when its id is stored otherwise, else `otherwise`.
   */
  private answerStoredId(pending: PendingAppend, otherwise?: Outcome, unexpected?: unknown): Outcome {
    let retried: AppendResult | undefined;
    try {
      retried = this.findRetry(pending);
    } catch (refusal) {
      return { error: refusal };
    }
    if (retried) return { ok: retried };
    if (otherwise) return otherwise;
    throw unexpected;
  }

  private insert(event: PreparedEvent): number {
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

  /** A retried append whose ids are all stored answers as the first one did; see resolveRetry. */
  private findRetry({ stream, events, options }: PendingAppend): AppendResult | undefined {
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
