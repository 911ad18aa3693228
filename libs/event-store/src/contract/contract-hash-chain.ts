import { beforeAll, describe, expect, it } from '@jest/globals';
import type { EventStore } from '../event-store.port.js';
import { verifyStream } from '../hash-chain.js';
import { collect, event, streamName, type ContractContext } from './contract-helpers.js';

/** The hash chain as stored: intact it verifies; changed or deleted behind the store's back, it names where. */
export function describeHashChainContract(context: ContractContext): void {
  const { subject } = context;
  let store: EventStore;
  beforeAll(() => {
    store = context.store();
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
}
