import { createHash, hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalString } from './canonical-json.js';
import type { EventMetadata, RecordedEvent } from './event-store.port.js';

/** The prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  recordedAt: Date;
}

/**
 * SHA-256 over the previous hash and the canonical JSON (RFC 8785) of what the event says. The global
 * position is left out on purpose: it belongs to the store, not to the stream's history, so an exported
 * stream verifies the same in any store.
 */
export function chainHash(prevHash: string, event: HashedContent): string {
  const canonical = canonicalize({
    id: event.id,
    streamId: event.streamId,
    revision: event.revision.toString(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  });
  if (canonical === undefined) throw new Error('event content cannot be serialised');
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}

/** The hashed fields of an event whose payloads are already canonical JSON (see canonicalJson). */
export interface SerialisedContent {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  schemaVersion: number;
  dataJson: string;
  metadataJson: string;
  recordedAtIso: string;
}

/**
 * chainHash without building and walking the envelope object: the payloads are joined in as the canonical
 * strings they are stored as, and the envelope's keys are written in RFC 8785 order (UTF-16 code units:
 * data, id, metadata, recordedAt, revision, schemaVersion, streamId, type). Same bytes, same hash; the spec
 * proves it against chainHash.
 */
export function chainHashOfJson(prevHash: string, event: SerialisedContent): string {
  const canonical =
    `{"data":${event.dataJson},"id":${canonicalString(event.id)},"metadata":${event.metadataJson}` +
    `,"recordedAt":${canonicalString(event.recordedAtIso)},"revision":"${event.revision}"` +
    `,"schemaVersion":${canonicalize(event.schemaVersion)},"streamId":${canonicalString(event.streamId)}` +
    `,"type":${canonicalString(event.type)}}`;
  return hash('sha256', prevHash + canonical, 'hex');
}

export type ChainBreak =
  | { kind: 'hash_mismatch'; event: RecordedEvent }
  | { kind: 'prev_hash_mismatch'; event: RecordedEvent }
  | { kind: 'missing_revision'; event: RecordedEvent; expectedRevision: bigint };

export interface StreamVerification {
  streamId: string;
  ok: boolean;
  checkedEvents: number;
  firstBrokenAt?: {
    reason: ChainBreak['kind'];
    streamId: string;
    revision: string;
    position: string;
    eventId: string;
    type: string;
  };
}

/**
 * Recomputes a stream's chain, oldest first. A changed payload breaks its own hash; a deleted event shows
 * as a missing revision (or, at the end of a stream, cannot be told from a shorter stream: the caller
 * compares with the audit index for that).
 */
export async function verifyStream(
  streamId: string,
  events: AsyncIterable<RecordedEvent>,
): Promise<StreamVerification> {
  let prevHash = GENESIS_HASH;
  let expectedRevision = 0n;
  let checked = 0;
  for await (const event of events) {
    const broken = findBreak(event, prevHash, expectedRevision);
    if (broken) {
      return { streamId, ok: false, checkedEvents: checked, firstBrokenAt: describe(broken) };
    }
    checked += 1;
    prevHash = event.hash;
    expectedRevision = event.revision + 1n;
  }
  return { streamId, ok: true, checkedEvents: checked };
}

function findBreak(event: RecordedEvent, prevHash: string, expectedRevision: bigint): ChainBreak | undefined {
  if (event.revision !== expectedRevision) return { kind: 'missing_revision', event, expectedRevision };
  if (event.prevHash !== prevHash) return { kind: 'prev_hash_mismatch', event };
  if (chainHash(prevHash, event) !== event.hash) return { kind: 'hash_mismatch', event };
  return undefined;
}

function describe(broken: ChainBreak): NonNullable<StreamVerification['firstBrokenAt']> {
  const { event } = broken;
  return {
    reason: broken.kind,
    streamId: event.streamId,
    revision: (broken.kind === 'missing_revision' ? broken.expectedRevision : event.revision).toString(),
    position: event.position.toString(),
    eventId: event.id,
    type: event.type,
  };
}
