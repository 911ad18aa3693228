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

/** The plan an event belongs to, or undefined for events no plan view cares about. */
export function planIdOf(event: { type: string; data: unknown }): string | undefined {
  if (!PLAN_EVENTS.has(event.type) && !MEASURE_EVENTS.has(event.type) && !MEETING_EVENTS.has(event.type)) {
    return undefined;
  }
  const planId = (event.data as { planId?: unknown } | null)?.planId;
  return typeof planId === 'string' ? planId : undefined;
}

/** Folds one event into a view; undefined until the plan was drafted. Never throws on a valid event. */
export function evolvePlanView(view: PlanView | undefined, event: ViewEvent): PlanView | undefined {
  const next = applyEvent(view, event);
  if (!next) return undefined;
  // an event that changes nothing (another module's, or one out of place) leaves position and counts alone
  if (next === view) return view;
  return {
    ...next,
    position: Number(event.position),
    lastActivityAt: event.recordedAt.toISOString(),
    eventCount: (view?.eventCount ?? 0) + 1,
  };
}

function applyEvent(
  view: PlanView | undefined,
  event: ViewEvent,
): Omit<PlanView, 'position' | 'lastActivityAt' | 'eventCount'> | undefined {
  if (PLAN_EVENTS.has(event.type)) {
    const plan = evolvePlan(view?.plan ?? initialPlanState, event as unknown as PlanEvent);
    if (plan.status === 'none') return view;
    return { plan, measures: view?.measures ?? {}, meetings: view?.meetings ?? {} };
  }
  if (!view) return undefined;
  const data = event.data as { measureId?: string; meetingId?: string };
  if (MEASURE_EVENTS.has(event.type) && data.measureId) {
    const measure = evolveMeasure(
      view.measures[data.measureId] ?? initialMeasureState,
      event as unknown as MeasureEvent,
    );
    if (measure.status === 'none') return view;
    return { ...view, measures: { ...view.measures, [data.measureId]: measure } };
  }
  if (MEETING_EVENTS.has(event.type) && data.meetingId) {
    const meeting = evolveMeeting(
      view.meetings[data.meetingId] ?? initialMeetingState,
      event as unknown as MeetingEvent,
    );
    if (meeting.status === 'none') return view;
    return { ...view, meetings: { ...view.meetings, [data.meetingId]: meeting } };
  }
  return view;
}

export function foldPlanView(events: Iterable<ViewEvent>, start?: PlanView): PlanView | undefined {
  let view = start;
  for (const event of events) view = evolvePlanView(view, event);
  return view;
}
