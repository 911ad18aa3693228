import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '@app/projections';
import { planIdOf, type PlanView } from '@app/read-models';
import type { SqlExecutor } from '@app/sql';
import type { ReminderJob } from './reminder-catalogue.js';
import { desiredReminders, LATE_LIMIT_MS, subjectReminders } from './reminder-policy.js';
import { lapsedSubjects, PlanMemory, rememberPlan, setDesired, type RememberedPlan } from './plan-memory.js';
import { noChange, patchView, type ViewChange } from './view-patch.js';
import {
  cancelScheduled,
  readPlanContext,
  readPlanView,
  readScheduled,
  REMINDER_MIGRATIONS,
  upsertScheduled,
  type PlanContext,
} from './reminder-rows.js';

export interface ScheduleChanges {
  upsert: ReminderJob[];
  remove: string[];
}

const RECORD_EVENTS = new Set(['ReminderSent', 'ReminderFailed', 'ReminderSkipped']);
/** Plans kept in memory between batches (see PlanMemory). */
export const REMEMBERED_PLANS = 100;

/**
 * Keeps the table of desired reminders in step with the plans, in the same transaction as the plan views
 * (it runs after PlanViewProjection). This table, not Redis, is the source of truth: after the commit the
 * changes go to BullMQ, and a reconcile can always redo that.
 *
 * A plan is planned in full when the policy first meets it (and whenever its zone, its settings or the plan
 * itself change, or its remembered view disagrees with the table); from then on the plan's view and desired
 * reminders stay in memory, and a batch re-plans only the measures, meetings and goals its events touched,
 * plus those whose reminders time alone made lapse. A batch costs what it touched, not the plan's size.
 */
export class ReminderPolicyProjection implements Projection {
  readonly name = 'reminder-policy';
  readonly migrations = REMINDER_MIGRATIONS;

  private pending: ScheduleChanges = { upsert: [], remove: [] };
  private readonly memory: PlanMemory;
  private staged = new Map<string, RememberedPlan>();

  constructor(
    private readonly onCommitted: (changes: ScheduleChanges) => void,
    private readonly clock: () => Date = () => new Date(),
    private readonly defaultStaleDays = 30,
    rememberedPlans = REMEMBERED_PLANS,
  ) {
    this.memory = new PlanMemory(rememberedPlans);
  }

  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const plans = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      if (RECORD_EVENTS.has(event.type)) await this.record(tx, event);
      const planId = planIdOf(event);
      if (!planId) continue;
      const list = plans.get(planId) ?? [];
      list.push(event);
      plans.set(planId, list);
    }
    for (const [planId, planEvents] of plans) await this.follow(tx, planId, planEvents);
  }

  settled(committed: boolean): void {
    const changes = this.pending;
    const staged = this.staged;
    this.pending = { upsert: [], remove: [] };
    this.staged = new Map();
    // a remembered view was changed in place: after a rollback it is ahead of the table, so forget it
    if (committed) for (const [planId, plan] of staged) this.memory.set(planId, plan);
    else for (const planId of staged.keys()) this.memory.forget(planId);
    if (committed && (changes.upsert.length > 0 || changes.remove.length > 0)) this.onCommitted(changes);
  }

  /** Another process applied batches: the remembered views and schedules may be behind. */
  invalidate(): void {
    this.memory.clear();
    this.staged = new Map();
  }

  async reset(tx: SqlExecutor): Promise<void> {
    this.memory.clear();
    this.staged = new Map();
    await tx.execute("DELETE FROM reminders WHERE status = 'scheduled'");
  }

  /** Re-plans one plan in full now, from the table's view (the host's reconcile; nothing is remembered). */
  async replan(tx: SqlExecutor, planId: string): Promise<void> {
    const context = await readPlanContext(tx, planId, this.defaultStaleDays);
    const view = context && (await readPlanView(tx, planId));
    if (context && view) await this.planInFull(tx, view, context);
  }

  private async follow(tx: SqlExecutor, planId: string, events: RecordedEvent[]): Promise<void> {
    const context = await readPlanContext(tx, planId, this.defaultStaleDays);
    if (!context) return;
    const plan = this.staged.get(planId) ?? this.memory.get(planId);
    if (plan) this.staged.set(planId, plan);
    const change = noChange();
    if (plan && plan.timeZone === context.timeZone && plan.staleAfterDays === context.staleAfterDays) {
      for (const event of events) patchView(plan.view, event, change);
      if (!change.wholePlan && plan.view.position === context.position) {
        await this.planSubjects(tx, plan, change);
        return;
      }
    }
    const view = await readPlanView(tx, planId);
    if (!view) return;
    const desired = await this.planInFull(tx, view, context);
    this.staged.set(planId, rememberPlan(view, context.timeZone, context.staleAfterDays, desired));
  }

  /** The touched subjects only: each one's new desired reminders against what was last written for it. */
  private async planSubjects(tx: SqlExecutor, plan: RememberedPlan, change: ViewChange): Promise<void> {
    const now = this.clock();
    const subjects = change.subjects;
    if (change.folded) for (const subject of plan.followActivity) subjects.add(subject);
    for (const subject of lapsedSubjects(plan, now.getTime() - LATE_LIMIT_MS)) subjects.add(subject);
    const settings = { timeZone: plan.timeZone, staleAfterDays: plan.staleAfterDays, now };
    const stamp = now.toISOString();
    for (const subject of subjects) {
      const desired = subjectReminders(plan.view, subject, settings);
      const before = plan.desired.get(subject);
      const wanted = new Set(desired.map((r) => r.reminderId));
      for (const old of before?.keys() ?? []) {
        if (wanted.has(old)) continue;
        if (await cancelScheduled(tx, old, stamp)) this.pending.remove.push(old);
      }
      for (const reminder of desired) {
        if (before?.get(reminder.reminderId)?.runAt === reminder.runAt) continue;
        if (await upsertScheduled(tx, reminder, stamp)) this.pending.upsert.push(reminder);
      }
      setDesired(plan, subject, desired);
    }
  }

  /** Every reminder of the plan against every scheduled row of it; answers the desired reminders. */
  private async planInFull(tx: SqlExecutor, view: PlanView, context: PlanContext): Promise<ReminderJob[]> {
    const now = this.clock();
    const settings = { timeZone: context.timeZone, staleAfterDays: context.staleAfterDays, now };
    const desired = desiredReminders(view, settings);
    const existing = await readScheduled(tx, view.plan.planId);
    const wanted = new Set(desired.map((r) => r.reminderId));
    const stamp = now.toISOString();
    for (const old of existing.keys()) {
      if (wanted.has(old)) continue;
      if (await cancelScheduled(tx, old, stamp)) this.pending.remove.push(old);
    }
    for (const reminder of desired) {
      if (existing.get(reminder.reminderId) === reminder.runAt) continue;
      if (await upsertScheduled(tx, reminder, stamp)) this.pending.upsert.push(reminder);
    }
    return desired;
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
