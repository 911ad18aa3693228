import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { AppConfig } from '@app/config';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE, HealthRegistry, OpsModule, READ_DB } from '@app/ops';
import { PlanReader } from '@app/projections';
import { RemindersModule } from '@app/reminders';
import { CommandResponseInterceptor } from './http/command-response.interceptor.js';
import { ProblemFilter } from './http/problem.filter.js';
import { RateLimitGuard } from './http/rate-limits.js';
import { AccessGuard } from './tenancy/access.guard.js';
import { TenancyModule } from './tenancy/tenancy.module.js';
import { CommandsModule } from './commands/commands.module.js';
import { QueriesModule } from './queries/queries.module.js';
import { WebModule } from './web/web.module.js';
import { ReadSideThreadHost } from './read-side/read-side-thread.host.js';
import { READ_SIDE_THREAD_ENTRY, readSideOnThread, splitReadSide } from './read-side/read-side.module.js';
import type { SqlDatabase } from '@app/sql';

@Module({})
export class AppModule {
  static forRoot(appConfig: AppConfig): DynamicModule {
    const threaded = readSideOnThread(appConfig);
    const split = splitReadSide(appConfig);
    const config = threaded ? split.main : appConfig;
    const readSide = threaded
      ? [
          {
            provide: ReadSideThreadHost,
            inject: [EVENT_STORE, READ_DB, HealthRegistry],
            useFactory: (store: EventStore, db: SqlDatabase, health: HealthRegistry) =>
              new ReadSideThreadHost(
                split.thread,
                READ_SIDE_THREAD_ENTRY,
                store,
                new PlanReader(store, db),
                health,
              ),
          },
        ]
      : [];
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
        ...readSide,
      ],
    };
  }
}
