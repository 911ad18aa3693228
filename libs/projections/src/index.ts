export { ProjectionRunner, type RunnerStatus } from './projection-runner.js';
export { CHECKPOINT_MIGRATIONS, readCheckpoints, type Projection } from './projection.js';
export { batchedSubscription } from './batched-subscription.js';
