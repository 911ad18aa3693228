import type { Goal, Measure, Meeting } from '@app/domain';
import type { PlanView } from '@app/read-models';
import { reminderId, type ReminderJob } from './reminder-catalogue.js';
import { localDay, sendInstant, type SendInstant } from './local-time.js';

export interface PolicySettings {
  timeZone: string;
  /** a started measure without a progress report for this many days is stale */
  staleAfterDays: number;
  now: Date;
}

/** Reminders whose time passed more than this long ago are not sent any more (a rebuild must not spam). */
export const LATE_LIMIT_MS = 24 * 3_600_000;

/**
 * The reminders a plan should have scheduled right now, from its current state: due dates (14 days and
 * 1 day before, overdue the day after), stale measures, upcoming meetings, missing minutes and goal target
 * dates. Pure: the same view, settings and time give the same list, with deterministic ids. Each reminder
 * depends on the plan (status, zone, settings, time) and on its one subject only, which is what lets the
 * projection re-plan just the subjects a batch touched.
 */
export function desiredReminders(view: PlanView, settings: PolicySettings): ReminderJob[] {
  if (view.plan.status === 'concluded') return [];
  const out: ReminderJob[] = [];
  for (const measure of Object.values(view.measures)) out.push(...measureReminders(view, measure, settings));
  for (const meeting of Object.values(view.meetings)) out.push(...meetingReminders(view, meeting, settings));
  for (const goal of view.plan.goals) out.push(...goalReminders(view, goal, settings));
  return out;
}

/** The reminders about one measure, meeting or goal of the plan (none for an unknown subject). */
export function subjectReminders(view: PlanView, subjectId: string, settings: PolicySettings): ReminderJob[] {
  if (view.plan.status === 'concluded') return [];
  const measure = view.measures[subjectId];
  if (measure) return measureReminders(view, measure, settings);
  const meeting = view.meetings[subjectId];
  if (meeting) return meetingReminders(view, meeting, settings);
  const goal = view.plan.goals.find((g) => g.id === subjectId);
  return goal ? goalReminders(view, goal, settings) : [];
}

/**
 * A started measure never reported on and without a start day counts its staleness from the plan's last
 * activity: its reminder moves with every event of the plan, not only with its own.
 */
export function followsPlanActivity(measure: Measure): boolean {
  return measure.status === 'started' && !measure.lastReportedOn && !measure.startedOn;
}

type Add = (kind: ReminderJob['kind'], subjectId: string, about: string, runAt: SendInstant) => void;

function collector(view: PlanView, settings: PolicySettings, out: ReminderJob[]): Add {
  const { municipalityId, planId } = view.plan;
  const oldest = settings.now.getTime() - LATE_LIMIT_MS;
  return (kind, subjectId, about, runAt) => {
    if (runAt.ms < oldest) return;
    const id = reminderId(kind, subjectId, about);
    out.push({ municipalityId, planId, reminderId: id, kind, subjectId, about, runAt: runAt.iso });
  };
}

function measureReminders(view: PlanView, measure: Measure, settings: PolicySettings): ReminderJob[] {
  if (measure.status === 'completed' || measure.status === 'cancelled') return [];
  const out: ReminderJob[] = [];
  const add = collector(view, settings, out);
  const tz = settings.timeZone;
  const { measureId, dueDate } = measure;
  add('measure-due-14', measureId, dueDate, sendInstant(dueDate, -14, tz));
  add('measure-due-1', measureId, dueDate, sendInstant(dueDate, -1, tz));
  add('measure-overdue', measureId, dueDate, sendInstant(dueDate, 1, tz));
  if (measure.status === 'started') {
    const lastSign = measure.lastReportedOn ?? measure.startedOn ?? localDay(view.lastActivityAt, tz);
    add('measure-stale', measureId, lastSign, sendInstant(lastSign, settings.staleAfterDays, tz));
  }
  return out;
}

function meetingReminders(view: PlanView, meeting: Meeting, settings: PolicySettings): ReminderJob[] {
  const out: ReminderJob[] = [];
  const add = collector(view, settings, out);
  const tz = settings.timeZone;
  if (meeting.status === 'scheduled') {
    const day = localDay(meeting.scheduledFor, tz);
    add('meeting-upcoming', meeting.meetingId, day, sendInstant(day, -3, tz));
  }
  if (meeting.status === 'held' && meeting.heldOn && meeting.minutesCount === 0) {
    add('minutes-missing-3', meeting.meetingId, meeting.heldOn, sendInstant(meeting.heldOn, 3, tz));
    add('minutes-missing-7', meeting.meetingId, meeting.heldOn, sendInstant(meeting.heldOn, 7, tz));
  }
  return out;
}

function goalReminders(view: PlanView, goal: Goal, settings: PolicySettings): ReminderJob[] {
  if ((goal.status !== 'defined' && goal.status !== 'revised') || !goal.targetDate) return [];
  const out: ReminderJob[] = [];
  const add = collector(view, settings, out);
  add('goal-target-30', goal.id, goal.targetDate, sendInstant(goal.targetDate, -30, settings.timeZone));
  return out;
}
