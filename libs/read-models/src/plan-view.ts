import {
  evolveMeasure,
  evolveMeeting,
  evolvePlan,
  initialMeasureState,
  initialMeetingState,
  initialPlanState,
  type Measure,
  type MeasureEvent,
  type Meeting,
  type MeetingEvent,
  type Plan,
  type PlanEvent,
} from '@app/domain';

/**
 * Everything about one plan that its pages and figures need: the plan with its theme fields, goals,
 * decisions and partners, and its measures and meetings, folded with the domain's own evolve functions so
 * that the read side can never disagree with the rules. The same fold serves the live read model, a rebuild
 * and a state "as of" any instant.
 */
export interface PlanView {
  plan: Plan;
  measures: Record<string, Measure>;
  meetings: Record<string, Meeting>;
  /** the last event folded in */
  position: number;
  lastActivityAt: string;
  eventCount: number;
}

/** An event as a projection sees it: the type, the payload and where and when it was recorded. */
export interface ViewEvent {
  type: string;
  data: unknown;
  position: bigint | number;
  recordedAt: Date;
  /**
   * The instant as the store wrote it (`Date.toISOString()`), where the caller has that text: the embedded
   * store's reads and the audit index. Folding ten thousand events for an as-of answer otherwise spends a
   * quarter of the fold turning Dates back into that text.
   */
  recordedAtIso?: string;
}

const PLAN_EVENTS = new Set([
  'PlanDrafted',
  'ThemeFieldAdded',
  'GoalDefined',
  'GoalRevised',
  'GoalIndicatorMeasured',
  'GoalAchieved',
  'GoalDropped',
  'DecisionRecorded',
  'PlanAdopted',
  'PlanConcluded',
  'PartnerRegistered',
]);
const MEASURE_EVENTS = new Set([
  'MeasurePlanned',
  'MeasureStarted',
  'ProgressReported',
  'MeasureBlocked',
  'MeasureUnblocked',
  'MeasureRescheduled',
  'MeasureCompleted',
  'MeasureCancelled',
]);
const MEETING_EVENTS = new Set(['MeetingScheduled', 'MeetingHeld', 'MinutesPublished', 'MeetingCancelled']);

/** The event types a plan view folds: their `data.planId` names the plan (see planIdOf). */
export const PLAN_VIEW_TYPES: readonly string[] = [...PLAN_EVENTS, ...MEASURE_EVENTS, ...MEETING_EVENTS];

/** The plan an event belongs to, or undefined for events no plan view cares about. */
export function planIdOf(event: { type: string; data: unknown }): string | undefined {
  if (!PLAN_EVENTS.has(event.type) && !MEASURE_EVENTS.has(event.type) && !MEETING_EVENTS.has(event.type)) {
    return undefined;
  }
  const planId = (event.data as { planId?: unknown } | null)?.planId;
  return typeof planId === 'string' ? planId : undefined;
}

/**
 * Folds one event into a view; undefined until the plan was drafted. Never throws on a valid event. Leaves
 * `view` as it is: the fold runs on a copy, and an event that changes nothing (another module's, or one out of
 * place) answers `view` itself, position and counts untouched.
 */
export function evolvePlanView(view: PlanView | undefined, event: ViewEvent): PlanView | undefined {
  if (!view) return evolvePlanViewInPlace(undefined, event);
  const draft = draftOf(view);
  evolvePlanViewInPlace(draft, event);
  return draft.eventCount === view.eventCount ? view : draft;
}

/**
 * A private copy of a view that `evolvePlanViewInPlace` may change: the plan and each measure and meeting are
 * replaced, never changed, by the domain's evolve functions, so copying the two maps that hold them suffices.
 */
export function draftOf(view: PlanView): PlanView {
  return { ...view, measures: { ...view.measures }, meetings: { ...view.meetings } };
}

/**
 * The same fold as evolvePlanView, but into `draft` itself instead of a new view per event (which copied the
 * view's measures for every progress report). Only for a caller's own draft (see draftOf), never a view that
 * others may hold. Answers the view, which is a new object only for the plan's first event.
 */
export function evolvePlanViewInPlace(draft: PlanView | undefined, event: ViewEvent): PlanView | undefined {
  let view = draft;
  if (PLAN_EVENTS.has(event.type)) {
    const plan = evolvePlan(view?.plan ?? initialPlanState, event as unknown as PlanEvent);
    if (plan.status === 'none') return view;
    if (view) view.plan = plan;
    else view = { plan, measures: {}, meetings: {}, position: 0, lastActivityAt: '', eventCount: 0 };
  } else {
    if (!view) return undefined;
    const data = event.data as { measureId?: string; meetingId?: string };
    if (MEASURE_EVENTS.has(event.type) && data.measureId) {
      const measure = evolveMeasure(
        view.measures[data.measureId] ?? initialMeasureState,
        event as unknown as MeasureEvent,
      );
      if (measure.status === 'none') return view;
      view.measures[data.measureId] = measure;
    } else if (MEETING_EVENTS.has(event.type) && data.meetingId) {
      const meeting = evolveMeeting(
        view.meetings[data.meetingId] ?? initialMeetingState,
        event as unknown as MeetingEvent,
      );
      if (meeting.status === 'none') return view;
      view.meetings[data.meetingId] = meeting;
    } else return view;
  }
  view.position = Number(event.position);
  view.lastActivityAt = event.recordedAtIso ?? event.recordedAt.toISOString();
  view.eventCount += 1;
  return view;
}

/** Folds events in order onto `start` (which it leaves unchanged). */
export function foldPlanView(events: Iterable<ViewEvent>, start?: PlanView): PlanView | undefined {
  let view = start && draftOf(start);
  for (const event of events) view = evolvePlanViewInPlace(view, event);
  return view;
}
