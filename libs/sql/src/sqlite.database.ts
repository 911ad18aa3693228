import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { LateBegin, SqlDatabase, SqlExecutor } from './sql-database.js';

type Statement = Database.Statement<unknown[], unknown>;

interface Prepared {
  statement: Statement;
  /** For each `?` in the rewritten SQL, which `$n` it was (0-based), so one text serves both dialects. */
  order: number[];
}

function toSqlite(text: string): { sql: string; order: number[] } {
  const order: number[] = [];
  const sql = text.replace(/\$(\d+)/g, (_, n: string) => {
    order.push(Number(n) - 1);
    return '?';
  });
  return { sql, order };
}

/** The values for the statement's `?`s, from `params[offset + n]` for each `$n + 1`, as SQLite takes them. */
function bind(prepared: Prepared, params: readonly unknown[], offset = 0): unknown[] {
  return prepared.order.map((i) => {
    const p = params[offset + i];
    return typeof p === 'boolean'
      ? Number(p)
      : p instanceof Date
        ? p.toISOString()
        : typeof p === 'bigint'
          ? Number(p)
          : p;
  });
}

export class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite';
  readonly db: Database.Database;
  private readonly statements = new Map<string, Prepared>();
  private inTransaction = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
  }

  /** Outside a transaction; waits for a running transaction so that it never runs inside it. */
  async query<T extends object>(text: string, params: readonly unknown[] = []): Promise<T[]> {
    if (this.inTransaction) await this.queue;
    return this.direct.query<T>(text, params);
  }

  async execute(text: string, params: readonly unknown[] = []): Promise<number> {
    if (this.inTransaction) await this.queue;
    return this.direct.execute(text, params);
  }

  async executeEach(text: string, values: readonly unknown[], width: number): Promise<number> {
    if (this.inTransaction) await this.queue;
    return this.direct.executeEach(text, values, width);
  }

  /** Runs on the connection as it is: the executor a transaction's work is given. */
  private readonly direct: SqlExecutor = {
    dialect: 'sqlite',
    query: async <T extends object>(text: string, params: readonly unknown[] = []) => {
      const prepared = this.prepare(text);
      return prepared.statement.all(...bind(prepared, params)) as T[];
    },
    execute: async (text: string, params: readonly unknown[] = []) => {
      if (params.length === 0 && !/\$\d/.test(text)) {
        this.db.exec(text);
        return 0;
      }
      const prepared = this.prepare(text);
      return prepared.statement.run(...bind(prepared, params)).changes;
    },
    executeEach: async (text: string, values: readonly unknown[], width: number) => {
      const prepared = this.prepare(text);
      let changes = 0;
      for (let offset = 0; offset < values.length; offset += width)
        changes += prepared.statement.run(...bind(prepared, values, offset)).changes;
      return changes;
    },
  };

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, late?: LateBegin): Promise<T> {
    // transactions queue behind each other; see SqlDatabase.transaction for why work must stay on tx
    const run = this.queue.then(() => this.runTransaction(work, late));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    this.db.close();
  }

  private async runTransaction<T>(work: (tx: SqlExecutor) => Promise<T>, late?: LateBegin): Promise<T> {
    if (this.inTransaction) throw new Error('nested transactions are not supported');
    this.inTransaction = true;
    let begun = false;
    const begin = async () => {
      await late?.beforeBegin?.();
      this.db.exec('BEGIN IMMEDIATE');
      begun = true;
      await late?.begun?.(this.direct);
    };
    const tx: SqlExecutor = !late
      ? this.direct
      : {
          dialect: 'sqlite',
          query: (text, params) => this.direct.query(text, params),
          execute: async (text, params) => {
            if (!begun) await begin();
            return this.direct.execute(text, params);
          },
          executeEach: async (text, values, width) => {
            if (!begun) await begin();
            return this.direct.executeEach(text, values, width);
          },
        };
    try {
      if (!late) await begin();
      const result = await work(tx);
      if (begun) this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.inTransaction = false;
    }
  }

  private prepare(text: string): Prepared {
    let prepared = this.statements.get(text);
    if (!prepared) {
      const { sql, order } = toSqlite(text);
      prepared = { statement: this.db.prepare(sql), order };
      this.statements.set(text, prepared);
    }
    return prepared;
  }
}
