import { describe, expect, it } from '@jest/globals';
import { ConcurrencyError } from '../errors.js';
import { chainHash, GENESIS_HASH, verifyStream } from '../hash-chain.js';
import {
  concurrencyFrom,
  envelope,
  fromEsdb,
  isStreamNotFound,
  isWrongExpectedVersion,
  LEDGER_KEY,
  type EsdbRecorded,
} from './esdb-mapping.js';

/** The mapping at the client's boundary; the contract suite proves the adapter against a real server. */
describe('EventStoreDB mapping', () => {
  const recordedAt = new Date('2026-03-01T10:00:00.000Z');
  const content = {
    id: '5f0f8f52-0000-4000-8000-000000000001',
    streamId: 'plan-1',
    revision: 0n,
    type: 'PlanDrafted',
    schemaVersion: 1,
    data: { title: 'Masterplan' },
    metadata: { actorId: 'm-1', reason: 'Auftakt' },
    recordedAt,
  };
  const hash = chainHash(GENESIS_HASH, content);
  const raw: EsdbRecorded = {
    streamId: 'plan-1',
    id: content.id,
    revision: 0n,
    type: 'PlanDrafted',
    created: new Date('2026-03-01T10:00:00.123Z'),
    data: content.data,
    metadata: envelope(content.metadata, {
      prevHash: GENESIS_HASH,
      hash,
      schemaVersion: 1,
      recordedAt: recordedAt.toISOString(),
    }),
    position: { commit: 4711n, prepare: 4711n },
  };

  it('restores the event with its own metadata, its hash chain and the commit position', async () => {
    const event = fromEsdb(raw)!;
    expect(event).toEqual({ ...content, position: 4711n, prevHash: GENESIS_HASH, hash });
    expect(event.metadata).not.toHaveProperty(LEDGER_KEY);
    async function* one() {
      yield event;
    }
    expect(await verifyStream('plan-1', one())).toMatchObject({ ok: true, checkedEvents: 1 });
  });

  it('skips system events and events written without the ledger envelope', () => {
    expect(fromEsdb({ ...raw, streamId: '$stats-127.0.0.1:2113' })).toBeUndefined();
    expect(fromEsdb({ ...raw, type: '$metadata' })).toBeUndefined();
    expect(fromEsdb({ ...raw, metadata: { actorId: 'someone else' } })).toBeUndefined();
  });

  it('maps WrongExpectedVersionError to ConcurrencyError with the actual revision', () => {
    const error = Object.assign(new Error('wrong'), { type: 'wrong-expected-version', actualVersion: 7n });
    expect(isWrongExpectedVersion(error)).toBe(true);
    const mapped = concurrencyFrom('plan-1', 3n, error);
    expect(mapped).toBeInstanceOf(ConcurrencyError);
    expect(mapped).toMatchObject({ expected: 3n, actual: 7n, code: 'concurrency_conflict' });
    expect(concurrencyFrom('plan-1', 'no_stream', { actualVersion: 'no_stream' }).actual).toBe('no_stream');
    expect(isStreamNotFound(Object.assign(new Error('x'), { type: 'stream-not-found' }))).toBe(true);
  });
});
