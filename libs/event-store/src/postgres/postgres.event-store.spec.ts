import { afterAll } from '@jest/globals';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../../../../test/support/postgres.js';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import type { EventStore } from '../event-store.port.js';
import { PostgresEventStore } from './postgres.event-store.js';

const schema = freshSchemaName('contract');
afterAll(() => dropSchema(schema));

const pool = (store: EventStore) => (store as PostgresEventStore).pool;

describeEventStoreContract('postgres', {
  open: () => PostgresEventStore.open({ connectionString: testDatabaseUrl(), schema, pollIntervalMs: 200 }),
  tamperPayload: async (store, streamId, revision) => {
    await pool(store).query(
      `UPDATE events SET data = jsonb_set(data, '{tampered}', '1') WHERE stream_id = $1 AND revision = $2`,
      [streamId, revision.toString()],
    );
  },
  deleteEvent: async (store, streamId, revision) => {
    await pool(store).query('DELETE FROM events WHERE stream_id = $1 AND revision = $2', [
      streamId,
      revision.toString(),
    ]);
  },
});
