import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '@app/event-store';
import { allProjections, AuditIndexProjection, ProjectionRunner } from '@app/projections';
import type { SqlDatabase } from '@app/sql';
import { edgeEvents, history, laneRunner } from './bulk-lane-support.js';
import { checkpoints, dumpTables, openEnv, rebuild, waitForRunner, type Env } from './projection-support.js';

/**
 * Far behind on the embedded store the audit index is filled by SQL alone on a thread of its own (BulkLane)
 * while the runner folds the plan views. Here every catch-up takes the lane (minBehind 0) in chunks of 7
 * events, and the rows must be exactly those of the runner's own JavaScript path: the SQL form of the audit
 * row against `auditRow`, over a realistic history and over the payload shapes where the two could part.
 */

async function indexes(db: SqlDatabase): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL ORDER BY name",
  );
  return rows.map((r) => r.name);
}

describe('the bulk lane on the embedded store', () => {
  let env: Env;
  let expected: Awaited<ReturnType<typeof dumpTables>>;

  beforeAll(async () => {
    env = await openEnv('sqlite');
    await history(env);
    // the runner's own path: no lane
    const plainDb = await env.otherReadDb();
    const runner = new ProjectionRunner(env.store, plainDb, allProjections(), {
      maxBatch: 50,
      bulkLane: false,
    });
    await runner.migrate();
    await runner.catchUp();
    expected = await dumpTables(plainDb);
  });
  afterAll(() => env.close());

  it('builds the rows the runner builds, with the events in a file of their own', async () => {
    const db = await env.otherReadDb();
    const runner = laneRunner(env, db);
    await runner.migrate();
    await runner.catchUp();
    expect(await dumpTables(db)).toEqual(expected);
    const head = Number(await env.store.headPosition());
    expect(await checkpoints(db)).toEqual({ 'audit-index': head, 'plan-views': head });
    expect(await indexes(db)).toEqual([
      'audit_events_plan',
      'audit_events_plan_time',
      'audit_events_subject',
    ]);
    expect(expected.audit_events.length).toBeGreaterThan(150);
  });

  it('fills the audit index alone (projections:rebuild audit-index) without reading the events itself', async () => {
    const db = await env.otherReadDb();
    await laneRunner(env, db).migrate();
    const runner = laneRunner(env, db, [new AuditIndexProjection()]);
    const store = env.store as { readAll: EventStore['readAll'] };
    const readAll = store.readAll;
    let pages = 0;
    store.readAll = (options) => {
      pages += 1;
      return readAll.call(env.store, options);
    };
    try {
      await runner.catchUp();
    } finally {
      store.readAll = readAll;
    }
    expect(pages).toBe(0);
    expect((await dumpTables(db)).audit_events).toEqual(expected.audit_events);
  });

  it('builds them with events and read models in one file, and goes on live past its target', async () => {
    const runner = laneRunner(env, env.db);
    await runner.migrate();
    runner.start();
    try {
      await waitForRunner(runner, env.store, 'lane catch-up');
      // past the lane's target the runner's own path takes over
      const [edge] = edgeEvents();
      await env.store.append(edge!.stream, edge!.events, { expectedRevision: 'any' });
      await waitForRunner(runner, env.store, 'live');
    } finally {
      await runner.stop();
    }
    const reference = await env.otherReadDb();
    await rebuild(env, reference);
    expect(await dumpTables(env.db)).toEqual(await dumpTables(reference));
  });
});
