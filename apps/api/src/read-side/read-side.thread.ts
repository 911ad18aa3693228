import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '@app/config';
import { createRootLogger, PinoNestLogger } from '@app/ops';
import { ReadSideModule } from './read-side.module.js';
import type { ThreadMessage } from './read-side-thread.host.js';

/**
 * Entry of the api's read-side thread. The main thread sends `stop` at shutdown; the thread closes its
 * Nest context (the runner finishes its batch, connections close) and then ends.
 */
const { config } = workerData as { config: AppConfig };
const port = parentPort!;
const logger = createRootLogger(config.logLevel, 'api-read-side');
const send = (message: ThreadMessage) => port.postMessage(message);

const app = await NestFactory.createApplicationContext(ReadSideModule.forRoot(config), {
  logger: new PinoNestLogger(logger),
  abortOnError: false,
});
await app.init();
send({ type: 'ready' });

port.on('message', (message: { type: string }) => {
  if (message.type !== 'stop') return;
  app.close().then(
    () => {
      send({ type: 'stopped' });
      port.close();
    },
    (error: unknown) => {
      logger.error({ err: error }, 'read-side thread did not close cleanly');
      send({ type: 'stopped' });
      port.close();
    },
  );
});
