import type { DomainCommand } from '../shared/decider.js';
import type { DecisionKind, GoalChanges, GoalFigures, PartnerKind, ThemeField } from './plan.events.js';

/** Without theme fields (or with an empty list) the plan starts with the five default fields. */
export type DraftPlan = DomainCommand<
  'DraftPlan',
  {
    municipalityId: string;
    planId: string;
    title: string;
    vision: string;
    horizonStart: string;
    horizonEnd: string;
    themeFields?: ThemeField[];
  }
>;

export type AddThemeField = DomainCommand<'AddThemeField', ThemeField>;

export type DefineGoal = DomainCommand<
  'DefineGoal',
  GoalFigures & { goalId: string; themeField: string; title: string; originMeetingId?: string }
>;

/** Only the fields to change (null clears an optional one); `reason` may come from the metadata instead. */
export type ReviseGoal = DomainCommand<'ReviseGoal', GoalChanges & { goalId: string; reason?: string }>;

export type MeasureGoalIndicator = DomainCommand<
  'MeasureGoalIndicator',
  { goalId: string; value: number; measuredOn: string; source?: string }
>;

export type AchieveGoal = DomainCommand<'AchieveGoal', { goalId: string; reason?: string }>;

/** `reason` is required, from the data or the metadata. */
export type DropGoal = DomainCommand<'DropGoal', { goalId: string; reason?: string }>;

/** adopt-plan also records PlanAdopted, conclude-plan PlanConcluded. */
export type RecordDecision = DomainCommand<
  'RecordDecision',
  {
    decisionId: string;
    kind: DecisionKind;
    body: string;
    reference: string;
    decidedOn: string;
    subject: string;
  }
>;

export type RegisterPartner = DomainCommand<
  'RegisterPartner',
  { partnerId: string; name: string; kind: PartnerKind }
>;

export type PlanCommand =
  | DraftPlan
  | AddThemeField
  | DefineGoal
  | ReviseGoal
  | MeasureGoalIndicator
  | AchieveGoal
  | DropGoal
  | RecordDecision
  | RegisterPartner;

export type PlanCommandType = PlanCommand['type'];
