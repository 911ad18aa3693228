export * from './tokens.js';
export { OpsModule } from './ops.module.js';
export { Metrics } from './metrics/metrics.js';
export { HealthRegistry, type HealthCheck, type DependencyHealth } from './health/health-check.js';
export { createRootLogger, PinoNestLogger } from './logger.js';
export { createHttpAdapter, correlationIdOf } from './http-adapter.js';
export { configOrExit, createHttpApp, handleShutdown } from './bootstrap.js';
export { separateEmbeddedReadModels } from './embedded-read-models.js';
