/**
 * The read-model database: the embedded SQLite file or PostgreSQL. SQL is written once with `$1, $2…`
 * placeholders and portable types; each adapter runs it natively.
 */
export interface SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  query<T extends object>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a statement and answers the number of rows it changed. */
  execute(text: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs a statement of `width` parameters once per `width` values laid end to end in `values`, and answers
   * the rows changed. On SQLite this is the cheap way to write many rows (one prepared statement stepped
   * per row, nothing to parse or round-trip); on PostgreSQL it is one round trip per row, so writers of
   * many rows there build multi-row statements instead (see insertFlatRows).
   */
  executeEach(text: string, values: readonly unknown[], width: number): Promise<number>;
}

/**
 * SQLite has one write lock per file, and BEGIN IMMEDIATE holds it from the start. A transaction that reads
 * and computes a while before it writes may ask to take it only at its first write instead: reads before
 * that run outside any transaction, so `begun` runs first inside it, to check that what they saw still holds
 * (throwing rolls back), and `beforeBegin` just before the lock is taken. PostgreSQL begins at once.
 */
export interface LateBegin {
  beforeBegin?(): Promise<void>;
  begun?(tx: SqlExecutor): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  /**
   * Runs `work` in one transaction. On SQLite the connection is shared, so `work` must await only the
   * executor it is given (never a timer or other I/O): then the transaction finishes within one turn of
   * the event loop and nothing else can run inside it.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, late?: LateBegin): Promise<T>;
  close(): Promise<void>;
}

export interface Migration {
  /** Stable, ordered name such as `001-tenancy`. */
  id: string;
  /** Portable SQL (TEXT, INTEGER, BIGINT, REAL; timestamps as ISO text); per dialect where it must differ. */
  sql: string | { sqlite: string; postgres: string };
}

/**
 * Applies the migrations not yet recorded, in id order, all in one transaction; on PostgreSQL under an
 * advisory lock, so replicas starting together apply each migration once.
 */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[]): Promise<string[]> {
  return db.transaction(async (tx) => {
    if (tx.dialect === 'postgres')
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('masterplan-ledger:migrate'))");
    await tx.execute(
      'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((r) => r.id),
    );
    const applied: string[] = [];
    for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
      if (done.has(migration.id)) continue;
      const sql = typeof migration.sql === 'string' ? migration.sql : migration.sql[tx.dialect];
      for (const statement of splitStatements(sql)) await tx.execute(statement);
      await tx.execute('INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)', [
        migration.id,
        new Date().toISOString(),
      ]);
      applied.push(migration.id);
    }
    return applied;
  });
}

function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
