import { compact, ignoreUnknownEvent, type Decider } from '../shared/decider.js';
import type { PlanCommand } from './plan.commands.js';
import { decidePlan } from './plan.decide.js';
import type { GoalChanges, GoalIndicatorMeasured, PlanEvent } from './plan.events.js';
import { initialPlanState, type Goal, type Plan, type PlanState } from './plan.state.js';

/** The plan with its theme fields, goals, decisions and partners: one stream per plan. */
export const planDecider: Decider<PlanCommand, PlanEvent, PlanState> = {
  initialState: initialPlanState,
  evolve: evolvePlan,
  decide: decidePlan,
};

export function planStream(planId: string): string {
  return `plan-${planId}`;
}

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  if (event.type === 'PlanDrafted') {
    const { municipalityId, planId, title, vision, horizonStart, horizonEnd } = event.data;
    return {
      status: 'draft',
      ...{ municipalityId, planId, title, vision, horizonStart, horizonEnd },
      ...{ themeFields: [], goals: [], partners: [], decisions: [] },
    };
  }
  // events before the draft cannot occur in a well-formed stream; ignore rather than invent a plan
  if (state.status === 'none') return state;
  return evolveExisting(state, event);
}

function evolveExisting(plan: Plan, event: Exclude<PlanEvent, { type: 'PlanDrafted' }>): Plan {
  switch (event.type) {
    case 'ThemeFieldAdded':
      return { ...plan, themeFields: [...plan.themeFields, { key: event.data.key, name: event.data.name }] };
    case 'GoalDefined': {
      const { municipalityId: _m, planId: _p, goalId, ...fields } = event.data;
      const goal: Goal = { id: goalId, ...fields, status: 'defined', measurementCount: 0, revisionCount: 0 };
      return { ...plan, goals: [...plan.goals, goal] };
    }
    case 'GoalRevised':
      return updateGoal(plan, event.data.goalId, (goal) => revised(goal, event.data));
    case 'GoalIndicatorMeasured':
      return updateGoal(plan, event.data.goalId, (goal) => measured(goal, event.data));
    case 'GoalAchieved':
      return updateGoal(plan, event.data.goalId, (goal) =>
        compact({ ...goal, status: 'achieved', closingReason: event.data.reason }),
      );
    case 'GoalDropped':
      return updateGoal(plan, event.data.goalId, (goal) => ({
        ...goal,
        status: 'dropped',
        closingReason: event.data.reason,
      }));
    case 'DecisionRecorded': {
      const { municipalityId: _m, planId: _p, decisionId, ...decision } = event.data;
      return { ...plan, decisions: [...plan.decisions, { id: decisionId, ...decision }] };
    }
    case 'PlanAdopted':
      return { ...plan, status: 'adopted', adoptedOn: event.data.decidedOn };
    case 'PlanConcluded':
      return { ...plan, status: 'concluded', concludedOn: event.data.decidedOn };
    case 'PartnerRegistered': {
      const { partnerId, name, kind } = event.data;
      return { ...plan, partners: [...plan.partners, { id: partnerId, name, kind }] };
    }
    default:
      return ignoreUnknownEvent(plan, event);
  }
}

function updateGoal(plan: Plan, goalId: string, change: (goal: Goal) => Goal): Plan {
  return { ...plan, goals: plan.goals.map((goal) => (goal.id === goalId ? change(goal) : goal)) };
}

const REVISABLE: readonly (keyof GoalChanges)[] = [
  'themeField',
  'title',
  'description',
  'indicator',
  'unit',
  'baseline',
  'target',
  'targetDate',
];

function revised(goal: Goal, changes: GoalChanges): Goal {
  const next: Record<string, unknown> = { ...goal, status: 'revised', revisionCount: goal.revisionCount + 1 };
  for (const key of REVISABLE) {
    const value = changes[key];
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  return next as unknown as Goal;
}

function measured(goal: Goal, data: GoalIndicatorMeasured['data']): Goal {
  const measurement = compact({ value: data.value, measuredOn: data.measuredOn, source: data.source });
  const latest = goal.latestMeasurement;
  const isLatest = latest === undefined || data.measuredOn >= latest.measuredOn;
  return {
    ...goal,
    measurementCount: goal.measurementCount + 1,
    ...(isLatest ? { latestMeasurement: measurement } : {}),
  };
}
