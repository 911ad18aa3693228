import pg from 'pg';
import type { SqlDatabase, SqlExecutor } from './sql-database.js';

// BIGINT and NUMERIC come back as numbers, as SQLite gives them: read-model figures stay far below 2^53
const numeric = new Set<number>([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const readModelTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    numeric.has(oid)
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

class PostgresExecutor implements SqlExecutor {
  readonly dialect = 'postgres';
  constructor(protected readonly client: pg.Pool | pg.PoolClient) {}

  async query<T extends object>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    return (await this.client.query(text, params as unknown[])).rows as T[];
  }

  async execute(text: string, params: readonly unknown[] = []): Promise<number> {
    return (await this.client.query(text, params as unknown[])).rowCount ?? 0;
  }

  async executeEach(text: string, values: readonly unknown[], width: number): Promise<number> {
    let changes = 0;
    for (let offset = 0; offset < values.length; offset += width)
      changes += await this.execute(text, values.slice(offset, offset + width));
    return changes;
  }
}

export class PostgresDatabase extends PostgresExecutor implements SqlDatabase {
  constructor(readonly pool: pg.Pool) {
    super(pool);
  }

  static connect(connectionString: string, schema: string, poolSize = 10): PostgresDatabase {
    if (!/^[a-z_][a-z0-9_]{0,50}$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
    const pool = new pg.Pool({
      connectionString,
      max: poolSize,
      connectionTimeoutMillis: 5000,
      options: `-c search_path=${schema}`,
      types: readModelTypes,
    });
    pool.on('error', () => undefined);
    return new PostgresDatabase(pool);
  }

  static async open(connectionString: string, schema: string): Promise<PostgresDatabase> {
    const db = PostgresDatabase.connect(connectionString, schema);
    // the same lock as the event store's migration: CREATE SCHEMA IF NOT EXISTS races with itself
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`masterplan-ledger:${schema}`]);
      await tx.execute(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    });
    return db;
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(new PostgresExecutor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
