import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendResult,
  type AppendToStreamOptions,
  type EventData,
  type ReadAllOptions,
  type ReadStreamOptions,
  type ResolvedEvent,
  type SubscribeToAllOptions,
} from '@eventstore/db-client';
import { EmulatedLog, positionOf, toResolved, type EmulatedRecord } from './esdb-emulated-log.js';
import { EmulatedRead, EmulatedSubscription, roundTrip } from './esdb-emulated-reads.js';

/**
 * Test support, never imported by production code: an in-memory stand-in for the parts of EventStoreDBClient
 * the adapter calls, behaving as the server documents, so that the adapter's own logic runs in `npm test`.
 * Positions are byte offsets (ordered, far apart); every few appends the server records statistics as a
 * system event, which every reader of $all has to skip. Assumed where the docs say little: reading $all
 * forwards from a position includes the record there, backwards returns the records strictly before it, and a
 * subscription starts after it; a batch written before is answered with its last event's position.
 */
export class EsdbEmulatedServer {
  private readonly log = new EmulatedLog();
  private readonly reads = new Set<EmulatedRead<unknown>>();
  private readonly subscriptions = new Set<EmulatedSubscription>();
  private appends = 0;

  /** @param statsEvery every this many appends the server writes a `$statsCollected` event */
  constructor(private readonly statsEvery = 3) {
    this.collectStats();
  }

  /** System events as the server writes them on its own: a `$` stream and type, no `$ledger` envelope. */
  collectStats(count = 1): void {
    for (let i = 0; i < count; i++)
      this.log.write('$stats-127.0.0.1:2113', '$statsCollected', { 'proc-cpu': i % 100 }, undefined);
    this.log.wake();
  }

  /** Reads neither read to the end nor cancelled: each would hold a gRPC call open on a real server. */
  readsLeftOpen(): number {
    return [...this.reads].filter((read) => read.open).length;
  }

  /** Ends every subscription with an error, as a restarting server or a revoked permission does. */
  dropSubscriptions(error: unknown): void {
    for (const subscription of this.subscriptions) subscription.drop(error);
    this.subscriptions.clear();
  }

  async appendToStream(
    streamName: string,
    events: EventData | EventData[],
    options: AppendToStreamOptions = {},
  ): Promise<AppendResult> {
    await roundTrip();
    const batch = Array.isArray(events) ? events : [events];
    const stored = this.log.stream(streamName) ?? [];
    const current = stored.length > 0 ? BigInt(stored.length - 1) : undefined;
    const expected = options.expectedRevision ?? ANY;
    const refused = () =>
      Promise.reject(
        new WrongExpectedVersionError(undefined, { streamName, expected, current: current ?? NO_STREAM }),
      );
    // idempotence as documented: an expectation behind the stream, met by this very batch, is answered as
    // that write was; an expectation at the head is simply written, repeated ids and all
    const earlier = (after: bigint) => writtenAfter(stored, after, batch);
    if (expected === NO_STREAM && current !== undefined) return earlier(-1n) ?? refused();
    if (expected === STREAM_EXISTS && current === undefined) return refused();
    if (typeof expected === 'bigint' && expected !== current) {
      if (current === undefined || expected > current) return refused();
      return earlier(expected) ?? refused();
    }
    if (expected === ANY) {
      // "does its best": a batch whose first id the stream holds is looked for there
      const first = stored.findIndex((r) => r.id === batch[0]?.id);
      const answer = first >= 0 ? earlier(BigInt(first - 1)) : undefined;
      if (answer) return answer;
    }
    let last: EmulatedRecord | undefined;
    for (const e of batch) last = this.log.write(streamName, e.type, e.data, e.metadata, e.id);
    if (++this.appends % this.statsEvery === 0) this.collectStats();
    this.log.wake();
    return { success: true, nextExpectedRevision: last!.revision, position: positionOf(last!) };
  }

  readStream(streamName: string, options: ReadStreamOptions = {}): EmulatedRead<ResolvedEvent> {
    const stored = this.log.stream(streamName);
    if (!stored) return this.track<ResolvedEvent>(new StreamNotFoundError(undefined, streamName));
    const backwards = options.direction === BACKWARDS;
    const from = options.fromRevision ?? START;
    const at = from === START ? 0n : from === END ? BigInt(stored.length) - (backwards ? 1n : 0n) : from;
    const chosen = backwards
      ? stored.filter((r) => r.revision <= at).reverse()
      : stored.filter((r) => r.revision >= at);
    return this.track(chosen.slice(0, count(options.maxCount)).map(toResolved));
  }

  /** maxCount counts records, system events included. */
  readAll(options: ReadAllOptions = {}): EmulatedRead<AllStreamResolvedEvent> {
    const backwards = options.direction === BACKWARDS;
    const from = options.fromPosition ?? START;
    const all = this.log.records;
    let chosen: EmulatedRecord[];
    if (from === START) chosen = backwards ? [] : [...all];
    else if (from === END) chosen = backwards ? [...all].reverse() : [];
    else if (backwards) chosen = all.filter((r) => r.position < from.commit).reverse();
    else chosen = all.filter((r) => r.position >= from.commit);
    return this.track(chosen.slice(0, count(options.maxCount)).map(toResolved));
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): EmulatedSubscription {
    const from = options.fromPosition ?? START;
    const all = this.log.records;
    const next =
      from === START ? 0 : from === END ? all.length : all.filter((r) => r.position <= from.commit).length;
    const subscription = new EmulatedSubscription(all, next, options.filter, () => this.log.appended());
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The client's dispose closes the channel: every subscription's iteration ends. */
  async dispose(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
    this.subscriptions.clear();
  }

  private track<E>(answer: readonly E[] | Error): EmulatedRead<E> {
    for (const done of this.reads) if (!done.open) this.reads.delete(done);
    const read = new EmulatedRead(answer);
    this.reads.add(read as EmulatedRead<unknown>);
    return read;
  }
}

/** The answer to a batch whose ids the stream holds, in order, right after `after`; undefined otherwise. */
function writtenAfter(
  stored: readonly EmulatedRecord[],
  after: bigint,
  batch: readonly EventData[],
): AppendResult | undefined {
  const start = Number(after) + 1;
  if (!batch.every((e, i) => stored[start + i]?.id === e.id)) return undefined;
  const last = stored[start + batch.length - 1]!;
  return { success: true, nextExpectedRevision: last.revision, position: positionOf(last) };
}

function count(maxCount: number | bigint | undefined): number {
  return maxCount === undefined ? Number.MAX_SAFE_INTEGER : Number(maxCount);
}
