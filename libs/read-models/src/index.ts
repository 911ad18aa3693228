export {
  draftOf,
  evolvePlanView,
  evolvePlanViewInPlace,
  foldPlanView,
  planIdOf,
  PLAN_VIEW_TYPES,
  type PlanView,
  type ViewEvent,
} from './plan-view.js';
export {
  computeDashboard,
  goalProgress,
  isOverdue,
  measureProgress,
  type PlanDashboard,
} from './dashboard.js';
export { diffPlanViews, type EntityChange, type PlanChanges } from './plan-changes.js';
export { describePlan, attendancePerMonth, type PlanStateResponse } from './plan-state.js';
export { endOfPlanDay } from './as-of.js';
