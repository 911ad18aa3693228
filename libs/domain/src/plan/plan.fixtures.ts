// Events and commands the plan specs share (not exported from index.ts).
import { commandsOf, coordinator, MUNICIPALITY_ID, PLAN_ID, scenarios } from '../shared/given.js';
import type { PlanCommand } from './plan.commands.js';
import { DEFAULT_THEME_FIELDS } from './plan.decide.js';
import { planDecider } from './plan.decider.js';
import type { DecisionFields, GoalDefined, PlanEvent } from './plan.events.js';

export const ref = { municipalityId: MUNICIPALITY_ID, planId: PLAN_ID };
export const given = scenarios(planDecider);
export const command = commandsOf<PlanCommand>(coordinator);

export const drafted: PlanEvent[] = [
  {
    type: 'PlanDrafted',
    data: {
      ...ref,
      title: 'Masterplan Integration 2026–2030',
      vision: 'Alle, die hier leben, finden Wohnung, Ausbildung und Arbeit und gestalten die Stadt mit.',
      horizonStart: '2026-01-01',
      horizonEnd: '2030-12-31',
    },
  },
  ...DEFAULT_THEME_FIELDS.map((field): PlanEvent => ({
    type: 'ThemeFieldAdded',
    data: { ...ref, ...field },
  })),
];

export function goalDefined(goalId = 'goal-1', extra: Partial<GoalDefined['data']> = {}): PlanEvent {
  return {
    type: 'GoalDefined',
    data: { ...ref, goalId, themeField: 'vocational-training', title: 'Mehr Ausbildungsplätze', ...extra },
  };
}

/** A goal with indicator, baseline and target, as the dashboard's progress formula needs. */
export const measurableGoal = goalDefined('goal-1', {
  indicator: 'Geflüchtete in Ausbildung',
  unit: 'Personen',
  baseline: 20,
  target: 60,
  targetDate: '2028-09-01',
});

export function decision(kind: DecisionFields['kind'], decisionId = `decision-${kind}`): DecisionFields {
  return {
    decisionId,
    kind,
    body: 'Gemeinderat',
    reference: 'GR-2026/014',
    decidedOn: '2026-03-05',
    subject: 'Masterplan Integration',
  };
}

export const adopted: PlanEvent[] = [
  ...drafted,
  measurableGoal,
  { type: 'DecisionRecorded', data: { ...ref, ...decision('adopt-plan') } },
  { type: 'PlanAdopted', data: { ...ref, decisionId: 'decision-adopt-plan', decidedOn: '2026-03-05' } },
];

export const concluded: PlanEvent[] = [
  ...adopted,
  { type: 'DecisionRecorded', data: { ...ref, ...decision('conclude-plan') } },
  { type: 'PlanConcluded', data: { ...ref, decisionId: 'decision-conclude-plan', decidedOn: '2026-03-05' } },
];

export function draftCommand(extra: Partial<Extract<PlanCommand, { type: 'DraftPlan' }>['data']> = {}) {
  const first = drafted[0] as Extract<PlanEvent, { type: 'PlanDrafted' }>;
  return command('DraftPlan', { ...first.data, ...extra });
}
