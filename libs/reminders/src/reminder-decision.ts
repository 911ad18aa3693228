import type { PlanView } from '@app/read-models';
import type { SqlDatabase, SqlExecutor } from '@app/sql';
import type { ReminderJob } from './reminder-catalogue.js';
import { subjectReminders } from './reminder-policy.js';
import { readPlanContext, readPlanView, type PlanContext } from './reminder-rows.js';

export type ReminderVerdict = { skipped: string } | { view: PlanView };

/** The plan's view with its zone and settings, read as the policy reads them (see reminder-rows.ts). */
export async function readPlanWithContext(
  db: SqlExecutor,
  planId: string,
  defaultStaleDays: number,
): Promise<(PlanContext & { view: PlanView }) | undefined> {
  const context = await readPlanContext(db, planId, defaultStaleDays);
  const view = context && (await readPlanView(db, planId));
  return view && context ? { ...context, view } : undefined;
}

/**
 * Whether a one-off reminder is still to be sent, with the view it was decided on; cancels it otherwise.
 * One transaction that locks the reminder's row (PostgreSQL) or the read models (SQLite's write lock): a
 * policy batch that moves the view and the row commits wholly before or after it, so the decision never
 * pairs a row with a view of another moment, and never cancels a reminder that batch has just scheduled
 * again (the policy, which remembers it as scheduled, would not write it once more).
 */
export function decideReminder(
  db: SqlDatabase,
  reminder: ReminderJob,
  defaultStaleDays: number,
  now: Date,
): Promise<ReminderVerdict> {
  return db.transaction(async (tx) => {
    const lock = tx.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [row] = await tx.query<{ status: string }>(
      `SELECT status FROM reminders WHERE reminder_id = $1${lock}`,
      [reminder.reminderId],
    );
    if (!row || row.status !== 'scheduled') return { skipped: `reminder is ${row?.status ?? 'unknown'}` };
    const context = await readPlanWithContext(tx, reminder.planId, defaultStaleDays);
    if (!context) return cancel(tx, reminder, 'plan not found', now);
    // the policy's own rule for this one subject, with today's time: still wanted, and not more than a day late
    const still = subjectReminders(context.view, reminder.subjectId, {
      timeZone: context.timeZone,
      staleAfterDays: context.staleAfterDays,
      now,
    }).some((r) => r.reminderId === reminder.reminderId);
    if (!still) return cancel(tx, reminder, 'no longer due, or too late', now);
    return { view: context.view };
  });
}

async function cancel(
  tx: SqlExecutor,
  reminder: ReminderJob,
  why: string,
  now: Date,
): Promise<ReminderVerdict> {
  await tx.execute(
    "UPDATE reminders SET status = 'cancelled', updated_at = $1, outcome = $2 WHERE reminder_id = $3 AND status = 'scheduled'",
    [now.toISOString(), JSON.stringify({ skipped: why }), reminder.reminderId],
  );
  return { skipped: why };
}
