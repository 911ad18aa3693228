import type { BulkLaneOptions } from './bulk-lane.js';
import type { PaceOptions } from './batch-pace.js';

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
  /** Events per batch while every projection of the last one held its rows back; 500 by default. */
  holdingBatch?: number;
  logger?: RunnerLogger;
  /** Bulk loads on a thread far behind on the embedded store (see BulkLane); false: never. */
  bulkLane?: Omit<BulkLaneOptions, 'progress'> | false;
}
