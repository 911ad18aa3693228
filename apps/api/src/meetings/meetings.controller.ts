import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { CommandMetadata, MeetingCommand, PlanFacts } from '@app/domain';
import { contextOf } from '../commands/http-command.js';
import { Access, CurrentCaller, type Caller, type RequestWithCaller } from '../tenancy/access.decorator.js';
import { ExecuteMeetingCommand } from './meeting-command.handler.js';
import { CancelMeetingDto, MeetingHeldDto, PublishMinutesDto, ScheduleMeetingDto } from './meeting.dto.js';

const uuid = new ParseUUIDPipe();
const WORKERS = { roles: ['coordinator', 'contributor'], target: 'meeting' } as const;

type Build = (metadata: CommandMetadata, plan: PlanFacts) => MeetingCommand;

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('api')
export class MeetingsController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post('plans/:planId/meetings')
  @Access({ roles: ['coordinator', 'contributor'], target: 'plan' })
  schedule(
    @Param('planId', uuid) planId: string,
    @Body() { reason, ...body }: ScheduleMeetingDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    const meetingId = randomUUID();
    const build: Build = (metadata, plan) => ({
      type: 'ScheduleMeeting',
      data: { ...body, meetingId, plan },
      metadata,
    });
    return this.run(meetingId, caller, request, reason, build, { planId, answerId: meetingId });
  }

  @Post('meetings/:meetingId/held')
  @HttpCode(200)
  @Access(WORKERS)
  held(
    @Param('meetingId', uuid) id: string,
    @Body() { reason, ...body }: MeetingHeldDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(id, caller, request, reason, (metadata, plan) => ({
      type: 'HoldMeeting',
      data: { ...body, attendance: { ...body.attendance }, planStatus: plan.status },
      metadata,
    }));
  }

  @Post('meetings/:meetingId/minutes')
  @HttpCode(200)
  @Access(WORKERS)
  minutes(
    @Param('meetingId', uuid) id: string,
    @Body() { reason, ...body }: PublishMinutesDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(id, caller, request, reason, (metadata, plan) => ({
      type: 'PublishMinutes',
      data: { ...body, planStatus: plan.status },
      metadata,
    }));
  }

  @Post('meetings/:meetingId/cancel')
  @HttpCode(200)
  @Access(WORKERS)
  cancel(
    @Param('meetingId', uuid) id: string,
    @Body() body: CancelMeetingDto,
    @CurrentCaller() caller: Caller,
    @Req() request: RequestWithCaller,
  ) {
    return this.run(id, caller, request, body.reason, (metadata, plan) => ({
      type: 'CancelMeeting',
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
      new ExecuteMeetingCommand({ id, municipalityId: caller.municipalityId!, build, context, ...extra }),
    );
  }
}
