import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@app/event-store';
import {
  PlanViewProjection,
  ProjectionRunner,
  readCheckpoints,
  type BatchContext,
  type Projection,
  type RunnerOptions,
} from '@app/projections';
import type { SqlDatabase, SqlExecutor } from '@app/sql';
import { appendPlanned, sampledWorld } from './plan-world.js';
import { BACKENDS, dumpPlanTables, openEnv, rebuild, type Env } from './projection-support.js';

/**
 * Far behind, while every projection holds its rows back, a batch commits nothing: the runner then reads
 * batches of `holdingBatch` events (their events die young), and whole ones again after a batch that wrote.
 */
const FAR = { maxBatch: 40, farBehind: 60, holdSpan: 300 };

/** Sees, inside each batch, its size and where the plan views stand; holds back whenever it may. */
class BatchProbe implements Projection {
  readonly name = 'probe';
  readonly migrations = [];
  readonly readsOtherReadModels = false;
  readonly seen: { size: number; last: number; planViews: number }[] = [];
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], context?: BatchContext) {
    const checkpoints = await readCheckpoints(tx, ['plan-views']);
    this.seen.push({
      size: events.length,
      last: Number(events[events.length - 1]!.position),
      planViews: Number(checkpoints.get('plan-views')),
    });
    return context?.mayHold ? ('held' as const) : undefined;
  }
  async reset(): Promise<void> {}
}

describe.each(BACKENDS)(
  'projections on %s far behind the head: batches while everything is held back',
  (backend) => {
    let env: Env;
    let reference: Awaited<ReturnType<typeof dumpPlanTables>>;

    async function rebuildWith(projections: Projection[], options: RunnerOptions): Promise<SqlDatabase> {
      const db = await env.otherReadDb();
      const runner = new ProjectionRunner(env.store, db, projections, options);
      await runner.migrate();
      await runner.reset();
      await runner.catchUp();
      return db;
    }

    beforeAll(async () => {
      env = await openEnv(backend);
      const world = sampledWorld(1_200, 20_261_207, 3);
      for (const append of world.appends) await appendPlanned(env.store, append);
      const plain = await env.otherReadDb();
      await rebuild(env, plain, 1_000);
      reference = await dumpPlanTables(plain);
    }, 120_000);
    afterAll(async () => env?.close());

    it('reads small batches while every projection holds its rows back, whole ones after a write', async () => {
      const probe = new BatchProbe();
      const db = await rebuildWith([new PlanViewProjection(), probe], { ...FAR, holdingBatch: 10 });
      expect(await dumpPlanTables(db)).toEqual(reference);
      const sizes = probe.seen.map((s) => s.size);
      expect(sizes[0]).toBe(FAR.maxBatch);
      expect(sizes.filter((n) => n === 10).length).toBeGreaterThan(10);
      // the last batch may end short at the head
      for (let i = 1; i < probe.seen.length - 1; i++) {
        const previousHeld = probe.seen[i - 1]!.planViews < probe.seen[i - 1]!.last;
        expect(sizes[i]).toBe(previousHeld ? 10 : FAR.maxBatch);
      }
    }, 60_000);
  },
);
