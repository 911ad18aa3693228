import {
  EventStoreDBClient,
  excludeSystemEvents,
  jsonEvent,
  NO_STREAM,
  type JSONType,
} from '@eventstore/db-client';
import { checkExpectedRevision, prepareEvents, resolveRetry, validateBatch } from '../append-plan.js';
import { DuplicateEventIdError } from '../errors.js';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamHead,
  SubscribeOptions,
} from '../event-store.port.js';
import { concurrencyFrom, envelope, isWrongExpectedVersion, translateEsdbError } from './esdb-mapping.js';
import { pingEsdb, readEsdbAll, readEsdbHeadPosition, readEsdbStream } from './esdb-reads.js';
import { esdbSubscription } from './esdb-subscription.js';

/** How many of a stream's newest events a retried append is looked for in. */
const RETRY_WINDOW = 50;
/** How long an append with 'any' keeps trying when other writers keep getting in first. */
const ANY_RETRY_MS = 10_000;

/** A growing, jittered pause, so that writers that collided do not collide again in step. */
function pause(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(500, 5 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * EventStoreDB / KurrentDB through @eventstore/db-client: the production engine. Each stream is an ESDB stream;
 * the hash chain travels in the event metadata ($ledger); positions are $all commit positions (ordered, not
 * consecutive). The expected revision is mapped one to one; 'any' is appended at the head just read so that the
 * chain stays linear, and retried if another writer got in between.
 */
export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb';

  constructor(readonly client: EventStoreDBClient) {}

  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(connectionString));
  }

  async append(
    stream: string,
    events: readonly EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    validateBatch(stream, events);
    const ids = events.flatMap((e) => (e.id === undefined ? [] : [e.id]));
    const deadline = Date.now() + ANY_RETRY_MS;
    for (let attempt = 1; ; attempt++) {
      // EventStoreDB itself drops repeated ids only when the expected revision is behind the stream's:
      // a retry at the head (or with 'any') would be written twice, so stored ids are looked for first
      const tail = await this.tail(stream, ids.length > 0 ? Math.max(RETRY_WINDOW, ids.length * 4) : 1);
      const retried = this.retryIn(tail, stream, events, ids, options);
      if (retried) return retried;
      const head = tail[0] && { revision: tail[0].revision, hash: tail[0].hash };
      checkExpectedRevision(stream, options.expectedRevision, head);
      try {
        return await this.write(stream, events, head);
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw translateEsdbError(error);
        // another writer got in between: an exact revision is decided again on the new tail (this very
        // append may be what got in), 'any' tries again at the new head
        const again = options.expectedRevision !== 'any' ? attempt < 2 : Date.now() < deadline;
        if (!again) throw concurrencyFrom(stream, options.expectedRevision, error);
        if (options.expectedRevision === 'any') await pause(attempt);
      }
    }
  }

  /**
   * A retried append whose events are stored already answers as the first append did; ids stored otherwise
   * refuse it. EventStoreDB keeps no index of ids across streams, so only the stream's recent events
   * (RETRY_WINDOW) are looked at: an id in another stream is not found.
   */
  private retryIn(
    tail: readonly RecordedEvent[],
    stream: string,
    events: readonly EventToAppend[],
    ids: readonly string[],
    options: AppendOptions,
  ): AppendResult | undefined {
    const stored = tail
      .filter((e) => ids.includes(e.id))
      .map((e) => ({ id: e.id, streamId: e.streamId, revision: e.revision, position: e.position }));
    if (stored.length === 0) return undefined;
    if (ids.length !== events.length) throw new DuplicateEventIdError(stored[0]!.id, stream);
    return resolveRetry(stream, options.expectedRevision, ids, stored);
  }

  private async write(
    stream: string,
    events: readonly EventToAppend[],
    head: StreamHead | undefined,
  ): Promise<AppendResult> {
    const prepared = prepareEvents(stream, events, head, new Date());
    const result = await this.client.appendToStream(
      stream,
      prepared.map((e) =>
        jsonEvent({
          id: e.id,
          type: e.type,
          // as hashed: null stays null (the client writes JSON.stringify of it)
          data: e.data as JSONType,
          metadata: envelope(e.metadata, {
            prevHash: e.prevHash,
            hash: e.hash,
            schemaVersion: e.schemaVersion,
            recordedAt: e.recordedAt.toISOString(),
          }),
        }),
      ),
      { expectedRevision: head ? head.revision : NO_STREAM },
    );
    return { nextRevision: result.nextExpectedRevision, position: result.position?.commit ?? 0n };
  }

  /** A stream's newest events, newest first: the head the chain continues from, and ids for retries. */
  private async tail(stream: string, count: number): Promise<RecordedEvent[]> {
    const recent: RecordedEvent[] = [];
    for await (const e of readEsdbStream(this.client, stream, { direction: 'backwards', maxCount: count }))
      recent.push(e);
    return recent;
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncGenerator<RecordedEvent> {
    yield* readEsdbStream(this.client, stream, options);
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return readEsdbAll(this.client, options);
  }

  subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent> {
    return esdbSubscription(this.client, options.after ?? 0n, options.signal, excludeSystemEvents());
  }

  async headPosition(): Promise<Position> {
    return readEsdbHeadPosition(this.client);
  }

  async ping(): Promise<void> {
    await pingEsdb(this.client);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
