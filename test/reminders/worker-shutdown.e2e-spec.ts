import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { REMINDER_QUEUE, REMINDER_QUEUE_TOKEN, type AnyReminderJob } from '@app/reminders';
import { startTestApp } from '../support/api-app.js';
import { buildApp, startProcess, WORKER_MAIN, type RunningProcess } from '../support/processes.js';
import { freePort, RedisChild, startHoldingHookReceiver, until } from './fault-support.js';
import { seedReminderWorld } from './reminder-world.js';

const SECRET = 'webhook-secret-for-shutdown-tests-1';

interface LogLine {
  msg?: string;
  timeoutMs?: number;
}

const logLines = (running: RunningProcess): LogLine[] =>
  running
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

/**
 * SIGTERM while Redis is gone: the reminder worker's Redis calls would wait for ever (maxRetriesPerRequest:
 * null), so the worker must still close within SHUTDOWN_TIMEOUT_MS and exit 0. Each case has its own
 * redis-server child (killed with SIGKILL) and its own SQLite file that no other process opens.
 */
describe('worker shutdown while Redis is down', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-shutdown-'));
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

  const start = async (name: string, env: Record<string, string>) => {
    const worker = await startProcess(
      WORKER_MAIN,
      {
        SQLITE_PATH: join(dir, `${name}.db`),
        REMINDERS: 'on',
        QUEUE_PREFIX: `shutdown-${name}`,
        LOG_LEVEL: 'info',
        ...env,
      },
      60_000,
    );
    running.push(worker);
    return worker;
  };

  const health = async (worker: RunningProcess) =>
    (await (await fetch(`${worker.url}/health`)).json()) as {
      status: string;
      dependencies: Record<string, { status: string }>;
    };

  const stopsCleanly = async (worker: RunningProcess) => {
    worker.child.kill('SIGTERM');
    const code = await worker.exited;
    const messages = logLines(worker).map((l) => l.msg);
    expect({ code, timedOut: messages.includes('shutdown timed out; exiting') }).toEqual({
      code: 0,
      timedOut: false,
    });
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'shutdown complete']));
  };

  it.each([
    ['delivery only (PROJECTIONS_IN=api)', 'api', '10000'],
    ['policy, reconcile and delivery (PROJECTIONS_IN=worker)', 'worker', '10000'],
  ])(
    '%s: Redis killed after start, SIGTERM exits 0',
    async (_name, projectionsIn, timeout) => {
      const redis = await RedisChild.start();
      redises.push(redis);
      const worker = await start(`killed-${projectionsIn}-${timeout}`, {
        REDIS_URL: redis.url,
        PROJECTIONS_IN: projectionsIn,
        SHUTDOWN_TIMEOUT_MS: timeout,
      });
      await until('reminders up', async () => (await health(worker)).dependencies.reminders?.status === 'up');
      await redis.kill();
      await until(
        'reminders no longer up',
        async () => (await health(worker)).dependencies.reminders?.status !== 'up',
      );
      await stopsCleanly(worker);
    },
    120_000,
  );

  it('a delivery in flight (hanging webhook) and Redis killed: SIGTERM exits 0', async () => {
    const redis = await RedisChild.start();
    redises.push(redis);
    const hook = await startHoldingHookReceiver(1);
    const prefix = `shutdown-inflight-${randomUUID().slice(0, 8)}`;
    const sqlitePath = join(dir, 'inflight.db');
    try {
      // the plan and its schedule are made by the api in-process, which is closed before the worker opens
      // the same SQLite file: only one process at a time uses the embedded store
      const t = await startTestApp({
        SQLITE_PATH: sqlitePath,
        REMINDERS: 'on',
        REDIS_URL: redis.url,
        QUEUE_PREFIX: prefix,
        WEBHOOK_SECRET: SECRET,
      });
      let reminderId: string;
      try {
        const world = await seedReminderWorld(t, `inflight-${prefix}`, {
          hookUrl: hook.url,
          dueDate: '2027-03-15',
        });
        reminderId = `measure-due-14.${world.measureId}.2027-03-15`;
        const queue = t.app.get<Queue<AnyReminderJob>>(REMINDER_QUEUE_TOKEN);
        await until('the delayed job', () => queue.getJob(reminderId));
      } finally {
        await t.close();
      }
      const worker = await startProcess(
        WORKER_MAIN,
        {
          SQLITE_PATH: sqlitePath,
          REMINDERS: 'on',
          REDIS_URL: redis.url,
          QUEUE_PREFIX: prefix,
          WEBHOOK_SECRET: SECRET,
          SHUTDOWN_TIMEOUT_MS: '10000',
          LOG_LEVEL: 'info',
        },
        60_000,
      );
      running.push(worker);
      const connection = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      const queue = new Queue<AnyReminderJob>(REMINDER_QUEUE, { connection, prefix });
      queue.on('error', () => undefined);
      try {
        const job = await queue.getJob(reminderId);
        await job!.promote();
        await until('the webhook request', () => hook.hooks.length >= 1, 60_000);
      } finally {
        await queue.close();
        connection.disconnect();
      }
      await redis.kill();
      await stopsCleanly(worker);
      expect(hook.hooks).toHaveLength(1);
    } finally {
      await hook.close();
    }
  }, 120_000);

  it('Redis never reachable: the worker starts, reports it, and SIGTERM exits 0', async () => {
    const nobody = await freePort();
    const worker = await start('never', {
      REDIS_URL: `redis://127.0.0.1:${nobody}`,
      PROJECTIONS_IN: 'worker',
    });
    const report = await health(worker);
    expect(report.status).toBe('degraded');
    expect(report.dependencies.reminders?.status).not.toBe('up');
    await stopsCleanly(worker);
  }, 120_000);
});
