import { describe, expect, it } from '@jest/globals';
import { longText, untyped } from '../shared/given.js';
import type { PlanEvent } from './plan.events.js';
import { adopted, command, drafted, given, goalDefined, measurableGoal, ref } from './plan.fixtures.js';

const define = (extra = {}) =>
  command('DefineGoal', {
    goalId: 'goal-1',
    themeField: 'vocational-training',
    title: 'Mehr Ausbildungsplätze',
    ...extra,
  });
const measure = (extra = {}) =>
  command('MeasureGoalIndicator', { goalId: 'goal-1', value: 32, measuredOn: '2026-03-01', ...extra });
const dropped: PlanEvent = { type: 'GoalDropped', data: { ...ref, goalId: 'goal-1', reason: 'kein Bedarf' } };
const achieved: PlanEvent = { type: 'GoalAchieved', data: { ...ref, goalId: 'goal-1' } };

describe('a draft plan without goals', () => {
  it('DefineGoal records a goal in an existing theme field', () => {
    const state = given(drafted).when(define()).then([goalDefined()]);
    expect(state.status !== 'none' && state.goals[0]).toMatchObject({ id: 'goal-1', status: 'defined' });
  });

  it('DefineGoal records the measurable figures and the meeting it came from', () => {
    const figures = {
      indicator: 'Geflüchtete in Ausbildung',
      unit: 'Personen',
      baseline: 20,
      target: 60,
      targetDate: '2028-09-01',
    };
    given(drafted).when(define(figures)).then([measurableGoal]);
    given(drafted)
      .when(define({ originMeetingId: 'meeting-7', description: 'aus dem Integrationsdialog' }))
      .then([
        goalDefined('goal-1', { description: 'aus dem Integrationsdialog', originMeetingId: 'meeting-7' }),
      ]);
  });

  it('DefineGoal leaves out optional fields given blank', () => {
    given(drafted)
      .when(define({ description: ' ', unit: '' }))
      .then([goalDefined()]);
  });

  it('DefineGoal needs a theme field of the plan', () => {
    const error = given(drafted)
      .when(define({ themeField: 'health' }))
      .thenThrows('unknown_theme_field', 'validation');
    expect(error.field).toBe('themeField');
  });

  it('DefineGoal needs a title of at most 200 characters', () => {
    given(drafted)
      .when(define({ title: '' }))
      .thenThrows('title_required');
    given(drafted)
      .when(define({ title: longText(201) }))
      .thenThrows('title_too_long');
  });

  it('DefineGoal needs numbers and dates that are valid', () => {
    given(drafted)
      .when(define({ baseline: Number.NaN }))
      .thenThrows('invalid_number');
    given(drafted)
      .when(define({ target: untyped('60') }))
      .thenThrows('invalid_number');
    given(drafted)
      .when(define({ targetDate: '2028-13-01' }))
      .thenThrows('invalid_date');
  });

  it('DefineGoal needs a target that differs from the baseline', () => {
    given(drafted)
      .when(define({ baseline: 20, target: 20 }))
      .thenThrows('target_equals_baseline');
  });
});

describe('a plan with an open goal', () => {
  const withGoal = [...drafted, measurableGoal];

  it('DefineGoal refuses an id already taken', () => {
    given(withGoal).when(define()).thenThrows('goal_exists', 'conflict');
  });

  it('AchieveGoal records the achievement, with an optional reason', () => {
    given(withGoal)
      .when(command('AchieveGoal', { goalId: 'goal-1' }))
      .then([achieved]);
    const state = given(adopted)
      .when(command('AchieveGoal', { goalId: 'goal-1', reason: 'Ziel übertroffen' }))
      .then([{ type: 'GoalAchieved', data: { ...ref, goalId: 'goal-1', reason: 'Ziel übertroffen' } }]);
    expect(state.status !== 'none' && state.goals[0]).toMatchObject({
      status: 'achieved',
      closingReason: 'Ziel übertroffen',
    });
  });

  it('DropGoal records the drop with its reason', () => {
    const state = given(withGoal)
      .when(command('DropGoal', { goalId: 'goal-1', reason: 'kein Bedarf' }))
      .then([dropped]);
    expect(state.status !== 'none' && state.goals[0]?.status).toBe('dropped');
  });

  it('DropGoal takes the reason from the metadata when the data has none', () => {
    const metadata = { ...command('AchieveGoal', { goalId: 'x' }).metadata, reason: 'kein Bedarf' };
    given(withGoal)
      .when(command('DropGoal', { goalId: 'goal-1' }, metadata))
      .then([dropped]);
  });

  it('DropGoal needs a reason', () => {
    given(withGoal)
      .when(command('DropGoal', { goalId: 'goal-1', reason: '  ' }))
      .thenThrows('reason_required', 'validation');
    given(withGoal)
      .when(command('DropGoal', { goalId: 'goal-1' }))
      .thenThrows('reason_required');
  });

  it('goal commands need a goal of the plan', () => {
    given(withGoal)
      .when(measure({ goalId: 'goal-9' }))
      .thenThrows('goal_not_found', 'not_found');
    given(withGoal)
      .when(command('AchieveGoal', { goalId: 'goal-9' }))
      .thenThrows('goal_not_found');
    given(withGoal)
      .when(command('DropGoal', { goalId: 'goal-9', reason: 'x' }))
      .thenThrows('goal_not_found');
  });
});

describe('a plan with a closed goal', () => {
  it('an achieved goal refuses measurements, achievement and drop', () => {
    const closed = [...drafted, measurableGoal, achieved];
    given(closed).when(measure()).thenThrows('goal_achieved', 'conflict');
    given(closed)
      .when(command('AchieveGoal', { goalId: 'goal-1' }))
      .thenThrows('goal_achieved');
    given(closed)
      .when(command('DropGoal', { goalId: 'goal-1', reason: 'x' }))
      .thenThrows('goal_achieved');
  });

  it('a dropped goal refuses measurements, achievement and drop', () => {
    const closed = [...drafted, measurableGoal, dropped];
    given(closed).when(measure()).thenThrows('goal_dropped', 'conflict');
    given(closed)
      .when(command('AchieveGoal', { goalId: 'goal-1' }))
      .thenThrows('goal_dropped');
    given(closed)
      .when(command('DropGoal', { goalId: 'goal-1', reason: 'x' }))
      .thenThrows('goal_dropped');
  });
});
