import type pg from 'pg';
import { checkExpectedRevision, prepareEvents, resolveRetry, type PreparedEvent } from '../append-plan.js';
import { ConcurrencyError } from '../errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventToAppend,
  ExpectedRevision,
  StreamHead,
} from '../event-store.port.js';
import { insertEvent, insertEvents } from './postgres-insert.js';
import { SELECT_HEADS } from './postgres.schema.js';
import { StreamHeadCache } from '../stream-head-cache.js';

export type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, 'query'>;

export interface AppendRequest {
  stream: string;
  events: readonly EventToAppend[];
  options: AppendOptions;
}

export type Written = AppendResult & { lastHash: string };

/** knownHead's answer when only the database knows the head. */
export const READ_HEAD = Symbol('read the head');

const isConflict = (error: unknown) =>
  error instanceof ConcurrencyError || (error as { code?: string }).code === '23505';

/**
 * How the PostgreSQL store writes: the head (from the cache when it can answer), the expected revision,
 * the hash chain, and one INSERT that takes the positions from the counter row. The store's appends come
 * here through PostgresGroupCommit; appendUsing writes in a transaction the caller owns.
 */
export class PostgresAppender {
  readonly heads = new StreamHeadCache(10_000);

  constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
    readonly translate: (error: unknown) => unknown,
  ) {}

  remember(stream: string, written: Written): AppendResult {
    this.heads.set(stream, { revision: written.nextRevision, hash: written.lastHash });
    return { nextRevision: written.nextRevision, position: written.position };
  }

  /** For 'any' after a conflict: the append waits for the stream's other writers, then reads the head. */
  async appendLocked(request: AppendRequest): Promise<Written> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.translate(error);
    }
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `stream:${this.schema}:${request.stream}`,
      ]);
      this.heads.delete(request.stream);
      const result = await this.appendUsing(client, request);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.translate(error);
    } finally {
      client.release();
    }
  }

  /**
   * One append on a connection the caller owns, inside the caller's transaction if it opened one. The head
   * cache is left alone: the caller may still roll back.
   */
  async appendUsing(db: Queryable, { stream, events, options }: AppendRequest): Promise<Written> {
    if (db === this.pool) return this.appendAlone({ stream, events, options });
    try {
      const known = this.knownHead(stream, options.expectedRevision);
      const head = known === READ_HEAD ? await this.readHead(db, stream) : known;
      checkExpectedRevision(stream, options.expectedRevision, head);
      return await this.insert(db, prepareEvents(stream, events, head, new Date()));
    } catch (error) {
      if (!isConflict(error)) throw this.translate(error);
      this.heads.delete(stream);
      // a unique violation has aborted the caller's transaction: nothing more can be read there
      throw error instanceof ConcurrencyError
        ? error
        : new ConcurrencyError(stream, options.expectedRevision, 'no_stream');
    }
  }

  /** One append in its own statement on the pool; a conflict may be a retry of an append that went through. */
  async appendAlone({ stream, events, options }: AppendRequest): Promise<Written> {
    try {
      const known = this.knownHead(stream, options.expectedRevision);
      const head = known === READ_HEAD ? await this.readHead(this.pool, stream) : known;
      checkExpectedRevision(stream, options.expectedRevision, head);
      return await this.insert(this.pool, prepareEvents(stream, events, head, new Date()));
    } catch (error) {
      if (!isConflict(error)) throw this.translate(error);
    }
    this.heads.delete(stream);
    const retried = await this.findRetry(stream, events, options);
    if (retried) return retried;
    const fresh = await this.readHead(this.pool, stream);
    throw new ConcurrencyError(stream, options.expectedRevision, fresh?.revision ?? 'no_stream');
  }

  /**
   * The head when the cache or the expected revision settle it without a read. A cached head is never
   * ahead of the truth, so it may answer "that matches" or "you are stale"; a new stream has no head to
   * read, and the (stream_id, revision) key reports a stream that exists after all.
   */
  knownHead(stream: string, expected: ExpectedRevision): StreamHead | undefined | typeof READ_HEAD {
    const cached = this.heads.get(stream);
    if (cached && typeof expected === 'bigint' && cached.revision >= expected) return cached;
    if (expected === 'no_stream') return cached;
    return READ_HEAD;
  }

  /** Writes the events in one statement; the one-event statement is the common case, prepared apart. */
  async insert(db: Queryable, prepared: PreparedEvent[]): Promise<Written> {
    const last = prepared[prepared.length - 1]!;
    if (prepared.length > 1) {
      const base = await insertEvents(db, this.schema, prepared);
      return { nextRevision: last.revision, position: base + BigInt(prepared.length), lastHash: last.hash };
    }
    const position = await insertEvent(db, this.schema, last);
    return { nextRevision: last.revision, position, lastHash: last.hash };
  }

  async readHead(db: Queryable, stream: string): Promise<StreamHead | undefined> {
    try {
      const { rows } = await db.query<{ revision: string; hash: string }>({
        name: `head-${this.schema}`,
        text: 'SELECT revision, hash FROM events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1',
        values: [stream],
      });
      const row = rows[0];
      return row ? { revision: BigInt(row.revision), hash: row.hash } : undefined;
    } catch (error) {
      throw this.translate(error);
    }
  }

  async readHeads(db: Queryable, streams: string[]): Promise<Map<string, StreamHead>> {
    try {
      const { rows } = await db.query<{ stream_id: string; revision: string; hash: string }>({
        name: `heads-${this.schema}`,
        text: SELECT_HEADS,
        values: [streams],
      });
      return new Map(rows.map((r) => [r.stream_id, { revision: BigInt(r.revision), hash: r.hash }]));
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** A retry of an append that already succeeded answers as that append did. */
  private async findRetry(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<Written | undefined> {
    const ids = events.map((e) => e.id).filter((id): id is string => id !== undefined);
    if (ids.length === 0) return undefined;
    let rows: Array<{ id: string; stream_id: string; revision: string; position: string; hash: string }>;
    try {
      ({ rows } = await this.pool.query(
        'SELECT id, stream_id, revision, position, hash FROM events WHERE id = ANY($1::text[])',
        [ids],
      ));
    } catch (error) {
      throw this.translate(error);
    }
    const stored = rows.map((r) => ({
      id: r.id,
      streamId: r.stream_id,
      revision: BigInt(r.revision),
      position: BigInt(r.position),
    }));
    const retried = resolveRetry(stream, options.expectedRevision, ids, stored);
    if (!retried) return undefined;
    const lastHash = rows.find((r) => BigInt(r.revision) === retried.nextRevision)?.hash ?? '';
    return { ...retried, lastHash };
  }
}
