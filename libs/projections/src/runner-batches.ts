import type { EventStore, RecordedEvent } from '@app/event-store';
import type { SqlDatabase } from '@app/sql';
import { AT_HEAD, BatchPace } from './batch-pace.js';
import type { BulkLane } from './bulk-lane.js';
import { BulkLoadSettings } from './bulk-load-settings.js';
import { commitBatch } from './checkpointed-batch.js';
import type { Projection } from './projection.js';
import type { RunnerOptions } from './runner-options.js';
import type { RunnerPositions } from './runner-positions.js';

/**
 * Events per batch while the last batch held every row back (a rebuild whose audit rows the bulk lane
 * writes): such a batch commits nothing, so a small one costs no more, and its events die young. The events
 * of a 5,000-event batch outlive V8's young generation and are copied and promoted before they die: in
 * rebuilds of a million events, batches of 500 throughout took about a fifth less CPU than 5,000.
 */
const HOLDING_BATCH = 500;

/**
 * How a runner's batches are sized and committed: each batch's rows and checkpoints in one transaction
 * (commitBatch), with the pace of the head (far behind, rows may be held back) and, on SQLite, the
 * connection's bulk settings; the bulk lane gives up the write lock just before the batch takes it.
 */
export class RunnerBatches {
  private readonly pace: BatchPace;
  private readonly bulk: BulkLoadSettings;
  /** every projection of the last batch held its rows back */
  private holding = false;
  /** what the batch being read was asked for: a batch that comes back shorter ends at the head */
  private requested: number;
  lastEventAt?: Date;

  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    projections: readonly Projection[],
    private readonly options: RunnerOptions,
    private readonly at: RunnerPositions,
    private readonly lane: BulkLane,
  ) {
    this.pace = new BatchPace(projections, options);
    this.bulk = new BulkLoadSettings(db);
    this.requested = this.maxBatch;
  }

  get maxBatch(): number {
    return this.options.maxBatch ?? 1000;
  }

  /** How many events to read for the next batch. */
  readonly size = (): number => {
    const holding = this.options.holdingBatch ?? HOLDING_BATCH;
    this.requested = this.holding ? Math.min(holding, this.maxBatch) : this.maxBatch;
    return this.requested;
  };

  /** `cursor`: the position the batch follows on; a checkpoint behind it means someone reset the projection. */
  async apply(
    batch: readonly RecordedEvent[],
    cursor: bigint,
    projections: readonly Projection[],
  ): Promise<void> {
    const last = batch[batch.length - 1]!;
    const context =
      batch.length < this.requested ? AT_HEAD : this.pace.of(last.position, await this.store.headPosition());
    // with the lane writing the heavy rows, this connection's are few: no need for a big page cache
    await this.bulk.use(context.farBehind, this.lane.names.size > 0);
    const progress = { committed: this.at.committed, reached: this.at.reached };
    let outcome;
    this.holding = false;
    try {
      const beforeWrite = () => this.lane.pause();
      outcome = await commitBatch(this.db, projections, progress, batch, cursor, context, beforeWrite);
    } finally {
      this.lane.resume();
    }
    this.holding = outcome.written.length === 0 && outcome.held.length > 0;
    this.at.advance(projections, last.position, outcome);
    this.pace.committed(context, last.position);
    this.lastEventAt = last.recordedAt;
  }

  /** The catch-up or round ended: back to whole batches and the connection's normal settings. */
  async settle(): Promise<void> {
    this.holding = false;
    await this.bulk.use(false);
  }
}
