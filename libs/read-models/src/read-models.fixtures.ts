// Test-only event builders for the read-model specs (not exported from index.ts). They build event payloads
// only; every spec gives each event its position and recordedAt explicitly through `at(…)`.
import type {
  Attendance,
  DecisionKind,
  GoalChanges,
  GoalFigures,
  MeasureEvent,
  MeetingEvent,
  PlanEvent,
} from '@app/domain';
import { foldPlanView, type PlanView, type ViewEvent } from './plan-view.js';

export const MUNICIPALITY_ID = '0b7e4b52-6a8e-4c1d-9a51-0c3f2f6f1a10';
export const PLAN_ID = '5d1c9a7e-2f44-4b8e-8d0a-7e1b3c9f4a22';
export const ref = { municipalityId: MUNICIPALITY_ID, planId: PLAN_ID };

type AnyEvent = PlanEvent | MeasureEvent | MeetingEvent | { type: string; data: unknown };

/** An event as the projection sees it, at an explicit position and instant. */
export function at(position: number | bigint, recordedAt: string, event: AnyEvent): ViewEvent {
  return { type: event.type, data: event.data, position, recordedAt: new Date(recordedAt) };
}

/** Folds the events; fails the test when no plan was drafted. */
export function viewOf(events: ViewEvent[]): PlanView {
  const view = foldPlanView(events);
  if (!view) throw new Error('no plan view: the history has no PlanDrafted');
  return view;
}

// ---- plan ----

export function planDrafted(title = 'Masterplan Integration 2026–2030'): PlanEvent {
  return {
    type: 'PlanDrafted',
    data: {
      ...ref,
      title,
      vision: 'Alle, die hier leben, finden Wohnung, Ausbildung und Arbeit.',
      horizonStart: '2026-01-01',
      horizonEnd: '2030-12-31',
    },
  };
}

export function themeFieldAdded(key: string, name: string): PlanEvent {
  return { type: 'ThemeFieldAdded', data: { ...ref, key, name } };
}

export function goalDefined(goalId: string, themeField: string, figures: GoalFigures = {}): PlanEvent {
  return { type: 'GoalDefined', data: { ...ref, goalId, themeField, title: `Ziel ${goalId}`, ...figures } };
}

export function goalRevised(goalId: string, changes: GoalChanges): PlanEvent {
  return { type: 'GoalRevised', data: { ...ref, goalId, reason: 'Fortschreibung', ...changes } };
}

export function goalMeasured(goalId: string, value: number, measuredOn: string): PlanEvent {
  return { type: 'GoalIndicatorMeasured', data: { ...ref, goalId, value, measuredOn } };
}

export function goalAchieved(goalId: string): PlanEvent {
  return { type: 'GoalAchieved', data: { ...ref, goalId } };
}

export function goalDropped(goalId: string): PlanEvent {
  return { type: 'GoalDropped', data: { ...ref, goalId, reason: 'nicht mehr verfolgt' } };
}

export function decisionRecorded(decisionId: string, kind: DecisionKind, decidedOn: string): PlanEvent {
  return {
    type: 'DecisionRecorded',
    data: {
      ...ref,
      decisionId,
      kind,
      body: 'Gemeinderat',
      reference: 'GR-2026/014',
      decidedOn,
      subject: 'Beschluss des Masterplans',
    },
  };
}

export function planAdopted(decisionId: string, decidedOn: string): PlanEvent {
  return { type: 'PlanAdopted', data: { ...ref, decisionId, decidedOn } };
}

// ---- measures ----

export function measurePlanned(
  measureId: string,
  goalIds: string[],
  options: { dueDate?: string; weight?: number } = {},
): MeasureEvent {
  return {
    type: 'MeasurePlanned',
    data: {
      ...ref,
      measureId,
      title: `Maßnahme ${measureId}`,
      goalIds,
      responsible: { office: 'Integrationsbüro' },
      startDate: '2026-02-01',
      dueDate: options.dueDate ?? '2026-12-31',
      weight: options.weight ?? 1,
    },
  };
}

export function measureStarted(measureId: string, startedOn = '2026-02-01'): MeasureEvent {
  return { type: 'MeasureStarted', data: { ...ref, measureId, startedOn } };
}

export function progressReported(measureId: string, percent: number, reportedOn: string): MeasureEvent {
  return { type: 'ProgressReported', data: { ...ref, measureId, percent, note: `${percent} %`, reportedOn } };
}

export function measureBlocked(measureId: string): MeasureEvent {
  return { type: 'MeasureBlocked', data: { ...ref, measureId, reason: 'Raum fehlt' } };
}

export function measureUnblocked(measureId: string): MeasureEvent {
  return { type: 'MeasureUnblocked', data: { ...ref, measureId } };
}

export function measureRescheduled(
  measureId: string,
  previousDueDate: string,
  dueDate: string,
): MeasureEvent {
  return {
    type: 'MeasureRescheduled',
    data: { ...ref, measureId, dueDate, previousDueDate, reason: 'Verzug' },
  };
}

export function measureCompleted(measureId: string): MeasureEvent {
  return { type: 'MeasureCompleted', data: { ...ref, measureId } };
}

export function measureCancelled(measureId: string): MeasureEvent {
  return { type: 'MeasureCancelled', data: { ...ref, measureId, reason: 'Förderung entfallen' } };
}

// ---- meetings ----

export function meetingScheduled(meetingId: string, scheduledFor: string): MeetingEvent {
  return {
    type: 'MeetingScheduled',
    data: {
      ...ref,
      meetingId,
      title: `Treffen ${meetingId}`,
      kind: 'dialogue',
      scheduledFor,
      themeFields: ['housing'],
    },
  };
}

export function meetingHeld(meetingId: string, heldOn: string, attendance: Attendance): MeetingEvent {
  return { type: 'MeetingHeld', data: { ...ref, meetingId, heldOn, attendance, outcomes: [], concerns: [] } };
}

export function minutesPublished(meetingId: string, text: string): MeetingEvent {
  return { type: 'MinutesPublished', data: { ...ref, meetingId, text } };
}

export function meetingCancelled(meetingId: string): MeetingEvent {
  return { type: 'MeetingCancelled', data: { ...ref, meetingId, reason: 'Unwetter' } };
}
