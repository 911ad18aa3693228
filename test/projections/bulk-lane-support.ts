/**
 * Shared by the bulk-lane specs: a store with a realistic history and payloads at the edges of the audit
 * row's rules, and a runner that takes the lane for every catch-up.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { EventToAppend } from '@app/event-store';
import { allProjections, ProjectionRunner, type Projection } from '@app/projections';
import type { SqlDatabase } from '@app/sql';
import { appendPlanned, PlanWorld, stepsArbitrary } from './plan-world.js';
import type { Env } from './projection-support.js';

/** Every catch-up takes the lane, in chunks of 7 events. */
export const LANE = { minBehind: 0, chunk: 7 };
const SEED = 20_261_207;

/**
 * Payloads at the edges of the audit row's rules: which plan, which subject, which text counts. For a plan
 * that was never drafted, so that the plan views (which fold only valid histories) pass them by.
 */
export function edgeEvents(planId = randomUUID()): { stream: string; events: EventToAppend[] }[] {
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
        // values that are neither text nor missing end the search for a text: objects, arrays, booleans
        {
          type: 'ProgressReported',
          data: { planId, measureId: { id: 'x' }, meetingId: 'm-2', percent: 30, reason: ['a'] },
          metadata: meta({ actorRole: true, correlationId: { c: 1 }, municipalityId: false }),
        },
        { type: 'MeasureBlocked', data: { planId: 42, measureId }, metadata: meta() },
        { type: 'MeasureStarted', data: { planId: 'kein-uuid', measureId }, metadata: meta() },
        { type: 'MeasureUnblocked', data: { planId: '', measureId }, metadata: meta() },
      ],
    },
    { stream: `other-${randomUUID()}`, events: [{ type: 'SomethingElse', data: null, metadata: meta() }] },
  ];
}

export async function history(env: Env): Promise<void> {
  const [steps] = fc.sample(stepsArbitrary(300, 300), { numRuns: 1, seed: SEED });
  const world = new PlanWorld({ maxPlans: 3 });
  for (const step of steps!) world.step(step);
  for (const append of world.appends) await appendPlanned(env.store, append);
  for (const { stream, events } of edgeEvents())
    await env.store.append(stream, events, { expectedRevision: 'any' });
}

export function laneRunner(env: Env, db: SqlDatabase, projections: Projection[] = allProjections()) {
  return new ProjectionRunner(env.store, db, projections, { maxBatch: 50, bulkLane: LANE });
}
