import { computeDashboard, type PlanDashboard } from './dashboard.js';
import type { PlanView } from './plan-view.js';

export interface EntityChange {
  kind: 'plan' | 'themeField' | 'goal' | 'measure' | 'meeting' | 'decision' | 'partner';
  id: string;
  title: string;
  change: 'added' | 'changed';
  /** field → [before, after]; for an added entity, its fields as they are at `to` */
  fields: Record<string, [unknown, unknown]>;
}

export interface PlanChanges {
  from: string;
  to: string;
  progress: { from: number; to: number; delta: number };
  dashboard: { from?: PlanDashboard; to?: PlanDashboard };
  changes: EntityChange[];
}

const WATCHED = {
  plan: ['status', 'title', 'vision', 'horizonStart', 'horizonEnd'],
  goal: [
    'status',
    'title',
    'themeField',
    'indicator',
    'baseline',
    'target',
    'targetDate',
    'latestMeasurement',
  ],
  measure: ['status', 'title', 'percent', 'dueDate', 'responsible', 'weight', 'budget'],
  meeting: ['status', 'title', 'scheduledFor', 'heldOn', 'attendance', 'minutes'],
} as const;

/** What changed in a plan's state between two instants: entity by entity, and the figures before and after. */
export function diffPlanViews(
  before: PlanView | undefined,
  after: PlanView | undefined,
  from: Date,
  to: Date,
): PlanChanges {
  const dashboardFrom = before ? computeDashboard(before, from) : undefined;
  const dashboardTo = after ? computeDashboard(after, to) : undefined;
  const changes: EntityChange[] = [];
  if (after) {
    const plan = after.plan;
    pushDiff(changes, 'plan', plan.planId, plan.title, before?.plan, plan, WATCHED.plan);
    const oldFields = new Set(before?.plan.themeFields.map((f) => f.key) ?? []);
    for (const field of plan.themeFields.filter((f) => !oldFields.has(f.key))) {
      changes.push({
        kind: 'themeField',
        id: field.key,
        title: field.name,
        change: 'added',
        fields: { name: [undefined, field.name] },
      });
    }
    const oldGoals = new Map(before?.plan.goals.map((g) => [g.id, g]) ?? []);
    for (const goal of plan.goals)
      pushDiff(changes, 'goal', goal.id, goal.title, oldGoals.get(goal.id), goal, WATCHED.goal);
    for (const measure of Object.values(after.measures)) {
      pushDiff(
        changes,
        'measure',
        measure.measureId,
        measure.title,
        before?.measures[measure.measureId],
        measure,
        WATCHED.measure,
      );
    }
    for (const meeting of Object.values(after.meetings)) {
      pushDiff(
        changes,
        'meeting',
        meeting.meetingId,
        meeting.title,
        before?.meetings[meeting.meetingId],
        meeting,
        WATCHED.meeting,
      );
    }
    const oldDecisions = new Set(before?.plan.decisions.map((d) => d.id) ?? []);
    for (const decision of plan.decisions.filter((d) => !oldDecisions.has(d.id))) {
      changes.push({
        kind: 'decision',
        id: decision.id,
        title: decision.subject,
        change: 'added',
        fields: {
          kind: [undefined, decision.kind],
          decidedOn: [undefined, decision.decidedOn],
          reference: [undefined, decision.reference],
        },
      });
    }
    const oldPartners = new Set(before?.plan.partners.map((p) => p.id) ?? []);
    for (const partner of plan.partners.filter((p) => !oldPartners.has(p.id))) {
      changes.push({
        kind: 'partner',
        id: partner.id,
        title: partner.name,
        change: 'added',
        fields: { kind: [undefined, partner.kind] },
      });
    }
  }
  const progressFrom = dashboardFrom?.progress ?? 0;
  const progressTo = dashboardTo?.progress ?? 0;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    progress: {
      from: progressFrom,
      to: progressTo,
      delta: Math.round((progressTo - progressFrom) * 10) / 10,
    },
    dashboard: { from: dashboardFrom, to: dashboardTo },
    changes,
  };
}

function pushDiff(
  changes: EntityChange[],
  kind: EntityChange['kind'],
  id: string,
  title: string,
  before: object | undefined,
  after: object,
  watched: readonly string[],
): void {
  const fields: Record<string, [unknown, unknown]> = {};
  for (const key of watched) {
    const old = before ? (before as Record<string, unknown>)[key] : undefined;
    const now = (after as Record<string, unknown>)[key];
    if (JSON.stringify(old) !== JSON.stringify(now)) fields[key] = [old, now];
  }
  if (Object.keys(fields).length > 0)
    changes.push({ kind, id, title, change: before ? 'changed' : 'added', fields });
}
