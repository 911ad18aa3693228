import { describe, expect, it } from '@jest/globals';
import { longText, TOMORROW, untyped } from '../shared/given.js';
import { planFacts } from './plan-facts.js';
import type { PlanEvent } from './plan.events.js';
import { adopted, command, decision, drafted, given, goalDefined, ref } from './plan.fixtures.js';

const record = (kind: Parameters<typeof decision>[0], extra = {}) =>
  command('RecordDecision', { ...decision(kind), ...extra });
const recorded = (kind: Parameters<typeof decision>[0]): PlanEvent => ({
  type: 'DecisionRecorded',
  data: { ...ref, ...decision(kind) },
});
const outcome = { ...ref, decidedOn: '2026-03-05' };
const register = (extra = {}) =>
  command('RegisterPartner', {
    partnerId: 'partner-1',
    name: 'Freundeskreis Asyl',
    kind: 'volunteers',
    ...extra,
  });
const withGoal = [...drafted, goalDefined()];

describe('a draft plan', () => {
  it('RecordDecision adopt-plan records the decision and the adoption', () => {
    const state = given(withGoal)
      .when(record('adopt-plan'))
      .then([
        recorded('adopt-plan'),
        { type: 'PlanAdopted', data: { ...outcome, decisionId: 'decision-adopt-plan' } },
      ]);
    expect(state).toMatchObject({
      status: 'adopted',
      adoptedOn: '2026-03-05',
      decisions: [{ id: 'decision-adopt-plan' }],
    });
  });

  it('RecordDecision adopt-plan needs a goal that is not dropped', () => {
    given(drafted).when(record('adopt-plan')).thenThrows('plan_without_goals', 'conflict');
    const dropped: PlanEvent = { type: 'GoalDropped', data: { ...ref, goalId: 'goal-1', reason: 'x' } };
    given([...withGoal, dropped])
      .when(record('adopt-plan'))
      .thenThrows('plan_without_goals');
  });

  it('RecordDecision conclude-plan and revise-plan need an adopted plan', () => {
    given(withGoal).when(record('conclude-plan')).thenThrows('plan_not_adopted', 'conflict');
    given(withGoal).when(record('revise-plan')).thenThrows('plan_not_adopted');
  });

  it('RecordDecision other records only the decision', () => {
    given(drafted)
      .when(record('other'))
      .then([recorded('other')]);
  });

  it('RecordDecision needs a known kind', () => {
    given(drafted)
      .when(record(untyped('approve')))
      .thenThrows('kind_invalid', 'validation');
  });

  it('RecordDecision needs body, reference and subject within bounds', () => {
    given(drafted)
      .when(record('other', { body: '' }))
      .thenThrows('body_required');
    given(drafted)
      .when(record('other', { reference: longText(201) }))
      .thenThrows('reference_too_long');
    given(drafted)
      .when(record('other', { subject: longText(10_001) }))
      .thenThrows('subject_too_long');
  });

  it('RecordDecision needs a decision day that is not in the future', () => {
    given(drafted)
      .when(record('other', { decidedOn: TOMORROW }))
      .thenThrows('date_in_future');
    given(drafted)
      .when(record('other', { decidedOn: '5.3.2026' }))
      .thenThrows('invalid_date');
  });

  it('RecordDecision refuses a decision id already recorded', () => {
    given([...drafted, recorded('other')])
      .when(record('other'))
      .thenThrows('decision_exists', 'conflict');
  });

  it('RegisterPartner records a partner', () => {
    const state = given(drafted)
      .when(register({ name: ' Freundeskreis Asyl ' }))
      .then([
        {
          type: 'PartnerRegistered',
          data: { ...ref, partnerId: 'partner-1', name: 'Freundeskreis Asyl', kind: 'volunteers' },
        },
      ]);
    expect(state).toMatchObject({ partners: [{ id: 'partner-1', kind: 'volunteers' }] });
  });

  it('RegisterPartner needs a name and a known kind', () => {
    given(drafted)
      .when(register({ name: '' }))
      .thenThrows('name_required');
    given(drafted)
      .when(register({ kind: 'club' }))
      .thenThrows('kind_invalid');
  });

  it('RegisterPartner refuses an id or a name already registered', () => {
    const registered: PlanEvent = {
      type: 'PartnerRegistered',
      data: { ...ref, partnerId: 'partner-1', name: 'Freundeskreis Asyl', kind: 'volunteers' },
    };
    given([...drafted, registered])
      .when(register({ name: 'Caritas' }))
      .thenThrows('partner_exists', 'conflict');
    given([...drafted, registered])
      .when(register({ partnerId: 'p-2', name: 'freundeskreis asyl' }))
      .thenThrows('partner_exists');
  });
});

describe('an adopted plan', () => {
  it('RecordDecision adopt-plan again is refused', () => {
    given(adopted)
      .when(record('adopt-plan', { decisionId: 'd-2' }))
      .thenThrows('plan_already_adopted', 'conflict');
  });

  it('RecordDecision revise-plan records only the decision', () => {
    given(adopted)
      .when(record('revise-plan'))
      .then([recorded('revise-plan')]);
  });

  it('RecordDecision conclude-plan records the decision and the conclusion', () => {
    const state = given(adopted)
      .when(record('conclude-plan'))
      .then([
        recorded('conclude-plan'),
        { type: 'PlanConcluded', data: { ...outcome, decisionId: 'decision-conclude-plan' } },
      ]);
    expect(state.status).toBe('concluded');
  });
});

describe('the plan facts a measure or meeting command carries', () => {
  it('name the plan, its status, theme fields, goals and partners', () => {
    const partner: PlanEvent = {
      type: 'PartnerRegistered',
      data: { ...ref, partnerId: 'partner-1', name: 'Caritas', kind: 'association' },
    };
    expect(planFacts(given([...adopted, partner]).state)).toEqual({
      ...ref,
      status: 'adopted',
      themeFields: ['housing', 'education', 'vocational-training', 'safety', 'fears-and-living-together'],
      goals: [{ id: 'goal-1', status: 'defined' }],
      partners: ['partner-1'],
    });
  });

  it('are not found for a plan that does not exist', () => {
    expect(() => planFacts(given().state)).toThrow(
      expect.objectContaining({ code: 'plan_not_found', kind: 'not_found' }),
    );
  });
});
