import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { meetingDecider, meetingStream, type MeetingCommand } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/ops';
import { AggregateCache } from '../commands/aggregate-cache.js';
import { runOnPlanChild, type PlanChildCommand } from '../commands/plan-child.js';
import type { CommandResponse } from '../http/command-response.interceptor.js';
import { TargetDirectory } from '../tenancy/target-directory.js';

export class ExecuteMeetingCommand extends Command<CommandResponse> {
  constructor(readonly command: PlanChildCommand<MeetingCommand>) {
    super();
  }
}

@CommandHandler(ExecuteMeetingCommand)
export class MeetingCommandHandler implements ICommandHandler<ExecuteMeetingCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AggregateCache) private readonly cache: AggregateCache,
    @Inject(TargetDirectory) private readonly directory: TargetDirectory,
  ) {}

  async execute({ command }: ExecuteMeetingCommand): Promise<CommandResponse> {
    const stream = meetingStream(command.id);
    const deps = { store: this.store, cache: this.cache };
    const response = await runOnPlanChild(deps, meetingDecider, stream, 'meeting_not_found', command);
    this.directory.remember(stream, command.municipalityId);
    return response;
  }
}
