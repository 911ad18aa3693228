import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { Logger } from 'pino';

const CORRELATION_HEADER = 'x-correlation-id';
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A caller's correlation id is kept when it is plain enough to log safely; otherwise a new one is made. */
export function correlationIdOf(request: IncomingMessage): string {
  const given = request.headers[CORRELATION_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value && SAFE_ID.test(value) ? value : randomUUID();
}

export function createHttpAdapter(logger: Logger, options: { bodyLimit?: number } = {}): FastifyAdapter {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: correlationIdOf,
    logController: new LogController({
      requestIdLogLabel: 'correlationId',
      // scrapes and probes every few seconds would drown the log lines people read
      disableRequestLogging: (request) => request.url === '/metrics' || request.url.startsWith('/health'),
    }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    return503OnClosing: true,
  });
  adapter.getInstance().addHook('onRequest', async (request, reply) => {
    reply.header('X-Correlation-Id', request.id);
  });
  return adapter;
}
