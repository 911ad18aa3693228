import type { EventStore, Position, RecordedEvent } from '@app/event-store';
import { migrate, type SqlDatabase, type SqlExecutor } from '@app/sql';
import { batchedSubscription } from './batched-subscription.js';
import { CHECKPOINT_MIGRATIONS, readCheckpoints, writeCheckpoint, type Projection } from './projection.js';

export interface RunnerStatus {
  name: string;
  position: bigint;
  lastEventAt?: Date;
}

export interface RunnerLogger {
  error(details: object, message: string): void;
}

/**
 * Follows the store from the lowest checkpoint and feeds each projection the events after its own one.
 * Each batch's rows and checkpoints commit in one transaction: a crash can neither lose nor double an
 * update. A failing batch is retried with backoff, never skipped, so the read models stay exact.
 */
export class ProjectionRunner {
  private readonly positions = new Map<string, bigint>();
  /** where this runner's own last commit left each projection (not what it loaded from the table) */
  private readonly committed = new Map<string, bigint>();
  private lastEventAt?: Date;
  private controller?: AbortController;
  private loop?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly projections: readonly Projection[],
    private readonly options: { maxBatch?: number; logger?: RunnerLogger } = {},
  ) {}

  async migrate(): Promise<void> {
    await migrate(this.db, [...CHECKPOINT_MIGRATIONS, ...this.projections.flatMap((p) => p.migrations)]);
  }

  /** Catches up to the store's head now, then returns (CLI rebuilds, tests). */
  async catchUp(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.catchUpOnce();
        return;
      } catch (error) {
        if (!(error instanceof CheckpointMoved) || attempt >= 5) throw error;
      }
    }
  }

  private async catchUpOnce(): Promise<void> {
    const head = await this.store.headPosition();
    await this.loadCheckpoints();
    if (this.lowest() >= head) return;
    const controller = new AbortController();
    let cursor = this.lowest();
    for await (const batch of batchedSubscription(this.store, cursor, this.maxBatch, controller.signal)) {
      await this.applyBatch(batch, cursor);
      cursor = batch[batch.length - 1]!.position;
      if (cursor >= head) {
        controller.abort(); // before leaving, so the subscription's wait for more ends at once
        break;
      }
    }
  }

  /** Runs until stop(): catch-up, then live. */
  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loop = (async () => {
      for (let attempt = 0; !signal.aborted; attempt++) {
        try {
          await this.loadCheckpoints();
          let cursor = this.lowest();
          for await (const batch of batchedSubscription(this.store, cursor, this.maxBatch, signal)) {
            await this.applyBatch(batch, cursor);
            cursor = batch[batch.length - 1]!.position;
            attempt = 0;
          }
        } catch (error) {
          this.options.logger?.error({ err: error, attempt }, 'projection batch failed; retrying');
          await sleep(Math.min(30_000, 200 * 2 ** attempt), signal);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = undefined;
  }

  /** Empties one projection (or all) and sets its checkpoint to zero, in one transaction. */
  async reset(names?: readonly string[]): Promise<void> {
    const chosen = this.projections.filter((p) => !names || names.includes(p.name));
    await this.db.transaction(async (tx) => {
      for (const projection of chosen) {
        await projection.reset(tx);
        await writeCheckpoint(tx, projection.name, 0n);
      }
    });
    for (const projection of chosen) {
      this.positions.set(projection.name, 0n);
      this.committed.set(projection.name, 0n);
    }
  }

  status(): RunnerStatus[] {
    return this.projections.map((p) => ({
      name: p.name,
      position: this.positions.get(p.name) ?? 0n,
      lastEventAt: this.lastEventAt,
    }));
  }

  /** The position every projection has reached. */
  lowest(): Position {
    let lowest: bigint | undefined;
    for (const p of this.projections) {
      const position = this.positions.get(p.name) ?? 0n;
      if (lowest === undefined || position < lowest) lowest = position;
    }
    return lowest ?? 0n;
  }

  private get maxBatch(): number {
    return this.options.maxBatch ?? 1000;
  }

  private async loadCheckpoints(): Promise<void> {
    const checkpoints = await readCheckpoints(
      this.db,
      this.projections.map((p) => p.name),
    );
    for (const [name, position] of checkpoints) this.positions.set(name, position);
  }

  /** `cursor`: the position the batch follows on; a checkpoint behind it means someone reset the projection. */
  private async applyBatch(batch: readonly RecordedEvent[], cursor: bigint): Promise<void> {
    const last = batch[batch.length - 1]!;
    let written: string[] | undefined;
    try {
      written = await this.db.transaction((tx) => this.applyInTransaction(tx, batch, last, cursor));
    } finally {
      for (const projection of this.projections) projection.settled?.(written !== undefined);
    }
    for (const projection of this.projections) {
      if ((this.positions.get(projection.name) ?? 0n) < last.position)
        this.positions.set(projection.name, last.position);
    }
    for (const name of written ?? []) this.committed.set(name, last.position);
    this.lastEventAt = last.recordedAt;
  }

  /** Answers the projections it wrote. */
  private async applyInTransaction(
    tx: SqlExecutor,
    batch: readonly RecordedEvent[],
    last: RecordedEvent,
    cursor: bigint,
  ): Promise<string[]> {
    const written: string[] = [];
    // one batch at a time across processes; then re-read: another process may have moved a checkpoint
    if (tx.dialect === 'postgres')
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('masterplan-ledger:projections'))");
    const checkpoints = await readCheckpoints(
      tx,
      this.projections.map((p) => p.name),
    );
    for (const projection of this.projections) {
      const from = checkpoints.get(projection.name) ?? 0n;
      // someone else applied batches (or reset) since this runner last committed: its caches may be stale
      if (from !== this.committed.get(projection.name)) projection.invalidate?.();
      // reset behind our reading position: applying this batch would jump over the events in between
      if (from < cursor) throw new CheckpointMoved(projection.name, from, cursor);
      const fresh = from < last.position ? batch.filter((e) => e.position > from) : [];
      if (fresh.length === 0) continue;
      await projection.apply(tx, fresh);
      await writeCheckpoint(tx, projection.name, last.position);
      written.push(projection.name);
    }
    return written;
  }
}

/** A checkpoint was set back by another process (a rebuild): reload the checkpoints and read again. */
class CheckpointMoved extends Error {
  constructor(name: string, checkpoint: bigint, cursor: bigint) {
    super(
      `projection ${name} was set back to ${checkpoint} while this runner read after ${cursor}; starting over`,
    );
    this.name = 'CheckpointMoved';
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
