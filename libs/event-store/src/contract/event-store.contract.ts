import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConcurrencyError, DuplicateEventIdError, InvalidEventError } from '../errors.js';
import type { EventStore, EventToAppend, RecordedEvent } from '../event-store.port.js';
import { verifyStream } from '../hash-chain.js';
import { collect, event, streamName, takeFromSubscription } from './contract-helpers.js';

export interface ContractSubject {
  open(): Promise<EventStore>;
  /**
   * Changes a stored event's payload behind the store's back, as an attacker with database access would.
   * Absent for stores whose log cannot be changed in place (EventStoreDB): those tests are skipped, visibly.
   */
  tamperPayload?(store: EventStore, streamId: string, revision: bigint): Promise<void>;
  /** Deletes a stored event behind the store's back. */
  deleteEvent?(store: EventStore, streamId: string, revision: bigint): Promise<void>;
  /** Positions run 1, 2, 3… without gaps (sqlite, postgres); EventStoreDB's are ordered but not consecutive. */
  consecutivePositions?: boolean;
}

/** The one contract every adapter must pass; each adapter's spec calls it with its own subject. */
export function describeEventStoreContract(name: string, subject: ContractSubject): void {
  /** `count` positions after `after`: consecutive where the store promises it, else strictly increasing. */
  const expectRun = (positions: bigint[], after: bigint, count: number) => {
    if (subject.consecutivePositions ?? true) {
      expect(positions).toEqual(Array.from({ length: count }, (_, i) => after + 1n + BigInt(i)));
      return;
    }
    expect(positions).toHaveLength(count);
    positions.forEach((p, i) => expect(p).toBeGreaterThan(i === 0 ? after : positions[i - 1]!));
  };
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await subject.open();
    });
    afterAll(async () => {
      await store?.close();
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
        const result = await store.append(stream, [event('A'), event('B'), event('C')], {
          expectedRevision: 'no_stream',
        });
        const stored = await collect(store.readStream(stream));
        expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expectRun(
          stored.map((e) => e.position),
          result.position - 3n,
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

      it('refuses stored ids with another expected revision, in another stream, or only partly stored', async () => {
        const stream = streamName('plan');
        const a = event('A');
        const b = event('B');
        await store.append(stream, [a], { expectedRevision: 'no_stream' });
        await store.append(stream, [b], { expectedRevision: 0n });
        await expect(store.append(stream, [b], { expectedRevision: 1n })).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
        await expect(
          store.append(streamName('other'), [a], { expectedRevision: 'any' }),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
        await expect(store.append(stream, [b, event('C')], { expectedRevision: 0n })).rejects.toBeInstanceOf(
          DuplicateEventIdError,
        );
        expect(await collect(store.readStream(stream))).toHaveLength(2);
      });
    });

    describe('readStream', () => {
      const stream = streamName('long');
      let appendedAt: Date;
      beforeAll(async () => {
        const batch: EventToAppend[] = Array.from({ length: 1_203 }, (_, i) =>
          event('ProgressReported', { i }),
        );
        await store.append(stream, batch.slice(0, 1_000), { expectedRevision: 'no_stream' });
        await new Promise((resolve) => setTimeout(resolve, 20));
        appendedAt = new Date();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await store.append(stream, batch.slice(1_000), { expectedRevision: 999n });
      });

      it('reads forwards across pages in revision order', async () => {
        const all = await collect(store.readStream(stream));
        expect(all.map((e) => e.revision)).toEqual(Array.from({ length: 1_203 }, (_, i) => BigInt(i)));
        expect(all[1_202]!.data).toEqual({ i: 1_202 });
      });

      it('reads backwards, from a revision, up to a revision, with a limit', async () => {
        const backwards = await collect(store.readStream(stream, { direction: 'backwards' }));
        expect(backwards.map((e) => e.revision)).toEqual(
          Array.from({ length: 1_203 }, (_, i) => BigInt(1_202 - i)),
        );
        const from = await collect(store.readStream(stream, { fromRevision: 600n }));
        expect(from[0]!.revision).toBe(600n);
        expect(from).toHaveLength(603);
        const window = await collect(store.readStream(stream, { fromRevision: 10n, toRevision: 12n }));
        expect(window.map((e) => e.revision)).toEqual([10n, 11n, 12n]);
        const back = await collect(
          store.readStream(stream, { direction: 'backwards', fromRevision: 12n, toRevision: 10n }),
        );
        expect(back.map((e) => e.revision)).toEqual([12n, 11n, 10n]);
        const lastTwo = await collect(store.readStream(stream, { direction: 'backwards', maxCount: 2 }));
        expect(lastTwo.map((e) => e.revision)).toEqual([1_202n, 1_201n]);
      });

      it('reads up to an instant', async () => {
        const then = await collect(store.readStream(stream, { until: appendedAt }));
        expect(then).toHaveLength(1_000);
        expect(then.every((e) => e.recordedAt <= appendedAt)).toBe(true);
      });

      it('yields nothing for an unknown stream', async () => {
        expect(await collect(store.readStream(streamName('unknown')))).toEqual([]);
      });

      it('returns data, metadata and ids exactly as appended', async () => {
        const s = streamName('plan');
        const sent = event('PlanDrafted', {
          title: 'Zusammen in Überlingen, "Wohnen" & mehr',
          n: 1.5,
          list: [1, null],
          nested: { a: true },
        });
        sent.metadata = { actorId: 'm-1', reason: 'Beschluss des Gemeinderats', correlationId: randomUUID() };
        sent.schemaVersion = 2;
        await store.append(s, [sent], { expectedRevision: 'no_stream' });
        const [got] = await collect(store.readStream(s));
        expect(got).toMatchObject({
          id: sent.id,
          type: 'PlanDrafted',
          schemaVersion: 2,
          data: sent.data,
          metadata: sent.metadata,
        });
        expect(got!.recordedAt).toBeInstanceOf(Date);
        expect(got!.streamId).toBe(s);
      });
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
        expect(sharedRevisions).toEqual(
          Array.from({ length: writers * (perWriter / 4) }, (_, i) => BigInt(i)),
        );
      });
    });

    describe('hash chain', () => {
      it('verifies an untouched stream', async () => {
        const stream = streamName('plan');
        await store.append(stream, [event('A'), event('B')], { expectedRevision: 'no_stream' });
        await store.append(stream, [event('C')], { expectedRevision: 1n });
        const events = await collect(store.readStream(stream));
        expect(events[1]!.prevHash).toBe(events[0]!.hash);
        expect(await verifyStream(stream, store.readStream(stream))).toEqual({
          streamId: stream,
          ok: true,
          checkedEvents: 3,
        });
      });

      const tampering = subject.tamperPayload && subject.deleteEvent ? it : it.skip;
      tampering('detects and names a changed payload', async () => {
        const stream = streamName('plan');
        await store.append(stream, [event('A'), event('B'), event('C')], { expectedRevision: 'no_stream' });
        await subject.tamperPayload!(store, stream, 1n);
        const result = await verifyStream(stream, store.readStream(stream));
        expect(result).toMatchObject({
          ok: false,
          checkedEvents: 1,
          firstBrokenAt: { reason: 'hash_mismatch', revision: '1' },
        });
      });

      tampering('detects and names a deleted event', async () => {
        const stream = streamName('plan');
        await store.append(stream, [event('A'), event('B'), event('C')], { expectedRevision: 'no_stream' });
        await subject.deleteEvent!(store, stream, 1n);
        const result = await verifyStream(stream, store.readStream(stream));
        expect(result).toMatchObject({
          ok: false,
          checkedEvents: 1,
          firstBrokenAt: { reason: 'missing_revision', revision: '1' },
        });
      });
    });
  });
}
