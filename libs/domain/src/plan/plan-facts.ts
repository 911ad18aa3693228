import { conflict, invalid, notFound } from '../shared/domain-error.js';
import type { GoalStatus, PlanState, PlanStatus } from './plan.state.js';

/**
 * What the measure and meeting deciders need to know about their plan, which they cannot see: the command
 * handler loads the plan and passes these facts in the command (`plan` or `planStatus`).
 */
export interface PlanFacts {
  municipalityId: string;
  planId: string;
  status: PlanStatus;
  /** theme-field keys */
  themeFields: string[];
  goals: { id: string; status: GoalStatus }[];
  /** partner ids */
  partners: string[];
}

/** The facts of a loaded plan; a plan that does not exist is `plan_not_found`. */
export function planFacts(state: PlanState): PlanFacts {
  if (state.status === 'none') throw notFound('plan_not_found', 'no such plan');
  return {
    municipalityId: state.municipalityId,
    planId: state.planId,
    status: state.status,
    themeFields: state.themeFields.map((field) => field.key),
    goals: state.goals.map((goal) => ({ id: goal.id, status: goal.status })),
    partners: state.partners.map((partner) => partner.id),
  };
}

const PLAN_STATUSES: readonly PlanStatus[] = ['draft', 'adopted', 'concluded'];

/**
 * Checks the plan status a measure or meeting command carries: a concluded plan refuses every command of
 * its measures and meetings. A missing status is the handler's mistake, not the client's: refuse it too.
 */
export function requirePlanOpen(status: unknown): PlanStatus {
  if (!PLAN_STATUSES.includes(status as PlanStatus)) {
    throw invalid('plan_status_invalid', 'the command must carry the plan status', 'planStatus');
  }
  if (status === 'concluded') throw conflict('plan_concluded', 'the plan is concluded');
  return status as PlanStatus;
}

/** Checks the plan facts a command carries (see requirePlanOpen). */
export function requireOpenPlanFacts(facts: unknown): PlanFacts {
  const plan = facts as Partial<PlanFacts> | undefined;
  const lists = [plan?.themeFields, plan?.goals, plan?.partners];
  if (
    typeof plan?.planId !== 'string' ||
    typeof plan.municipalityId !== 'string' ||
    !lists.every(Array.isArray)
  ) {
    throw invalid('plan_facts_invalid', 'the command must carry the facts of its plan', 'plan');
  }
  requirePlanOpen(plan.status);
  return plan as PlanFacts;
}
