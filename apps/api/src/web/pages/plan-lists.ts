import { dayOf } from '@app/domain';
import { html, type Html } from '../html.js';
import { badge, meter, responsibleText } from '../page-parts.js';
import { WORKERS } from '../web-access.js';
import type { WebContext } from '../web-context.js';
import type { DashboardData } from '../web-reads.js';

type MeasureRow = DashboardData['state']['measures'][number];

const STATUS_ORDER = ['blocked', 'started', 'planned', 'completed', 'cancelled'];

/** Links to member pages and forms only for signed-in members, and forms only on the current state. */
export function canWork(ctx: WebContext, data: DashboardData): boolean {
  return data.member && !data.asOf.instant && !!ctx.member && WORKERS.includes(ctx.member.role);
}

function measureTitle(data: DashboardData, m: MeasureRow): Html | string {
  return data.member ? html`<a href="/measures/${m.measureId}">${m.title}</a>` : m.title;
}

export function deadlinesSection(ctx: WebContext, data: DashboardData): Html {
  const { t, texts } = ctx;
  const today = dayOf(data.at);
  const overdue = data.state.measures.filter((m) => m.overdue);
  const next = data.state.measures
    .filter((m) => !m.overdue && ['planned', 'started', 'blocked'].includes(m.status) && m.dueDate >= today)
    .slice(0, 5);
  const list = (rows: MeasureRow[], empty: string, id: string) =>
    rows.length === 0
      ? html`<p>${empty}</p>`
      : html`<ul class="deadline-list" id="${id}">
          ${rows.map(
            (m) =>
              html`<li>
                ${measureTitle(data, m)} · ${t.due} ${texts.day(m.dueDate)} ·
                ${badge(m.status, t.measureStatus[m.status])}
              </li>`,
          )}
        </ul>`;
  return html`<section class="deadlines" aria-labelledby="deadlines-h">
    <h2 id="deadlines-h">${t.overdueMeasures} · ${t.nextDeadlines}</h2>
    <div class="two-columns">
      <div>
        <h3>${t.overdueMeasures}</h3>
        ${list(overdue, t.noneOverdue, 'overdue-list')}
      </div>
      <div>
        <h3>${t.nextDeadlines}</h3>
        ${list(next, t.noDeadlines, 'next-deadlines')}
      </div>
    </div>
  </section>`;
}

export function goalsSection(ctx: WebContext, data: DashboardData): Html {
  const { t, texts } = ctx;
  return html`<section aria-labelledby="goals-h">
    <h2 id="goals-h">${t.goalsByThemeField}</h2>
    ${data.view.plan.themeFields.map((field) => {
      const goals = data.state.goals.filter((g) => g.themeField === field.key);
      if (goals.length === 0) return '';
      return html`<h3>${field.name}</h3>
        <table class="goals">
          <thead>
            <tr>
              <th scope="col">${t.title}</th>
              <th scope="col">${t.status}</th>
              <th scope="col">${t.target}</th>
              <th scope="col">${t.targetDate}</th>
              <th scope="col">${t.progress}</th>
            </tr>
          </thead>
          <tbody>
            ${goals.map(
              (g) =>
                html`<tr>
                  <th scope="row">
                    ${data.member ? html`<a href="/plans/${data.view.plan.planId}/goals/${g.id}">${g.title}</a>` : g.title}
                  </th>
                  <td>${badge(g.status, t.goalStatus[g.status])}</td>
                  <td>${g.target !== undefined ? `${texts.num(g.target)} ${g.unit ?? ''}` : '–'}</td>
                  <td>${texts.day(g.targetDate)}</td>
                  <td class="bar-cell">
                    ${g.progress === null ? '–' : html`${meter(g.progress)} ${texts.percent(g.progress)}`}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>`;
    })}
  </section>`;
}

export function measuresSection(ctx: WebContext, data: DashboardData): Html {
  const { t, texts } = ctx;
  const rows = [...data.state.measures].sort(
    (a, b) =>
      STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.dueDate.localeCompare(b.dueDate),
  );
  const work = canWork(ctx, data);
  return html`<section aria-labelledby="measures-h">
    <h2 id="measures-h">${t.measuresByStatus}</h2>
    <table class="measures">
      <thead>
        <tr>
          <th scope="col">${t.title}</th>
          <th scope="col">${t.status}</th>
          <th scope="col">${t.responsibleParty}</th>
          <th scope="col">${t.dueDate}</th>
          <th scope="col">${t.progress}</th>
          ${work ? html`<th scope="col"><span class="visually-hidden">${t.reportProgress}</span></th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (m) =>
            html`<tr data-measure="${m.measureId}">
              <th scope="row">${measureTitle(data, m)}</th>
              <td>
                ${badge(m.status, t.measureStatus[m.status])}${m.overdue ? html` ${badge('overdue', t.overdue)}` : ''}
              </td>
              <td>${responsibleText(m.responsible, data.lookup, ctx)}</td>
              <td>${texts.day(m.dueDate)}</td>
              <td class="bar-cell">
                ${m.progress === null ? '–' : html`${meter(m.progress)} ${texts.percent(m.progress)}`}
              </td>
              ${work ? html`<td class="action">${m.status === 'started' ? html`<a href="/measures/${m.measureId}/progress">${t.reportProgress}<span class="visually-hidden"> – ${m.title}</span></a>` : ''}</td>` : ''}
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

export function decisionsSection(ctx: WebContext, data: DashboardData): Html {
  const { t, texts } = ctx;
  const { decisions, partners } = data.view.plan;
  return html`<section aria-labelledby="decisions-h" class="two-columns">
    <div>
      <h2 id="decisions-h">${t.decisions}</h2>
      ${
        decisions.length === 0
          ? html`<p>–</p>`
          : html`<ul>
              ${decisions.map(
                (d) =>
                  html`<li>
                    <strong>${t.decisionKind[d.kind] ?? d.kind}</strong>: ${d.subject} (${d.body},
                    ${d.reference}, ${texts.day(d.decidedOn)})
                  </li>`,
              )}
            </ul>`
      }
    </div>
    <div>
      <h2>${t.partners}</h2>
      ${
        partners.length === 0
          ? html`<p>–</p>`
          : html`<ul>
              ${partners.map((p) => html`<li>${p.name} (${t.partnerKind[p.kind] ?? p.kind})</li>`)}
            </ul>`
      }
    </div>
  </section>`;
}
