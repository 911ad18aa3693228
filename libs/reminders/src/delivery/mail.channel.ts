import { createTransport, type Transporter } from 'nodemailer';
import type { RenderedReminder } from './reminder-texts.js';

/** The right-hand side of every reminder's Message-ID. */
export const MESSAGE_ID_DOMAIN = 'masterplan-ledger';

export interface MailSendOptions {
  /** the reminder id (e.g. `measure-due-14.<measureId>.2026-06-30`); the Message-ID header is derived from it */
  messageId: string;
  from: string;
}

export interface MailSendResult {
  /** the Message-ID header as sent, e.g. `<measure-due-14.m-1.2026-06-30@masterplan-ledger>` */
  messageId: string;
  accepted: string[];
}

export interface MailChannelOptions {
  /** right-hand side of the Message-ID; default `masterplan-ledger` */
  messageIdDomain?: string;
  /** SMTP connection, greeting and idle timeouts in ms, so that a hanging server cannot stall a job (default 15 s) */
  timeoutMs?: number;
}

/** A failed send: `retryable` is false when the server rejected the message for good (5xx) or the envelope is invalid. */
export class MailDeliveryError extends Error {
  readonly retryable: boolean;
  readonly code?: string;
  readonly responseCode?: number;

  constructor(
    message: string,
    details: { retryable: boolean; code?: string; responseCode?: number; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.name = 'MailDeliveryError';
    this.retryable = details.retryable;
    this.code = details.code;
    this.responseCode = details.responseCode;
  }
}

const DOT_ATOM = /^[^.]+(\.[^.]+)*$/;

/** Keeps [A-Za-z0-9-] (and '.' if asked); every other character becomes `=XX` per UTF-8 byte. */
function escapeChars(value: string, keepDots: boolean): string {
  let out = '';
  for (const ch of value) {
    if (/[A-Za-z0-9-]/.test(ch) || (keepDots && ch === '.')) out += ch;
    else
      for (const byte of Buffer.from(ch, 'utf8'))
        out += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The Message-ID of a reminder: the same reminder always gets the same id, so that a receiver can drop a
 * repeat (a retried job). The left part must be an RFC 5322 dot-atom: [A-Za-z0-9-] and '.' stay (the
 * catalogue's `measure-due-14.<id>.2026-06-30` reads as itself), ':' and any other character become `=XX`
 * (UTF-8 bytes, '=' itself too), which keeps the mapping one-to-one. An id whose dots would not form a
 * dot-atom (leading, trailing or doubled) has its dots escaped as well.
 */
export function reminderMessageId(reminderId: string, domain: string = MESSAGE_ID_DOMAIN): string {
  const dotted = escapeChars(reminderId, true);
  const left = DOT_ATOM.test(dotted) ? dotted : escapeChars(reminderId, false) || '=';
  const right = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(domain) ? domain : MESSAGE_ID_DOMAIN;
  return `<${left}@${right}>`;
}

/** A plausible single mailbox: no display name, no list, nothing that could smuggle in a second recipient. */
export function isPlainEmailAddress(address: string): boolean {
  return /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/.test(address);
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  permanent?: boolean;
}

/** Codes that a retry of the same message cannot fix. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'ECONFIG', 'EMESSAGE', 'EMAXRECIPIENTS']);

/** Sends rendered reminders over SMTP. One instance per process; `close()` on shutdown. */
export class MailChannel {
  private readonly transport: Transporter;
  private readonly domain: string;

  /** @param smtpUrl e.g. `smtp://user:pass@mail.example.org:587` or `smtps://…:465` */
  constructor(smtpUrl: string, options: MailChannelOptions = {}) {
    const timeout = options.timeoutMs ?? 15_000;
    this.transport = createTransport({
      url: smtpUrl,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 2,
    });
    this.domain = options.messageIdDomain ?? MESSAGE_ID_DOMAIN;
  }

  async send(to: string, rendered: RenderedReminder, opts: MailSendOptions): Promise<MailSendResult> {
    const address = to.trim();
    if (!isPlainEmailAddress(address)) {
      throw new MailDeliveryError('mail delivery refused: not a single plain e-mail address', {
        retryable: false,
        code: 'EENVELOPE',
      });
    }
    const messageId = reminderMessageId(opts.messageId, this.domain);
    try {
      const info = await this.transport.sendMail({
        from: opts.from,
        // an address object is not parsed again: the address cannot turn into several recipients
        to: { name: '', address },
        subject: rendered.subject,
        text: rendered.text,
        ...(rendered.html ? { html: rendered.html } : {}),
        messageId,
        headers: {
          // RFC 3834: no out-of-office replies to an automatic message
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
      });
      const accepted = info.accepted ?? [];
      return { messageId, accepted };
    } catch (error) {
      const e = (error ?? {}) as SmtpError;
      const permanent = e.permanent === true || (e.code !== undefined && PERMANENT_CODES.has(e.code));
      // no address in the message: it may end up in logs
      throw new MailDeliveryError(
        `mail delivery failed${e.code ? ` (${e.code}${e.responseCode ? ` ${e.responseCode}` : ''})` : ''}`,
        { retryable: !permanent, code: e.code, responseCode: e.responseCode, cause: error },
      );
    }
  }

  close(): void {
    this.transport.close();
  }
}
