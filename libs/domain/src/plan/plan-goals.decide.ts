import { compact } from '../shared/decider.js';
import { conflict, invalid, notFound } from '../shared/domain-error.js';
import { optionalDay, requireDay, requireNotInFuture } from '../shared/date-checks.js';
import {
  LIMITS,
  optionalId,
  optionalNumber,
  optionalText,
  requireId,
  requireNumber,
  requireReason,
  requireText,
} from '../shared/value-checks.js';
import type { AchieveGoal, DefineGoal, DropGoal, MeasureGoalIndicator } from './plan.commands.js';
import type { GoalFigures, PlanEvent } from './plan.events.js';
import { findGoal, hasThemeField, planRef, type Goal, type Plan } from './plan.state.js';

export function defineGoal({ data }: DefineGoal, plan: Plan): PlanEvent[] {
  const goalId = requireId(data.goalId, 'goalId');
  if (findGoal(plan, goalId)) throw conflict('goal_exists', `goal ${goalId} already exists`, 'goalId');
  const themeField = requireThemeField(plan, data.themeField);
  const title = requireText(data.title, 'title', LIMITS.name);
  const figures = goalFigures(data);
  requireDistinctBaselineAndTarget(figures.baseline, figures.target);
  const originMeetingId = optionalId(data.originMeetingId, 'originMeetingId');
  return [
    {
      type: 'GoalDefined',
      data: compact({ ...planRef(plan), goalId, themeField, title, ...figures, originMeetingId }),
    },
  ];
}

export function measureGoalIndicator({ data, metadata }: MeasureGoalIndicator, plan: Plan): PlanEvent[] {
  const goal = requireOpenGoal(plan, data.goalId);
  if (goal.indicator === undefined) {
    throw conflict('goal_without_indicator', 'the goal has no indicator to measure', 'goalId');
  }
  const value = requireNumber(data.value, 'value');
  const measuredOn = requireNotInFuture(
    requireDay(data.measuredOn, 'measuredOn'),
    metadata.now,
    'measuredOn',
  );
  const source = optionalText(data.source, 'source', LIMITS.item);
  return [
    {
      type: 'GoalIndicatorMeasured',
      data: compact({ ...planRef(plan), goalId: goal.id, value, measuredOn, source }),
    },
  ];
}

export function achieveGoal({ data }: AchieveGoal, plan: Plan): PlanEvent[] {
  const goal = requireOpenGoal(plan, data.goalId);
  const reason = optionalText(data.reason, 'reason', LIMITS.text);
  return [{ type: 'GoalAchieved', data: compact({ ...planRef(plan), goalId: goal.id, reason }) }];
}

export function dropGoal({ data, metadata }: DropGoal, plan: Plan): PlanEvent[] {
  const goal = requireOpenGoal(plan, data.goalId);
  const reason = requireReason(data.reason, metadata);
  return [{ type: 'GoalDropped', data: { ...planRef(plan), goalId: goal.id, reason } }];
}

/** Achieved and dropped goals are closed: they refuse every further change. */
export function requireOpenGoal(plan: Plan, goalId: unknown): Goal {
  const goal = typeof goalId === 'string' ? findGoal(plan, goalId) : undefined;
  if (!goal) throw notFound('goal_not_found', 'no such goal in this plan', 'goalId');
  if (goal.status === 'achieved') throw conflict('goal_achieved', 'the goal has been achieved', 'goalId');
  if (goal.status === 'dropped') throw conflict('goal_dropped', 'the goal has been dropped', 'goalId');
  return goal;
}

export function requireThemeField(plan: Plan, value: unknown): string {
  const key = requireText(value, 'themeField', LIMITS.slug);
  if (!hasThemeField(plan, key)) {
    throw invalid('unknown_theme_field', `the plan has no theme field ${key}`, 'themeField');
  }
  return key;
}

export function goalFigures(data: Partial<Record<keyof GoalFigures, unknown>>): GoalFigures {
  return {
    description: optionalText(data.description, 'description', LIMITS.text),
    indicator: optionalText(data.indicator, 'indicator', LIMITS.item),
    unit: optionalText(data.unit, 'unit', LIMITS.name),
    baseline: optionalNumber(data.baseline, 'baseline'),
    target: optionalNumber(data.target, 'target'),
    targetDate: optionalDay(data.targetDate, 'targetDate'),
  };
}

/** Progress is (latest − baseline) / (target − baseline): equal values would leave it undefined. */
export function requireDistinctBaselineAndTarget(baseline?: number, target?: number): void {
  if (baseline !== undefined && baseline === target) {
    throw invalid('target_equals_baseline', 'the target must differ from the baseline', 'target');
  }
}
