import { invalid } from '../shared/domain-error.js';
import { LIMITS, requireReason, requireText } from '../shared/value-checks.js';
import type { ReviseGoal } from './plan.commands.js';
import type { GoalChanges, GoalFigures, PlanEvent } from './plan.events.js';
import { planRef, type Goal, type Plan } from './plan.state.js';
import {
  goalFigures,
  requireDistinctBaselineAndTarget,
  requireOpenGoal,
  requireThemeField,
} from './plan-goals.decide.js';

const FIGURES: readonly (keyof GoalFigures)[] = [
  'description',
  'indicator',
  'unit',
  'baseline',
  'target',
  'targetDate',
];

/**
 * Records only what really changes. A revision that changes nothing (a repeated request) records
 * nothing; one that names no field at all is a mistake.
 */
export function reviseGoal({ data, metadata }: ReviseGoal, plan: Plan): PlanEvent[] {
  const goal = requireOpenGoal(plan, data.goalId);
  const reason = requireReason(data.reason, metadata);
  const proposed = proposedChanges(data, plan);
  if (Object.keys(proposed).length === 0) {
    throw invalid('revision_empty', 'name at least one field to revise');
  }
  const changes = Object.fromEntries(
    Object.entries(proposed).filter(([key, value]) => (goal[key as keyof Goal] ?? null) !== value),
  ) as GoalChanges;
  const baseline = 'baseline' in changes ? changes.baseline : goal.baseline;
  const target = 'target' in changes ? changes.target : goal.target;
  requireDistinctBaselineAndTarget(baseline ?? undefined, target ?? undefined);
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'GoalRevised', data: { ...planRef(plan), goalId: goal.id, ...changes, reason } }];
}

/** The fields the command names, validated; null or blank clears an optional field. */
function proposedChanges(data: ReviseGoal['data'], plan: Plan): GoalChanges {
  const proposed: Record<string, unknown> = {};
  if (data.themeField !== undefined) proposed.themeField = requireThemeField(plan, data.themeField);
  if (data.title !== undefined) proposed.title = requireText(data.title, 'title', LIMITS.name);
  const given = FIGURES.filter((key) => data[key] !== undefined);
  const figures = goalFigures(data);
  for (const key of given) proposed[key] = figures[key] ?? null;
  return proposed as GoalChanges;
}
