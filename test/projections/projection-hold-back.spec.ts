import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import {
  allProjections,
  PlanViewProjection,
  ProjectionRunner,
  readCheckpoints,
  REBUILD_PACE,
  type BatchContext,
  type Projection,
  type RunnerOptions,
} from '@app/projections';
import { foldPlanView, type PlanView } from '@app/read-models';
import type { SqlDatabase, SqlExecutor } from '@app/sql';
import { appendPlanned, sampledWorld } from './plan-world.js';
import {
  BACKENDS,
  dumpPlanTables,
  dumpTables,
  eventsByPlan,
  openEnv,
  plain,
  readEverything,
  rebuild,
  type Env,
  type TableDump,
} from './projection-support.js';

/**
 * Far behind the head the runner lets plan views be held back in memory for up to `holdSpan` events, with the
 * plan-views checkpoint left where the written rows are. Small thresholds here (far behind = over 60 events,
 * rows written at least every 300) make a store of about 1,000 events go through every case: the rows must
 * be those of a rebuild that never held anything back, a failure must lose only what was held (the
 * checkpoint never runs ahead of the rows), and a projection that may read plan views must see them written.
 */
const HOLDING = { maxBatch: 40, farBehind: 60, holdSpan: 300 };

/**
 * Reads the plan-views checkpoint inside each batch, after the built-in projections applied theirs; with
 * `holds`, it holds its own rows back whenever it may.
 */
class CheckpointProbe implements Projection {
  readonly name = 'probe';
  readonly migrations = [];
  readonly seen: { size: number; last: number; planViews: number }[] = [];
  constructor(
    readonly readsOtherReadModels?: boolean,
    private readonly holds = false,
  ) {}
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], context?: BatchContext) {
    const checkpoints = await readCheckpoints(tx, ['plan-views']);
    this.seen.push({
      size: events.length,
      last: Number(events[events.length - 1]!.position),
      planViews: Number(checkpoints.get('plan-views')),
    });
    return this.holds && context?.mayHold ? ('held' as const) : undefined;
  }
  async reset(): Promise<void> {}
}

/** Throws inside the batch that holds `position`, once. */
class FailingAt implements Projection {
  readonly name = 'failing';
  readonly migrations = [];
  readonly readsOtherReadModels = false;
  failed = false;
  constructor(private readonly position: number) {}
  async apply(_tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    if (this.failed || !events.some((e) => Number(e.position) === this.position)) return;
    this.failed = true;
    throw new Error('simulated failure while plan views are held back');
  }
  async reset(): Promise<void> {}
}

async function rebuildWith(
  env: Env,
  db: SqlDatabase,
  extra: Projection[],
  options: RunnerOptions = HOLDING,
): Promise<ProjectionRunner> {
  const runner = new ProjectionRunner(env.store, db, [...allProjections(), ...extra], options);
  await runner.migrate();
  await runner.reset();
  await runner.catchUp();
  return runner;
}

describe.each(BACKENDS)('projections on %s far behind the head, holding plan views back', (backend) => {
  let env: Env;
  let reference: TableDump;
  let head: number;

  beforeAll(async () => {
    env = await openEnv(backend);
    const world = sampledWorld(1_200, 20_261_206, 3);
    for (const append of world.appends) await appendPlanned(env.store, append);
    head = Number(await env.store.headPosition());
    const plain = await env.otherReadDb();
    await rebuild(env, plain, 1_000);
    reference = await dumpTables(plain);
  }, 120_000);
  afterAll(async () => env?.close());

  it('ends with the rows of a rebuild that held nothing back, and the probe saw plan views held', async () => {
    expect(head).toBeGreaterThan(HOLDING.holdSpan * 2);
    const probe = new CheckpointProbe(false);
    const db = await env.otherReadDb();
    await rebuildWith(env, db, [probe]);
    expect(await dumpTables(db)).toEqual(reference);
    // the plan-views checkpoint lagged within a batch, but never by more than the hold span
    expect(probe.seen.some((s) => s.planViews < s.last)).toBe(true);
    for (const s of probe.seen)
      expect(s.last - s.planViews).toBeLessThanOrEqual(HOLDING.holdSpan + HOLDING.maxBatch);
  }, 60_000);

  it("the CLI's rebuild pace holds plan views up to the head and writes them once, at the end", async () => {
    const probe = new CheckpointProbe(false);
    const db = await env.otherReadDb();
    await rebuildWith(env, db, [probe], { ...REBUILD_PACE, maxBatch: HOLDING.maxBatch });
    expect(await dumpTables(db)).toEqual(reference);
    const last = probe.seen.pop()!;
    expect(last).toMatchObject({ last: head, planViews: head });
    expect(probe.seen.length).toBeGreaterThan(head / HOLDING.maxBatch / 2);
    for (const s of probe.seen) expect(s.planViews).toBe(0);
  }, 60_000);

  it('holds nothing back when another projection may read plan views', async () => {
    const probe = new CheckpointProbe();
    const db = await env.otherReadDb();
    await rebuildWith(env, db, [probe]);
    expect(probe.seen.length).toBeGreaterThan(HOLDING.farBehind / HOLDING.maxBatch);
    for (const s of probe.seen) expect(s.planViews).toBe(s.last);
    expect(await dumpTables(db)).toEqual(reference);
  }, 60_000);

  it('a failed batch loses only what was held back: the checkpoint stays with the written rows', async () => {
    const failing = new FailingAt(Math.floor(head / 2));
    const db = await env.otherReadDb();
    await expect(rebuildWith(env, db, [failing])).rejects.toThrow('simulated failure');
    const checkpoint = Number((await readCheckpoints(db, ['plan-views'])).get('plan-views'));
    const events = (await readEverything(env.store)).filter((e) => Number(e.position) <= checkpoint);
    const expected = [...eventsByPlan(events)].map(
      ([planId, planEvents]) => [planId, plain(foldPlanView(planEvents))] as const,
    );
    const rows = await db.query<{ plan_id: string; view: string }>('SELECT plan_id, view FROM plan_views');
    const views = rows.map((r) => [r.plan_id, JSON.parse(r.view) as PlanView] as const);
    expect(new Map(views)).toEqual(new Map(expected));
    // a new runner reads on from there and ends with the rows of the reference
    const resumed = new ProjectionRunner(env.store, db, [...allProjections(), failing], HOLDING);
    await resumed.catchUp();
    expect(await dumpTables(db)).toEqual(reference);
  }, 60_000);

  it('reads small batches while every projection holds its rows back, whole ones after a write', async () => {
    // batches that commit nothing read `holdingBatch` events: only the plan views and a probe that holds
    const probe = new CheckpointProbe(false, true);
    const db = await env.otherReadDb();
    const runner = new ProjectionRunner(env.store, db, [new PlanViewProjection(), probe], {
      ...HOLDING,
      holdingBatch: 10,
    });
    await runner.migrate();
    await runner.reset();
    await runner.catchUp();
    const { audit_events: _, ...planTables } = reference;
    expect(await dumpPlanTables(db)).toEqual(planTables);
    const sizes = probe.seen.map((s) => s.size);
    expect(sizes[0]).toBe(HOLDING.maxBatch);
    expect(sizes.filter((n) => n === 10).length).toBeGreaterThan(10);
    // the last batch may end short at the head
    for (let i = 1; i < probe.seen.length - 1; i++) {
      const previousHeld = probe.seen[i - 1]!.planViews < probe.seen[i - 1]!.last;
      expect(sizes[i]).toBe(previousHeld ? 10 : HOLDING.maxBatch);
    }
  }, 60_000);
});
