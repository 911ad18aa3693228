import type { Position } from '@app/event-store';
import type { BatchContext, Projection } from './projection.js';

/** As far behind as the health check's "degraded": past it the read models are stale anyway. */
const FAR_BEHIND = 10_000;
/** Catching up, a service writes each plan view once per 200,000 events instead of once per batch. */
const HOLD_SPAN = 200_000;
export const AT_HEAD: BatchContext = { farBehind: false, mayHold: false, behind: 0 };

export interface PaceOptions {
  /** Events behind the head past which a batch counts as far behind (see BatchContext); 10,000 by default. */
  farBehind?: number;
  /** Far behind, held-back rows are written at least every this many events; 200,000 by default. */
  holdSpan?: number;
}

/**
 * How the CLI's rebuild runs, with the service stopped: nobody reads the read models meanwhile, so all of it
 * counts as far behind until the head (`farBehind: 0`), and a crash costs at most `holdSpan` events of work
 * again. Writing the thousand views of the bench store once instead of five times made its rebuild 15 %
 * faster in four alternating pairs; holding them up to the head, instead of writing them in each of the last
 * two batches as well, took 30–50 MB off its peak RSS.
 */
export const REBUILD_PACE = { farBehind: 0, holdSpan: 1_000_000 } as const satisfies PaceOptions;

/**
 * How a full batch stands to the head (a batch that is not a full page is live, at the head: AT_HEAD). Far
 * behind, projections may hold rows back, for at most `holdSpan` events since rows were last written, and
 * never when one of the projections may read other projections' rows (it would read stale ones).
 */
export class BatchPace {
  /** the last position after which nothing was held back */
  private writtenAt = 0n;
  private readonly mayHoldBack: boolean;

  constructor(
    projections: readonly Projection[],
    private readonly options: PaceOptions,
  ) {
    this.mayHoldBack = projections.every((p) => p.readsOtherReadModels === false);
  }

  of(last: Position, head: Position): BatchContext {
    const behind = head - last;
    const farBehind = behind > BigInt(this.options.farBehind ?? FAR_BEHIND);
    const span = BigInt(this.options.holdSpan ?? HOLD_SPAN);
    const mayHold = farBehind && this.mayHoldBack && last - this.writtenAt < span;
    return { farBehind, mayHold, behind: Number(behind) };
  }

  /** A batch committed: unless it was allowed to hold back, everything up to `last` is written now. */
  committed(context: BatchContext, last: Position): void {
    if (!context.mayHold) this.writtenAt = last;
  }
}
