import { describe, expect, it } from '@jest/globals';
import { diffPlanViews } from './plan-changes.js';
import type { ViewEvent } from './plan-view.js';
import {
  at,
  decisionRecorded,
  goalDefined,
  measureBlocked,
  measureCompleted,
  measurePlanned,
  measureStarted,
  meetingScheduled,
  planAdopted,
  planDrafted,
  PLAN_ID,
  progressReported,
  themeFieldAdded,
  viewOf,
} from './read-models.fixtures.js';

const FROM = new Date('2026-03-31T22:00:00.000Z');
const TO = new Date('2026-06-30T12:00:00.000Z');

/** Up to FROM: goal gA (housing) with measure m1 started at 20 %, and a scheduled meeting. */
const untilFrom: ViewEvent[] = [
  at(1, '2026-01-10T08:00:00.000Z', planDrafted()),
  at(2, '2026-01-10T08:00:01.000Z', themeFieldAdded('housing', 'Wohnen')),
  at(3, '2026-01-10T08:00:02.000Z', themeFieldAdded('education', 'Bildung')),
  at(4, '2026-01-15T09:00:00.000Z', goalDefined('gA', 'housing')),
  at(5, '2026-02-01T09:00:00.000Z', measurePlanned('m1', ['gA'], { dueDate: '2026-12-31' })),
  at(6, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
  at(7, '2026-03-01T10:00:00.000Z', progressReported('m1', 20, '2026-03-01')),
  at(8, '2026-03-02T10:00:00.000Z', meetingScheduled('mt1', '2026-09-01T16:00:00.000Z')),
];

describe('diffPlanViews', () => {
  it('lists the added goal, the changed measure, the new decision and the plan status, with the progress delta', () => {
    const before = viewOf(untilFrom);
    const after = viewOf([
      ...untilFrom,
      at(9, '2026-04-10T09:00:00.000Z', goalDefined('gB', 'education')),
      at(10, '2026-04-15T09:00:00.000Z', progressReported('m1', 50, '2026-04-15')),
      at(11, '2026-04-20T09:00:00.000Z', measureBlocked('m1')),
      at(12, '2026-05-06T09:00:00.000Z', decisionRecorded('d1', 'adopt-plan', '2026-05-05')),
      at(13, '2026-05-06T09:00:01.000Z', planAdopted('d1', '2026-05-05')),
    ]);

    const changes = diffPlanViews(before, after, FROM, TO);

    expect(changes.from).toBe('2026-03-31T22:00:00.000Z');
    expect(changes.to).toBe('2026-06-30T12:00:00.000Z');
    // before: housing gA = 20 → plan 20; after: gA = 50 (m1 50 %), education gB = 0 → (50 + 0) / 2 = 25
    expect(changes.progress).toEqual({ from: 20, to: 25, delta: 5 });
    expect(changes.dashboard.from?.progress).toBe(20);
    expect(changes.dashboard.to?.progress).toBe(25);
    expect(changes.dashboard.to?.asOf).toBe('2026-06-30T12:00:00.000Z');
    // the meeting mt1 and the theme fields did not change: not listed
    expect(changes.changes).toEqual([
      {
        kind: 'plan',
        id: PLAN_ID,
        title: 'Masterplan Integration 2026–2030',
        change: 'changed',
        fields: { status: ['draft', 'adopted'] },
      },
      {
        kind: 'goal',
        id: 'gB',
        title: 'Ziel gB',
        change: 'added',
        fields: {
          status: [undefined, 'defined'],
          title: [undefined, 'Ziel gB'],
          themeField: [undefined, 'education'],
        },
      },
      {
        kind: 'measure',
        id: 'm1',
        title: 'Maßnahme m1',
        change: 'changed',
        fields: { status: ['started', 'blocked'], percent: [20, 50] },
      },
      {
        kind: 'decision',
        id: 'd1',
        title: 'Beschluss des Masterplans',
        change: 'added',
        fields: {
          kind: [undefined, 'adopt-plan'],
          decidedOn: [undefined, '2026-05-05'],
          reference: [undefined, 'GR-2026/014'],
        },
      },
    ]);
  });

  it('a new open goal lowers the progress: a negative delta, and an added theme field', () => {
    const completed = [...untilFrom, at(9, '2026-03-20T09:00:00.000Z', measureCompleted('m1'))];
    const after = viewOf([
      ...completed,
      at(10, '2026-04-10T09:00:00.000Z', themeFieldAdded('safety', 'Sicherheit')),
      at(11, '2026-04-10T09:01:00.000Z', goalDefined('gB', 'housing')),
    ]);

    const changes = diffPlanViews(viewOf(completed), after, FROM, TO);

    // before: gA 100 → 100; after: housing (100 + 0) / 2 = 50
    expect(changes.progress).toEqual({ from: 100, to: 50, delta: -50 });
    expect(changes.changes).toEqual([
      {
        kind: 'themeField',
        id: 'safety',
        title: 'Sicherheit',
        change: 'added',
        fields: { name: [undefined, 'Sicherheit'] },
      },
      {
        kind: 'goal',
        id: 'gB',
        title: 'Ziel gB',
        change: 'added',
        fields: {
          status: [undefined, 'defined'],
          title: [undefined, 'Ziel gB'],
          themeField: [undefined, 'housing'],
        },
      },
    ]);
  });

  it('from before the draft: everything is added and the progress starts at 0', () => {
    const after = viewOf([
      at(1, '2026-04-01T08:00:00.000Z', planDrafted()),
      at(2, '2026-04-01T08:00:01.000Z', themeFieldAdded('housing', 'Wohnen')),
      at(3, '2026-04-02T09:00:00.000Z', goalDefined('gA', 'housing')),
      at(4, '2026-04-03T09:00:00.000Z', measurePlanned('m1', ['gA'], { weight: 1 })),
      at(5, '2026-04-03T09:01:00.000Z', measurePlanned('m2', ['gA'], { weight: 2 })),
      at(6, '2026-04-04T09:00:00.000Z', measureStarted('m1')),
      at(7, '2026-05-04T09:00:00.000Z', measureCompleted('m1')),
    ]);

    const changes = diffPlanViews(undefined, after, FROM, TO);

    // gA: (100×1 + 0×2) / 3 = 33.33… → 33.3
    expect(changes.progress).toEqual({ from: 0, to: 33.3, delta: 33.3 });
    expect(changes.dashboard.from).toBeUndefined();
    expect(changes.changes.map((c) => [c.kind, c.id, c.change])).toEqual([
      ['plan', PLAN_ID, 'added'],
      ['themeField', 'housing', 'added'],
      ['goal', 'gA', 'added'],
      ['measure', 'm1', 'added'],
      ['measure', 'm2', 'added'],
    ]);
    expect(changes.changes[0]!.fields).toEqual({
      status: [undefined, 'draft'],
      title: [undefined, 'Masterplan Integration 2026–2030'],
      vision: [undefined, 'Alle, die hier leben, finden Wohnung, Ausbildung und Arbeit.'],
      horizonStart: [undefined, '2026-01-01'],
      horizonEnd: [undefined, '2030-12-31'],
    });
    expect(changes.changes[3]!.fields).toMatchObject({
      status: [undefined, 'completed'],
      percent: [undefined, 100],
    });
  });

  it('nothing changed: no changes and a delta of 0', () => {
    const view = viewOf(untilFrom);
    const changes = diffPlanViews(view, view, FROM, TO);
    expect(changes.changes).toEqual([]);
    expect(changes.progress).toEqual({ from: 20, to: 20, delta: 0 });
  });
});
