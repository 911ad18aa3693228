import { EVENT_TYPE, type AllStreamResolvedEvent, type Filter } from '@eventstore/db-client';
import { toResolved, type EmulatedRecord } from './esdb-emulated-log.js';

/**
 * Test support for EsdbEmulatedServer: the streaming answers the client hands back (reads and the catch-up
 * subscription to $all) in the client's shape: async-iterable, ended early by cancel() / unsubscribe().
 */

/** The server applies a subscription's filter to the event type or the stream name, by regex or prefixes. */
export function passes(filter: Filter | undefined, record: EmulatedRecord): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === EVENT_TYPE ? record.type : record.streamId;
  if ('regex' in filter) return new RegExp(filter.regex).test(subject);
  return filter.prefixes.some((prefix) => subject.startsWith(prefix));
}

/** A turn of the event loop for the network: concurrent callers interleave as with a real server. */
export function roundTrip(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A finished read's answer (the server reads its snapshot when asked) or the error it fails with, which the
 * client raises while iterating, not when the read is made. `open` until read to the end, failed, cancelled.
 */
export class EmulatedRead<E> implements AsyncIterable<E> {
  cancelled = false;
  private ended = false;

  constructor(private readonly answer: readonly E[] | Error) {}

  get open(): boolean {
    return !this.ended && !this.cancelled;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<E> {
    await roundTrip();
    if (this.answer instanceof Error) {
      this.ended = true;
      throw this.answer;
    }
    for (const item of this.answer) {
      if (this.cancelled) return;
      yield item;
    }
    this.ended = true;
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
  }
}

/**
 * A catch-up subscription: the log's records after the start index, then each new one as it is appended, till
 * unsubscribe() (or the client's dispose) ends the iteration, or drop() fails it. `records` is the live $all.
 */
export class EmulatedSubscription implements AsyncIterable<AllStreamResolvedEvent> {
  private stopped = false;
  private failure: unknown;
  private readonly stop: Promise<void>;
  private wakeOnStop: () => void = () => undefined;

  constructor(
    private readonly records: readonly EmulatedRecord[],
    private next: number,
    private readonly filter: Filter | undefined,
    private readonly appended: () => Promise<void>,
  ) {
    this.stop = new Promise((resolve) => (this.wakeOnStop = resolve));
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<AllStreamResolvedEvent> {
    await roundTrip();
    while (!this.stopped) {
      const record = this.records[this.next];
      if (!record) {
        await Promise.race([this.appended(), this.stop]);
        continue;
      }
      this.next++;
      if (passes(this.filter, record)) yield toResolved(record);
    }
    if (this.failure) throw this.failure;
  }

  async unsubscribe(): Promise<void> {
    this.stopped = true;
    this.wakeOnStop();
  }

  /** The server ends the call with an error (a restart, a leader change, access denied). */
  drop(error: unknown): void {
    this.failure = error;
    void this.unsubscribe();
  }
}
