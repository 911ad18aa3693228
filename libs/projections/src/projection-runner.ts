import { setTimeout as delay } from 'node:timers/promises';
import type { EventStore, Position, RecordedEvent } from '@app/event-store';
import { migrate, type SqlDatabase } from '@app/sql';
import { batchedSubscription } from './batched-subscription.js';
import { BulkLane, BulkLoadFailed, embeddedFiles } from './bulk-lane.js';
import { CheckpointMoved, resetProjections } from './checkpointed-batch.js';
import { CHECKPOINT_MIGRATIONS, readCheckpoints, type Projection } from './projection.js';
import type { RunnerOptions, RunnerStatus } from './runner-options.js';
import { RunnerBatches } from './runner-batches.js';
import { RunnerPositions } from './runner-positions.js';

export type { RunnerLogger, RunnerOptions, RunnerStatus } from './runner-options.js';

/**
 * Follows the store from the lowest checkpoint and feeds each projection the events after its own one.
 * Each batch's rows and checkpoints commit in one transaction: a crash can neither lose nor double an
 * update. A failing batch is retried with backoff, never skipped, so the read models stay exact.
 * Far behind the head, projections may hold rows back for up to `holdSpan` events (their checkpoints stay
 * with their written rows), unless one of them reads other projections' rows; and on the embedded store a
 * projection that offers a bulk load is filled on a thread of its own meanwhile (BulkLane).
 */
export class ProjectionRunner {
  private readonly at: RunnerPositions;
  private readonly lane: BulkLane;
  private readonly batches: RunnerBatches;
  private controller?: AbortController;
  private loop?: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly projections: readonly Projection[],
    private readonly options: RunnerOptions = {},
  ) {
    this.at = new RunnerPositions(projections);
    const files = options.bulkLane === false ? undefined : embeddedFiles(store, db);
    this.lane = new BulkLane(files, {
      ...(options.bulkLane || {}),
      progress: (name, at) => this.at.positions.set(name, at),
    });
    this.batches = new RunnerBatches(store, db, projections, options, this.at, this.lane);
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
        // a failed bulk load is not tried again: the next attempt builds those rows the runner's own way
        const retry = error instanceof CheckpointMoved || error instanceof BulkLoadFailed;
        if (!retry || attempt >= 5) throw error;
        if (error instanceof BulkLoadFailed) this.options.logger?.error({ err: error }, error.message);
      }
    }
  }

  private async catchUpOnce(): Promise<void> {
    const head = await this.store.headPosition();
    await this.loadCheckpoints();
    if (this.lowest() >= head) return;
    this.startLane(head);
    const controller = new AbortController();
    let cursor = this.cursor(head);
    try {
      if (cursor < head) {
        for await (const batch of this.read(cursor, controller.signal)) {
          await this.applyAround(batch, cursor);
          cursor = batch[batch.length - 1]!.position;
          if (cursor >= head) {
            controller.abort(); // before leaving, so the subscription's wait for more ends at once
            break;
          }
        }
      }
      await this.joinLane();
    } finally {
      await this.lane.stop();
      await this.batches.settle();
    }
  }

  /** Runs until stop(): catch-up, then live. */
  start(): void {
    if (this.loop) return;
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.loop = (async () => {
      for (let attempt = 0; !signal.aborted; attempt++) {
        // a round reads on from the checkpoints; it also ends when a bulk load ends, to take its result in
        const round = new AbortController();
        const endRound = () => round.abort();
        signal.addEventListener('abort', endRound, { once: true });
        try {
          await this.loadCheckpoints();
          const head = await this.store.headPosition();
          if (this.startLane(head)) void this.lane.settled().then(endRound);
          let cursor = this.cursor(head);
          for await (const batch of this.read(cursor, round.signal)) {
            await this.applyAround(batch, cursor);
            cursor = batch[batch.length - 1]!.position;
            attempt = 0;
          }
          if (!signal.aborted) await this.joinLane();
        } catch (error) {
          this.options.logger?.error({ err: error, attempt }, 'projection batch failed; retrying');
          // ends early when the runner stops
          await delay(Math.min(30_000, 200 * 2 ** attempt), undefined, { signal }).catch(() => undefined);
        } finally {
          signal.removeEventListener('abort', endRound);
          await this.lane.stop();
          await this.batches.settle().catch(() => undefined);
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
    this.at.reset(chosen);
  }

  status(): RunnerStatus[] {
    return this.projections.map((p) => ({
      name: p.name,
      position: this.at.positions.get(p.name) ?? 0n,
      lastEventAt: this.batches.lastEventAt,
    }));
  }

  /** The position every projection (or those given) has reached. */
  lowest(projections: readonly Projection[] = this.projections): Position {
    return this.at.lowest(projections);
  }

  private async loadCheckpoints(): Promise<void> {
    const names = this.projections.map((p) => p.name);
    this.at.readFrom(await readCheckpoints(this.db, names));
  }

  /** The projections this runner's batches carry now: all but those the lane fills. */
  private folded(): Projection[] {
    const laned = this.lane.names;
    return this.projections.filter((p) => !laned.has(p.name));
  }

  /** Where this runner's batches start: the lowest of the projections it folds (the head if the lane has all). */
  private cursor(head: bigint): bigint {
    const folded = this.folded();
    return folded.length > 0 ? this.lowest(folded) : head;
  }

  /** The store's events after `cursor` in batches, sized by the runner's pace (RunnerBatches). */
  private read(cursor: bigint, signal: AbortSignal): AsyncGenerator<RecordedEvent[]> {
    return batchedSubscription(this.store, cursor, this.batches.size, signal);
  }

  /** Whether a bulk load started. */
  private startLane(head: bigint): boolean {
    return this.lane.start(this.projections, this.at.positions, head);
  }

  /** A batch while the lane runs: up to its target without the laned projections, past it with all. */
  private async applyAround(batch: readonly RecordedEvent[], cursor: bigint): Promise<void> {
    if (this.lane.names.size === 0) return this.batches.apply(batch, cursor, this.projections);
    const target = this.lane.target;
    const upTo = batch.filter((e) => e.position <= target);
    if (upTo.length > 0) await this.batches.apply(upTo, cursor, this.folded());
    if (upTo.length === batch.length) return;
    await this.joinLane();
    await this.batches.apply(batch.slice(upTo.length), cursor > target ? cursor : target, this.projections);
  }

  /** Waits for the lane; its projections are then at its target, their rows and checkpoints committed. */
  private async joinLane(): Promise<void> {
    const laned = this.lane.names;
    if (laned.size === 0) return;
    try {
      await this.lane.join();
    } catch (error) {
      // what the lane committed stands: the runner reads on from those checkpoints (loadCheckpoints)
      this.at.movedElsewhere(laned);
      throw error;
    }
    this.at.movedElsewhere(laned, this.lane.target);
  }
}
