import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { RecordedEvent } from '@app/event-store';
import { allProjections, type Projection } from '@app/projections';
import type { SqlExecutor } from '@app/sql';
import { appendPlanned, PlanWorld, stepsArbitrary, type PlannedAppend } from './plan-world.js';
import {
  BACKENDS,
  checkpoints,
  dumpTables,
  newRunner,
  openEnv,
  rebuild,
  waitForRunner,
  type Env,
  type TableDump,
} from './projection-support.js';

/**
 * "The same batch applied twice changes no row". Rows and checkpoints commit in one transaction, so the
 * runner itself never applies a committed batch again; a batch can still reach a projection twice when
 *   - a second runner catches up over the same tables before or after this one: the CLI (auditor commands
 *     catch up, projections:rebuild), or another replica after the PostgreSQL projection lease moved (the
 *     runner of the replica that held it before keeps its projections, and their in-memory state);
 *   - a transaction failed half-way (rolled back) and the batch is retried by the same runner, whose
 *     projections keep in-memory state;
 *   - a checkpoint row is set back (by hand, a restored backup) while the rows stay;
 *   - another process resets the read models while a runner is running.
 * Each case is compared with a full dump of plan_views, audit_events, progress_points and plan_snapshots of
 * a single clean rebuild over the same store.
 */

const SEED = 20_260_310;

/** Three plans' worth of traffic, the same on every run (the seed), about 300 events. */
function trafficOf(seed: number, length = 400): PlanWorld {
  const [steps] = fc.sample(stepsArbitrary(length, length), { numRuns: 1, seed });
  const world = new PlanWorld({ maxPlans: 3 });
  for (const step of steps!) world.step(step);
  return world;
}

async function appendAll(env: Env, appends: readonly PlannedAppend[]): Promise<void> {
  for (const append of appends) await appendPlanned(env.store, append);
}

/** Wraps a projection (same name, same tables) and throws after it applied its `failOn`-th batch. */
class FailingOnce implements Projection {
  private applied = 0;
  failed = false;
  constructor(
    private readonly inner: Projection,
    private readonly failOn: number,
  ) {}
  get name() {
    return this.inner.name;
  }
  get migrations() {
    return this.inner.migrations;
  }
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    await this.inner.apply(tx, events);
    this.applied += 1;
    if (this.applied === this.failOn && !this.failed) {
      this.failed = true;
      throw new Error('simulated failure after the rows were written, before the commit');
    }
  }
  reset(tx: SqlExecutor) {
    return this.inner.reset(tx);
  }
  settled(committed: boolean) {
    this.inner.settled?.(committed);
  }
}

describe.each(BACKENDS)('projections on %s: a batch applied twice changes no row', (backend) => {
  let env: Env;
  let reference: TableDump;
  let head: number;

  /** A new, empty read-model database over the same store. */
  const freshDb = () => env.otherReadDb();

  beforeAll(async () => {
    env = await openEnv(backend);
    await appendAll(env, trafficOf(SEED).appends);
    head = Number(await env.store.headPosition());
    const clean = await freshDb();
    await rebuild(env, clean, 1000);
    reference = await dumpTables(clean);
    expect(reference.audit_events.length).toBe(head);
    expect(reference.plan_views.length).toBeGreaterThan(1);
  }, 120_000);
  afterAll(async () => env?.close());

  it('a second catch-up, a second runner and two concurrent runners over caught-up tables change nothing', async () => {
    const db = await freshDb();
    const runner = newRunner(env, db, { maxBatch: 25 });
    await runner.migrate();
    await runner.catchUp();
    expect(await dumpTables(db)).toEqual(reference);

    await runner.catchUp();
    await newRunner(env, db, { maxBatch: 7 }).catchUp();
    await Promise.all([newRunner(env, db).catchUp(), newRunner(env, db, { maxBatch: 3 }).catchUp()]);
    expect(await dumpTables(db)).toEqual(reference);
    expect(await checkpoints(db)).toEqual({ 'audit-index': head, 'plan-views': head });
  });

  it('a batch rolled back after its rows were written is applied exactly once when the runner retries', async () => {
    const db = await freshDb();
    // the audit index fails after the plan views of the same batch were written (and cached): a rollback
    const [planViews, audit] = allProjections() as [Projection, Projection];
    const failing = new FailingOnce(audit, 4);
    const runner = newRunner(env, db, { maxBatch: 20, projections: [planViews, failing] });
    await runner.migrate();
    await expect(runner.catchUp()).rejects.toThrow('simulated failure');
    expect(failing.failed).toBe(true);
    expect(await checkpoints(db)).toEqual({ 'audit-index': 60, 'plan-views': 60 });
    await runner.catchUp(); // the same runner, with the same in-memory state, retries the batch
    expect(await dumpTables(db)).toEqual(reference);
  });

  it('two runners taking turns (lease handed to another replica and back, or worker and CLI) build the same rows', async () => {
    // a separate store: the turns need appends in between
    const turns = await openEnv(backend);
    try {
      const world = trafficOf(SEED + 1);
      const thirds = [0, 1, 2].map((i) =>
        world.appends.slice(
          Math.floor((i * world.appends.length) / 3),
          Math.floor(((i + 1) * world.appends.length) / 3),
        ),
      );
      const a = newRunner(turns, turns.db, { maxBatch: 50 });
      const b = newRunner(turns, turns.db, { maxBatch: 50 });
      await a.migrate();
      await appendAll(turns, thirds[0]!);
      await a.catchUp(); // a keeps the views it wrote in memory
      await appendAll(turns, thirds[1]!);
      await b.catchUp(); // b projects the second third
      await appendAll(turns, thirds[2]!);
      await a.catchUp(); // a again: must not fold onto the views it remembers from the first third
      const clean = await turns.otherReadDb();
      await rebuild(turns, clean);
      const [turnTaking, expected] = [await dumpTables(turns.db), await dumpTables(clean)];
      expect(turnTaking.audit_events).toEqual(expected.audit_events);
      expect(turnTaking.plan_views).toEqual(expected.plan_views);
      expect(turnTaking).toEqual(expected);
    } finally {
      await turns.close();
    }
  }, 60_000);

  it('two runners catching up concurrently from zero build the rows one runner builds', async () => {
    // on PostgreSQL the advisory lock hands each batch to one runner or the other (three tries of some 300
    // one-event batches, so that they take turns); on SQLite (one connection, transactions queued) one
    // runner tends to take every batch
    for (let attempt = 1; attempt <= 3; attempt++) {
      const db = await freshDb();
      const first = newRunner(env, db, { maxBatch: 1 });
      await first.migrate();
      await Promise.all([first.catchUp(), newRunner(env, db, { maxBatch: 1 }).catchUp()]);
      const rows = await dumpTables(db);
      expect({ attempt, audit: rows.audit_events }).toEqual({ attempt, audit: reference.audit_events });
      expect({
        attempt,
        eventCounts: rows.plan_views.map(({ plan_id, event_count }) => ({ plan_id, event_count })),
      }).toEqual({
        attempt,
        eventCounts: reference.plan_views.map(({ plan_id, event_count }) => ({ plan_id, event_count })),
      });
      expect(rows).toEqual(reference);
    }
  }, 60_000);

  it('setting the checkpoints back and catching up again changes no row', async () => {
    const db = await freshDb();
    await rebuild(env, db, 50);
    const before = await dumpTables(db);
    expect(before).toEqual(reference);
    const back = Math.floor(head / 2);
    await db.execute('UPDATE projection_checkpoints SET position = $1', [back]);
    await newRunner(env, db, { maxBatch: 50 }).catchUp(); // re-applies positions back+1 … head
    const after = await dumpTables(db);
    expect(after.audit_events).toEqual(before.audit_events);
    expect(after.plan_views.map(({ plan_id, event_count }) => ({ plan_id, event_count }))).toEqual(
      before.plan_views.map(({ plan_id, event_count }) => ({ plan_id, event_count })),
    );
    expect(after).toEqual(before);
  });

  it('a running runner does not skip what another process reset (projections:rebuild while the worker runs)', async () => {
    const live = await openEnv(backend);
    try {
      const world = trafficOf(SEED + 2, 150);
      const [first, rest] = [world.appends.slice(0, -3), world.appends.slice(-3)];
      await appendAll(live, first);
      const worker = newRunner(live, live.db, { maxBatch: 100 });
      await worker.migrate();
      worker.start();
      try {
        await waitForRunner(worker, live.store, 'worker');
        // another process empties the read models and sets the checkpoints to zero …
        const cli = newRunner(live, live.db, { maxBatch: 100 });
        await cli.reset();
        // … while commands go on and the worker projects them
        await appendAll(live, rest);
        await waitForRunner(worker, live.store, 'worker');
        await cli.catchUp(); // the rebuild
      } finally {
        await worker.stop();
      }
      const clean = await live.otherReadDb();
      await rebuild(live, clean);
      const [rebuilt, expected] = [await dumpTables(live.db), await dumpTables(clean)];
      expect(rebuilt.audit_events.length).toBe(expected.audit_events.length);
      expect(rebuilt).toEqual(expected);
    } finally {
      await live.close();
    }
  }, 60_000);
});
