import type { Position } from '@app/event-store';
import type { BatchOutcome } from './checkpointed-batch.js';
import type { Projection } from './projection.js';

/**
 * Where each of a runner's projections stands: how far it has read (`positions`), where its checkpoint was
 * when the runner last committed or read it (`committed`), and how far its rows, written or held back, have
 * got (`reached`; missing: as far as its checkpoint).
 */
export class RunnerPositions {
  readonly positions = new Map<string, bigint>();
  readonly committed = new Map<string, bigint>();
  readonly reached = new Map<string, bigint>();

  constructor(private readonly projections: readonly Projection[]) {}

  /** The position every projection (or those given) has reached. */
  lowest(projections: readonly Projection[] = this.projections): Position {
    let lowest: bigint | undefined;
    for (const p of projections) {
      const position = this.positions.get(p.name) ?? 0n;
      if (lowest === undefined || position < lowest) lowest = position;
    }
    return lowest ?? 0n;
  }

  /** Reading on from the checkpoints: anything cached from elsewhere or held back beyond them is dropped. */
  readFrom(checkpoints: ReadonlyMap<string, bigint>): void {
    for (const projection of this.projections) {
      const position = checkpoints.get(projection.name) ?? 0n;
      this.positions.set(projection.name, position);
      const reached = this.reached.get(projection.name) ?? this.committed.get(projection.name);
      if (reached !== position) projection.invalidate?.();
      this.committed.set(projection.name, position);
    }
    this.reached.clear();
  }

  /** Emptied and set back to zero. */
  reset(chosen: readonly Projection[]): void {
    for (const projection of chosen) {
      this.positions.set(projection.name, 0n);
      this.committed.set(projection.name, 0n);
      this.reached.delete(projection.name);
    }
  }

  /** A batch up to `last` committed for `projections`. */
  advance(projections: readonly Projection[], last: Position, outcome: BatchOutcome): void {
    for (const projection of projections) {
      if ((this.positions.get(projection.name) ?? 0n) < last) this.positions.set(projection.name, last);
    }
    for (const name of outcome.written) this.committed.set(name, last);
    for (const name of [...outcome.written, ...outcome.held]) this.reached.set(name, last);
  }

  /** Someone else wrote these projections' rows and checkpoints (a bulk load): drop what is cached. */
  movedElsewhere(names: ReadonlySet<string>, to?: Position): void {
    for (const projection of this.projections.filter((p) => names.has(p.name))) {
      projection.invalidate?.();
      this.reached.delete(projection.name);
      if (to === undefined) continue;
      this.positions.set(projection.name, to);
      this.committed.set(projection.name, to);
    }
  }
}
