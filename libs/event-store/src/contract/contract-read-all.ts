import { beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore, RecordedEvent } from '../event-store.port.js';
import {
  collect,
  event,
  streamName,
  takeFromSubscription,
  type ContractContext,
} from './contract-helpers.js';

/** The global log: paging with readAll, catch-up and live subscriptions, and both under concurrent writers. */
export function describeReadAllContract(context: ContractContext): void {
  const { expectRun } = context;
  let store: EventStore;
  beforeAll(() => {
    store = context.store();
  });

  describe('readAll and subscribe', () => {
    it('reads all events in pages in global order without gaps', async () => {
      const head = await store.headPosition();
      const streams = [streamName('a'), streamName('b'), streamName('c')];
      for (let i = 0; i < 30; i++)
        await store.append(streams[i % 3]!, [event('E', { i })], { expectedRevision: 'any' });
      const pages: RecordedEvent[][] = [];
      let after = head;
      for (;;) {
        const page = await store.readAll({ after, limit: 7 });
        if (page.length === 0) break;
        pages.push(page);
        after = page[page.length - 1]!.position;
      }
      const all = pages.flat();
      expect(pages[0]).toHaveLength(7);
      expectRun(
        all.map((e) => e.position),
        head,
        30,
      );
      expect(all.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(await store.headPosition()).toBe(all[29]!.position);
    });

    it('delivers catch-up then live events exactly once and in order, and resumes after a position', async () => {
      const start = await store.headPosition();
      const stream = streamName('sub');
      await store.append(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
      const received = takeFromSubscription(store, start, 5);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.append(stream, [event('C')], { expectedRevision: 1n });
      await store.append(stream, [event('D'), event('E')], { expectedRevision: 2n });
      const events = await received;
      expect(events.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
      const resumed = await takeFromSubscription(store, events[2]!.position, 2);
      expect(resumed.map((e) => e.type)).toEqual(['D', 'E']);
    });

    it('never lets a reader or subscriber skip or repeat an event under concurrent writers', async () => {
      const start = await store.headPosition();
      const writers = 8;
      const perWriter = 40;
      const total = writers * perWriter;
      const subscribed = takeFromSubscription(store, start, total, 30_000);
      const polled: RecordedEvent[] = [];
      let writing = true;
      const poller = (async () => {
        let after = start;
        while (writing || polled.length < total) {
          const page = await store.readAll({ after, limit: 13 });
          polled.push(...page);
          if (page.length > 0) after = page[page.length - 1]!.position;
          else await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })();
      const shared = streamName('shared');
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          const own = streamName(`writer-${w}`);
          for (let i = 0; i < perWriter; i++) {
            const target = i % 4 === 0 ? shared : own;
            await store.append(target, [event('E', { w, i })], { expectedRevision: 'any' });
          }
        }),
      );
      writing = false;
      await poller;
      const live = await subscribed;
      expectRun(
        live.map((e) => e.position),
        start,
        total,
      );
      expect(polled.map((e) => e.position)).toEqual(live.map((e) => e.position));
      const sharedRevisions = (await collect(store.readStream(shared))).map((e) => e.revision);
      expect(sharedRevisions).toEqual(Array.from({ length: writers * (perWriter / 4) }, (_, i) => BigInt(i)));
    });
  });
}
