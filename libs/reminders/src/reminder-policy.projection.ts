import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '@app/projections';
import { planIdOf, type PlanView } from '@app/read-models';
import type { SqlExecutor } from '@app/sql';
import type { ReminderJob } from './reminder-catalogue.js';
import { desiredReminders } from './reminder-policy.js';

export interface ScheduleChanges {
  upsert: ReminderJob[];
  remove: string[];
}

const RECORD_EVENTS = new Set(['ReminderSent', 'ReminderFailed', 'ReminderSkipped']);

/**
 * Keeps the table of desired reminders in step with the plans, in the same transaction as the plan views
 * (it runs after PlanViewProjection and reads the views it just wrote). This table, not Redis, is the
 * source of truth: after the commit the changes go to BullMQ, and a reconcile can always redo that.
 */
export class ReminderPolicyProjection implements Projection {
  readonly name = 'reminder-policy';
  readonly migrations = [
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

  private pending: ScheduleChanges = { upsert: [], remove: [] };

  constructor(
    private readonly onCommitted: (changes: ScheduleChanges) => void,
    private readonly clock: () => Date = () => new Date(),
    private readonly defaultStaleDays = 30,
  ) {}

  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const plans = new Set<string>();
    for (const event of events) {
      if (RECORD_EVENTS.has(event.type)) await this.record(tx, event);
      const planId = planIdOf(event);
      if (planId) plans.add(planId);
    }
    for (const planId of plans) await this.replan(tx, planId);
  }

  settled(committed: boolean): void {
    const changes = this.pending;
    this.pending = { upsert: [], remove: [] };
    if (committed && (changes.upsert.length > 0 || changes.remove.length > 0)) this.onCommitted(changes);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute("DELETE FROM reminders WHERE status = 'scheduled'");
  }

  /** Re-plans one plan now (also used when its settings change). */
  async replan(tx: SqlExecutor, planId: string): Promise<void> {
    const [row] = await tx.query<{ view: string; time_zone: string | null; stale_after_days: number | null }>(
      `SELECT v.view, m.time_zone, s.stale_after_days FROM plan_views v
         LEFT JOIN municipalities m ON m.id = v.municipality_id
         LEFT JOIN plan_reminder_settings s ON s.plan_id = v.plan_id
        WHERE v.plan_id = $1`,
      [planId],
    );
    if (!row) return;
    const view = JSON.parse(row.view) as PlanView;
    const desired = desiredReminders(view, {
      timeZone: row.time_zone ?? 'Europe/Berlin',
      staleAfterDays: Number(row.stale_after_days ?? this.defaultStaleDays),
      now: this.clock(),
    });
    const existing = await tx.query<{ reminder_id: string; run_at: string }>(
      "SELECT reminder_id, run_at FROM reminders WHERE plan_id = $1 AND status = 'scheduled'",
      [planId],
    );
    const wanted = new Map(desired.map((r) => [r.reminderId, r]));
    const now = this.clock().toISOString();
    for (const old of existing) {
      if (wanted.has(old.reminder_id)) continue;
      await tx.execute("UPDATE reminders SET status = 'cancelled', updated_at = $1 WHERE reminder_id = $2", [
        now,
        old.reminder_id,
      ]);
      this.pending.remove.push(old.reminder_id);
    }
    const known = new Map(existing.map((r) => [r.reminder_id, r.run_at]));
    for (const reminder of desired) {
      if (known.get(reminder.reminderId) === reminder.runAt) continue;
      // a reminder already sent, failed or skipped stays as it is: it is history
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
      if (changed > 0) this.pending.upsert.push(reminder);
    }
  }

  private async record(tx: SqlExecutor, event: RecordedEvent): Promise<void> {
    const data = event.data as { reminderId?: string };
    if (!data.reminderId) return;
    const status =
      event.type === 'ReminderSent' ? 'sent' : event.type === 'ReminderFailed' ? 'failed' : 'skipped';
    await tx.execute(
      'UPDATE reminders SET status = $1, updated_at = $2, outcome = $3 WHERE reminder_id = $4',
      [status, event.recordedAt.toISOString(), JSON.stringify(event.data), data.reminderId],
    );
  }
}
