import type { Position } from '@app/event-store';
import type { BatchContext, Projection } from './projection.js';

/** As far behind as the health check's "degraded": past it the read models are stale anyway. */
const FAR_BEHIND = 10_000;
/** Catching up, a service writes each plan view once per 200,000 events instead of once per batch. */
const HOLD_SPAN = 200_000;
/**
 * The hold span of a rebuild by the CLI, with the service stopped: nobody reads the views meanwhile, and a
 * crash costs at most this many events of work again. Writing the thousand views of the bench store once
 * instead of five times made its rebuild 15 % faster in four alternating pairs.
 */
export const REBUILD_HOLD_SPAN = 1_000_000;

export const AT_HEAD: BatchContext = { farBehind: false, mayHold: false, behind: 0 };

export interface PaceOptions {
  /** Events behind the head past which a batch counts as far behind (see BatchContext); 10,000 by default. */
  farBehind?: number;
  /** Far behind, held-back rows are written at least every this many events; 200,000 by default. */
  holdSpan?: number;
}

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
