import type { ReminderKind } from '../reminder-catalogue.js';
import { isPlainEmailAddress, type MailSendOptions } from './mail.channel.js';
import {
  renderReminder,
  type ReminderLanguage,
  type ReminderMessage,
  type RenderedReminder,
} from './reminder-texts.js';
import type { WebhookSendOptions } from './webhook.channel.js';

/**
 * Retry policy of a delivery job, for the queue's job options (`{ attempts: DELIVERY_ATTEMPTS, backoff: DELIVERY_BACKOFF }`): a failed send throws,
 * BullMQ retries after 30 s, 60 s, 120 s, 240 s. The channels make the repeats harmless (Message-ID,
 * Idempotency-Key derived from the reminder id).
 */
export const DELIVERY_ATTEMPTS = 5;
export const DELIVERY_BACKOFF = { type: 'exponential', delay: 30_000 } as const;

export type DeliveryChannelKind = 'email' | 'webhook' | 'none';

/** How a member wants to be reminded. Only the member's own address is here, nothing about other people. */
export interface Recipient {
  memberId: string;
  language: ReminderLanguage;
  channel: DeliveryChannelKind;
  email?: string;
  webhookUrl?: string;
}

/** What `deliver` needs of a channel: MailChannel and WebhookChannel fit, and so do fakes. */
export interface MailSender {
  send(to: string, rendered: RenderedReminder, opts: MailSendOptions): Promise<unknown>;
}
export interface WebhookSender {
  send(url: string, payload: object, opts: WebhookSendOptions): Promise<unknown>;
}

export interface DeliveryChannels {
  /** absent: e-mail is not configured in this deployment */
  mail?: { channel: MailSender; from: string };
  webhook?: WebhookSender;
}

export type SkipReason =
  | 'channel-none'
  | 'missing-email'
  | 'invalid-email'
  | 'missing-webhook-url'
  | 'invalid-webhook-url'
  | 'mail-not-configured'
  | 'webhook-not-configured';

export interface DeliveryResult {
  channel: DeliveryChannelKind;
  delivered: boolean;
  skippedReason?: SkipReason;
}

/** The JSON a webhook receives. */
export interface WebhookReminderPayload {
  reminderId: string;
  kind: ReminderKind;
  language: ReminderLanguage;
  subject: string;
  text: string;
  planId?: string;
  subjectId?: string;
  about: string;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The Idempotency-Key of a webhook delivery: the same for every retry of it, different per recipient. */
export function webhookIdempotencyKey(
  message: Pick<ReminderMessage, 'reminderId'>,
  recipient: Pick<Recipient, 'memberId'>,
) {
  return `${message.reminderId}:${recipient.memberId}`;
}

const skipped = (channel: DeliveryChannelKind, skippedReason: SkipReason): DeliveryResult => ({
  channel,
  delivered: false,
  skippedReason,
});

/**
 * Renders the reminder in the recipient's language and sends it through the recipient's channel.
 * A recipient who chose no channel, or has no usable address, is skipped (not an error: a retry would not
 * change it). A failed send throws (MailDeliveryError, WebhookDeliveryError), so that the job is retried.
 */
export async function deliver(
  recipient: Recipient,
  message: ReminderMessage,
  channels: DeliveryChannels,
): Promise<DeliveryResult> {
  const language: ReminderLanguage = recipient.language === 'en' ? 'en' : 'de';
  switch (recipient.channel) {
    case 'email': {
      const email = recipient.email?.trim();
      if (!email) return skipped('email', 'missing-email');
      if (!isPlainEmailAddress(email)) return skipped('email', 'invalid-email');
      if (!channels.mail) return skipped('email', 'mail-not-configured');
      const rendered = renderReminder(message, language);
      await channels.mail.channel.send(email, rendered, {
        messageId: message.reminderId,
        from: channels.mail.from,
      });
      return { channel: 'email', delivered: true };
    }
    case 'webhook': {
      const url = recipient.webhookUrl?.trim();
      if (!url) return skipped('webhook', 'missing-webhook-url');
      if (!isHttpUrl(url)) return skipped('webhook', 'invalid-webhook-url');
      if (!channels.webhook) return skipped('webhook', 'webhook-not-configured');
      const rendered = renderReminder(message, language);
      const payload: WebhookReminderPayload = {
        reminderId: message.reminderId,
        kind: message.kind,
        language,
        subject: rendered.subject,
        text: rendered.text,
        ...(message.planId ? { planId: message.planId } : {}),
        ...(message.subjectId ? { subjectId: message.subjectId } : {}),
        about: message.about,
      };
      // per recipient: the same key must not stand for two different bodies (two members, one endpoint)
      await channels.webhook.send(url, payload, {
        idempotencyKey: webhookIdempotencyKey(message, recipient),
      });
      return { channel: 'webhook', delivered: true };
    }
    default:
      return skipped('none', 'channel-none');
  }
}
