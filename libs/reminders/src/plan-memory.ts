import type { PlanView } from '@app/read-models';
import type { ReminderJob } from './reminder-catalogue.js';
import { followsPlanActivity } from './reminder-policy.js';

/** What the policy knows of a plan between batches: the view, its settings and what it has scheduled. */
export interface RememberedPlan {
  view: PlanView;
  timeZone: string;
  staleAfterDays: number;
  /** the desired reminders as last written to the table, per subject (measure, meeting or goal) */
  desired: Map<string, Map<string, ReminderJob>>;
  /** started measures whose stale reminder follows the plan's last activity (see followsPlanActivity) */
  followActivity: Set<string>;
  /** the earliest run time among `desired` (ms): once it is more than the late limit ago, one drops out */
  nextLapse: number;
}

export function rememberPlan(
  view: PlanView,
  timeZone: string,
  staleAfterDays: number,
  reminders: readonly ReminderJob[],
): RememberedPlan {
  const plan: RememberedPlan = {
    view,
    timeZone,
    staleAfterDays,
    desired: new Map(),
    followActivity: new Set(),
    nextLapse: Number.POSITIVE_INFINITY,
  };
  for (const subject of [...Object.keys(view.measures), ...Object.keys(view.meetings)]) {
    setDesired(plan, subject, []);
  }
  const bySubject = new Map<string, ReminderJob[]>();
  for (const reminder of reminders) {
    const list = bySubject.get(reminder.subjectId) ?? [];
    list.push(reminder);
    bySubject.set(reminder.subjectId, list);
  }
  for (const [subject, list] of bySubject) setDesired(plan, subject, list);
  return plan;
}

/** Records a subject's desired reminders (after they were written) and whether it follows plan activity. */
export function setDesired(plan: RememberedPlan, subjectId: string, reminders: readonly ReminderJob[]): void {
  const measure = plan.view.measures[subjectId];
  if (measure && followsPlanActivity(measure)) plan.followActivity.add(subjectId);
  else plan.followActivity.delete(subjectId);
  const before = plan.desired.get(subjectId);
  if (before && sameReminders(before, reminders)) return;
  if (reminders.length === 0) plan.desired.delete(subjectId);
  else plan.desired.set(subjectId, new Map(reminders.map((r) => [r.reminderId, r])));
  for (const reminder of reminders) plan.nextLapse = Math.min(plan.nextLapse, Date.parse(reminder.runAt));
}

function sameReminders(before: Map<string, ReminderJob>, reminders: readonly ReminderJob[]): boolean {
  return (
    before.size === reminders.length && reminders.every((r) => before.get(r.reminderId)?.runAt === r.runAt)
  );
}

/** Subjects with a reminder older than `oldest` (ms): time alone took it out of the desired set. */
export function lapsedSubjects(plan: RememberedPlan, oldest: number): string[] {
  if (plan.nextLapse >= oldest) return [];
  const lapsed: string[] = [];
  let next = Number.POSITIVE_INFINITY;
  for (const [subject, reminders] of plan.desired) {
    let hit = false;
    for (const reminder of reminders.values()) {
      const at = Date.parse(reminder.runAt);
      if (at < oldest) hit = true;
      else next = Math.min(next, at);
    }
    if (hit) lapsed.push(subject);
  }
  plan.nextLapse = next;
  return lapsed;
}

/**
 * The remembered plans, least recently touched first out: at most `limit` of them (a 500-measure plan is a
 * few hundred kilobytes). A forgotten plan is planned in full again at its next change.
 */
export class PlanMemory {
  private readonly plans = new Map<string, RememberedPlan>();

  constructor(private readonly limit: number) {}

  get(planId: string): RememberedPlan | undefined {
    const plan = this.plans.get(planId);
    if (plan) {
      this.plans.delete(planId);
      this.plans.set(planId, plan);
    }
    return plan;
  }

  set(planId: string, plan: RememberedPlan): void {
    this.plans.delete(planId);
    this.plans.set(planId, plan);
    while (this.plans.size > this.limit) this.plans.delete(this.plans.keys().next().value!);
  }

  forget(planId: string): void {
    this.plans.delete(planId);
  }

  clear(): void {
    this.plans.clear();
  }

  get size(): number {
    return this.plans.size;
  }
}
