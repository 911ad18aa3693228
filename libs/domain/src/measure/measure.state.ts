import type { MeasureRef, Responsible } from './measure.events.js';

/** planned → started ⇄ blocked → completed, or cancelled from any open status. */
export type MeasureStatus = 'planned' | 'started' | 'blocked' | 'completed' | 'cancelled';

export interface Measure extends MeasureRef {
  status: MeasureStatus;
  title: string;
  goalIds: string[];
  responsible: Responsible;
  startDate: string;
  dueDate: string;
  budget?: number;
  weight: number;
  startedOn?: string;
  /** the latest reported percent; 100 once completed */
  percent: number;
  reportCount: number;
  lastReportedOn?: string;
  lastNote?: string;
  /** why it is blocked (only while blocked) */
  blockedReason?: string;
  rescheduleCount: number;
  cancelReason?: string;
}

export interface NoMeasure {
  status: 'none';
}

export type MeasureState = NoMeasure | Measure;

export const initialMeasureState: MeasureState = { status: 'none' };

export function isOpenMeasure(measure: Measure): boolean {
  return measure.status !== 'completed' && measure.status !== 'cancelled';
}

export function measureRef(measure: Measure): MeasureRef {
  return { municipalityId: measure.municipalityId, planId: measure.planId, measureId: measure.measureId };
}
