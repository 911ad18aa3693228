import { describe, expect, it } from '@jest/globals';
import { draftOf, evolvePlanView, evolvePlanViewInPlace, foldPlanView, type ViewEvent } from './plan-view.js';
import {
  at,
  goalDefined,
  measureCompleted,
  measurePlanned,
  measureStarted,
  meetingHeld,
  meetingScheduled,
  planDrafted,
  progressReported,
  themeFieldAdded,
} from './read-models.fixtures.js';

const history: ViewEvent[] = [
  at(1, '2026-01-09T08:00:00.000Z', measureStarted('m0')),
  at(2, '2026-01-10T08:00:00.000Z', planDrafted()),
  at(3, '2026-01-10T08:00:01.000Z', themeFieldAdded('housing', 'Wohnen')),
  at(4, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
  at(5, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'])),
  at(6, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
  at(7, '2026-03-01T09:00:00.000Z', progressReported('m1', 40, '2026-03-01')),
  at(8, '2026-03-01T10:00:00.000Z', { type: 'SomethingElse', data: null }),
  at(9, '2026-03-02T09:00:00.000Z', meetingScheduled('mt1', '2026-04-01T16:00:00.000Z')),
  at(
    10,
    '2026-04-01T18:00:00.000Z',
    meetingHeld('mt1', '2026-04-01', { affected: 3, involved: 4, responsible: 2 }),
  ),
  at(11, '2026-04-02T09:00:00.000Z', progressReported('m1', 90, '2026-04-02')),
  at(12, '2026-04-03T09:00:00.000Z', measureCompleted('m1')),
];

function foldPurely(events: readonly ViewEvent[], start?: ReturnType<typeof evolvePlanView>) {
  let view = start;
  for (const event of events) view = evolvePlanView(view, event);
  return view;
}

describe('evolvePlanViewInPlace', () => {
  it('folds every prefix of a history to the same view as the pure fold', () => {
    let draft: ReturnType<typeof evolvePlanViewInPlace>;
    history.forEach((event, i) => {
      draft = evolvePlanViewInPlace(draft, event);
      expect(draft).toEqual(foldPurely(history.slice(0, i + 1)));
    });
  });

  it('changes only the draft: the view it was copied from stays as it was', () => {
    const published = foldPurely(history.slice(0, 7))!;
    const before = structuredClone(published);
    const draft = draftOf(published);
    for (const event of history.slice(7)) evolvePlanViewInPlace(draft, event);
    expect(published).toEqual(before);
    expect(draft).toEqual(foldPurely(history));
  });

  it('foldPlanView leaves its start view unchanged', () => {
    const start = foldPurely(history.slice(0, 6))!;
    const before = structuredClone(start);
    expect(foldPlanView(history.slice(6), start)).toEqual(foldPurely(history.slice(6), start));
    expect(start).toEqual(before);
  });
});
