import type { PlanView } from '@app/read-models';
import type { AuditEntry } from '../queries/audit-export.js';
import { html, type Html, type HtmlPart } from './html.js';
import type { WebContext } from './web-context.js';

/**
 * What a page may show about people: display names only for signed-in members of the plan's municipality
 * (`names` set); the public sees "a member of the municipality" instead.
 */
export interface Lookup {
  names?: Map<string, string>;
  /** goal, measure, meeting, decision and partner ids → their titles */
  titles: Map<string, string>;
  themeFields: Map<string, string>;
}

export function lookupOf(view: PlanView, names?: Map<string, string>): Lookup {
  const titles = new Map<string, string>();
  for (const goal of view.plan.goals) titles.set(goal.id, goal.title);
  for (const partner of view.plan.partners) titles.set(partner.id, partner.name);
  for (const decision of view.plan.decisions) titles.set(decision.id, decision.subject);
  for (const measure of Object.values(view.measures)) titles.set(measure.measureId, measure.title);
  for (const meeting of Object.values(view.meetings)) titles.set(meeting.meetingId, meeting.title);
  const themeFields = new Map(view.plan.themeFields.map((f) => [f.key, f.name]));
  return { names, titles, themeFields };
}

export function actorName(actorId: string | null | undefined, lookup: Lookup, ctx: WebContext): string {
  if (!actorId) return '–';
  if (actorId === 'admin') return ctx.t.administration;
  if (!lookup.names) return ctx.t.memberOfStaff;
  return lookup.names.get(actorId) ?? ctx.t.unknownMember;
}

export function responsibleText(
  responsible: { memberId?: string; partnerId?: string; office?: string },
  lookup: Lookup,
  ctx: WebContext,
): string {
  if (responsible.office) return responsible.office;
  if (responsible.partnerId) return lookup.titles.get(responsible.partnerId) ?? '–';
  return actorName(responsible.memberId, lookup, ctx);
}

export const badge = (status: string, label: string | undefined) =>
  html`<span class="badge badge-${status}">${label ?? status}</span>`;

/** A progress bar (decorative: the number beside it says the same). */
export const meter = (value: number | null | undefined) =>
  html`<svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <rect width="100" height="8" class="track" />
    <rect width="${Math.max(0, Math.min(100, value ?? 0))}" height="8" class="fill" />
  </svg>`;

/** A figure with its machine-readable value, e.g. `<data value="55.7" data-figure="progress">55,7 %</data>`. */
export const figure = (key: string, value: number, text: string) =>
  html`<data value="${value}" data-figure="${key}">${text}</data>`;

export function dataTable(ctx: WebContext, headers: string[], rows: HtmlPart[][]): Html {
  return html`<details class="chart-data">
    <summary>${ctx.t.showData}</summary>
    <table>
      <thead>
        <tr>
          ${headers.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              ${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td>${c}</td>`))}
            </tr>`,
        )}
      </tbody>
    </table>
  </details>`;
}

const HIDDEN_KEYS = new Set([
  'municipalityId',
  'planId',
  'goalId',
  'measureId',
  'meetingId',
  'decisionId',
  'partnerId',
  'reminderId',
  'reason',
  'planStatus',
]);

/** The event's payload as "label: value" pairs, ids replaced by titles and member ids by names. */
export function eventSummary(entry: AuditEntry, lookup: Lookup, ctx: WebContext): Html {
  const { t } = ctx;
  const data = (entry.data ?? {}) as Record<string, unknown>;
  const parts = Object.entries(data)
    .filter(([key, value]) => !HIDDEN_KEYS.has(key) && value !== undefined && value !== null)
    .map(([key, value]) => {
      const label = t.fields[key] ?? key;
      return html`<span class="kv"
        ><span class="k">${label}:</span> ${valueText(key, value, lookup, ctx)}</span
      >`;
    });
  return html`${parts}`;
}

function valueText(key: string, value: unknown, lookup: Lookup, ctx: WebContext): string {
  const { t, texts } = ctx;
  if (key === 'percent' && typeof value === 'number') return texts.percent(value);
  if (key === 'budget' && typeof value === 'number') return texts.euros(value);
  if (typeof value === 'number') return texts.num(value);
  if (key === 'scheduledFor' && typeof value === 'string') return texts.instant(value);
  if (/(On|Date|Start|End)$/.test(key) && typeof value === 'string') return texts.day(value);
  if (key === 'kind' && typeof value === 'string')
    return t.meetingKind[value] ?? t.decisionKind[value] ?? t.partnerKind[value] ?? value;
  if (key === 'themeField' && typeof value === 'string') return lookup.themeFields.get(value) ?? value;
  if (key === 'goalIds' && Array.isArray(value))
    return value.map((id) => lookup.titles.get(String(id)) ?? String(id)).join('; ');
  if (key === 'themeFields' && Array.isArray(value))
    return value.map((k) => lookup.themeFields.get(String(k)) ?? String(k)).join(', ');
  if (key === 'responsible' && typeof value === 'object')
    return responsibleText(value as Record<string, string>, lookup, ctx);
  if (key === 'attendance' && typeof value === 'object') {
    const a = value as Record<string, number>;
    return `${t.affected} ${a.affected ?? 0}, ${t.involved} ${a.involved ?? 0}, ${t.responsible} ${a.responsible ?? 0}`;
  }
  if (Array.isArray(value)) return value.map(String).join('; ');
  if (typeof value === 'string') return value.length > 300 ? `${value.slice(0, 299)}…` : value;
  return JSON.stringify(value);
}

/** Every change with who, when and why: the history table of goal, measure and audit pages. */
export function changesTable(
  entries: readonly AuditEntry[],
  lookup: Lookup,
  ctx: WebContext,
  options: { subject?: boolean; planId?: string; hash?: boolean } = {},
): Html {
  const { t, texts } = ctx;
  return html`<table class="changes">
    <thead>
      <tr>
        <th scope="col">${t.position}</th>
        <th scope="col">${t.when}</th>
        <th scope="col">${t.what}</th>
        ${options.subject ? html`<th scope="col">${t.subject}</th>` : ''}
        <th scope="col">${t.details}</th>
        <th scope="col">${t.who}</th>
        <th scope="col">${t.why}</th>
        ${options.hash ? html`<th scope="col">${t.hash}</th>` : ''}
      </tr>
    </thead>
    <tbody>
      ${entries.map(
        (e) =>
          html`<tr data-event-type="${e.type}">
            <td>${e.position}</td>
            <td>
              ${
                options.planId
                  ? html`<a
                      href="/plans/${options.planId}?at=${encodeURIComponent(e.recordedAt)}"
                      title="${t.asOfThis}"
                      >${texts.instant(e.recordedAt)}</a
                    >`
                  : texts.instant(e.recordedAt)
              }
            </td>
            <td>${t.eventType[e.type] ?? e.type}</td>
            ${options.subject ? html`<td>${e.subjectId ? (lookup.titles.get(e.subjectId) ?? '–') : '–'}</td>` : ''}
            <td class="summary">${eventSummary(e, lookup, ctx)}</td>
            <td>
              ${actorName(e.actorId, lookup, ctx)}${e.actorRole ? html` <span class="role">(${t.role[e.actorRole] ?? e.actorRole})</span>` : ''}
            </td>
            <td>${e.reason ?? '–'}</td>
            ${options.hash ? html`<td><code title="${e.hash}">${e.hash.slice(0, 12)}…</code></td>` : ''}
          </tr>`,
      )}
    </tbody>
  </table>`;
}
