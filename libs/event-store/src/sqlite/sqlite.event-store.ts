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
import { StreamHeadCache } from '../stream-head-cache.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamHead,
  SubscribeOptions,
} from '../event-store.port.js';
import { SQLITE_COLUMNS, SQLITE_SCHEMA, type SqliteEventValues } from './sqlite.schema.js';
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
 * No savepoint per append: everything that can refuse an append is decided before it writes, or by its
 * first INSERT statement, which SQLite undoes by itself when it fails (a stored id, or a head the cache had
 * wrong). Any other error rolls back the whole batch, which is then replayed one append per transaction,
 * so that the error fails only the append it belongs to.
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
  private readonly heads = new StreamHeadCache(10_000);
  /** Heads as the batch in flight leaves them, for its later appends to the same streams. */
  private readonly batchHeads = new Map<string, StreamHead>();
  private readonly commit: Database.Transaction<(batch: PendingAppend[]) => Outcome[]>;

  constructor(options: SqliteEventStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    if (options.pageCacheKb !== undefined) this.db.pragma(`cache_size = -${Math.round(options.pageCacheKb)}`);
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
    this.readAllStatement = this.db
      .prepare<[number, number], SqliteEventValues>(
        `SELECT ${SQLITE_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
      )
      .raw(true);
    this.streams = new SqliteStreamReader(this.db);
    this.commit = this.db.transaction((batch: PendingAppend[]) => {
      this.batchHeads.clear();
      return batch.map((pending) => this.appendOrRefuse(pending));
    });
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
      this.rememberHeads();
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
      const outcome = this.commit.immediate([pending])[0]!;
      this.rememberHeads();
      return outcome;
    } catch (error) {
      return { error };
    }
  }

  /** Only once committed do the batch's heads reach the cache: it may lag behind the store, never lead. */
  private rememberHeads(): void {
    for (const [stream, head] of this.batchHeads) this.heads.set(stream, head);
    this.batchHeads.clear();
  }

  /**
   * Inside the batch's transaction. Returns a refusal only when the append has written nothing. `fromStore`
   * when the head must be read, not taken from the cache (which may be behind another process's appends).
   */
  private appendOrRefuse(pending: PendingAppend, fromStore = false): Outcome {
    const { stream, events, options } = pending;
    let prepared: PreparedEvent[];
    try {
      // one event is looked up only if it is refused; several would be half written by then
      const retried = events.length > 1 && !fromStore ? this.findRetry(pending) : undefined;
      if (retried) return { ok: retried };
      const head = this.headOf(stream, options.expectedRevision, fromStore);
      checkExpectedRevision(stream, options.expectedRevision, head);
      prepared = prepareEvents(stream, events, head, new Date());
    } catch (refusal) {
      if (!(refusal instanceof ConcurrencyError)) return { error: refusal };
      if (!fromStore) return this.appendOrRefuse(pending, true);
      // a retry of an append that went through meets the revision it made itself
      return (events.length === 1 ? this.answerStoredId(pending) : undefined) ?? { error: refusal };
    }
    let position: number;
    try {
      position = this.insert(prepared[0]!);
    } catch (error) {
      // the failed INSERT has undone itself: nothing of this append is written
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      const stored = events.length === 1 ? this.answerStoredId(pending) : undefined;
      if (stored) return stored;
      // not its id, so its revision: taken by another process since the cached head, or never free
      if (!fromStore) return this.appendOrRefuse(pending, true);
      throw error;
    }
    // the first revision was free, so are the next (a stream has no gaps), and several ids were looked up
    for (let i = 1; i < prepared.length; i++) position = this.insert(prepared[i]!);
    const last = prepared[prepared.length - 1]!;
    this.batchHeads.set(stream, { revision: last.revision, hash: last.hash });
    return { ok: { nextRevision: last.revision, position: BigInt(position) } };
  }

  /**
   * The head to append after. Inside the transaction, the batch's own appends and the stored head are the
   * truth; the cache answers when it can settle the check (it may lag behind, never lead: a stale head
   * makes the INSERT fail on (stream_id, revision), and the append is then decided on the stored head).
   */
  private headOf(stream: string, expected: ExpectedRevision, fromStore: boolean): StreamHead | undefined {
    const inBatch = this.batchHeads.get(stream);
    if (inBatch) return inBatch;
    if (!fromStore) {
      const cached = this.heads.get(stream);
      if (cached && typeof expected === 'bigint' && cached.revision >= expected) return cached;
      // a new stream has no head to read: the (stream_id, revision) key reports one that exists after all
      if (expected === 'no_stream') return cached;
    }
    this.heads.delete(stream);
    const row = this.headStatement.get(stream);
    return row ? { revision: BigInt(row.revision), hash: row.hash } : undefined;
  }

  /** The first append's answer when this one is its retry; a refusal when its id is stored otherwise. */
  private answerStoredId(pending: PendingAppend): Outcome | undefined {
    try {
      const retried = this.findRetry(pending);
      return retried ? { ok: retried } : undefined;
    } catch (refusal) {
      return { error: refusal };
    }
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
