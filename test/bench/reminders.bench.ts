/**
 * `npm run bench:reminders`: the reminder schedule at scale, on a redis-server of its own.
 *
 * 1. Writes 10,000 draft plans into plan_views of a temp SQLite file (100 municipalities, one coordinator each
 *    whose channel is a local webhook; per plan three measures and a goal with a target date: ten reminders),
 *    then rebuilds the reminder policy into the reminders table as RemindersHost.reconcile does (one
 *    transaction, ReminderPolicyProjection.replan per plan): 100,000 scheduled reminders; and the same replan
 *    once more with nothing changed (what the host's periodic reconcile does every ten minutes).
 * 2. SHIPPED: ReminderScheduler.reconcile() into an empty Redis (one getJob, then one add per reminder,
 *    sequentially), then again with everything in place (nothing to do): time, Redis used_memory before/after.
 * 3. BENCH-ONLY VARIANTS (not the shipped code path), after deleting the queue's keys each time:
 *    a. "batched reconcile": what reconcile could do instead: per chunk of 1,000 rows the getJob calls are
 *       issued together (ioredis pipelines them on the one connection), the missing jobs go in with one
 *       Queue.addBulk (jobId = reminder id, same options and delays), moved ones are removed and re-added;
 *       then the same removal pass as the shipped reconcile. Run into an empty Redis and again into a full one.
 *    b. "pipelined reconcile": the same, but the existing jobs' runAt is read with one pipeline of
 *       HGET <job key> data per chunk (no Job objects), and the removal pass reads only ids (getRanges).
 *    c. "addBulk only": Queue.addBulk of all rows in chunks of 1,000, nothing read first (the floor).
 * 4. Delivery: promotes 5,000 of the delayed jobs and runs ReminderProcessor (the real one: re-reads the
 *    table and the plan view, renders, signs and POSTs the webhook, records ReminderSent in the SQLite event
 *    store) in a BullMQ Worker with concurrency 50 against a local webhook receiver answering 204:
 *    deliveries/s from the worker's start to the last completion.
 *
 *   npm run bench:reminders -- [--plans N] [--deliveries N] [--concurrency N] [--chunk N]
 *   npm run bench:reminders -- --policy [--measures 500] [--batch 25] [--reports 20000] [--seconds 10]
 *
 * `--policy` runs only the policy's CPU time per progress report (test/bench/reminders-policy.ts), no Redis.
 *
 * Goal (issue): 100,000 reminders scheduled in under 10 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Goal, Measure, Plan } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { PlanViewProjection } from '@app/projections';
import type { PlanView } from '@app/read-models';
import {
  deliver,
  DELIVERY_JOB_OPTIONS,
  REMINDER_QUEUE,
  ReminderPolicyProjection,
  ReminderProcessor,
  ReminderScheduler,
  WebhookChannel,
  type AnyReminderJob,
  type ReminderJob,
} from '@app/reminders';
import { migrate, SqliteDatabase, TENANCY_MIGRATIONS } from '@app/sql';
import { deletePrefix, RedisChild } from '../reminders/fault-support.js';
import { policyBench } from './reminders-policy.js';

const { values } = parseArgs({
  options: {
    plans: { type: 'string', default: '10000' },
    deliveries: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '50' },
    chunk: { type: 'string', default: '1000' },
    policy: { type: 'boolean', default: false },
    measures: { type: 'string', default: '500' },
    batch: { type: 'string', default: '25' },
    reports: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '10' },
  },
});
const PLANS = Number(values.plans);
const MUNICIPALITIES = Math.max(1, Math.min(100, PLANS));
const DELIVERIES = Number(values.deliveries);
const CONCURRENCY = Number(values.concurrency);
const CHUNK = Number(values.chunk);
const GOAL_SECONDS = 10;
const PREFIX = 'bench-reminders';
/** The whole bench normally takes a few minutes; past this it is stuck, not slow. */
const DEADLINE_MS = 20 * 60_000;
const SECRET = 'bench-webhook-secret-0123456789';

const deadline = setTimeout(() => {
  process.stderr.write(`bench:reminders stuck: no result after ${DEADLINE_MS / 60_000} min\n`);
  process.exit(2);
}, DEADLINE_MS);
deadline.unref();

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const uuid = (kind: number, n: number) =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const seconds = (ms: number) => `${fmt(ms / 1000, 2)} s`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

function planView(p: number, municipalityId: string): PlanView {
  const planId = uuid(1, p);
  const ref = { municipalityId, planId };
  const goal: Goal = {
    id: uuid(2, p),
    themeField: 'housing',
    title: `Ziel ${p}`,
    status: 'defined',
    measurementCount: 0,
    revisionCount: 0,
    targetDate: day(120 + (p % 600)),
  };
  const measures: Record<string, Measure> = {};
  for (let m = 0; m < 3; m++) {
    const measureId = uuid(3 + m, p);
    measures[measureId] = {
      ...ref,
      measureId,
      status: 'planned',
      title: `Maßnahme ${m + 1} von Plan ${p}`,
      goalIds: [goal.id],
      responsible: { office: 'Integrationsbüro' },
      startDate: day(1),
      dueDate: day(60 + ((p * 7 + m * 31) % 700)),
      weight: 1,
      percent: 0,
      reportCount: 0,
      rescheduleCount: 0,
    };
  }
  const plan: Plan = {
    status: 'draft',
    ...ref,
    title: `Masterplan ${p}`,
    vision: 'Gemeinsam gut leben',
    horizonStart: day(-30),
    horizonEnd: day(1500),
    themeFields: [{ key: 'housing', name: 'Wohnen' }] as Plan['themeFields'],
    goals: [goal],
    partners: [],
    decisions: [],
  };
  return {
    plan,
    measures,
    meetings: {},
    position: p + 1,
    lastActivityAt: new Date().toISOString(),
    eventCount: 6,
  };
}

async function startReceiver() {
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.statusCode = 204;
      response.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received: () => received,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface Row {
  reminder_id: string;
  plan_id: string;
  municipality_id: string;
  kind: ReminderJob['kind'];
  subject_id: string;
  about: string;
  run_at: string;
}

const toJob = (row: Row): ReminderJob => ({
  reminderId: row.reminder_id,
  kind: row.kind,
  municipalityId: row.municipality_id,
  planId: row.plan_id,
  subjectId: row.subject_id,
  about: row.about,
  runAt: row.run_at,
});

/** BENCH-ONLY: the batched reconcile proposed in docs/benchmarks.md (not the shipped ReminderScheduler). */
async function batchedReconcile(queue: Queue<AnyReminderJob>, rows: Row[], now: () => Date) {
  const report = { added: 0, moved: 0, kept: 0, removed: 0 };
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map(toJob);
    const existing = await Promise.all(chunk.map((r) => queue.getJob(r.reminderId)));
    const toAdd: ReminderJob[] = [];
    const moving: Job[] = [];
    chunk.forEach((reminder, k) => {
      const job = existing[k];
      if (!job) toAdd.push(reminder);
      else if ((job.data as ReminderJob).runAt === reminder.runAt) report.kept += 1;
      else {
        moving.push(job);
        toAdd.push(reminder);
      }
    });
    // (the shipped code keeps an active job; a real implementation would check getState() for the moved ones)
    await Promise.all(moving.map((job) => job.remove()));
    report.moved += moving.length;
    report.added += toAdd.length - moving.length;
    if (toAdd.length > 0) {
      const at = now().getTime();
      await queue.addBulk(
        toAdd.map((reminder) => ({
          name: reminder.kind,
          data: reminder,
          opts: {
            ...DELIVERY_JOB_OPTIONS,
            jobId: reminder.reminderId,
            delay: Math.max(0, new Date(reminder.runAt).getTime() - at),
          },
        })),
      );
    }
  }
  const wanted = new Set(rows.map((r) => r.reminder_id));
  for (const job of await queue.getJobs(['delayed', 'waiting', 'prioritized'])) {
    if (!job?.id || wanted.has(job.id)) continue;
    await job.remove();
    report.removed += 1;
  }
  return report;
}

/**
 * BENCH-ONLY: the batched reconcile with the reads made cheap: one pipeline of HGET <job key> data per chunk
 * instead of getJob (which reads the whole hash and builds a Job), and a removal pass over ids only.
 */
async function pipelinedReconcile(queue: Queue<AnyReminderJob>, redis: Redis, rows: Row[], now: () => Date) {
  const report = { added: 0, moved: 0, kept: 0, removed: 0 };
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK).map(toJob);
    const pipeline = redis.pipeline();
    for (const reminder of chunk) pipeline.hget(queue.toKey(reminder.reminderId), 'data');
    const results = (await pipeline.exec()) ?? [];
    const toAdd: ReminderJob[] = [];
    const moving: string[] = [];
    chunk.forEach((reminder, k) => {
      const data = results[k]?.[1] as string | null | undefined;
      if (!data) toAdd.push(reminder);
      else if ((JSON.parse(data) as ReminderJob).runAt === reminder.runAt) report.kept += 1;
      else {
        moving.push(reminder.reminderId);
        toAdd.push(reminder);
      }
    });
    // Queue.remove leaves a locked (active) job alone, as the shipped schedule() does
    await Promise.all(moving.map((id) => queue.remove(id)));
    report.moved += moving.length;
    report.added += toAdd.length - moving.length;
    if (toAdd.length > 0) {
      const at = now().getTime();
      await queue.addBulk(
        toAdd.map((reminder) => ({
          name: reminder.kind,
          data: reminder,
          opts: {
            ...DELIVERY_JOB_OPTIONS,
            jobId: reminder.reminderId,
            delay: Math.max(0, new Date(reminder.runAt).getTime() - at),
          },
        })),
      );
    }
  }
  const wanted = new Set(rows.map((r) => r.reminder_id));
  for (const type of ['delayed', 'waiting', 'prioritized'] as const) {
    const ids = await queue.getRanges([type], 0, -1);
    const stale = ids.filter((id) => !wanted.has(id) && !id.startsWith('repeat:'));
    await Promise.all(stale.map((id) => queue.remove(id)));
    report.removed += stale.length;
  }
  return report;
}

/** BENCH-ONLY: Queue.addBulk of every row, nothing read first. */
async function addBulkOnly(queue: Queue<AnyReminderJob>, rows: Row[], now: () => Date) {
  const at = now().getTime();
  for (let i = 0; i < rows.length; i += CHUNK) {
    await queue.addBulk(
      rows.slice(i, i + CHUNK).map((row) => ({
        name: row.kind,
        data: toJob(row),
        opts: {
          ...DELIVERY_JOB_OPTIONS,
          jobId: row.reminder_id,
          delay: Math.max(0, new Date(row.run_at).getTime() - at),
        },
      })),
    );
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-reminders-'));
  const path = join(dir, 'ledger.db');
  const redisServer = await RedisChild.start();
  const connection = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  const workerConnection = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  const probe = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  const queue = new Queue<AnyReminderJob>(REMINDER_QUEUE, { connection, prefix: PREFIX });
  const db = new SqliteDatabase(path);
  const store = new SqliteEventStore({ path });
  const receiver = await startReceiver();
  const clock = () => new Date();
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    const redisVersion = /redis_version:(\S+)/.exec(await probe.info('server'))?.[1] ?? '?';
    say(
      `bench:reminders ${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'} · ` +
        `${fmt(os.totalmem() / 2 ** 30, 1)} GiB · load ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')} · ` +
        `Node ${process.version} · redis-server ${redisVersion} (own, no persistence) · BullMQ prefix ${PREFIX}`,
    );

    // 1. plans and the rebuilt policy
    const policy = new ReminderPolicyProjection(() => undefined, clock, 30);
    await migrate(db, [...TENANCY_MIGRATIONS, ...new PlanViewProjection().migrations, ...policy.migrations]);
    const municipalities = Array.from({ length: MUNICIPALITIES }, (_, m) => uuid(10, m));
    const seeding = await timed(() =>
      db.transaction(async (tx) => {
        const now = new Date().toISOString();
        for (const [m, id] of municipalities.entries()) {
          await tx.execute(
            'INSERT INTO municipalities (id, name, slug, time_zone, created_at) VALUES ($1, $2, $3, $4, $5)',
            [id, `Gemeinde ${m}`, `gemeinde-${m}`, m % 10 === 0 ? 'America/New_York' : 'Europe/Berlin', now],
          );
          await tx.execute(
            `INSERT INTO members (id, municipality_id, display_name, role, token_hash, created_at, channel, webhook_url, language)
             VALUES ($1, $2, $3, 'coordinator', $4, $5, 'webhook', $6, 'de')`,
            [uuid(11, m), id, `Koordination ${m}`, `hash-${m}`, now, receiver.url],
          );
        }
        for (let p = 0; p < PLANS; p++) {
          const municipalityId = municipalities[p % MUNICIPALITIES]!;
          const view = planView(p, municipalityId);
          await tx.execute(
            `INSERT INTO plan_views (plan_id, municipality_id, title, status, position, last_activity_at, event_count, view)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [
              view.plan.planId,
              municipalityId,
              view.plan.title,
              view.plan.status,
              view.position,
              view.lastActivityAt,
              view.eventCount,
              JSON.stringify(view),
            ],
          );
        }
      }),
    );
    const plans = await db.query<{ plan_id: string }>('SELECT plan_id FROM plan_views');
    const replan = await timed(() =>
      db.transaction(async (tx) => {
        for (const { plan_id } of plans) await policy.replan(tx, plan_id);
      }),
    );
    // on SQLite the whole replan runs in microtasks: measure how long the event loop gets no turn
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const replanAgain = await timed(() =>
      db.transaction(async (tx) => {
        for (const { plan_id } of plans) await policy.replan(tx, plan_id);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    loopDelay.disable();
    const rows = await db.query<Row>(
      "SELECT reminder_id, plan_id, municipality_id, kind, subject_id, about, run_at FROM reminders WHERE status = 'scheduled'",
    );
    say(
      `plans: ${fmt(PLANS)} in ${seconds(seeding.ms)}; policy rebuilt into the reminders table: ` +
        `${fmt(rows.length)} reminders in ${seconds(replan.ms)} (${fmt(rows.length / (replan.ms / 1000))}/s); ` +
        `the same replan with nothing changed (periodic reconcile): ${seconds(replanAgain.ms)}, in one transaction, ` +
        `longest event-loop stall ${seconds(loopDelay.max / 1e6)}`,
    );

    const scheduler = new ReminderScheduler(queue, db, clock, probe);
    const figures: { label: string; ms: number; count: number; memory?: number; note: string }[] = [];
    const memEmpty = await usedMemory(probe);

    // 2. the shipped reconcile
    const shipped = await timed(() => scheduler.reconcile());
    const memFull = await usedMemory(probe);
    figures.push({
      label: 'SHIPPED ReminderScheduler.reconcile(), empty Redis',
      ms: shipped.ms,
      count: shipped.value.added,
      memory: memFull - memEmpty,
      note: JSON.stringify(shipped.value),
    });
    const shippedAgain = await timed(() => scheduler.reconcile());
    figures.push({
      label: 'SHIPPED reconcile again, nothing to do',
      ms: shippedAgain.ms,
      count: shippedAgain.value.desired,
      note: JSON.stringify(shippedAgain.value),
    });

    // 3a. batched reconcile (bench-only)
    await deletePrefix(redisServer.url, PREFIX);
    const batched = await timed(() => batchedReconcile(queue, rows, clock));
    const memBatched = await usedMemory(probe);
    figures.push({
      label: `BENCH-ONLY batched reconcile (getJob ×${fmt(CHUNK)} together + addBulk), empty Redis`,
      ms: batched.ms,
      count: batched.value.added,
      memory: memBatched - memEmpty,
      note: JSON.stringify(batched.value),
    });
    const batchedAgain = await timed(() => batchedReconcile(queue, rows, clock));
    figures.push({
      label: 'BENCH-ONLY batched reconcile again, nothing to do',
      ms: batchedAgain.ms,
      count: batchedAgain.value.kept,
      note: JSON.stringify(batchedAgain.value),
    });

    // 3b. pipelined reconcile (bench-only)
    await deletePrefix(redisServer.url, PREFIX);
    const piped = await timed(() => pipelinedReconcile(queue, probe, rows, clock));
    const memPiped = await usedMemory(probe);
    figures.push({
      label: `BENCH-ONLY pipelined reconcile (HGET data ×${fmt(CHUNK)} in a pipeline + addBulk), empty Redis`,
      ms: piped.ms,
      count: piped.value.added,
      memory: memPiped - memEmpty,
      note: JSON.stringify(piped.value),
    });
    const pipedAgain = await timed(() => pipelinedReconcile(queue, probe, rows, clock));
    figures.push({
      label: 'BENCH-ONLY pipelined reconcile again, nothing to do',
      ms: pipedAgain.ms,
      count: pipedAgain.value.kept,
      note: JSON.stringify(pipedAgain.value),
    });

    // the same code moves and removes too: 1,000 reminders a day later, 500 jobs nobody wants
    const shiftedRows = rows.map((row, k) =>
      k < 1_000 ? { ...row, run_at: new Date(Date.parse(row.run_at) + 86_400_000).toISOString() } : row,
    );
    await queue.addBulk(
      Array.from({ length: 500 }, (_, k) => ({
        name: 'measure-due-1',
        data: { ...toJob(rows[0]!), reminderId: `measure-due-1.stray-${k}.2030-01-01` },
        opts: { jobId: `measure-due-1.stray-${k}.2030-01-01`, delay: 86_400_000 },
      })),
    );
    const pipedChanges = await timed(() => pipelinedReconcile(queue, probe, shiftedRows, clock));
    figures.push({
      label: 'BENCH-ONLY pipelined reconcile, 1,000 moved and 500 stray jobs',
      ms: pipedChanges.ms,
      count: shiftedRows.length,
      note: JSON.stringify(pipedChanges.value),
    });

    // 3c. addBulk only (bench-only)
    await deletePrefix(redisServer.url, PREFIX);
    const bulk = await timed(() => addBulkOnly(queue, rows, clock));
    const memBulk = await usedMemory(probe);
    const delayed = await queue.getDelayedCount();
    figures.push({
      label: `BENCH-ONLY Queue.addBulk only (chunks of ${fmt(CHUNK)}), empty Redis`,
      ms: bulk.ms,
      count: delayed,
      memory: memBulk - memEmpty,
      note: `${fmt(delayed)} delayed jobs`,
    });

    say('');
    say('| step | reminders | time | per second | Redis used_memory added |');
    say('| --- | ---: | ---: | ---: | ---: |');
    for (const f of figures) {
      say(
        `| ${f.label} | ${fmt(f.count)} | ${seconds(f.ms)} | ${fmt(f.count / (f.ms / 1000))} | ${
          f.memory === undefined
            ? ''
            : `${fmt(f.memory / 2 ** 20, 1)} MiB (${fmt(f.memory / Math.max(1, f.count))} B/job)`
        } |`,
      );
    }
    say('');
    say(`used_memory with an empty queue: ${fmt(memEmpty / 2 ** 20, 1)} MiB`);
    for (const f of figures) say(`  ${f.label}: ${f.note}`);
    say(
      `goal: ${fmt(rows.length)} scheduled in < ${GOAL_SECONDS} s — shipped reconcile ${
        shipped.ms / 1000 < GOAL_SECONDS ? 'meets it' : 'MISSES it'
      } (${seconds(shipped.ms)}); bench-only: batched ${seconds(batched.ms)}, pipelined ${seconds(piped.ms)}, ` +
        `addBulk only ${seconds(bulk.ms)}`,
    );

    // 4. deliveries
    const picked = rows.slice(0, DELIVERIES);
    await Promise.all(
      picked.map(async (row) => {
        const job = await queue.getJob(row.reminder_id);
        await job!.promote();
      }),
    );
    const webhook = new WebhookChannel(SECRET);
    const processor = new ReminderProcessor(
      store,
      db,
      (recipient, message) => deliver(recipient, message, { webhook }),
      {
        publicUrl: 'http://127.0.0.1:3000',
        staleAfterDays: 30,
        clock,
      },
    );
    let completed = 0;
    let failed = 0;
    let lastError = '';
    const started = performance.now();
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const worker = new Worker<AnyReminderJob>(REMINDER_QUEUE, (job) => processor.process(job), {
      connection: workerConnection,
      prefix: PREFIX,
      concurrency: CONCURRENCY,
    });
    worker.on('completed', () => {
      completed += 1;
      if (completed + failed >= picked.length) finish();
    });
    worker.on('failed', (_job, error) => {
      failed += 1;
      lastError = error.message;
      if (completed + failed >= picked.length) finish();
    });
    await done;
    const deliveryMs = performance.now() - started;
    await worker.close();
    const recorded = await store.headPosition();
    say('');
    say(
      `deliveries: ${fmt(completed)} jobs by ReminderProcessor in a Worker (concurrency ${CONCURRENCY}) in ` +
        `${seconds(deliveryMs)}: ${fmt(completed / (deliveryMs / 1000))} reminders/s; ${fmt(receiver.received())} ` +
        `webhooks received, ${fmt(Number(recorded))} ReminderSent recorded, ${failed} failed${lastError ? ` (${lastError})` : ''}`,
    );
  } finally {
    await queue.close();
    connection.disconnect();
    workerConnection.disconnect();
    probe.disconnect();
    await store.close();
    await db.close();
    await receiver.close();
    await redisServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function tmpdir(): string {
  return os.tmpdir();
}

if (values.policy) {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-policy-'));
  try {
    await policyBench({
      path: (name) => join(dir, `${name}.db`),
      measures: Number(values.measures),
      batch: Number(values.batch),
      reports: Number(values.reports),
      seconds: Number(values.seconds),
      say: (line) => process.stdout.write(`${line}\n`),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  await main();
}
clearTimeout(deadline);
