import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';

/** One Prometheus registry per process; other modules register their own metrics on it. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests: Histogram<'method' | 'route' | 'status'>;
  readonly appends: Counter<'store' | 'outcome'>;
  readonly appendSeconds: Histogram<'store'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.appends = new Counter({
      name: 'event_store_appends_total',
      help: 'Appends to the event store by outcome',
      labelNames: ['store', 'outcome'],
      registers: [this.registry],
    });
    this.appendSeconds = new Histogram({
      name: 'event_store_append_duration_seconds',
      help: 'Time from append call to durable acknowledgement',
      labelNames: ['store'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
      registers: [this.registry],
    });
  }

  /** Times every request, labelled by its route pattern (never the raw URL: ids would explode the series). */
  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.httpRequests.observe(
        { method: request.method, route, status: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
  }
}
