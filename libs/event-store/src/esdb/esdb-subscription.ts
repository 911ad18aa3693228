import { setTimeout as delay } from 'node:timers/promises';
import { START, type EventStoreDBClient, type Filter } from '@eventstore/db-client';
import type { RecordedEvent } from '../event-store.port.js';
import {
  fromEsdb,
  isUnavailable,
  toReadPosition,
  translateEsdbError,
  type EsdbRecorded,
} from './esdb-mapping.js';

/**
 * A catch-up subscription to $all without system events, resuming after the last delivered position. When the
 * server drops it (restart, leader change, network) it subscribes again from that position after a short
 * backoff; events at or before the last delivered position are skipped, so there is no gap and no repeat.
 * Errors a new subscription cannot cure (access denied, a position that is not a record's) end it instead.
 */
export async function* esdbSubscription(
  client: EventStoreDBClient,
  after: bigint,
  signal: AbortSignal,
  filter: Filter,
): AsyncGenerator<RecordedEvent> {
  let last = after;
  let backoff = 200;
  while (!signal.aborted) {
    const subscription = client.subscribeToAll({
      fromPosition: last > 0n ? toReadPosition(last) : START,
      filter,
    });
    const stop = () => void subscription.unsubscribe();
    signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const resolved of subscription) {
        const event = resolved.event ? fromEsdb(resolved.event as unknown as EsdbRecorded) : undefined;
        if (!event || event.position <= last) continue;
        last = event.position;
        backoff = 200;
        yield event;
      }
      if (signal.aborted) return;
    } catch (error) {
      if (signal.aborted) return;
      if (!isUnavailable(error) && (error as { type?: string }).type !== 'cancelled')
        throw translateEsdbError(error);
    } finally {
      signal.removeEventListener('abort', stop);
      await subscription.unsubscribe().catch(() => undefined);
    }
    // ends early when the subscription is stopped, so that a shutdown does not wait for it
    await delay(backoff, undefined, { signal }).catch(() => undefined);
    backoff = Math.min(backoff * 2, 10_000);
  }
}
