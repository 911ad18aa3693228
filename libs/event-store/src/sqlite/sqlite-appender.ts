import type Database from 'better-sqlite3';
import { checkExpectedRevision, prepareEvents, type PreparedEvent } from '../append-plan.js';
import { ConcurrencyError } from '../errors.js';
import { StreamHeadCache } from '../stream-head-cache.js';
import { SqliteEventRows } from './sqlite-event-rows.js';
import { SqliteRetryLookup, type Outcome } from './sqlite-retry-lookup.js';
import type {
  AppendOptions,
  AppendResult,
  EventToAppend,
  ExpectedRevision,
  StreamHead,
} from '../event-store.port.js';

interface PendingAppend {
  stream: string;
  events: readonly EventToAppend[];
  options: AppendOptions;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * How the embedded store writes. Appends that arrive while the event loop is busy are committed together
 * (group commit); each still gets its own checks and its answer only after the shared commit is durable.
 *
 * No savepoint per append: everything that can refuse an append is decided before it writes, or by its
 * first INSERT statement, which SQLite undoes by itself when it fails (a stored id, or a head the cache had
 * wrong). Any other error rolls back the whole batch, which is then replayed one append per transaction,
 * so that the error fails only the append it belongs to.
 */
export class SqliteAppender {
  private readonly queue: PendingAppend[] = [];
  private flushScheduled = false;
  private readonly rows: SqliteEventRows;
  private readonly retries: SqliteRetryLookup;
  private readonly heads = new StreamHeadCache(10_000);
  /** Heads as the batch in flight leaves them, for its later appends to the same streams. */
  private readonly batchHeads = new Map<string, StreamHead>();
  private readonly commit: Database.Transaction<(batch: PendingAppend[]) => Outcome[]>;

  /** `written` is called after every commit that wrote something, for the store's subscribers. */
  constructor(
    db: Database.Database,
    private readonly maxBatch: number,
    private readonly written: () => void,
  ) {
    this.rows = new SqliteEventRows(db);
    this.retries = new SqliteRetryLookup(db);
    this.commit = db.transaction((batch: PendingAppend[]) => {
      this.batchHeads.clear();
      return batch.map((pending) => this.appendOrRefuse(pending));
    });
  }

  /** Queues a checked append; the promise settles once its commit is durable, or with its refusal. */
  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ stream, events, options, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Commits whatever is queued, at once: for closing the store. */
  drain(): void {
    while (this.queue.length > 0) this.flush();
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
    if (batch.length === 1) outcomes = [this.appendAlone(batch[0]!)];
    else {
      try {
        outcomes = this.commit.immediate(batch);
        this.rememberHeads();
      } catch {
        // rolled back, nothing of the batch is written: replay it so that an error fails only its own append
        outcomes = batch.map((pending) => this.commitAlone(pending));
      }
    }
    let written = false;
    outcomes.forEach((outcome, i) => {
      const pending = batch[i]!;
      if ('ok' in outcome) {
        written = true;
        pending.resolve(outcome.ok);
      } else pending.reject(outcome.error);
    });
    if (written) this.written();
  }

  /**
   * An append of one event with nobody to share the commit needs no transaction: one INSERT statement is
   * atomic and, with synchronous=FULL, durable when it returns, at the cost of a plain insert. Whatever keeps
   * it from a clean insert (a head the cache had wrong, a refusal, a stored id, an error; a failed INSERT
   * has undone itself) is decided again the full way, in a transaction.
   */
  private appendAlone(pending: PendingAppend): Outcome {
    const { stream, events, options } = pending;
    if (events.length !== 1) return this.commitAlone(pending);
    try {
      const cached = this.heads.get(stream);
      const head =
        cached ?? (options.expectedRevision === 'no_stream' ? undefined : this.rows.storedHead(stream));
      checkExpectedRevision(stream, options.expectedRevision, head);
      const event = prepareEvents(stream, events, head, new Date())[0]!;
      const position = this.rows.insert(event);
      this.heads.set(stream, { revision: event.revision, hash: event.hash });
      return { ok: { nextRevision: event.revision, position: BigInt(position) } };
    } catch {
      return this.commitAlone(pending);
    }
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
      const retried = events.length > 1 && !fromStore ? this.retries.find(pending) : undefined;
      if (retried) return { ok: retried };
      const head = this.headOf(stream, options.expectedRevision, fromStore);
      checkExpectedRevision(stream, options.expectedRevision, head);
      prepared = prepareEvents(stream, events, head, new Date());
    } catch (refusal) {
      if (!(refusal instanceof ConcurrencyError)) return { error: refusal };
      if (!fromStore) return this.appendOrRefuse(pending, true);
      // a retry of an append that went through meets the revision it made itself
      return (events.length === 1 ? this.retries.answer(pending) : undefined) ?? { error: refusal };
    }
    let position: number;
    try {
      position = this.rows.insert(prepared[0]!);
    } catch (error) {
      // the failed INSERT has undone itself: nothing of this append is written
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      const stored = events.length === 1 ? this.retries.answer(pending) : undefined;
      if (stored) return stored;
      // not its id, so its revision: taken by another process since the cached head, or never free
      if (!fromStore) return this.appendOrRefuse(pending, true);
      throw error;
    }
    // the first revision was free, so are the next (a stream has no gaps), and several ids were looked up
    for (let i = 1; i < prepared.length; i++) position = this.rows.insert(prepared[i]!);
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
    return this.rows.storedHead(stream);
  }
}
