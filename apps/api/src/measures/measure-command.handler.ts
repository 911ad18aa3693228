import { Command, CommandHandler } from '@nestjs/cqrs';
import { measureDecider, measureStream, type MeasureCommand } from '@app/domain';
import type { PlanChildCommand } from '../commands/plan-child.js';
import { PlanChildCommandHandler, type PlanChildKind } from '../commands/plan-child.handler.js';
import type { CommandResponse } from '../http/command-response.interceptor.js';

export class ExecuteMeasureCommand extends Command<CommandResponse> {
  constructor(readonly command: PlanChildCommand<MeasureCommand>) {
    super();
  }
}

@CommandHandler(ExecuteMeasureCommand)
export class MeasureCommandHandler extends PlanChildCommandHandler<MeasureCommand> {
  protected readonly kind: PlanChildKind<MeasureCommand> = {
    decider: measureDecider,
    stream: measureStream,
    notFoundCode: 'measure_not_found',
  };
}
