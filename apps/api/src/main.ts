import 'reflect-metadata';
import { configOrExit, createHttpApp, handleShutdown } from '@app/ops';
import { AppModule } from './app.module.js';
import { configureHttp } from './http/configure-http.js';

const config = configOrExit();
const { app, logger } = await createHttpApp(AppModule.forRoot(config), config, 'api');
await configureHttp(app, { publicUrl: config.reminders.publicUrl });
handleShutdown(app, logger, config.shutdownTimeoutMs);
await app.listen({ port: config.http.port, host: config.http.host });
logger.info(
  { url: `http://${config.http.host}:${config.http.port}`, eventStore: config.eventStore.kind },
  'Masterplan Ledger api is listening',
);
