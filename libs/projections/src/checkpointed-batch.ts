import type { RecordedEvent } from '@app/event-store';
import type { SqlDatabase, SqlExecutor } from '@app/sql';
import { readCheckpoints, writeCheckpoint, type BatchContext, type Projection } from './projection.js';

/** The runner's own record of where each projection is (see ProjectionRunner's fields of the same names). */
export interface RunnerProgress {
  readonly committed: ReadonlyMap<string, bigint>;
  readonly reached: Map<string, bigint>;
}

/** The projections that wrote their rows (and checkpoint) and those that held them back. */
export interface BatchOutcome {
  written: string[];
  held: string[];
}

/**
 * Applies one batch in one read-model transaction, so that rows and checkpoints commit together, then tells
 * the projections whether it committed. `cursor`: the position the batch follows on. On SQLite the write
 * lock is taken only at the batch's first write (LateBegin), after the projections have folded it: a bulk
 * load on another thread (BulkLane) writes meanwhile. The checkpoints read before are read again under the
 * lock, and a batch whose checkpoints moved in between is rolled back (CheckpointMoved), as before.
 * `beforeWrite` runs just before the lock is taken.
 */
export async function commitBatch(
  db: SqlDatabase,
  projections: readonly Projection[],
  progress: RunnerProgress,
  batch: readonly RecordedEvent[],
  cursor: bigint,
  context: BatchContext,
  beforeWrite?: () => Promise<void>,
): Promise<BatchOutcome> {
  const last = batch[batch.length - 1]!;
  const settle = (committed: boolean) => {
    for (const projection of projections) projection.settled?.(committed);
    // not committed: what was held back is dropped too, and read again from the checkpoints
    if (!committed) progress.reached.clear();
  };
  const names = projections.map((p) => p.name);
  let seen: ReadonlyMap<string, bigint> | undefined;
  const unmoved = async (tx: SqlExecutor) => {
    const now = await readCheckpoints(tx, names);
    for (const [name, position] of seen ?? []) {
      const current = now.get(name) ?? 0n;
      if (current !== position) throw new CheckpointMoved(name, current, position);
    }
  };
  const read = (checkpoints: ReadonlyMap<string, bigint>) => void (seen = checkpoints);
  return db
    .transaction((tx) => applyInTransaction(tx, projections, progress, batch, last, cursor, context, read), {
      beforeBegin: beforeWrite,
      begun: unmoved,
    })
    .then(
      (done) => {
        settle(true);
        return done;
      },
      (error: unknown) => {
        settle(false);
        throw error;
      },
    );
}

/** Empties the projections and sets their checkpoints to zero, in one transaction. */
export async function resetProjections(db: SqlDatabase, chosen: readonly Projection[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const projection of chosen) {
      await projection.reset(tx);
      await writeCheckpoint(tx, projection.name, 0n);
    }
  });
}

/** Answers the projections that wrote their rows (and checkpoint) and those that held them back. */
async function applyInTransaction(
  tx: SqlExecutor,
  projections: readonly Projection[],
  progress: RunnerProgress,
  batch: readonly RecordedEvent[],
  last: RecordedEvent,
  cursor: bigint,
  context: BatchContext,
  read: (checkpoints: ReadonlyMap<string, bigint>) => void,
): Promise<BatchOutcome> {
  const written: string[] = [];
  const held: string[] = [];
  // one batch at a time across processes; then re-read: another process may have moved a checkpoint
  if (tx.dialect === 'postgres')
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('masterplan-ledger:projections'))");
  const checkpoints = await readCheckpoints(
    tx,
    projections.map((p) => p.name),
  );
  read(checkpoints);
  for (const projection of projections) {
    const from = checkpoints.get(projection.name) ?? 0n;
    // someone else applied batches (or reset) since this runner last committed: its caches may be stale,
    // and what it held back is gone
    if (from !== progress.committed.get(projection.name)) {
      projection.invalidate?.();
      progress.reached.delete(projection.name);
    }
    const reached = progress.reached.get(projection.name) ?? from;
    // reset behind our reading position: applying this batch would jump over the events in between
    if (reached < cursor) throw new CheckpointMoved(projection.name, reached, cursor);
    const fresh = reached < last.position ? batch.filter((e) => e.position > reached) : [];
    if (fresh.length === 0) continue;
    if ((await projection.apply(tx, fresh, context)) === 'held') {
      if (!context.mayHold) throw new Error(`projection ${projection.name} held rows back unasked`);
      held.push(projection.name);
      continue;
    }
    await writeCheckpoint(tx, projection.name, last.position);
    written.push(projection.name);
  }
  return { written, held };
}

/** A checkpoint was set back by another process (a rebuild): reload the checkpoints and read again. */
export class CheckpointMoved extends Error {
  constructor(name: string, checkpoint: bigint, cursor: bigint) {
    super(
      `projection ${name} was set back to ${checkpoint} while this runner read after ${cursor}; starting over`,
    );
    this.name = 'CheckpointMoved';
  }
}
