import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { READ_DB } from '@app/ops';
import { REMINDER_QUEUE_TOKEN, reminderClock, type AnyReminderJob } from '@app/reminders';
import type { SqlDatabase } from '@app/sql';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { startHookReceiver, startMailCatcher } from '../support/mail-catcher.js';
import { buildApp, startProcess, WORKER_MAIN, type RunningProcess } from '../support/processes.js';
import { RedisChild, until } from './fault-support.js';
import { seedReminderWorld, sentEvents } from './reminder-world.js';

/*
 * Defects found while writing the reminder fault tests. Each test states the behaviour the README and the
 * code's own comments promise; they fail until the defect named in the test is fixed.
 */

const SECRET = 'webhook-secret-for-bug-tests-012345';

describe('reminders in the api process (own redis-server)', () => {
  const prefix = `bugs-${randomUUID().slice(0, 8)}`;
  let redis: RedisChild;
  let t: TestApp;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let hook: Awaited<ReturnType<typeof startHookReceiver>>;
  let queue: Queue<AnyReminderJob>;

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
    queue.on('error', () => undefined);
  }, 60_000);

  afterAll(async () => {
    reminderClock.now = () => new Date();
    if (redis && !redis.running) await redis.start().catch(() => undefined);
    await t?.close();
    await mail?.close();
    await hook?.close();
    await redis?.stop();
  }, 60_000);

  // reminder-processor.ts oneOff() re-checks the reminder with `now: new Date(reminder.runAt)`, so the
  // policy's LATE_LIMIT_MS ("reminders whose time passed more than 24 h ago are not sent any more") never
  // applies at delivery: a delayed job that sat in Redis while no worker ran (or whose worker was down for
  // days) is sent however late it is, unless a reconcile happened to cancel it first.
  it('a job more than 24 h late is not delivered (as the policy leaves such reminders out)', async () => {
    const world = await seedReminderWorld(t, `spaet-${prefix}`, { hookUrl: hook.url, dueDate: '2027-03-15' });
    const reminderId = `measure-due-14.${world.measureId}.2027-03-15`;
    const job = await until('the delayed job', () => queue.getJob(reminderId));
    // the worker was away: it is now three days after 2027-03-01T07:00Z, when the reminder was due
    reminderClock.now = () => new Date('2027-03-04T07:00:00.000Z');
    try {
      await job.promote();
      await until('the job ran', async () => (await job.getState()) === 'completed', 60_000);
      const db = t.app.get<SqlDatabase>(READ_DB);
      const status = async () =>
        (
          await db.query<{ status: string }>('SELECT status FROM reminders WHERE reminder_id = $1', [
            reminderId,
          ])
        )[0]?.status;
      const settled = await until('the reminder settled', async () => {
        const s = await status();
        return s !== 'scheduled' ? (s ?? 'gone') : undefined;
      });
      expect({
        mails: mail.mails.filter((m) => m.header('Message-ID')?.includes(world.measureId)).length,
        hooks: hook.hooks.filter((h) => h.body.includes(reminderId)).length,
        recorded: (await sentEvents(t, world.planId, reminderId)).length,
        status: settled,
      }).toEqual({ mails: 0, hooks: 0, recorded: 0, status: expect.stringMatching(/^(cancelled|skipped)$/) });
    } finally {
      reminderClock.now = () => new Date();
    }
  }, 120_000);

  // reminders.host.ts registers a check that awaits connections[0].ping(); the connection has
  // maxRetriesPerRequest: null, so while Redis is away the PING waits in ioredis' offline queue until the
  // health controller's 2 s deadline: the `pong === 'PONG' ? 'up' : 'degraded'` branch can never say
  // degraded, every /health probe of the api takes 2 s (a readiness probe with a 1 s timeout takes the api
  // out of service although reminders are not required), and each probe leaves one more PING queued.
  it('/health reports reminders degraded at once while Redis is down', async () => {
    await redis.kill();
    try {
      const res = await request(t.app.getHttpServer()).get('/health');
      expect(res.status).toBe(200);
      expect(res.body.dependencies.reminders).toMatchObject({ status: 'degraded', required: false });
    } finally {
      await redis.start();
      // let every connection come back before the suite closes the app
      await until('reminders up again', async () => {
        const res = await request(t.app.getHttpServer()).get('/health');
        return (
          (res.body as { dependencies: Record<string, { status: string }> }).dependencies.reminders
            ?.status === 'up'
        );
      });
    }
  }, 60_000);
});

describe('the worker process while Redis is down (own redis-server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bugs-'));
  const running: RunningProcess[] = [];
  const redises: RedisChild[] = [];

  beforeAll(() => buildApp('worker'), 240_000);

  afterEach(async () => {
    for (const r of running.splice(0)) {
      if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
      await r.exited;
    }
    for (const redis of redises.splice(0)) await redis.stop();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const workerWithoutRedis = async (name: string, env: Record<string, string> = {}) => {
    const redis = await RedisChild.start();
    redises.push(redis);
    const worker = await startProcess(
      WORKER_MAIN,
      {
        SQLITE_PATH: join(dir, `${name}.db`),
        REMINDERS: 'on',
        REDIS_URL: redis.url,
        QUEUE_PREFIX: `bugs-${name}`,
        LOG_LEVEL: 'info',
        ...env,
      },
      60_000,
    );
    running.push(worker);
    const remindersStatus = async () =>
      (
        (await (await fetch(`${worker.url}/health`)).json()) as {
          dependencies: Record<string, { status: string }>;
        }
      ).dependencies.reminders?.status;
    await until('reminders up', async () => (await remindersStatus()) === 'up');
    await redis.kill();
    await until('reminders not up', async () => (await remindersStatus()) !== 'up');
    return worker;
  };

  // reminders.host.ts onApplicationShutdown waits a fixed CLOSE_WITHIN_MS = 5000 for worker.close() and
  // queue.close(), which never settle while Redis is away; it does not know SHUTDOWN_TIMEOUT_MS, so with
  // any SHUTDOWN_TIMEOUT_MS up to about 5 s the process logs "shutdown timed out; exiting" and exits 1.
  it('SIGTERM with SHUTDOWN_TIMEOUT_MS=3000 exits 0 within it', async () => {
    const worker = await workerWithoutRedis('budget', { SHUTDOWN_TIMEOUT_MS: '3000' });
    worker.child.kill('SIGTERM');
    const code = await worker.exited;
    const messages = worker
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { msg?: string }).msg);
    expect({ code, timedOut: messages.includes('shutdown timed out; exiting') }).toEqual({
      code: 0,
      timedOut: false,
    });
  }, 120_000);

  // README: "Logs are JSON lines (pino)". During a Redis outage (1) the BullMQ Queue made in
  // reminders.module.ts has no 'error' listener, so BullMQ console.error()s every failed reconnect as a
  // multi-line stack trace, and ioredis prints "[ioredis] Unhandled error event"; (2) reminders.host.ts calls
  // Nest's Logger pino-style, warn({ err }, 'reminder worker error'): Nest's signature is (message, context),
  // so PinoNestLogger logs msg "[object Object]" with context "reminder worker error" and the error is lost.
  it('logs the outage as JSON lines that name the error', async () => {
    const worker = await workerWithoutRedis('logs');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    worker.child.kill('SIGTERM');
    await worker.exited;
    const lines = worker
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    expect(lines.filter((line) => !line.startsWith('{'))).toEqual([]);
    const warnings = lines
      .map((line) => JSON.parse(line) as { level: number; msg: string; context?: string })
      .filter((l) => l.level === 40);
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) {
      expect(warning.msg).not.toBe('[object Object]');
      expect(JSON.stringify(warning)).toMatch(/ECONNREFUSED|ECONNRESET|EPIPE|Connection is closed|connect/);
    }
  }, 120_000);
});
