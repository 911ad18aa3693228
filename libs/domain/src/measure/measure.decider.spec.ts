import { describe, expect, it } from '@jest/globals';
import { longText, untyped } from '../shared/given.js';
import { measureStream } from './measure.decider.js';
import type { MeasureEvent } from './measure.events.js';
import { command, given, onPlan, planCommand, planFacts, planned, ref } from './measure.fixtures.js';

const plannedWith = (extra: object): MeasureEvent[] => [
  { type: 'MeasurePlanned', data: { ...planned.data, ...extra } } as MeasureEvent,
];

describe('no measure yet', () => {
  it('PlanMeasure records the measure with weight 1 unless given', () => {
    const state = given().when(planCommand()).then([planned]);
    expect(state).toMatchObject({ status: 'planned', percent: 0, weight: 1, goalIds: ['goal-1'] });
  });

  it('PlanMeasure records budget and weight, and serves several goals (each once)', () => {
    given()
      .when(planCommand({ goalIds: ['goal-1', 'goal-2', 'goal-1', 'goal-4'], budget: 0, weight: 2.5 }))
      .then(plannedWith({ goalIds: ['goal-1', 'goal-2', 'goal-4'], budget: 0, weight: 2.5 }));
  });

  it('PlanMeasure names a member or an office as the responsible party', () => {
    given()
      .when(planCommand({ responsible: { memberId: 'member-9' } }))
      .then(plannedWith({ responsible: { memberId: 'member-9' } }));
    given()
      .when(planCommand({ responsible: { office: ' Amt für Integration ' } }))
      .then(plannedWith({ responsible: { office: 'Amt für Integration' } }));
  });

  it('PlanMeasure may start and end on the same day', () => {
    given()
      .when(planCommand({ dueDate: '2026-04-01' }))
      .then(plannedWith({ dueDate: '2026-04-01' }));
  });

  it('PlanMeasure needs at least one goal', () => {
    given()
      .when(planCommand({ goalIds: [] }))
      .thenThrows('goal_ids_required', 'validation');
    given()
      .when(planCommand({ goalIds: untyped('goal-1') }))
      .thenThrows('goal_ids_required');
  });

  it('PlanMeasure needs goals of the plan', () => {
    given()
      .when(planCommand({ goalIds: ['goal-1', 'goal-9'] }))
      .thenThrows('unknown_goal', 'validation');
  });

  it('PlanMeasure refuses a dropped goal', () => {
    given()
      .when(planCommand({ goalIds: ['goal-3'] }))
      .thenThrows('goal_dropped', 'conflict');
  });

  it('PlanMeasure needs exactly one responsible party', () => {
    given()
      .when(planCommand({ responsible: {} }))
      .thenThrows('responsible_invalid', 'validation');
    given()
      .when(planCommand({ responsible: { memberId: 'm-1', office: 'Amt' } }))
      .thenThrows('responsible_invalid');
  });

  it('PlanMeasure needs a responsible partner registered in the plan', () => {
    given()
      .when(planCommand({ responsible: { partnerId: 'partner-9' } }))
      .thenThrows('unknown_partner', 'validation');
  });

  it('PlanMeasure needs a start on or before the due date', () => {
    given()
      .when(planCommand({ dueDate: '2026-03-31' }))
      .thenThrows('invalid_date_range', 'validation');
    given()
      .when(planCommand({ startDate: '2026-04-31' }))
      .thenThrows('invalid_date');
  });

  it('PlanMeasure needs a title of at most 200 characters', () => {
    given()
      .when(planCommand({ title: ' ' }))
      .thenThrows('title_required');
    given()
      .when(planCommand({ title: longText(201) }))
      .thenThrows('title_too_long');
  });

  it('PlanMeasure needs a budget that is not negative', () => {
    given()
      .when(planCommand({ budget: -1 }))
      .thenThrows('invalid_budget', 'validation');
    given()
      .when(planCommand({ budget: Number.NaN }))
      .thenThrows('invalid_number');
  });

  it('PlanMeasure needs a positive weight', () => {
    given()
      .when(planCommand({ weight: 0 }))
      .thenThrows('invalid_weight', 'validation');
    given()
      .when(planCommand({ weight: -2 }))
      .thenThrows('invalid_weight');
  });

  it('PlanMeasure is refused in a concluded plan', () => {
    given()
      .when(planCommand({ plan: { ...planFacts, status: 'concluded' } }))
      .thenThrows('plan_concluded', 'conflict');
  });

  it('PlanMeasure is allowed in a draft plan (implementation starts at once)', () => {
    given()
      .when(planCommand({ plan: { ...planFacts, status: 'draft' } }))
      .then([planned]);
  });

  it('PlanMeasure refuses a command without the plan facts', () => {
    given()
      .when(planCommand({ plan: untyped(undefined) }))
      .thenThrows('plan_facts_invalid');
  });

  it('every other command finds no measure', () => {
    given().when(command('StartMeasure', onPlan)).thenThrows('measure_not_found', 'not_found');
  });
});

describe('a planned measure', () => {
  it('PlanMeasure again is refused', () => {
    given([planned]).when(planCommand()).thenThrows('measure_exists', 'conflict');
  });

  it('a command without the plan status is refused', () => {
    given([planned])
      .when(command('StartMeasure', untyped({})))
      .thenThrows('plan_status_invalid');
  });

  it('every command is refused when the plan is concluded', () => {
    given([planned])
      .when(command('StartMeasure', { planStatus: 'concluded' }))
      .thenThrows('plan_concluded', 'conflict');
    given([planned])
      .when(command('CancelMeasure', { planStatus: 'concluded', reason: 'x' }))
      .thenThrows('plan_concluded');
  });

  it('lives in the stream measure-<id>', () => {
    expect(measureStream('abc')).toBe('measure-abc');
    expect(given([planned]).state).toMatchObject({ ...ref, status: 'planned' });
  });
});
