import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { openSqlDatabase, type SqlDatabase } from '@app/sql';
import { separateEmbeddedReadModels } from './embedded-read-models.js';
import type { HealthCheck } from './health/health-check.js';
import { APP_CONFIG, READ_DB } from './tokens.js';

export class ReadDbLifecycle implements OnApplicationShutdown {
  constructor(private readonly db: SqlDatabase) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

export const readDbProviders: Provider[] = [
  {
    provide: READ_DB,
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => {
      separateEmbeddedReadModels(config);
      return openSqlDatabase(config.readModels);
    },
  },
  { provide: ReadDbLifecycle, inject: [READ_DB], useFactory: (db: SqlDatabase) => new ReadDbLifecycle(db) },
];

export function readDbHealth(db: SqlDatabase): HealthCheck {
  return {
    name: 'readModels',
    required: true,
    async check() {
      const started = performance.now();
      await db.query('SELECT 1 AS ok');
      return { status: 'up', kind: db.dialect, latencyMs: Math.round(performance.now() - started) };
    },
  };
}
