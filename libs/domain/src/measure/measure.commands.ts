import type { PlanFacts } from '../plan/plan-facts.js';
import type { PlanStatus } from '../plan/plan.state.js';
import type { DomainCommand } from '../shared/decider.js';
import type { Responsible } from './measure.events.js';

/** The measure decider cannot see the plan: the handler passes `planFacts(planState)` as `plan`. */
export type PlanMeasure = DomainCommand<
  'PlanMeasure',
  {
    measureId: string;
    title: string;
    goalIds: string[];
    responsible: Responsible;
    startDate: string;
    dueDate: string;
    budget?: number;
    weight?: number;
    plan: PlanFacts;
  }
>;

/** Every later command carries the plan's current status, so that a concluded plan refuses it. */
interface OnPlan {
  planStatus: PlanStatus;
}

/** `startedOn` defaults to today. */
export type StartMeasure = DomainCommand<'StartMeasure', OnPlan & { startedOn?: string }>;
/** `reportedOn` defaults to today. */
export type ReportProgress = DomainCommand<
  'ReportProgress',
  OnPlan & { percent: number; note: string; reportedOn?: string }
>;
/** Required reasons may come from the data or from the metadata. */
export type BlockMeasure = DomainCommand<'BlockMeasure', OnPlan & { reason?: string }>;
export type UnblockMeasure = DomainCommand<'UnblockMeasure', OnPlan>;
export type RescheduleMeasure = DomainCommand<
  'RescheduleMeasure',
  OnPlan & { dueDate: string; reason?: string }
>;
export type CompleteMeasure = DomainCommand<'CompleteMeasure', OnPlan & { note?: string }>;
export type CancelMeasure = DomainCommand<'CancelMeasure', OnPlan & { reason?: string }>;

export type MeasureCommand =
  | PlanMeasure
  | StartMeasure
  | ReportProgress
  | BlockMeasure
  | UnblockMeasure
  | RescheduleMeasure
  | CompleteMeasure
  | CancelMeasure;

export type MeasureCommandType = MeasureCommand['type'];
