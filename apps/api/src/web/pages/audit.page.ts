import type { PlanVerification } from '@app/projections';
import type { AuditEntry } from '../../queries/audit-export.js';
import { html, queryString, type Html } from '../html.js';
import { layout } from '../layout.js';
import { changesTable, type Lookup } from '../page-parts.js';
import type { WebContext } from '../web-context.js';

export interface AuditFilters {
  from: string;
  to: string;
  actor: string;
  type: string;
  cursor?: string;
}

export interface AuditPageInput {
  planId: string;
  municipalityId: string;
  title: string;
  filters: AuditFilters;
  entries: AuditEntry[];
  nextCursor?: string;
  verification: PlanVerification;
  lookup: Lookup;
  members: { id: string; name: string }[];
  types: string[];
}

/** The audit trail: filters (date range, actor, type), paging, CSV download and the integrity check. */
export function auditPage(ctx: WebContext, input: AuditPageInput): Html {
  const { t } = ctx;
  const { planId, filters, verification: v } = input;
  const title = t.auditTitle(input.title);
  const kept = { from: filters.from, to: filters.to, actor: filters.actor, type: filters.type };
  const option = (value: string, label: string, selected: string) =>
    html`<option value="${value}" ${value === selected ? html` selected` : ''}>${label}</option>`;
  const body = html`<h1>${title}</h1>
    <section
      aria-labelledby="integrity-h"
      class="integrity ${v.ok ? 'ok' : 'broken'}"
      data-integrity="${v.ok ? 'ok' : 'broken'}"
    >
      <h2 id="integrity-h">${t.integrity}</h2>
      <p>
        ${
          v.ok
            ? t.integrityOk(v.checkedEvents, v.streams)
            : t.integrityBroken(v.firstBrokenAt?.position ?? '?', v.firstBrokenAt?.reason ?? '?')
        }
      </p>
    </section>
    <form method="get" action="/plans/${planId}/audit" class="filters" aria-labelledby="filters-h">
      <h2 id="filters-h">${t.filters}</h2>
      <div class="filter-grid">
        <div class="field">
          <label for="f-from">${t.from}</label
          ><input type="date" id="f-from" name="from" value="${filters.from}" />
        </div>
        <div class="field">
          <label for="f-to">${t.to}</label><input type="date" id="f-to" name="to" value="${filters.to}" />
        </div>
        <div class="field">
          <label for="f-actor">${t.actor}</label
          ><select id="f-actor" name="actor">
            ${option('', t.all, filters.actor)}${input.members.map((m) => option(m.id, m.name, filters.actor))}${option('admin', t.administration, filters.actor)}
          </select>
        </div>
        <div class="field">
          <label for="f-type">${t.eventTypeLabel}</label
          ><select id="f-type" name="type">
            ${option('', t.all, filters.type)}${input.types.map((type) => option(type, t.eventType[type] ?? type, filters.type))}
          </select>
        </div>
      </div>
      <p class="form-actions">
        <button type="submit" class="button primary">${t.apply}</button>
        <a class="button secondary" href="/plans/${planId}/audit">${t.reset}</a>
        <a class="button secondary" href="/plans/${planId}/audit.csv${queryString(kept)}" download
          >${t.downloadCsv}</a
        >
      </p>
    </form>
    <section aria-labelledby="trail-h">
      <h2 id="trail-h">${t.audit}</h2>
      <p class="muted" role="status">${t.entriesShown(input.entries.length)}</p>
      ${
        input.entries.length === 0
          ? html`<p>${t.noEntries}</p>`
          : changesTable(input.entries, input.lookup, ctx, { subject: true, planId, hash: true })
      }
      <nav aria-label="${t.audit}" class="pager">
        ${filters.cursor ? html`<a href="/plans/${planId}/audit${queryString(kept)}">${t.firstPage}</a>` : ''}
        ${input.nextCursor ? html`<a href="/plans/${planId}/audit${queryString({ ...kept, cursor: input.nextCursor })}" rel="next">${t.nextPage}</a>` : ''}
      </nav>
    </section>`;
  const crumbs = [
    { href: `/m/${input.municipalityId}`, label: t.overview },
    { href: `/plans/${planId}`, label: input.title },
  ];
  return layout(ctx, { title, body, crumbs });
}
