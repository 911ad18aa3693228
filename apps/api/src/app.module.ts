import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '@app/config';
import { OpsModule } from '@app/ops';
import { RemindersModule } from '@app/reminders';
import { CommandResponseInterceptor } from './http/command-response.interceptor.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RateLimitGuard } from './http/rate-limits.js';
import { AccessGuard } from './tenancy/access.guard.js';
import { TenancyModule } from './tenancy/tenancy.module.js';
import { CommandsModule } from './commands/commands.module.js';
import { QueriesModule } from './queries/queries.module.js';
import { WebModule } from './web/web.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        OpsModule.forRoot(config, 'api'),
        RemindersModule.forProcess('api', config),
        CqrsModule.forRoot(),
        TenancyModule,
        CommandsModule,
        QueriesModule,
        WebModule,
      ],
      providers: [
        // order matters: rate limits before any database work, then authentication and access
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: CommandResponseInterceptor },
      ],
    };
  }
}
