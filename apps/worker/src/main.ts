import 'reflect-metadata';
import { configOrExit, createHttpApp, handleShutdown } from '@app/ops';
import { WorkerModule } from './worker.module.js';

const config = configOrExit();
const { app, logger } = await createHttpApp(WorkerModule.forRoot(config), config, 'worker');
handleShutdown(app, logger, config.shutdownTimeoutMs);
await app.listen({ port: config.worker.port, host: config.http.host });
logger.info({ port: config.worker.port }, 'Masterplan Ledger worker is running');
