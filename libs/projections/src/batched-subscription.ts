import type { EventStore, Position, RecordedEvent } from '@app/event-store';

const IDLE = Symbol('idle');
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Groups a subscription into batches: as many events as are ready at once, up to `maxBatch` (asked again
 * before each batch when it is a function). Catch-up reads whole pages (one transaction per page); live it
 * takes what has arrived. Between batches the event loop gets a turn: on SQLite every read resolves as a
 * microtask, and without that turn a long catch-up would keep the process from answering HTTP and pile up
 * memory.
 */
export async function* batchedSubscription(
  store: EventStore,
  after: Position,
  maxBatch: number | (() => number),
  signal: AbortSignal,
): AsyncGenerator<RecordedEvent[]> {
  const size = typeof maxBatch === 'number' ? () => maxBatch : maxBatch;
  let last = after;
  // catch-up: page by page while pages come back full
  while (!signal.aborted) {
    const limit = size();
    const page = await store.readAll({ after: last, limit });
    if (page.length > 0) {
      last = page[page.length - 1]!.position;
      yield page;
      await turn();
    }
    if (page.length < limit) break;
  }
  // live: our own signal, so that leaving early (break or error) can end the subscription's pending wait
  const inner = new AbortController();
  const forward = () => inner.abort();
  signal.addEventListener('abort', forward, { once: true });
  const iterator = store.subscribe({ after: last, signal: inner.signal })[Symbol.asyncIterator]();
  try {
    let pending = iterator.next();
    while (!signal.aborted) {
      const first = await pending;
      if (first.done) return;
      const batch = [first.value];
      const limit = size();
      pending = iterator.next();
      // one idle check per batch: the batch ends when the loop turns or when it is full
      const idle = new Promise<typeof IDLE>((resolve) => setImmediate(() => resolve(IDLE)));
      while (batch.length < limit) {
        const next = await Promise.race([pending, idle]);
        if (next === IDLE) break;
        if (next.done) {
          yield batch;
          return;
        }
        batch.push(next.value);
        pending = iterator.next();
      }
      yield batch;
      await turn();
    }
  } finally {
    signal.removeEventListener('abort', forward);
    inner.abort();
    await iterator.return?.();
  }
}
