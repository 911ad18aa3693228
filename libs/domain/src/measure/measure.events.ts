import type { DomainEvent } from '../shared/decider.js';

export interface MeasureRef {
  municipalityId: string;
  planId: string;
  measureId: string;
}

/** Exactly one of them: a member (by id, never by name), a registered partner, or an office. */
export interface Responsible {
  memberId?: string;
  partnerId?: string;
  office?: string;
}

export type MeasurePlanned = DomainEvent<
  'MeasurePlanned',
  MeasureRef & {
    title: string;
    goalIds: string[];
    responsible: Responsible;
    startDate: string;
    dueDate: string;
    budget?: number;
    /** weight in the goal's rollup; 1 unless given */
    weight: number;
  }
>;
export type MeasureStarted = DomainEvent<'MeasureStarted', MeasureRef & { startedOn: string }>;
export type ProgressReported = DomainEvent<
  'ProgressReported',
  MeasureRef & { percent: number; note: string; reportedOn: string }
>;
export type MeasureBlocked = DomainEvent<'MeasureBlocked', MeasureRef & { reason: string }>;
export type MeasureUnblocked = DomainEvent<'MeasureUnblocked', MeasureRef>;
export type MeasureRescheduled = DomainEvent<
  'MeasureRescheduled',
  MeasureRef & { dueDate: string; previousDueDate: string; reason: string }
>;
/** The measure's progress becomes 100. */
export type MeasureCompleted = DomainEvent<'MeasureCompleted', MeasureRef & { note?: string }>;
export type MeasureCancelled = DomainEvent<'MeasureCancelled', MeasureRef & { reason: string }>;

export type MeasureEvent =
  | MeasurePlanned
  | MeasureStarted
  | ProgressReported
  | MeasureBlocked
  | MeasureUnblocked
  | MeasureRescheduled
  | MeasureCompleted
  | MeasureCancelled;

export type MeasureEventType = MeasureEvent['type'];
