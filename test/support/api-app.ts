import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parseConfig, type AppConfig } from '@app/config';
import { PostgresEventStore, SqliteEventStore } from '@app/event-store';
import { createHttpApp, EVENT_STORE } from '@app/ops';
import { AppModule } from '../../apps/api/src/app.module.js';
import { configureHttp } from '../../apps/api/src/http/configure-http.js';
import { dropSchema, freshSchemaName, testDatabaseUrl } from './postgres.js';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export type StoreKind = 'sqlite' | 'postgres';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  /** Runs SQL on the event store's own tables, behind its back (to tamper with history in tests). */
  rawEventSql(sql: string, params: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real api module served in-process for supertest: on a fresh embedded store in a temp folder, or on
 * PostgreSQL in a fresh schema (dropped on close) with the projections running in the same process.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  store: StoreKind = 'sqlite',
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-api-'));
  const schema = freshSchemaName('api');
  const storeEnv: Record<string, string> =
    store === 'sqlite'
      ? { SQLITE_PATH: join(dir, 'ledger.db') }
      : {
          EVENT_STORE: 'postgres',
          DATABASE_URL: testDatabaseUrl(),
          DATABASE_SCHEMA: schema,
          PROJECTIONS_IN: 'api',
        };
  // reminders need Redis and a worker: the tests that are about them turn them on
  const config = parseConfig({
    LOG_LEVEL: 'silent',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    REMINDERS: 'off',
    // Jest runs the TypeScript sources, which a worker thread cannot load: the read side stays on the main thread
    PROJECTIONS_THREAD: 'off',
    ...storeEnv,
    ...env,
  });
  const { app } = await createHttpApp(AppModule.forRoot(config), config, 'api');
  await configureHttp(app, { docsUi: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    rawEventSql: async (sql, params) => {
      const events = app.get<SqliteEventStore | PostgresEventStore>(EVENT_STORE);
      if (events.kind === 'sqlite')
        (events as SqliteEventStore).db.prepare(sql.replace(/\$\d+/g, '?')).run(...params);
      else await (events as PostgresEventStore).pool.query(sql, params);
    },
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
      if (store === 'postgres') await dropSchema(schema);
    },
  };
}
