import { describe, expect, it } from '@jest/globals';
import { NOW, TODAY, TOMORROW } from '../shared/given.js';
import type { PlanEvent } from './plan.events.js';
import { command, drafted, given, goalDefined, measurableGoal, ref } from './plan.fixtures.js';

const measure = (extra = {}) =>
  command('MeasureGoalIndicator', { goalId: 'goal-1', value: 32, measuredOn: '2026-03-01', ...extra });

describe('a plan with an open goal', () => {
  const withGoal = [...drafted, measurableGoal];

  it('MeasureGoalIndicator records a measurement and keeps it as the latest', () => {
    const event: PlanEvent = {
      type: 'GoalIndicatorMeasured',
      data: { ...ref, goalId: 'goal-1', value: 32, measuredOn: '2026-03-01' },
    };
    const state = given(withGoal).when(measure()).then([event]);
    expect(state.status !== 'none' && state.goals[0]?.latestMeasurement).toEqual({
      value: 32,
      measuredOn: '2026-03-01',
    });
  });

  it('MeasureGoalIndicator accepts today, with a source', () => {
    given(withGoal)
      .when(measure({ measuredOn: TODAY, source: 'Agentur für Arbeit' }))
      .then([
        {
          type: 'GoalIndicatorMeasured',
          data: { ...ref, goalId: 'goal-1', value: 32, measuredOn: TODAY, source: 'Agentur für Arbeit' },
        },
      ]);
  });

  it('MeasureGoalIndicator refuses a day in the future', () => {
    given(withGoal)
      .when(measure({ measuredOn: TOMORROW }))
      .thenThrows('date_in_future', 'validation');
  });

  it('MeasureGoalIndicator needs a number and a day', () => {
    given(withGoal)
      .when(measure({ value: Number.POSITIVE_INFINITY }))
      .thenThrows('invalid_number');
    given(withGoal)
      .when(measure({ measuredOn: NOW.toISOString() }))
      .thenThrows('invalid_date');
  });

  it('MeasureGoalIndicator needs a goal with an indicator', () => {
    given([...drafted, goalDefined()])
      .when(measure())
      .thenThrows('goal_without_indicator', 'conflict');
  });

  it('a back-dated measurement does not replace the latest one', () => {
    const later: PlanEvent = {
      type: 'GoalIndicatorMeasured',
      data: { ...ref, goalId: 'goal-1', value: 40, measuredOn: '2026-03-05' },
    };
    const state = given([...withGoal, later])
      .when(measure({ measuredOn: '2026-02-01', value: 25 }))
      .then([
        {
          type: 'GoalIndicatorMeasured',
          data: { ...ref, goalId: 'goal-1', value: 25, measuredOn: '2026-02-01' },
        },
      ]);
    expect(state.status !== 'none' && state.goals[0]).toMatchObject({
      latestMeasurement: { value: 40 },
      measurementCount: 2,
    });
  });
});
