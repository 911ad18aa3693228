import { Module } from '@nestjs/common';
import { ProjectionsModule } from '@app/projections';
import { TenancyModule } from '../tenancy/tenancy.module.js';
import { AuditQueriesController } from './audit-queries.controller.js';
import { PlanQueriesController } from './plan-queries.controller.js';
import { ReadModels } from './read-models.service.js';
import { RemindersController } from './reminders.controller.js';

/** The read side: dashboards, plan state (also as of an instant), audit trail, integrity check. */
@Module({
  imports: [TenancyModule, ProjectionsModule.forProcess('api')],
  controllers: [PlanQueriesController, AuditQueriesController, RemindersController],
  providers: [ReadModels],
  exports: [ReadModels],
})
export class QueriesModule {}
