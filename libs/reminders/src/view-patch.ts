import { evolvePlanView, type PlanView, type ViewEvent } from '@app/read-models';

/** What one event changed in a plan, as far as reminders care. */
export interface ViewChange {
  /** measures, meetings and goals whose reminders may differ now */
  subjects: Set<string>;
  /** the plan itself changed (status, decisions, partners, fields): every reminder may differ */
  wholePlan: boolean;
  /** position, last activity: something was folded in */
  folded: boolean;
}

const GOAL_EVENTS = new Set([
  'GoalDefined',
  'GoalRevised',
  'GoalIndicatorMeasured',
  'GoalAchieved',
  'GoalDropped',
]);

export const noChange = (): ViewChange => ({ subjects: new Set(), wholePlan: false, folded: false });

/**
 * Folds one event into a remembered view in place, with the read model's own evolvePlanView so that the
 * remembered view is the one PlanViewProjection writes. evolvePlanView copies the whole `measures` map for a
 * measure event (500 entries for a large plan); it is given a view holding just the event's measure or
 * meeting instead, since an event only ever changes the one its data names, and the result is written back.
 * Events at or before the view's position are skipped, as PlanViewProjection skips them.
 */
export function patchView(view: PlanView, event: ViewEvent, change: ViewChange): void {
  if (Number(event.position) <= view.position) return;
  const { measureId, meetingId } = (event.data ?? {}) as { measureId?: unknown; meetingId?: unknown };
  const measure = typeof measureId === 'string' ? view.measures[measureId] : undefined;
  const meeting = typeof meetingId === 'string' ? view.meetings[meetingId] : undefined;
  const narrow: PlanView = {
    ...view,
    measures: typeof measureId === 'string' && measure ? { [measureId]: measure } : {},
    meetings: typeof meetingId === 'string' && meeting ? { [meetingId]: meeting } : {},
  };
  const next = evolvePlanView(narrow, event);
  if (!next || next === narrow) return;
  change.folded = true;
  if (typeof measureId === 'string' && next.measures[measureId] !== measure) {
    view.measures[measureId] = next.measures[measureId]!;
    change.subjects.add(measureId);
  }
  if (typeof meetingId === 'string' && next.meetings[meetingId] !== meeting) {
    view.meetings[meetingId] = next.meetings[meetingId]!;
    change.subjects.add(meetingId);
  }
  if (next.plan !== view.plan) {
    const goalId = (event.data as { goalId?: unknown }).goalId;
    if (GOAL_EVENTS.has(event.type) && typeof goalId === 'string' && samePlanApartFromGoals(view, next)) {
      change.subjects.add(goalId);
    } else {
      change.wholePlan = true;
    }
    view.plan = next.plan;
  }
  view.position = next.position;
  view.lastActivityAt = next.lastActivityAt;
  view.eventCount = next.eventCount;
}

/** A goal event that also moved the plan's status or owner would need every reminder re-planned. */
function samePlanApartFromGoals(view: PlanView, next: PlanView): boolean {
  return view.plan.status === next.plan.status && view.plan.municipalityId === next.plan.municipalityId;
}
