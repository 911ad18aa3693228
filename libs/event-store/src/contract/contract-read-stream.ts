import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore, EventToAppend } from '../event-store.port.js';
import { collect, event, streamName, type ContractContext } from './contract-helpers.js';

/** Reading one stream: long enough to need several pages, in every direction and window the port offers. */
export function describeReadStreamContract(context: ContractContext): void {
  let store: EventStore;
  beforeAll(() => {
    store = context.store();
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
}
