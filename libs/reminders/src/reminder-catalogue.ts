/**
 * Every reminder the scheduler sends, in one place: the BullMQ job names and their payloads, so that the
 * policy that schedules a job and the worker that delivers it cannot drift apart.
 */
export const REMINDER_KINDS = [
  'measure-due-14',
  'measure-due-1',
  'measure-overdue',
  'measure-stale',
  'meeting-upcoming',
  'minutes-missing-3',
  'minutes-missing-7',
  'goal-target-30',
  'plan-review',
  'weekly-digest',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** What a one-off reminder job carries; the worker re-reads the current state before it sends anything. */
export interface ReminderJob {
  /** deterministic: the same reminder is always the same job, so scheduling twice is harmless */
  reminderId: string;
  kind: Exclude<ReminderKind, 'plan-review' | 'weekly-digest'>;
  municipalityId: string;
  planId: string;
  /** the measure, meeting or goal it is about */
  subjectId: string;
  /** the date the reminder is about (due date, meeting day, held day, target date): part of the id */
  about: string;
  runAt: string;
}

/** Repeating jobs, driven by BullMQ job schedulers (one per adopted plan, one per coordinator). */
export interface PlanReviewJob {
  kind: 'plan-review';
  municipalityId: string;
  planId: string;
}

export interface WeeklyDigestJob {
  kind: 'weekly-digest';
  municipalityId: string;
  memberId: string;
}

export type AnyReminderJob = ReminderJob | PlanReviewJob | WeeklyDigestJob;

export const REMINDER_QUEUE = 'reminders';

/** The stream where sent reminders are recorded, one per plan. */
export const reminderStream = (planId: string) => `reminders-${planId}`;

export function reminderId(kind: ReminderKind, subjectId: string, about: string): string {
  // BullMQ job ids must not contain ":"
  return `${kind}.${subjectId}.${about}`;
}
