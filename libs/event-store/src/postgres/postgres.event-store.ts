import pg from 'pg';
import { validateBatch } from '../append-plan.js';
import { catchUpSubscription } from '../catch-up-subscription.js';
import { ChangeNotifier } from '../change-notifier.js';
import { ConcurrencyError } from '../errors.js';
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
import { translatePostgresError } from './postgres-errors.js';
import { PostgresListener } from './postgres-listener.js';
import { PAGE, readStreamPages, toRecordedEvent } from './postgres-reads.js';
import { PostgresAppender, type AppendRequest, type Queryable } from './postgres-appender.js';
import { PostgresGroupCommit } from './postgres-group-commit.js';
import { notifyChannel, POSTGRES_COLUMNS, postgresSchema, type PostgresEventRow } from './postgres.schema.js';

export interface PostgresEventStoreOptions {
  connectionString: string;
  schema?: string;
  poolSize?: number;
  pollIntervalMs?: number;
}

/**
 * The PostgreSQL store. An append is at most two short statements: the stream head (skipped when this
 * process knows it) and one INSERT that also takes the next positions from the counter row; the counter's
 * row lock makes appends commit in position order, so readers that read "after position P" never skip a
 * late commit. Appends that arrive while one is being written are written together (PostgresGroupCommit).
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  readonly pool: pg.Pool;
  readonly schema: string;
  private readonly notifier = new ChangeNotifier();
  private readonly listener: PostgresListener;
  private readonly appender: PostgresAppender;
  private readonly group: PostgresGroupCommit;
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
    this.appender = new PostgresAppender(this.pool, this.schema, translatePostgresError);
    this.group = new PostgresGroupCommit(this.appender);
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

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    try {
      validateBatch(stream, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.appendThroughGroup({ stream, events, options });
  }

  private async appendThroughGroup(request: AppendRequest): Promise<AppendResult> {
    try {
      return await this.group.submit(request);
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || request.options.expectedRevision !== 'any') throw error;
    }
    // 'any' met a writer between reading the head and inserting: queue behind the stream's other writers
    for (let attempt = 1; ; attempt++) {
      try {
        return this.appender.remember(request.stream, await this.appender.appendLocked(request));
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= 10) throw error;
      }
    }
  }

  /**
   * The append on a connection the caller owns, inside the caller's transaction if it opened one. The
   * head cache is left alone: the caller may still roll back.
   */
  appendUsing(
    db: Queryable,
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult & { lastHash: string }> {
    try {
      validateBatch(stream, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.appender.appendUsing(db, { stream, events, options });
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncGenerator<RecordedEvent> {
    return readStreamPages(
      (text, values) => this.query<PostgresEventRow>(this.pool, text, values),
      stream,
      options,
    );
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
      throw translatePostgresError(error);
    }
  }

  private async query<R extends pg.QueryResultRow>(db: Queryable, text: string, values: unknown[]) {
    try {
      return await db.query<R>(text, values);
    } catch (error) {
      throw translatePostgresError(error);
    }
  }
}
