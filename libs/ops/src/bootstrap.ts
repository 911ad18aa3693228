import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError, loadConfig, type AppConfig } from '@app/config';
import type { Logger } from 'pino';
import { createHttpAdapter } from './http-adapter.js';
import { createRootLogger, PinoNestLogger } from './logger.js';
import { Metrics } from './metrics/metrics.js';

/** Reads the configuration or stops the process with a message naming each bad variable. */
export function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

export async function createHttpApp(
  rootModule: unknown,
  config: AppConfig,
  service: string,
): Promise<{ app: NestFastifyApplication; logger: Logger }> {
  const logger = createRootLogger(config.logLevel, service);
  const app = await NestFactory.create<NestFastifyApplication>(
    rootModule as Parameters<typeof NestFactory.create>[0],
    createHttpAdapter(logger, { bodyLimit: config.bodyLimitBytes }),
    { logger: new PinoNestLogger(logger), abortOnError: false },
  );
  app.get(Metrics).instrument(app.getHttpAdapter().getInstance());
  return { app, logger };
}

/**
 * SIGTERM/SIGINT: stop taking requests, let in-flight ones finish, close the stores; if that takes longer
 * than SHUTDOWN_TIMEOUT_MS the process exits anyway, with a non-zero code and a log line saying so.
 */
export function handleShutdown(app: INestApplication, logger: Logger, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    app.close().then(
      () => {
        logger.info('shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
