import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { prepareEvents } from './append-plan.js';
import type { EventMetadata, EventToAppend, StreamHead } from './event-store.port.js';
import { chainHash, GENESIS_HASH } from './hash-chain.js';

const recordedAt = new Date('2026-11-25T12:34:56.789Z');

/**
 * The hash as it was defined before appends hashed the stored strings: the payloads after a JSON round
 * trip, in the envelope object chainHash canonicalises. Stores written before must still verify.
 */
function hashBefore(prevHash: string, stream: string, revision: bigint, event: EventToAppend): string {
  return chainHash(prevHash, {
    id: event.id!,
    streamId: stream,
    revision,
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: JSON.parse(JSON.stringify(event.data ?? null)) as unknown,
    metadata: JSON.parse(JSON.stringify({ ...event.metadata })) as EventMetadata,
    recordedAt,
  });
}

/** Prepares the events and checks each hash against the old definition and against a reader's view. */
function expectSameHashes(stream: string, events: EventToAppend[], head?: StreamHead): void {
  const prepared = prepareEvents(stream, events, head, recordedAt);
  let prevHash = head?.hash ?? GENESIS_HASH;
  prepared.forEach((p, i) => {
    expect(p.prevHash).toBe(prevHash);
    expect(p.hash).toBe(hashBefore(prevHash, stream, p.revision, events[i]!));
    // what verifyStream computes from the stored text after reading it back
    const read = { ...p, data: JSON.parse(p.dataJson) as unknown, metadata: JSON.parse(p.metadataJson) };
    expect(chainHash(prevHash, read)).toBe(p.hash);
    prevHash = p.hash;
  });
}

const withId = (n: number, type: string, data: unknown, metadata?: EventMetadata): EventToAppend => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type,
  data,
  ...(metadata ? { metadata } : {}),
});

describe('hash of the stored canonical JSON', () => {
  it('equals chainHash for unicode text and keys in UTF-16 order', () => {
    expectSameHashes('plan-Überlingen-😀', [
      withId(1, 'PlanDrafted', {
        title: 'Zusammen in Überlingen, "Wohnen" & mehr',
        emoji: '😀👩‍👩‍👧',
        control: '\u0000\u0007\b\t\n\f\r\u001f\u007f\u2028\u2029\\/',
        keys: { z: 1, A: 2, é: 3, '€': 4, '😀': 5, '\ud7ff': 6, '\ue000': 7, '': 8, '10': 9, '9': 10 },
      }),
      withId(2, 'Typ mit Ümlaut', 'nur ein Text', { actorId: 'ä-1', reason: 'Beschluss des Gemeinderats' }),
    ]);
  });

  it('equals chainHash for numbers, nesting, empty and odd values', () => {
    const numbers = [
      0,
      -0,
      1,
      -1,
      0.1 + 0.2,
      1e21,
      1e-7,
      5e-324,
      1.7976931348623157e308,
      2 ** 53 + 2,
      123.456,
    ];
    expectSameHashes(
      'measure-1',
      [
        withId(3, 'Numbers', { numbers, nested: { a: [{ b: [[], {}, [null, true, false]] }] } }),
        withId(4, 'Empty', {}),
        withId(5, 'Array', [1, 'two', { three: 3 }]),
        withId(6, 'Null', null),
        withId(7, 'Missing', undefined),
        // JSON.stringify's own mappings: undefined members dropped, in arrays null; NaN and Infinity null
        withId(8, 'Odd', { gone: undefined, list: [undefined, NaN, Infinity, -Infinity], at: recordedAt }),
        { ...withId(9, 'Versioned', { v: 2 }), schemaVersion: 7 },
      ],
      { revision: 41n, hash: 'f'.repeat(64) },
    );
  });

  it('equals chainHash for any JSON payload', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.string({ unit: 'grapheme', minLength: 1 }),
        (data, metadata, type) => expectSameHashes('stream-x', [withId(10, type, data, metadata)]),
      ),
      { numRuns: 500 },
    );
  });

  it('refuses what it refused before', () => {
    expect(() => prepareEvents('s', [withId(11, 'T', { lone: '\ud800' })], undefined, recordedAt)).toThrow();
    expect(() => prepareEvents('s', [withId(12, 'T', { big: 1n })], undefined, recordedAt)).toThrow();
    expect(() => prepareEvents('s', [withId(13, 'T\udc00', {})], undefined, recordedAt)).toThrow();
    expect(() => prepareEvents('s\ud800', [withId(14, 'T', {})], undefined, recordedAt)).toThrow();
    expect(() =>
      prepareEvents('s', [{ ...withId(15, 'T', {}), schemaVersion: NaN }], undefined, recordedAt),
    ).toThrow();
  });
});
