export { ProjectionRunner, type RunnerOptions, type RunnerStatus } from './projection-runner.js';
export {
  CHECKPOINT_MIGRATIONS,
  readCheckpoints,
  type BatchContext,
  type BulkLoad,
  type Projection,
} from './projection.js';
export { BulkLoadFailed, type BulkLaneOptions } from './bulk-lane.js';
export { batchedSubscription } from './batched-subscription.js';
export { PlanViewProjection, type PlanViewOptions } from './plan-view.projection.js';
export { AuditIndexProjection, AUDIT_COLUMNS } from './audit-index.projection.js';
export { insertRows } from './sql-batch.js';

export { allProjections } from './all-projections.js';
export { ProjectionsModule, EXTRA_PROJECTIONS } from './projections.module.js';
export { PlanReader, type AuditRow, type HistoryFilter } from './plan-reader.js';
export { type PlanVerification } from './plan-verification.js';
export { REBUILD_PACE } from './batch-pace.js';
