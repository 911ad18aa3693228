import type { EventStore } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres.event-store.js';
import { SqliteEventStore } from './sqlite/sqlite.event-store.js';

export type EventStoreSettings =
  /**
   * pollIntervalMs: how soon another connection's appends reach a subscription (default 500 ms);
   * pageCacheKb: the connection's page cache (default 16 MB), small for a process that reads through once
   */
  | { kind: 'sqlite'; sqlitePath: string; pollIntervalMs?: number; pageCacheKb?: number }
  | { kind: 'postgres'; databaseUrl: string; schema?: string }
  | { kind: 'esdb'; eventStoreUrl: string };

export async function openEventStore(settings: EventStoreSettings): Promise<EventStore> {
  switch (settings.kind) {
    case 'sqlite':
      return new SqliteEventStore({
        path: settings.sqlitePath,
        pollIntervalMs: settings.pollIntervalMs,
        pageCacheKb: settings.pageCacheKb,
      });
    case 'postgres':
      return PostgresEventStore.open({ connectionString: settings.databaseUrl, schema: settings.schema });
    case 'esdb': {
      // loaded only here: the gRPC client weighs about 14 MB of memory in every process that never uses it
      const { EsdbEventStore } = await import('./esdb/esdb.event-store.js');
      return EsdbEventStore.connect(settings.eventStoreUrl);
    }
    default: {
      const unknown: never = settings;
      throw new Error(`unknown event store ${JSON.stringify(unknown)}`);
    }
  }
}
