import { AuditIndexProjection } from './audit-index.projection.js';
import { PlanViewProjection } from './plan-view.projection.js';
import type { Projection } from './projection.js';

/** Every projection of the service, in the order they are applied within a batch. */
export function allProjections(): Projection[] {
  return [new PlanViewProjection(), new AuditIndexProjection()];
}
