import type { PlanView } from '@app/read-models';
import type { Migration, SqlExecutor } from '@app/sql';
import type { ReminderJob } from './reminder-catalogue.js';

/** The reminders table (the schedule's source of truth) and each plan's reminder settings. */
export const REMINDER_MIGRATIONS: readonly Migration[] = [
  {
    id: '400-reminders',
    sql: `
CREATE TABLE IF NOT EXISTS reminders (
  reminder_id     TEXT PRIMARY KEY,
  plan_id         TEXT NOT NULL,
  municipality_id TEXT NOT NULL,
  kind            TEXT NOT NULL,
  subject_id      TEXT NOT NULL,
  about           TEXT NOT NULL,
  run_at          TEXT NOT NULL,
  status          TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  outcome         TEXT
);
CREATE INDEX IF NOT EXISTS reminders_plan ON reminders (plan_id, status);
CREATE INDEX IF NOT EXISTS reminders_status ON reminders (status, run_at);
CREATE TABLE IF NOT EXISTS plan_reminder_settings (
  plan_id          TEXT PRIMARY KEY,
  stale_after_days INTEGER NOT NULL,
  updated_at       TEXT NOT NULL
)`,
  },
];

/** What the policy needs of a plan besides its view: where it is, how it is set up, how far its view got. */
export interface PlanContext {
  timeZone: string;
  staleAfterDays: number;
  /** plan_views.position: the view the table holds */
  position: number;
}

const DEFAULT_ZONE = 'Europe/Berlin';

/** The plan's zone and settings, without its view (cheap: read for every touched plan of every batch). */
export async function readPlanContext(
  tx: SqlExecutor,
  planId: string,
  defaultStaleDays: number,
): Promise<PlanContext | undefined> {
  const [row] = await tx.query<{
    position: number;
    time_zone: string | null;
    stale_after_days: number | null;
  }>(
    `SELECT v.position, m.time_zone, s.stale_after_days FROM plan_views v
       LEFT JOIN municipalities m ON m.id = v.municipality_id
       LEFT JOIN plan_reminder_settings s ON s.plan_id = v.plan_id
      WHERE v.plan_id = $1`,
    [planId],
  );
  if (!row) return undefined;
  return {
    timeZone: row.time_zone ?? DEFAULT_ZONE,
    staleAfterDays: Number(row.stale_after_days ?? defaultStaleDays),
    position: Number(row.position),
  };
}

export async function readPlanView(tx: SqlExecutor, planId: string): Promise<PlanView | undefined> {
  const [row] = await tx.query<{ view: string }>('SELECT view FROM plan_views WHERE plan_id = $1', [planId]);
  return row ? (JSON.parse(row.view) as PlanView) : undefined;
}

/** Ids and times of the plan's scheduled reminders, as the table holds them. */
export async function readScheduled(tx: SqlExecutor, planId: string): Promise<Map<string, string>> {
  const rows = await tx.query<{ reminder_id: string; run_at: string }>(
    "SELECT reminder_id, run_at FROM reminders WHERE plan_id = $1 AND status = 'scheduled'",
    [planId],
  );
  return new Map(rows.map((r) => [r.reminder_id, r.run_at]));
}

/** Cancels a scheduled reminder; one sent, failed or skipped meanwhile stays as it is. Answers whether it did. */
export async function cancelScheduled(tx: SqlExecutor, reminderId: string, now: string): Promise<boolean> {
  const changed = await tx.execute(
    "UPDATE reminders SET status = 'cancelled', updated_at = $1 WHERE reminder_id = $2 AND status = 'scheduled'",
    [now, reminderId],
  );
  return changed > 0;
}

/** Schedules a reminder or moves it; one already sent, failed or skipped stays as it is: it is history. */
export async function upsertScheduled(tx: SqlExecutor, reminder: ReminderJob, now: string): Promise<boolean> {
  const changed = await tx.execute(
    `INSERT INTO reminders (reminder_id, plan_id, municipality_id, kind, subject_id, about, run_at, status, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'scheduled', $8)
     ON CONFLICT (reminder_id) DO UPDATE SET run_at = excluded.run_at, status = 'scheduled', updated_at = excluded.updated_at
     WHERE reminders.status IN ('scheduled', 'cancelled')`,
    [
      reminder.reminderId,
      reminder.planId,
      reminder.municipalityId,
      reminder.kind,
      reminder.subjectId,
      reminder.about,
      reminder.runAt,
      now,
    ],
  );
  return changed > 0;
}
