import type { EventStore, Position, RecordedEvent } from '@app/event-store';

const IDLE = Symbol('idle');

/**
 * Groups a subscription into batches: as many events as are ready at once, up to `maxBatch`. During
 * catch-up that means full batches (one transaction per thousand events); live it means small, prompt ones.
 */
export async function* batchedSubscription(
  store: EventStore,
  after: Position,
  maxBatch: number,
  signal: AbortSignal,
): AsyncGenerator<RecordedEvent[]> {
  // our own signal, so that leaving early (break or error) can end the subscription's pending wait
  const inner = new AbortController();
  const forward = () => inner.abort();
  signal.addEventListener('abort', forward, { once: true });
  const iterator = store.subscribe({ after, signal: inner.signal })[Symbol.asyncIterator]();
  try {
    let pending = iterator.next();
    while (!signal.aborted) {
      const first = await pending;
      if (first.done) return;
      const batch = [first.value];
      pending = iterator.next();
      while (batch.length < maxBatch) {
        const next = await Promise.race([
          pending,
          new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE))),
        ]);
        if (next === IDLE) break;
        if (next.done) {
          yield batch;
          return;
        }
        batch.push(next.value);
        pending = iterator.next();
      }
      yield batch;
    }
  } finally {
    signal.removeEventListener('abort', forward);
    inner.abort();
    await iterator.return?.();
  }
}
