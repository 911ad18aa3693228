import type { AppConfig } from '@app/config';
import { UnrecoverableError } from 'bullmq';
import {
  deliver,
  MailChannel,
  MailDeliveryError,
  WebhookChannel,
  type DeliveryChannels,
} from './delivery/index.js';
import type { Deliver } from './reminder-processor.js';

/**
 * The channels this deployment has: e-mail when SMTP_URL is set, signed webhooks when WEBHOOK_SECRET is set.
 * A recipient whose channel is missing is skipped and the skip is recorded; a permanent rejection (5xx from the
 * mail server) stops the retries, a passing failure is retried with backoff by the queue.
 */
export function createDeliver(config: AppConfig): Deliver {
  const channels: DeliveryChannels = {
    ...(config.reminders.smtpUrl
      ? { mail: { channel: new MailChannel(config.reminders.smtpUrl), from: config.reminders.mailFrom } }
      : {}),
    ...(config.reminders.webhookSecret
      ? { webhook: new WebhookChannel(config.reminders.webhookSecret) }
      : {}),
  };
  return async (recipient, message) => {
    try {
      return await deliver(recipient, message, channels);
    } catch (error) {
      if (error instanceof MailDeliveryError && !error.retryable) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}
