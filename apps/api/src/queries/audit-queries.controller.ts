import { Controller, Get, Header, Inject, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { diffPlanViews, describePlan } from '@app/read-models';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '../http/problem.js';
import { Access } from '../tenancy/access.decorator.js';
import { auditCsv, toAuditEntry } from './audit-export.js';
import { ChangesQueryDto, HistoryQueryDto, ReadOptionsDto } from './query.dto.js';
import { ReadModels } from './read-models.service.js';

const uuid = new ParseUUIDPipe();
const AUDIT = { roles: ['coordinator', 'auditor'], target: 'plan' } as const;
const EXPORT_LIMIT = 1_000_000;

/** The audit trail: history with filters, paging and exports; the integrity check; what changed when. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api')
export class AuditQueriesController {
  constructor(@Inject(ReadModels) private readonly models: ReadModels) {}

  @Get('plans/:planId/history')
  @Access(AUDIT)
  async history(
    @Param('planId', uuid) planId: string,
    @Query() query: HistoryQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.models.catchUp(query.minPosition, reply);
    const filter = {
      from: this.models.instant(query.from, 'from'),
      to: this.models.instant(query.to, 'to'),
      actor: query.actor,
      type: query.type,
      after: query.cursor === undefined ? undefined : Number(query.cursor),
    };
    if (query.format) {
      const entries = (await this.models.reader.history(planId, { ...filter, limit: EXPORT_LIMIT })).map(
        toAuditEntry,
      );
      const name = `audit-${planId}.${query.format}`;
      void reply.header('Content-Disposition', `attachment; filename="${name}"`);
      if (query.format === 'csv') {
        void reply.header('Content-Type', 'text/csv; charset=utf-8');
        return auditCsv(entries);
      }
      return { planId, exportedAt: new Date().toISOString(), events: entries };
    }
    const limit = query.limit ?? 100;
    const rows = await this.models.reader.history(planId, { ...filter, limit: limit + 1 });
    const page = rows.slice(0, limit).map(toAuditEntry);
    const more = rows.length > limit;
    return { items: page, nextCursor: more ? String(page[page.length - 1]!.position) : null };
  }

  @Get('plans/:planId/verify')
  @Access(AUDIT)
  @Header('Cache-Control', 'no-store')
  async verify(@Param('planId', uuid) planId: string) {
    return this.models.reader.verify(planId);
  }

  @Get('plans/:planId/changes')
  @Access(AUDIT)
  async changes(
    @Param('planId', uuid) planId: string,
    @Query() query: ChangesQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.models.catchUp(query.minPosition, reply);
    const from = this.models.instant(query.from, 'from')!;
    const to = this.models.instant(query.to, 'to') ?? new Date();
    if (from > to) throw new ProblemException(400, 'invalid_date_range', 'from must not be after to');
    const before = await this.models.reader.viewAsOf(planId, from);
    const after =
      to.getTime() >= Date.now()
        ? await this.models.reader.view(planId)
        : await this.models.reader.viewAsOf(planId, to);
    if (!after) throw new ProblemException(404, 'not_found', 'plan not found');
    const events = await this.models.reader.history(planId, { from, to, limit: 10_000 });
    return { ...diffPlanViews(before, after, from, to), events: events.length };
  }

  @Get('plans/:planId/goals/:goalId')
  @Access({ roles: ['coordinator', 'contributor', 'auditor', 'viewer'], target: 'plan' })
  async goal(
    @Param('planId', uuid) planId: string,
    @Param('goalId', uuid) goalId: string,
    @Query() query: ReadOptionsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.models.catchUp(query.minPosition, reply);
    const now = new Date();
    const state = describePlan(await this.models.view(planId, undefined), now);
    const goal = state.goals.find((g) => g.id === goalId);
    if (!goal) throw new ProblemException(404, 'not_found', 'goal not found');
    const history = (await this.models.reader.history(planId, { subjectId: goalId, limit: 10_000 })).map(
      toAuditEntry,
    );
    return {
      goal,
      measures: state.measures.filter((m) => m.goalIds.includes(goalId)),
      measurements: history.filter((e) => e.type === 'GoalIndicatorMeasured').map((e) => e.data),
      changes: history,
    };
  }

  @Get('measures/:measureId')
  @Access({ roles: ['coordinator', 'contributor', 'auditor', 'viewer'], target: 'measure' })
  async measure(
    @Param('measureId', uuid) measureId: string,
    @Query() query: ReadOptionsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.models.catchUp(query.minPosition, reply);
    const rows = await this.models.reader.historyOfSubject(measureId);
    if (rows.length === 0) throw new ProblemException(404, 'not_found', 'measure not found');
    const planId = rows[0]!.plan_id;
    const state = describePlan(await this.models.view(planId, undefined), new Date());
    const measure = state.measures.find((m) => m.measureId === measureId);
    const changes = rows.map(toAuditEntry);
    return {
      measure,
      planId,
      progress: changes
        .filter((e) => e.type === 'ProgressReported' || e.type === 'MeasureCompleted')
        .map((e) => ({
          position: e.position,
          recordedAt: e.recordedAt,
          actorId: e.actorId,
          ...(e.type === 'MeasureCompleted'
            ? { percent: 100, note: (e.data as { note?: string }).note }
            : (e.data as object)),
        })),
      changes,
    };
  }
}
