import { describe, expect, it } from '@jest/globals';
import { contributor, TODAY, TOMORROW } from '../shared/given.js';
import type { MeasureCommand } from './measure.commands.js';
import {
  block,
  cancel,
  cancelled,
  command,
  complete,
  completed,
  given,
  onPlan,
  planned,
  ref,
  report,
  reschedule,
  start,
  started,
  unblock,
} from './measure.fixtures.js';

describe('a planned measure', () => {
  it('StartMeasure records the start, today unless a day is given', () => {
    given([planned])
      .when(start())
      .then([{ type: 'MeasureStarted', data: { ...ref, startedOn: TODAY } }]);
    const state = given([planned]).when(start('2026-03-02')).then(started.slice(1));
    expect(state).toMatchObject({ status: 'started', startedOn: '2026-03-02' });
  });

  it('StartMeasure refuses a day in the future', () => {
    given([planned]).when(start(TOMORROW)).thenThrows('date_in_future', 'validation');
  });

  it('ReportProgress, BlockMeasure and CompleteMeasure need a started measure', () => {
    given([planned]).when(report()).thenThrows('measure_not_started', 'conflict');
    given([planned]).when(block('x')).thenThrows('measure_not_started');
    given([planned]).when(complete()).thenThrows('measure_not_started');
  });

  it('UnblockMeasure needs a blocked measure', () => {
    given([planned]).when(unblock).thenThrows('measure_not_blocked', 'conflict');
  });

  it('RescheduleMeasure moves the due date, with a reason', () => {
    const state = given([planned])
      .when(reschedule('2027-03-31', 'Förderbescheid verzögert'))
      .then([
        {
          type: 'MeasureRescheduled',
          data: {
            ...ref,
            dueDate: '2027-03-31',
            previousDueDate: '2026-12-31',
            reason: 'Förderbescheid verzögert',
          },
        },
      ]);
    expect(state).toMatchObject({ dueDate: '2027-03-31', rescheduleCount: 1 });
  });

  it('RescheduleMeasure needs a reason', () => {
    given([planned]).when(reschedule('2027-03-31')).thenThrows('reason_required', 'validation');
    given([planned])
      .when(
        command(
          'RescheduleMeasure',
          { ...onPlan, dueDate: '2027-03-31' },
          { ...contributor, reason: 'verzögert' },
        ),
      )
      .then([
        {
          type: 'MeasureRescheduled',
          data: { ...ref, dueDate: '2027-03-31', previousDueDate: '2026-12-31', reason: 'verzögert' },
        },
      ]);
  });

  it('RescheduleMeasure needs a due date on or after the start', () => {
    given([planned]).when(reschedule('2026-03-31', 'x')).thenThrows('invalid_date_range', 'validation');
    given([planned]).when(reschedule('2027-02-29', 'x')).thenThrows('invalid_date');
  });

  it('RescheduleMeasure to the same due date records nothing', () => {
    given([planned]).when(reschedule('2026-12-31', 'x')).then([]);
  });

  it('CancelMeasure records the cancellation, with a reason', () => {
    const state = given([planned]).when(cancel('kein Träger')).then(cancelled.slice(1));
    expect(state).toMatchObject({ status: 'cancelled', cancelReason: 'kein Träger' });
    given([planned]).when(cancel()).thenThrows('reason_required');
  });
});

const everyCommand: MeasureCommand[] = [
  start(),
  report(),
  block('x'),
  unblock,
  reschedule('2027-01-31', 'x'),
  complete(),
  cancel('x'),
];

describe('a completed measure', () => {
  it.each(everyCommand.map((c) => [c.type, c] as const))('refuses %s', (_type, later) => {
    given(completed).when(later).thenThrows('measure_completed', 'conflict');
  });
});

describe('a cancelled measure', () => {
  it.each(everyCommand.map((c) => [c.type, c] as const))('refuses %s', (_type, later) => {
    given(cancelled).when(later).thenThrows('measure_cancelled', 'conflict');
  });
});
