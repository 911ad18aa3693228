import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../../../../test/support/postgres.js';
import { collect, event, streamName, takeFromSubscription } from '../contract/contract-helpers.js';
import type { RecordedEvent } from '../event-store.port.js';
import { PostgresEventStore } from './postgres.event-store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writers whose transactions are open at the same time, driven by hand on separate connections: the reader
 * must see a late commit before anything after it, and a rolled-back append must leave no hole.
 */
describe('PostgreSQL appends from interleaved transactions', () => {
  const schema = freshSchemaName('order');
  let store: PostgresEventStore;
  const clients: pg.Client[] = [];

  async function connection(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: testDatabaseUrl(),
      options: `-c search_path=${schema}`,
    });
    await client.connect();
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    store = await PostgresEventStore.open({
      connectionString: testDatabaseUrl(),
      schema,
      pollIntervalMs: 50,
    });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await store.close();
    await dropSchema(schema);
  });

  it('holds a later writer back until the earlier one commits, so readers never skip it', async () => {
    const start = await store.headPosition();
    const subscribed = takeFromSubscription(store, start, 2);
    const [a, b] = [await connection(), await connection()];
    await a.query('BEGIN');
    await store.appendUsing(a, streamName('plan'), [event('First')], { expectedRevision: 'no_stream' });
    await b.query('BEGIN');
    let bDone = false;
    const bAppend = store
      .appendUsing(b, streamName('plan'), [event('Second')], { expectedRevision: 'no_stream' })
      .finally(() => (bDone = true));
    await sleep(200);
    expect(bDone).toBe(false);
    expect(await store.readAll({ after: start, limit: 10 })).toEqual([]);
    await a.query('COMMIT');
    await bAppend;
    expect((await store.readAll({ after: start, limit: 10 })).map((e) => e.type)).toEqual(['First']);
    await sleep(100);
    await b.query('COMMIT');
    const events = await subscribed;
    expect(events.map((e) => [e.type, e.position])).toEqual([
      ['First', start + 1n],
      ['Second', start + 2n],
    ]);
  });

  it('gives the positions of a rolled-back append to the next writer, leaving no gap', async () => {
    const start = await store.headPosition();
    const a = await connection();
    await a.query('BEGIN');
    await store.appendUsing(a, streamName('plan'), [event('RolledBack'), event('RolledBack')], {
      expectedRevision: 'no_stream',
    });
    const waiting = store.append(streamName('plan'), [event('Kept')], { expectedRevision: 'no_stream' });
    await sleep(100);
    await a.query('ROLLBACK');
    const kept = await waiting;
    expect(kept.position).toBe(start + 1n);
    expect((await store.readAll({ after: start, limit: 10 })).map((e) => e.type)).toEqual(['Kept']);
  });

  it('keeps every reader gap-free and in order under many random interleavings with rollbacks', async () => {
    const start = await store.headPosition();
    const writers = await Promise.all(Array.from({ length: 6 }, () => connection()));
    const polled: RecordedEvent[] = [];
    let writing = true;
    const poller = (async () => {
      let after = start;
      while (writing) {
        const page = await store.readAll({ after, limit: 5 });
        polled.push(...page);
        if (page.length > 0) after = page[page.length - 1]!.position;
        else await sleep(2);
      }
      polled.push(...(await store.readAll({ after, limit: 10_000 })));
    })();
    const committed: string[] = [];
    await Promise.all(
      writers.map(async (client, w) => {
        for (let round = 0; round < 15; round++) {
          const batch = [event('E', { w, round }), event('E', { w, round })];
          await client.query('BEGIN');
          await store.appendUsing(client, streamName(`w${w}`), batch, { expectedRevision: 'no_stream' });
          await sleep(Math.random() * 5);
          if (Math.random() < 0.25) {
            await client.query('ROLLBACK');
          } else {
            await client.query('COMMIT');
            committed.push(...batch.map((e) => e.id!));
          }
        }
      }),
    );
    writing = false;
    await poller;
    const stored = await store.readAll({ after: start, limit: 10_000 });
    expect(polled.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(stored.map((e) => e.position)).toEqual(stored.map((_, i) => start + 1n + BigInt(i)));
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set(committed));
    for (const e of stored) expect(await collect(store.readStream(e.streamId))).toHaveLength(2);
  });
});
