import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import type { Position, ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../event-store.port.js';
import {
  fromEsdb,
  isStreamNotFound,
  toReadPosition,
  translateEsdbError,
  type EsdbRecorded,
} from './esdb-mapping.js';

/**
 * The adapter's reads, apart from the store so that the append path can read a stream's tail through the
 * same code the port's readStream uses. Events without our envelope (system events, other writers') are
 * skipped everywhere, which is why positions are ordered but not consecutive. The server's `maxCount` counts
 * the records it sends, skipped ones included, so every read goes on page by page from the last record it
 * saw until it has what was asked or the server has no more.
 */

/** Records per server read when the caller did not limit the count. */
const PAGE = 500;

/** A stream forwards or backwards, between revisions, up to an instant; an unknown stream yields nothing. */
export async function* readEsdbStream(
  client: EventStoreDBClient,
  stream: string,
  options: ReadStreamOptions,
): AsyncGenerator<RecordedEvent> {
  const backwards = options.direction === 'backwards';
  let from: bigint | typeof START | typeof END = options.fromRevision ?? (backwards ? END : START);
  let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
  if (remaining <= 0) return;
  for (;;) {
    const ask = Math.min(PAGE, Number.isFinite(remaining) ? remaining : PAGE);
    const read = client.readStream(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: from,
      maxCount: BigInt(ask),
    });
    let records = 0;
    let lastRevision: bigint | undefined;
    try {
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        records++;
        if (resolved.event) lastRevision = resolved.event.revision;
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
      throw translateEsdbError(error);
    } finally {
      await cancel(read);
    }
    if (records < ask || lastRevision === undefined) return;
    if (backwards && lastRevision === 0n) return;
    from = backwards ? lastRevision - 1n : lastRevision + 1n;
  }
}

/** One page of our events in $all strictly after a position. */
export async function readEsdbAll(
  client: EventStoreDBClient,
  options: ReadAllOptions,
): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  // everything at or before `seen` was looked at: a read from a position includes the record there
  let seen = options.after ?? 0n;
  // system events and other writers' events are skipped, so ask for a little more than is needed
  const ask = options.limit * 2 + 10;
  while (out.length < options.limit) {
    const read = client.readAll({
      direction: FORWARDS,
      fromPosition: seen > 0n ? toReadPosition(seen) : START,
      maxCount: BigInt(ask),
    });
    let records = 0;
    let furthest = seen;
    try {
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        records++;
        const at = resolved.event?.position?.commit;
        if (at === undefined || at <= seen) continue;
        furthest = at;
        const event = fromEsdb(resolved.event as unknown as EsdbRecorded);
        if (!event) continue;
        out.push(event);
        if (out.length >= options.limit) break;
      }
    } catch (error) {
      throw translateEsdbError(error);
    } finally {
      await cancel(read);
    }
    // the end of $all, or a server that sent nothing new (nothing left to go on from)
    if (records < ask || furthest === seen) break;
    seen = furthest;
  }
  return out;
}

/**
 * The position of our newest event. The newest records of $all may be system events (statistics every few
 * seconds on an idle server), so look back page by page; 0 when the store holds none of ours.
 */
export async function readEsdbHeadPosition(client: EventStoreDBClient): Promise<Position> {
  let before: bigint | undefined;
  for (;;) {
    const read = client.readAll({
      direction: BACKWARDS,
      fromPosition: before === undefined ? END : toReadPosition(before),
      maxCount: BigInt(PAGE),
    });
    let records = 0;
    let oldest = before;
    try {
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        records++;
        const at = resolved.event?.position?.commit;
        if (at === undefined || (before !== undefined && at >= before)) continue;
        oldest = at;
        const event = fromEsdb(resolved.event as unknown as EsdbRecorded);
        if (event) return event.position;
      }
    } catch (error) {
      throw translateEsdbError(error);
    } finally {
      await cancel(read);
    }
    if (records < PAGE || oldest === before) return 0n;
    before = oldest;
  }
}

/** Whether the server answers a read of $all (one record). */
export async function pingEsdb(client: EventStoreDBClient): Promise<void> {
  const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1n });
  try {
    for await (const _ of read as AsyncIterable<AllStreamResolvedEvent>) break;
  } catch (error) {
    throw translateEsdbError(error);
  } finally {
    await cancel(read);
  }
}

/**
 * Ends the server's side of a read. Leaving the loop early only stops the local stream; the gRPC call would
 * stay open (reads have no deadline) until the client is disposed.
 */
async function cancel(read: StreamingRead<unknown>): Promise<void> {
  await read.cancel().catch(() => undefined);
}
