import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { openEventStore, type EventStore } from '@app/event-store';
import type { HealthCheck } from './health/health-check.js';
import { Metrics } from './metrics/metrics.js';
import { APP_CONFIG, EVENT_STORE } from './tokens.js';

/** Counts and times appends without the adapters knowing about Prometheus. */
export function instrumentEventStore(store: EventStore, metrics: Metrics): EventStore {
  const append: EventStore['append'] = async (stream, events, options) => {
    const stop = metrics.appendSeconds.startTimer({ store: store.kind });
    try {
      const result = await store.append(stream, events, options);
      metrics.appends.inc({ store: store.kind, outcome: 'ok' });
      return result;
    } catch (error) {
      metrics.appends.inc({ store: store.kind, outcome: (error as { code?: string }).code ?? 'error' });
      throw error;
    } finally {
      stop();
    }
  };
  return new Proxy(store, {
    get: (target, property, receiver) =>
      property === 'append' ? append : (Reflect.get(target, property, receiver) as unknown),
  });
}

/** Closes the store after Nest has stopped taking requests, so an in-flight append still completes. */
export class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

export const eventStoreProviders: Provider[] = [
  {
    provide: EVENT_STORE,
    inject: [APP_CONFIG, Metrics],
    useFactory: async (config: AppConfig, metrics: Metrics) =>
      instrumentEventStore(await openEventStore(config.eventStore), metrics),
  },
  {
    provide: EventStoreLifecycle,
    inject: [EVENT_STORE],
    useFactory: (store: EventStore) => new EventStoreLifecycle(store),
  },
];

export function eventStoreHealth(store: EventStore): HealthCheck {
  return {
    name: 'eventStore',
    required: true,
    async check() {
      const started = performance.now();
      await store.ping();
      const headPosition = (await store.headPosition()).toString();
      return {
        status: 'up',
        kind: store.kind,
        headPosition,
        latencyMs: Math.round(performance.now() - started),
      };
    },
  };
}
