import { dayOf, type Goal, type Measure } from '@app/domain';
import type { PlanView } from './plan-view.js';

/** The figures of api.md ("Dashboard figures and rollup rules"); clients rely on the names. */
export interface PlanDashboard {
  planId: string;
  title: string;
  status: string;
  asOf: string;
  position: number;
  progress: number;
  themeFields: { key: string; name: string; progress: number; goals: number }[];
  goals: { total: number; defined: number; achieved: number; dropped: number };
  measures: {
    total: number;
    planned: number;
    started: number;
    blocked: number;
    completed: number;
    cancelled: number;
    overdue: number;
  };
  meetings: {
    scheduled: number;
    held: number;
    cancelled: number;
    attendance: { affected: number; involved: number; responsible: number; total: number };
  };
  lastActivityAt: string;
}

const round1 = (value: number) => Math.round(value * 10) / 10;
const mean = (values: number[]) =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** Latest reported percent; completed = 100; cancelled measures count in no rollup (undefined). */
export function measureProgress(measure: Measure): number | undefined {
  if (measure.status === 'cancelled') return undefined;
  return measure.status === 'completed' ? 100 : measure.percent;
}

/**
 * achieved = 100; with baseline, target and a measurement the indicator decides; else the weighted mean of its
 * measures' progress; else 0. Dropped goals count in no rollup (undefined).
 */
export function goalProgress(goal: Goal, measures: readonly Measure[]): number | undefined {
  if (goal.status === 'dropped') return undefined;
  if (goal.status === 'achieved') return 100;
  const latest = goal.latestMeasurement?.value;
  if (
    goal.baseline !== undefined &&
    goal.target !== undefined &&
    latest !== undefined &&
    goal.target !== goal.baseline
  ) {
    return clamp(((latest - goal.baseline) / (goal.target - goal.baseline)) * 100, 0, 100);
  }
  let weighted = 0;
  let weights = 0;
  for (const measure of measures) {
    const progress = measureProgress(measure);
    if (progress === undefined || !measure.goalIds.includes(goal.id)) continue;
    weighted += progress * measure.weight;
    weights += measure.weight;
  }
  return weights > 0 ? weighted / weights : 0;
}

/** Neither completed nor cancelled, and due before the asOf day (a Date, or its day already computed). */
export function isOverdue(measure: Measure, asOf: Date | string): boolean {
  const day = typeof asOf === 'string' ? asOf : dayOf(asOf);
  return measure.status !== 'completed' && measure.status !== 'cancelled' && measure.dueDate < day;
}

export function computeDashboard(view: PlanView, asOf: Date): PlanDashboard {
  const { plan } = view;
  const measures = Object.values(view.measures);
  const meetings = Object.values(view.meetings);
  // formatting a day in a time zone is costly: once per dashboard, not once per measure
  const asOfDay = dayOf(asOf);
  const progressByGoal = new Map(plan.goals.map((goal) => [goal.id, goalProgress(goal, measures)]));
  const themeFields = plan.themeFields.map((field) => {
    const counted = plan.goals
      .filter((goal) => goal.themeField === field.key)
      .map((goal) => progressByGoal.get(goal.id))
      .filter((p): p is number => p !== undefined);
    return { key: field.key, name: field.name, progress: mean(counted), goals: counted.length };
  });
  const count = <T extends { status: string }>(items: readonly T[], status: string) =>
    items.filter((i) => i.status === status).length;
  const held = meetings.filter((m) => m.status === 'held' && m.attendance);
  const sum = (pick: (m: (typeof held)[number]) => number) => held.reduce((total, m) => total + pick(m), 0);
  const attendance = {
    affected: sum((m) => m.attendance!.affected),
    involved: sum((m) => m.attendance!.involved),
    responsible: sum((m) => m.attendance!.responsible),
  };
  return {
    planId: plan.planId,
    title: plan.title,
    status: plan.status,
    asOf: asOf.toISOString(),
    position: view.position,
    progress: round1(mean(themeFields.filter((f) => f.goals > 0).map((f) => f.progress))),
    themeFields: themeFields.map((f) => ({ ...f, progress: round1(f.progress) })),
    goals: {
      total: plan.goals.length,
      defined: plan.goals.filter((g) => g.status === 'defined' || g.status === 'revised').length,
      achieved: count(plan.goals, 'achieved'),
      dropped: count(plan.goals, 'dropped'),
    },
    measures: {
      total: measures.length,
      planned: count(measures, 'planned'),
      started: count(measures, 'started'),
      blocked: count(measures, 'blocked'),
      completed: count(measures, 'completed'),
      cancelled: count(measures, 'cancelled'),
      overdue: measures.filter((m) => isOverdue(m, asOfDay)).length,
    },
    meetings: {
      scheduled: count(meetings, 'scheduled'),
      held: count(meetings, 'held'),
      cancelled: count(meetings, 'cancelled'),
      attendance: {
        ...attendance,
        total: attendance.affected + attendance.involved + attendance.responsible,
      },
    },
    lastActivityAt: view.lastActivityAt,
  };
}
