export * from './event-store.port.js';
export * from './errors.js';
export { chainHash, verifyStream, GENESIS_HASH, type StreamVerification } from './hash-chain.js';
export {
  READER_PAGE_CACHE_KB,
  SqliteEventStore,
  type SqliteEventStoreOptions,
} from './sqlite/sqlite.event-store.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgres.event-store.js';
export { openEventStore, type EventStoreSettings } from './open-event-store.js';
