import type { describePlan } from '@app/read-models';
import type { AuditEntry } from '../../queries/audit-export.js';
import { lineChart } from '../charts.js';
import { html, type Html } from '../html.js';
import { layout, savedNotice } from '../layout.js';
import { actorName, badge, changesTable, meter, responsibleText, type Lookup } from '../page-parts.js';
import { WORKERS } from '../web-access.js';
import type { WebContext } from '../web-context.js';

type State = ReturnType<typeof describePlan>;

/** A measure: its facts, its progress reports over time and every change with who, when and why. */
export function measurePage(
  ctx: WebContext,
  input: { state: State; measure: State['measures'][number]; changes: AuditEntry[]; lookup: Lookup },
): Html {
  const { t, texts } = ctx;
  const { state, measure, changes, lookup } = input;
  const reports = changes
    .filter((e) => e.type === 'ProgressReported' || e.type === 'MeasureCompleted')
    .map((e) => {
      const data = e.data as { percent?: number; note?: string; reportedOn?: string };
      return {
        entry: e,
        percent: e.type === 'MeasureCompleted' ? 100 : (data.percent ?? 0),
        note: data.note,
        day: data.reportedOn ?? e.recordedAt.slice(0, 10),
      };
    });
  const canReport = !!ctx.member && WORKERS.includes(ctx.member.role) && measure.status === 'started';
  const body = html`<article>
    <h1>
      ${measure.title}
      ${badge(measure.status, t.measureStatus[measure.status])}${measure.overdue ? html` ${badge('overdue', t.overdue)}` : ''}
    </h1>
    ${canReport ? html`<p class="actions"><a class="button primary" href="/measures/${measure.measureId}/progress">${t.reportProgress}</a></p>` : ''}
    <dl class="facts">
      <dt>${t.responsibleParty}</dt>
      <dd>${responsibleText(measure.responsible, lookup, ctx)}</dd>
      <dt>${t.servesGoals}</dt>
      <dd>
        ${measure.goalIds.map((id, i) => html`${i > 0 ? ', ' : ''}<a href="/plans/${state.planId}/goals/${id}">${lookup.titles.get(id) ?? id}</a>`)}
      </dd>
      <dt>${t.startDate}</dt>
      <dd>${texts.day(measure.startDate)}</dd>
      ${
        measure.startedOn
          ? html`<dt>${t.startedOn}</dt>
              <dd>${texts.day(measure.startedOn)}</dd>`
          : ''
      }
      <dt>${t.dueDate}</dt>
      <dd>${texts.day(measure.dueDate)}</dd>
      <dt>${t.budget}</dt>
      <dd>${texts.euros(measure.budget)}</dd>
      <dt>${t.weight}</dt>
      <dd>${texts.num(measure.weight)}</dd>
      ${
        measure.blockedReason
          ? html`<dt>${t.blockedReason}</dt>
              <dd>${measure.blockedReason}</dd>`
          : ''
      }
      <dt>${t.progress}</dt>
      <dd class="bar-cell">
        ${meter(measure.progress)}
        <data value="${measure.progress ?? ''}" data-figure="measure.progress"
          >${texts.percent(measure.progress)}</data
        >
      </dd>
    </dl>
    <section aria-labelledby="reports-h">
      <h2 id="reports-h">${t.progressHistory}</h2>
      ${
        reports.length === 0
          ? html`<p>${t.noReports}</p>`
          : html`<figure class="chart-figure">
                ${lineChart({
                  id: 'chart-measure',
                  title: t.progressChart,
                  description: reports
                    .map((r) => `${texts.day(r.day)}: ${texts.percent(r.percent)}`)
                    .join('; '),
                  series: [
                    {
                      name: measure.title,
                      strong: true,
                      points: [...reports]
                        .sort((a, b) => a.day.localeCompare(b.day))
                        .map((r) => ({ day: r.day, value: r.percent })),
                    },
                  ],
                  dayLabel: (d) => texts.day(d),
                  valueLabel: (v) => texts.percent(v),
                })}
                <figcaption>${t.progressChart}</figcaption>
              </figure>
              <table class="reports">
                <thead>
                  <tr>
                    <th scope="col">${t.reportedOn}</th>
                    <th scope="col">${t.percent}</th>
                    <th scope="col">${t.note}</th>
                    <th scope="col">${t.who}</th>
                    <th scope="col">${t.recordedAt}</th>
                    <th scope="col">${t.why}</th>
                  </tr>
                </thead>
                <tbody>
                  ${reports.map(
                    (r) =>
                      html`<tr>
                        <th scope="row">${texts.day(r.day)}</th>
                        <td>${texts.percent(r.percent)}</td>
                        <td>${r.note ?? '–'}</td>
                        <td>${actorName(r.entry.actorId, lookup, ctx)}</td>
                        <td>${texts.instant(r.entry.recordedAt)}</td>
                        <td>${r.entry.reason ?? '–'}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
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
  return layout(ctx, { title: measure.title, body, crumbs, notice: savedNotice(ctx) });
}
