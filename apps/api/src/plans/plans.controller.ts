import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandMetadata, PlanCommand } from '@app/domain';
import { contextOf } from '../commands/http-command.js';
import { Access, CurrentCaller, type Caller, type RequestWithCaller } from '../tenancy/access.decorator.js';
import { AchieveGoalDto, DefineGoalDto, DropGoalDto, MeasureGoalDto, ReviseGoalDto } from './goal.dto.js';
import { AddThemeFieldDto, CreatePlanDto, RecordDecisionDto, RegisterPartnerDto } from './plan.dto.js';
import { ExecutePlanCommand } from './plan-command.handler.js';

const uuid = new ParseUUIDPipe();
const COORDINATOR = { roles: ['coordinator'], target: 'plan' } as const;

type Build = (metadata: CommandMetadata) => PlanCommand;

/** The plan's command routes of api.md: DTO in, domain command out through the CommandBus. */
@ApiTags('plans')
@ApiBearerAuth()
@Controller('api')
export class PlansController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('municipalities/:municipalityId/plans')
  @Access({ roles: ['coordinator'], target: 'municipality' })
  draft(
    @Param('municipalityId', uuid) municipalityId: string,
    @Body() { reason, ...body }: CreatePlanDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    const planId = randomUUID();
    const build: Build = (metadata) => ({
      type: 'DraftPlan',
      data: { ...body, municipalityId, planId },
      metadata,
    });
    return this.run(planId, caller, request, reason, build, planId);
  }

  @Post('plans/:planId/theme-fields')
  @Access(COORDINATOR)
  addThemeField(
    @Param('planId', uuid) planId: string,
    @Body() { reason, ...body }: AddThemeFieldDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(planId, caller, request, reason, (metadata) => ({
      type: 'AddThemeField',
      data: body,
      metadata,
    }));
  }

  @Post('plans/:planId/goals')
  @Access(COORDINATOR)
  defineGoal(
    @Param('planId', uuid) planId: string,
    @Body() { reason, ...body }: DefineGoalDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    const goalId = randomUUID();
    return this.run(
      planId,
      caller,
      request,
      reason,
      (metadata) => ({ type: 'DefineGoal', data: { ...body, goalId }, metadata }),
      goalId,
    );
  }

  @Post('plans/:planId/goals/:goalId/revisions')
  @Access(COORDINATOR)
  reviseGoal(
    @Param('planId', uuid) planId: string,
    @Param('goalId', uuid) goalId: string,
    @Body() body: ReviseGoalDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(planId, caller, request, body.reason, (metadata) => ({
      type: 'ReviseGoal',
      data: { ...body, goalId },
      metadata,
    }));
  }

  @Post('plans/:planId/goals/:goalId/measurements')
  @Access({ roles: ['coordinator', 'contributor'], target: 'plan' })
  measureGoal(
    @Param('planId', uuid) planId: string,
    @Param('goalId', uuid) goalId: string,
    @Body() { reason, ...body }: MeasureGoalDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(planId, caller, request, reason, (metadata) => ({
      type: 'MeasureGoalIndicator',
      data: { ...body, goalId },
      metadata,
    }));
  }

  @Post('plans/:planId/goals/:goalId/achieve')
  @HttpCode(200)
  @Access(COORDINATOR)
  achieveGoal(
    @Param('planId', uuid) planId: string,
    @Param('goalId', uuid) goalId: string,
    @Body() body: AchieveGoalDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(planId, caller, request, body.reason, (metadata) => ({
      type: 'AchieveGoal',
      data: { goalId, reason: body.reason },
      metadata,
    }));
  }

  @Post('plans/:planId/goals/:goalId/drop')
  @HttpCode(200)
  @Access(COORDINATOR)
  dropGoal(
    @Param('planId', uuid) planId: string,
    @Param('goalId', uuid) goalId: string,
    @Body() body: DropGoalDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(planId, caller, request, body.reason, (metadata) => ({
      type: 'DropGoal',
      data: { goalId, reason: body.reason },
      metadata,
    }));
  }

  @Post('plans/:planId/decisions')
  @Access(COORDINATOR)
  recordDecision(
    @Param('planId', uuid) planId: string,
    @Body() { reason, ...body }: RecordDecisionDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    const decisionId = randomUUID();
    return this.run(
      planId,
      caller,
      request,
      reason,
      (metadata) => ({ type: 'RecordDecision', data: { ...body, decisionId }, metadata }),
      decisionId,
    );
  }

  @Post('plans/:planId/partners')
  @Access(COORDINATOR)
  registerPartner(
    @Param('planId', uuid) planId: string,
    @Body() { reason, ...body }: RegisterPartnerDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    const partnerId = randomUUID();
    return this.run(
      planId,
      caller,
      request,
      reason,
      (metadata) => ({ type: 'RegisterPartner', data: { ...body, partnerId }, metadata }),
      partnerId,
    );
  }

  private run(
    planId: string,
    caller: Caller,
    request: RequestWithCaller,
    reason: string | undefined,
    build: Build,
    answerId?: string,
  ) {
    const municipalityId = caller.municipalityId!;
    return this.commands.execute(
      new ExecutePlanCommand(planId, municipalityId, build, contextOf(request, caller, reason), answerId),
    );
  }
}
