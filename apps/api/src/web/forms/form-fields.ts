import { html, type Html } from '../html.js';
import type { WebContext } from '../web-context.js';
import { many, one, type FormState } from './form-kit.js';

/**
 * The fields of the forms: each label tied to its input, the hint and the error message next to the field
 * (aria-describedby, aria-invalid), and a summary above the form that links to each field.
 */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;

/** The attributes that tie an input to its hint and error message. */
function described(form: FormState, name: string, hint?: string): Html {
  const ids = [hint ? `${fieldId(name)}-hint` : '', form.errors[name] ? `${fieldId(name)}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${form.errors[name] ? html` aria-invalid="true"` : ''}`;
}

function messages(form: FormState, name: string, hint?: string): Html {
  return html`${hint ? html`<p class="hint" id="${fieldId(name)}-hint">${hint}</p>` : ''}${
    form.errors[name] ? html`<p class="field-error" id="${fieldId(name)}-error">${form.errors[name]}</p>` : ''
  }`;
}

export interface FieldSpec {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

export function input(
  form: FormState,
  spec: FieldSpec & { type?: string; attrs?: Record<string, string> },
): Html {
  const attrs = Object.entries(spec.attrs ?? {}).map(([k, v]) => html` ${k}="${v}"`);
  return html`<div class="field${form.errors[spec.name] ? ' has-error' : ''}">
    <label for="${fieldId(spec.name)}">${spec.label}</label>${messages(form, spec.name, spec.hint)}
    <input
      type="${spec.type ?? 'text'}"
      id="${fieldId(spec.name)}"
      name="${spec.name}"
      value="${one(form.values, spec.name)}"
      ${spec.required ? html` required` : ''}${attrs}${described(form, spec.name, spec.hint)}
    />
  </div>`;
}

export function textarea(form: FormState, spec: FieldSpec & { rows?: number }): Html {
  const value = form.values[spec.name];
  return html`<div class="field${form.errors[spec.name] ? ' has-error' : ''}">
    <label for="${fieldId(spec.name)}">${spec.label}</label>${messages(form, spec.name, spec.hint)}
    <textarea
      id="${fieldId(spec.name)}"
      name="${spec.name}"
      rows="${spec.rows ?? 4}"
      ${spec.required ? html` required` : ''}${described(form, spec.name, spec.hint)}
    >
${Array.isArray(value) ? value.join('\n') : (value ?? '')}</textarea>
  </div>`;
}

export function select(
  form: FormState,
  spec: FieldSpec & { options: { value: string; label: string }[]; placeholder?: string },
): Html {
  const chosen = one(form.values, spec.name);
  return html`<div class="field${form.errors[spec.name] ? ' has-error' : ''}">
    <label for="${fieldId(spec.name)}">${spec.label}</label>${messages(form, spec.name, spec.hint)}
    <select id="${fieldId(spec.name)}" name="${spec.name}" ${described(form, spec.name, spec.hint)}>
      ${spec.placeholder !== undefined ? html`<option value="">${spec.placeholder}</option>` : ''}${spec.options.map(
        (o) =>
          html`<option value="${o.value}" ${o.value === chosen ? html` selected` : ''}>${o.label}</option>`,
      )}
    </select>
  </div>`;
}

/** Checkboxes (a fieldset with a legend); the error belongs to the group. */
export function checkboxes(
  form: FormState,
  spec: FieldSpec & { options: { value: string; label: string }[] },
): Html {
  const chosen = many(form.values, spec.name);
  return html`<fieldset
    class="field${form.errors[spec.name] ? ' has-error' : ''}"
    id="${fieldId(spec.name)}"
    ${described(form, spec.name, spec.hint)}
  >
    <legend>${spec.label}</legend>
    ${messages(form, spec.name, spec.hint)}
    ${spec.options.map(
      (o, i) =>
        html`<div class="choice">
          <input
            type="checkbox"
            id="${fieldId(spec.name)}-${i}"
            name="${spec.name}"
            value="${o.value}"
            ${chosen.includes(o.value) ? html` checked` : ''}
          /><label for="${fieldId(spec.name)}-${i}">${o.label}</label>
        </div>`,
    )}
  </fieldset>`;
}

/** The errors above the form, each linking to its field (the field itself says it again). */
export function errorSummary(ctx: WebContext, form: FormState, labels: Record<string, string>): Html {
  const fields = Object.entries(form.errors);
  if (fields.length === 0 && !form.refusal) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-h" tabindex="-1">
    <h2 id="error-summary-h">${form.refusal ? ctx.t.refused : ctx.t.errorSummary}</h2>
    ${form.refusal ? html`<p data-refusal>${form.refusal}</p>` : ''}
    ${
      fields.length > 0
        ? html`<ul>
            ${fields.map(([name, message]) => html`<li><a href="#${fieldId(name)}">${labels[name] ?? name}: ${message}</a></li>`)}
          </ul>`
        : ''
    }
  </div>`;
}

export const csrfField = (ctx: WebContext) => html`<input type="hidden" name="_csrf" value="${ctx.csrf}" />`;
