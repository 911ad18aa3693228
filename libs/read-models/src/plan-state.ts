import { computeDashboard, goalProgress, isOverdue, measureProgress } from './dashboard.js';
import type { PlanView } from './plan-view.js';

const round1 = (value: number) => Math.round(value * 10) / 10;

/** The plan's state for GET /api/plans/:planId: every entity with its progress, as of an instant. */
export function describePlan(view: PlanView, asOf: Date) {
  const { plan } = view;
  const measures = Object.values(view.measures);
  const dashboard = computeDashboard(view, asOf);
  return {
    planId: plan.planId,
    municipalityId: plan.municipalityId,
    title: plan.title,
    vision: plan.vision,
    status: plan.status,
    horizonStart: plan.horizonStart,
    horizonEnd: plan.horizonEnd,
    adoptedOn: plan.adoptedOn,
    concludedOn: plan.concludedOn,
    asOf: asOf.toISOString(),
    position: view.position,
    lastActivityAt: view.lastActivityAt,
    progress: dashboard.progress,
    themeFields: dashboard.themeFields,
    goals: plan.goals.map((goal) => {
      const progress = goalProgress(goal, measures);
      return { ...goal, progress: progress === undefined ? null : round1(progress) };
    }),
    measures: measures
      .map((measure) => {
        const progress = measureProgress(measure);
        return {
          ...measure,
          progress: progress === undefined ? null : progress,
          overdue: isOverdue(measure, asOf),
        };
      })
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title)),
    meetings: Object.values(view.meetings).sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor)),
    decisions: plan.decisions,
    partners: plan.partners,
  };
}

export type PlanStateResponse = ReturnType<typeof describePlan>;

/** Attendance of held meetings per month (of heldOn), by stakeholder group: a chart's data. */
export function attendancePerMonth(view: PlanView, asOf: Date) {
  const months = new Map<
    string,
    { affected: number; involved: number; responsible: number; meetings: number }
  >();
  const day = asOf.toISOString().slice(0, 10);
  for (const meeting of Object.values(view.meetings)) {
    if (meeting.status !== 'held' || !meeting.attendance || !meeting.heldOn || meeting.heldOn > day) continue;
    const month = meeting.heldOn.slice(0, 7);
    const entry = months.get(month) ?? { affected: 0, involved: 0, responsible: 0, meetings: 0 };
    entry.affected += meeting.attendance.affected;
    entry.involved += meeting.attendance.involved;
    entry.responsible += meeting.attendance.responsible;
    entry.meetings += 1;
    months.set(month, entry);
  }
  return [...months.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, figures]) => ({ month, ...figures }));
}
