import type { ChangeNotifier } from './change-notifier.js';
import type { Position, RecordedEvent } from './event-store.port.js';

export interface CatchUpSource {
  readPage(after: Position, limit: number): Promise<RecordedEvent[]>;
  notifier: ChangeNotifier;
  pollIntervalMs: number;
  pageSize: number;
}

/**
 * Catch-up, then live, for stores whose positions become visible in order (sqlite, postgres): reading
 * strictly after the last delivered position can neither skip nor repeat an event.
 */
export async function* catchUpSubscription(
  source: CatchUpSource,
  after: Position | undefined,
  signal: AbortSignal,
): AsyncGenerator<RecordedEvent> {
  let last = after ?? 0n;
  while (!signal.aborted) {
    const version = source.notifier.current;
    const page = await source.readPage(last, source.pageSize);
    for (const event of page) {
      if (signal.aborted) return;
      yield event;
      last = event.position;
    }
    if (page.length < source.pageSize) await source.notifier.wait(version, source.pollIntervalMs, signal);
  }
}
