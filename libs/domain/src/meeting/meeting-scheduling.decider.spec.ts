import { describe, expect, it } from '@jest/globals';
import { longText, untyped } from '../shared/given.js';
import { given, holdCommand, planFacts, ref, scheduleCommand, scheduled } from './meeting.fixtures.js';

describe('no meeting yet', () => {
  it('ScheduleMeeting records the meeting, its time in UTC', () => {
    const state = given().when(scheduleCommand()).then([scheduled]);
    expect(state).toMatchObject({ status: 'scheduled', outcomes: [], minutesCount: 0 });
  });

  it('ScheduleMeeting without location or theme fields', () => {
    given()
      .when(
        scheduleCommand({
          location: ' ',
          themeFields: [],
          kind: 'steering-group',
          scheduledFor: '2026-03-20T17:00:00Z',
        }),
      )
      .then([
        {
          type: 'MeetingScheduled',
          data: {
            ...ref,
            title: 'Integrationsdialog Nordstadt',
            kind: 'steering-group',
            scheduledFor: '2026-03-20T17:00:00.000Z',
            themeFields: [],
          },
        },
      ]);
  });

  it('ScheduleMeeting needs theme fields of the plan', () => {
    given()
      .when(scheduleCommand({ themeFields: ['housing', 'health'] }))
      .thenThrows('unknown_theme_field', 'validation');
  });

  it('ScheduleMeeting needs a known kind', () => {
    given()
      .when(scheduleCommand({ kind: untyped('party') }))
      .thenThrows('kind_invalid', 'validation');
  });

  it('ScheduleMeeting needs a timestamp with a zone', () => {
    given()
      .when(scheduleCommand({ scheduledFor: '2026-03-20' }))
      .thenThrows('invalid_instant', 'validation');
    given()
      .when(scheduleCommand({ scheduledFor: '2026-03-20T18:00:00' }))
      .thenThrows('invalid_instant');
    given()
      .when(scheduleCommand({ scheduledFor: '' }))
      .thenThrows('scheduled_for_required');
  });

  it('ScheduleMeeting needs a title and a location within bounds', () => {
    given()
      .when(scheduleCommand({ title: '' }))
      .thenThrows('title_required');
    given()
      .when(scheduleCommand({ location: longText(201) }))
      .thenThrows('location_too_long');
  });

  it('ScheduleMeeting is refused in a concluded plan', () => {
    given()
      .when(scheduleCommand({ plan: { ...planFacts, status: 'concluded' } }))
      .thenThrows('plan_concluded', 'conflict');
  });

  it('ScheduleMeeting is refused without the facts of its plan', () => {
    given()
      .when(scheduleCommand({ plan: untyped({ status: 'draft' }) }))
      .thenThrows('plan_facts_invalid', 'validation');
  });

  it('every other command finds no meeting', () => {
    given().when(holdCommand()).thenThrows('meeting_not_found', 'not_found');
  });
});
