import type { Plan } from '@app/domain';
import { html, type Html } from '../html.js';
import { layout } from '../layout.js';
import type { WebContext } from '../web-context.js';
import { checkboxes, csrfField, errorSummary, fieldId, input, select } from './form-fields.js';
import { many, numberOrText, one, optional, type FormState } from './form-kit.js';

export const PLAN_MEASURE_FIELDS = [
  'title',
  'goalIds',
  'responsible',
  'office',
  'partnerId',
  'memberId',
  'startDate',
  'dueDate',
  'budget',
  'weight',
  'reason',
] as const;

/** The DTO's nested names, shown at the form's own fields. */
export const RESPONSIBLE_FIELDS: Record<string, string> = {
  'responsible.office': 'office',
  'responsible.partnerId': 'partnerId',
  'responsible.memberId': 'memberId',
};

/** The posted form as the body of POST /api/plans/:planId/measures (PlanMeasureDto). */
export function planMeasureInput(values: FormState['values'], lang: 'de' | 'en') {
  const kind = one(values, 'responsibleKind');
  const responsible =
    kind === 'office'
      ? { office: one(values, 'office') }
      : kind === 'partner'
        ? { partnerId: optional(one(values, 'partnerId')) ?? '' }
        : kind === 'member'
          ? { memberId: optional(one(values, 'memberId')) ?? '' }
          : {};
  return {
    title: one(values, 'title'),
    goalIds: many(values, 'goalIds'),
    responsible,
    startDate: one(values, 'startDate'),
    dueDate: one(values, 'dueDate'),
    budget: numberOrText(one(values, 'budget'), lang),
    weight: numberOrText(one(values, 'weight'), lang),
    reason: optional(one(values, 'reason')),
  };
}

export function planMeasureForm(
  ctx: WebContext,
  plan: Plan,
  members: { id: string; name: string }[],
  form: FormState,
): Html {
  const { t } = ctx;
  const labels: Record<string, string> = {
    title: t.measureTitleLabel,
    goalIds: t.goalsLabel,
    responsible: t.responsibleLegend,
    office: t.officeLabel,
    partnerId: t.partnerLabel,
    memberId: t.memberLabel,
    startDate: t.startDateLabel,
    dueDate: t.dueDateLabel,
    budget: t.budgetLabel,
    weight: t.weightLabel,
    reason: t.reasonLabel,
  };
  const fields = new Map(plan.themeFields.map((f) => [f.key, f.name]));
  const goals = plan.goals
    .filter((g) => g.status === 'defined' || g.status === 'revised')
    .map((g) => ({ value: g.id, label: `${g.title} (${fields.get(g.themeField) ?? g.themeField})` }));
  const kind = one(form.values, 'responsibleKind');
  const radio = (value: string, label: string) =>
    html`<div class="choice">
      <input
        type="radio"
        id="${fieldId(`kind-${value}`)}"
        name="responsibleKind"
        value="${value}"
        ${kind === value ? html` checked` : ''}
      /><label for="${fieldId(`kind-${value}`)}">${label}</label>
    </div>`;
  const body = html`<section class="narrow">
    <h1>${t.planMeasureTitle}</h1>
    ${errorSummary(ctx, form, labels)}
    <form method="post" action="/plans/${plan.planId}/measures" class="form" novalidate>
      ${csrfField(ctx)} ${input(form, { name: 'title', label: labels.title!, required: true })}
      ${checkboxes(form, { name: 'goalIds', label: labels.goalIds!, options: goals, required: true })}
      <fieldset
        class="field${form.errors.responsible ? ' has-error' : ''}"
        id="${fieldId('responsible')}"
        ${form.errors.responsible ? html` aria-describedby="${fieldId('responsible')}-error"` : ''}
      >
        <legend>${labels.responsible}</legend>
        ${form.errors.responsible ? html`<p class="field-error" id="${fieldId('responsible')}-error">${form.errors.responsible}</p>` : ''}
        ${radio('office', t.responsibleOffice)} ${input(form, { name: 'office', label: labels.office! })}
        ${radio('partner', t.responsiblePartner)}
        ${select(form, { name: 'partnerId', label: labels.partnerId!, placeholder: t.choose, options: plan.partners.map((p) => ({ value: p.id, label: p.name })) })}
        ${radio('member', t.responsibleMember)}
        ${select(form, { name: 'memberId', label: labels.memberId!, placeholder: t.choose, options: members.map((m) => ({ value: m.id, label: m.name })) })}
      </fieldset>
      <div class="two-columns">
        ${input(form, { name: 'startDate', label: labels.startDate!, type: 'date', required: true })}
        ${input(form, { name: 'dueDate', label: labels.dueDate!, type: 'date', required: true })}
      </div>
      <div class="two-columns">
        ${input(form, { name: 'budget', label: labels.budget!, attrs: { inputmode: 'decimal' } })}
        ${input(form, { name: 'weight', label: labels.weight!, attrs: { inputmode: 'decimal' } })}
      </div>
      ${input(form, { name: 'reason', label: labels.reason! })}
      <p class="form-actions">
        <button type="submit" class="button primary">${t.save}</button>
        <a class="button secondary" href="/plans/${plan.planId}">${t.cancel}</a>
      </p>
    </form>
  </section>`;
  return layout(ctx, {
    title: t.planMeasureTitle,
    body,
    crumbs: [{ href: `/plans/${plan.planId}`, label: plan.title }],
  });
}
