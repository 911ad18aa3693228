import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { checkExpectedRevision, prepareEvents, resolveRetry, validateBatch } from '../append-plan.js';
import { ConcurrencyError, EventStoreUnavailableError } from '../errors.js';
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
import {
  concurrencyFrom,
  envelope,
  fromEsdb,
  isStreamNotFound,
  isUnavailable,
  isWrongExpectedVersion,
  toReadPosition,
  type EsdbRecorded,
} from './esdb-mapping.js';
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
        if (!conflict) throw this.translate(error);
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
    for await (const recorded of this.iterate(stream, { direction: 'backwards', maxCount: 1 })) {
      return { revision: recorded.revision, hash: recorded.hash };
    }
    return undefined;
  }

  /** A retried append whose events are stored already answers as the first append did. */
  private async findRetry(stream: string, events: readonly EventToAppend[], options: AppendOptions) {
    const ids = events.map((e) => e.id).filter((id): id is string => id !== undefined);
    if (ids.length !== events.length) return undefined;
    const recent: RecordedEvent[] = [];
    for await (const e of this.iterate(stream, {
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
    yield* this.iterate(stream, options);
  }

  private async *iterate(stream: string, options: ReadStreamOptions): AsyncGenerator<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? END : START);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    try {
      const read = this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: from,
        ...(Number.isFinite(remaining) ? { maxCount: BigInt(remaining) } : {}),
      });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const event = resolved.event
          ? fromEsdb(resolved.event as unknown as EsdbRecorded, resolved.commitPosition)
          : undefined;
        if (!event) continue;
        if (
          options.toRevision !== undefined &&
          (backwards ? event.revision < options.toRevision : event.revision > options.toRevision)
        )
          return;
        if (options.until && event.recordedAt > options.until) {
          if (backwards) continue;
          return;
        }
        yield event;
        if (--remaining <= 0) return;
      }
    } catch (error) {
      if (isStreamNotFound(error)) return;
      throw this.translate(error);
    }
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    const after = options.after ?? 0n;
    const out: RecordedEvent[] = [];
    try {
      // system events and other writers' events are skipped, so read a little more than asked
      const read = this.client.readAll({
        direction: FORWARDS,
        fromPosition: after > 0n ? toReadPosition(after) : START,
        maxCount: BigInt(options.limit * 2 + 10),
      });
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        const event = resolved.event ? fromEsdb(resolved.event as unknown as EsdbRecorded) : undefined;
        if (!event || event.position <= after) continue;
        out.push(event);
        if (out.length >= options.limit) break;
      }
    } catch (error) {
      throw this.translate(error);
    }
    if (out.length < options.limit && out.length > 0) {
      const more = await this.readAll({
        after: out[out.length - 1]!.position,
        limit: options.limit - out.length,
      });
      out.push(...more);
    }
    return out;
  }

  subscribe(options: SubscribeOptions): AsyncIterable<RecordedEvent> {
    return esdbSubscription(this.client, options.after ?? 0n, options.signal, excludeSystemEvents());
  }

  async headPosition(): Promise<Position> {
    try {
      const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 200n });
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        const event = resolved.event ? fromEsdb(resolved.event as unknown as EsdbRecorded) : undefined;
        if (event) return event.position;
      }
      return 0n;
    } catch (error) {
      throw this.translate(error);
    }
  }

  async ping(): Promise<void> {
    await this.headPosition();
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private translate(error: unknown): unknown {
    if (isUnavailable(error)) {
      return new EventStoreUnavailableError(`EventStoreDB is not reachable: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return error;
  }
}
