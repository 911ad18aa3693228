import type { RecordedEvent } from '@app/event-store';
import type { Migration, SqlExecutor } from '@app/sql';

/**
 * How a batch stands to the head. Far behind (a rebuild, a long outage) nobody expects fresh rows yet, and a
 * projection may load in bulk; it may even hold the batch's changes in memory (`mayHold`) and answer 'held':
 * its checkpoint then stays where its written rows are, and a later batch without `mayHold` writes them all.
 */
export interface BatchContext {
  readonly farBehind: boolean;
  readonly mayHold: boolean;
  /** events in the store after this batch when it was read (0 for a batch that was not a full page) */
  readonly behind: number;
}

/**
 * A read model fed by the event stream. `apply` gets a batch in global order inside the runner's
 * transaction, together with the checkpoint, so a batch is applied wholly once or not at all. It must not
 * throw on a valid event (unknown types are ignored) and, on SQLite, await only the executor it is given.
 */
export interface Projection {
  readonly name: string;
  readonly migrations: readonly Migration[];
  /**
   * false: it reads no rows that other projections write, so they may hold rows back while it runs. Missing
   * or true: the runner lets no projection hold anything back (it would read stale rows).
   */
  readonly readsOtherReadModels?: boolean;
  apply(tx: SqlExecutor, events: readonly RecordedEvent[], context?: BatchContext): Promise<void | 'held'>;
  /** Empties the read model, for a rebuild from position zero. */
  reset(tx: SqlExecutor): Promise<void>;
  /**
   * After the batch's transaction: committed or not. Lets a projection keep an in-memory cache exact; when
   * not committed it also drops whatever it held back (the runner reads those events again).
   */
  settled?(committed: boolean): void;
  /**
   * Another process (or a bulk load) moved this projection's checkpoint: drop whatever was cached or held
   * back.
   */
  invalidate?(): void;
  /**
   * A projection whose rows follow from each event alone may offer SQL that fills it in bulk: far behind on
   * the embedded store, the runner then has it run on a thread of its own (see BulkLane) while it folds the
   * others. `events` is the name the store's events table is reachable under.
   */
  bulkLoad?(events: string): BulkLoad;
}

/** The SQL of a bulk load (SQLite; `$n` placeholders). */
export interface BulkLoad {
  /** once, before the first rows (e.g. dropping indexes that one sort builds faster afterwards) */
  readonly before: readonly string[];
  /** the rows of the events after position $1 up to $2, run once per chunk with the checkpoint */
  readonly insert: string;
  /** once, after the last rows */
  readonly after: readonly string[];
}

export const CHECKPOINT_MIGRATIONS: Migration[] = [
  {
    id: '200-projection-checkpoints',
    sql: `CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name        TEXT PRIMARY KEY,
  position    BIGINT NOT NULL,
  updated_at  TEXT NOT NULL
)`,
  },
];

export async function readCheckpoints(
  db: SqlExecutor,
  names: readonly string[],
): Promise<Map<string, bigint>> {
  const rows = await db.query<{ name: string; position: number }>(
    'SELECT name, position FROM projection_checkpoints',
  );
  const found = new Map(rows.map((r) => [r.name, BigInt(r.position)]));
  return new Map(names.map((name) => [name, found.get(name) ?? 0n]));
}

/** name, position, instant */
export const CHECKPOINT_UPSERT = `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`;

export async function writeCheckpoint(db: SqlExecutor, name: string, position: bigint): Promise<void> {
  await db.execute(CHECKPOINT_UPSERT, [name, Number(position), new Date().toISOString()]);
}
