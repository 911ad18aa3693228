import type { PlanView } from '@app/read-models';
import { reminderId, type ReminderJob } from './reminder-catalogue.js';
import { localDay, sendTime } from './local-time.js';

export interface PolicySettings {
  timeZone: string;
  /** a started measure without a progress report for this many days is stale */
  staleAfterDays: number;
  now: Date;
}

/** Reminders whose time passed more than this long ago are not sent any more (a rebuild must not spam). */
const LATE_LIMIT_MS = 24 * 3_600_000;

/**
 * The reminders a plan should have scheduled right now, from its current state: due dates (14 days and
 * 1 day before, overdue the day after), stale measures, upcoming meetings, missing minutes and goal target
 * dates. Pure: the same view, settings and time give the same list, with deterministic ids.
 */
export function desiredReminders(view: PlanView, settings: PolicySettings): ReminderJob[] {
  const { plan } = view;
  if (plan.status === 'concluded') return [];
  const out: ReminderJob[] = [];
  const base = { municipalityId: plan.municipalityId, planId: plan.planId };
  const add = (kind: ReminderJob['kind'], subjectId: string, about: string, runAt: Date) => {
    if (runAt.getTime() < settings.now.getTime() - LATE_LIMIT_MS) return;
    out.push({
      ...base,
      reminderId: reminderId(kind, subjectId, about),
      kind,
      subjectId,
      about,
      runAt: runAt.toISOString(),
    });
  };
  const tz = settings.timeZone;

  for (const measure of Object.values(view.measures)) {
    if (measure.status === 'completed' || measure.status === 'cancelled') continue;
    add('measure-due-14', measure.measureId, measure.dueDate, sendTime(measure.dueDate, -14, tz));
    add('measure-due-1', measure.measureId, measure.dueDate, sendTime(measure.dueDate, -1, tz));
    add('measure-overdue', measure.measureId, measure.dueDate, sendTime(measure.dueDate, 1, tz));
    if (measure.status === 'started') {
      const lastSign = measure.lastReportedOn ?? measure.startedOn ?? localDay(view.lastActivityAt, tz);
      add('measure-stale', measure.measureId, lastSign, sendTime(lastSign, settings.staleAfterDays, tz));
    }
  }
  for (const meeting of Object.values(view.meetings)) {
    if (meeting.status === 'scheduled') {
      const day = localDay(meeting.scheduledFor, tz);
      add('meeting-upcoming', meeting.meetingId, day, sendTime(day, -3, tz));
    }
    if (meeting.status === 'held' && meeting.heldOn && meeting.minutesCount === 0) {
      add('minutes-missing-3', meeting.meetingId, meeting.heldOn, sendTime(meeting.heldOn, 3, tz));
      add('minutes-missing-7', meeting.meetingId, meeting.heldOn, sendTime(meeting.heldOn, 7, tz));
    }
  }
  for (const goal of plan.goals) {
    if ((goal.status === 'defined' || goal.status === 'revised') && goal.targetDate) {
      add('goal-target-30', goal.id, goal.targetDate, sendTime(goal.targetDate, -30, tz));
    }
  }
  return out;
}
