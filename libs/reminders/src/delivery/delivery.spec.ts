import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { REMINDER_KINDS, reminderId, type ReminderKind } from '../reminder-catalogue.js';
import { MailChannel, MailDeliveryError, reminderMessageId } from './mail.channel.js';
import {
  DELIVERY_ATTEMPTS,
  DELIVERY_BACKOFF,
  deliver,
  type Recipient,
  type WebhookReminderPayload,
} from './recipients.js';
import { REMINDER_LANGUAGES, renderReminder, type ReminderMessage } from './reminder-texts.js';
import {
  signWebhookPayload,
  verifyWebhookSignature,
  WebhookChannel,
  WebhookDeliveryError,
} from './webhook.channel.js';

// ---------------------------------------------------------------------------------------------------------
// sample reminders

const PLAN_ID = 'a3d1c2b4-0000-4000-8000-000000000001';
const MEASURE_ID = 'b7e2f0a1-0000-4000-8000-000000000002';

function sample(kind: ReminderKind): ReminderMessage {
  const base = {
    kind,
    planTitle: 'Integration gemeinsam gestalten 2030',
    planId: PLAN_ID,
    subjectId: MEASURE_ID,
    link: `https://ledger.example.org/plans/${PLAN_ID}`,
    timeZone: 'Europe/Berlin',
  };
  switch (kind) {
    case 'measure-due-14':
    case 'measure-due-1':
    case 'measure-overdue':
      return {
        ...base,
        reminderId: reminderId(kind, MEASURE_ID, '2026-06-30'),
        subjectTitle: 'Wohnungsbörse',
        about: '2026-06-30',
        dueDate: '2026-06-30',
      };
    case 'measure-stale':
      return {
        ...base,
        reminderId: reminderId(kind, MEASURE_ID, '2026-03-01'),
        subjectTitle: 'Sprachcafé',
        about: '2026-03-01',
      };
    case 'meeting-upcoming':
      return {
        ...base,
        reminderId: reminderId(kind, MEASURE_ID, '2026-06-23'),
        subjectTitle: 'Runder Tisch Wohnen',
        about: '2026-06-23',
        scheduledFor: '2026-06-23T16:00:00.000Z',
      };
    case 'minutes-missing-3':
    case 'minutes-missing-7':
      return {
        ...base,
        reminderId: reminderId(kind, MEASURE_ID, '2026-05-12'),
        subjectTitle: 'Integrationsdialog Bildung',
        about: '2026-05-12',
        heldOn: '2026-05-12',
      };
    case 'goal-target-30':
      return {
        ...base,
        reminderId: reminderId(kind, MEASURE_ID, '2026-12-31'),
        subjectTitle: '50 zusätzliche Ausbildungsplätze',
        about: '2026-12-31',
        targetDate: '2026-12-31',
      };
    case 'plan-review':
      return {
        ...base,
        reminderId: `plan-review.${PLAN_ID}.2026-07-01`,
        about: '2026-07-01',
        review: {
          progress: 42.5,
          goals: { total: 8, achieved: 2, dropped: 1 },
          measures: { total: 12, started: 5, blocked: 1, completed: 4, overdue: 2 },
          meetings: { held: 6, scheduled: 2 },
          lastActivityAt: '2026-06-12T09:30:00.000Z',
        },
      };
    case 'weekly-digest':
      return {
        ...base,
        reminderId: 'weekly-digest.member-1.2026-06-22',
        about: '2026-06-22',
        items: [
          { title: 'Runder Tisch Wohnen', kind: 'meeting-upcoming', date: '2026-06-23T16:00:00.000Z' },
          { title: 'Wohnungsbörse', kind: 'measure-due-1', date: '2026-06-24' },
          { title: 'Integrationsdialog Bildung', kind: 'minutes-missing-3', date: '2026-06-19' },
        ],
      };
  }
}

/** Only what a message cannot do without. */
function minimal(kind: ReminderKind): ReminderMessage {
  return {
    reminderId: `${kind}:x:2026-06-30`,
    kind,
    planTitle: 'Masterplan Musterstadt',
    about: '2026-06-30',
  };
}

const BROKEN = /undefined|NaN|null|Invalid|\[object/;

// ---------------------------------------------------------------------------------------------------------
// a little MIME reading for the SMTP tests (no mail parser installed): unfolded headers, encoded words,
// multipart/alternative, quoted-printable and base64

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const at = raw.indexOf('\r\n\r\n');
  const head = (at < 0 ? raw : raw.slice(0, at)).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: at < 0 ? '' : raw.slice(at + 4) };
}

function qpBytes(value: string, underscoreIsSpace: boolean): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (ch === '_' && underscoreIsSpace) bytes.push(0x20);
    else bytes.push(...Buffer.from(ch, 'utf8'));
  }
  return Buffer.from(bytes);
}

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      (enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : qpBytes(text, true)).toString('utf8'),
    );
}

function decodeBody(part: Part): string {
  const cte = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (cte === 'quoted-printable') return qpBytes(part.body.replace(/=\r\n/g, ''), false).toString('utf8');
  if (cte === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return part.body;
}

function bodyOf(raw: string, type: 'text/plain' | 'text/html'): string | undefined {
  const message = splitPart(raw);
  const contentType = message.headers.get('content-type') ?? 'text/plain';
  if (!contentType.startsWith('multipart/'))
    return contentType.startsWith(type) ? decodeBody(message) : undefined;
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) return undefined;
  for (const chunk of message.body.split(`--${boundary}`)) {
    const part = splitPart(chunk.replace(/^\r\n/, ''));
    if ((part.headers.get('content-type') ?? '').startsWith(type))
      return decodeBody(part).replace(/\r\n$/, '');
  }
  return undefined;
}

interface Received {
  to: string[];
  raw: string;
  subject: string;
  messageId: string;
  text: string;
  html?: string;
  headers: Map<string, string>;
}

// ---------------------------------------------------------------------------------------------------------
// servers

let smtp: SMTPServer;
let smtpUrl: string;
const mails: Received[] = [];

let hooks: Server;
let hookBase: string;
const hits: { path: string; headers: Record<string, string | string[] | undefined>; body: string }[] = [];

const SECRET = 'whsec-test-4f1c9e';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('blocked@')) {
        const error = Object.assign(new Error('mailbox unavailable'), { responseCode: 550 });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { headers } = splitPart(raw);
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers,
          subject: decodeWords(headers.get('subject') ?? ''),
          messageId: headers.get('message-id') ?? '',
          text: bodyOf(raw, 'text/plain') ?? '',
          html: bodyOf(raw, 'text/html'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

  hooks = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://receiver').pathname;
      hits.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (path === '/slow') return; // never answers
      if (path === '/fail') res.writeHead(500).end('boom');
      else if (path === '/gone') res.writeHead(410).end();
      else if (path === '/moved') res.writeHead(302, { Location: '/elsewhere' }).end();
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', () => resolve()));
  hookBase = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
});

afterAll(async () => {
  hooks.closeAllConnections();
  await new Promise<void>((resolve) => hooks.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const lastHit = () => hits[hits.length - 1]!;
const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

// ---------------------------------------------------------------------------------------------------------

describe('reminder texts', () => {
  it.each(REMINDER_KINDS.flatMap((kind) => REMINDER_LANGUAGES.map((lang) => [kind, lang] as const)))(
    '%s renders in %s, complete and minimal, without holes',
    (kind, lang) => {
      for (const message of [sample(kind), minimal(kind)]) {
        const rendered = renderReminder(message, lang);
        expect(rendered.subject.length).toBeGreaterThan(10);
        expect(rendered.subject).not.toMatch(/\n/);
        expect(rendered.subject).not.toMatch(BROKEN);
        expect(rendered.text).not.toMatch(BROKEN);
        expect(rendered.html ?? '').not.toMatch(BROKEN);
        expect(rendered.text).toContain(message.planTitle);
        expect(rendered.text.startsWith(lang === 'de' ? 'Guten Tag,' : 'Hello,')).toBe(true);
      }
    },
  );

  it('German is the default, with German dates and quotation marks', () => {
    const rendered = renderReminder(sample('measure-due-14'));
    expect(rendered.subject).toBe('Erinnerung: Maßnahme „Wohnungsbörse“ ist in 14 Tagen fällig (30.06.2026)');
    expect(rendered.text).toContain(
      'die Maßnahme „Wohnungsbörse“ im Masterplan „Integration gemeinsam gestalten 2030“ ist am 30.06.2026 fällig',
    );
    expect(rendered.text).toContain(`Zum Masterplan: https://ledger.example.org/plans/${PLAN_ID}`);
  });

  it('English has English dates', () => {
    const rendered = renderReminder(sample('measure-due-14'), 'en');
    expect(rendered.subject).toBe('Reminder: Measure “Wohnungsbörse” is due in 14 days (30 June 2026)');
    expect(rendered.text).toContain('due on 30 June 2026');
  });

  it('a meeting is shown with weekday and local time of the municipality', () => {
    expect(renderReminder(sample('meeting-upcoming'), 'de').text).toContain(
      'am Dienstag, 23.06.2026, um 18:00 Uhr findet die Veranstaltung „Runder Tisch Wohnen“',
    );
    expect(renderReminder(sample('meeting-upcoming'), 'en').text).toContain(
      'on Tuesday, 23 June 2026, at 18:00',
    );
  });

  it('the review carries progress and counts, formatted for the language', () => {
    const de = renderReminder(sample('plan-review'), 'de');
    expect(de.subject).toBe(
      'Überprüfung fällig: Masterplan „Integration gemeinsam gestalten 2030“ (Fortschritt 42,5 %)',
    );
    expect(de.text).toContain('- Gesamtfortschritt: 42,5 %');
    expect(de.text).toContain('- Ziele: 8 (2 erreicht, 1 aufgegeben)');
    expect(de.text).toContain('- Maßnahmen: 12 (5 laufend, 1 blockiert, 4 abgeschlossen, 2 überfällig)');
    expect(de.text).toContain('- Veranstaltungen: 6 durchgeführt, 2 geplant');
    expect(de.text).toContain('- Letzte Aktivität: 12.06.2026');
    expect(renderReminder(sample('plan-review'), 'en').text).toContain('- Overall progress: 42.5%');
  });

  it('the digest lists its items by date; a digest across plans names each line’s plan', () => {
    const de = renderReminder(sample('weekly-digest'), 'de');
    expect(de.subject).toBe(
      'Wochenübersicht: Masterplan „Integration gemeinsam gestalten 2030“ – 3 anstehende Punkte',
    );
    const lines = de.text.split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toEqual([
      '- Protokoll fehlt: Veranstaltung „Integrationsdialog Bildung“ vom 19.06.2026',
      '- Veranstaltung „Runder Tisch Wohnen“ am Dienstag, 23.06.2026, um 18:00 Uhr',
      '- Maßnahme „Wohnungsbörse“ fällig am 24.06.2026',
    ]);
    const across = renderReminder(
      {
        ...minimal('weekly-digest'),
        planTitle: '',
        items: [
          { title: 'Sprachcafé', kind: 'measure-stale', date: '2026-06-01', planTitle: 'Masterplan Nord' },
        ],
      },
      'de',
    );
    expect(across.subject).toBe('Wochenübersicht: 1 anstehender Punkt');
    expect(across.text).toContain('weil Sie an Masterplänen Ihrer Kommune mitarbeiten');
    expect(across.text).not.toContain('diesem Masterplan');
    expect(across.text).toContain(
      '- Maßnahme „Sprachcafé“ ohne Fortschrittsbericht seit 01.06.2026 (Masterplan „Masterplan Nord“)',
    );
  });

  it('free text is escaped in HTML, kept on one line, and only http(s) links are shown', () => {
    const rendered = renderReminder({
      ...sample('measure-overdue'),
      subjectTitle: '<img src=x onerror=alert(1)>\r\nBcc: someone@example.org',
      link: 'javascript:alert(1)',
    });
    expect(rendered.subject).not.toMatch(/[\r\n]/);
    expect(rendered.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(rendered.html).not.toContain('<img');
    expect(rendered.text).not.toContain('javascript:');
    expect(rendered.html).not.toContain('javascript:');
  });
});

describe('Message-ID', () => {
  it('is derived from the reminder id, escaping what a msg-id does not allow', () => {
    expect(reminderMessageId(reminderId('measure-due-14', 'm-1', '2026-06-30'))).toBe(
      '<measure-due-14.m-1.2026-06-30@masterplan-ledger>',
    );
    expect(reminderMessageId('measure-due-14:m-1:2026-06-30')).toBe(
      '<measure-due-14=3Am-1=3A2026-06-30@masterplan-ledger>',
    );
    // one-to-one: ids that differ give different Message-IDs, each a valid dot-atom
    const ids = ['a:b', 'a.b', 'a=3Ab', 'a=2Eb', 'a..b', '.a', 'a.', 'ä:b', 'a b', 'a>b@c', ''];
    const out = ids.map((id) => reminderMessageId(id));
    expect(new Set(out).size).toBe(ids.length);
    for (const id of out) expect(id).toMatch(/^<[A-Za-z0-9=-]+(\.[A-Za-z0-9=-]+)*@masterplan-ledger>$/);
  });
});

describe('MailChannel against a real SMTP server', () => {
  it('sends German and English mail with the Message-ID of the reminder', async () => {
    const channel = new MailChannel(smtpUrl);
    try {
      const message = sample('measure-due-14');
      const de = await channel.send('koordination@musterstadt.example', renderReminder(message, 'de'), {
        messageId: message.reminderId,
        from: 'Masterplan Ledger <erinnerung@musterstadt.example>',
      });
      expect(de.messageId).toBe(`<measure-due-14.${MEASURE_ID}.2026-06-30@masterplan-ledger>`);
      await channel.send('coordination@musterstadt.example', renderReminder(message, 'en'), {
        messageId: message.reminderId,
        from: 'erinnerung@musterstadt.example',
      });

      const [german, english] = mails.slice(-2);
      expect(german!.to).toEqual(['koordination@musterstadt.example']);
      expect(german!.subject).toBe(
        'Erinnerung: Maßnahme „Wohnungsbörse“ ist in 14 Tagen fällig (30.06.2026)',
      );
      expect(german!.messageId).toBe(`<measure-due-14.${MEASURE_ID}.2026-06-30@masterplan-ledger>`);
      expect(german!.headers.get('auto-submitted')).toBe('auto-generated');
      expect(german!.text).toContain('ist am 30.06.2026 fällig, also in 14 Tagen.');
      expect(german!.html).toContain('<a href="https://ledger.example.org/plans/');

      expect(english!.to).toEqual(['coordination@musterstadt.example']);
      expect(english!.subject).toBe('Reminder: Measure “Wohnungsbörse” is due in 14 days (30 June 2026)');
      expect(english!.messageId).toBe(german!.messageId);
      expect(english!.text).toContain('is due on 30 June 2026, in 14 days.');
    } finally {
      channel.close();
    }
  });

  it('a permanent rejection is not retryable; an address list is refused before sending', async () => {
    const channel = new MailChannel(smtpUrl);
    try {
      const message = sample('measure-overdue');
      const opts = { messageId: message.reminderId, from: 'erinnerung@musterstadt.example' };
      const error = await channel
        .send('blocked@musterstadt.example', renderReminder(message), opts)
        .catch((e) => e);
      expect(error).toBeInstanceOf(MailDeliveryError);
      expect((error as MailDeliveryError).retryable).toBe(false);
      expect((error as MailDeliveryError).message).not.toContain('blocked@');

      const before = mails.length;
      await expect(
        channel.send('a@musterstadt.example, b@musterstadt.example', renderReminder(message), opts),
      ).rejects.toBeInstanceOf(MailDeliveryError);
      expect(mails.length).toBe(before);
    } finally {
      channel.close();
    }
  });

  it('an unreachable server is a retryable failure', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const channel = new MailChannel(`smtp://127.0.0.1:${port}`, { timeoutMs: 2_000 });
    try {
      const message = sample('measure-due-1');
      const error = await channel
        .send('koordination@musterstadt.example', renderReminder(message), {
          messageId: message.reminderId,
          from: 'erinnerung@musterstadt.example',
        })
        .catch((e) => e);
      expect(error).toBeInstanceOf(MailDeliveryError);
      expect((error as MailDeliveryError).retryable).toBe(true);
    } finally {
      channel.close();
    }
  });
});

describe('WebhookChannel against a local receiver', () => {
  const channel = new WebhookChannel(SECRET);

  it('posts signed JSON that verifyWebhookSignature accepts, and only as sent and while fresh', async () => {
    const payload = {
      reminderId: 'measure-due-1:m-1:2026-06-30',
      kind: 'measure-due-1',
      subject: 'Fällig: Wohnungsbörse',
    };
    const result = await channel.send(`${hookBase}/hook`, payload, {
      idempotencyKey: 'measure-due-1:m-1:2026-06-30:u-1',
    });
    expect(result.status).toBe(204);

    const hit = lastHit();
    expect(hit.path).toBe('/hook');
    expect(header(hit.headers['content-type'])).toBe('application/json');
    expect(header(hit.headers['idempotency-key'])).toBe('measure-due-1:m-1:2026-06-30:u-1');
    expect(JSON.parse(hit.body)).toEqual(payload);
    const timestamp = header(hit.headers['x-ledger-timestamp']);
    const signature = header(hit.headers['x-ledger-signature']);
    expect(timestamp).toMatch(/^\d+$/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);

    expect(verifyWebhookSignature(SECRET, timestamp, hit.body, signature, 300)).toBe(true);
    expect(verifyWebhookSignature(SECRET, timestamp, Buffer.from(hit.body), signature, 300)).toBe(true);
    // a changed body
    expect(
      verifyWebhookSignature(SECRET, timestamp, hit.body.replace('Wohnungsbörse', 'Wohnungsbau'), signature),
    ).toBe(false);
    // another secret, a changed timestamp, a missing or garbled header
    expect(verifyWebhookSignature('other', timestamp, hit.body, signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, String(Number(timestamp) - 1), hit.body, signature)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, hit.body, undefined)).toBe(false);
    expect(verifyWebhookSignature(SECRET, timestamp, hit.body, 'v1=zz')).toBe(false);
    // the same request replayed later than the window
    expect(verifyWebhookSignature(SECRET, timestamp, hit.body, signature, 300, Number(timestamp) + 301)).toBe(
      false,
    );
    expect(verifyWebhookSignature(SECRET, timestamp, hit.body, signature, 300, Number(timestamp) + 299)).toBe(
      true,
    );
    // rotation: one of several signatures is enough
    expect(verifyWebhookSignature(SECRET, timestamp, hit.body, `v1=${'0'.repeat(64)}, ${signature}`)).toBe(
      true,
    );
  });

  it('a request signed long ago fails verification', async () => {
    const old = new WebhookChannel(SECRET, { now: () => Date.now() - 3_600_000 });
    await old.send(`${hookBase}/hook`, { hello: 'old' }, { idempotencyKey: 'k-old' });
    const hit = lastHit();
    const timestamp = header(hit.headers['x-ledger-timestamp']);
    const signature = header(hit.headers['x-ledger-signature']);
    expect(signature).toBe(signWebhookPayload(SECRET, timestamp, hit.body));
    expect(verifyWebhookSignature(SECRET, timestamp, hit.body, signature, 300)).toBe(false);
  });

  it('a 500 throws a retryable error, a 410 a final one, a redirect is not followed', async () => {
    const failed = await channel
      .send(`${hookBase}/fail`, { a: 1 }, { idempotencyKey: 'k-500' })
      .catch((e) => e);
    expect(failed).toBeInstanceOf(WebhookDeliveryError);
    expect(failed).toMatchObject({
      reason: 'status',
      status: 500,
      retryable: true,
      target: `${hookBase}/fail`,
    });

    const gone = await channel
      .send(`${hookBase}/gone?token=abc`, { a: 1 }, { idempotencyKey: 'k-410' })
      .catch((e) => e);
    expect(gone).toMatchObject({ reason: 'status', status: 410, retryable: false });
    expect((gone as Error).message).not.toContain('token=abc');

    const moved = await channel
      .send(`${hookBase}/moved`, { a: 1 }, { idempotencyKey: 'k-302' })
      .catch((e) => e);
    expect(moved).toBeInstanceOf(WebhookDeliveryError);
    expect(hits.some((h) => h.path === '/elsewhere')).toBe(false);
  });

  it('a refused connection and a timeout throw retryable errors', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await channel
      .send(`http://127.0.0.1:${port}/hook`, {}, { idempotencyKey: 'k-net' })
      .catch((e) => e);
    expect(refused).toMatchObject({ name: 'WebhookDeliveryError', reason: 'network', retryable: true });

    const impatient = new WebhookChannel(SECRET, { timeoutMs: 200 });
    const slow = await impatient.send(`${hookBase}/slow`, {}, { idempotencyKey: 'k-slow' }).catch((e) => e);
    expect(slow).toMatchObject({ name: 'WebhookDeliveryError', reason: 'timeout', retryable: true });
  });

  it('refuses a non-http url and a key that cannot be a header', async () => {
    await expect(channel.send('file:///etc/passwd', {}, { idempotencyKey: 'k' })).rejects.toMatchObject({
      reason: 'invalid-request',
      retryable: false,
    });
    await expect(channel.send(`${hookBase}/hook`, {}, { idempotencyKey: 'a\r\nb' })).rejects.toMatchObject({
      reason: 'invalid-request',
    });
  });
});

describe('deliver', () => {
  const member = (over: Partial<Recipient>): Recipient => ({
    memberId: 'u-1',
    language: 'de',
    channel: 'email',
    ...over,
  });

  it('e-mails in the recipient’s language', async () => {
    const mail = new MailChannel(smtpUrl);
    try {
      const channels = { mail: { channel: mail, from: 'erinnerung@musterstadt.example' } };
      const message = sample('minutes-missing-7');
      const de = await deliver(member({ email: 'koordination@musterstadt.example' }), message, channels);
      expect(de).toEqual({ channel: 'email', delivered: true });
      expect(mails[mails.length - 1]!.subject).toBe(
        'Zweite Erinnerung: Protokoll zur Veranstaltung „Integrationsdialog Bildung“ vom 12.05.2026 fehlt noch',
      );
      await deliver(
        member({ memberId: 'u-2', language: 'en', email: 'office@musterstadt.example' }),
        message,
        channels,
      );
      expect(mails[mails.length - 1]!.subject).toBe(
        'Second reminder: minutes of the meeting “Integrationsdialog Bildung” held on 12 May 2026 are still missing',
      );
      expect(mails[mails.length - 1]!.messageId).toBe(reminderMessageId(message.reminderId));
    } finally {
      mail.close();
    }
  });

  it('posts the webhook payload, signed', async () => {
    const message = sample('goal-target-30');
    const result = await deliver(
      member({ channel: 'webhook', language: 'en', webhookUrl: `${hookBase}/member-hook` }),
      message,
      { webhook: new WebhookChannel(SECRET) },
    );
    expect(result).toEqual({ channel: 'webhook', delivered: true });
    const hit = lastHit();
    expect(hit.path).toBe('/member-hook');
    const body = JSON.parse(hit.body) as WebhookReminderPayload;
    expect(body).toEqual({
      reminderId: message.reminderId,
      kind: 'goal-target-30',
      language: 'en',
      subject: renderReminder(message, 'en').subject,
      text: renderReminder(message, 'en').text,
      planId: PLAN_ID,
      subjectId: MEASURE_ID,
      about: '2026-12-31',
    });
    expect(header(hit.headers['idempotency-key'])).toBe(`${message.reminderId}:u-1`);
    expect(
      verifyWebhookSignature(
        SECRET,
        header(hit.headers['x-ledger-timestamp']),
        hit.body,
        header(hit.headers['x-ledger-signature']),
      ),
    ).toBe(true);
  });

  it('skips a recipient without a channel or a usable address, without an error', async () => {
    const message = sample('measure-stale');
    const channels = { webhook: new WebhookChannel(SECRET) };
    expect(
      await deliver(member({ channel: 'none', email: 'x@musterstadt.example' }), message, channels),
    ).toEqual({
      channel: 'none',
      delivered: false,
      skippedReason: 'channel-none',
    });
    expect(await deliver(member({}), message, channels)).toMatchObject({
      delivered: false,
      skippedReason: 'missing-email',
    });
    expect(await deliver(member({ email: 'x@musterstadt.example' }), message, channels)).toMatchObject({
      delivered: false,
      skippedReason: 'mail-not-configured',
    });
    expect(await deliver(member({ channel: 'webhook' }), message, channels)).toMatchObject({
      skippedReason: 'missing-webhook-url',
    });
    expect(
      await deliver(member({ channel: 'webhook', webhookUrl: 'ftp://x' }), message, channels),
    ).toMatchObject({
      skippedReason: 'invalid-webhook-url',
    });
  });

  it('a failed send throws, so that the job is retried with backoff', async () => {
    await expect(
      deliver(member({ channel: 'webhook', webhookUrl: `${hookBase}/fail` }), sample('measure-overdue'), {
        webhook: new WebhookChannel(SECRET),
      }),
    ).rejects.toBeInstanceOf(WebhookDeliveryError);
    expect(DELIVERY_ATTEMPTS).toBe(5);
    expect(DELIVERY_BACKOFF).toEqual({ type: 'exponential', delay: 30_000 });
  });
});
