import { requireOpenPlanFacts, type PlanFacts } from '../plan/plan-facts.js';
import { compact } from '../shared/decider.js';
import { conflict, invalid } from '../shared/domain-error.js';
import { requireDay, requireDayOrder } from '../shared/date-checks.js';
import { LIMITS, optionalNumber, requireId, requireReason, requireText } from '../shared/value-checks.js';
import type { PlanMeasure, RescheduleMeasure } from './measure.commands.js';
import type { MeasureEvent, Responsible } from './measure.events.js';
import { measureRef, type Measure, type MeasureState } from './measure.state.js';

/** A measure serves one or more goals of its plan that are not dropped. */
export function planMeasure({ data }: PlanMeasure, state: MeasureState): MeasureEvent[] {
  const plan = requireOpenPlanFacts(data.plan);
  const measureId = requireId(data.measureId, 'measureId');
  if (state.status !== 'none') throw conflict('measure_exists', `measure ${measureId} already exists`);
  const title = requireText(data.title, 'title', LIMITS.name);
  const goalIds = servedGoals(data.goalIds, plan);
  const responsible = responsibleParty(data.responsible, plan);
  const startDate = requireDay(data.startDate, 'startDate');
  const dueDate = requireDay(data.dueDate, 'dueDate');
  requireDayOrder(startDate, dueDate, 'dueDate', false);
  const budget = optionalNumber(data.budget, 'budget');
  if (budget !== undefined && budget < 0)
    throw invalid('invalid_budget', 'budget must not be negative', 'budget');
  const weight = optionalNumber(data.weight, 'weight') ?? 1;
  if (weight <= 0) throw invalid('invalid_weight', 'weight must be positive', 'weight');
  const ref = { municipalityId: plan.municipalityId, planId: plan.planId, measureId };
  return [
    {
      type: 'MeasurePlanned',
      data: compact({ ...ref, title, goalIds, responsible, startDate, dueDate, budget, weight }),
    },
  ];
}

/** A reschedule that keeps the due date records nothing (a repeated request). */
export function rescheduleMeasure({ data, metadata }: RescheduleMeasure, measure: Measure): MeasureEvent[] {
  const reason = requireReason(data.reason, metadata);
  const dueDate = requireDay(data.dueDate, 'dueDate');
  requireDayOrder(measure.startDate, dueDate, 'dueDate', false);
  if (dueDate === measure.dueDate) return [];
  const previousDueDate = measure.dueDate;
  return [{ type: 'MeasureRescheduled', data: { ...measureRef(measure), dueDate, previousDueDate, reason } }];
}

function servedGoals(value: unknown, plan: PlanFacts): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalid('goal_ids_required', 'a measure serves at least one goal', 'goalIds');
  }
  const goalIds = [...new Set(value.map((id: unknown, i) => requireId(id, `goalIds.${i}`)))];
  if (goalIds.length > LIMITS.listItems) {
    throw invalid('goal_ids_too_many', `a measure serves at most ${LIMITS.listItems} goals`, 'goalIds');
  }
  for (const goalId of goalIds) {
    const goal = plan.goals.find((g) => g.id === goalId);
    if (!goal) throw invalid('unknown_goal', `the plan has no goal ${goalId}`, 'goalIds');
    if (goal.status === 'dropped')
      throw conflict('goal_dropped', `goal ${goalId} has been dropped`, 'goalIds');
  }
  return goalIds;
}

function responsibleParty(value: unknown, plan: PlanFacts): Responsible {
  const given = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const named = (['memberId', 'partnerId', 'office'] as const).filter(
    (key) => given[key] !== undefined && given[key] !== null && given[key] !== '',
  );
  if (named.length !== 1) {
    throw invalid(
      'responsible_invalid',
      'name exactly one responsible: memberId, partnerId or office',
      'responsible',
    );
  }
  if (named[0] === 'memberId') return { memberId: requireId(given.memberId, 'responsible.memberId') };
  if (named[0] === 'office') return { office: requireText(given.office, 'responsible.office', LIMITS.name) };
  const partnerId = requireId(given.partnerId, 'responsible.partnerId');
  if (!plan.partners.includes(partnerId)) {
    throw invalid('unknown_partner', `the plan has no partner ${partnerId}`, 'responsible.partnerId');
  }
  return { partnerId };
}
