import { Controller, Get, Inject, Param, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemException } from '../http/problem.js';
import { parseAsOf } from './as-of.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { goalPage } from './pages/goal.page.js';
import { measurePage } from './pages/measure.page.js';
import { overviewPage } from './pages/overview.page.js';
import { asOfForm, planPage } from './pages/plan.page.js';
import { READERS, WebAccess } from './web-access.js';
import { WebAuth } from './web-auth.js';
import { notFound, WebErrorFilter } from './web-errors.js';
import { WebReads } from './web-reads.js';
import { sendPage } from './web-reply.js';

/** The read pages: municipality overview, plan dashboard (also as of a moment), goal and measure pages. */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class WebPagesController {
  constructor(
    @Inject(WebAuth) private readonly auth: WebAuth,
    @Inject(WebAccess) private readonly access: WebAccess,
    @Inject(WebReads) private readonly reads: WebReads,
  ) {}

  @Get('m/:municipalityId')
  async overview(
    @Param('municipalityId') municipalityId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ctx = await this.auth.context(request, reply);
    await this.access.require(ctx, 'municipality', municipalityId, READERS);
    const name = await this.access.municipalityName(municipalityId);
    sendPage(reply, overviewPage(ctx, name, await this.reads.plans(municipalityId)));
  }

  @Get('plans/:planId')
  async plan(@Param('planId') planId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.auth.context(request, reply);
    const asOf = parseAsOf(ctx.url.searchParams);
    try {
      sendPage(reply, planPage(ctx, await this.reads.dashboard(ctx, planId, asOf)));
    } catch (error) {
      // the plan exists, but not yet at the chosen moment: say so and keep the picker to choose again
      if (!(error instanceof ProblemException) || error.getStatus() !== 404 || !asOf.instant) throw error;
      const body = html`<h1>${ctx.t.plan}</h1>
        ${asOfForm(ctx, asOf, planId)}
        <p class="notice" role="status">${ctx.t.planDidNotExist}</p>`;
      sendPage(reply, layout(ctx, { title: ctx.t.plan, body }), 404);
    }
  }

  @Get('plans/:planId/goals/:goalId')
  async goal(
    @Param('planId') planId: string,
    @Param('goalId') goalId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ctx = await this.auth.context(request, reply);
    const owner = await this.access.require(ctx, 'plan', planId, READERS);
    const { state, lookup } = await this.reads.memberView(planId, owner);
    const goal = state.goals.find((g) => g.id === goalId);
    if (!goal) throw notFound();
    const changes = await this.reads.goalHistory(planId, goalId);
    sendPage(reply, goalPage(ctx, { state, goal, changes, lookup }));
  }

  @Get('measures/:measureId')
  async measure(
    @Param('measureId') measureId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ctx = await this.auth.context(request, reply);
    const owner = await this.access.require(ctx, 'measure', measureId, READERS);
    const { planId, entries } = await this.reads.subjectHistory(measureId);
    if (!planId) throw notFound();
    const { state, lookup } = await this.reads.memberView(planId, owner);
    const measure = state.measures.find((m) => m.measureId === measureId);
    if (!measure) throw notFound();
    sendPage(reply, measurePage(ctx, { state, measure, changes: entries, lookup }));
  }
}
