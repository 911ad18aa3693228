import { EventStoreDBClient, excludeSystemEvents, jsonEvent, NO_STREAM } from '@eventstore/db-client';
import { checkExpectedRevision, prepareEvents, resolveRetry, validateBatch } from '../append-plan.js';
import { ConcurrencyError } from '../errors.js';
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
import { readEsdbAll, readEsdbHeadPosition, readEsdbStream } from './esdb-reads.js';
import { esdbSubscription } from './esdb-subscription.js';

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
    for (let attempt = 1; ; attempt++) {
      const head = await this.head(stream);
      try {
        checkExpectedRevision(stream, options.expectedRevision, head);
        return await this.write(stream, events, head);
      } catch (error) {
        const conflict = error instanceof ConcurrencyError || isWrongExpectedVersion(error);
        if (!conflict) throw translateEsdbError(error);
        const retried = await this.findRetry(stream, events, options);
        if (retried) return retried;
        if (options.expectedRevision !== 'any' || attempt >= 5) {
          throw error instanceof ConcurrencyError
            ? error
            : concurrencyFrom(stream, options.expectedRevision, error);
        }
      }
    }
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
          data: (e.data ?? {}) as Record<string, unknown>,
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

  /** The last event of a stream (revision and hash): the chain continues from it. */
  private async head(stream: string): Promise<StreamHead | undefined> {
    for await (const recorded of readEsdbStream(this.client, stream, {
      direction: 'backwards',
      maxCount: 1,
    })) {
      return { revision: recorded.revision, hash: recorded.hash };
    }
    return undefined;
  }

  /** A retried append whose events are stored already answers as the first append did. */
  private async findRetry(stream: string, events: readonly EventToAppend[], options: AppendOptions) {
    const ids = events.map((e) => e.id).filter((id): id is string => id !== undefined);
    if (ids.length !== events.length) return undefined;
    const recent: RecordedEvent[] = [];
    for await (const e of readEsdbStream(this.client, stream, {
      direction: 'backwards',
      maxCount: Math.max(50, ids.length * 4),
    }))
      recent.push(e);
    const stored = recent
      .filter((e) => ids.includes(e.id))
      .map((e) => ({ id: e.id, streamId: e.streamId, revision: e.revision, position: e.position }));
    return resolveRetry(stream, options.expectedRevision, ids, stored);
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
    await this.headPosition();
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
