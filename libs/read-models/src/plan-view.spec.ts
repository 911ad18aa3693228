import { describe, expect, it, jest } from '@jest/globals';
import { computeDashboard } from './dashboard.js';
import { evolvePlanView, foldPlanView, planIdOf, type ViewEvent } from './plan-view.js';
import {
  at,
  goalDefined,
  measurePlanned,
  measureStarted,
  meetingScheduled,
  MUNICIPALITY_ID,
  planDrafted,
  PLAN_ID,
  progressReported,
  ref,
  themeFieldAdded,
  viewOf,
} from './read-models.fixtures.js';

const history: ViewEvent[] = [
  at(1, '2026-01-10T08:00:00.000Z', planDrafted()),
  at(2, '2026-01-10T08:00:01.000Z', themeFieldAdded('housing', 'Wohnen')),
  at(3, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
  at(4, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'])),
  at(5, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
  at(6, '2026-03-01T09:00:00.000Z', progressReported('m1', 40, '2026-03-01')),
  at(7, '2026-03-02T09:00:00.000Z', meetingScheduled('mt1', '2026-04-01T16:00:00.000Z')),
];

/** Events of other modules: a reminder of the plan's measure, a new member, and odd payloads. */
const others: ViewEvent[] = [
  at(8, '2026-03-03T06:00:00.000Z', {
    type: 'ReminderSent',
    data: { ...ref, reminderId: 'r1', measureId: 'm1', dueDate: '2026-03-10' },
  }),
  at(9, '2026-03-04T10:00:00.000Z', {
    type: 'MemberAdded',
    data: { municipalityId: MUNICIPALITY_ID, memberId: 'member-1', role: 'contributor' },
  }),
  at(10, '2026-03-05T10:00:00.000Z', { type: 'PlanArchived', data: {} }),
  at(11, '2026-03-06T10:00:00.000Z', { type: 'SomethingElse', data: null }),
];

describe('evolvePlanView with events it does not know', () => {
  it.each(others.map((event) => [event.type, event] as const))(
    '%s leaves the plan, its measures and meetings as they are, without throwing',
    (_type, event) => {
      const view = viewOf(history);
      let next: ReturnType<typeof evolvePlanView>;
      expect(() => {
        next = evolvePlanView(view, event);
      }).not.toThrow();
      expect(next!.plan).toEqual(view.plan);
      expect(next!.measures).toEqual(view.measures);
      expect(next!.meetings).toEqual(view.meetings);
      expect(computeDashboard(next!, new Date('2026-07-01T10:00:00.000Z')).progress).toBe(40);
    },
  );

  // the live projection never folds these events, but the as-of fold sees every audit-indexed event of the
  // plan (reminders too): both must end at the same position, time and count
  it('leaves position, lastActivityAt and eventCount as they are too', () => {
    const view = viewOf(history);
    expect(foldPlanView(others, view)).toEqual(view);
    expect(foldPlanView(others, view)).toEqual({
      ...view,
      position: 7,
      lastActivityAt: '2026-03-02T09:00:00.000Z',
      eventCount: 7,
    });
  });

  it('planIdOf routes only plan, measure and meeting events', () => {
    expect(planIdOf(history[0]!)).toBe(PLAN_ID);
    expect(planIdOf(history[4]!)).toBe(PLAN_ID);
    expect(planIdOf(history[6]!)).toBe(PLAN_ID);
    expect(others.map(planIdOf)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('lastActivityAt', () => {
  it('takes the stored text of the instant where the event carries it, and writes the Date as text otherwise', () => {
    const toIso = jest.spyOn(Date.prototype, 'toISOString');
    try {
      const stored = history.map((e) => ({ ...e, recordedAtIso: e.recordedAt.toISOString() }));
      toIso.mockClear();
      const fromText = foldPlanView(stored)!;
      expect(toIso).not.toHaveBeenCalled();
      const fromDates = foldPlanView(history)!;
      expect(toIso).toHaveBeenCalled();
      expect(fromText).toEqual(fromDates);
      expect(fromText.lastActivityAt).toBe('2026-03-02T09:00:00.000Z');
    } finally {
      toIso.mockRestore();
    }
  });
});

describe('evolvePlanView before PlanDrafted', () => {
  const early: ViewEvent[] = [
    at(1, '2026-01-09T08:00:00.000Z', themeFieldAdded('housing', 'Wohnen')),
    at(2, '2026-01-09T08:00:01.000Z', goalDefined('g1', 'housing')),
    at(3, '2026-01-09T08:00:02.000Z', measurePlanned('m1', ['g1'])),
    at(4, '2026-01-09T08:00:03.000Z', meetingScheduled('mt1', '2026-04-01T16:00:00.000Z')),
    ...others,
  ];

  it('there is no view yet, and no event throws', () => {
    for (const event of early) {
      expect(() => evolvePlanView(undefined, event)).not.toThrow();
      expect(evolvePlanView(undefined, event)).toBeUndefined();
    }
    expect(foldPlanView(early)).toBeUndefined();
  });

  it('the events before the draft leave no trace in the view', () => {
    const view = viewOf([...early, at(20, '2026-01-10T08:00:00.000Z', planDrafted())]);
    expect(view.plan).toMatchObject({ status: 'draft', planId: PLAN_ID, themeFields: [], goals: [] });
    expect(view.measures).toEqual({});
    expect(view.meetings).toEqual({});
    expect(view.position).toBe(20);
    expect(view.lastActivityAt).toBe('2026-01-10T08:00:00.000Z');
    expect(view.eventCount).toBe(1);
  });

  it('a measure event before its MeasurePlanned adds no measure', () => {
    const view = viewOf([
      ...history,
      at(8, '2026-03-03T09:00:00.000Z', measureStarted('m2')),
      at(9, '2026-03-03T09:01:00.000Z', progressReported('m2', 70, '2026-03-03')),
    ]);
    expect(Object.keys(view.measures)).toEqual(['m1']);
  });
});
