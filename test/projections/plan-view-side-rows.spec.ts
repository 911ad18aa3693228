import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import { PlanViewProjection, type BatchContext } from '@app/projections';
import { migrate, type SqlDatabase } from '@app/sql';
import { recordedEvents, sampledWorld } from './plan-world.js';
import { BACKENDS, dumpPlanTables, openEnv, type Env } from './projection-support.js';

/**
 * A plan view's side rows (snapshots every 500 events, daily chart points) while the views are held back far
 * behind the head: held with them, written with them, or once more than `heldChars` of snapshots are held.
 * The events carry their commands' instants, days apart, so that most batches end days.
 */
const BATCH = 40;
const HELD: BatchContext = { farBehind: true, mayHold: true, behind: 10_000 };
const AT_HEAD: BatchContext = { farBehind: false, mayHold: false, behind: 0 };

describe.each(BACKENDS)('plan view side rows on %s', (backend) => {
  let env: Env;
  let events: RecordedEvent[];
  let reference: Awaited<ReturnType<typeof dumpPlanTables>>;

  async function freshDb(projection: PlanViewProjection): Promise<SqlDatabase> {
    const db = await env.otherReadDb();
    await migrate(db, projection.migrations);
    return db;
  }

  /** Applies the events in batches, all but the last in `context`; answers the side rows after each batch. */
  async function applyAll(db: SqlDatabase, projection: PlanViewProjection, context: BatchContext) {
    const counts: number[] = [];
    for (let from = 0; from < events.length; from += BATCH) {
      const batch = events.slice(from, from + BATCH);
      const last = from + BATCH >= events.length;
      await db.transaction((tx) => projection.apply(tx, batch, last ? AT_HEAD : context));
      projection.settled(true);
      counts.push(await sideRows(db));
    }
    return counts;
  }

  async function sideRows(db: SqlDatabase): Promise<number> {
    const [row] = await db.query<{ n: number | string }>(
      'SELECT (SELECT COUNT(*) FROM plan_snapshots) + (SELECT COUNT(*) FROM progress_points) AS n',
    );
    return Number(row!.n);
  }

  beforeAll(async () => {
    env = await openEnv(backend);
    const world = sampledWorld(1_500, 20_261_207, 2);
    events = recordedEvents(world.appends);
    const projection = new PlanViewProjection();
    const db = await freshDb(projection);
    await applyAll(db, projection, AT_HEAD);
    reference = await dumpPlanTables(db);
    // enough of both kinds for the holding to be seen
    expect(reference.plan_snapshots.length).toBeGreaterThanOrEqual(1);
    expect(reference.progress_points.length).toBeGreaterThan(100);
  }, 120_000);
  afterAll(async () => env?.close());

  it('holds them with the views and writes them in the batch that writes the views', async () => {
    const projection = new PlanViewProjection();
    const db = await freshDb(projection);
    const counts = await applyAll(db, projection, HELD);
    expect(counts.slice(0, -1).every((n) => n === 0)).toBe(true);
    expect(await dumpPlanTables(db)).toEqual(reference);
  }, 60_000);

  it('writes them in a held batch once more than heldChars of snapshots are held', async () => {
    const projection = new PlanViewProjection({ heldChars: 1 });
    const db = await freshDb(projection);
    const counts = await applyAll(db, projection, HELD);
    // the first snapshot fills the bound: it and the points held with it are written in that batch
    const firstWrite = counts.findIndex((n) => n > 0);
    expect(firstWrite).toBeGreaterThanOrEqual(0);
    expect(firstWrite).toBeLessThan(counts.length - 1);
    expect(await dumpPlanTables(db)).toEqual(reference);
  }, 60_000);
});
