// Events and commands the measure specs share (not exported from index.ts).
import type { PlanFacts } from '../plan/plan-facts.js';
import { commandsOf, contributor, MUNICIPALITY_ID, PLAN_ID, scenarios } from '../shared/given.js';
import type { MeasureCommand, PlanMeasure } from './measure.commands.js';
import { measureDecider } from './measure.decider.js';
import type { MeasureEvent } from './measure.events.js';

export const ref = { municipalityId: MUNICIPALITY_ID, planId: PLAN_ID, measureId: 'measure-1' };
export const given = scenarios(measureDecider);
export const command = commandsOf<MeasureCommand>(contributor);

export const planFacts: PlanFacts = {
  municipalityId: MUNICIPALITY_ID,
  planId: PLAN_ID,
  status: 'adopted',
  themeFields: ['housing', 'education', 'vocational-training'],
  goals: [
    { id: 'goal-1', status: 'defined' },
    { id: 'goal-2', status: 'revised' },
    { id: 'goal-3', status: 'dropped' },
    { id: 'goal-4', status: 'achieved' },
  ],
  partners: ['partner-1'],
};

export function planCommand(extra: Partial<PlanMeasure['data']> = {}): MeasureCommand {
  return command('PlanMeasure', {
    measureId: 'measure-1',
    title: 'Ausbildungspatenschaften',
    goalIds: ['goal-1'],
    responsible: { partnerId: 'partner-1' },
    startDate: '2026-04-01',
    dueDate: '2026-12-31',
    plan: planFacts,
    ...extra,
  });
}

export const planned: MeasureEvent = {
  type: 'MeasurePlanned',
  data: {
    ...ref,
    title: 'Ausbildungspatenschaften',
    goalIds: ['goal-1'],
    responsible: { partnerId: 'partner-1' },
    startDate: '2026-04-01',
    dueDate: '2026-12-31',
    weight: 1,
  },
};

export const started: MeasureEvent[] = [
  planned,
  { type: 'MeasureStarted', data: { ...ref, startedOn: '2026-03-02' } },
];
export const blocked: MeasureEvent[] = [
  ...started,
  { type: 'MeasureBlocked', data: { ...ref, reason: 'Raum fehlt' } },
];
export const completed: MeasureEvent[] = [...started, { type: 'MeasureCompleted', data: ref }];
export const cancelled: MeasureEvent[] = [
  planned,
  { type: 'MeasureCancelled', data: { ...ref, reason: 'kein Träger' } },
];

export const onPlan = { planStatus: 'adopted' } as const;

/** The lifecycle commands, as a contributor sends them to a measure of an adopted plan. */
export const start = (startedOn?: string) =>
  command('StartMeasure', { ...onPlan, ...(startedOn ? { startedOn } : {}) });
export const report = (extra = {}) =>
  command('ReportProgress', {
    ...onPlan,
    percent: 40,
    note: 'Zehn Tandems gebildet',
    reportedOn: '2026-03-09',
    ...extra,
  });
export const block = (reason?: string) => command('BlockMeasure', { ...onPlan, reason });
export const unblock = command('UnblockMeasure', onPlan);
export const reschedule = (dueDate: string, reason?: string) =>
  command('RescheduleMeasure', { ...onPlan, dueDate, reason });
export const complete = (note?: string) => command('CompleteMeasure', { ...onPlan, note });
export const cancel = (reason?: string) => command('CancelMeasure', { ...onPlan, reason });
