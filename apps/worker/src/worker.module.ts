import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { OpsModule } from '@app/ops';
import { ProjectionsModule } from '@app/projections';
import { RemindersModule } from '@app/reminders';

/** The worker's home: projections and reminders join it in later issues; it already answers /health and /metrics. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        OpsModule.forRoot(config, 'worker'),
        RemindersModule.forProcess('worker', config),
        ProjectionsModule.forProcess('worker'),
      ],
    };
  }
}
