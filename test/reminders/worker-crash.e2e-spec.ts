import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import { READ_DB } from '@app/ops';
import { REMINDER_QUEUE_TOKEN, verifyWebhookSignature, type AnyReminderJob } from '@app/reminders';
import type { SqlDatabase } from '@app/sql';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { startMailCatcher } from '../support/mail-catcher.js';
import { testDatabaseUrl } from '../support/postgres.js';
import { buildApp, startProcess, WORKER_MAIN, type RunningProcess } from '../support/processes.js';
import { deletePrefix, startHoldingHookReceiver, until } from './fault-support.js';
import { seedReminderWorld, sentEvents } from './reminder-world.js';

const SECRET = 'webhook-secret-for-crash-tests-0123';
const REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The production layout on PostgreSQL: the api (in-process here) runs the projections and with them the
 * reminder policy, which schedules the delayed jobs; only the worker process delivers (deliverIn=['worker']).
 * The worker is the built artifact, killed with SIGKILL while a webhook hangs in the middle of a delivery.
 */
describe('a worker killed in the middle of a delivery', () => {
  const prefix = `crash-${randomUUID().slice(0, 8)}`;
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let hook: Awaited<ReturnType<typeof startHoldingHookReceiver>>;
  let queue: Queue<AnyReminderJob>;
  const workers: RunningProcess[] = [];

  const startWorker = async () => {
    const models = t.config.readModels;
    if (models.kind !== 'postgres') throw new Error('expected the PostgreSQL layout');
    const worker = await startProcess(
      WORKER_MAIN,
      {
        EVENT_STORE: 'postgres',
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_SCHEMA: models.schema,
        // the api runs the projections and the policy; this process only delivers
        PROJECTIONS_IN: 'api',
        REMINDERS: 'on',
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        SMTP_URL: mail.url,
        WEBHOOK_SECRET: SECRET,
        LOG_LEVEL: 'info',
      },
      60_000,
    );
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    buildApp('worker');
    mail = await startMailCatcher();
    hook = await startHoldingHookReceiver(1);
    t = await startTestApp(
      {
        REMINDERS: 'on',
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        SMTP_URL: mail.url,
        WEBHOOK_SECRET: SECRET,
      },
      'postgres',
    );
    queue = t.app.get(REMINDER_QUEUE_TOKEN);
  }, 240_000);

  afterAll(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await t?.close();
    await hook?.close();
    await mail?.close();
    await deletePrefix(REDIS_URL, prefix);
  }, 60_000);

  it('is delivered again by the next worker (same Idempotency-Key) and recorded once', async () => {
    const world = await seedReminderWorld(t, `absturz-${prefix}`, {
      hookUrl: hook.url,
      dueDate: '2027-03-15',
    });
    const reminderId = `measure-due-14.${world.measureId}.2027-03-15`;
    const coordinator = world.memberIds.coordinator!;
    const contributor = world.memberIds.contributor!;
    const db = t.app.get<SqlDatabase>(READ_DB);
    const status = async () =>
      (
        await db.query<{ status: string }>('SELECT status FROM reminders WHERE reminder_id = $1', [
          reminderId,
        ])
      )[0]?.status;
    const mailsOfIt = () => mail.mails.filter((m) => m.header('Message-ID')?.includes(world.measureId));

    const job = await until('the delayed job', () => queue.getJob(reminderId));
    expect(await job.getState()).toBe('delayed');

    // the first worker takes the job: e-mail to the coordinator goes out, the contributor's webhook hangs
    const first = await startWorker();
    await job.promote();
    await until('the webhook request', () => hook.hooks.length >= 1, 60_000);
    expect(hook.hooks[0]!.held).toBe(true);
    expect(mailsOfIt().map((m) => m.to)).toEqual([['koordination@beispielstadt.de']]);
    expect(await job.getState()).toBe('active');

    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.child.signalCode).toBe('SIGKILL');
    await hook.hooks[0]!.closed;
    expect(await sentEvents(t, world.planId, reminderId)).toEqual([]);
    expect(await status()).toBe('scheduled');

    // a second worker finds the job stalled once its lock has expired (lockDuration and stalledInterval,
    // 30 s each) and runs it again
    const second = await startWorker();
    await until('the second webhook request', () => hook.hooks.length >= 2, 150_000, 250);
    await until(
      'ReminderSent',
      async () => (await sentEvents(t, world.planId, reminderId)).length > 0,
      60_000,
    );
    await until('the job completed', async () => (await job.getState()) === 'completed', 60_000);
    await until('the table says sent', async () => (await status()) === 'sent', 60_000);

    // settled: nothing more arrives
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(hook.hooks).toHaveLength(2);
    const key = `${reminderId}:${contributor}`;
    expect(hook.hooks.map((h) => h.headers['idempotency-key'])).toEqual([key, key]);
    expect(hook.hooks[1]!.body).toBe(hook.hooks[0]!.body);
    for (const h of hook.hooks) {
      expect(JSON.parse(h.body)).toMatchObject({ reminderId, language: 'en', kind: 'measure-due-14' });
      expect(
        verifyWebhookSignature(
          SECRET,
          String(h.headers['x-ledger-timestamp']),
          h.body,
          String(h.headers['x-ledger-signature']),
        ),
      ).toBe(true);
    }
    // the e-mail had gone out before the crash and the job's progress remembered it: not sent again
    expect(mailsOfIt()).toHaveLength(1);
    const sent = await sentEvents(t, world.planId, reminderId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.data).toMatchObject({
      reminderId,
      kind: 'measure-due-14',
      planId: world.planId,
      recipients: [
        { memberId: coordinator, channel: 'email', delivered: true },
        { memberId: contributor, channel: 'webhook', delivered: true },
      ],
    });

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 360_000);
});
