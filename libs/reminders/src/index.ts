export * from './reminder-catalogue.js';
export { desiredReminders, subjectReminders, type PolicySettings } from './reminder-policy.js';
export { ReminderPolicyProjection, type ScheduleChanges } from './reminder-policy.projection.js';
export { ReminderScheduler, DELIVERY_JOB_OPTIONS, type ReconcileReport } from './reminder-scheduler.js';
export { ReminderProcessor, type Deliver, type DeliveryOutcome } from './reminder-processor.js';
export { RemindersModule, REMINDER_QUEUE_TOKEN } from './reminders.module.js';
export { RemindersHost } from './reminders.host.js';
export { sendTime, localDay } from './local-time.js';
export { reminderClock } from './reminder-clock.js';
export {
  deliver,
  MailChannel,
  WebhookChannel,
  renderReminder,
  verifyWebhookSignature,
  type Recipient,
  type ReminderMessage,
} from './delivery/index.js';
