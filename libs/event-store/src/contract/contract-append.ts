import { beforeAll, describe, expect, it } from '@jest/globals';
import { ConcurrencyError, DuplicateEventIdError, InvalidEventError } from '../errors.js';
import type { EventStore } from '../event-store.port.js';
import { collect, event, streamName, type ContractContext } from './contract-helpers.js';

/** Appending: expected revisions, batches, racing writers on one revision, and retries of the same ids. */
export function describeAppendContract(context: ContractContext): void {
  const { expectRun, subject } = context;
  let store: EventStore;
  beforeAll(() => {
    store = context.store();
  });

  describe('append and expected revision', () => {
    it('creates a stream with no_stream and refuses a second no_stream', async () => {
      const stream = streamName('plan');
      const first = await store.append(stream, [event('PlanDrafted')], { expectedRevision: 'no_stream' });
      expect(first.nextRevision).toBe(0n);
      expect(first.position).toBeGreaterThan(0n);
      await expect(
        store.append(stream, [event('PlanDrafted')], { expectedRevision: 'no_stream' }),
      ).rejects.toBeInstanceOf(ConcurrencyError);
    });

    it('appends at the exact revision and refuses a stale or future one', async () => {
      const stream = streamName('measure');
      await store.append(stream, [event('MeasurePlanned')], { expectedRevision: 'no_stream' });
      const second = await store.append(stream, [event('MeasureStarted')], { expectedRevision: 0n });
      expect(second.nextRevision).toBe(1n);
      const stale = store.append(stream, [event('ProgressReported')], { expectedRevision: 0n });
      await expect(stale).rejects.toMatchObject({ code: 'concurrency_conflict', actual: 1n });
      await expect(store.append(stream, [event('X')], { expectedRevision: 5n })).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      await expect(
        store.append(streamName('none'), [event('X')], { expectedRevision: 0n }),
      ).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await collect(store.readStream(stream))).toHaveLength(2);
    });

    it('appends with any to a new and to an existing stream', async () => {
      const stream = streamName('meeting');
      expect((await store.append(stream, [event('A')], { expectedRevision: 'any' })).nextRevision).toBe(0n);
      expect((await store.append(stream, [event('B')], { expectedRevision: 'any' })).nextRevision).toBe(1n);
    });

    it('gives a batch consecutive revisions and positions and answers with the last', async () => {
      const stream = streamName('plan');
      const before = await store.headPosition();
      const result = await store.append(stream, [event('A'), event('B'), event('C')], {
        expectedRevision: 'no_stream',
      });
      const stored = await collect(store.readStream(stream));
      expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expectRun(
        stored.map((e) => e.position),
        before,
        3,
      );
      expect(stored[2]!.position).toBe(result.position);
      expect(result.nextRevision).toBe(2n);
    });

    it('refuses an empty batch', async () => {
      await expect(store.append(streamName('x'), [], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
        InvalidEventError,
      );
    });

    it('lets exactly one of several concurrent appends at the same revision win', async () => {
      const stream = streamName('race');
      await store.append(stream, [event('A')], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.append(stream, [event('B')], { expectedRevision: 0n })),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes.filter((o) => o.status === 'rejected')) {
        expect((o as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
      }
      expect(await collect(store.readStream(stream))).toHaveLength(2);
    });
  });

  describe('idempotent retries', () => {
    it('answers a retried append with the same ids as the first one and adds nothing', async () => {
      const stream = streamName('plan');
      const batch = [event('A'), event('B')];
      const first = await store.append(stream, batch, { expectedRevision: 'no_stream' });
      const again = await store.append(stream, batch, { expectedRevision: 'no_stream' });
      expect(again).toEqual(first);
      const next = [event('C')];
      const third = await store.append(stream, next, { expectedRevision: 1n });
      expect(await store.append(stream, next, { expectedRevision: 1n })).toEqual(third);
      expect(await store.append(stream, next, { expectedRevision: 'any' })).toEqual(third);
      expect(await collect(store.readStream(stream))).toHaveLength(3);
    });

    it('refuses stored ids with another expected revision or only partly stored', async () => {
      const stream = streamName('plan');
      const a = event('A');
      const b = event('B');
      await store.append(stream, [a], { expectedRevision: 'no_stream' });
      await store.append(stream, [b], { expectedRevision: 0n });
      await expect(store.append(stream, [b], { expectedRevision: 1n })).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      await expect(store.append(stream, [b, event('C')], { expectedRevision: 0n })).rejects.toBeInstanceOf(
        DuplicateEventIdError,
      );
      expect(await collect(store.readStream(stream))).toHaveLength(2);
    });

    // EventStoreDB keeps no index of event ids across streams ("an EventId may be reused across streams")
    (subject.globalEventIds === false ? it.skip : it)('refuses an id stored in another stream', async () => {
      const a = event('A');
      await store.append(streamName('plan'), [a], { expectedRevision: 'no_stream' });
      await expect(
        store.append(streamName('other'), [a], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(DuplicateEventIdError);
    });
  });
}
