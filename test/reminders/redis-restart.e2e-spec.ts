import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { READ_DB } from '@app/ops';
import {
  REMINDER_QUEUE_TOKEN,
  reminderClock,
  RemindersHost,
  type AnyReminderJob,
  type ReconcileReport,
  type ReminderJob,
} from '@app/reminders';
import type { SqlDatabase } from '@app/sql';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { bearer } from '../support/http.js';
import { startHookReceiver, startMailCatcher } from '../support/mail-catcher.js';
import { RedisChild, until } from './fault-support.js';
import { seedReminderWorld, sentEvents } from './reminder-world.js';

const SECRET = 'webhook-secret-for-restart-tests-01';

interface Health {
  status: string;
  dependencies: Record<string, { status: string; required: boolean }>;
}

/**
 * Redis is only a cache of the schedule: the reminders table is the source of truth. Here Redis (our own
 * redis-server child, no persistence) is killed with SIGKILL in the middle of a run and comes back empty;
 * the api keeps answering meanwhile, and after the reconcile every scheduled reminder is a job again.
 */
describe('Redis restarted in the middle of a run', () => {
  const prefix = `restart-${randomUUID().slice(0, 8)}`;
  let redis: RedisChild;
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let hook: Awaited<ReturnType<typeof startHookReceiver>>;
  let queue: Queue<AnyReminderJob>;
  let world: Awaited<ReturnType<typeof seedReminderWorld>>;
  const server = () => t.app.getHttpServer();
  const db = () => t.app.get<SqlDatabase>(READ_DB);

  const scheduledRows = () =>
    db().query<{ reminder_id: string; run_at: string; status: string }>(
      "SELECT reminder_id, run_at, status FROM reminders WHERE plan_id = $1 AND status = 'scheduled' ORDER BY reminder_id",
      [world.planId],
    );
  const statusOf = async (reminderId: string) =>
    (
      await db().query<{ status: string }>('SELECT status FROM reminders WHERE reminder_id = $1', [
        reminderId,
      ])
    )[0]?.status;
  const health = async () => {
    const res = await request(server()).get('/health');
    return { code: res.status, body: res.body as Health };
  };
  /** The host logs and swallows a failed reconcile (it retries every ten minutes); here we retry at once. */
  const reconcile = () =>
    until<ReconcileReport>(
      'a reconcile that reaches Redis',
      async () => (await t.app.get(RemindersHost).reconcile('test')) ?? undefined,
      60_000,
      500,
    );

  beforeAll(async () => {
    reminderClock.now = () => new Date();
    redis = await RedisChild.start();
    mail = await startMailCatcher();
    hook = await startHookReceiver();
    t = await startTestApp({
      REMINDERS: 'on',
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      SMTP_URL: mail.url,
      WEBHOOK_SECRET: SECRET,
    });
    queue = t.app.get(REMINDER_QUEUE_TOKEN);
    // the app's queue has no 'error' listener, so BullMQ would console.error every failed reconnect
    queue.on('error', () => undefined);
    world = await seedReminderWorld(t, `neustart-${prefix}`, { hookUrl: hook.url, dueDate: '2027-03-15' });
  }, 60_000);

  afterAll(async () => {
    reminderClock.now = () => new Date();
    // closing needs Redis (or waits out the host's close budget): bring it back if a test left it down
    if (redis && !redis.running) await redis.start().catch(() => undefined);
    await t?.close();
    await mail?.close();
    await hook?.close();
    await redis?.stop();
  }, 60_000);

  it('loses no reminder, keeps commands and queries working, and delivers a reminder due meanwhile once', async () => {
    const dueMeanwhile = `measure-due-14.${world.measureId}.2027-03-15`;

    // 1. the schedule is in Redis: one delayed job per scheduled reminder
    const before = await until('the plan’s reminders in the table', async () => {
      const rows = await scheduledRows();
      return rows.length >= 4 ? rows : undefined;
    });
    expect(before.map((r) => r.reminder_id)).toEqual(
      [
        `goal-target-30.${world.goalId}.2027-09-30`,
        `measure-due-1.${world.measureId}.2027-03-15`,
        dueMeanwhile,
        `measure-overdue.${world.measureId}.2027-03-15`,
      ].sort(),
    );
    for (const row of before) {
      const job = await until(`job ${row.reminder_id}`, () => queue.getJob(row.reminder_id));
      expect(await job.getState()).toBe('delayed');
    }

    // 2. Redis dies and takes every job with it
    await redis.kill();

    // 3. health says degraded (reminders are not required), and the api keeps working
    const down = await until('reminders reported not up', async () => {
      const h = await health();
      return h.body.dependencies.reminders?.status !== 'up' ? h : undefined;
    });
    expect(down.code).toBe(200);
    expect(down.body.status).toBe('degraded');
    expect(down.body.dependencies.reminders).toMatchObject({ required: false });
    for (const [name, dependency] of Object.entries(down.body.dependencies))
      if (name !== 'reminders') expect({ name, status: dependency.status }).toEqual({ name, status: 'up' });

    const added = await request(server())
      .post(`/api/plans/${world.planId}/measures`)
      .set(world.as('coordinator'))
      .send({
        title: 'Sprachcafé',
        goalIds: [world.goalId],
        responsible: { memberId: world.memberIds.contributor },
        startDate: '2026-02-01',
        dueDate: '2027-05-20',
      });
    expect(added.status).toBe(201);
    const secondMeasure = (added.body as { id: string }).id;
    const dashboard = await request(server())
      .get(
        `/api/plans/${world.planId}/dashboard?minPosition=${(added.body as { position: number }).position}`,
      )
      .set(world.as('viewer'));
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers['read-model-caught-up']).toBe('true');
    expect(dashboard.body).toMatchObject({ planId: world.planId, measures: { total: 2, planned: 2 } });
    // the policy kept the table up to date although Redis is away
    const listed = await request(server())
      .get(`/api/plans/${world.planId}/reminders`)
      .set(bearer(world.tokens.coordinator!))
      .expect(200);
    expect(
      (listed.body as { scheduled: { reminderId: string }[] }).scheduled.map((r) => r.reminderId),
    ).toEqual(
      expect.arrayContaining([
        `measure-due-14.${secondMeasure}.2027-05-20`,
        `measure-due-1.${secondMeasure}.2027-05-20`,
        `measure-overdue.${secondMeasure}.2027-05-20`,
      ]),
    );

    // 4. time passes while Redis is away: the first measure's 14-day reminder (08:00 Berlin on 1 March 2027,
    //    07:00Z) falls due
    reminderClock.now = () => new Date('2027-03-01T08:00:00.000Z');

    // 5. Redis comes back empty; the reconcile rebuilds the schedule from the table
    await redis.start();
    await until(
      'reminders up again',
      async () => (await health()).body.dependencies.reminders?.status === 'up',
    );
    const report = await reconcile();
    const rows = await scheduledRows();
    expect(report.desired).toBeGreaterThanOrEqual(rows.length);
    const ids = rows.map((r) => r.reminder_id);
    // every reminder of both measures and the goal is still wanted (the due one may be sent already)
    expect(
      [...ids, ...((await statusOf(dueMeanwhile)) === 'scheduled' ? [] : [dueMeanwhile])].sort(),
    ).toEqual(
      [
        ...before.map((r) => r.reminder_id),
        `measure-due-14.${secondMeasure}.2027-05-20`,
        `measure-due-1.${secondMeasure}.2027-05-20`,
        `measure-overdue.${secondMeasure}.2027-05-20`,
      ].sort(),
    );
    for (const row of rows) {
      const job = await queue.getJob(row.reminder_id);
      expect({ id: row.reminder_id, found: Boolean(job) }).toEqual({ id: row.reminder_id, found: true });
      expect((job!.data as ReminderJob).runAt).toBe(row.run_at);
      if (row.reminder_id !== dueMeanwhile) expect(await job!.getState()).toBe('delayed');
    }

    // 6. the reminder that fell due meanwhile is delivered, once
    await until('the due reminder recorded', async () => (await statusOf(dueMeanwhile)) === 'sent', 90_000);
    const again = await reconcile();
    expect(again).toMatchObject({ added: 0, moved: 0, removed: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await sentEvents(t, world.planId, dueMeanwhile)).toHaveLength(1);
    expect(
      mail.mails.filter((m) => m.header('Message-ID')?.includes(`${world.measureId}.2027-03-15`)),
    ).toHaveLength(1);
    expect(hook.hooks.filter((h) => h.body.includes(dueMeanwhile))).toHaveLength(1);
    expect(await (await queue.getJob(dueMeanwhile))!.getState()).toBe('completed');
    // and nothing else went out (a weekly digest is a repeating job on its own clock: not counted)
    expect(mail.mails.filter((m) => !m.header('Message-ID')?.includes('weekly-digest'))).toHaveLength(1);
    expect(hook.hooks).toHaveLength(1);
  }, 240_000);
});
