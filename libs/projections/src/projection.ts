import type { RecordedEvent } from '@app/event-store';
import type { Migration, SqlExecutor } from '@app/sql';

/**
 * A read model fed by the event stream. `apply` gets a batch in global order inside the runner's
 * transaction, together with the checkpoint, so a batch is applied wholly once or not at all. It must not
 * throw on a valid event (unknown types are ignored) and, on SQLite, await only the executor it is given.
 */
export interface Projection {
  readonly name: string;
  readonly migrations: readonly Migration[];
  apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void>;
  /** Empties the read model, for a rebuild from position zero. */
  reset(tx: SqlExecutor): Promise<void>;
  /** After the batch's transaction: committed or not. Lets a projection keep an in-memory cache exact. */
  settled?(committed: boolean): void;
  /** Another process moved this projection's checkpoint: drop whatever was cached. */
  invalidate?(): void;
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

export async function writeCheckpoint(db: SqlExecutor, name: string, position: bigint): Promise<void> {
  await db.execute(
    `INSERT INTO projection_checkpoints (name, position, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    [name, Number(position), new Date().toISOString()],
  );
}
