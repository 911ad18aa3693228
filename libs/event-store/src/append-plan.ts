import { randomUUID } from 'node:crypto';
import { ConcurrencyError, DuplicateEventIdError, InvalidEventError } from './errors.js';
import type {
  AppendResult,
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
  Position,
  Revision,
  StreamHead,
} from './event-store.port.js';
import { canonicalJson } from './canonical-json.js';
import { chainHashOfJson, GENESIS_HASH } from './hash-chain.js';

/** One event ready to be written: revision and hash chain are fixed before the write. */
export interface PreparedEvent {
  id: string;
  streamId: string;
  revision: Revision;
  type: string;
  schemaVersion: number;
  /** The payloads as the caller gave them, for a store that serialises them itself (esdb). */
  data: unknown;
  metadata: EventMetadata;
  recordedAt: Date;
  recordedAtIso: string;
  prevHash: string;
  hash: string;
  /** Canonical JSON (RFC 8785): what is stored, and exactly what the hash covers. */
  dataJson: string;
  metadataJson: string;
}

/** Throws ConcurrencyError unless the stream's head is what the caller expected. */
export function checkExpectedRevision(stream: string, expected: ExpectedRevision, head?: StreamHead): void {
  if (expected === 'any') return;
  if (expected === 'no_stream') {
    if (head) throw new ConcurrencyError(stream, expected, head.revision);
    return;
  }
  if (!head || head.revision !== expected)
    throw new ConcurrencyError(stream, expected, head?.revision ?? 'no_stream');
}

export function validateBatch(stream: string, events: readonly EventToAppend[]): void {
  if (!stream || stream.length > 200) throw new InvalidEventError('stream id must be 1 to 200 characters');
  if (events.length === 0) throw new InvalidEventError('an append needs at least one event');
  // most appends carry one event: no set of ids to build
  const ids = events.length > 1 ? new Set<string>() : undefined;
  for (const event of events) {
    if (!event.type) throw new InvalidEventError('every event needs a type');
    if (ids && event.id !== undefined) {
      if (ids.has(event.id)) throw new InvalidEventError(`event id ${event.id} appears twice in one append`);
      ids.add(event.id);
    }
  }
}

/** Gives every event its id, revision and place in the stream's hash chain. */
export function prepareEvents(
  stream: string,
  events: readonly EventToAppend[],
  head: StreamHead | undefined,
  recordedAt: Date,
): PreparedEvent[] {
  let prevHash = head?.hash ?? GENESIS_HASH;
  let revision = head ? head.revision + 1n : 0n;
  const recordedAtIso = recordedAt.toISOString();
  const prepared: PreparedEvent[] = [];
  for (const event of events) {
    const data = event.data ?? null;
    const metadata = { ...event.metadata };
    // stored as the canonical text that is hashed: a reader parses back the very value the hash covers
    const next: PreparedEvent = {
      id: event.id ?? randomUUID(),
      streamId: stream,
      revision,
      type: event.type,
      schemaVersion: event.schemaVersion ?? 1,
      data,
      metadata,
      recordedAt,
      recordedAtIso,
      prevHash,
      hash: '',
      dataJson: canonicalJson(data),
      metadataJson: canonicalJson(metadata),
    };
    next.hash = chainHashOfJson(prevHash, next);
    prepared.push(next);
    prevHash = next.hash;
    revision += 1n;
  }
  return prepared;
}

export interface StoredIdentity {
  id: string;
  streamId: string;
  revision: Revision;
  position: Position;
}

/**
 * Decides whether an append whose ids are (partly) stored already is a retry of an earlier, successful
 * append: then it answers as that one did. Anything else is a conflict, never a silent partial write.
 */
export function resolveRetry(
  stream: string,
  expected: ExpectedRevision,
  ids: readonly string[],
  stored: readonly StoredIdentity[],
): AppendResult | undefined {
  if (stored.length === 0) return undefined;
  const elsewhere = stored.find((s) => s.streamId !== stream);
  if (elsewhere) throw new DuplicateEventIdError(elsewhere.id, elsewhere.streamId);
  const byId = new Map(stored.map((s) => [s.id, s]));
  const first = byId.get(ids[0] ?? '');
  const sameBatch =
    first !== undefined &&
    stored.length === ids.length &&
    ids.every((id, i) => byId.get(id)?.revision === first.revision + BigInt(i));
  if (!sameBatch) throw new DuplicateEventIdError(stored[0]!.id, stream);
  const expectedFirst = expected === 'any' ? first.revision : expected === 'no_stream' ? 0n : expected + 1n;
  if (first.revision !== expectedFirst) throw new ConcurrencyError(stream, expected, first.revision - 1n);
  const last = byId.get(ids[ids.length - 1]!)!;
  return { nextRevision: last.revision, position: last.position };
}
