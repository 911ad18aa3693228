import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, Position, RecordedEvent } from '../event-store.port.js';

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
  /** An event id is unique across all streams (sqlite, postgres); EventStoreDB only keeps it per stream. */
  globalEventIds?: boolean;
}

/**
 * What each capability's part of the contract is handed. The store is opened only once the suite runs, after
 * every describe block is registered, so it is reached through a function rather than passed as a value.
 */
export interface ContractContext {
  subject: ContractSubject;
  store(): EventStore;
  /** `count` positions after `after`: consecutive where the store promises it, else strictly increasing. */
  expectRun(positions: bigint[], after: bigint, count: number): void;
}

export function streamName(kind: string): string {
  return `${kind}-${randomUUID()}`;
}

export function event(type: string, data: Record<string, unknown> = {}): EventToAppend {
  return { id: randomUUID(), type, data, metadata: { actorId: 'contract-test' } };
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Subscribes after `after` and resolves with the first `count` events; fails if they do not come in time. */
export async function takeFromSubscription(
  store: EventStore,
  after: Position,
  count: number,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const received: RecordedEvent[] = [];
  try {
    for await (const recorded of store.subscribe({ after, signal: controller.signal })) {
      received.push(recorded);
      if (received.length === count) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  if (received.length < count)
    throw new Error(`subscription delivered ${received.length} of ${count} events in time`);
  return received;
}
