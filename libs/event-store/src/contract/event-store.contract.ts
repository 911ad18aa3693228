import { afterAll, beforeAll, describe, expect } from '@jest/globals';
import type { EventStore } from '../event-store.port.js';
import { describeAppendContract } from './contract-append.js';
import { describeHashChainContract } from './contract-hash-chain.js';
import type { ContractContext, ContractSubject } from './contract-helpers.js';
import { describeReadAllContract } from './contract-read-all.js';
import { describeReadStreamContract } from './contract-read-stream.js';

export type { ContractSubject } from './contract-helpers.js';

/**
 * The one contract every adapter must pass; each adapter's spec calls it with its own subject. Written once so
 * that sqlite, postgres and EventStoreDB are held to the same behaviour: what an engine cannot offer (changing
 * EventStoreDB's log in place) is skipped visibly, never left out.
 */
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

    // one store for every capability, opened once: each test writes to fresh streams (streamName) and counts
    // positions from the head it finds, so no part depends on another's data or needs a store of its own
    const context: ContractContext = { subject, store: () => store, expectRun };
    describeAppendContract(context);
    describeReadStreamContract(context);
    describeReadAllContract(context);
    describeHashChainContract(context);
  });
}
