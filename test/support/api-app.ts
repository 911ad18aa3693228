import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseConfig, type AppConfig } from '@app/config';
import { createHttpApp } from '@app/ops';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureHttp } from '../../apps/api/src/http/configure-http.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  close(): Promise<void>;
}

/** The real api module on a fresh embedded store in a temp folder, served in-process for supertest. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-api-'));
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    SQLITE_PATH: join(dir, 'ledger.db'),
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ...env,
  });
  const { app } = await createHttpApp(AppModule.forRoot(config), config, 'api');
  await configureHttp(app, { docsUi: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
