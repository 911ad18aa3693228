import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { measureDecider, measureStream, type MeasureCommand } from '@app/domain';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE } from '@app/ops';
import { AggregateCache } from '../commands/aggregate-cache.js';
import { runOnPlanChild, type PlanChildCommand } from '../commands/plan-child.js';
import type { CommandResponse } from '../http/command-response.interceptor.js';
import { TargetDirectory } from '../tenancy/target-directory.js';

export class ExecuteMeasureCommand extends Command<CommandResponse> {
  constructor(readonly command: PlanChildCommand<MeasureCommand>) {
    super();
  }
}

@CommandHandler(ExecuteMeasureCommand)
export class MeasureCommandHandler implements ICommandHandler<ExecuteMeasureCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AggregateCache) private readonly cache: AggregateCache,
    @Inject(TargetDirectory) private readonly directory: TargetDirectory,
  ) {}

  async execute({ command }: ExecuteMeasureCommand): Promise<CommandResponse> {
    const stream = measureStream(command.id);
    const deps = { store: this.store, cache: this.cache };
    const response = await runOnPlanChild(deps, measureDecider, stream, 'measure_not_found', command);
    this.directory.remember(stream, command.municipalityId);
    return response;
  }
}
