import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '@app/event-store';

/**
 * The event store as the CLI's projection runner sees it: `subscribe` reads pages of `pageSize` events up to
 * the end of the store and then ends (the CLI only ever catches up), and lets the event loop turn before
 * each page.
 *
 * Why: the store's own catch-up subscription on SQLite resolves every page within microtasks, so a long
 * catch-up never returns to the event loop. Timers do not fire (no progress lines), and the setImmediate
 * that batchedSubscription schedules for every event piles up, each keeping its event alive, until the
 * catch-up ends (about 2 KB per event: gigabytes for a million). With a turn per page both stay bounded.
 */
export class PageWiseStore implements EventStore {
  readonly kind: EventStore['kind'];

  constructor(
    private readonly inner: EventStore,
    private readonly pageSize: number,
  ) {
    this.kind = inner.kind;
  }

  async *subscribe({ after, signal }: SubscribeOptions): AsyncGenerator<RecordedEvent> {
    let last = after ?? 0n;
    while (!signal.aborted) {
      await new Promise((resolve) => setImmediate(resolve));
      const page = await this.inner.readAll({ after: last, limit: this.pageSize });
      for (const event of page) {
        if (signal.aborted) return;
        yield event;
      }
      if (page.length < this.pageSize) return;
      last = page[page.length - 1]!.position;
    }
  }

  append(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    return this.inner.append(stream, events, options);
  }

  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.inner.readStream(stream, options);
  }

  readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
