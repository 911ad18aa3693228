import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { PlanReader } from '@app/projections';
import { computeDashboard } from '@app/read-models';
import { PlanWorld, type PlannedAppend } from './plan-world.js';
import { newRunner, openEnv, plain, readEverything, type Env } from './projection-support.js';

/**
 * "As of" on PostgreSQL when appends overlap. The store stamps recordedAt when it prepares an append
 * (before the INSERT), but hands out positions in the INSERT, under the position counter's row lock. An
 * append that prepared earlier but waited for the lock gets a later position with an earlier recordedAt
 * than the append that held the lock. Positions and recordedAt then disagree, and so do the read paths:
 * a snapshot (position order) holds an event recorded after the snapshot's recorded_at, so viewAsOf answers
 * differently with and without snapshots, and the live view differs from the view as of the last event's
 * instant. PlanReader.viewAsOf therefore cuts by position (the last position recorded by that instant), and
 * all read paths agree again. This spec builds that interleaving deterministically: one append inside a caller's transaction
 * (appendUsing) holds the counter while a second append prepares and waits.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('projections on postgres: reads as of an instant when appends overlap', () => {
  let env: Env;
  let store: PostgresEventStore;
  const world = new PlanWorld({ maxPlans: 1 });

  beforeAll(async () => {
    env = await openEnv('postgres');
    store = env.store as PostgresEventStore;
  });
  afterAll(async () => env?.close());

  /** The world's next step as an append (the test decides when and how it reaches the store). */
  const next = (step: Parameters<PlanWorld['step']>[0]): PlannedAppend => {
    const append = world.step(step);
    if (!append) throw new Error(`the deciders refused ${JSON.stringify(step)}`);
    return append;
  };

  it('gives the same plan live, as of the last event, and as of any instant with or without snapshots', async () => {
    // 497 events: drafted with two theme fields, then 494 more fields (one event each)
    const prefix = [next({ k: 'draft', customFields: true, advance: 0 })];
    for (let n = 0; n < 494; n++) prefix.push(next({ k: 'addField', plan: 0, n: 100 + n, advance: 1 }));
    const client = await store.pool.connect();
    try {
      await client.query('BEGIN');
      for (const a of prefix) await store.appendUsing(client, a.stream, a.events, a);
      await client.query('COMMIT');

      const e1 = next({ k: 'addField', plan: 0, n: 1, advance: 1 }); // 498th event of the plan
      const e3 = next({ k: 'addField', plan: 0, n: 2, advance: 1 }); // 499th
      const e2 = next({ k: 'schedule', plan: 0, fields: [0], inDays: 7, advance: 1 }); // 500th, its own stream

      // e1 inside a transaction: it holds the position counter until COMMIT
      await client.query('BEGIN');
      const [{ xid }] = (await client.query<{ xid: string }>('SELECT pg_current_xact_id()::xid::text AS xid'))
        .rows as [{ xid: string }];
      await store.appendUsing(client, e1.stream, e1.events, e1);
      // e2 from the pool: prepared (recordedAt stamped) now, then it waits for the counter
      const second = store.append(e2.stream, e2.events, e2);
      for (let waiting = false; !waiting; await sleep(5)) {
        const { rows } = await store.pool.query<{ n: string }>(
          `SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'transactionid' AND transactionid::text = $1 AND NOT granted`,
          [xid],
        );
        waiting = rows[0]?.n === '1';
      }
      const stamped = Date.now();
      while (Date.now() <= stamped) await sleep(1); // e3's recordedAt is certainly later than e2's
      await store.appendUsing(client, e3.stream, e3.events, e3);
      await client.query('COMMIT');
      await second;
    } finally {
      client.release();
    }

    const runner = newRunner(env, env.db, { maxBatch: 100 }); // a batch ends at position 500: the snapshot's
    await runner.migrate();
    await runner.catchUp();
    const events = await readEverything(env.store);
    const [last] = events.slice(-1) as [RecordedEvent];
    const planId = world.plans[0]!.id;
    const reader = new PlanReader(env.store, env.db);
    const live = await reader.view(planId);
    const withSnapshots = await reader.viewAsOf(planId, last.recordedAt);
    const without = await reader.viewAsOf(planId, last.recordedAt, { snapshots: false });
    const figures = (view: typeof live) => (view ? computeDashboard(view, last.recordedAt) : undefined);
    const inversions = events
      .slice(1)
      .filter((e, i) => e.recordedAt < events[i]!.recordedAt)
      .map((e) => `position ${e.position} recorded before position ${e.position - 1n}`);

    expect({
      snapshot: (await env.db.query('SELECT position FROM plan_snapshots')).length,
      liveEventCount: live?.eventCount,
      asOfLastWithSnapshots: withSnapshots?.eventCount,
      asOfLastWithoutSnapshots: without?.eventCount,
      recordedAtInversions: inversions.length,
    }).toEqual({
      snapshot: 1,
      liveEventCount: 500,
      asOfLastWithSnapshots: 500,
      asOfLastWithoutSnapshots: 500,
      // the interleaving really happened; "as of" cuts by position, so it no longer matters
      recordedAtInversions: 1,
    });
    expect(figures(without)).toEqual(figures(live));
    expect(plain(without)).toEqual(plain(withSnapshots));
  }, 60_000);
});
