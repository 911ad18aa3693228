// The domain's public face: pure TypeScript (no framework, no I/O), used by the API, the worker and tests.
export * from './shared/decider.js';
export * from './shared/domain-error.js';
export { LIMITS } from './shared/value-checks.js';
export { PLAN_TIME_ZONE, dayOf, isDay } from './shared/date-checks.js';

export * from './plan/plan.events.js';
export * from './plan/plan.commands.js';
export * from './plan/plan.state.js';
export * from './plan/plan-facts.js';
export { DEFAULT_THEME_FIELDS, decidePlan } from './plan/plan.decide.js';
export { planDecider, planStream, evolvePlan } from './plan/plan.decider.js';

export * from './measure/measure.events.js';
export * from './measure/measure.commands.js';
export * from './measure/measure.state.js';
export { decideMeasure } from './measure/measure.decide.js';
export { measureDecider, measureStream, evolveMeasure } from './measure/measure.decider.js';

export * from './meeting/meeting.events.js';
export * from './meeting/meeting.commands.js';
export * from './meeting/meeting.state.js';
export { decideMeeting } from './meeting/meeting.decide.js';
export { meetingDecider, meetingStream, evolveMeeting } from './meeting/meeting.decider.js';
