import { existsSync } from 'node:fs';
import type { AppConfig } from '@app/config';
import { openEventStore, READER_PAGE_CACHE_KB, type EventStore } from '@app/event-store';
import { PlanReader } from '@app/projections';
import { separateEmbeddedReadModels } from '@app/ops';
import { openSqlDatabase, type SqlDatabase } from '@app/sql';
import { UsageError } from './cli-args.js';

export interface CliOutput {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
}

export interface Session {
  store: EventStore;
  db: SqlDatabase;
  reader: PlanReader;
  config: AppConfig;
}

export async function openSession(config: AppConfig): Promise<Session> {
  // opening a missing SQLite file would quietly create an empty store and answer "unknown plan"
  if (config.eventStore.kind === 'sqlite' && !existsSync(config.eventStore.sqlitePath)) {
    throw new UsageError(
      `no event store at SQLITE_PATH=${config.eventStore.sqlitePath} (set SQLITE_PATH, or EVENT_STORE=postgres with DATABASE_URL)`,
    );
  }
  separateEmbeddedReadModels(config);
  const store = await openEventStore(
    config.eventStore.kind === 'sqlite'
      ? { ...config.eventStore, pageCacheKb: READER_PAGE_CACHE_KB }
      : config.eventStore,
  );
  try {
    const db = await openSqlDatabase(config.readModels);
    return { store, db, reader: new PlanReader(store, db), config };
  } catch (error) {
    await store.close();
    throw error;
  }
}
