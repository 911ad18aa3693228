import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { EventStore } from '@app/event-store';
import { eventStoreHealth, eventStoreProviders } from './event-store.provider.js';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { Metrics } from './metrics/metrics.js';
import { APP_CONFIG, EVENT_STORE, HEALTH_CHECKS } from './tokens.js';

/** What every process of the service shares: config, the event store, health and metrics. */
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
        {
          provide: HEALTH_CHECKS,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => [eventStoreHealth(store)],
        },
      ],
      exports: [APP_CONFIG, Metrics, EVENT_STORE, HEALTH_CHECKS],
    };
  }
}
