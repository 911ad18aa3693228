import { checkExpectedRevision, prepareEvents, type PreparedEvent } from '../append-plan.js';
import type { AppendResult, StreamHead } from '../event-store.port.js';
import { READ_HEAD, type AppendRequest, type PostgresAppender } from './postgres-appender.js';
import { insertEvents } from './postgres-insert.js';

interface Pending extends AppendRequest {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface Planned {
  pending: Pending;
  prepared: PreparedEvent[];
  /** Index after this append's last event in the batch's events. */
  end: number;
}

/** The most events one group commit writes; a single larger append still goes alone. */
const MAX_BATCH_EVENTS = 1_000;

/**
 * Group commit for PostgreSQL. Every append takes the counter row's lock until its commit has been
 * flushed, so appends commit one at a time however many connections they use. While one write is in
 * flight, the appends that arrive wait, and then go together: checked one by one against the heads (the
 * cache, a batch read, or the append before it in the batch), written by one INSERT in one implicit
 * transaction, answered after it commits. That statement is all or nothing: when it fails, or an append
 * is refused, the append is tried again on its own, where a conflict can still turn out to be a retry.
 */
export class PostgresGroupCommit {
  private readonly queue: Pending[] = [];
  private writing = false;

  constructor(private readonly appender: PostgresAppender) {}

  submit(request: AppendRequest): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...request, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        if (batch.length === 1) await this.alone(batch[0]!);
        else await this.together(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private take(): Pending[] {
    let count = 0;
    let events = 0;
    for (const pending of this.queue) {
      events += pending.events.length;
      if (count > 0 && events > MAX_BATCH_EVENTS) break;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private async alone(pending: Pending): Promise<void> {
    try {
      pending.resolve(this.appender.remember(pending.stream, await this.appender.appendAlone(pending)));
    } catch (error) {
      pending.reject(error);
    }
  }

  private async together(batch: Pending[]): Promise<void> {
    let planned: Planned[];
    let deferred: Pending[];
    try {
      ({ planned, deferred } = await this.plan(batch));
    } catch {
      for (const pending of batch) await this.alone(pending);
      return;
    }
    let base = 0n;
    try {
      const events = planned.flatMap((p) => p.prepared);
      if (events.length > 0) base = await insertEvents(this.appender.pool, this.appender.schema, events);
    } catch (error) {
      if (refusedByServer(error)) {
        // one statement, so nothing of the batch is written: each append finds out on its own
        for (const pending of batch) await this.alone(pending);
        return;
      }
      // the connection failed: whether it committed is unknown, so it must not be written again
      const unavailable = this.appender.translate(error);
      for (const { pending } of planned) pending.reject(unavailable);
      planned = [];
    }
    for (const { pending, prepared, end } of planned) {
      const last = prepared[prepared.length - 1]!;
      const written = { nextRevision: last.revision, position: base + BigInt(end), lastHash: last.hash };
      pending.resolve(this.appender.remember(pending.stream, written));
    }
    for (const pending of deferred) await this.alone(pending);
  }

  /** Checks and prepares every append against the heads as the batch leaves them; nothing is written. */
  private async plan(batch: Pending[]): Promise<{ planned: Planned[]; deferred: Pending[] }> {
    const toRead = new Set<string>();
    for (const { stream, options } of batch) {
      if (this.appender.knownHead(stream, options.expectedRevision) === READ_HEAD) toRead.add(stream);
    }
    const read = toRead.size > 0 ? await this.appender.readHeads(this.appender.pool, [...toRead]) : undefined;
    const inBatch = new Map<string, StreamHead>();
    const recordedAt = new Date();
    const planned: Planned[] = [];
    const deferred: Pending[] = [];
    let end = 0;
    for (const pending of batch) {
      const { stream, events, options } = pending;
      const known = this.appender.knownHead(stream, options.expectedRevision);
      const head = inBatch.has(stream)
        ? inBatch.get(stream)
        : known === READ_HEAD
          ? read?.get(stream)
          : known;
      let prepared: PreparedEvent[];
      try {
        checkExpectedRevision(stream, options.expectedRevision, head);
        prepared = prepareEvents(stream, events, head, recordedAt);
      } catch {
        deferred.push(pending);
        continue;
      }
      const last = prepared[prepared.length - 1]!;
      inBatch.set(stream, { revision: last.revision, hash: last.hash });
      end += prepared.length;
      planned.push({ pending, prepared, end });
    }
    return { planned, deferred };
  }
}

/**
 * The server answered the statement with an error, so its implicit transaction did not commit. Lost or
 * broken connections (class 08, and 57 for a server shutting down) leave that open.
 */
function refusedByServer(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57)/.test(code);
}
