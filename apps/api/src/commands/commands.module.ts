import { Module } from '@nestjs/common';
import { MeasureCommandHandler } from '../measures/measure-command.handler.js';
import { MeasuresController } from '../measures/measures.controller.js';
import { MeetingCommandHandler } from '../meetings/meeting-command.handler.js';
import { MeetingsController } from '../meetings/meetings.controller.js';
import { PlanCommandHandler } from '../plans/plan-command.handler.js';
import { PlansController } from '../plans/plans.controller.js';
import { TenancyModule } from '../tenancy/tenancy.module.js';
import { AggregateCache } from './aggregate-cache.js';

/** The command side: plans, measures and meetings, each a controller in front of a CQRS handler. */
@Module({
  imports: [TenancyModule],
  controllers: [PlansController, MeasuresController, MeetingsController],
  providers: [
    { provide: AggregateCache, useFactory: () => new AggregateCache() },
    PlanCommandHandler,
    MeasureCommandHandler,
    MeetingCommandHandler,
  ],
})
export class CommandsModule {}
