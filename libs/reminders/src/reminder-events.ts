import type { EventToAppend } from '@app/event-store';
import { v5 as uuidv5 } from 'uuid';
import type { ReminderJob } from './reminder-catalogue.js';
import type { ReminderMessage } from './delivery/reminder-texts.js';

const EVENT_NAMESPACE = '3f9b6a52-1d7e-4b8e-9a63-0c2f5d8e7b14';

/** A reminder as recorded: one-off jobs, and the runs of repeating ones. */
export type RecordedReminder = Omit<ReminderJob, 'kind'> & { kind: ReminderMessage['kind'] };

/**
 * ReminderSent or ReminderFailed on the plan's reminder stream. The event id derives from the reminder id:
 * a job that runs twice is recorded once.
 */
export function reminderEvent(
  type: 'ReminderSent' | 'ReminderFailed',
  reminder: RecordedReminder,
  extra: object,
  occurredAt: Date,
): EventToAppend {
  return {
    id: uuidv5(`${type}\n${reminder.reminderId}`, EVENT_NAMESPACE),
    type,
    data: {
      reminderId: reminder.reminderId,
      kind: reminder.kind,
      municipalityId: reminder.municipalityId,
      planId: reminder.planId,
      subjectId: reminder.subjectId,
      about: reminder.about,
      runAt: reminder.runAt,
      ...extra,
    },
    metadata: {
      actorId: 'scheduler',
      actorRole: 'scheduler',
      municipalityId: reminder.municipalityId,
      causationId: reminder.reminderId,
      occurredAt: occurredAt.toISOString(),
    },
  };
}

/** ReminderSent of one member's weekly digest, for the municipality's reminder stream (it has no plan). */
export function digestSentEvent(
  sent: { reminderId: string; municipalityId: string; memberId: string; items: number; recipients: object[] },
  occurredAt: Date,
): EventToAppend {
  return {
    id: uuidv5(sent.reminderId, EVENT_NAMESPACE),
    type: 'ReminderSent',
    data: {
      reminderId: sent.reminderId,
      kind: 'weekly-digest',
      municipalityId: sent.municipalityId,
      memberId: sent.memberId,
      items: sent.items,
      recipients: sent.recipients,
    },
    metadata: {
      actorId: 'scheduler',
      actorRole: 'scheduler',
      municipalityId: sent.municipalityId,
      occurredAt: occurredAt.toISOString(),
    },
  };
}
