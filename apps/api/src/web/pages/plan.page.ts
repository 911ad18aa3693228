import { html, type Html } from '../html.js';
import { layout, savedNotice } from '../layout.js';
import { badge } from '../page-parts.js';
import { AUDITORS, COORDINATORS } from '../web-access.js';
import type { WebContext } from '../web-context.js';
import type { DashboardData } from '../web-reads.js';
import { chartsSection, figuresSection, themeFieldsSection } from './plan-figures.js';
import { deadlinesSection, goalsSection, measuresSection, decisionsSection } from './plan-lists.js';
import { meetingsSection } from './plan-meetings.js';

/** The plan dashboard: figures, theme fields, charts, deadlines, goals, measures and meetings, as of a moment. */
export function planPage(ctx: WebContext, data: DashboardData): Html {
  const { t, texts } = ctx;
  const { plan } = data.view;
  const body = html`<article class="dashboard">
    <header class="page-head">
      <h1>${plan.title} ${badge(plan.status, t.planStatus[plan.status])}</h1>
      <p class="vision"><strong>${t.vision}:</strong> ${plan.vision}</p>
      <p class="horizon">
        <strong>${t.horizon}:</strong> ${texts.day(plan.horizonStart)} – ${texts.day(plan.horizonEnd)} ·
        <strong>${t.lastActivity}:</strong> ${texts.instant(data.view.lastActivityAt)}
      </p>
      ${actions(ctx, data)}
    </header>
    ${asOfForm(ctx, data.asOf, plan.planId)}
    ${data.asOf.instant ? html`<p class="notice as-of-notice" role="status">${t.asOfNotice(texts.instant(data.at))}</p>` : ''}
    ${data.member ? '' : html`<p class="public-notice">${t.publicNotice}</p>`} ${figuresSection(ctx, data)}
    ${themeFieldsSection(ctx, data)} ${deadlinesSection(ctx, data)} ${chartsSection(ctx, data)}
    ${goalsSection(ctx, data)} ${measuresSection(ctx, data)} ${meetingsSection(ctx, data)}
    ${decisionsSection(ctx, data)}
  </article>`;
  const crumbs =
    ctx.member && data.member ? [{ href: `/m/${ctx.member.municipalityId}`, label: t.overview }] : [];
  return layout(ctx, { title: plan.title, body, crumbs, notice: savedNotice(ctx) });
}

function actions(ctx: WebContext, data: DashboardData): Html {
  const { t } = ctx;
  const role = data.member ? ctx.member?.role : undefined;
  const planId = data.view.plan.planId;
  const live = !data.asOf.instant;
  return html`<ul class="actions">
    ${role && AUDITORS.includes(role) ? html`<li><a class="button" href="/plans/${planId}/audit">${t.audit}</a></li>` : ''}
    ${role && live && COORDINATORS.includes(role) ? html`<li><a class="button" href="/plans/${planId}/measures/new">${t.planMeasure}</a></li>` : ''}
    <li><button type="button" class="button print-button" data-action="print" hidden>${t.print}</button></li>
  </ul>`;
}

/** A GET form: the same page as it was at the chosen day (and time), in the plans' zone. */
export function asOfForm(ctx: WebContext, asOf: DashboardData['asOf'], planId: string): Html {
  const { t } = ctx;
  return html`<form
    method="get"
    action="/plans/${planId}"
    class="as-of-form"
    role="search"
    aria-label="${t.asOfLegend}"
  >
    <fieldset>
      <legend>${t.asOfLegend}</legend>
      <div class="field-inline">
        <label for="as-of-date">${t.asOfDate}</label>
        <input
          type="date"
          id="as-of-date"
          name="date"
          value="${asOf.date}"
          ${asOf.invalid ? html` aria-invalid="true" aria-describedby="as-of-error"` : ''}
        />
      </div>
      <div class="field-inline">
        <label for="as-of-time">${t.asOfTime}</label>
        <input type="time" id="as-of-time" name="time" step="1" value="${asOf.time}" />
      </div>
      <button type="submit" class="button">${t.asOfShow}</button>
      ${asOf.instant || asOf.invalid ? html`<a href="/plans/${planId}" class="button secondary">${t.asOfNow}</a>` : ''}
      ${asOf.invalid ? html`<p id="as-of-error" class="field-error">${t.asOfInvalid}</p>` : ''}
    </fieldset>
  </form>`;
}
