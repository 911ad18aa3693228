import { describe, expect, it } from '@jest/globals';
import { longText, untyped } from '../shared/given.js';
import type { PlanCommand } from './plan.commands.js';
import { planStream } from './plan.decider.js';
import {
  command,
  concluded,
  decision,
  draftCommand,
  drafted,
  given,
  goalDefined,
  ref,
} from './plan.fixtures.js';

describe('no plan yet', () => {
  it('DraftPlan without theme fields records the plan and the five default theme fields', () => {
    const state = given().when(draftCommand()).then(drafted);
    expect(state).toMatchObject({ status: 'draft', title: 'Masterplan Integration 2026–2030' });
    expect(state.status !== 'none' && state.themeFields.map((f) => f.key)).toEqual([
      'housing',
      'education',
      'vocational-training',
      'safety',
      'fears-and-living-together',
    ]);
  });

  it('DraftPlan with an empty list of theme fields also starts with the defaults', () => {
    given()
      .when(draftCommand({ themeFields: [] }))
      .then(drafted);
  });

  it('DraftPlan with theme fields records those instead of the defaults', () => {
    given()
      .when(draftCommand({ themeFields: [{ key: 'health', name: ' Gesundheit ' }] }))
      .then([drafted[0]!, { type: 'ThemeFieldAdded', data: { ...ref, key: 'health', name: 'Gesundheit' } }]);
  });

  it('DraftPlan trims the title and the vision', () => {
    given()
      .when(draftCommand({ title: '  Masterplan Integration 2026–2030 ' }))
      .then(drafted);
  });

  it('DraftPlan needs a title, at most 200 characters long', () => {
    given()
      .when(draftCommand({ title: '  ' }))
      .thenThrows('title_required', 'validation');
    given()
      .when(draftCommand({ title: longText(201) }))
      .thenThrows('title_too_long', 'validation');
  });

  it('DraftPlan needs a vision, at most 10000 characters long', () => {
    given()
      .when(draftCommand({ vision: '' }))
      .thenThrows('vision_required');
    given()
      .when(draftCommand({ vision: longText(10_001) }))
      .thenThrows('vision_too_long');
  });

  it('DraftPlan needs valid horizon dates', () => {
    given()
      .when(draftCommand({ horizonStart: '2026-02-30' }))
      .thenThrows('invalid_date');
    given()
      .when(draftCommand({ horizonEnd: '31.12.2030' }))
      .thenThrows('invalid_date');
    given()
      .when(draftCommand({ horizonEnd: untyped(undefined) }))
      .thenThrows('horizon_end_required');
  });

  it('DraftPlan needs the horizon to start before it ends', () => {
    given()
      .when(draftCommand({ horizonEnd: '2026-01-01' }))
      .thenThrows('invalid_date_range', 'validation');
    given()
      .when(draftCommand({ horizonEnd: '2025-12-31' }))
      .thenThrows('invalid_date_range');
  });

  it('DraftPlan needs theme-field keys that are lowercase slugs', () => {
    const bad = draftCommand({ themeFields: [{ key: 'Health Care', name: 'Gesundheit' }] });
    const error = given().when(bad).thenThrows('invalid_slug', 'validation');
    expect(error.field).toBe('themeFields.0.key');
  });

  it('DraftPlan refuses the same theme field twice', () => {
    const twice = [
      { key: 'health', name: 'Gesundheit' },
      { key: 'health', name: 'Pflege' },
    ];
    given()
      .when(draftCommand({ themeFields: twice }))
      .thenThrows('duplicate_theme_field');
  });

  it('DraftPlan needs ids', () => {
    given()
      .when(draftCommand({ planId: '' }))
      .thenThrows('plan_id_required');
    given()
      .when(draftCommand({ municipalityId: 'a b' }))
      .thenThrows('invalid_id');
  });

  it('every other command finds no plan', () => {
    given()
      .when(command('AddThemeField', { key: 'health', name: 'Gesundheit' }))
      .thenThrows('plan_not_found', 'not_found');
  });
});

describe('a draft plan', () => {
  it('DraftPlan again is refused', () => {
    given(drafted).when(draftCommand()).thenThrows('plan_exists', 'conflict');
  });
});

describe('a concluded plan', () => {
  const everyCommand: PlanCommand[] = [
    draftCommand(),
    command('AddThemeField', { key: 'health', name: 'Gesundheit' }),
    command('DefineGoal', { goalId: 'goal-2', themeField: 'housing', title: 'Wohnraum' }),
    command('ReviseGoal', { goalId: 'goal-1', title: 'Neu', reason: 'Gemeinderat' }),
    command('MeasureGoalIndicator', { goalId: 'goal-1', value: 30, measuredOn: '2026-03-01' }),
    command('AchieveGoal', { goalId: 'goal-1' }),
    command('DropGoal', { goalId: 'goal-1', reason: 'erledigt' }),
    command('RecordDecision', decision('other')),
    command('RegisterPartner', { partnerId: 'partner-1', name: 'Freundeskreis Asyl', kind: 'volunteers' }),
  ];

  it.each(everyCommand.map((c) => [c.type, c] as const))('refuses %s', (_type, concludedCommand) => {
    given(concluded).when(concludedCommand).thenThrows('plan_concluded', 'conflict');
  });

  it('keeps its history in the state', () => {
    expect(given(concluded).state).toMatchObject({
      status: 'concluded',
      adoptedOn: '2026-03-05',
      concludedOn: '2026-03-05',
    });
  });
});

describe('the plan state', () => {
  it('ignores events it does not know, such as another module’s', () => {
    const state = given(drafted).state;
    expect(given([...drafted, untyped({ type: 'ReminderSent', data: {} })]).state).toEqual(state);
  });

  it('ignores events before the draft', () => {
    expect(given([goalDefined()]).state).toEqual({ status: 'none' });
  });

  it('lives in the stream plan-<id>', () => {
    expect(planStream('abc')).toBe('plan-abc');
  });
});
