import { Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { dayOf } from '@app/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PlanMeasureDto, ReportProgressDto } from '../measures/measure.dto.js';
import { MeetingHeldDto } from '../meetings/meeting.dto.js';
import { emptyForm, formValues, refusalOf, validateDto, type FormState } from './forms/form-kit.js';
import { HELD_FIELDS, heldForm, heldInput } from './forms/meeting-held.form.js';
import {
  PLAN_MEASURE_FIELDS,
  RESPONSIBLE_FIELDS,
  planMeasureForm,
  planMeasureInput,
} from './forms/plan-measure.form.js';
import { PROGRESS_FIELDS, progressForm, progressInput } from './forms/progress.form.js';
import { COORDINATORS, WebAccess, WORKERS } from './web-access.js';
import { WebAuth } from './web-auth.js';
import type { WebContext } from './web-context.js';
import { WebCommands } from './web-commands.js';
import { notFound, WebErrorFilter } from './web-errors.js';
import { WebReads } from './web-reads.js';
import { seeOther, sendPage } from './web-reply.js';

type Handled = { position: number } | FormState;

/**
 * The forms: report progress (coordinator, contributor), record a meeting held (coordinator, contributor),
 * plan a measure (coordinator). A POST checks role and CSRF token, runs the API's DTO and command, shows
 * what failed next to its field, and on success redirects to the page that shows the change.
 */
@ApiExcludeController()
@UseFilters(WebErrorFilter)
@Controller()
export class WebFormsController {
  constructor(
    @Inject(WebAuth) private readonly auth: WebAuth,
    @Inject(WebAccess) private readonly access: WebAccess,
    @Inject(WebReads) private readonly reads: WebReads,
    @Inject(WebCommands) private readonly commands: WebCommands,
  ) {}

  @Get('measures/:measureId/progress')
  async progressPage(
    @Param('measureId') id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ctx = await this.auth.context(request, reply);
    const owner = await this.access.require(ctx, 'measure', id, WORKERS);
    const { measure, title } = await this.measureOf(id, owner);
    sendPage(reply, progressForm(ctx, measure, title, emptyForm()));
  }

  @Post('measures/:measureId/progress')
  async progress(@Param('measureId') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.auth.context(request, reply);
    const owner = await this.access.require(ctx, 'measure', id, WORKERS);
    const values = formValues(request.body);
    const outcome = await this.handle(ctx, request, values, PROGRESS_FIELDS, async () => {
      const { value, errors } = await validateDto(ReportProgressDto, progressInput(values), ctx.t);
      if (!value) return { values, errors };
      return this.commands.reportProgress(request, ctx.member!, owner, id, value);
    });
    if ('position' in outcome) return this.done(reply, outcome.position, `/measures/${id}?saved=1`);
    const { measure, title } = await this.measureOf(id, owner);
    sendPage(reply, progressForm(ctx, measure, title, outcome), statusOf(outcome));
  }

  @Get('meetings/:meetingId/held')
  async heldPage(@Param('meetingId') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.auth.context(request, reply);
    const owner = await this.access.require(ctx, 'meeting', id, WORKERS);
    const { meeting, title } = await this.meetingOf(id, owner);
    // the scheduled day, or today for a meeting recorded before its date (a day may not lie in the future)
    const scheduled = dayOf(new Date(meeting.scheduledFor));
    const today = dayOf(new Date());
    const heldOn = scheduled < today ? scheduled : today;
    sendPage(reply, heldForm(ctx, meeting, title, emptyForm({ heldOn })));
  }

  @Post('meetings/:meetingId/held')
  async held(@Param('meetingId') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const ctx = await this.auth.context(request, reply);
    const owner = await this.access.require(ctx, 'meeting', id, WORKERS);
    const values = formValues(request.body);
    const { meeting, title } = await this.meetingOf(id, owner);
    const outcome = await this.handle(ctx, request, values, HELD_FIELDS, async () => {
      const { value, errors } = await validateDto(MeetingHeldDto, heldInput(values), ctx.t);
      if (!value) return { values, errors };
      return this.commands.meetingHeld(request, ctx.member!, owner, id, value);
    });
    if ('position' in outcome)
      return this.done(reply, outcome.position, `/plans/${meeting.planId}?saved=1#meetings-h`);
    sendPage(reply, heldForm(ctx, meeting, title, outcome), statusOf(outcome));
  }

  @Get('plans/:planId/measures/new')
  async planMeasurePage(
    @Param('planId') planId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ctx = await this.auth.context(request, reply);
    const owner = await this.access.require(ctx, 'plan', planId, COORDINATORS);
    const { view } = await this.reads.memberView(planId, owner);
    sendPage(
      reply,
      planMeasureForm(ctx, view.plan, await this.memberChoices(owner), emptyForm({ weight: '1' })),
    );
  }

  @Post('plans/:planId/measures')
  async planMeasure(
    @Param('planId') planId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ctx = await this.auth.context(request, reply);
    const owner = await this.access.require(ctx, 'plan', planId, COORDINATORS);
    const values = formValues(request.body);
    let measureId = '';
    const outcome = await this.handle(ctx, request, values, PLAN_MEASURE_FIELDS, async () => {
      const { value, errors } = await validateDto(PlanMeasureDto, planMeasureInput(values, ctx.lang), ctx.t);
      if (!value) return { values, errors: renamed(errors) };
      const answer = await this.commands.planMeasure(request, ctx.member!, owner, planId, value);
      measureId = answer.id;
      return answer;
    });
    if ('position' in outcome) return this.done(reply, outcome.position, `/measures/${measureId}?saved=1`);
    const { view } = await this.reads.memberView(planId, owner);
    sendPage(
      reply,
      planMeasureForm(ctx, view.plan, await this.memberChoices(owner), outcome),
      statusOf(outcome),
    );
  }

  /** CSRF first, then the command; a refusal comes back as the form with its messages. */
  private async handle(
    ctx: WebContext,
    request: FastifyRequest,
    values: FormState['values'],
    fields: readonly string[],
    run: () => Promise<Handled>,
  ): Promise<Handled> {
    if (!this.auth.csrfValid(request, values._csrf, 'session')) {
      return { values, errors: {}, refusal: ctx.t.formExpired, status: 403 };
    }
    try {
      return await run();
    } catch (error) {
      const refusal = refusalOf(error, ctx.t, fields);
      if (!refusal) throw error;
      return { ...refusal, values, errors: renamed(refusal.errors) };
    }
  }

  private async done(reply: FastifyReply, position: number, location: string): Promise<void> {
    await this.reads.catchUp(position);
    seeOther(reply, location);
  }

  private async measureOf(id: string, owner: string) {
    const { planId } = await this.reads.subjectHistory(id);
    if (!planId) throw notFound();
    const { view } = await this.reads.memberView(planId, owner);
    const measure = view.measures[id];
    if (!measure) throw notFound();
    return { measure, title: view.plan.title };
  }

  private async meetingOf(id: string, owner: string) {
    const { planId } = await this.reads.subjectHistory(id);
    if (!planId) throw notFound();
    const { view } = await this.reads.memberView(planId, owner);
    const meeting = view.meetings[id];
    if (!meeting) throw notFound();
    return { meeting, title: view.plan.title };
  }

  private async memberChoices(owner: string) {
    return (await this.access.members(owner)).map((m) => ({ id: m.id, name: m.display_name }));
  }
}

/** The DTO's nested names of the responsible party, shown at the form's own fields. */
function renamed(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [RESPONSIBLE_FIELDS[field] ?? field, message]),
  );
}

function statusOf(form: FormState): number {
  return form.status ?? (form.refusal ? 409 : 400);
}
