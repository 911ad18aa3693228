import type { Meeting } from '@app/domain';
import { html, type Html } from '../html.js';
import { layout } from '../layout.js';
import type { WebContext } from '../web-context.js';
import { csrfField, errorSummary, input, textarea } from './form-fields.js';
import { lines, numberOrText, one, optional, type FormState } from './form-kit.js';

export const HELD_FIELDS = [
  'heldOn',
  'attendance.affected',
  'attendance.involved',
  'attendance.responsible',
  'outcomes',
  'concerns',
  'reason',
] as const;

/** The posted form as the body of POST /api/meetings/:id/held (MeetingHeldDto): one outcome per line. */
export function heldInput(values: FormState['values']) {
  return {
    heldOn: one(values, 'heldOn'),
    attendance: {
      affected: numberOrText(one(values, 'attendance.affected')),
      involved: numberOrText(one(values, 'attendance.involved')),
      responsible: numberOrText(one(values, 'attendance.responsible')),
    },
    outcomes: lines(one(values, 'outcomes')),
    concerns: lines(one(values, 'concerns')),
    reason: optional(one(values, 'reason')),
  };
}

export function heldForm(ctx: WebContext, meeting: Meeting, planTitle: string, form: FormState): Html {
  const { t, texts } = ctx;
  const labels: Record<string, string> = {
    heldOn: t.heldOnLabel,
    'attendance.affected': t.affected,
    'attendance.involved': t.involved,
    'attendance.responsible': t.responsible,
    attendance: t.attendance,
    outcomes: t.outcomesLabel,
    concerns: t.concernsLabel,
    reason: t.reasonLabel,
  };
  const count = (group: 'affected' | 'involved' | 'responsible') =>
    input(form, {
      name: `attendance.${group}`,
      label: t[group],
      type: 'number',
      required: true,
      attrs: { min: '0', step: '1', inputmode: 'numeric' },
    });
  const title = t.recordHeldTitle(meeting.title);
  const body = html`<section class="narrow">
    <h1>${title}</h1>
    <p>
      ${t.meetingKind[meeting.kind] ?? meeting.kind} ·
      ${texts.instant(meeting.scheduledFor)}${meeting.location ? ` · ${meeting.location}` : ''}
    </p>
    ${errorSummary(ctx, form, labels)}
    <form method="post" action="/meetings/${meeting.meetingId}/held" class="form" novalidate>
      ${csrfField(ctx)}
      ${input(form, { name: 'heldOn', label: labels.heldOn!, type: 'date', required: true })}
      <fieldset class="attendance">
        <legend>${t.attendanceLegend}</legend>
        ${count('affected')}${count('involved')}${count('responsible')}
      </fieldset>
      ${textarea(form, { name: 'outcomes', label: labels.outcomes! })}
      ${textarea(form, { name: 'concerns', label: labels.concerns! })}
      ${input(form, { name: 'reason', label: labels.reason! })}
      <p class="form-actions">
        <button type="submit" class="button primary">${t.save}</button>
        <a class="button secondary" href="/plans/${meeting.planId}">${t.cancel}</a>
      </p>
    </form>
  </section>`;
  return layout(ctx, { title, body, crumbs: [{ href: `/plans/${meeting.planId}`, label: planTitle }] });
}
