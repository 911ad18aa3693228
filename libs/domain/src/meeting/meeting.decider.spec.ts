import { describe, expect, it } from '@jest/globals';
import { longText, TODAY, TOMORROW, untyped } from '../shared/given.js';
import { meetingStream } from './meeting.decider.js';
import type { MeetingEvent } from './meeting.events.js';
import { totalAttendance } from './meeting.state.js';
import {
  cancelled,
  command,
  given,
  held,
  heldData,
  holdCommand,
  onPlan,
  ref,
  scheduleCommand,
  scheduled,
} from './meeting.fixtures.js';

const minutes = (text: string) => command('PublishMinutes', { ...onPlan, text });
const cancel = (reason?: string) => command('CancelMeeting', { ...onPlan, reason });

describe('a scheduled meeting', () => {
  it('ScheduleMeeting again is refused', () => {
    given([scheduled]).when(scheduleCommand()).thenThrows('meeting_exists', 'conflict');
  });

  it('HoldMeeting records the day, attendance per group, outcomes and concerns', () => {
    const state = given([scheduled]).when(holdCommand()).then(held.slice(1));
    expect(state).toMatchObject({ status: 'held', heldOn: '2026-03-09', attendance: heldData.attendance });
    expect(state.status === 'held' && state.attendance && totalAttendance(state.attendance)).toBe(51);
  });

  it('HoldMeeting accepts today and empty lists, dropping blank entries', () => {
    given([scheduled])
      .when(holdCommand({ heldOn: TODAY, outcomes: [' ', ''], concerns: [] }))
      .then([
        { type: 'MeetingHeld', data: { ...ref, ...heldData, heldOn: TODAY, outcomes: [], concerns: [] } },
      ]);
  });

  it('HoldMeeting refuses a day in the future', () => {
    given([scheduled])
      .when(holdCommand({ heldOn: TOMORROW }))
      .thenThrows('date_in_future', 'validation');
  });

  it('HoldMeeting needs whole, non-negative counts per stakeholder group', () => {
    const counts = [{ affected: -1 }, { involved: 2.5 }, { responsible: undefined }];
    for (const count of counts) {
      const attendance = { ...heldData.attendance, ...count };
      given([scheduled])
        .when(holdCommand({ attendance: untyped(attendance) }))
        .thenThrows('invalid_attendance', 'validation');
    }
    given([scheduled])
      .when(holdCommand({ attendance: untyped(null) }))
      .thenThrows('invalid_attendance');
  });

  it('HoldMeeting takes at most 50 outcomes and concerns of at most 2000 characters', () => {
    const many = Array.from({ length: 51 }, (_, i) => `Punkt ${i}`);
    given([scheduled])
      .when(holdCommand({ outcomes: many }))
      .thenThrows('outcomes_too_many', 'validation');
    const error = given([scheduled])
      .when(holdCommand({ concerns: ['ok', longText(2001)] }))
      .thenThrows('concerns_too_long');
    expect(error.field).toBe('concerns.1');
  });

  it('PublishMinutes is refused before the meeting was held', () => {
    given([scheduled]).when(minutes('Protokoll')).thenThrows('minutes_before_held', 'conflict');
  });

  it('CancelMeeting records the cancellation with its reason', () => {
    const state = given([scheduled]).when(cancel('Raum nicht verfügbar')).then(cancelled.slice(1));
    expect(state).toMatchObject({ status: 'cancelled', cancelReason: 'Raum nicht verfügbar' });
  });

  it('CancelMeeting needs a reason', () => {
    given([scheduled]).when(cancel()).thenThrows('reason_required', 'validation');
  });

  it('every command is refused when the plan is concluded', () => {
    given([scheduled])
      .when(command('CancelMeeting', { planStatus: 'concluded', reason: 'x' }))
      .thenThrows('plan_concluded', 'conflict');
  });
});

describe('a held meeting', () => {
  it('PublishMinutes records the minutes', () => {
    const state = given(held)
      .when(minutes(' Protokoll des Dialogs '))
      .then([{ type: 'MinutesPublished', data: { ...ref, text: 'Protokoll des Dialogs' } }]);
    expect(state).toMatchObject({ minutes: 'Protokoll des Dialogs', minutesCount: 1 });
  });

  it('PublishMinutes again replaces them; the same text records nothing', () => {
    const published = [
      ...held,
      { type: 'MinutesPublished', data: { ...ref, text: 'Protokoll' } } as MeetingEvent,
    ];
    given(published).when(minutes('Protokoll')).then([]);
    given(published)
      .when(minutes('Protokoll, korrigiert'))
      .then([{ type: 'MinutesPublished', data: { ...ref, text: 'Protokoll, korrigiert' } }]);
  });

  it('PublishMinutes needs a text of at most 10000 characters', () => {
    given(held).when(minutes(' ')).thenThrows('text_required', 'validation');
    given(held)
      .when(minutes(longText(10_001)))
      .thenThrows('text_too_long');
  });

  it('HoldMeeting and CancelMeeting are refused: it was held already', () => {
    given(held).when(holdCommand()).thenThrows('meeting_already_held', 'conflict');
    given(held).when(cancel('x')).thenThrows('meeting_already_held');
  });
});

describe('a cancelled meeting', () => {
  it('refuses HoldMeeting, PublishMinutes and CancelMeeting', () => {
    given(cancelled).when(holdCommand()).thenThrows('meeting_cancelled', 'conflict');
    given(cancelled).when(minutes('Protokoll')).thenThrows('meeting_cancelled');
    given(cancelled).when(cancel('x')).thenThrows('meeting_cancelled');
  });

  it('lives in the stream meeting-<id>', () => {
    expect(meetingStream('abc')).toBe('meeting-abc');
  });
});

describe('the meeting state', () => {
  it('ignores events before the scheduling', () => {
    expect(given(held.slice(1)).state).toEqual({ status: 'none' });
  });
});
