import { describe, expect, it } from '@jest/globals';
import type { Goal, Measure, Meeting, Plan } from '@app/domain';
import type { PlanView } from '@app/read-models';
import type { ReminderJob } from './reminder-catalogue.js';
import { desiredReminders, type PolicySettings } from './reminder-policy.js';

// Every instant below is computed by hand, not by the code under test:
//   Europe/Berlin     CET = UTC+1, CEST = UTC+2; summer time 2027 from Sun 28 March to Sun 31 October
//   America/New_York  EST = UTC−5, EDT = UTC−4; summer time 2027 from Sun 14 March to Sun 7 November
//   Asia/Kolkata      IST = UTC+5:30 all year
// so 08:00 local is 07:00Z (Berlin winter), 06:00Z (Berlin summer), 13:00Z (New York winter),
// 12:00Z (New York summer) and 02:30Z (Kolkata).

const MUNICIPALITY = '0b7e4b52-6a8e-4c1d-9a51-0c3f2f6f1a10';
const PLAN = '5d1c9a7e-2f44-4b8e-8d0a-7e1b3c9f4a22';
const ref = { municipalityId: MUNICIPALITY, planId: PLAN };

function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    status: 'adopted',
    ...ref,
    title: 'Masterplan Integration',
    vision: 'Gemeinsam gut leben',
    horizonStart: '2026-01-01',
    horizonEnd: '2030-12-31',
    themeFields: [{ key: 'housing', name: 'Wohnen' }] as Plan['themeFields'],
    goals: [],
    partners: [],
    decisions: [],
    ...overrides,
  };
}

function goal(id: string, overrides: Partial<Goal> = {}): Goal {
  return {
    id,
    themeField: 'housing',
    title: `Ziel ${id}`,
    status: 'defined',
    measurementCount: 0,
    revisionCount: 0,
    ...overrides,
  };
}

function measure(measureId: string, overrides: Partial<Measure> = {}): Measure {
  return {
    ...ref,
    measureId,
    status: 'planned',
    title: `Maßnahme ${measureId}`,
    goalIds: [],
    responsible: { office: 'Integrationsbüro' },
    startDate: '2027-01-04',
    dueDate: '2027-12-31',
    weight: 1,
    percent: 0,
    reportCount: 0,
    rescheduleCount: 0,
    ...overrides,
  };
}

function meeting(meetingId: string, overrides: Partial<Meeting> = {}): Meeting {
  return {
    ...ref,
    meetingId,
    status: 'scheduled',
    title: `Treffen ${meetingId}`,
    kind: 'dialogue',
    scheduledFor: '2027-07-10T16:00:00.000Z',
    themeFields: ['housing'],
    outcomes: [],
    concerns: [],
    minutesCount: 0,
    ...overrides,
  };
}

function view(parts: {
  plan?: Partial<Plan>;
  measures?: Measure[];
  meetings?: Meeting[];
  lastActivityAt?: string;
}): PlanView {
  return {
    plan: plan(parts.plan),
    measures: Object.fromEntries((parts.measures ?? []).map((m) => [m.measureId, m])),
    meetings: Object.fromEntries((parts.meetings ?? []).map((m) => [m.meetingId, m])),
    position: 42,
    lastActivityAt: parts.lastActivityAt ?? '2027-01-02T10:00:00.000Z',
    eventCount: 17,
  };
}

const BERLIN: PolicySettings = {
  timeZone: 'Europe/Berlin',
  staleAfterDays: 30,
  now: new Date('2027-01-01T00:00:00.000Z'),
};
const NEW_YORK: PolicySettings = { ...BERLIN, timeZone: 'America/New_York' };
const KOLKATA: PolicySettings = { ...BERLIN, timeZone: 'Asia/Kolkata' };

/** [kind, about, runAt] of each reminder, sorted, for compact literal comparisons. */
const brief = (reminders: ReminderJob[]) =>
  reminders.map((r) => [r.kind, r.about, r.runAt]).sort((a, b) => `${a}`.localeCompare(`${b}`));
const kinds = (reminders: ReminderJob[]) => reminders.map((r) => r.kind).sort();

describe('desiredReminders: each kind at 08:00 local time', () => {
  it('a measure due in winter: 14 days before, the day before and the day after, at 07:00Z in Berlin', () => {
    const reminders = desiredReminders(
      view({ measures: [measure('m1', { dueDate: '2027-03-15' })] }),
      BERLIN,
    );
    expect(reminders).toEqual([
      {
        reminderId: 'measure-due-14.m1.2027-03-15',
        kind: 'measure-due-14',
        ...ref,
        subjectId: 'm1',
        about: '2027-03-15',
        runAt: '2027-03-01T07:00:00.000Z',
      },
      {
        reminderId: 'measure-due-1.m1.2027-03-15',
        kind: 'measure-due-1',
        ...ref,
        subjectId: 'm1',
        about: '2027-03-15',
        runAt: '2027-03-14T07:00:00.000Z',
      },
      {
        reminderId: 'measure-overdue.m1.2027-03-15',
        kind: 'measure-overdue',
        ...ref,
        subjectId: 'm1',
        about: '2027-03-15',
        runAt: '2027-03-16T07:00:00.000Z',
      },
    ]);
  });

  it('a measure due in summer time is reminded at 06:00Z in Berlin', () => {
    expect(
      brief(desiredReminders(view({ measures: [measure('m2', { dueDate: '2027-07-20' })] }), BERLIN)),
    ).toEqual([
      ['measure-due-1', '2027-07-20', '2027-07-19T06:00:00.000Z'],
      ['measure-due-14', '2027-07-20', '2027-07-06T06:00:00.000Z'],
      ['measure-overdue', '2027-07-20', '2027-07-21T06:00:00.000Z'],
    ]);
  });

  it('across the change to summer time (28 March 2027) each reminder keeps 08:00 local', () => {
    expect(
      brief(desiredReminders(view({ measures: [measure('m3', { dueDate: '2027-04-05' })] }), BERLIN)),
    ).toEqual([
      ['measure-due-1', '2027-04-05', '2027-04-04T06:00:00.000Z'],
      ['measure-due-14', '2027-04-05', '2027-03-22T07:00:00.000Z'],
      ['measure-overdue', '2027-04-05', '2027-04-06T06:00:00.000Z'],
    ]);
  });

  it('across the change back to winter time (31 October 2027) each reminder keeps 08:00 local', () => {
    expect(
      brief(desiredReminders(view({ measures: [measure('m4', { dueDate: '2027-11-05' })] }), BERLIN)),
    ).toEqual([
      ['measure-due-1', '2027-11-05', '2027-11-04T07:00:00.000Z'],
      ['measure-due-14', '2027-11-05', '2027-10-22T06:00:00.000Z'],
      ['measure-overdue', '2027-11-05', '2027-11-06T07:00:00.000Z'],
    ]);
  });

  it('in America/New_York: 13:00Z in winter, 12:00Z from the US change on 14 March 2027', () => {
    expect(
      brief(desiredReminders(view({ measures: [measure('m1', { dueDate: '2027-03-15' })] }), NEW_YORK)),
    ).toEqual([
      ['measure-due-1', '2027-03-15', '2027-03-14T12:00:00.000Z'],
      ['measure-due-14', '2027-03-15', '2027-03-01T13:00:00.000Z'],
      ['measure-overdue', '2027-03-15', '2027-03-16T12:00:00.000Z'],
    ]);
  });

  it('in Asia/Kolkata (UTC+5:30, no summer time) at 02:30Z', () => {
    expect(
      brief(desiredReminders(view({ measures: [measure('m1', { dueDate: '2027-03-15' })] }), KOLKATA)),
    ).toEqual([
      ['measure-due-1', '2027-03-15', '2027-03-14T02:30:00.000Z'],
      ['measure-due-14', '2027-03-15', '2027-03-01T02:30:00.000Z'],
      ['measure-overdue', '2027-03-15', '2027-03-16T02:30:00.000Z'],
    ]);
  });

  it('an upcoming meeting three days before its local day (summer time)', () => {
    const v = view({ meetings: [meeting('mt1', { scheduledFor: '2027-07-10T16:00:00.000Z' })] });
    expect(brief(desiredReminders(v, BERLIN))).toEqual([
      ['meeting-upcoming', '2027-07-10', '2027-07-07T06:00:00.000Z'],
    ]);
    expect(brief(desiredReminders(v, NEW_YORK))).toEqual([
      ['meeting-upcoming', '2027-07-10', '2027-07-07T12:00:00.000Z'],
    ]);
  });

  it('a meeting late in the UTC evening belongs to the day it is in the municipality’s zone', () => {
    // 2027-03-01T23:30Z is 2 March 00:30 in Berlin, but 1 March 18:30 in New York
    const v = view({ meetings: [meeting('mt2', { scheduledFor: '2027-03-01T23:30:00.000Z' })] });
    expect(brief(desiredReminders(v, BERLIN))).toEqual([
      ['meeting-upcoming', '2027-03-02', '2027-02-27T07:00:00.000Z'],
    ]);
    expect(brief(desiredReminders(v, NEW_YORK))).toEqual([
      ['meeting-upcoming', '2027-03-01', '2027-02-26T13:00:00.000Z'],
    ]);
  });

  it('missing minutes 3 and 7 days after the meeting (the first falls on the day summer time starts)', () => {
    const v = view({ meetings: [meeting('mt3', { status: 'held', heldOn: '2027-03-25', minutesCount: 0 })] });
    expect(brief(desiredReminders(v, BERLIN))).toEqual([
      ['minutes-missing-3', '2027-03-25', '2027-03-28T06:00:00.000Z'],
      ['minutes-missing-7', '2027-03-25', '2027-04-01T06:00:00.000Z'],
    ]);
  });

  it('a goal’s target date 30 days ahead', () => {
    const v = view({ plan: { goals: [goal('g1', { targetDate: '2027-09-30' })] } });
    expect(desiredReminders(v, BERLIN)).toEqual([
      {
        reminderId: 'goal-target-30.g1.2027-09-30',
        kind: 'goal-target-30',
        ...ref,
        subjectId: 'g1',
        about: '2027-09-30',
        runAt: '2027-08-31T06:00:00.000Z',
      },
    ]);
    expect(brief(desiredReminders(v, NEW_YORK))).toEqual([
      ['goal-target-30', '2027-09-30', '2027-08-31T12:00:00.000Z'],
    ]);
  });

  it('a revised goal keeps its reminder; achieved, dropped and undated goals have none', () => {
    const v = view({
      plan: {
        goals: [
          goal('g1', { status: 'revised', targetDate: '2027-06-30' }),
          goal('g2', { status: 'achieved', targetDate: '2027-06-30' }),
          goal('g3', { status: 'dropped', targetDate: '2027-06-30' }),
          goal('g4', { status: 'defined' }),
        ],
      },
    });
    expect(brief(desiredReminders(v, BERLIN))).toEqual([
      ['goal-target-30', '2027-06-30', '2027-05-31T06:00:00.000Z'],
    ]);
  });

  it('a whole plan has one reminder of each of the seven one-off kinds', () => {
    const v = view({
      plan: { goals: [goal('g1', { targetDate: '2027-09-30' })] },
      measures: [
        measure('m1', {
          status: 'started',
          dueDate: '2027-03-15',
          startedOn: '2027-01-11',
          lastReportedOn: '2027-02-10',
        }),
      ],
      meetings: [
        meeting('mt1', { scheduledFor: '2027-07-10T16:00:00.000Z' }),
        meeting('mt3', { status: 'held', heldOn: '2027-03-25', minutesCount: 0 }),
      ],
    });
    expect(brief(desiredReminders(v, BERLIN))).toEqual([
      ['goal-target-30', '2027-09-30', '2027-08-31T06:00:00.000Z'],
      ['measure-due-1', '2027-03-15', '2027-03-14T07:00:00.000Z'],
      ['measure-due-14', '2027-03-15', '2027-03-01T07:00:00.000Z'],
      ['measure-overdue', '2027-03-15', '2027-03-16T07:00:00.000Z'],
      ['measure-stale', '2027-02-10', '2027-03-12T07:00:00.000Z'],
      ['meeting-upcoming', '2027-07-10', '2027-07-07T06:00:00.000Z'],
      ['minutes-missing-3', '2027-03-25', '2027-03-28T06:00:00.000Z'],
      ['minutes-missing-7', '2027-03-25', '2027-04-01T06:00:00.000Z'],
    ]);
  });
});

describe('desiredReminders: which measures get which reminders', () => {
  it('completed and cancelled measures get none', () => {
    const v = view({
      measures: [
        measure('done', {
          status: 'completed',
          dueDate: '2027-03-15',
          startedOn: '2027-01-11',
          percent: 100,
        }),
        measure('gone', { status: 'cancelled', dueDate: '2027-03-15', cancelReason: 'Förderung entfallen' }),
      ],
    });
    expect(desiredReminders(v, BERLIN)).toEqual([]);
  });

  it('a planned measure gets its due reminders, but no stale one (it has not started)', () => {
    const v = view({ measures: [measure('m1', { status: 'planned', dueDate: '2027-03-15' })] });
    expect(kinds(desiredReminders(v, BERLIN))).toEqual([
      'measure-due-1',
      'measure-due-14',
      'measure-overdue',
    ]);
  });

  it('a blocked measure gets its due reminders but no stale one', () => {
    const v = view({
      measures: [
        measure('m1', {
          status: 'blocked',
          dueDate: '2027-03-15',
          startedOn: '2027-01-11',
          lastReportedOn: '2027-01-20',
          blockedReason: 'Raum fehlt',
        }),
      ],
    });
    expect(brief(desiredReminders(v, BERLIN))).toEqual([
      ['measure-due-1', '2027-03-15', '2027-03-14T07:00:00.000Z'],
      ['measure-due-14', '2027-03-15', '2027-03-01T07:00:00.000Z'],
      ['measure-overdue', '2027-03-15', '2027-03-16T07:00:00.000Z'],
    ]);
  });

  it('stale: the last report day plus staleAfterDays, at 08:00 local', () => {
    const started = measure('m1', {
      status: 'started',
      dueDate: '2027-12-31',
      startedOn: '2027-01-11',
      lastReportedOn: '2027-02-10',
      reportCount: 2,
    });
    const stale = (settings: PolicySettings) =>
      desiredReminders(view({ measures: [started] }), settings).filter((r) => r.kind === 'measure-stale');
    expect(stale(BERLIN)).toEqual([
      {
        reminderId: 'measure-stale.m1.2027-02-10',
        kind: 'measure-stale',
        ...ref,
        subjectId: 'm1',
        about: '2027-02-10',
        runAt: '2027-03-12T07:00:00.000Z',
      },
    ]);
    expect(brief(stale({ ...BERLIN, staleAfterDays: 14 }))).toEqual([
      ['measure-stale', '2027-02-10', '2027-02-24T07:00:00.000Z'],
    ]);
    // 10 Feb + 60 days = 11 April, in summer time
    expect(brief(stale({ ...BERLIN, staleAfterDays: 60 }))).toEqual([
      ['measure-stale', '2027-02-10', '2027-04-11T06:00:00.000Z'],
    ]);
    expect(brief(stale(NEW_YORK))).toEqual([['measure-stale', '2027-02-10', '2027-03-12T13:00:00.000Z']]);
  });

  it('stale without any report counts from the day it started', () => {
    const v = view({
      measures: [measure('m1', { status: 'started', dueDate: '2027-12-31', startedOn: '2027-05-03' })],
    });
    expect(brief(desiredReminders(v, BERLIN).filter((r) => r.kind === 'measure-stale'))).toEqual([
      ['measure-stale', '2027-05-03', '2027-06-02T06:00:00.000Z'],
    ]);
  });

  it('stale without a start day counts from the local day of the plan’s last activity', () => {
    // 2027-01-31T23:30Z is 1 February in Berlin and still 31 January in New York
    const v = view({
      measures: [measure('m1', { status: 'started', dueDate: '2027-12-31' })],
      lastActivityAt: '2027-01-31T23:30:00.000Z',
    });
    const stale = (settings: PolicySettings) =>
      brief(desiredReminders(v, settings).filter((r) => r.kind === 'measure-stale'));
    expect(stale(BERLIN)).toEqual([['measure-stale', '2027-02-01', '2027-03-03T07:00:00.000Z']]);
    expect(stale(NEW_YORK)).toEqual([['measure-stale', '2027-01-31', '2027-03-02T13:00:00.000Z']]);
  });

  it('a new progress report replaces the stale reminder by one about the new report day', () => {
    const before = measure('m1', { status: 'started', dueDate: '2027-12-31', lastReportedOn: '2027-02-10' });
    const after = { ...before, lastReportedOn: '2027-03-01', reportCount: 1 };
    const staleIds = (m: Measure) =>
      desiredReminders(view({ measures: [m] }), BERLIN)
        .filter((r) => r.kind === 'measure-stale')
        .map((r) => [r.reminderId, r.runAt]);
    expect(staleIds(before)).toEqual([['measure-stale.m1.2027-02-10', '2027-03-12T07:00:00.000Z']]);
    expect(staleIds(after)).toEqual([['measure-stale.m1.2027-03-01', '2027-03-31T06:00:00.000Z']]);
  });
});

describe('desiredReminders: meetings', () => {
  it('minutes reminders only while the minutes are missing', () => {
    const held = meeting('mt1', { status: 'held', heldOn: '2027-03-25', minutesCount: 0 });
    expect(kinds(desiredReminders(view({ meetings: [held] }), BERLIN))).toEqual([
      'minutes-missing-3',
      'minutes-missing-7',
    ]);
    const withMinutes = { ...held, minutesCount: 1, minutes: 'Protokoll' };
    expect(desiredReminders(view({ meetings: [withMinutes] }), BERLIN)).toEqual([]);
  });

  it('a held meeting has no upcoming reminder, a cancelled one has none at all', () => {
    const v = view({
      meetings: [
        meeting('held', { status: 'held', heldOn: '2027-03-25', minutesCount: 2 }),
        meeting('off', { status: 'cancelled', cancelReason: 'Unwetter' }),
      ],
    });
    expect(desiredReminders(v, BERLIN)).toEqual([]);
  });
});

describe('desiredReminders: plans and time', () => {
  it('a concluded plan gets none, whatever it still holds', () => {
    const everything = {
      measures: [measure('m1', { status: 'started', dueDate: '2027-03-15', startedOn: '2027-01-11' })],
      meetings: [meeting('mt1'), meeting('mt2', { status: 'held', heldOn: '2027-03-25', minutesCount: 0 })],
    };
    const goals = [goal('g1', { targetDate: '2027-09-30' })];
    expect(desiredReminders(view({ ...everything, plan: { status: 'concluded', goals } }), BERLIN)).toEqual(
      [],
    );
    // the same content in a draft or adopted plan is reminded
    expect(desiredReminders(view({ ...everything, plan: { status: 'draft', goals } }), BERLIN)).toHaveLength(
      8,
    );
    expect(
      desiredReminders(view({ ...everything, plan: { status: 'adopted', goals } }), BERLIN),
    ).toHaveLength(8);
  });

  it('a reminder up to 24 h late is still wanted, one more than 24 h late is left out', () => {
    const v = view({ measures: [measure('m1', { dueDate: '2027-03-15' })] });
    const at = (now: string) => kinds(desiredReminders(v, { ...BERLIN, now: new Date(now) }));
    // measure-due-14 is due at 2027-03-01T07:00Z
    expect(at('2027-03-01T06:59:59.999Z')).toEqual(['measure-due-1', 'measure-due-14', 'measure-overdue']);
    expect(at('2027-03-01T07:00:00.000Z')).toEqual(['measure-due-1', 'measure-due-14', 'measure-overdue']);
    expect(at('2027-03-02T07:00:00.000Z')).toEqual(['measure-due-1', 'measure-due-14', 'measure-overdue']);
    expect(at('2027-03-02T07:00:00.001Z')).toEqual(['measure-due-1', 'measure-overdue']);
    // overdue at 2027-03-16T07:00Z: a day later it is the last one left, after that nothing
    expect(at('2027-03-17T07:00:00.000Z')).toEqual(['measure-overdue']);
    expect(at('2027-03-17T07:00:00.001Z')).toEqual([]);
  });

  it('a rebuild long after the dates schedules nothing that is long past', () => {
    const v = view({
      plan: { goals: [goal('g1', { targetDate: '2027-09-30' })] },
      measures: [measure('m1', { status: 'started', dueDate: '2027-03-15', lastReportedOn: '2027-02-10' })],
      meetings: [meeting('mt1', { status: 'held', heldOn: '2027-03-25', minutesCount: 0 })],
    });
    expect(desiredReminders(v, { ...BERLIN, now: new Date('2028-01-01T00:00:00.000Z') })).toEqual([]);
  });
});

describe('desiredReminders: ids', () => {
  const v = view({
    plan: { goals: [goal('g1', { targetDate: '2027-09-30' })] },
    measures: [
      measure('m1', { status: 'started', dueDate: '2027-03-15', lastReportedOn: '2027-02-10' }),
      measure('m2', { dueDate: '2027-07-20' }),
    ],
    meetings: [
      meeting('mt1', { scheduledFor: '2027-07-10T16:00:00.000Z' }),
      meeting('mt3', { status: 'held', heldOn: '2027-03-25', minutesCount: 0 }),
    ],
  });

  it('are "<kind>.<subject>.<about>", without ":" (BullMQ job ids must not contain it)', () => {
    expect(desiredReminders(v, BERLIN).map((r) => r.reminderId)).toEqual([
      'measure-due-14.m1.2027-03-15',
      'measure-due-1.m1.2027-03-15',
      'measure-overdue.m1.2027-03-15',
      'measure-stale.m1.2027-02-10',
      'measure-due-14.m2.2027-07-20',
      'measure-due-1.m2.2027-07-20',
      'measure-overdue.m2.2027-07-20',
      'meeting-upcoming.mt1.2027-07-10',
      'minutes-missing-3.mt3.2027-03-25',
      'minutes-missing-7.mt3.2027-03-25',
      'goal-target-30.g1.2027-09-30',
    ]);
  });

  it('are the same on every call, at any time before the reminders and in any order of the view', () => {
    const ids = (reminders: ReminderJob[]) => reminders.map((r) => r.reminderId).sort();
    const first = desiredReminders(v, BERLIN);
    expect(desiredReminders(v, BERLIN)).toEqual(first);
    expect(ids(desiredReminders(v, { ...BERLIN, now: new Date('2027-02-01T12:34:56.000Z') }))).toEqual(
      ids(first),
    );
    const reversed: PlanView = {
      ...v,
      measures: Object.fromEntries(Object.entries(v.measures).reverse()),
      meetings: Object.fromEntries(Object.entries(v.meetings).reverse()),
    };
    expect(ids(desiredReminders(reversed, BERLIN))).toEqual(ids(first));
    // the zone moves the times, not the ids
    expect(ids(desiredReminders(v, NEW_YORK))).toEqual(ids(first));
    expect(new Set(ids(first)).size).toBe(first.length);
  });

  it('change when the date they are about changes (a rescheduled measure gets new jobs)', () => {
    const moved = view({ measures: [measure('m2', { dueDate: '2027-08-02', rescheduleCount: 1 })] });
    expect(desiredReminders(moved, BERLIN).map((r) => [r.reminderId, r.runAt])).toEqual([
      ['measure-due-14.m2.2027-08-02', '2027-07-19T06:00:00.000Z'],
      ['measure-due-1.m2.2027-08-02', '2027-08-01T06:00:00.000Z'],
      ['measure-overdue.m2.2027-08-02', '2027-08-03T06:00:00.000Z'],
    ]);
  });
});
