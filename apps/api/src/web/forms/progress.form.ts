import type { Measure } from '@app/domain';
import { html, type Html } from '../html.js';
import { layout } from '../layout.js';
import type { WebContext } from '../web-context.js';
import { csrfField, errorSummary, input, textarea } from './form-fields.js';
import { numberOrText, one, optional, type FormState } from './form-kit.js';

export const PROGRESS_FIELDS = ['percent', 'note', 'reportedOn', 'reason'] as const;

/** The posted form as the body of POST /api/measures/:id/progress (ReportProgressDto). */
export function progressInput(values: FormState['values']) {
  return {
    percent: numberOrText(one(values, 'percent')),
    note: one(values, 'note'),
    reportedOn: optional(one(values, 'reportedOn')),
    reason: optional(one(values, 'reason')),
  };
}

export function progressForm(ctx: WebContext, measure: Measure, planTitle: string, form: FormState): Html {
  const { t, texts } = ctx;
  const labels = {
    percent: t.percentLabel,
    note: t.noteLabel,
    reportedOn: t.reportedOnLabel,
    reason: t.reasonLabel,
  };
  const title = t.reportProgressTitle(measure.title);
  const body = html`<section class="narrow">
    <h1>${title}</h1>
    <p>${t.progress}: ${texts.percent(measure.percent)} · ${t.dueDate} ${texts.day(measure.dueDate)}</p>
    ${errorSummary(ctx, form, labels)}
    <form method="post" action="/measures/${measure.measureId}/progress" class="form" novalidate>
      ${csrfField(ctx)}
      ${input(form, { name: 'percent', label: labels.percent, type: 'number', required: true, attrs: { min: '0', max: '100', step: '1', inputmode: 'numeric' } })}
      ${textarea(form, { name: 'note', label: labels.note, required: true })}
      ${input(form, { name: 'reportedOn', label: labels.reportedOn, type: 'date' })}
      ${input(form, { name: 'reason', label: labels.reason })}
      <p class="form-actions">
        <button type="submit" class="button primary">${t.save}</button>
        <a class="button secondary" href="/measures/${measure.measureId}">${t.cancel}</a>
      </p>
    </form>
  </section>`;
  const crumbs = [
    { href: `/plans/${measure.planId}`, label: planTitle },
    { href: `/measures/${measure.measureId}`, label: measure.title },
  ];
  return layout(ctx, { title, body, crumbs });
}
