import { describe, expect, it } from '@jest/globals';
import type { PlanView } from '@app/read-models';
import type { ReminderJob } from './reminder-catalogue.js';
import { lapsedSubjects, PlanMemory, rememberPlan, setDesired } from './plan-memory.js';

const view = (planId: string): PlanView =>
  ({
    plan: { planId, municipalityId: 'm', status: 'adopted', goals: [] },
    measures: {},
    meetings: {},
    position: 1,
    lastActivityAt: '2027-01-01T00:00:00.000Z',
    eventCount: 1,
  }) as unknown as PlanView;

const reminder = (subjectId: string, runAt: string): ReminderJob => ({
  reminderId: `measure-due-1.${subjectId}.${runAt.slice(0, 10)}`,
  kind: 'measure-due-1',
  municipalityId: 'm',
  planId: 'p',
  subjectId,
  about: runAt.slice(0, 10),
  runAt,
});

describe('PlanMemory', () => {
  it('keeps at most its limit of plans, forgetting the least recently touched first', () => {
    const memory = new PlanMemory(2);
    memory.set('a', rememberPlan(view('a'), 'Europe/Berlin', 30, []));
    memory.set('b', rememberPlan(view('b'), 'Europe/Berlin', 30, []));
    expect(memory.get('a')).toBeDefined();
    memory.set('c', rememberPlan(view('c'), 'Europe/Berlin', 30, []));
    expect(memory.size).toBe(2);
    expect(memory.get('b')).toBeUndefined();
    expect(memory.get('a')).toBeDefined();
    expect(memory.get('c')).toBeDefined();
  });
});

describe('lapsedSubjects', () => {
  it('names the subjects with a reminder older than the limit, and only once it passed', () => {
    const plan = rememberPlan(view('p'), 'Europe/Berlin', 30, [
      reminder('m1', '2027-02-01T07:00:00.000Z'),
      reminder('m2', '2027-03-01T07:00:00.000Z'),
    ]);
    expect(lapsedSubjects(plan, Date.parse('2027-01-15T00:00:00.000Z'))).toEqual([]);
    expect(lapsedSubjects(plan, Date.parse('2027-02-02T00:00:00.000Z'))).toEqual(['m1']);
    setDesired(plan, 'm1', []);
    expect(lapsedSubjects(plan, Date.parse('2027-02-03T00:00:00.000Z'))).toEqual([]);
    expect(lapsedSubjects(plan, Date.parse('2027-03-02T00:00:00.000Z'))).toEqual(['m2']);
  });
});
