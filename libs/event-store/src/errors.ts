import type { ExpectedRevision, Revision } from './event-store.port.js';

/** Base of every error the store raises on purpose; `code` is stable and safe to show to clients. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

export class ConcurrencyError extends EventStoreError {
  readonly code = 'concurrency_conflict';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: Revision | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, but it is at ${String(actual)}`);
    this.name = 'ConcurrencyError';
  }
}

/** An event id already stored elsewhere: the retry does not match the first append. */
export class DuplicateEventIdError extends EventStoreError {
  readonly code = 'duplicate_event_id';
  constructor(
    readonly eventId: string,
    readonly streamId: string,
  ) {
    super(`event id ${eventId} is already stored in stream ${streamId}`);
    this.name = 'DuplicateEventIdError';
  }
}

export class InvalidEventError extends EventStoreError {
  readonly code = 'invalid_event';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'event_store_unavailable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
