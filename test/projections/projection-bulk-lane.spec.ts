import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { EventStore, EventToAppend } from '@app/event-store';
import {
  allProjections,
  AuditIndexProjection,
  ProjectionRunner,
  type BulkLoad,
  type Projection,
} from '@app/projections';
import type { SqlDatabase } from '@app/sql';
import { appendPlanned, PlanWorld, stepsArbitrary } from './plan-world.js';
import { checkpoints, dumpTables, openEnv, rebuild, waitForRunner, type Env } from './projection-support.js';

/**
 * Far behind on the embedded store the audit index is filled by SQL alone on a thread of its own (BulkLane)
 * while the runner folds the plan views. Here every catch-up takes the lane (minBehind 0) in chunks of 7
 * events, and the rows must be exactly those of the runner's own JavaScript path: the SQL form of the audit
 * row against `auditRow`, over a realistic history and over the payload shapes where the two could part.
 */
const LANE = { minBehind: 0, chunk: 7 };
const SEED = 20_261_207;

/**
 * Payloads at the edges of the audit row's rules: which plan, which subject, which text counts. For a plan
 * that was never drafted, so that the plan views (which fold only valid histories) pass them by.
 */
function edgeEvents(planId = randomUUID()): { stream: string; events: EventToAppend[] }[] {
  const measureId = randomUUID();
  const meta = (extra: Record<string, unknown> = {}) => ({ actorId: 'u-1', ...extra });
  return [
    // a reminder belongs to its plan by a uuid planId; a foreign type with a non-uuid planId does not
    {
      stream: `reminder-${measureId}`,
      events: [
        { type: 'ReminderSent', data: { planId, measureId, channel: 'mail' }, metadata: meta() },
        { type: 'ReminderFailed', data: { planId: 'not-a-uuid', reason: 'smtp down' }, metadata: meta() },
        { type: 'ReminderSkipped', data: { planId: planId.toUpperCase() }, metadata: meta({ reason: '' }) },
      ],
    },
    // the plan views' own types take any text planId; empty text, numbers and nulls fall back or count as none
    {
      stream: `measure-${measureId}`,
      events: [
        {
          type: 'MeasurePlanned',
          data: { planId, measureId, title: 'Sprachkurs für Mütter, Väter' },
          metadata: meta({ municipalityId: null }),
        },
        {
          type: 'ProgressReported',
          data: { planId, measureId, percent: 10, municipalityId: 'm-9', reason: 'Grund' },
          metadata: meta({ reason: null, actorRole: 7 }),
        },
        {
          type: 'ProgressReported',
          data: { planId, measureId: '', goalId: null, meetingId: 'x', percent: 20 },
          metadata: meta({ correlationId: '', municipalityId: 'm-1' }),
        },
        { type: 'MeasureBlocked', data: { planId: 42, measureId }, metadata: meta() },
        { type: 'MeasureStarted', data: { planId: 'kein-uuid', measureId }, metadata: meta() },
        { type: 'MeasureUnblocked', data: { planId: '', measureId }, metadata: meta() },
      ],
    },
    { stream: `other-${randomUUID()}`, events: [{ type: 'SomethingElse', data: null, metadata: meta() }] },
  ];
}

async function history(env: Env): Promise<void> {
  const [steps] = fc.sample(stepsArbitrary(300, 300), { numRuns: 1, seed: SEED });
  const world = new PlanWorld({ maxPlans: 3 });
  for (const step of steps!) world.step(step);
  for (const append of world.appends) await appendPlanned(env.store, append);
  for (const { stream, events } of edgeEvents())
    await env.store.append(stream, events, { expectedRevision: 'any' });
}

function laneRunner(env: Env, db: SqlDatabase, projections: Projection[] = allProjections()) {
  return new ProjectionRunner(env.store, db, projections, { maxBatch: 50, bulkLane: LANE });
}

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

describe('a bulk load stopped half-way', () => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv('sqlite');
    await history(env);
  });
  afterAll(() => env.close());

  it('leaves whole chunks with their checkpoint, and a new runner ends with every row once', async () => {
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
});

/** Offers SQL that fails on the thread: the runner must fall back to its own path and lose nothing. */
class BrokenBulkAudit extends AuditIndexProjection {
  override bulkLoad(events: string): BulkLoad {
    return { ...super.bulkLoad(events), insert: 'INSERT INTO no_such_table SELECT 1 WHERE $1 < $2' };
  }
}

describe('a bulk load that fails', () => {
  let env: Env;
  beforeAll(async () => {
    env = await openEnv('sqlite');
    await history(env);
  });
  afterAll(() => env.close());

  it('leaves the audit index to the runner, which builds every row', async () => {
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
