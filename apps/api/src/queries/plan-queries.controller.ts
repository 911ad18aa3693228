import { Controller, Get, Inject, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { attendancePerMonth, computeDashboard, describePlan } from '@app/read-models';
import type { FastifyReply } from 'fastify';
import { ProblemException } from '../http/problem.js';
import { Access, type RequestWithCaller } from '../tenancy/access.decorator.js';
import { AsOfQueryDto, ReadOptionsDto } from './query.dto.js';
import { ReadModels } from './read-models.service.js';

const uuid = new ParseUUIDPipe();
const MEMBERS = ['coordinator', 'contributor', 'auditor', 'viewer'] as const;

/** Plans, dashboards and chart data; any member of the municipality may read them. */
@ApiTags('queries')
@ApiBearerAuth()
@Controller('api')
export class PlanQueriesController {
  constructor(@Inject(ReadModels) private readonly models: ReadModels) {}

  @Get('municipalities/:municipalityId/plans')
  @Access({ roles: MEMBERS, target: 'municipality' })
  async plans(
    @Param('municipalityId', uuid) municipalityId: string,
    @Query() query: ReadOptionsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.models.catchUp(query.minPosition, reply);
    const now = new Date();
    return (await this.models.reader.plans(municipalityId)).map((view) => {
      const d = computeDashboard(view, now);
      return {
        planId: d.planId,
        title: d.title,
        status: d.status,
        progress: d.progress,
        horizonStart: view.plan.horizonStart,
        horizonEnd: view.plan.horizonEnd,
        goals: d.goals,
        measures: d.measures,
        lastActivityAt: d.lastActivityAt,
        position: d.position,
      };
    });
  }

  @Get('municipalities/:municipalityId/dashboard')
  @Access({ roles: MEMBERS, target: 'municipality' })
  async municipalityDashboard(
    @Param('municipalityId', uuid) municipalityId: string,
    @Query() query: ReadOptionsDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.models.catchUp(query.minPosition, reply);
    const now = new Date();
    return {
      municipalityId,
      asOf: now.toISOString(),
      plans: (await this.models.reader.plans(municipalityId)).map((v) => computeDashboard(v, now)),
    };
  }

  @Get('plans/:planId')
  @Access({ roles: MEMBERS, target: 'plan' })
  async plan(
    @Param('planId', uuid) planId: string,
    @Query() query: AsOfQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.models.catchUp(query.minPosition, reply);
    const asOf = this.models.instant(query.asOf, 'asOf');
    return describePlan(await this.models.view(planId, asOf), asOf ?? new Date());
  }

  /** Members, and anyone once the plan is adopted (public): the figures hold no personal data. */
  @Get('plans/:planId/dashboard')
  @Access({ roles: MEMBERS, target: 'plan', public: true })
  async dashboard(
    @Param('planId', uuid) planId: string,
    @Query() query: AsOfQueryDto,
    @Req() request: RequestWithCaller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.models.catchUp(query.minPosition, reply);
    const asOf = this.models.instant(query.asOf, 'asOf');
    const view = await this.models.view(planId, asOf);
    if (!request.caller && view.plan.status === 'draft')
      throw new ProblemException(404, 'not_found', 'plan not found');
    return computeDashboard(view, asOf ?? new Date());
  }

  @Get('plans/:planId/series')
  @Access({ roles: MEMBERS, target: 'plan' })
  async series(
    @Param('planId', uuid) planId: string,
    @Query() query: AsOfQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    await this.models.catchUp(query.minPosition, reply);
    const asOf = this.models.instant(query.asOf, 'asOf') ?? new Date();
    const view = await this.models.view(planId, asOf);
    const points = await this.models.reader.progressSeries(planId, asOf);
    const progress: Record<string, { day: string; progress: number }[]> = {};
    for (const p of points) (progress[p.scope] ??= []).push({ day: p.day, progress: Number(p.progress) });
    return {
      planId,
      asOf: asOf.toISOString(),
      progress,
      attendancePerMonth: attendancePerMonth(view, asOf),
      activityPerMonth: (await this.models.reader.activityPerMonth(planId, asOf)).map((r) => ({
        month: r.month,
        events: Number(r.events),
      })),
    };
  }
}
