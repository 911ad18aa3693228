import { describe, expect, it } from '@jest/globals';
import type { PlanEvent } from './plan.events.js';
import { command, drafted, given, goalDefined, measurableGoal, ref } from './plan.fixtures.js';

const withGoal = [...drafted, measurableGoal];
const revise = (changes = {}) =>
  command('ReviseGoal', { goalId: 'goal-1', reason: 'Beschluss Lenkungsgruppe', ...changes });
const revised = (changes = {}): PlanEvent => ({
  type: 'GoalRevised',
  data: { ...ref, goalId: 'goal-1', ...changes, reason: 'Beschluss Lenkungsgruppe' },
});

describe('a plan with an open goal', () => {
  it('ReviseGoal records only the fields that change, with the reason', () => {
    const state = given(withGoal)
      .when(revise({ target: 80, unit: 'Personen', title: 'Mehr Ausbildungsplätze' }))
      .then([revised({ target: 80 })]);
    expect(state.status !== 'none' && state.goals[0]).toMatchObject({
      status: 'revised',
      target: 80,
      revisionCount: 1,
    });
  });

  it('ReviseGoal moves a goal to another theme field of the plan', () => {
    given(withGoal)
      .when(revise({ themeField: 'education' }))
      .then([revised({ themeField: 'education' })]);
  });

  it('ReviseGoal clears an optional field with null or a blank text', () => {
    const state = given(withGoal)
      .when(revise({ targetDate: null, unit: '' }))
      .then([revised({ unit: null, targetDate: null })]);
    expect(state.status !== 'none' && state.goals[0]).not.toHaveProperty('targetDate');
  });

  it('ReviseGoal that changes nothing records nothing', () => {
    given(withGoal)
      .when(revise({ target: 60, description: null }))
      .then([]);
  });

  it('ReviseGoal needs at least one field', () => {
    given(withGoal).when(revise()).thenThrows('revision_empty', 'validation');
  });

  it('ReviseGoal needs a reason', () => {
    given(withGoal)
      .when(command('ReviseGoal', { goalId: 'goal-1', target: 80 }))
      .thenThrows('reason_required');
  });

  it('ReviseGoal needs a theme field of the plan', () => {
    given(withGoal)
      .when(revise({ themeField: 'health' }))
      .thenThrows('unknown_theme_field');
  });

  it('ReviseGoal cannot clear the title', () => {
    given(withGoal)
      .when(revise({ title: '' }))
      .thenThrows('title_required');
  });

  it('ReviseGoal refuses a target equal to the baseline', () => {
    given(withGoal)
      .when(revise({ target: 20 }))
      .thenThrows('target_equals_baseline');
    given(withGoal)
      .when(revise({ baseline: 60 }))
      .thenThrows('target_equals_baseline');
  });

  it('ReviseGoal needs a goal of the plan', () => {
    given(withGoal)
      .when(revise({ goalId: 'goal-9', title: 'x' }))
      .thenThrows('goal_not_found', 'not_found');
  });
});

describe('a plan with a closed goal', () => {
  it('ReviseGoal is refused for achieved and dropped goals', () => {
    const achieved: PlanEvent = { type: 'GoalAchieved', data: { ...ref, goalId: 'goal-1' } };
    const dropped: PlanEvent = { type: 'GoalDropped', data: { ...ref, goalId: 'goal-1', reason: 'x' } };
    given([...drafted, goalDefined(), achieved])
      .when(revise({ title: 'x' }))
      .thenThrows('goal_achieved', 'conflict');
    given([...drafted, goalDefined(), dropped])
      .when(revise({ title: 'x' }))
      .thenThrows('goal_dropped', 'conflict');
  });
});
