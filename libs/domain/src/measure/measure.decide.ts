import { requirePlanOpen } from '../plan/plan-facts.js';
import { compact, unknownCommand } from '../shared/decider.js';
import { conflict, invalid, notFound } from '../shared/domain-error.js';
import { pastDayOrToday } from '../shared/date-checks.js';
import { LIMITS, optionalText, requireReason, requireText } from '../shared/value-checks.js';
import type {
  BlockMeasure,
  CancelMeasure,
  CompleteMeasure,
  MeasureCommand,
  ReportProgress,
  StartMeasure,
} from './measure.commands.js';
import type { MeasureEvent } from './measure.events.js';
import { planMeasure, rescheduleMeasure } from './measure-planning.decide.js';
import {
  isOpenMeasure,
  measureRef,
  type Measure,
  type MeasureState,
  type MeasureStatus,
} from './measure.state.js';

type Refusal = [code: string, message: string];

export function decideMeasure(command: MeasureCommand, state: MeasureState): MeasureEvent[] {
  if (command.type === 'PlanMeasure') return planMeasure(command, state);
  if (state.status === 'none') throw notFound('measure_not_found', 'no such measure');
  requirePlanOpen(command.data.planStatus);
  const ref = measureRef(state);
  switch (command.type) {
    case 'StartMeasure':
      return startMeasure(command, state);
    case 'ReportProgress':
      return reportProgress(command, state);
    case 'BlockMeasure':
      requireStatus(state, ['started']);
      return [{ type: 'MeasureBlocked', data: { ...ref, reason: reasonOf(command) } }];
    case 'UnblockMeasure':
      requireStatus(state, ['blocked'], NOT_BLOCKED);
      return [{ type: 'MeasureUnblocked', data: ref }];
    case 'RescheduleMeasure':
      requireStatus(state, ['planned', 'started', 'blocked']);
      return rescheduleMeasure(command, state);
    case 'CompleteMeasure':
      return completeMeasure(command, state);
    case 'CancelMeasure':
      requireStatus(state, ['planned', 'started', 'blocked']);
      return [{ type: 'MeasureCancelled', data: { ...ref, reason: reasonOf(command) } }];
    default:
      return unknownCommand(command);
  }
}

function reasonOf({ data, metadata }: BlockMeasure | CancelMeasure): string {
  return requireReason(data.reason, metadata);
}

function startMeasure({ data, metadata }: StartMeasure, measure: Measure): MeasureEvent[] {
  requireStatus(measure, ['planned'], ALREADY_STARTED);
  const startedOn = pastDayOrToday(data.startedOn, metadata.now, 'startedOn');
  return [{ type: 'MeasureStarted', data: { ...measureRef(measure), startedOn } }];
}

/** Progress is reported only while the measure runs, always with a note saying what was done. */
function reportProgress({ data, metadata }: ReportProgress, measure: Measure): MeasureEvent[] {
  requireStatus(measure, ['started']);
  const percent = data.percent;
  if (typeof percent !== 'number' || !Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw invalid('progress_out_of_range', 'percent must be a whole number from 0 to 100', 'percent');
  }
  const note = requireText(data.note, 'note', LIMITS.text);
  const reportedOn = pastDayOrToday(data.reportedOn, metadata.now, 'reportedOn');
  return [{ type: 'ProgressReported', data: { ...measureRef(measure), percent, note, reportedOn } }];
}

function completeMeasure({ data }: CompleteMeasure, measure: Measure): MeasureEvent[] {
  requireStatus(measure, ['started']);
  const note = optionalText(data.note, 'note', LIMITS.text);
  return [{ type: 'MeasureCompleted', data: compact({ ...measureRef(measure), note }) }];
}

const REFUSALS: Record<MeasureStatus, Refusal> = {
  planned: ['measure_not_started', 'the measure has not been started'],
  started: ['measure_already_started', 'the measure has already been started'],
  blocked: ['measure_blocked', 'the measure is blocked'],
  completed: ['measure_completed', 'the measure is completed'],
  cancelled: ['measure_cancelled', 'the measure is cancelled'],
};
const ALREADY_STARTED = REFUSALS.started;
const NOT_BLOCKED: Refusal = ['measure_not_blocked', 'the measure is not blocked'];

/** Refuses a command the measure's status does not allow; `whileOpen` overrides the reason for open ones. */
function requireStatus(measure: Measure, allowed: readonly MeasureStatus[], whileOpen?: Refusal): void {
  if (allowed.includes(measure.status)) return;
  const [code, message] = whileOpen && isOpenMeasure(measure) ? whileOpen : REFUSALS[measure.status];
  throw conflict(code, message);
}
