import type { DecisionFields, GoalFigures, PartnerKind, PlanRef, ThemeField } from './plan.events.js';

export type PlanStatus = 'draft' | 'adopted' | 'concluded';
/** defined → revised → achieved or dropped; defined and revised goals are open. */
export type GoalStatus = 'defined' | 'revised' | 'achieved' | 'dropped';

export interface Measurement {
  value: number;
  measuredOn: string;
  source?: string;
}

export interface Goal extends GoalFigures {
  id: string;
  themeField: string;
  title: string;
  originMeetingId?: string;
  status: GoalStatus;
  /** the measurement with the latest measuredOn (a back-dated one recorded later does not replace it) */
  latestMeasurement?: Measurement;
  measurementCount: number;
  revisionCount: number;
  /** why it was achieved or dropped */
  closingReason?: string;
}

export interface Partner {
  id: string;
  name: string;
  kind: PartnerKind;
}

export type Decision = Omit<DecisionFields, 'decisionId'> & { id: string };

export interface Plan {
  status: PlanStatus;
  municipalityId: string;
  planId: string;
  title: string;
  vision: string;
  horizonStart: string;
  horizonEnd: string;
  themeFields: ThemeField[];
  goals: Goal[];
  partners: Partner[];
  decisions: Decision[];
  /** the day of the adopting decision */
  adoptedOn?: string;
  /** the day of the concluding decision */
  concludedOn?: string;
}

export interface NoPlan {
  status: 'none';
}

export type PlanState = NoPlan | Plan;

export const initialPlanState: PlanState = { status: 'none' };

export function isOpenGoal(goal: Goal): boolean {
  return goal.status === 'defined' || goal.status === 'revised';
}

export function findGoal(plan: Plan, goalId: string): Goal | undefined {
  return plan.goals.find((goal) => goal.id === goalId);
}

export function hasThemeField(plan: Plan, key: string): boolean {
  return plan.themeFields.some((field) => field.key === key);
}

export function planRef(plan: Plan): PlanRef {
  return { municipalityId: plan.municipalityId, planId: plan.planId };
}
