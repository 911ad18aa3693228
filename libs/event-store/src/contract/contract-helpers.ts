import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend, Position, RecordedEvent } from '../event-store.port.js';

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
