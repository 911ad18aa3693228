import { Controller, Get, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PLAN_TIME_ZONE } from '@app/domain';
import type { HistoryFilter } from '@app/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { auditCsv, toAuditEntry } from '../queries/audit-export.js';
import { de } from './messages-de.js';
import { auditPage, type AuditFilters } from './pages/audit.page.js';
import { AUDITORS, WebAccess } from './web-access.js';
import { WebAuth } from './web-auth.js';
import { WebErrorFilter } from './web-errors.js';
import { WebReads } from './web-reads.js';
import { sendPage } from './web-reply.js';

const PAGE_SIZE = 50;
const EXPORT_LIMIT = 1_000_000;
const EVENT_TYPES = Object.keys(de.eventType);

/**
 * The audit trail for coordinators and auditors, with the API's filters and its CSV (the API's route wants a
 * bearer token, so the page offers the same export under a cookie session).
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller('plans/:planId')
export class WebAuditController {
  constructor(
    @Inject(WebAuth) private readonly auth: WebAuth,
    @Inject(WebAccess) private readonly access: WebAccess,
    @Inject(WebReads) private readonly reads: WebReads,
  ) {}

  @Get('audit')
  async audit(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.auth.context(request, reply);
    const owner = await this.access.require(ctx, 'plan', planId, AUDITORS);
    const filters = filtersOf(ctx.url.searchParams);
    const reader = this.reads.models.reader;
    const rows = await reader.history(planId, { ...historyFilter(filters), limit: PAGE_SIZE + 1 });
    const entries = rows.slice(0, PAGE_SIZE).map(toAuditEntry);
    const { view, lookup } = await this.reads.memberView(planId, owner);
    const members = (await this.access.members(owner)).map((m) => ({ id: m.id, name: m.display_name }));
    sendPage(
      reply,
      auditPage(ctx, {
        planId,
        municipalityId: owner,
        title: view.plan.title,
        filters,
        entries,
        nextCursor: rows.length > PAGE_SIZE ? String(entries.at(-1)!.position) : undefined,
        verification: await reader.verify(planId),
        lookup,
        members,
        types: EVENT_TYPES,
      }),
    );
  }

  @Get('audit.csv')
  async csv(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.auth.context(request, reply);
    await this.access.require(ctx, 'plan', planId, AUDITORS);
    const filters = { ...filtersOf(ctx.url.searchParams), cursor: undefined };
    const rows = await this.reads.models.reader.history(planId, {
      ...historyFilter(filters),
      limit: EXPORT_LIMIT,
    });
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="audit-${planId}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(auditCsv(rows.map(toAuditEntry)));
  }
}

/** Only well-formed filters count; anything else is shown as "all". */
function filtersOf(query: URLSearchParams): AuditFilters {
  const day = (name: string) => {
    const value = query.get(name) ?? '';
    return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid ? value : '';
  };
  const actor = query.get('actor') ?? '';
  const type = query.get('type') ?? '';
  const cursor = query.get('cursor') ?? '';
  return {
    from: day('from'),
    to: day('to'),
    actor: /^(?:admin|[0-9a-f-]{36})$/i.test(actor) ? actor : '',
    type: EVENT_TYPES.includes(type) ? type : '',
    cursor: /^\d{1,18}$/.test(cursor) ? cursor : undefined,
  };
}

/** Days in the plans' zone: "from" at the start of its day, "to" to the end of its day. */
function historyFilter(filters: AuditFilters): Omit<HistoryFilter, 'limit'> {
  const at = (day: string, edge: 'start' | 'end') => {
    if (!day) return undefined;
    const local = DateTime.fromISO(day, { zone: PLAN_TIME_ZONE });
    return (edge === 'start' ? local.startOf('day') : local.endOf('day')).toJSDate();
  };
  return {
    from: at(filters.from, 'start'),
    to: at(filters.to, 'end'),
    actor: filters.actor || undefined,
    type: filters.type || undefined,
    after: filters.cursor === undefined ? undefined : Number(filters.cursor),
  };
}
