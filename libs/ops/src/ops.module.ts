import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { EventStore } from '@app/event-store';
import type { SqlDatabase } from '@app/sql';
import { eventStoreHealth, eventStoreProviders } from './event-store.provider.js';
import { HealthRegistry } from './health/health-check.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { Metrics } from './metrics/metrics.js';
import { readDbHealth, readDbProviders } from './read-db.provider.js';
import { APP_CONFIG, EVENT_STORE, READ_DB } from './tokens.js';

/** What every process of the service shares: config, the event store, the read-model database, health and metrics. */
@Global()
@Module({})
export class OpsModule {
  static forRoot(config: AppConfig, service: string): DynamicModule {
    return {
      module: OpsModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Metrics, useValue: new Metrics(service) },
        ...eventStoreProviders,
        ...readDbProviders,
        {
          provide: HealthRegistry,
          inject: [EVENT_STORE, READ_DB],
          useFactory: (store: EventStore, db: SqlDatabase) => {
            const registry = new HealthRegistry();
            registry.register(eventStoreHealth(store));
            registry.register(readDbHealth(db));
            return registry;
          },
        },
      ],
      exports: [APP_CONFIG, Metrics, EVENT_STORE, READ_DB, HealthRegistry],
    };
  }
}
