import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '@app/config';
import { OpsModule } from '@app/ops';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [OpsModule.forRoot(config, 'api'), CqrsModule.forRoot()],
    };
  }
}
