import {
  AccessDeniedError,
  jsonEvent,
  NO_STREAM,
  UnavailableError,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { describe, expect, it } from '@jest/globals';
import { collect, event, streamName } from '../contract/contract-helpers.js';
import { describeEventStoreContract } from '../contract/event-store.contract.js';
import { verifyStream } from '../hash-chain.js';
import { EsdbEmulatedServer } from './esdb-emulated-server.js';
import { EsdbEventStore } from './esdb.event-store.js';

/** The adapter as production builds it, on the emulation where it would get a connected client. */
function adapterOn(server: EsdbEmulatedServer): EsdbEventStore {
  return new EsdbEventStore(server as unknown as EventStoreDBClient);
}

// no server can run here: the emulation lets the adapter's own paging, skipping, retries and error mapping
// run in every `npm test`; esdb.event-store.spec.ts holds it to the same contract on a real server, if any
describeEventStoreContract('esdb on an emulated server', {
  open: async () => adapterOn(new EsdbEmulatedServer()),
  consecutivePositions: false,
  globalEventIds: false,
});

describe('EventStoreDB adapter on an emulated server', () => {
  it('reads past a whole server page of system events to the next event of ours', async () => {
    const server = new EsdbEmulatedServer();
    const store = adapterOn(server);
    const limit = 5;
    const before = await store.append(streamName('plan'), [event('A')], { expectedRevision: 'no_stream' });
    // an idle server records statistics every few seconds: pages of them can lie between two appends
    server.collectStats(3 * (limit * 2 + 10));
    const after = await store.append(streamName('plan'), [event('B')], { expectedRevision: 'no_stream' });
    const page = await store.readAll({ after: before.position, limit });
    expect(page.map((e) => [e.type, e.position])).toEqual([['B', after.position]]);
  });

  it('finds the newest event of ours behind more than a page of system events', async () => {
    const server = new EsdbEmulatedServer();
    const store = adapterOn(server);
    expect(await store.headPosition()).toBe(0n);
    const ours = await store.append(streamName('plan'), [event('A')], { expectedRevision: 'no_stream' });
    server.collectStats(1_201);
    expect(await store.headPosition()).toBe(ours.position);
  });

  it('answers a retry with the same or any expected revision as first answered, adds nothing', async () => {
    const server = new EsdbEmulatedServer();
    const store = adapterOn(server);
    const stream = streamName('plan');
    await store.append(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
    const batch = [event('C'), event('D')];
    const first = await store.append(stream, batch, { expectedRevision: 1n });
    // the adapter writes at the head it reads, and a server repeats a write whose expectation is the head
    expect(await store.append(stream, batch, { expectedRevision: 1n })).toEqual(first);
    expect(await store.append(stream, batch, { expectedRevision: 'any' })).toEqual(first);
    expect((await collect(store.readStream(stream))).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('keeps null data as it was hashed, so the stream verifies', async () => {
    const store = adapterOn(new EsdbEmulatedServer());
    const stream = streamName('plan');
    await store.append(stream, [{ type: 'Cleared', data: null }], { expectedRevision: 'no_stream' });
    await store.append(stream, [event('After')], { expectedRevision: 0n });
    const [cleared] = await collect(store.readStream(stream));
    expect(cleared!.data).toBeNull();
    expect(await verifyStream(stream, store.readStream(stream))).toMatchObject({
      ok: true,
      checkedEvents: 2,
    });
  });

  it('cancels every read it leaves before the server is done', async () => {
    const server = new EsdbEmulatedServer();
    const store = adapterOn(server);
    const stream = streamName('plan');
    await store.append(
      stream,
      Array.from({ length: 10 }, (_, i) => event('E', { i })),
      { expectedRevision: 'no_stream' },
    );
    expect(await collect(store.readStream(stream, { maxCount: 3 }))).toHaveLength(3);
    expect(await collect(store.readStream(stream, { toRevision: 1n }))).toHaveLength(2);
    for await (const _ of store.readStream(stream)) break;
    expect(await store.readAll({ limit: 2 })).toHaveLength(2);
    expect(server.readsLeftOpen()).toBe(0);
  });

  it('subscribes again after the server drops the subscription, with no gap and no repeat', async () => {
    const server = new EsdbEmulatedServer();
    const store = adapterOn(server);
    const stream = streamName('sub');
    await store.append(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
    const controller = new AbortController();
    const subscription = store.subscribe({ signal: controller.signal })[Symbol.asyncIterator]();
    try {
      expect((await subscription.next()).value).toMatchObject({ type: 'A' });
      server.dropSubscriptions(new UnavailableError());
      expect((await subscription.next()).value).toMatchObject({ type: 'B' });
      await store.append(stream, [event('C')], { expectedRevision: 1n });
      expect((await subscription.next()).value).toMatchObject({ type: 'C' });
    } finally {
      controller.abort();
    }
    expect(await subscription.next()).toMatchObject({ done: true });
  });

  it('ends the subscription with an error that subscribing again cannot cure', async () => {
    const server = new EsdbEmulatedServer();
    const store = adapterOn(server);
    await store.append(streamName('sub'), [event('A')], { expectedRevision: 'no_stream' });
    const controller = new AbortController();
    const subscription = store.subscribe({ signal: controller.signal })[Symbol.asyncIterator]();
    expect((await subscription.next()).value).toMatchObject({ type: 'A' });
    server.dropSubscriptions(new AccessDeniedError());
    await expect(subscription.next()).rejects.toMatchObject({ type: 'access-denied' });
    controller.abort();
  });
});

/** The emulation itself where the adapter relies on a documented server behaviour. */
describe('EventStoreDB emulation', () => {
  it('answers a batch sent again behind the head as written, and writes it twice at the head', async () => {
    const server = new EsdbEmulatedServer();
    const stream = streamName('plan');
    const batch = [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })];
    const first = await server.appendToStream(stream, batch, { expectedRevision: NO_STREAM });
    expect(await server.appendToStream(stream, batch, { expectedRevision: NO_STREAM })).toEqual(first);
    await expect(
      server.appendToStream(stream, batch.slice(1), { expectedRevision: 5n }),
    ).rejects.toMatchObject({
      type: 'wrong-expected-version',
      actualVersion: 1n,
    });
    expect(await server.appendToStream(stream, batch, { expectedRevision: 1n })).toMatchObject({
      nextExpectedRevision: 3n,
    });
  });

  it('fails a read of a missing stream while it is iterated, not when it is made', async () => {
    const read = new EsdbEmulatedServer().readStream(streamName('none'));
    await expect(collect(read)).rejects.toMatchObject({ type: 'stream-not-found' });
  });
});
