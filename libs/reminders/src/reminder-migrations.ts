import type { Migration } from '@app/sql';

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
