import type { describePlan } from '@app/read-models';
import type { AuditEntry } from '../../queries/audit-export.js';
import { lineChart } from '../charts.js';
import { html, type Html } from '../html.js';
import { layout } from '../layout.js';
import { actorName, badge, changesTable, dataTable, meter, type Lookup } from '../page-parts.js';
import type { WebContext } from '../web-context.js';

type State = ReturnType<typeof describePlan>;

/** A goal: its figures and progress, its measurements, the measures serving it and every change. */
export function goalPage(
  ctx: WebContext,
  input: { state: State; goal: State['goals'][number]; changes: AuditEntry[]; lookup: Lookup },
): Html {
  const { t, texts } = ctx;
  const { state, goal, changes, lookup } = input;
  const measures = state.measures.filter((m) => m.goalIds.includes(goal.id));
  const measurements = changes
    .filter((e) => e.type === 'GoalIndicatorMeasured')
    .map((e) => ({ entry: e, data: e.data as { value: number; measuredOn: string; source?: string } }));
  const span = goal.baseline !== undefined && goal.target !== undefined ? goal.target - goal.baseline : 0;
  const towardsTarget = (value: number) =>
    Math.min(100, Math.max(0, ((value - (goal.baseline ?? 0)) / span) * 100));
  const sorted = [...measurements].sort((a, b) => a.data.measuredOn.localeCompare(b.data.measuredOn));
  const body = html`<article>
    <h1>${goal.title} ${badge(goal.status, t.goalStatus[goal.status])}</h1>
    <dl class="facts">
      <dt>${t.themeField}</dt>
      <dd>${lookup.themeFields.get(goal.themeField) ?? goal.themeField}</dd>
      ${
        goal.description
          ? html`<dt>${t.description}</dt>
              <dd>${goal.description}</dd>`
          : ''
      }
      <dt>${t.indicator}</dt>
      <dd>${goal.indicator ?? '–'}</dd>
      <dt>${t.baseline}</dt>
      <dd>${texts.num(goal.baseline)} ${goal.unit ?? ''}</dd>
      <dt>${t.target}</dt>
      <dd>${texts.num(goal.target)} ${goal.unit ?? ''}</dd>
      <dt>${t.targetDate}</dt>
      <dd>${texts.day(goal.targetDate)}</dd>
      <dt>${t.progress}</dt>
      <dd class="bar-cell">
        ${meter(goal.progress)}
        <data value="${goal.progress ?? ''}" data-figure="goal.progress"
          >${texts.percent(goal.progress)}</data
        >
      </dd>
    </dl>
    <section aria-labelledby="measurements-h">
      <h2 id="measurements-h">${t.measurements}</h2>
      ${
        measurements.length === 0
          ? html`<p>${t.noMeasurements}</p>`
          : html`${
                span !== 0
                  ? html`<figure class="chart-figure">
                      ${lineChart({
                        id: 'chart-goal',
                        title: t.measurementChart,
                        description: sorted
                          .map((m) => `${texts.day(m.data.measuredOn)}: ${texts.num(m.data.value)}`)
                          .join('; '),
                        series: [
                          {
                            name: goal.title,
                            strong: true,
                            points: sorted.map((m) => ({
                              day: m.data.measuredOn,
                              value: towardsTarget(m.data.value),
                            })),
                          },
                        ],
                        dayLabel: (d) => texts.day(d),
                        valueLabel: (v) => texts.percent(v),
                      })}
                      <figcaption>${t.measurementChart} (${t.progress})</figcaption>
                      ${dataTable(
                        ctx,
                        [t.measuredOn, t.value],
                        sorted.map((m) => [texts.day(m.data.measuredOn), texts.num(m.data.value)]),
                      )}
                    </figure>`
                  : ''
              }
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t.measuredOn}</th>
                    <th scope="col">${t.value}</th>
                    <th scope="col">${t.source}</th>
                    <th scope="col">${t.who}</th>
                    <th scope="col">${t.recordedAt}</th>
                  </tr>
                </thead>
                <tbody>
                  ${sorted.map(
                    (m) =>
                      html`<tr>
                        <th scope="row">${texts.day(m.data.measuredOn)}</th>
                        <td>${texts.num(m.data.value)} ${goal.unit ?? ''}</td>
                        <td>${m.data.source ?? '–'}</td>
                        <td>${actorName(m.entry.actorId, lookup, ctx)}</td>
                        <td>${texts.instant(m.entry.recordedAt)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
      }
    </section>
    <section aria-labelledby="goal-measures-h">
      <h2 id="goal-measures-h">${t.goalMeasures}</h2>
      ${
        measures.length === 0
          ? html`<p>${t.noMeasures}</p>`
          : html`<ul>
              ${measures.map(
                (m) =>
                  html`<li>
                    <a href="/measures/${m.measureId}">${m.title}</a> ·
                    ${badge(m.status, t.measureStatus[m.status])} · ${texts.percent(m.progress)}
                  </li>`,
              )}
            </ul>`
      }
    </section>
    <section aria-labelledby="changes-h">
      <h2 id="changes-h">${t.changes}</h2>
      ${changesTable(changes, lookup, ctx)}
    </section>
  </article>`;
  const crumbs = [
    { href: `/m/${state.municipalityId}`, label: t.overview },
    { href: `/plans/${state.planId}`, label: state.title },
  ];
  return layout(ctx, { title: goal.title, body, crumbs });
}
