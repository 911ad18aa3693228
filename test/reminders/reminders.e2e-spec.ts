import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import request from 'supertest';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE, READ_DB } from '@app/ops';
import {
  REMINDER_QUEUE_TOKEN,
  reminderClock,
  RemindersHost,
  verifyWebhookSignature,
  type AnyReminderJob,
} from '@app/reminders';
import type { SqlDatabase } from '@app/sql';
import type { Queue } from 'bullmq';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { bearer, seedMunicipality } from '../support/http.js';
import { startHookReceiver, startMailCatcher } from '../support/mail-catcher.js';
import { today } from '../support/plan-world.js';

const SECRET = 'webhook-secret-for-tests-0123456789';

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reminders against the real Redis, a real SMTP server and a local webhook receiver, with a clock we control. */
describe('reminders', () => {
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let hook: Awaited<ReturnType<typeof startHookReceiver>>;
  let queue: Queue<AnyReminderJob>;
  let planId: string;
  let measureId: string;
  let heldMeetingId: string;
  let coordinatorToken: string;
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const server = () => t.app.getHttpServer();
  const reminders = async () => {
    const head = await t.app.get<EventStore>(EVENT_STORE).headPosition();
    const res = await request(server())
      .get(`/api/plans/${planId}/reminders?minPosition=${head}`)
      .set(bearer(coordinatorToken))
      .expect(200);
    return res.body as {
      scheduled: { reminderId: string; kind: string; runAt: string; about: string }[];
      sent: { reminderId: string; status: string }[];
    };
  };

  beforeAll(async () => {
    reminderClock.now = () => new Date();
    mail = await startMailCatcher();
    hook = await startHookReceiver();
    t = await startTestApp({
      REMINDERS: 'on',
      SMTP_URL: mail.url,
      WEBHOOK_SECRET: SECRET,
      QUEUE_PREFIX: prefix,
    });
    queue = t.app.get(REMINDER_QUEUE_TOKEN);
    const tenant = await seedMunicipality(t, `erinnerung-${prefix}`);
    coordinatorToken = tenant.tokens.coordinator!;
    const as = (role: string) => bearer(tenant.tokens[role]!);
    await request(server())
      .put('/api/me/contact')
      .set(as('coordinator'))
      .send({ email: 'koordination@beispielstadt.de', language: 'de' })
      .expect(200);
    await request(server())
      .put('/api/me/contact')
      .set(as('contributor'))
      .send({ channel: 'webhook', webhookUrl: hook.url, language: 'en' })
      .expect(200);
    const post = async (role: string, path: string, body: object) =>
      (await request(server()).post(path).set(as(role)).send(body)).body as { id: string };
    planId = (
      await post('coordinator', `/api/municipalities/${tenant.municipalityId}/plans`, {
        title: 'Masterplan',
        vision: 'Vision',
        horizonStart: today(-10),
        horizonEnd: '2030-12-31',
      })
    ).id;
    const goalId = (
      await post('coordinator', `/api/plans/${planId}/goals`, {
        themeField: 'housing',
        title: 'Wohnen',
        targetDate: '2027-09-30',
      })
    ).id;
    measureId = (
      await post('coordinator', `/api/plans/${planId}/measures`, {
        title: 'Wohnungsbörse',
        goalIds: [goalId],
        responsible: { memberId: tenant.memberIds.contributor },
        startDate: today(-5),
        dueDate: '2027-03-15',
      })
    ).id;
    await post('contributor', `/api/measures/${measureId}/start`, { startedOn: today(-2) });
    await post('coordinator', `/api/plans/${planId}/meetings`, {
      title: 'Sommerdialog',
      kind: 'dialogue',
      scheduledFor: '2027-07-10T16:00:00Z',
      themeFields: ['housing'],
    });
    heldMeetingId = (
      await post('coordinator', `/api/plans/${planId}/meetings`, {
        title: 'Auftakt',
        kind: 'dialogue',
        scheduledFor: new Date().toISOString(),
        themeFields: [],
      })
    ).id;
    await post('contributor', `/api/meetings/${heldMeetingId}/held`, {
      heldOn: today(),
      attendance: { affected: 3, involved: 2, responsible: 1 },
      outcomes: [],
      concerns: [],
    });
  });

  afterAll(async () => {
    await t?.close();
    await mail?.close();
    await hook?.close();
  });

  it('plans every kind at 08:00 in the municipality’s time zone and schedules a delayed job for each', async () => {
    const { scheduled } = await until('reminders planned', async () => {
      const r = await reminders();
      return r.scheduled.length >= 8 ? r : undefined;
    });
    const runAt = (kind: string) => scheduled.find((r) => r.kind === kind)?.runAt;
    // hand-computed: 15 March 2027 is in winter time (UTC+1), 10 July in summer time (UTC+2)
    expect(runAt('measure-due-14')).toBe('2027-03-01T07:00:00.000Z');
    expect(runAt('measure-due-1')).toBe('2027-03-14T07:00:00.000Z');
    expect(runAt('measure-overdue')).toBe('2027-03-16T07:00:00.000Z');
    expect(runAt('meeting-upcoming')).toBe('2027-07-07T06:00:00.000Z');
    expect(runAt('goal-target-30')).toBe('2027-08-31T06:00:00.000Z');
    expect(scheduled.find((r) => r.kind === 'measure-stale')?.about).toBe(today(-2));
    expect(scheduled.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['minutes-missing-3', 'minutes-missing-7']),
    );
    for (const reminder of scheduled) {
      const job = await until(`job ${reminder.reminderId}`, () => queue.getJob(reminder.reminderId));
      expect(Math.abs(job.timestamp + (job.delay ?? 0) - Date.parse(reminder.runAt))).toBeLessThan(5_000);
      expect(await job.getState()).toBe('delayed');
    }
  });

  it('delivers a due reminder by e-mail and signed webhook, and records it once', async () => {
    const id = `measure-due-14.${measureId}.2027-03-01`.replace('2027-03-01', '2027-03-15');
    reminderClock.now = () => new Date('2027-03-01T07:00:00.000Z');
    try {
      const job = await queue.getJob(id);
      await job!.promote();
      const sentMail = await until('mail', () =>
        mail.mails.find(
          (m) =>
            m.raw.includes(id.replace(/[^A-Za-z0-9.-]/g, '')) || m.header('Message-ID')?.includes(measureId),
        ),
      );
      expect(sentMail.to).toEqual(['koordination@beispielstadt.de']);
      expect(sentMail.raw).toMatch(/Wohnungsbörse|Wohnungsb=C3=B6rse|=\?UTF-8\?/);
      const sentHook = await until('webhook', () => hook.hooks.find((h) => h.body.includes(id)));
      expect(
        verifyWebhookSignature(
          SECRET,
          String(sentHook.headers['x-ledger-timestamp']),
          sentHook.body,
          String(sentHook.headers['x-ledger-signature']),
          300,
          Math.floor(Date.now() / 1000),
        ),
      ).toBe(true);
      expect(JSON.parse(sentHook.body)).toMatchObject({ reminderId: id, language: 'en' });
      const recorded = await until('ReminderSent', async () => {
        const events = [];
        for await (const e of t.app.get<EventStore>(EVENT_STORE).readStream(`reminders-${planId}`))
          events.push(e);
        return events.length > 0 ? events : undefined;
      });
      expect(recorded.map((e) => e.type)).toEqual(['ReminderSent']);
      expect(recorded[0]!.data).toMatchObject({ reminderId: id, planId, kind: 'measure-due-14' });
      const after = await until('status sent', async () => {
        const r = await reminders();
        return r.sent.some((s) => s.reminderId === id && s.status === 'sent') ? r : undefined;
      });
      expect(after.scheduled.some((s) => s.reminderId === id)).toBe(false);
    } finally {
      reminderClock.now = () => new Date();
    }
  });

  it('moves jobs when a measure is rescheduled and removes them when it is completed', async () => {
    const as = bearer(coordinatorToken);
    await request(server())
      .post(`/api/measures/${measureId}/reschedule`)
      .set(as)
      .send({ dueDate: '2027-04-20', reason: 'später' })
      .expect(200);
    const moved = await until('moved', async () => {
      const r = await reminders();
      return r.scheduled.some((s) => s.reminderId === `measure-due-1.${measureId}.2027-04-20`)
        ? r
        : undefined;
    });
    expect(moved.scheduled.some((s) => s.reminderId.endsWith('.2027-03-15'))).toBe(false);
    await until('new job', () => queue.getJob(`measure-due-1.${measureId}.2027-04-20`));
    await until('old job gone', async () =>
      (await queue.getJob(`measure-due-1.${measureId}.2027-03-15`)) ? undefined : true,
    );
    await request(server()).post(`/api/measures/${measureId}/complete`).set(as).send({}).expect(200);
    await until('completed measure has no reminders', async () => {
      const r = await reminders();
      return r.scheduled.some((s) => s.reminderId.includes(measureId)) ? undefined : true;
    });
    await until('its jobs are gone', async () =>
      (await queue.getJob(`measure-due-1.${measureId}.2027-04-20`)) ? undefined : true,
    );
  });

  it('restores the whole schedule from the table after Redis lost everything', async () => {
    const redis = new Redis(t.config.redisUrl, { maxRetriesPerRequest: null });
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      expect(await queue.getJobs(['delayed'])).toEqual([]);
      const report = await t.app.get(RemindersHost).reconcile('test');
      const { scheduled } = await reminders();
      expect(report?.added).toBe(scheduled.length);
      for (const r of scheduled) expect(await queue.getJob(r.reminderId)).toBeDefined();
      const again = await t.app.get(RemindersHost).reconcile('test');
      expect(again).toMatchObject({ added: 0, moved: 0, removed: 0 });
    } finally {
      redis.disconnect();
    }
  });

  it('records a reminder delivered twice (a retry after a crash) only once', async () => {
    const id = `minutes-missing-3.${heldMeetingId}.${today()}`;
    const db = t.app.get<SqlDatabase>(READ_DB);
    const job = await until('minutes job', () => queue.getJob(id));
    const before = mail.mails.length;
    reminderClock.now = () =>
      new Date(
        job.data.kind === 'plan-review' ? Date.now() : Date.parse((job.data as { runAt: string }).runAt),
      );
    try {
      await job.promote();
      await until('first delivery', () => (mail.mails.length > before ? true : undefined));
      const count = async () => {
        let n = 0;
        for await (const e of t.app.get<EventStore>(EVENT_STORE).readStream(`reminders-${planId}`))
          if ((e.data as { reminderId: string }).reminderId === id) n++;
        return n;
      };
      await until('recorded', async () => ((await count()) === 1 ? true : undefined));
      // as if the worker died after sending but before the table learned of it: the job runs again
      await until('status', async () =>
        (await db.query<{ status: string }>('SELECT status FROM reminders WHERE reminder_id = $1', [id]))[0]
          ?.status === 'sent'
          ? true
          : undefined,
      );
      await db.execute("UPDATE reminders SET status = 'scheduled' WHERE reminder_id = $1", [id]);
      await queue.add(job.name, job.data, { jobId: `${id}.retry` });
      await until('second delivery', () =>
        mail.mails.filter((m) => m.header('Message-ID') === mail.mails[before]!.header('Message-ID'))
          .length >= 2
          ? true
          : undefined,
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(await count()).toBe(1);
    } finally {
      reminderClock.now = () => new Date();
    }
  });
});
