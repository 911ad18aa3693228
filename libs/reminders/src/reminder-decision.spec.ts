import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PlanViewProjection } from '@app/projections';
import type { PlanView } from '@app/read-models';
import { migrate, PostgresDatabase, TENANCY_MIGRATIONS, type SqlExecutor } from '@app/sql';
import {
  at,
  measureCompleted,
  measurePlanned,
  measureStarted,
  MUNICIPALITY_ID,
  PLAN_ID,
  planDrafted,
  viewOf,
} from '../../read-models/src/read-models.fixtures.js';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../../../test/support/postgres.js';
import type { ReminderJob } from './reminder-catalogue.js';
import { decideReminder } from './reminder-decision.js';
import { subjectReminders } from './reminder-policy.js';
import { cancelScheduled, REMINDER_MIGRATIONS, upsertScheduled } from './reminder-rows.js';

const history = [
  at(1, '2026-02-01T09:00:00Z', planDrafted()),
  at(2, '2026-02-01T09:01:00Z', measurePlanned('m1', [], { dueDate: '2026-12-31' })),
  at(3, '2026-02-02T09:00:00Z', measureStarted('m1')),
];
const due = viewOf(history);
const done = viewOf([...history, at(4, '2026-12-17T06:59:00Z', measureCompleted('m1'))]);
// 14 days before 31 December, 08:00 in Berlin, and the worker picks it up a minute later
const now = new Date('2026-12-17T07:01:00.000Z');

describe('decideReminder on PostgreSQL', () => {
  const schema = freshSchemaName('decide');
  let db: PostgresDatabase;
  let policy: PostgresDatabase;
  let reminder: ReminderJob;

  beforeAll(async () => {
    db = await PostgresDatabase.open(testDatabaseUrl(), schema);
    policy = PostgresDatabase.connect(testDatabaseUrl(), schema);
    await migrate(db, [
      ...TENANCY_MIGRATIONS,
      ...new PlanViewProjection().migrations,
      ...REMINDER_MIGRATIONS,
    ]);
    await db.execute(
      'INSERT INTO municipalities (id, name, slug, time_zone, created_at) VALUES ($1, $2, $3, $4, $5)',
      [MUNICIPALITY_ID, 'Gemeinde', 'gemeinde', 'Europe/Berlin', '2026-01-01T00:00:00Z'],
    );
    const wanted = subjectReminders(due, 'm1', { timeZone: 'Europe/Berlin', staleAfterDays: 30, now });
    reminder = wanted.find((r) => r.kind === 'measure-due-14')!;
    expect(reminder).toMatchObject({ runAt: '2026-12-17T07:00:00.000Z' });
  });

  afterAll(async () => {
    await policy.close();
    await db.close();
    await dropSchema(schema);
  });

  /** The plan's view and the reminder's row as a policy batch leaves them. */
  async function settle(tx: SqlExecutor, view: PlanView, scheduled: boolean) {
    await tx.execute(
      `INSERT INTO plan_views (plan_id, municipality_id, title, status, position, last_activity_at, event_count, view)
       VALUES ($1, $2, 'Plan', 'draft', $3, $4, $5, $6)
       ON CONFLICT (plan_id) DO UPDATE SET position = excluded.position, view = excluded.view`,
      [PLAN_ID, MUNICIPALITY_ID, view.position, view.lastActivityAt, view.eventCount, JSON.stringify(view)],
    );
    if (scheduled) await upsertScheduled(tx, reminder, now.toISOString());
    else await cancelScheduled(tx, reminder.reminderId, now.toISOString());
  }

  it('sends a reminder still due, and cancels it once its measure is completed', async () => {
    await policy.transaction((tx) => settle(tx, due, true));
    expect(await decideReminder(db, reminder, 30, now)).toEqual({ view: due });
    await policy.transaction(async (tx) => {
      await tx.execute('UPDATE plan_views SET view = $1 WHERE plan_id = $2', [JSON.stringify(done), PLAN_ID]);
    });
    expect(await decideReminder(db, reminder, 30, now)).toEqual({ skipped: 'no longer due, or too late' });
    expect(await decideReminder(db, reminder, 30, now)).toEqual({ skipped: 'reminder is cancelled' });
  });

  it('waits for a policy batch in flight instead of deciding on the view and row before it', async () => {
    await policy.transaction((tx) => settle(tx, due, true));
    let decided: unknown;
    let decision: Promise<unknown> | undefined;
    await policy.transaction(async (tx) => {
      // the batch completes the measure: new view, reminder cancelled (its row now locked until commit)
      await settle(tx, done, false);
      decision = decideReminder(db, reminder, 30, now).then((verdict) => (decided = verdict));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // without the lock, delivery would have read the committed row and view and gone on to send
      expect(decided).toBeUndefined();
    });
    await decision;
    expect(decided).toEqual({ skipped: 'reminder is cancelled' });
  });
});
