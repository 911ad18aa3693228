import { Command, CommandHandler } from '@nestjs/cqrs';
import { meetingDecider, meetingStream, type MeetingCommand } from '@app/domain';
import type { PlanChildCommand } from '../commands/plan-child.js';
import { PlanChildCommandHandler, type PlanChildKind } from '../commands/plan-child.handler.js';
import type { CommandResponse } from '../http/command-response.interceptor.js';

export class ExecuteMeetingCommand extends Command<CommandResponse> {
  constructor(readonly command: PlanChildCommand<MeetingCommand>) {
    super();
  }
}

@CommandHandler(ExecuteMeetingCommand)
export class MeetingCommandHandler extends PlanChildCommandHandler<MeetingCommand> {
  protected readonly kind: PlanChildKind<MeetingCommand> = {
    decider: meetingDecider,
    stream: meetingStream,
    notFoundCode: 'meeting_not_found',
  };
}
