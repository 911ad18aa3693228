import type { EventStore, Position, RecordedEvent } from '@app/event-store';
import { migrate, type SqlDatabase } from '@app/sql';
import { AT_HEAD, BatchPace, type PaceOptions } from './batch-pace.js';
import { batchedSubscription } from './batched-subscription.js';
import { BulkLoadSettings } from './bulk-load-settings.js';
import { CheckpointMoved, commitBatch, resetProjections } from './checkpointed-batch.js';
import { CHECKPOINT_MIGRATIONS, readCheckpoints, type Projection } from './projection.js';

export interface RunnerStatus {
  name: string;
  position: bigint;
  lastEventAt?: Date;
}

export interface RunnerLogger {
  error(details: object, message: string): void;
}

export interface RunnerOptions extends PaceOptions {
  maxBatch?: number;
  logger?: RunnerLogger;
}

/**
 * Follows the store from the lowest checkpoint and feeds each projection the events after its own one.
 * Each batch's rows and checkpoints commit in one transaction: a crash can neither lose nor double an
 * update. A failing batch is retried with backoff, never skipped, so the read models stay exact.
 * Far behind the head, projections may hold rows back for up to `holdSpan` events (their checkpoints stay
 * with their written rows), unless one of them reads other projections' rows.
 */
export class ProjectionRunner {
  private readonly positions = new Map<string, bigint>();
  /** where each projection's checkpoint was when this runner last committed or read it */
  private readonly committed = new Map<string, bigint>();
  /** how far each projection's rows, written or held back, have got; missing: as far as its checkpoint */
  private readonly reached = new Map<string, bigint>();
  private readonly pace: BatchPace;
  private readonly bulk: BulkLoadSettings;
  private lastEventAt?: Date;
  private controller?: AbortController;
  private loop?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.pace = new BatchPace(projections, options);
    this.bulk = new BulkLoadSettings(db);
  }

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
    try {
      for await (const batch of batchedSubscription(this.store, cursor, this.maxBatch, controller.signal)) {
        await this.applyBatch(batch, cursor);
        cursor = batch[batch.length - 1]!.position;
        if (cursor >= head) {
          controller.abort(); // before leaving, so the subscription's wait for more ends at once
          break;
        }
      }
    } finally {
      await this.bulk.use(false);
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
        } finally {
          await this.bulk.use(false).catch(() => undefined);
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
    await resetProjections(this.db, chosen);
    for (const projection of chosen) {
      this.positions.set(projection.name, 0n);
      this.committed.set(projection.name, 0n);
      this.reached.delete(projection.name);
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
    for (const projection of this.projections) {
      const position = checkpoints.get(projection.name) ?? 0n;
      this.positions.set(projection.name, position);
      // reading on from the checkpoint: anything cached from elsewhere or held back beyond it is dropped
      const reached = this.reached.get(projection.name) ?? this.committed.get(projection.name);
      if (reached !== position) projection.invalidate?.();
      this.committed.set(projection.name, position);
    }
    this.reached.clear();
  }

  /** `cursor`: the position the batch follows on; a checkpoint behind it means someone reset the projection. */
  private async applyBatch(batch: readonly RecordedEvent[], cursor: bigint): Promise<void> {
    const last = batch[batch.length - 1]!;
    const context =
      batch.length < this.maxBatch ? AT_HEAD : this.pace.of(last.position, await this.store.headPosition());
    await this.bulk.use(context.farBehind);
    const progress = { committed: this.committed, reached: this.reached };
    const outcome = await commitBatch(this.db, this.projections, progress, batch, cursor, context);
    for (const projection of this.projections) {
      if ((this.positions.get(projection.name) ?? 0n) < last.position)
        this.positions.set(projection.name, last.position);
    }
    for (const name of outcome.written) this.committed.set(name, last.position);
    for (const name of [...outcome.written, ...outcome.held]) this.reached.set(name, last.position);
    this.pace.committed(context, last.position);
    this.lastEventAt = last.recordedAt;
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
