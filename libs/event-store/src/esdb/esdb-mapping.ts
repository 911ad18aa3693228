/**
 * Everything that knows the shape of @eventstore/db-client's types lives in the esdb folder, so that a move
 * to the renamed @kurrent/kurrentdb-client touches nothing else. This file is the pure part: mapping
 * revisions, positions, the metadata envelope that carries the hash chain, and the client's errors.
 */
import { ConcurrencyError, EventStoreUnavailableError } from '../errors.js';
import type { EventMetadata, ExpectedRevision, RecordedEvent } from '../event-store.port.js';

/** Our own fields inside EventStoreDB's event metadata; the rest of the metadata is the event's own. */
export const LEDGER_KEY = '$ledger';

export interface LedgerEnvelope {
  prevHash: string;
  hash: string;
  schemaVersion: number;
  /** the instant the hash covers (the server's `created` is a different clock) */
  recordedAt: string;
}

export interface EsdbRecorded {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  position?: { commit: bigint; prepare: bigint };
}

export type EsdbExpected = 'no_stream' | 'any' | 'stream_exists' | bigint;

export function envelope(metadata: EventMetadata, ledger: LedgerEnvelope): Record<string, unknown> {
  return { ...metadata, [LEDGER_KEY]: ledger };
}

/** A recorded event of ours; undefined for system events and events written by others (no envelope). */
export function fromEsdb(event: EsdbRecorded, commitPosition?: bigint): RecordedEvent | undefined {
  if (event.streamId.startsWith('$') || event.type.startsWith('$')) return undefined;
  const meta = (event.metadata ?? {}) as Record<string, unknown>;
  const ledger = meta[LEDGER_KEY] as LedgerEnvelope | undefined;
  if (!ledger || typeof ledger.hash !== 'string') return undefined;
  const { [LEDGER_KEY]: _ledger, ...own } = meta;
  const position = commitPosition ?? event.position?.commit;
  if (position === undefined) return undefined;
  return {
    id: event.id,
    type: event.type,
    schemaVersion: ledger.schemaVersion,
    data: event.data,
    metadata: own as EventMetadata,
    streamId: event.streamId,
    revision: event.revision,
    position,
    recordedAt: new Date(ledger.recordedAt),
    prevHash: ledger.prevHash,
    hash: ledger.hash,
  };
}

/** The commit position as the port's position; resuming "after P" starts at {commit: P, prepare: P}. */
export function toReadPosition(after: bigint): { commit: bigint; prepare: bigint } {
  return { commit: after, prepare: after };
}

/** WrongExpectedVersionError → ConcurrencyError, keeping what the caller expected and where the stream is. */
export function concurrencyFrom(
  stream: string,
  expected: ExpectedRevision,
  error: { actualVersion?: unknown },
): ConcurrencyError {
  const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : 'no_stream';
  return new ConcurrencyError(stream, expected, actual);
}

export function isWrongExpectedVersion(error: unknown): error is { actualVersion?: unknown } {
  return (
    (error as { type?: string; name?: string })?.type === 'wrong-expected-version' ||
    (error as Error)?.name === 'WrongExpectedVersionError'
  );
}

export function isStreamNotFound(error: unknown): boolean {
  return (
    (error as { type?: string })?.type === 'stream-not-found' ||
    (error as Error)?.name === 'StreamNotFoundError'
  );
}

export function isUnavailable(error: unknown): boolean {
  const type = (error as { type?: string })?.type;
  return (
    type === 'unavailable' ||
    type === 'deadline-exceeded' ||
    type === 'not-leader' ||
    (error as Error)?.name === 'UnavailableError'
  );
}

/** A server that cannot be reached is the port's EventStoreUnavailableError; anything else passes unchanged. */
export function translateEsdbError(error: unknown): unknown {
  if (isUnavailable(error)) {
    return new EventStoreUnavailableError(`EventStoreDB is not reachable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return error;
}
