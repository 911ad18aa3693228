import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type {
  AppendResult,
  EventStore,
  Position,
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
} from '@app/event-store';
import { PlanReader } from '@app/projections';
import {
  appendPlanned,
  PlanWorld,
  recordedEvents,
  stepsArbitrary,
  type PlannedAppend,
} from './plan-world.js';
import { BACKENDS, dumpTables, openEnv, readEverything, rebuild, type Env } from './projection-support.js';

/**
 * A rebuild must give the read models a live runner built: the same rows whatever the batches were (a live
 * runner sees batches of a few events, a rebuild of a thousand; a crash or a restart moves the boundaries).
 * plan_views and audit_events are (see the property and crash specs). These two once followed the batch
 * boundaries, and this spec keeps them from doing so again:
 *   - plan_snapshots: a snapshot is the view at the event that completes each 500 events of a plan, not at
 *     the end of the batch that crossed the mark;
 *   - progress_points: one point per plan and day, the state at the day's last event, also for the earlier
 *     days of a batch that spans several.
 */

/** One long plan: well over 1,000 events, so that its snapshots are taken at two 500-event marks. */
function longPlan(seed: number): PlanWorld {
  const weights = { draft: 0, report: 14, startMeasure: 3, planMeasure: 3 };
  const [steps] = fc.sample(stepsArbitrary(2_000, 2_000, weights), { numRuns: 1, seed });
  const world = new PlanWorld({ maxPlans: 1 });
  for (const step of steps!) world.step(step);
  return world;
}

/**
 * A world's events as a store would record them, but with recordedAt = the command's time (days
 * apart), which no real store lets a test choose. Only what a ProjectionRunner and PlanReader read.
 */
class RecordedHistory implements EventStore {
  readonly kind = 'sqlite';
  readonly events: RecordedEvent[];

  constructor(appends: readonly PlannedAppend[]) {
    this.events = recordedEvents(appends);
  }

  append(): Promise<AppendResult> {
    throw new Error('a recorded history takes no appends');
  }
  async *readStream(stream: string): AsyncGenerator<RecordedEvent> {
    yield* this.events.filter((e) => e.streamId === stream);
  }
  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.events.filter((e) => e.position > (after ?? 0n)).slice(0, limit);
  }
  async *subscribe({ after, signal }: SubscribeOptions): AsyncGenerator<RecordedEvent> {
    for (const event of await this.readAll({ after, limit: Number.MAX_SAFE_INTEGER })) {
      if (signal.aborted) return;
      yield event;
    }
    // caught up: nothing is ever appended, so wait for the end
    await new Promise<void>((resolve) =>
      signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }
  async headPosition(): Promise<Position> {
    return BigInt(this.events.length);
  }
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}

describe.each(BACKENDS)('projections on %s: the rows do not depend on the batch boundaries', (backend) => {
  let env: Env;
  const seed = Number(process.env.PROJECTION_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const world = longPlan(seed);

  beforeAll(async () => {
    env = await openEnv(backend);
    // events of no plan first, so that the plan's 500th event is not at position 500 (a page boundary)
    for (let i = 0; i < 37; i++) {
      const member = { id: randomUUID(), type: 'MemberAdded', data: { memberId: randomUUID() } };
      await env.store.append(`member-${member.data.memberId}`, [member], { expectedRevision: 'no_stream' });
    }
    for (const append of world.appends) await appendPlanned(env.store, append);
  }, 120_000);
  afterAll(async () => env?.close());

  it('plan_snapshots: batches of 7 events and of 1,000 give the same snapshot rows', async () => {
    const events = await readEverything(env.store);
    expect({ seed, events: events.length > 1_037 }).toEqual({ seed, events: true });
    const [small, large] = [await env.otherReadDb(), await env.otherReadDb()];
    await rebuild(env, small, 7);
    await rebuild(env, large, 1_000);
    const [a, b] = [await dumpTables(small), await dumpTables(large)];
    expect(a.plan_views).toEqual(b.plan_views);
    expect(a.audit_events).toEqual(b.audit_events);
    // both sets of snapshots answer as-of queries correctly (projection-properties.spec.ts); they just differ
    const positions = (rows: typeof a.plan_snapshots) => rows.map((r) => Number(r.position));
    expect({ seed, small: positions(a.plan_snapshots) }).toEqual({
      seed,
      small: positions(b.plan_snapshots),
    });
    expect(a.plan_snapshots).toEqual(b.plan_snapshots);
  }, 60_000);

  it('progress_points: a history spanning many days gives the same daily points in batches of 1 and of 1,000', async () => {
    const history = new RecordedHistory(world.appends.slice(0, 300)); // months of a plan's life
    const days = new Set(history.events.map((e) => e.recordedAt.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(30);
    const [live, rebuilt] = [await env.otherReadDb(), await env.otherReadDb()];
    await rebuild({ store: history }, live, 1); // as a live runner sees them: one command at a time
    await rebuild({ store: history }, rebuilt, 1_000);
    const [a, b] = [await dumpTables(live), await dumpTables(rebuilt)];
    expect(a.plan_views).toEqual(b.plan_views);
    const planId = world.plans[0]!.id;
    const series = async (db: typeof live) =>
      (await new PlanReader(history, db).progressSeries(planId)).filter((p) => p.scope === 'plan');
    const [liveSeries, rebuiltSeries] = [await series(live), await series(rebuilt)];
    expect({ seed, days: rebuiltSeries.length }).toEqual({ seed, days: liveSeries.length });
    expect(b.progress_points).toEqual(a.progress_points);
  }, 60_000);
});
