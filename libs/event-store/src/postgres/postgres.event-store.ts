import pg from 'pg';
import {
  checkExpectedRevision,
  prepareEvents,
  resolveRetry,
  validateBatch,
  type PreparedEvent,
} from '../append-plan.js';
import { catchUpSubscription } from '../catch-up-subscription.js';
import { ChangeNotifier } from '../change-notifier.js';
import { ConcurrencyError, EventStoreUnavailableError, InvalidEventError } from '../errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamHead,
  SubscribeOptions,
} from '../event-store.port.js';
import { PostgresListener } from './postgres-listener.js';
import {
  INSERT_EVENTS,
  notifyChannel,
  POSTGRES_COLUMNS,
  postgresSchema,
  type PostgresEventRow,
} from './postgres.schema.js';
import { StreamHeadCache } from './stream-head-cache.js';

export interface PostgresEventStoreOptions {
  connectionString: string;
  schema?: string;
  poolSize?: number;
  pollIntervalMs?: number;
}

type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, 'query'>;

const PAGE = 500;
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

/**
 * The PostgreSQL store. An append is two short statements: the stream head (skipped when this process
 * knows it) and one INSERT that also takes the next positions from the counter row; the counter's row
 * lock makes appends commit in position order, so readers that read "after position P" never skip a late
 * commit. A unique violation means a concurrent writer or a retry; the retry answers as the first append.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  readonly pool: pg.Pool;
  readonly schema: string;
  private readonly notifier = new ChangeNotifier();
  private readonly listener: PostgresListener;
  private readonly heads = new StreamHeadCache(10_000);
  private readonly pollIntervalMs: number;

  private constructor(options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'ledger';
    if (!/^[a-z_][a-z0-9_]{0,50}$/.test(this.schema)) throw new Error(`invalid schema name: ${this.schema}`);
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      // the append statement's generic plan is as good as a custom one: plan it once, not on every append
      options: `-c search_path=${this.schema} -c plan_cache_mode=force_generic_plan`,
    });
    this.pool.on('error', () => undefined); // an idle client dropped: the next query gets a fresh one
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.listener = new PostgresListener(options.connectionString, notifyChannel(this.schema), this.notifier);
  }

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`masterplan-ledger:${this.schema}`]);
      await client.query(postgresSchema(this.schema));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async append(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    validateBatch(stream, events);
    try {
      return this.remember(stream, await this.appendUsing(this.pool, stream, events, options));
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || options.expectedRevision !== 'any') throw error;
    }
    // 'any' met a writer between reading the head and inserting: queue behind the stream's other writers
    for (let attempt = 1; ; attempt++) {
      try {
        return this.remember(stream, await this.appendLocked(stream, events, options));
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= 10) throw error;
      }
    }
  }

  private remember(stream: string, result: AppendResult & { lastHash: string }): AppendResult {
    this.heads.set(stream, { revision: result.nextRevision, hash: result.lastHash });
    return { nextRevision: result.nextRevision, position: result.position };
  }

  private async appendLocked(stream: string, events: readonly EventToAppend[], options: AppendOptions) {
    const client = await this.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`stream:${this.schema}:${stream}`]);
      this.heads.delete(stream);
      const result = await this.appendUsing(client, stream, events, options);
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
   * The append on a connection the caller owns, inside the caller's transaction if it opened one. The
   * head cache is left alone: the caller may still roll back.
   */
  async appendUsing(
    db: Queryable,
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult & { lastHash: string }> {
    validateBatch(stream, events);
    const head = await this.headFor(db, stream, options);
    let conflict: unknown;
    try {
      checkExpectedRevision(stream, options.expectedRevision, head);
      return await this.insert(db, stream, prepareEvents(stream, events, head, new Date()));
    } catch (error) {
      if (!(error instanceof ConcurrencyError) && (error as { code?: string }).code !== '23505') {
        throw this.translate(error);
      }
      conflict = error;
    }
    this.heads.delete(stream);
    // inside the caller's transaction a unique violation has aborted it: nothing more can be read there
    if (db !== this.pool)
      throw conflict instanceof ConcurrencyError ? conflict : this.conflict(stream, options);
    const retried = await this.findRetry(stream, events, options);
    if (retried) return retried;
    const fresh = await this.headFor(this.pool, stream, { expectedRevision: 'any' });
    throw new ConcurrencyError(stream, options.expectedRevision, fresh?.revision ?? 'no_stream');
  }

  private async insert(db: Queryable, stream: string, prepared: PreparedEvent[]) {
    const { rows } = await db.query<{ position: string }>({
      name: `append-${this.schema}`,
      text: INSERT_EVENTS,
      values: [
        prepared.length,
        stream,
        prepared[0]!.recordedAt,
        prepared.map((e) => e.id),
        prepared.map((e) => e.revision.toString()),
        prepared.map((e) => e.type),
        prepared.map((e) => e.schemaVersion),
        prepared.map((e) => e.dataJson),
        prepared.map((e) => e.metadataJson),
        prepared.map((e) => e.prevHash),
        prepared.map((e) => e.hash),
      ],
    });
    const position = rows.reduce((max, row) => (BigInt(row.position) > max ? BigInt(row.position) : max), 0n);
    const last = prepared[prepared.length - 1]!;
    return { nextRevision: last.revision, position, lastHash: last.hash };
  }

  /** A retry of an append that already succeeded answers as that append did. */
  private async findRetry(stream: string, events: readonly EventToAppend[], options: AppendOptions) {
    const ids = events.map((e) => e.id).filter((id): id is string => id !== undefined);
    if (ids.length === 0) return undefined;
    const { rows } = await this.query<{
      id: string;
      stream_id: string;
      revision: string;
      position: string;
      hash: string;
    }>(this.pool, 'SELECT id, stream_id, revision, position, hash FROM events WHERE id = ANY($1::text[])', [
      ids,
    ]);
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

  private conflict(stream: string, options: AppendOptions): ConcurrencyError {
    return new ConcurrencyError(stream, options.expectedRevision, 'no_stream');
  }

  private async headFor(
    db: Queryable,
    stream: string,
    options: AppendOptions,
  ): Promise<StreamHead | undefined> {
    const cached = this.heads.get(stream);
    const expected = options.expectedRevision;
    // a cached head is never ahead of the truth, so it may answer "that matches" or "you are stale"
    if (cached && typeof expected === 'bigint' && cached.revision >= expected) return cached;
    if (cached && expected === 'no_stream') return cached;
    // a new stream has no head to read: the (stream_id, revision) key reports a stream that exists after all
    if (expected === 'no_stream') return undefined;
    const { rows } = await this.query<{ revision: string; hash: string }>(
      db,
      'SELECT revision, hash FROM events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1',
      [stream],
    );
    const row = rows[0];
    return row ? { revision: BigInt(row.revision), hash: row.hash } : undefined;
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncGenerator<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const max = 9_223_372_036_854_775_807n;
    let low = backwards ? (options.toRevision ?? 0n) : (options.fromRevision ?? 0n);
    let high = backwards ? (options.fromRevision ?? max) : (options.toRevision ?? max);
    const until = options.until ?? new Date('9999-12-31T23:59:59.999Z');
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const { rows } = await this.query<PostgresEventRow>(
        this.pool,
        `SELECT ${POSTGRES_COLUMNS} FROM events
          WHERE stream_id = $1 AND revision BETWEEN $2 AND $3 AND recorded_at <= $4
          ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $5`,
        [stream, low.toString(), high.toString(), until, Math.min(PAGE, remaining)],
      );
      for (const row of rows) yield toRecordedEvent(row);
      remaining -= rows.length;
      const last = rows[rows.length - 1];
      if (rows.length < PAGE || !last) return;
      if (backwards) high = BigInt(last.revision) - 1n;
      else low = BigInt(last.revision) + 1n;
    }
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const { rows } = await this.query<PostgresEventRow>(
      this.pool,
      `SELECT ${POSTGRES_COLUMNS} FROM events WHERE position > $1 ORDER BY position LIMIT $2`,
      [(options.after ?? 0n).toString(), options.limit],
    );
    return rows.map(toRecordedEvent);
  }

  subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent> {
    this.listener.ensureStarted();
    const source = {
      readPage: (after: Position, limit: number) => this.readAll({ after, limit }),
      notifier: this.notifier,
      pollIntervalMs: this.pollIntervalMs,
      pageSize: PAGE,
    };
    return catchUpSubscription(source, options.after, options.signal);
  }

  async headPosition(): Promise<Position> {
    const { rows } = await this.query<{ last: string }>(this.pool, 'SELECT last FROM event_position', []);
    return BigInt(rows[0]?.last ?? 0);
  }

  async ping(): Promise<void> {
    await this.query(this.pool, 'SELECT 1', []);
  }

  async close(): Promise<void> {
    this.notifier.notify();
    await this.listener.stop();
    await this.pool.end();
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw this.translate(error);
    }
  }

  private async query<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[]) {
    try {
      return await db.query<R>(text, values);
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): unknown {
    const code = (error as { code?: string }).code;
    if (code === '22P05' || code === '22P02')
      return new InvalidEventError(`event cannot be stored: ${String(error)}`);
    const message = error instanceof Error ? error.message : String(error);
    if ((code && UNAVAILABLE_CODES.has(code)) || /timeout|terminat|connect/i.test(message)) {
      return new EventStoreUnavailableError(`PostgreSQL is not reachable: ${message}`, { cause: error });
    }
    return error;
  }
}

function toRecordedEvent(row: PostgresEventRow): RecordedEvent {
  return {
    id: row.id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
