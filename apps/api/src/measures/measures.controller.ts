import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandMetadata, MeasureCommand, PlanFacts } from '@app/domain';
import { contextOf } from '../commands/http-command.js';
import { Access, CurrentCaller, type Caller, type RequestWithCaller } from '../tenancy/access.decorator.js';
import { ExecuteMeasureCommand } from './measure-command.handler.js';
import {
  BlockMeasureDto,
  CancelMeasureDto,
  CompleteMeasureDto,
  PlanMeasureDto,
  ReportProgressDto,
  RescheduleMeasureDto,
  StartMeasureDto,
  UnblockMeasureDto,
} from './measure.dto.js';

const uuid = new ParseUUIDPipe();
const WORKERS = { roles: ['coordinator', 'contributor'], target: 'measure' } as const;
const COORDINATOR = { roles: ['coordinator'], target: 'measure' } as const;

type Build = (metadata: CommandMetadata, plan: PlanFacts) => MeasureCommand;

@ApiTags('measures')
@ApiBearerAuth()
@Controller('api')
export class MeasuresController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('plans/:planId/measures')
  @Access({ roles: ['coordinator'], target: 'plan' })
  plan(
    @Param('planId', uuid) planId: string,
    @Body() { reason, ...body }: PlanMeasureDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    const measureId = randomUUID();
    const build: Build = (metadata, plan) => ({
      type: 'PlanMeasure',
      data: { ...body, measureId, plan },
      metadata,
    });
    return this.run(measureId, caller, request, reason, build, { planId, answerId: measureId });
  }

  @Post('measures/:measureId/start')
  @HttpCode(200)
  @Access(WORKERS)
  start(
    @Param('measureId', uuid) id: string,
    @Body() { reason, ...body }: StartMeasureDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(id, caller, request, reason, (metadata, plan) => ({
      type: 'StartMeasure',
      data: { ...body, planStatus: plan.status },
      metadata,
    }));
  }

  @Post('measures/:measureId/progress')
  @HttpCode(200)
  @Access(WORKERS)
  progress(
    @Param('measureId', uuid) id: string,
    @Body() { reason, ...body }: ReportProgressDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(id, caller, request, reason, (metadata, plan) => ({
      type: 'ReportProgress',
      data: { ...body, planStatus: plan.status },
      metadata,
    }));
  }

  @Post('measures/:measureId/block')
  @HttpCode(200)
  @Access(WORKERS)
  block(
    @Param('measureId', uuid) id: string,
    @Body() body: BlockMeasureDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(id, caller, request, body.reason, (metadata, plan) => ({
      type: 'BlockMeasure',
      data: { reason: body.reason, planStatus: plan.status },
      metadata,
    }));
  }

  @Post('measures/:measureId/unblock')
  @HttpCode(200)
  @Access(WORKERS)
  unblock(
    @Param('measureId', uuid) id: string,
    @Body() body: UnblockMeasureDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(id, caller, request, body.reason, (metadata, plan) => ({
      type: 'UnblockMeasure',
      data: { planStatus: plan.status },
      metadata,
    }));
  }

  @Post('measures/:measureId/reschedule')
  @HttpCode(200)
  @Access(COORDINATOR)
  reschedule(
    @Param('measureId', uuid) id: string,
    @Body() body: RescheduleMeasureDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(id, caller, request, body.reason, (metadata, plan) => ({
      type: 'RescheduleMeasure',
      data: { ...body, planStatus: plan.status },
      metadata,
    }));
  }

  @Post('measures/:measureId/complete')
  @HttpCode(200)
  @Access(WORKERS)
  complete(
    @Param('measureId', uuid) id: string,
    @Body() { reason, ...body }: CompleteMeasureDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(id, caller, request, reason, (metadata, plan) => ({
      type: 'CompleteMeasure',
      data: { ...body, planStatus: plan.status },
      metadata,
    }));
  }

  @Post('measures/:measureId/cancel')
  @HttpCode(200)
  @Access(COORDINATOR)
  cancel(
    @Param('measureId', uuid) id: string,
    @Body() body: CancelMeasureDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(id, caller, request, body.reason, (metadata, plan) => ({
      type: 'CancelMeasure',
      data: { reason: body.reason, planStatus: plan.status },
      metadata,
    }));
  }

  private run(
    id: string,
    caller: Caller,
    request: RequestWithCaller,
    reason: string | undefined,
    build: Build,
    extra: { planId?: string; answerId?: string } = {},
  ) {
    const context = contextOf(request, caller, reason);
    return this.commands.execute(
      new ExecuteMeasureCommand({ id, municipalityId: caller.municipalityId!, build, context, ...extra }),
    );
  }
}
