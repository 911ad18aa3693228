import { unknownCommand } from '../shared/decider.js';
import { conflict, invalid, notFound } from '../shared/domain-error.js';
import { requireDay, requireDayOrder } from '../shared/date-checks.js';
import { LIMITS, requireId, requireSlug, requireText } from '../shared/value-checks.js';
import type { AddThemeField, DraftPlan, PlanCommand } from './plan.commands.js';
import { recordDecision, registerPartner } from './plan-decisions.decide.js';
import type { PlanEvent, PlanRef, ThemeField } from './plan.events.js';
import { achieveGoal, defineGoal, dropGoal, measureGoalIndicator } from './plan-goals.decide.js';
import { reviseGoal } from './plan-goal-revision.decide.js';
import { planRef, type Plan, type PlanState } from './plan.state.js';

/** What a plan starts with when the coordinator names no theme fields (the article's five). */
export const DEFAULT_THEME_FIELDS: readonly ThemeField[] = [
  { key: 'housing', name: 'Wohnen' },
  { key: 'education', name: 'Bildung' },
  { key: 'vocational-training', name: 'Ausbildung' },
  { key: 'safety', name: 'Sicherheit' },
  { key: 'fears-and-living-together', name: 'Ängste und Zusammenleben' },
];

export function decidePlan(command: PlanCommand, state: PlanState): PlanEvent[] {
  if (command.type === 'DraftPlan') return draftPlan(command, state);
  const plan = requireOpenPlan(state);
  switch (command.type) {
    case 'AddThemeField':
      return addThemeField(command, plan);
    case 'DefineGoal':
      return defineGoal(command, plan);
    case 'ReviseGoal':
      return reviseGoal(command, plan);
    case 'MeasureGoalIndicator':
      return measureGoalIndicator(command, plan);
    case 'AchieveGoal':
      return achieveGoal(command, plan);
    case 'DropGoal':
      return dropGoal(command, plan);
    case 'RecordDecision':
      return recordDecision(command, plan);
    case 'RegisterPartner':
      return registerPartner(command, plan);
    default:
      return unknownCommand(command);
  }
}

/** A concluded plan is history: it refuses every further command. */
export function requireOpenPlan(state: PlanState): Plan {
  if (state.status === 'none') throw notFound('plan_not_found', 'no such plan');
  if (state.status === 'concluded') throw conflict('plan_concluded', 'the plan is concluded');
  return state;
}

function draftPlan({ data }: DraftPlan, state: PlanState): PlanEvent[] {
  if (state.status === 'concluded') throw conflict('plan_concluded', 'the plan is concluded');
  if (state.status !== 'none') throw conflict('plan_exists', 'the plan has already been drafted');
  const ref: PlanRef = {
    municipalityId: requireId(data.municipalityId, 'municipalityId'),
    planId: requireId(data.planId, 'planId'),
  };
  const title = requireText(data.title, 'title', LIMITS.name);
  const vision = requireText(data.vision, 'vision', LIMITS.text);
  const horizonStart = requireDay(data.horizonStart, 'horizonStart');
  const horizonEnd = requireDay(data.horizonEnd, 'horizonEnd');
  requireDayOrder(horizonStart, horizonEnd, 'horizonEnd', true);
  const fields = initialThemeFields(data.themeFields);
  return [
    { type: 'PlanDrafted', data: { ...ref, title, vision, horizonStart, horizonEnd } },
    ...fields.map((field): PlanEvent => ({ type: 'ThemeFieldAdded', data: { ...ref, ...field } })),
  ];
}

function initialThemeFields(given: unknown): readonly ThemeField[] {
  if (given === undefined || given === null) return DEFAULT_THEME_FIELDS;
  if (!Array.isArray(given))
    throw invalid('theme_fields_invalid', 'themeFields must be a list', 'themeFields');
  if (given.length === 0) return DEFAULT_THEME_FIELDS;
  if (given.length > LIMITS.listItems) {
    throw invalid('theme_fields_too_many', `at most ${LIMITS.listItems} theme fields`, 'themeFields');
  }
  const fields: ThemeField[] = [];
  given.forEach((input: unknown, i) => {
    const field = themeField(input, `themeFields.${i}`);
    if (fields.some((f) => sameThemeField(f, field))) {
      throw invalid('duplicate_theme_field', `theme field ${field.key} is listed twice`, `themeFields.${i}`);
    }
    fields.push(field);
  });
  return fields;
}

function themeField(input: unknown, path?: string): ThemeField {
  if (typeof input !== 'object' || input === null) {
    throw invalid('theme_field_invalid', 'a theme field needs a key and a name', path);
  }
  const { key, name } = input as Partial<ThemeField>;
  const prefix = path ? `${path}.` : '';
  return { key: requireSlug(key, `${prefix}key`), name: requireText(name, `${prefix}name`, LIMITS.name) };
}

/** Two fields with the same key, or the same name but for case, would confuse everyone reading the plan. */
function sameThemeField(a: ThemeField, b: ThemeField): boolean {
  return a.key === b.key || a.name.toLocaleLowerCase('de') === b.name.toLocaleLowerCase('de');
}

function addThemeField({ data }: AddThemeField, plan: Plan): PlanEvent[] {
  const field = themeField(data);
  if (plan.themeFields.some((existing) => sameThemeField(existing, field))) {
    throw conflict('theme_field_exists', `the plan already has a theme field ${field.key}`, 'key');
  }
  return [{ type: 'ThemeFieldAdded', data: { ...planRef(plan), ...field } }];
}
