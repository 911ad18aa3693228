// The rollup rules of docs/api.md ("Dashboard figures and rollup rules") on fixed histories. Every expected
// figure is computed by hand (the arithmetic is in the comments), never with the code under test.
import { describe, expect, it } from '@jest/globals';
import { computeDashboard, isOverdue, measureProgress, type PlanDashboard } from './dashboard.js';
import type { ViewEvent } from './plan-view.js';
import {
  at,
  decisionRecorded,
  goalAchieved,
  goalDefined,
  goalDropped,
  goalMeasured,
  goalRevised,
  measureBlocked,
  measureCancelled,
  measureCompleted,
  measurePlanned,
  measureRescheduled,
  measureStarted,
  measureUnblocked,
  meetingCancelled,
  meetingHeld,
  meetingScheduled,
  minutesPublished,
  planAdopted,
  planDrafted,
  PLAN_ID,
  progressReported,
  themeFieldAdded,
  viewOf,
} from './read-models.fixtures.js';

/** A drafted plan with three theme fields (positions 1–4). */
const base: ViewEvent[] = [
  at(1, '2026-01-10T08:00:00.000Z', planDrafted()),
  at(2, '2026-01-10T08:00:01.000Z', themeFieldAdded('housing', 'Wohnen')),
  at(3, '2026-01-10T08:00:02.000Z', themeFieldAdded('education', 'Bildung')),
  at(4, '2026-01-10T08:00:03.000Z', themeFieldAdded('safety', 'Sicherheit')),
];

/** 12:00 in Berlin on 2026-07-01: the asOf day is 2026-07-01. */
const AS_OF = new Date('2026-07-01T10:00:00.000Z');

const dashboardOf = (...events: ViewEvent[]) => computeDashboard(viewOf([...base, ...events]), AS_OF);

/** The plan's progress and each theme field's [progress, counted goals]. */
function progressOf(dashboard: PlanDashboard) {
  return {
    plan: dashboard.progress,
    ...Object.fromEntries(dashboard.themeFields.map((field) => [field.key, [field.progress, field.goals]])),
  };
}

describe('measure progress', () => {
  it('is the latest reported percent', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'])),
      at(12, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
      at(13, '2026-03-01T09:00:00.000Z', progressReported('m1', 20, '2026-03-01')),
      at(14, '2026-04-01T09:00:00.000Z', progressReported('m1', 35, '2026-04-01')),
    );
    expect(progressOf(dashboard)).toEqual({ plan: 35, housing: [35, 1], education: [0, 0], safety: [0, 0] });
  });

  it('is 100 once completed, even when the last report said 40', () => {
    const history = [
      ...base,
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'])),
      at(12, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
      at(13, '2026-03-01T09:00:00.000Z', progressReported('m1', 40, '2026-03-01')),
      at(14, '2026-03-15T09:00:00.000Z', measureCompleted('m1')),
    ];
    expect(progressOf(computeDashboard(viewOf(history), AS_OF))).toEqual({
      plan: 100,
      housing: [100, 1],
      education: [0, 0],
      safety: [0, 0],
    });

    // a report folded in after the completion changes the stored percent, but not the rollup
    const reportedAfter = viewOf([
      ...history,
      at(15, '2026-03-20T09:00:00.000Z', progressReported('m1', 40, '2026-03-20')),
    ]);
    expect(reportedAfter.measures.m1).toMatchObject({ status: 'completed', percent: 40 });
    expect(measureProgress(reportedAfter.measures.m1!)).toBe(100);
    expect(computeDashboard(reportedAfter, AS_OF).progress).toBe(100);
  });

  it('a cancelled measure counts in no rollup', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'housing')),
      at(12, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'])),
      at(13, '2026-02-01T09:06:00.000Z', measurePlanned('m2', ['g1'])),
      at(14, '2026-02-01T09:07:00.000Z', measurePlanned('m3', ['g2'])),
      at(15, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
      at(16, '2026-02-02T09:01:00.000Z', measureStarted('m2')),
      at(17, '2026-02-02T09:02:00.000Z', measureStarted('m3')),
      at(18, '2026-03-01T09:00:00.000Z', progressReported('m1', 40, '2026-03-01')),
      at(19, '2026-03-01T09:01:00.000Z', progressReported('m2', 90, '2026-03-01')),
      at(20, '2026-03-01T09:02:00.000Z', progressReported('m3', 70, '2026-03-01')),
      at(21, '2026-03-10T09:00:00.000Z', measureCancelled('m2')),
      at(22, '2026-03-10T09:01:00.000Z', measureCancelled('m3')),
    );
    // g1: only m1 counts → 40 (not (40 + 90) / 2 = 65); g2: its only measure is cancelled → 0
    // housing: (40 + 0) / 2 = 20
    expect(progressOf(dashboard)).toEqual({ plan: 20, housing: [20, 2], education: [0, 0], safety: [0, 0] });
    // still counted by status
    expect(dashboard.measures).toEqual({
      total: 3,
      planned: 0,
      started: 1,
      blocked: 0,
      completed: 0,
      cancelled: 2,
      overdue: 0,
    });
  });
});

describe('goal progress', () => {
  it('is 100 once achieved, whatever its indicator and measures say', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing', { baseline: 20, target: 60 })),
      at(11, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'])),
      at(12, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
      at(13, '2026-03-01T09:00:00.000Z', progressReported('m1', 10, '2026-03-01')),
      at(14, '2026-03-02T09:00:00.000Z', goalMeasured('g1', 10, '2026-03-01')),
      at(15, '2026-03-03T09:00:00.000Z', goalAchieved('g1')),
    );
    expect(progressOf(dashboard)).toEqual({
      plan: 100,
      housing: [100, 1],
      education: [0, 0],
      safety: [0, 0],
    });
  });

  // clamp((latest − baseline) / (target − baseline) × 100, 0, 100); the measure at 90 % is ignored
  it.each([
    { baseline: 20, target: 60, latest: 50, expected: 75, why: '30 / 40' },
    { baseline: 20, target: 60, latest: 20, expected: 0, why: 'at the baseline' },
    { baseline: 20, target: 60, latest: 12, expected: 0, why: 'below the baseline: −8 / 40 → 0' },
    { baseline: 20, target: 60, latest: 75, expected: 100, why: 'above the target: 55 / 40 → 100' },
    { baseline: 0, target: 30, latest: 10, expected: 33.3, why: '10 / 30 = 33.33…' },
    { baseline: 50, target: 10, latest: 30, expected: 50, why: 'decreasing: −20 / −40' },
    { baseline: 50, target: 10, latest: 41, expected: 22.5, why: 'decreasing: −9 / −40' },
    {
      baseline: 50,
      target: 10,
      latest: 60,
      expected: 0,
      why: 'decreasing, worse than the baseline: 10 / −40 → 0',
    },
    {
      baseline: 50,
      target: 10,
      latest: 5,
      expected: 100,
      why: 'decreasing, beyond the target: −45 / −40 → 100',
    },
  ])(
    'with baseline $baseline, target $target and latest $latest is $expected ($why)',
    ({ baseline, target, latest, expected }) => {
      const dashboard = dashboardOf(
        at(
          10,
          '2026-02-01T09:00:00.000Z',
          goalDefined('g1', 'housing', { indicator: 'Personen', baseline, target }),
        ),
        at(11, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'])),
        at(12, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
        at(13, '2026-03-01T09:00:00.000Z', progressReported('m1', 90, '2026-03-01')),
        at(14, '2026-03-02T09:00:00.000Z', goalMeasured('g1', latest, '2026-03-01')),
      );
      expect(progressOf(dashboard)).toEqual({
        plan: expected,
        housing: [expected, 1],
        education: [0, 0],
        safety: [0, 0],
      });
    },
  );

  it('uses the measurement with the latest measuredOn: a later-recorded, back-dated one does not replace it', () => {
    const view = viewOf([
      ...base,
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing', { baseline: 20, target: 60 })),
      at(11, '2026-05-02T09:00:00.000Z', goalMeasured('g1', 40, '2026-05-01')),
      at(12, '2026-05-20T09:00:00.000Z', goalMeasured('g1', 56, '2026-03-01')),
    ]);
    expect(view.plan.goals[0]).toMatchObject({
      latestMeasurement: { value: 40, measuredOn: '2026-05-01' },
      measurementCount: 2,
    });
    // (40 − 20) / 40 = 50 (the back-dated 56 would give 90)
    expect(progressOf(computeDashboard(view, AS_OF))).toEqual({
      plan: 50,
      housing: [50, 1],
      education: [0, 0],
      safety: [0, 0],
    });
  });

  it('a later measuredOn replaces the latest measurement', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing', { baseline: 20, target: 60 })),
      at(11, '2026-03-02T09:00:00.000Z', goalMeasured('g1', 30, '2026-03-01')),
      at(12, '2026-05-02T09:00:00.000Z', goalMeasured('g1', 50, '2026-05-01')),
    );
    // (50 − 20) / 40 = 75
    expect(dashboard.progress).toBe(75);
  });

  it('without a measurement, or without a baseline, is the mean of its measures', () => {
    const dashboard = dashboardOf(
      // baseline and target, but never measured
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing', { baseline: 20, target: 60 })),
      // a target and a measurement, but no baseline
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'education', { target: 60 })),
      at(12, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'])),
      at(13, '2026-02-01T09:06:00.000Z', measurePlanned('m2', ['g2'])),
      at(14, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
      at(15, '2026-02-02T09:01:00.000Z', measureStarted('m2')),
      at(16, '2026-03-01T09:00:00.000Z', progressReported('m1', 45, '2026-03-01')),
      at(17, '2026-03-01T09:01:00.000Z', progressReported('m2', 15, '2026-03-01')),
      at(18, '2026-03-02T09:00:00.000Z', goalMeasured('g2', 50, '2026-03-01')),
    );
    // housing 45, education 15, plan (45 + 15) / 2 = 30
    expect(progressOf(dashboard)).toEqual({ plan: 30, housing: [45, 1], education: [15, 1], safety: [0, 0] });
  });

  it('is the weighted mean of its measures (weights 1, 2 and 0.5), without the cancelled one', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'education')),
      at(12, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'], { weight: 1 })),
      at(13, '2026-02-01T09:06:00.000Z', measurePlanned('m2', ['g1'], { weight: 2 })),
      at(14, '2026-02-01T09:07:00.000Z', measurePlanned('m3', ['g1'], { weight: 0.5 })),
      at(15, '2026-02-01T09:08:00.000Z', measurePlanned('m4', ['g1'], { weight: 1 })),
      at(16, '2026-02-01T09:09:00.000Z', measurePlanned('m5', ['g2'], { weight: 1 })),
      at(17, '2026-02-01T09:10:00.000Z', measurePlanned('m6', ['g2'], { weight: 2 })),
      at(18, '2026-02-01T09:11:00.000Z', measurePlanned('m7', ['g2'], { weight: 0.5 })),
      at(19, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
      at(20, '2026-02-02T09:01:00.000Z', measureStarted('m2')),
      at(21, '2026-02-02T09:02:00.000Z', measureStarted('m3')),
      at(22, '2026-02-02T09:03:00.000Z', measureStarted('m4')),
      at(23, '2026-02-02T09:04:00.000Z', measureStarted('m5')),
      at(24, '2026-02-02T09:05:00.000Z', measureStarted('m6')),
      at(25, '2026-02-02T09:06:00.000Z', measureStarted('m7')),
      at(26, '2026-03-01T09:00:00.000Z', progressReported('m1', 30, '2026-03-01')),
      at(27, '2026-03-01T09:01:00.000Z', progressReported('m2', 40, '2026-03-01')),
      at(28, '2026-03-01T09:02:00.000Z', progressReported('m3', 60, '2026-03-01')),
      at(29, '2026-03-01T09:03:00.000Z', progressReported('m4', 90, '2026-03-01')),
      at(30, '2026-03-01T09:04:00.000Z', progressReported('m5', 10, '2026-03-01')),
      at(31, '2026-03-01T09:05:00.000Z', progressReported('m6', 40, '2026-03-01')),
      at(32, '2026-03-01T09:06:00.000Z', progressReported('m7', 80, '2026-03-01')),
      at(33, '2026-03-10T09:00:00.000Z', measureCompleted('m2')),
      at(34, '2026-03-10T09:01:00.000Z', measureCancelled('m4')),
    );
    // g1: (30×1 + 100×2 + 60×0.5) / 3.5 = 260 / 3.5 = 74.2857… → 74.3 (with the cancelled m4: 350 / 4.5 = 77.8)
    // g2: (10×1 + 40×2 + 80×0.5) / 3.5 = 130 / 3.5 = 37.1428… → 37.1
    // plan: (74.2857… + 37.1428…) / 2 = 55.7142… → 55.7
    expect(progressOf(dashboard)).toEqual({
      plan: 55.7,
      housing: [74.3, 1],
      education: [37.1, 1],
      safety: [0, 0],
    });
  });

  it('a measure serving two goals counts in both', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'education')),
      at(12, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1', 'g2'], { weight: 1 })),
      at(13, '2026-02-01T09:06:00.000Z', measurePlanned('m2', ['g2'], { weight: 2 })),
      at(14, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
      at(15, '2026-02-02T09:01:00.000Z', measureStarted('m2')),
      at(16, '2026-03-01T09:00:00.000Z', progressReported('m1', 30, '2026-03-01')),
      at(17, '2026-03-01T09:01:00.000Z', progressReported('m2', 90, '2026-03-01')),
    );
    // g1: 30; g2: (30×1 + 90×2) / 3 = 70; plan (30 + 70) / 2 = 50
    expect(progressOf(dashboard)).toEqual({ plan: 50, housing: [30, 1], education: [70, 1], safety: [0, 0] });
  });

  it('is 0 with neither an achievement, nor a measurement, nor a counted measure, and still counts', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'housing')),
      at(12, '2026-02-01T09:02:00.000Z', goalDefined('g3', 'education', { baseline: 20, target: 60 })),
      at(13, '2026-03-01T09:00:00.000Z', goalAchieved('g2')),
    );
    // housing (0 + 100) / 2 = 50; education 0 (one goal); plan (50 + 0) / 2 = 25
    expect(progressOf(dashboard)).toEqual({ plan: 25, housing: [50, 2], education: [0, 1], safety: [0, 0] });
  });

  it('a dropped goal counts in no rollup, nor in its theme field’s goals', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'housing')),
      at(12, '2026-02-01T09:02:00.000Z', goalDefined('g3', 'education')),
      at(13, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'])),
      at(14, '2026-02-01T09:06:00.000Z', measurePlanned('m2', ['g1', 'g2'])),
      at(15, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
      at(16, '2026-02-02T09:01:00.000Z', measureStarted('m2')),
      at(17, '2026-03-01T09:00:00.000Z', progressReported('m1', 80, '2026-03-01')),
      at(18, '2026-03-10T09:00:00.000Z', measureCompleted('m2')),
      at(19, '2026-04-01T09:00:00.000Z', goalDropped('g2')),
      at(20, '2026-04-01T09:01:00.000Z', goalDropped('g3')),
    );
    // g1: (80 + 100) / 2 = 90; g2 (100) and g3 (0) are dropped
    // housing 90 with 1 goal (not (90 + 100) / 2 = 95); education has no counted goal → 0, left out of the plan
    // plan 90 (not (90 + 0) / 2 = 45)
    expect(progressOf(dashboard)).toEqual({ plan: 90, housing: [90, 1], education: [0, 0], safety: [0, 0] });
    expect(dashboard.goals).toEqual({ total: 3, defined: 1, achieved: 0, dropped: 2 });
  });
});

describe('theme field and plan progress', () => {
  it('a theme field is the mean of its goals; the plan the mean of the theme fields that have goals', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'housing')),
      at(12, '2026-02-01T09:02:00.000Z', goalDefined('g3', 'housing')),
      at(13, '2026-02-01T09:03:00.000Z', goalDefined('g4', 'education')),
      at(14, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g2'])),
      at(15, '2026-02-01T09:06:00.000Z', measurePlanned('m2', ['g4'])),
      at(16, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
      at(17, '2026-02-02T09:01:00.000Z', measureStarted('m2')),
      at(18, '2026-03-01T09:00:00.000Z', progressReported('m1', 50, '2026-03-01')),
      at(19, '2026-03-01T09:01:00.000Z', progressReported('m2', 30, '2026-03-01')),
      at(20, '2026-03-10T09:00:00.000Z', goalAchieved('g1')),
    );
    // housing (100 + 50 + 0) / 3 = 50; education 30; safety has no goals → 0 and left out
    // plan (50 + 30) / 2 = 40 (not (50 + 30 + 0) / 3 = 26.7)
    expect(progressOf(dashboard)).toEqual({ plan: 40, housing: [50, 3], education: [30, 1], safety: [0, 0] });
    expect(dashboard.themeFields).toEqual([
      { key: 'housing', name: 'Wohnen', progress: 50, goals: 3 },
      { key: 'education', name: 'Bildung', progress: 30, goals: 1 },
      { key: 'safety', name: 'Sicherheit', progress: 0, goals: 0 },
    ]);
  });

  it('a plan without goals has progress 0', () => {
    expect(progressOf(dashboardOf())).toEqual({
      plan: 0,
      housing: [0, 0],
      education: [0, 0],
      safety: [0, 0],
    });
  });

  it('a goal moved to another theme field by a revision counts there', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'education')),
      at(12, '2026-03-01T09:00:00.000Z', goalAchieved('g1')),
      at(13, '2026-03-02T09:00:00.000Z', goalRevised('g2', { themeField: 'housing' })),
    );
    // housing (100 + 0) / 2 = 50; education none left
    expect(progressOf(dashboard)).toEqual({ plan: 50, housing: [50, 2], education: [0, 0], safety: [0, 0] });
  });
});

describe('rounding to one decimal', () => {
  it('rounds goal and theme field figures: 33.33… → 33.3 and 66.66… → 66.7', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'education')),
      at(12, '2026-02-01T09:05:00.000Z', measurePlanned('m1', ['g1'], { weight: 1 })),
      at(13, '2026-02-01T09:06:00.000Z', measurePlanned('m2', ['g1'], { weight: 2 })),
      at(14, '2026-02-01T09:07:00.000Z', measurePlanned('m3', ['g2'], { weight: 2 })),
      at(15, '2026-02-01T09:08:00.000Z', measurePlanned('m4', ['g2'], { weight: 1 })),
      at(16, '2026-02-02T09:00:00.000Z', measureStarted('m1')),
      at(17, '2026-02-02T09:01:00.000Z', measureStarted('m3')),
      at(18, '2026-03-10T09:00:00.000Z', measureCompleted('m1')),
      at(19, '2026-03-10T09:01:00.000Z', measureCompleted('m3')),
    );
    // g1: (100×1 + 0×2) / 3 = 33.33… → 33.3; g2: (100×2 + 0×1) / 3 = 66.66… → 66.7; plan (33.33… + 66.66…) / 2 = 50
    expect(progressOf(dashboard)).toEqual({
      plan: 50,
      housing: [33.3, 1],
      education: [66.7, 1],
      safety: [0, 0],
    });
  });

  it('rounds the plan mean: 100 / 3 → 33.3 and 200 / 3 → 66.7', () => {
    const history = [
      ...base,
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'education')),
      at(12, '2026-02-01T09:02:00.000Z', goalDefined('g3', 'safety')),
      at(13, '2026-03-01T09:00:00.000Z', goalAchieved('g1')),
    ];
    // (100 + 0 + 0) / 3
    expect(computeDashboard(viewOf(history), AS_OF).progress).toBe(33.3);
    // (100 + 100 + 0) / 3
    const later = [...history, at(14, '2026-03-02T09:00:00.000Z', goalAchieved('g2'))];
    expect(computeDashboard(viewOf(later), AS_OF).progress).toBe(66.7);
  });
});

describe('counts', () => {
  it('goals: total, defined (defined and revised), achieved, dropped', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T09:01:00.000Z', goalDefined('g2', 'housing')),
      at(12, '2026-02-01T09:02:00.000Z', goalDefined('g3', 'education', { baseline: 1, target: 5 })),
      at(13, '2026-02-01T09:03:00.000Z', goalDefined('g4', 'education')),
      at(14, '2026-02-01T09:04:00.000Z', goalDefined('g5', 'safety')),
      at(15, '2026-02-01T09:05:00.000Z', goalDefined('g6', 'safety')),
      at(16, '2026-03-01T09:00:00.000Z', goalRevised('g2', { title: 'Mehr Wohnraum' })),
      at(17, '2026-03-01T09:01:00.000Z', goalMeasured('g3', 2, '2026-03-01')),
      at(18, '2026-03-01T09:02:00.000Z', goalAchieved('g4')),
      at(19, '2026-03-01T09:03:00.000Z', goalDropped('g5')),
      at(20, '2026-03-01T09:04:00.000Z', goalRevised('g6', { title: 'Sicher unterwegs' })),
      at(21, '2026-03-01T09:05:00.000Z', goalAchieved('g6')),
    );
    // defined: g1, g2 (revised), g3 (measured); achieved: g4, g6; dropped: g5
    expect(dashboard.goals).toEqual({ total: 6, defined: 3, achieved: 2, dropped: 1 });
  });

  it('measures by status', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      ...['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'].map((id, i) =>
        at(11 + i, `2026-02-01T10:0${i}:00.000Z`, measurePlanned(id, ['g1'])),
      ),
      at(20, '2026-02-02T09:00:00.000Z', measureStarted('m2')),
      at(21, '2026-02-02T09:01:00.000Z', measureStarted('m3')),
      at(22, '2026-02-02T09:02:00.000Z', measureStarted('m4')),
      at(23, '2026-02-02T09:03:00.000Z', measureStarted('m5')),
      at(24, '2026-02-02T09:04:00.000Z', measureStarted('m7')),
      at(25, '2026-03-01T09:00:00.000Z', measureBlocked('m3')),
      at(26, '2026-03-01T09:01:00.000Z', measureBlocked('m4')),
      at(27, '2026-03-05T09:00:00.000Z', measureUnblocked('m4')),
      at(28, '2026-03-10T09:00:00.000Z', measureCompleted('m5')),
      at(29, '2026-03-10T09:01:00.000Z', measureCancelled('m6')),
      at(30, '2026-03-11T09:00:00.000Z', measureBlocked('m7')),
      at(31, '2026-03-12T09:00:00.000Z', measureCancelled('m7')),
    );
    // m1 planned; m2, m4 (unblocked) started; m3 blocked; m5 completed; m6 (planned), m7 (blocked) cancelled
    expect(dashboard.measures).toEqual({
      total: 7,
      planned: 1,
      started: 2,
      blocked: 1,
      completed: 1,
      cancelled: 2,
      overdue: 0,
    });
  });

  it('overdue: neither completed nor cancelled and due before the asOf day (due on that day is not)', () => {
    const view = viewOf([
      ...base,
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T10:00:00.000Z', measurePlanned('a', ['g1'], { dueDate: '2026-06-30' })),
      at(12, '2026-02-01T10:01:00.000Z', measurePlanned('b', ['g1'], { dueDate: '2026-07-01' })),
      at(13, '2026-02-01T10:02:00.000Z', measurePlanned('c', ['g1'], { dueDate: '2026-06-30' })),
      at(14, '2026-02-01T10:03:00.000Z', measurePlanned('d', ['g1'], { dueDate: '2026-07-01' })),
      at(15, '2026-02-01T10:04:00.000Z', measurePlanned('e', ['g1'], { dueDate: '2026-06-15' })),
      at(16, '2026-02-01T10:05:00.000Z', measurePlanned('f', ['g1'], { dueDate: '2026-06-01' })),
      at(17, '2026-02-01T10:06:00.000Z', measurePlanned('g', ['g1'], { dueDate: '2026-06-01' })),
      at(18, '2026-02-01T10:07:00.000Z', measurePlanned('h', ['g1'], { dueDate: '2026-03-31' })),
      at(19, '2026-02-01T10:08:00.000Z', measurePlanned('i', ['g1'], { dueDate: '2026-07-02' })),
      at(20, '2026-02-02T09:00:00.000Z', measureStarted('c')),
      at(21, '2026-02-02T09:01:00.000Z', measureStarted('d')),
      at(22, '2026-02-02T09:02:00.000Z', measureStarted('e')),
      at(23, '2026-02-02T09:03:00.000Z', measureStarted('f')),
      at(24, '2026-02-02T09:04:00.000Z', measureStarted('h')),
      at(25, '2026-02-02T09:05:00.000Z', measureStarted('i')),
      at(26, '2026-03-01T09:00:00.000Z', measureBlocked('c')),
      at(27, '2026-03-01T09:01:00.000Z', measureBlocked('d')),
      at(28, '2026-03-10T09:00:00.000Z', measureCompleted('f')),
      at(29, '2026-03-10T09:01:00.000Z', measureCancelled('g')),
      at(30, '2026-03-20T09:00:00.000Z', measureRescheduled('h', '2026-03-31', '2026-09-30')),
    ]);
    // asOf day 2026-07-01: a (planned, 06-30), c (blocked, 06-30), e (started, 06-15) are overdue;
    // b (planned) and d (blocked) are due that very day; f completed; g cancelled; h moved to 09-30; i due 07-02
    const dashboard = computeDashboard(view, AS_OF);
    expect(dashboard.measures).toEqual({
      total: 9,
      planned: 2,
      started: 3,
      blocked: 2,
      completed: 1,
      cancelled: 1,
      overdue: 3,
    });
    const overdue = Object.values(view.measures)
      .filter((m) => isOverdue(m, AS_OF))
      .map((m) => m.measureId)
      .sort();
    expect(overdue).toEqual(['a', 'c', 'e']);
  });

  it('overdue compares with the calendar day of asOf in the plans’ time zone (Europe/Berlin)', () => {
    const view = viewOf([
      ...base,
      at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
      at(11, '2026-02-01T10:00:00.000Z', measurePlanned('a', ['g1'], { dueDate: '2026-06-30' })),
    ]);
    // 23:30 on 2026-06-30 in Berlin (CEST, UTC+2): still the due day
    expect(computeDashboard(view, new Date('2026-06-30T21:30:00.000Z')).measures.overdue).toBe(0);
    // 00:30 on 2026-07-01 in Berlin, though still 2026-06-30 in UTC
    expect(computeDashboard(view, new Date('2026-06-30T22:30:00.000Z')).measures.overdue).toBe(1);
  });

  it('meetings by status; attendance sums over held meetings only, with a total', () => {
    const dashboard = dashboardOf(
      at(10, '2026-02-01T09:00:00.000Z', meetingScheduled('s1', '2026-09-01T16:00:00.000Z')),
      at(11, '2026-02-01T09:01:00.000Z', meetingScheduled('s2', '2026-10-01T16:00:00.000Z')),
      at(12, '2026-02-01T09:02:00.000Z', meetingScheduled('h1', '2026-03-01T16:00:00.000Z')),
      at(13, '2026-02-01T09:03:00.000Z', meetingScheduled('h2', '2026-04-01T16:00:00.000Z')),
      at(14, '2026-02-01T09:04:00.000Z', meetingScheduled('c1', '2026-05-01T16:00:00.000Z')),
      at(
        15,
        '2026-03-02T09:00:00.000Z',
        meetingHeld('h1', '2026-03-01', { affected: 12, involved: 7, responsible: 3 }),
      ),
      at(
        16,
        '2026-04-02T09:00:00.000Z',
        meetingHeld('h2', '2026-04-01', { affected: 5, involved: 9, responsible: 4 }),
      ),
      at(17, '2026-04-03T09:00:00.000Z', minutesPublished('h2', 'Protokoll')),
      at(18, '2026-04-20T09:00:00.000Z', meetingCancelled('c1')),
    );
    // affected 12 + 5 = 17, involved 7 + 9 = 16, responsible 3 + 4 = 7, total 17 + 16 + 7 = 40
    expect(dashboard.meetings).toEqual({
      scheduled: 2,
      held: 2,
      cancelled: 1,
      attendance: { affected: 17, involved: 16, responsible: 7, total: 40 },
    });
  });

  it('no meetings: zeros', () => {
    expect(dashboardOf().meetings).toEqual({
      scheduled: 0,
      held: 0,
      cancelled: 0,
      attendance: { affected: 0, involved: 0, responsible: 0, total: 0 },
    });
  });
});

describe('asOf, position and last activity', () => {
  const history = [
    ...base,
    at(10, '2026-02-01T09:00:00.000Z', goalDefined('g1', 'housing')),
    at(11, '2026-02-01T10:00:00.000Z', measurePlanned('a', ['g1'], { dueDate: '2026-06-30' })),
    at(12, '2026-02-01T10:01:00.000Z', measurePlanned('e', ['g1'], { dueDate: '2026-06-15' })),
    at(13, '2026-02-02T09:00:00.000Z', measureStarted('e')),
    at(40, '2026-03-01T09:00:00.000Z', progressReported('e', 30, '2026-03-01')),
    at(4711, '2026-06-12T14:05:00.000Z', meetingScheduled('mt1', '2026-07-10T16:00:00.000Z')),
  ];

  it('asOf changes only overdue and asOf', () => {
    const view = viewOf(history);
    const march = computeDashboard(view, new Date('2026-03-01T09:00:00.000Z'));
    const august = computeDashboard(view, new Date('2026-08-01T09:00:00.000Z'));
    expect(march.asOf).toBe('2026-03-01T09:00:00.000Z');
    expect(march.measures.overdue).toBe(0);
    // a (planned, due 06-30) and e (started, due 06-15)
    expect(august.measures.overdue).toBe(2);
    expect(august).toEqual({
      ...march,
      asOf: '2026-08-01T09:00:00.000Z',
      measures: { ...march.measures, overdue: 2 },
    });
  });

  it('position and lastActivityAt come from the last event, whatever its stream', () => {
    const dashboard = computeDashboard(viewOf(history), new Date('2026-03-01T09:00:00.000Z'));
    expect(dashboard.position).toBe(4711);
    expect(dashboard.lastActivityAt).toBe('2026-06-12T14:05:00.000Z');
  });

  it('takes bigint positions as numbers', () => {
    const view = viewOf([
      at(100n, '2026-01-10T08:00:00.000Z', planDrafted()),
      at(9_007n, '2026-01-11T08:00:00.000Z', themeFieldAdded('housing', 'Wohnen')),
    ]);
    expect(computeDashboard(view, AS_OF).position).toBe(9007);
    expect(view.eventCount).toBe(2);
  });
});

describe('a whole plan', () => {
  it('gives every figure', () => {
    const view = viewOf([
      at(1, '2026-01-10T08:00:00.000Z', planDrafted('Masterplan Integration Musterstadt')),
      at(2, '2026-01-10T08:00:01.000Z', themeFieldAdded('housing', 'Wohnen')),
      at(3, '2026-01-10T08:00:02.000Z', themeFieldAdded('education', 'Bildung')),
      at(4, '2026-01-10T08:00:03.000Z', themeFieldAdded('vocational-training', 'Ausbildung')),
      at(5, '2026-01-10T08:00:04.000Z', themeFieldAdded('safety', 'Sicherheit')),
      at(
        6,
        '2026-01-10T08:00:05.000Z',
        themeFieldAdded('fears-and-living-together', 'Ängste und Zusammenleben'),
      ),
      at(7, '2026-01-20T09:00:00.000Z', goalDefined('gh1', 'housing', { baseline: 20, target: 60 })),
      at(8, '2026-01-20T09:01:00.000Z', goalDefined('gh2', 'housing')),
      at(9, '2026-01-20T09:02:00.000Z', goalDefined('gh3', 'housing')),
      at(10, '2026-01-20T09:03:00.000Z', goalDefined('ge1', 'education')),
      at(11, '2026-01-20T09:04:00.000Z', goalDefined('ge2', 'education')),
      at(12, '2026-01-20T09:05:00.000Z', goalDefined('ge3', 'education')),
      at(13, '2026-01-20T09:06:00.000Z', goalDefined('gs1', 'safety', { baseline: 100, target: 200 })),
      at(14, '2026-01-20T09:07:00.000Z', goalDefined('gf1', 'fears-and-living-together')),
      at(15, '2026-02-01T10:00:00.000Z', decisionRecorded('d1', 'adopt-plan', '2026-02-01')),
      at(16, '2026-02-01T10:00:00.000Z', planAdopted('d1', '2026-02-01')),
      at(
        17,
        '2026-02-02T09:00:00.000Z',
        measurePlanned('m1', ['ge1', 'ge2'], { dueDate: '2026-06-30', weight: 1 }),
      ),
      at(18, '2026-02-02T09:01:00.000Z', measurePlanned('m2', ['ge1'], { dueDate: '2026-05-31', weight: 2 })),
      at(
        19,
        '2026-02-02T09:02:00.000Z',
        measurePlanned('m3', ['ge1'], { dueDate: '2026-12-31', weight: 0.5 }),
      ),
      at(20, '2026-02-02T09:03:00.000Z', measurePlanned('m4', ['ge1'], { dueDate: '2026-04-30', weight: 1 })),
      at(21, '2026-02-02T09:04:00.000Z', measurePlanned('m5', ['ge2'], { dueDate: '2026-07-01', weight: 1 })),
      at(22, '2026-02-02T09:05:00.000Z', measurePlanned('m6', ['gs1'], { dueDate: '2026-09-30', weight: 1 })),
      at(23, '2026-02-02T09:06:00.000Z', measurePlanned('m7', ['gs1'], { dueDate: '2026-06-30', weight: 1 })),
      at(24, '2026-02-03T09:00:00.000Z', measureStarted('m1')),
      at(25, '2026-02-03T09:01:00.000Z', measureStarted('m2')),
      at(26, '2026-02-03T09:02:00.000Z', measureStarted('m3')),
      at(27, '2026-02-03T09:03:00.000Z', measureStarted('m4')),
      at(28, '2026-02-03T09:04:00.000Z', measureStarted('m5')),
      at(29, '2026-02-03T09:05:00.000Z', measureStarted('m6')),
      at(30, '2026-03-01T09:00:00.000Z', progressReported('m1', 30, '2026-03-01')),
      at(31, '2026-03-01T09:01:00.000Z', progressReported('m2', 40, '2026-03-01')),
      at(32, '2026-03-01T09:02:00.000Z', progressReported('m3', 60, '2026-03-01')),
      at(33, '2026-03-01T09:03:00.000Z', progressReported('m4', 90, '2026-03-01')),
      at(34, '2026-03-01T09:04:00.000Z', progressReported('m5', 10, '2026-03-01')),
      at(35, '2026-03-01T09:05:00.000Z', progressReported('m6', 45, '2026-03-01')),
      at(36, '2026-03-15T09:00:00.000Z', measureCompleted('m2')),
      at(37, '2026-03-15T09:01:00.000Z', measureCancelled('m4')),
      at(38, '2026-03-20T09:00:00.000Z', measureBlocked('m5')),
      at(39, '2026-05-02T09:00:00.000Z', goalMeasured('gh1', 50, '2026-04-30')),
      at(40, '2026-05-03T09:00:00.000Z', goalAchieved('gh2')),
      at(41, '2026-05-04T09:00:00.000Z', goalDropped('gh3')),
      at(42, '2026-05-05T09:00:00.000Z', goalRevised('ge2', { title: 'Sprachkurse für alle' })),
      at(43, '2026-05-06T09:00:00.000Z', goalDropped('gf1')),
      at(44, '2026-05-07T09:00:00.000Z', meetingScheduled('mt1', '2026-05-20T17:00:00.000Z')),
      at(
        45,
        '2026-05-21T08:00:00.000Z',
        meetingHeld('mt1', '2026-05-20', { affected: 12, involved: 7, responsible: 3 }),
      ),
      at(46, '2026-05-22T08:00:00.000Z', meetingScheduled('mt2', '2026-06-10T17:00:00.000Z')),
      at(47, '2026-06-01T08:00:00.000Z', meetingCancelled('mt2')),
      at(48, '2026-06-20T16:45:00.000Z', meetingScheduled('mt3', '2026-09-01T17:00:00.000Z')),
    ]);

    // housing: gh1 (50 − 20) / 40 = 75, gh2 achieved 100, gh3 dropped → (75 + 100) / 2 = 87.5 (2 goals)
    // education: ge1 (30×1 + 100×2 + 60×0.5) / 3.5 = 74.2857…, m4 cancelled; ge2 (30 + 10) / 2 = 20; ge3 0
    //            → 94.2857… / 3 = 31.4285… → 31.4 (3 goals)
    // vocational-training: no goals → 0; fears-and-living-together: only a dropped goal → 0 (0 goals)
    // safety: gs1 has no measurement → (45 + 0) / 2 = 22.5 (1 goal)
    // plan: (87.5 + 31.4285… + 22.5) / 3 = 141.4285… / 3 = 47.1428… → 47.1
    // overdue on 2026-07-01: m1 (started, 06-30) and m7 (planned, 06-30); not m5 (blocked, due 07-01),
    // nor m2 (completed, 05-31) nor m4 (cancelled, 04-30)
    expect(computeDashboard(view, AS_OF)).toEqual({
      planId: PLAN_ID,
      title: 'Masterplan Integration Musterstadt',
      status: 'adopted',
      asOf: '2026-07-01T10:00:00.000Z',
      position: 48,
      progress: 47.1,
      themeFields: [
        { key: 'housing', name: 'Wohnen', progress: 87.5, goals: 2 },
        { key: 'education', name: 'Bildung', progress: 31.4, goals: 3 },
        { key: 'vocational-training', name: 'Ausbildung', progress: 0, goals: 0 },
        { key: 'safety', name: 'Sicherheit', progress: 22.5, goals: 1 },
        { key: 'fears-and-living-together', name: 'Ängste und Zusammenleben', progress: 0, goals: 0 },
      ],
      goals: { total: 8, defined: 5, achieved: 1, dropped: 2 },
      measures: { total: 7, planned: 1, started: 3, blocked: 1, completed: 1, cancelled: 1, overdue: 2 },
      meetings: {
        scheduled: 1,
        held: 1,
        cancelled: 1,
        attendance: { affected: 12, involved: 7, responsible: 3, total: 22 },
      },
      lastActivityAt: '2026-06-20T16:45:00.000Z',
    });
  });
});
