import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { foldPlanView, planIdOf } from '@app/read-models';
import type { SqlDatabase } from '@app/sql';
import { testDatabaseUrl } from '../support/postgres.js';
import { appendPlanned, PlanWorld, stepArbitrary, type PlannedAppend } from './plan-world.js';
import type { CrashChildLine } from './projection-crash.child.js';
import {
  BACKENDS,
  checkpoints,
  dumpTables,
  newRunner,
  openEnv,
  plain,
  readEverything,
  rebuild,
  type Env,
} from './projection-support.js';

/**
 * Crash safety of the projection runner: a child process (projection-crash.child.ts) catches up over a
 * store of about 20,000 events (sixteen plans of one to two thousand events each, and events of no plan)
 * in batches of 200, a transaction each, and is killed with SIGKILL: in rounds 1 and 3 by this process at a
 * random moment a few batches in, in round 2 by itself inside a batch's transaction (all rows written, the
 * checkpoints not yet). Each round resumes from the checkpoint the previous one left. After every round the
 * committed state must be exactly "everything up to the checkpoint": no half batch, nothing twice. At the
 * end a runner in this process resumes from the checkpoint, and the tables must equal those of a rebuild
 * from zero in a separate database (PostgreSQL: a separate schema).
 */

const CHILD = fileURLToPath(new URL('projection-crash.child.ts', import.meta.url));
const ROOT = resolve(dirname(CHILD), '../..');
const TARGET_EVENTS = 20_000;
const MAX_BATCH = 200;
/** Past this the child is stuck, not slow (it starts through tsx, which takes a few seconds when loaded). */
const STALL_MS = 60_000;
const VERBOSE = process.env.PROJECTION_VERBOSE === '1';
const started = Date.now();
/** With PROJECTION_VERBOSE=1: what happened when (the rounds' kill points, the phases' durations). */
function note(text: string): void {
  if (VERBOSE) process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${text}\n`);
}

type KillPlan = { kind: 'after'; batches: number; delayMs: number } | { kind: 'inside'; batch: number };

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

function killPlan(round: number): KillPlan {
  return round === 2
    ? { kind: 'inside', batch: randomInt(2, 15) }
    : { kind: 'after', batches: randomInt(2, 15), delayMs: randomInt(0, 30) };
}

// ---- the store: sixteen plans' traffic through the deciders, plus events that belong to no plan view ----

const PLANS = 16;
/** Mostly reports and measurements (the views stay a realistic size); still hundreds of measures in all. */
const WEIGHTS = { draft: 0, report: 16, measureGoal: 6, planMeasure: 3, schedule: 1, defineGoal: 3 };

/** Steps until the world has recorded `target` events; all plans drafted first. */
function traffic(target: number): PlanWorld {
  const world = new PlanWorld({ maxPlans: PLANS });
  for (let i = 0; i < PLANS; i++) world.step({ k: 'draft', customFields: i % 2 === 0, advance: 30 });
  let events = world.appends.reduce((n, a) => n + a.events.length, 0);
  const base = Math.floor(Math.random() * 2 ** 30);
  for (let seed = base; events < target; seed++) {
    for (const step of fc.sample(stepArbitrary(WEIGHTS), { numRuns: 2_000, seed })) {
      events += world.step(step)?.events.length ?? 0;
      if (events >= target) break;
    }
  }
  return world;
}

/** Generated once for both backends: the deciders take a few seconds for 20,000 events. */
let generated: PlannedAppend[] | undefined;
function appendsWithForeignEvents(): PlannedAppend[] {
  if (generated) return generated;
  generated = [];
  for (const [i, append] of traffic(TARGET_EVENTS).appends.entries()) {
    generated.push(append);
    if (i % 40 === 39) generated.push(foreign(append.planId, i));
  }
  return generated;
}

/** A tenancy event (no plan) or a reminder (carries its planId: in the audit trail, not in the plan view). */
function foreign(planId: string, n: number): PlannedAppend {
  const reminder = n % 80 === 79;
  return {
    stream: `${reminder ? 'reminder' : 'member'}-${randomUUID()}`,
    expectedRevision: 'no_stream',
    planId,
    events: [
      {
        id: randomUUID(),
        type: reminder ? 'ReminderSent' : 'MemberAdded',
        data: reminder
          ? { planId, measureId: randomUUID(), channel: 'email' }
          : { municipalityId: '0b7e4b52-6a8e-4c1d-9a51-0c3f2f6f1a10', memberId: randomUUID() },
        metadata: { actorId: 'system' },
      },
    ],
  };
}

/**
 * SQLite: one writer per plan, all at once, so that the group commit takes many appends per fsync.
 * PostgreSQL: every append commits under the position counter's row lock, one fsync each (20,000 would take
 * a minute), so the appends go through the store's appendUsing inside transactions of 500 appends.
 */
async function fillStore(env: Env): Promise<void> {
  const appends = appendsWithForeignEvents();
  if (env.store instanceof PostgresEventStore) {
    const store = env.store;
    const client = await store.pool.connect();
    try {
      for (let start = 0; start < appends.length; start += 500) {
        await client.query('BEGIN');
        for (const append of appends.slice(start, start + 500)) {
          await store.appendUsing(client, append.stream, append.events, {
            expectedRevision: append.expectedRevision,
          });
        }
        await client.query('COMMIT');
      }
    } finally {
      client.release();
    }
    return;
  }
  const byPlan = new Map<string, PlannedAppend[]>();
  for (const append of appends) {
    if (!byPlan.has(append.planId)) byPlan.set(append.planId, []);
    byPlan.get(append.planId)!.push(append);
  }
  await Promise.all(
    [...byPlan.values()].map(async (ofPlan) => {
      for (const append of ofPlan) await appendPlanned(env.store, append);
    }),
  );
}

// ---- the child ----

interface ChildRun {
  lines: CrashChildLine[];
  committed: number[];
  reason: 'plan' | 'stalled' | 'exited';
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

const running = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

function runUntilKilled(args: string[], plan: KillPlan): Promise<ChildRun> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules is not for the child
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const run: ChildRun = { lines: [], committed: [], reason: 'exited', signal: null, code: null, stderr: '' };
  let killed = false;
  let delayTimer: NodeJS.Timeout | undefined;
  const kill = (reason: 'plan' | 'stalled') => {
    if (killed) return;
    killed = true;
    run.reason = reason;
    child.kill('SIGKILL');
  };
  const stallTimer = setTimeout(() => kill('stalled'), STALL_MS);
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = JSON.parse(pending.slice(0, nl)) as CrashChildLine;
      pending = pending.slice(nl + 1);
      run.lines.push(line);
      if (line.t !== 'committed') continue;
      run.committed.push(line.position);
      if (plan.kind === 'after' && run.committed.length === plan.batches)
        delayTimer = setTimeout(() => kill('plan'), plan.delayMs);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (run.stderr += chunk));
  child.stdin.on('error', () => undefined);
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(stallTimer);
      clearTimeout(delayTimer);
      running.delete(child);
      child.stdin.destroy();
      run.code = code;
      run.signal = signal;
      // the child killed itself as planned
      if (plan.kind === 'inside' && !killed && signal === 'SIGKILL') run.reason = 'plan';
      resolvePromise(run);
    });
  });
}

/** PostgreSQL: waits until the killed child's connections are gone (their transactions rolled back). */
async function connectionsGone(applicationName: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    for (let i = 0; i < 600; i++) {
      const { rows } = await client.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      if (rows[0]?.n === '0') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`the killed child's connections (${applicationName}) are still there after 30 s`);
  } finally {
    await client.end();
  }
}

// ---- the checks ----

interface StoreFacts {
  head: number;
  /** events the audit index keeps (every event with a plan) */
  audited: RecordedEvent[];
  /** per plan, the events its view folds */
  byPlan: Map<string, RecordedEvent[]>;
}

function factsOf(events: RecordedEvent[]): StoreFacts {
  const byPlan = new Map<string, RecordedEvent[]>();
  const audited: RecordedEvent[] = [];
  for (const event of events) {
    const planId = planIdOf(event);
    const otherPlan = (event.data as { planId?: unknown }).planId;
    if (planId || typeof otherPlan === 'string') audited.push(event);
    if (!planId) continue;
    if (!byPlan.has(planId)) byPlan.set(planId, []);
    byPlan.get(planId)!.push(event);
  }
  return { head: events.length, audited, byPlan };
}

/**
 * The committed read models hold exactly the events up to their checkpoint: the audit index those rows,
 * each plan view the fold of its events up to there, each snapshot the fold up to its own position.
 */
async function expectExactlyUpToCheckpoint(db: SqlDatabase, facts: StoreFacts): Promise<number> {
  const marks = await checkpoints(db);
  const at = marks['plan-views'] ?? 0;
  expect(marks).toEqual({ 'audit-index': at, 'plan-views': at });
  const audit = await db.query<{ position: number }>('SELECT position FROM audit_events ORDER BY position');
  expect(audit.map((r) => Number(r.position))).toEqual(
    facts.audited.filter((e) => Number(e.position) <= at).map((e) => Number(e.position)),
  );
  const views = await db.query<{ plan_id: string; event_count: number; position: number; view: string }>(
    'SELECT plan_id, event_count, position, view FROM plan_views ORDER BY plan_id',
  );
  const expected = [...facts.byPlan]
    .map(([planId, events]) => ({
      planId,
      view: foldPlanView(events.filter((e) => Number(e.position) <= at)),
    }))
    .filter((v) => v.view !== undefined)
    .sort((a, b) => (a.planId < b.planId ? -1 : 1));
  expect(
    views.map((v) => ({
      planId: v.plan_id,
      eventCount: Number(v.event_count),
      view: JSON.parse(v.view) as unknown,
    })),
  ).toEqual(expected.map((v) => ({ planId: v.planId, eventCount: v.view!.eventCount, view: plain(v.view) })));
  await expectValidSnapshots(db, facts, at);
  return at;
}

async function expectValidSnapshots(db: SqlDatabase, facts: StoreFacts, upTo: number) {
  const snapshots = await db.query<{ plan_id: string; position: number; recorded_at: string; view: string }>(
    'SELECT plan_id, position, recorded_at, view FROM plan_snapshots ORDER BY plan_id, position',
  );
  for (const snapshot of snapshots) {
    const position = Number(snapshot.position);
    expect(position).toBeLessThanOrEqual(upTo);
    const folded = foldPlanView(
      facts.byPlan.get(snapshot.plan_id)!.filter((e) => Number(e.position) <= position),
    );
    expect({ at: position, view: JSON.parse(snapshot.view) as unknown }).toEqual({
      at: position,
      view: plain(folded),
    });
    expect(snapshot.recorded_at).toBe(folded!.lastActivityAt);
  }
  return snapshots;
}

/** Per plan, which 500-event marks its snapshots were taken for. */
async function snapshotMarks(db: SqlDatabase) {
  const rows = await db.query<{ plan_id: string; view: string }>(
    'SELECT plan_id, view FROM plan_snapshots ORDER BY plan_id, position',
  );
  return rows.map((r) => ({
    planId: r.plan_id,
    mark: Math.floor((JSON.parse(r.view) as { eventCount: number }).eventCount / 500),
  }));
}

describe.each(BACKENDS)('projection runner on %s killed in the middle of a batch', (backend) => {
  let env: Env;
  let facts: StoreFacts;
  let reached = 0;

  beforeAll(async () => {
    env = await openEnv(backend);
    note(`${backend}: generating`);
    appendsWithForeignEvents();
    note(`${backend}: appending`);
    await fillStore(env);
    facts = factsOf(await readEverything(env.store));
    note(`${backend}: ${facts.head} events in the store`);
    expect(facts.head).toBeGreaterThanOrEqual(TARGET_EVENTS);
    // the largest plan crosses the snapshot mark several times
    expect(Math.max(...[...facts.byPlan.values()].map((e) => e.length))).toBeGreaterThan(1_000);
  }, 240_000);
  afterAll(async () => env?.close());

  const childArgs = (round: number, plan: KillPlan) => {
    const inside = String(plan.kind === 'inside' ? plan.batch : 0);
    if (env.location[0] === 'sqlite') return { args: [String(MAX_BATCH), inside, ...env.location] };
    const [, url, schema] = env.location as [string, string, string];
    const applicationName = `${schema}-r${round}`;
    const withName = new URL(url);
    withName.searchParams.set('application_name', applicationName);
    return { args: [String(MAX_BATCH), inside, 'postgres', withName.toString(), schema!], applicationName };
  };

  it.each([1, 2, 3])(
    'round %i: after the kill the read models hold exactly the events up to the checkpoint',
    async (round) => {
      const plan = killPlan(round);
      const { args, applicationName } = childArgs(round, plan);
      const run = await runUntilKilled(args, plan);
      const context = `plan ${JSON.stringify(plan)}, ${run.committed.length} batches committed`;
      expect({ context, reason: run.reason, signal: run.signal, stderr: run.stderr }).toEqual({
        context,
        reason: 'plan',
        signal: 'SIGKILL',
        stderr: '',
      });
      const ready = run.lines.find((l) => l.t === 'ready');
      expect(ready).toEqual({ t: 'ready', checkpoint: reached }); // it resumed where the last round ended
      expect(run.lines.some((l) => l.t === 'done')).toBe(false);
      if (applicationName) await connectionsGone(applicationName);

      const at = await expectExactlyUpToCheckpoint(env.db, facts);
      const lastAcknowledged = run.committed[run.committed.length - 1] ?? reached;
      // every batch the child saw committed is there; a batch it was inside when it died is not
      expect(at).toBeGreaterThanOrEqual(lastAcknowledged);
      if (plan.kind === 'inside') expect(at).toBe(lastAcknowledged);
      expect(at).toBeLessThan(facts.head);
      note(`${backend} round ${round}: ${context}, checkpoint ${reached} → ${at}`);
      reached = at;
    },
    120_000,
  );

  it('resumes from the checkpoint and ends with the tables of a rebuild from zero in a separate database', async () => {
    const resumed = newRunner(env, env.db, { maxBatch: MAX_BATCH });
    await resumed.catchUp();
    note(`${backend}: resumed and caught up`);
    expect(await expectExactlyUpToCheckpoint(env.db, facts)).toBe(facts.head);
    note(`${backend}: checked`);
    const separate = await env.otherReadDb();
    await rebuild(env, separate, MAX_BATCH);
    note(`${backend}: rebuilt from zero`);
    const [after, fromZero] = [await dumpTables(env.db), await dumpTables(separate)];
    // nothing doubled
    expect(after.audit_events.length).toBe(facts.audited.length);
    const planEvents = [...facts.byPlan.values()].reduce((n, events) => n + events.length, 0);
    expect(after.plan_views.reduce((n, row) => n + Number(row.event_count), 0)).toBe(planEvents);
    expect(after.plan_views.length).toBe(facts.byPlan.size);
    // exactly the rows of the rebuild
    expect(after.audit_events).toEqual(fromZero.audit_events);
    expect(after.plan_views).toEqual(fromZero.plan_views);
    expect(after.progress_points).toEqual(fromZero.progress_points);
    // snapshots: each one a true view at its position, one per 500-event mark crossed, as in the rebuild
    // (their exact positions follow the batch boundaries: see projection-batching.spec.ts)
    await expectValidSnapshots(env.db, facts, facts.head);
    expect(await snapshotMarks(env.db)).toEqual(await snapshotMarks(separate));
  }, 120_000);
});
