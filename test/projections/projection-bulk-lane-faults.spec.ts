import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { allProjections, AuditIndexProjection, ProjectionRunner, type BulkLoad } from '@app/projections';
import { history, LANE, laneRunner } from './bulk-lane-support.js';
import { checkpoints, dumpTables, openEnv, rebuild, waitForRunner, type Env } from './projection-support.js';

/** Offers SQL that fails on the thread: the runner must fall back to its own path and lose nothing. */
class BrokenBulkAudit extends AuditIndexProjection {
  override bulkLoad(events: string): BulkLoad {
    return { ...super.bulkLoad(events), insert: 'INSERT INTO no_such_table SELECT 1 WHERE $1 < $2' };
  }
}

/** A bulk load that does not reach its target, stopped or failing: what it committed stands, nothing is lost or doubled. */
describe('a bulk load stopped half-way or failing', () => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv('sqlite');
    await history(env);
  });
  afterAll(() => env.close());

  it('a stopped one leaves whole chunks with their checkpoint, and a new runner ends with every row once', async () => {
    const db = await env.otherReadDb();
    const head = await env.store.headPosition();
    const slow = new ProjectionRunner(env.store, db, allProjections(), {
      maxBatch: 50,
      bulkLane: { minBehind: 0, chunk: 3 },
    });
    await slow.migrate();
    slow.start();
    const audit = () => slow.status().find((s) => s.name === 'audit-index')!.position;
    while (audit() === 0n) await new Promise((resolve) => setTimeout(resolve, 1));
    await slow.stop();
    const at = (await checkpoints(db))['audit-index']!;
    expect(at).toBeLessThan(Number(head));
    const stored = await db.query<{ position: number }>('SELECT position FROM audit_events');
    expect(stored.every((row) => row.position <= at)).toBe(true);

    const resumed = laneRunner(env, db);
    await resumed.catchUp();
    const reference = await env.otherReadDb();
    await rebuild(env, reference);
    expect(await dumpTables(db)).toEqual(await dumpTables(reference));
  });

  it('a failing one leaves the audit index to the runner, which builds every row', async () => {
    const errors: unknown[] = [];
    const db = await env.otherReadDb();
    const projections = allProjections().map((p) => (p.name === 'audit-index' ? new BrokenBulkAudit() : p));
    const runner = new ProjectionRunner(env.store, db, projections, {
      maxBatch: 50,
      bulkLane: LANE,
      logger: { error: (details) => errors.push(details) },
    });
    await runner.migrate();
    runner.start();
    try {
      await waitForRunner(runner, env.store, 'after the failed lane');
    } finally {
      await runner.stop();
    }
    expect(errors.length).toBeGreaterThan(0);
    const reference = await env.otherReadDb();
    await rebuild(env, reference);
    expect(await dumpTables(db)).toEqual(await dumpTables(reference));
  });
});
