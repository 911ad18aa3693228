import type { computeDashboard, PlanView } from '@app/read-models';
import { html, type Html } from '../html.js';
import { layout } from '../layout.js';
import { badge, figure, meter } from '../page-parts.js';
import type { WebContext } from '../web-context.js';

export interface OverviewRow {
  view: PlanView;
  dashboard: ReturnType<typeof computeDashboard>;
}

/** The municipality's plans with status, progress and last activity. */
export function overviewPage(ctx: WebContext, municipality: string, plans: OverviewRow[]): Html {
  const { t, texts } = ctx;
  const title = t.overviewTitle(municipality);
  const body = html`<h1>${title}</h1>
    ${
      plans.length === 0
        ? html`<p>${t.noPlans}</p>`
        : html`<table class="plans">
            <thead>
              <tr>
                <th scope="col">${t.plan}</th>
                <th scope="col">${t.status}</th>
                <th scope="col">${t.horizon}</th>
                <th scope="col">${t.progress}</th>
                <th scope="col">${t.measures}</th>
                <th scope="col">${t.lastActivity}</th>
              </tr>
            </thead>
            <tbody>
              ${plans.map(
                ({ view, dashboard: d }) =>
                  html`<tr data-plan="${d.planId}">
                    <th scope="row"><a href="/plans/${d.planId}">${d.title}</a></th>
                    <td>${badge(d.status, t.planStatus[d.status])}</td>
                    <td>${texts.day(view.plan.horizonStart)} – ${texts.day(view.plan.horizonEnd)}</td>
                    <td class="bar-cell">
                      ${meter(d.progress)} ${figure('progress', d.progress, texts.percent(d.progress))}
                    </td>
                    <td>
                      ${d.measures.total}${d.measures.overdue > 0 ? html` · ${badge('overdue', `${d.measures.overdue} ${t.overdue}`)}` : ''}
                    </td>
                    <td>${texts.instant(d.lastActivityAt)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
  return layout(ctx, { title, body });
}
