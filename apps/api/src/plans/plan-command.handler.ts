import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { planDecider, planStream, type CommandMetadata, type PlanCommand } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/ops';
import { AggregateCache } from '../commands/aggregate-cache.js';
import { runCommand } from '../commands/aggregate-runner.js';
import type { CommandContext } from '../commands/command-context.js';
import { commandResponse, domainMetadata } from '../commands/http-command.js';
import type { CommandResponse } from '../http/command-response.interceptor.js';
import { TargetDirectory } from '../tenancy/target-directory.js';

/** Any command on a plan stream; `build` turns the request into the domain command once metadata is known. */
export class ExecutePlanCommand extends Command<CommandResponse> {
  constructor(
    readonly planId: string,
    readonly municipalityId: string,
    readonly build: (metadata: CommandMetadata) => PlanCommand,
    readonly context: CommandContext,
    /** the id the answer names: the plan, or the goal, decision or partner the command created */
    readonly answerId?: string,
  ) {
    super();
  }
}

@CommandHandler(ExecutePlanCommand)
export class PlanCommandHandler implements ICommandHandler<ExecutePlanCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AggregateCache) private readonly cache: AggregateCache,
    @Inject(TargetDirectory) private readonly directory: TargetDirectory,
  ) {}

  async execute(command: ExecutePlanCommand): Promise<CommandResponse> {
    const stream = planStream(command.planId);
    const target = {
      store: this.store,
      decider: planDecider,
      stream,
      municipalityId: command.municipalityId,
      cache: this.cache,
    };
    const outcome = await runCommand(target, command.context, () =>
      command.build(domainMetadata(command.context)),
    );
    this.directory.remember(stream, command.municipalityId);
    return commandResponse(outcome, command.answerId);
  }
}
