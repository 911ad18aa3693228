import { today } from './plan-world.js';

export interface WorldIds {
  municipalityId: string;
  planId: string;
  goalId: string;
  measureId: string;
  meetingId: string;
}

export interface CommandRoute {
  name: string;
  path: (w: WorldIds) => string;
  body: (w: WorldIds) => object;
  /** the roles api.md allows; everyone else gets 403 (or 404 from another municipality) */
  roles: readonly string[];
}

const C = ['coordinator'] as const;
const CC = ['coordinator', 'contributor'] as const;

/** Every command route of api.md with a valid body, for the role matrix and the tenancy checks. */
export const COMMAND_ROUTES: readonly CommandRoute[] = [
  {
    name: 'draft plan',
    path: (w) => `/api/municipalities/${w.municipalityId}/plans`,
    body: () => ({ title: 'Plan', vision: 'Vision', horizonStart: today(-1), horizonEnd: today(300) }),
    roles: C,
  },
  {
    name: 'add theme field',
    path: (w) => `/api/plans/${w.planId}/theme-fields`,
    body: () => ({ key: `k${Date.now()}${Math.random().toString(36).slice(2, 6)}`, name: 'Neu' }),
    roles: C,
  },
  {
    name: 'define goal',
    path: (w) => `/api/plans/${w.planId}/goals`,
    body: () => ({ themeField: 'education', title: 'Ziel' }),
    roles: C,
  },
  {
    name: 'revise goal',
    path: (w) => `/api/plans/${w.planId}/goals/${w.goalId}/revisions`,
    body: () => ({ title: `Neu ${Math.random()}`, reason: 'Anpassung' }),
    roles: C,
  },
  {
    name: 'measure goal',
    path: (w) => `/api/plans/${w.planId}/goals/${w.goalId}/measurements`,
    body: () => ({ value: 5, measuredOn: today() }),
    roles: CC,
  },
  {
    name: 'achieve goal',
    path: (w) => `/api/plans/${w.planId}/goals/${w.goalId}/achieve`,
    body: () => ({}),
    roles: C,
  },
  {
    name: 'drop goal',
    path: (w) => `/api/plans/${w.planId}/goals/${w.goalId}/drop`,
    body: () => ({ reason: 'nicht mehr nötig' }),
    roles: C,
  },
  {
    name: 'record decision',
    path: (w) => `/api/plans/${w.planId}/decisions`,
    body: () => ({
      kind: 'other',
      body: 'Lenkungsgruppe',
      reference: 'LG-1',
      decidedOn: today(),
      subject: 'Protokoll',
    }),
    roles: C,
  },
  {
    name: 'register partner',
    path: (w) => `/api/plans/${w.planId}/partners`,
    body: () => ({ name: `Verein ${Math.random()}`, kind: 'association' }),
    roles: C,
  },
  {
    name: 'plan measure',
    path: (w) => `/api/plans/${w.planId}/measures`,
    body: (w) => ({
      title: 'Maßnahme',
      goalIds: [w.goalId],
      responsible: { office: 'Amt' },
      startDate: today(),
      dueDate: today(30),
    }),
    roles: C,
  },
  { name: 'start measure', path: (w) => `/api/measures/${w.measureId}/start`, body: () => ({}), roles: CC },
  {
    name: 'report progress',
    path: (w) => `/api/measures/${w.measureId}/progress`,
    body: () => ({ percent: 10, note: 'weiter' }),
    roles: CC,
  },
  {
    name: 'block measure',
    path: (w) => `/api/measures/${w.measureId}/block`,
    body: () => ({ reason: 'wartet' }),
    roles: CC,
  },
  {
    name: 'unblock measure',
    path: (w) => `/api/measures/${w.measureId}/unblock`,
    body: () => ({}),
    roles: CC,
  },
  {
    name: 'reschedule measure',
    path: (w) => `/api/measures/${w.measureId}/reschedule`,
    body: () => ({ dueDate: today(90), reason: 'später' }),
    roles: C,
  },
  {
    name: 'complete measure',
    path: (w) => `/api/measures/${w.measureId}/complete`,
    body: () => ({}),
    roles: CC,
  },
  {
    name: 'cancel measure',
    path: (w) => `/api/measures/${w.measureId}/cancel`,
    body: () => ({ reason: 'entfällt' }),
    roles: C,
  },
  {
    name: 'schedule meeting',
    path: (w) => `/api/plans/${w.planId}/meetings`,
    body: () => ({
      title: 'Dialog',
      kind: 'dialogue',
      scheduledFor: new Date().toISOString(),
      themeFields: [],
    }),
    roles: CC,
  },
  {
    name: 'meeting held',
    path: (w) => `/api/meetings/${w.meetingId}/held`,
    body: () => ({
      heldOn: today(),
      attendance: { affected: 1, involved: 2, responsible: 3 },
      outcomes: [],
      concerns: [],
    }),
    roles: CC,
  },
  {
    name: 'publish minutes',
    path: (w) => `/api/meetings/${w.meetingId}/minutes`,
    body: () => ({ text: 'Protokoll' }),
    roles: CC,
  },
  {
    name: 'cancel meeting',
    path: (w) => `/api/meetings/${w.meetingId}/cancel`,
    body: () => ({ reason: 'abgesagt' }),
    roles: CC,
  },
];
