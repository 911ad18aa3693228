import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dayOf } from '@app/domain';
import type { RecordedEvent } from '@app/event-store';
import { PlanReader } from '@app/projections';
import { computeDashboard, foldPlanView, type PlanView } from '@app/read-models';
import { appendPlanned, PlanWorld, stepsArbitrary, type Step } from './plan-world.js';
import {
  BACKENDS,
  dumpTables,
  eventsByPlan,
  newRunner,
  openEnv,
  plain,
  readEverything,
  rebuild,
  waitForRunner,
  type Env,
} from './projection-support.js';

/**
 * Property: for random valid command sequences (run through the real deciders, appended with explicit ids
 * while time moves forward), every way of reading a plan agrees:
 *   (a) the read model a runner kept up to date (live, or caught up every few appends) = a full rebuild;
 *   (b) = PlanReader.viewAsOf at the last event's recordedAt;
 *   (c) viewAsOf with snapshots = viewAsOf without them (also at earlier instants);
 *   (d) = foldPlanView over all of the plan's events.
 * Compared as dashboards (api.md's figures) and as whole views.
 */

const VERBOSE = process.env.PROJECTION_VERBOSE === '1';

type Mode = { kind: 'live'; maxBatch: number } | { kind: 'steps'; every: number; maxBatch: number };

const modeArbitrary: fc.Arbitrary<Mode> = fc.oneof(
  fc.record({ kind: fc.constant('live' as const), maxBatch: fc.constantFrom(1, 3, 50, 1000) }),
  fc.record({
    kind: fc.constant('steps' as const),
    every: fc.integer({ min: 1, max: 12 }),
    maxBatch: fc.constantFrom(1, 4, 1000),
  }),
);

/** Appends the world's events while a runner follows them as the mode says (live, or catch-up every few). */
async function appendWhileProjecting(env: Env, world: PlanWorld, mode: Mode) {
  const runner = newRunner(env, env.db, { maxBatch: mode.maxBatch });
  await runner.migrate();
  if (mode.kind === 'live') runner.start();
  try {
    for (const [i, append] of world.appends.entries()) {
      await appendPlanned(env.store, append);
      if (mode.kind === 'steps' && (i + 1) % mode.every === 0) await runner.catchUp();
    }
    if (mode.kind === 'live') await waitForRunner(runner, env.store, 'live runner');
    else await runner.catchUp();
  } finally {
    await runner.stop();
  }
  expect(runner.lowest()).toBe(await env.store.headPosition());
}

const dashboard = (view: PlanView | undefined, asOf: Date) =>
  view === undefined ? undefined : computeDashboard(view, asOf);

/** Everything (a)–(d) says about one plan at the end, read from the runner's read model. */
async function expectAllReadsAgree(env: Env, events: RecordedEvent[], asOf: Date) {
  const reader = new PlanReader(env.store, env.db);
  const byPlan = eventsByPlan(events);
  const liveViews = new Map<string, PlanView | undefined>();
  for (const [planId, planEvents] of byPlan) {
    const live = await reader.view(planId);
    liveViews.set(planId, live);
    const folded = plain(foldPlanView(planEvents));
    const asOfView = await reader.viewAsOf(planId, asOf);
    const asOfWithout = await reader.viewAsOf(planId, asOf, { snapshots: false });
    const expected = dashboard(folded, asOf);
    expect({ planId, live: dashboard(live, asOf) }).toEqual({ planId, live: expected }); // (a, d)
    expect({ planId, asOf: dashboard(asOfView, asOf) }).toEqual({ planId, asOf: expected }); // (b)
    expect({ planId, noSnapshots: dashboard(asOfWithout, asOf) }).toEqual({ planId, noSnapshots: expected }); // (c)
    expect(live).toEqual(folded);
    expect(plain(asOfView)).toEqual(folded);
    expect(plain(asOfWithout)).toEqual(folded);
  }
  const rows = await env.db.query<{ plan_id: string }>('SELECT plan_id FROM plan_views ORDER BY plan_id');
  expect(rows.map((r) => r.plan_id)).toEqual([...byPlan.keys()].sort());
  return liveViews;
}

/** (c) at earlier instants: with and without snapshots, and against the fold of what was recorded by then. */
async function expectAsOfAgreesAt(env: Env, events: RecordedEvent[], instants: Date[]) {
  const reader = new PlanReader(env.store, env.db);
  for (const [planId, planEvents] of eventsByPlan(events)) {
    for (const at of instants) {
      const folded = plain(foldPlanView(planEvents.filter((e) => e.recordedAt <= at)));
      const withSnapshots = await reader.viewAsOf(planId, at);
      const without = await reader.viewAsOf(planId, at, { snapshots: false });
      const label = { planId, at: at.toISOString() };
      expect({ ...label, dashboard: dashboard(withSnapshots, at) }).toEqual({
        ...label,
        dashboard: dashboard(folded, at),
      });
      expect({ ...label, dashboard: dashboard(without, at) }).toEqual({
        ...label,
        dashboard: dashboard(folded, at),
      });
      expect(plain(withSnapshots)).toEqual(folded);
      expect(plain(without)).toEqual(folded);
    }
  }
}

/** (a): a fresh runner that resets the tables and rebuilds from zero gives the same views and rows. */
async function expectRebuildAgrees(env: Env, events: RecordedEvent[], liveViews: Map<string, unknown>) {
  const before = await dumpTables(env.db);
  await rebuild(env, env.db);
  const after = await dumpTables(env.db);
  const reader = new PlanReader(env.store, env.db);
  for (const [planId, live] of liveViews) expect(await reader.view(planId)).toEqual(live);
  expect(after.plan_views).toEqual(before.plan_views);
  expect(after.audit_events).toEqual(before.audit_events);
  // daily points: only comparable when no day boundary fell between the events (see the batching spec)
  const first = events[0]!.recordedAt;
  const last = events[events.length - 1]!.recordedAt;
  if (dayOf(first) === dayOf(last)) expect(after.progress_points).toEqual(before.progress_points);
}

function instantsOf(events: RecordedEvent[], count: number): Date[] {
  const picked = new Set<number>();
  for (let i = 1; i <= count; i++) picked.add(Math.floor((i * (events.length - 1)) / (count + 1)));
  return [...picked].map((i) => events[i]!.recordedAt);
}

async function checkRun(backend: (typeof BACKENDS)[number], steps: Step[], mode: Mode) {
  const world = new PlanWorld();
  for (const step of steps) world.step(step);
  const env = await openEnv(backend);
  try {
    await appendWhileProjecting(env, world, mode);
    const events = await readEverything(env.store);
    expect(events.map((e) => e.id)).toEqual(world.appends.flatMap((a) => a.events.map((e) => e.id)));
    const asOf = events[events.length - 1]!.recordedAt;
    const liveViews = await expectAllReadsAgree(env, events, asOf);
    await expectAsOfAgreesAt(env, events, instantsOf(events, 3));
    await expectRebuildAgrees(env, events, liveViews);
    if (VERBOSE) {
      const summary = `${backend} ${JSON.stringify(mode)}: ${steps.length} steps, ${world.refused} refused, ${events.length} events, ${liveViews.size} plans`;
      process.stderr.write(`${summary}\n`);
    }
  } finally {
    await env.close();
  }
}

describe.each(BACKENDS)('projections on %s agree with rebuild, as-of and fold', (backend) => {
  it('for random valid command sequences (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(stepsArbitrary(5, 120), modeArbitrary, async (steps, mode) => {
        await checkRun(backend, steps, mode);
      }),
      // bounded: a loaded machine runs fewer cases rather than failing on time; shrinking is bounded too
      { numRuns: 30, interruptAfterTimeLimit: 90_000 },
    );
  }, 180_000);

  it('for a plan long enough to cross the 500-event snapshot boundary twice (one sampled case)', async () => {
    // sampled rather than fc.assert-ed: a counterexample of 2,000 steps is no help; the seed is
    const seed = Number(process.env.PROJECTION_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const weights = { draft: 0, report: 14, startMeasure: 3, planMeasure: 3 };
    const [steps] = fc.sample(stepsArbitrary(2_000, 2_000, weights), { numRuns: 1, seed });
    const world = new PlanWorld({ maxPlans: 1 });
    for (const step of steps!) world.step(step);
    const env = await openEnv(backend);
    try {
      await appendWhileProjecting(env, world, { kind: 'live', maxBatch: 40 });
      const events = await readEverything(env.store);
      const snapshots = await env.db.query<{ position: number; recorded_at: string }>(
        'SELECT position, recorded_at FROM plan_snapshots ORDER BY position',
      );
      expect({ seed, events: events.length > 1_000, snapshots: snapshots.length }).toEqual({
        seed,
        events: true,
        snapshots: Math.floor(events.length / 500),
      });
      const asOf = events[events.length - 1]!.recordedAt;
      const liveViews = await expectAllReadsAgree(env, events, asOf);
      // just before, at and just after each snapshot, and at a dozen instants spread over the history
      const around = snapshots.flatMap((s) => {
        const t = new Date(s.recorded_at).getTime();
        return [new Date(t - 1), new Date(t), new Date(t + 1)];
      });
      await expectAsOfAgreesAt(env, events, [...around, ...instantsOf(events, 12)]);
      await expectRebuildAgrees(env, events, liveViews);
    } catch (error) {
      if (error instanceof Error) error.message = `PROJECTION_SEED=${seed}: ${error.message}`;
      throw error;
    } finally {
      await env.close();
    }
  }, 180_000);
});
