import type { PlanView } from '@app/read-models';
import type { ReminderJob } from './reminder-catalogue.js';
import type { DigestItem, ReminderMessage } from './delivery/reminder-texts.js';
import type { RecordedReminder } from './reminder-events.js';

/** What the texts need of one reminder, taken from the plan's current view (not from the job's old copy). */
export function reminderMessage(
  view: PlanView,
  reminder: RecordedReminder,
  publicUrl: string,
): ReminderMessage {
  const measure = view.measures[reminder.subjectId];
  const meeting = view.meetings[reminder.subjectId];
  const goal = view.plan.goals.find((g) => g.id === reminder.subjectId);
  return {
    reminderId: reminder.reminderId,
    kind: reminder.kind,
    planTitle: view.plan.title,
    planId: view.plan.planId,
    subjectId: reminder.subjectId,
    subjectTitle: measure?.title ?? meeting?.title ?? goal?.title,
    about: reminder.about,
    dueDate: measure?.dueDate,
    scheduledFor: meeting?.scheduledFor,
    heldOn: meeting?.heldOn,
    targetDate: goal?.targetDate,
    link: `${publicUrl}/plans/${view.plan.planId}`,
  };
}

/** One line of a weekly digest: the subject's current title, or the reminder's kind when its plan is gone. */
export function digestItem(
  view: PlanView | undefined,
  row: { kind: string; about: string; subject_id: string },
): DigestItem {
  return {
    title: (view && subjectTitle(view, row.subject_id)) ?? row.kind,
    kind: row.kind as ReminderJob['kind'],
    date: row.about,
    planTitle: view?.plan.title,
  };
}

function subjectTitle(view: PlanView, subjectId: string): string | undefined {
  return (
    view.measures[subjectId]?.title ??
    view.meetings[subjectId]?.title ??
    view.plan.goals.find((g) => g.id === subjectId)?.title
  );
}
