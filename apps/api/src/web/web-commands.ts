import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyRequest } from 'fastify';
import { newCommandContext } from '../commands/command-context.js';
import { ExecuteMeasureCommand } from '../measures/measure-command.handler.js';
import type { PlanMeasureDto, ReportProgressDto } from '../measures/measure.dto.js';
import { ExecuteMeetingCommand } from '../meetings/meeting-command.handler.js';
import type { MeetingHeldDto } from '../meetings/meeting.dto.js';
import type { Caller } from '../tenancy/access.decorator.js';
import type { WebMember } from './web-sessions.js';

/**
 * The forms' commands, through the same CommandBus handlers as the API's controllers: the same deciders,
 * event metadata (actor, role, reason, correlation id) and retries on concurrent changes.
 */
@Injectable()
export class WebCommands {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  async reportProgress(
    request: FastifyRequest,
    member: WebMember,
    owner: string,
    measureId: string,
    { reason, ...body }: ReportProgressDto,
  ) {
    const context = newCommandContext({ caller: callerOf(member, owner), correlationId: request.id, reason });
    return this.commands.execute(
      new ExecuteMeasureCommand({
        id: measureId,
        municipalityId: owner,
        context,
        build: (metadata, plan) => ({
          type: 'ReportProgress',
          data: { ...body, planStatus: plan.status },
          metadata,
        }),
      }),
    );
  }

  async meetingHeld(
    request: FastifyRequest,
    member: WebMember,
    owner: string,
    meetingId: string,
    { reason, ...body }: MeetingHeldDto,
  ) {
    const context = newCommandContext({ caller: callerOf(member, owner), correlationId: request.id, reason });
    return this.commands.execute(
      new ExecuteMeetingCommand({
        id: meetingId,
        municipalityId: owner,
        context,
        build: (metadata, plan) => ({
          type: 'HoldMeeting',
          data: { ...body, attendance: { ...body.attendance }, planStatus: plan.status },
          metadata,
        }),
      }),
    );
  }

  async planMeasure(
    request: FastifyRequest,
    member: WebMember,
    owner: string,
    planId: string,
    { reason, ...body }: PlanMeasureDto,
  ) {
    const measureId = randomUUID();
    const context = newCommandContext({ caller: callerOf(member, owner), correlationId: request.id, reason });
    const response = await this.commands.execute(
      new ExecuteMeasureCommand({
        id: measureId,
        municipalityId: owner,
        planId,
        answerId: measureId,
        context,
        build: (metadata, plan) => ({
          type: 'PlanMeasure',
          data: { ...body, responsible: { ...body.responsible }, measureId, plan },
          metadata,
        }),
      }),
    );
    return { ...response, id: measureId };
  }
}

function callerOf(member: WebMember, municipalityId: string): Caller {
  return {
    principal: {
      kind: 'member',
      id: member.id,
      role: member.role,
      municipalityId: member.municipalityId,
      displayName: member.displayName,
    },
    municipalityId,
  };
}
