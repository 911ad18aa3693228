import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from '@jest/globals';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import type { EventStore } from '../event-store.port.js';
import { SqliteEventStore } from './sqlite.event-store.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const db = (store: EventStore) => (store as SqliteEventStore).db;

describeEventStoreContract('sqlite', {
  open: async () => new SqliteEventStore({ path: join(dir, 'events.db'), pollIntervalMs: 100 }),
  tamperPayload: async (store, streamId, revision) => {
    db(store)
      .prepare(
        `UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE stream_id = ? AND revision = ?`,
      )
      .run(streamId, Number(revision));
  },
  deleteEvent: async (store, streamId, revision) => {
    db(store)
      .prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?')
      .run(streamId, Number(revision));
  },
});
