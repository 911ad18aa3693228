import type { PlanStateResponse } from '@app/read-models';

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '–' : `${value} %`;

/** A plan's state (describePlan) as a few readable lines for the terminal: `audit:replay --format text`. */
export function planSummary(state: PlanStateResponse): string {
  const lines: string[] = [];
  const add = (line = '') => lines.push(line);
  const section = (title: string, count: number) => {
    add();
    add(`${title} (${count})`);
  };

  add(`${state.title}`);
  add(`  plan ${state.planId} · municipality ${state.municipalityId}`);
  const adopted = state.adoptedOn ? `, adopted on ${state.adoptedOn}` : '';
  const concluded = state.concludedOn ? `, concluded on ${state.concludedOn}` : '';
  add(`  status ${state.status}${adopted}${concluded} · horizon ${state.horizonStart} – ${state.horizonEnd}`);
  add(`  as of ${state.asOf} · position ${state.position} · last activity ${state.lastActivityAt}`);
  add(`  progress ${percent(state.progress)}`);
  add(`  vision: ${state.vision}`);

  section('Theme fields', state.themeFields.length);
  for (const field of state.themeFields) {
    add(`  ${field.name} [${field.key}]: ${percent(field.progress)} over ${field.goals} goal(s)`);
  }

  section('Goals', state.goals.length);
  for (const goal of state.goals) {
    const figures =
      goal.indicator !== undefined
        ? ` · ${goal.indicator}: ${goal.latestMeasurement?.value ?? '–'} (baseline ${goal.baseline ?? '–'}, target ${goal.target ?? '–'}${goal.unit ? ` ${goal.unit}` : ''})`
        : '';
    add(`  [${goal.status}] ${goal.title} (${goal.themeField}): ${percent(goal.progress)}${figures}`);
  }

  const overdue = state.measures.filter((m) => m.overdue).length;
  section(`Measures, ${overdue} overdue`, state.measures.length);
  for (const measure of state.measures) {
    const late = measure.overdue ? ', OVERDUE' : '';
    add(
      `  [${measure.status}] ${measure.title}: ${percent(measure.progress)}, due ${measure.dueDate}${late}`,
    );
  }

  section('Meetings', state.meetings.length);
  for (const meeting of state.meetings) {
    const a = meeting.attendance;
    const attendance = a
      ? ` · attendance ${a.affected} affected, ${a.involved} involved, ${a.responsible} responsible`
      : '';
    add(`  [${meeting.status}] ${meeting.scheduledFor.slice(0, 10)} ${meeting.title}${attendance}`);
  }

  section('Decisions', state.decisions.length);
  for (const d of state.decisions) add(`  ${d.decidedOn} ${d.body} ${d.reference} (${d.kind}): ${d.subject}`);

  section('Partners', state.partners.length);
  for (const p of state.partners) add(`  ${p.name} (${p.kind})`);

  return `${lines.join('\n')}\n`;
}
