import { describe, expect, it } from '@jest/globals';
import { TODAY, TOMORROW, longText } from '../shared/given.js';
import {
  block,
  blocked,
  cancel,
  complete,
  completed,
  given,
  ref,
  report,
  reschedule,
  start,
  started,
  unblock,
} from './measure.fixtures.js';

describe('a started measure', () => {
  it('ReportProgress records percent, note and day', () => {
    const state = given(started)
      .when(report())
      .then([
        {
          type: 'ProgressReported',
          data: { ...ref, percent: 40, note: 'Zehn Tandems gebildet', reportedOn: '2026-03-09' },
        },
      ]);
    expect(state).toMatchObject({ percent: 40, reportCount: 1, lastReportedOn: '2026-03-09' });
  });

  it('ReportProgress reports today unless a day is given, and may go down', () => {
    given(started)
      .when(report({ percent: 0, reportedOn: undefined }))
      .then([
        {
          type: 'ProgressReported',
          data: { ...ref, percent: 0, note: 'Zehn Tandems gebildet', reportedOn: TODAY },
        },
      ]);
  });

  it('ReportProgress needs a whole percent from 0 to 100', () => {
    for (const percent of [-1, 101, 12.5, Number.NaN]) {
      given(started).when(report({ percent })).thenThrows('progress_out_of_range', 'validation');
    }
  });

  it('ReportProgress needs a note of at most 10000 characters', () => {
    given(started)
      .when(report({ note: '' }))
      .thenThrows('note_required', 'validation');
    given(started)
      .when(report({ note: longText(10_001) }))
      .thenThrows('note_too_long');
  });

  it('ReportProgress refuses a day in the future', () => {
    given(started)
      .when(report({ reportedOn: TOMORROW }))
      .thenThrows('date_in_future');
  });

  it('StartMeasure again is refused', () => {
    given(started).when(start()).thenThrows('measure_already_started', 'conflict');
  });

  it('BlockMeasure records the block with its reason', () => {
    const state = given(started).when(block('Raum fehlt')).then(blocked.slice(2));
    expect(state).toMatchObject({ status: 'blocked', blockedReason: 'Raum fehlt' });
    given(started).when(block(' ')).thenThrows('reason_required');
  });

  it('UnblockMeasure is refused: the measure is not blocked', () => {
    given(started).when(unblock).thenThrows('measure_not_blocked', 'conflict');
  });

  it('CompleteMeasure records the completion and sets the progress to 100', () => {
    const state = given(started).when(complete()).then(completed.slice(2));
    expect(state).toMatchObject({ status: 'completed', percent: 100 });
    given(started)
      .when(complete('Abschlussbericht liegt vor'))
      .then([{ type: 'MeasureCompleted', data: { ...ref, note: 'Abschlussbericht liegt vor' } }]);
  });

  it('CancelMeasure and RescheduleMeasure are allowed', () => {
    given(started)
      .when(cancel('x'))
      .then([{ type: 'MeasureCancelled', data: { ...ref, reason: 'x' } }]);
    given(started)
      .when(reschedule('2027-01-31', 'x'))
      .then([
        {
          type: 'MeasureRescheduled',
          data: { ...ref, dueDate: '2027-01-31', previousDueDate: '2026-12-31', reason: 'x' },
        },
      ]);
  });
});

describe('a blocked measure', () => {
  it('UnblockMeasure records that it runs again', () => {
    const state = given(blocked)
      .when(unblock)
      .then([{ type: 'MeasureUnblocked', data: ref }]);
    expect(state).toMatchObject({ status: 'started' });
    expect(state).not.toHaveProperty('blockedReason');
  });

  it('ReportProgress, BlockMeasure and CompleteMeasure are refused while blocked', () => {
    given(blocked).when(report()).thenThrows('measure_blocked', 'conflict');
    given(blocked).when(block('x')).thenThrows('measure_blocked');
    given(blocked).when(complete()).thenThrows('measure_blocked');
  });

  it('StartMeasure is refused: it was started already', () => {
    given(blocked).when(start()).thenThrows('measure_already_started');
  });

  it('CancelMeasure and RescheduleMeasure are allowed', () => {
    const state = given(blocked)
      .when(cancel('x'))
      .then([{ type: 'MeasureCancelled', data: { ...ref, reason: 'x' } }]);
    expect(state).not.toHaveProperty('blockedReason');
    given(blocked)
      .when(reschedule('2027-01-31', 'x'))
      .then([
        {
          type: 'MeasureRescheduled',
          data: { ...ref, dueDate: '2027-01-31', previousDueDate: '2026-12-31', reason: 'x' },
        },
      ]);
  });
});
