import type { DomainEvent } from '../shared/decider.js';

/** Every plan event names its tenant and plan, so projections can route it without the stream name. */
export interface PlanRef {
  municipalityId: string;
  planId: string;
}

export interface ThemeField {
  /** lowercase slug, unique within the plan, e.g. `fears-and-living-together` */
  key: string;
  name: string;
}

/** The measurable part of a goal; all optional (a goal may start as a plain statement). */
export interface GoalFigures {
  description?: string;
  indicator?: string;
  unit?: string;
  baseline?: number;
  target?: number;
  targetDate?: string;
}

/** A revision names only what changed; `null` clears an optional field. */
export type GoalChanges = { themeField?: string; title?: string } & {
  [K in keyof GoalFigures]?: GoalFigures[K] | null;
};

export const DECISION_KINDS = ['adopt-plan', 'revise-plan', 'conclude-plan', 'other'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export const PARTNER_KINDS = ['association', 'initiative', 'volunteers', 'office', 'company'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export interface DecisionFields {
  decisionId: string;
  kind: DecisionKind;
  /** the deciding body, e.g. Gemeinderat, Lenkungsgruppe */
  body: string;
  /** the body's file or minute reference, e.g. GR-2026/014 */
  reference: string;
  decidedOn: string;
  /** what was decided */
  subject: string;
}

export type PlanDrafted = DomainEvent<
  'PlanDrafted',
  PlanRef & { title: string; vision: string; horizonStart: string; horizonEnd: string }
>;
export type ThemeFieldAdded = DomainEvent<'ThemeFieldAdded', PlanRef & ThemeField>;
export type GoalDefined = DomainEvent<
  'GoalDefined',
  PlanRef & GoalFigures & { goalId: string; themeField: string; title: string; originMeetingId?: string }
>;
export type GoalRevised = DomainEvent<
  'GoalRevised',
  PlanRef & GoalChanges & { goalId: string; reason: string }
>;
export type GoalIndicatorMeasured = DomainEvent<
  'GoalIndicatorMeasured',
  PlanRef & { goalId: string; value: number; measuredOn: string; source?: string }
>;
export type GoalAchieved = DomainEvent<'GoalAchieved', PlanRef & { goalId: string; reason?: string }>;
export type GoalDropped = DomainEvent<'GoalDropped', PlanRef & { goalId: string; reason: string }>;
export type DecisionRecorded = DomainEvent<'DecisionRecorded', PlanRef & DecisionFields>;
export type PlanAdopted = DomainEvent<'PlanAdopted', PlanRef & { decisionId: string; decidedOn: string }>;
export type PlanConcluded = DomainEvent<'PlanConcluded', PlanRef & { decisionId: string; decidedOn: string }>;
export type PartnerRegistered = DomainEvent<
  'PartnerRegistered',
  PlanRef & { partnerId: string; name: string; kind: PartnerKind }
>;

export type PlanEvent =
  | PlanDrafted
  | ThemeFieldAdded
  | GoalDefined
  | GoalRevised
  | GoalIndicatorMeasured
  | GoalAchieved
  | GoalDropped
  | DecisionRecorded
  | PlanAdopted
  | PlanConcluded
  | PartnerRegistered;

export type PlanEventType = PlanEvent['type'];
