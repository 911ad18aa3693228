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
  if (options.limit <= 0) return out;
  // system events and other writers' events are skipped, so ask for a little more than is needed
  for await (const event of scanAll(client, FORWARDS, options.after ?? 0n, options.limit * 2 + 10)) {
    out.push(event);
    if (out.length >= options.limit) break;
  }
  return out;
}

/**
 * The position of our newest event. The newest records of $all may be system events (statistics every few
 * seconds on an idle server), so look back page by page; 0 when the store holds none of ours.
 */
export async function readEsdbHeadPosition(client: EventStoreDBClient): Promise<Position> {
  for await (const event of scanAll(client, BACKWARDS, undefined, PAGE)) return event.position;
  return 0n;
}

/**
 * Our events in $all past `from` (after it forwards, before it backwards; from the start or the end when
 * there is none), `page` records per server read. A read from a position includes the record there, and a
 * page may hold none of ours while more remain: each read goes on from the last record it saw, until a
 * short page or a server that sent nothing new.
 */
async function* scanAll(
  client: EventStoreDBClient,
  direction: typeof FORWARDS | typeof BACKWARDS,
  from: bigint | undefined,
  page: number,
): AsyncGenerator<RecordedEvent> {
  const forwards = direction === FORWARDS;
  const past = (at: bigint, cursor: bigint | undefined) =>
    cursor === undefined || (forwards ? at > cursor : at < cursor);
  const origin = forwards ? START : END;
  let cursor = from;
  for (;;) {
    const read = client.readAll({
      direction,
      fromPosition: cursor === undefined || (forwards && cursor === 0n) ? origin : toReadPosition(cursor),
      maxCount: BigInt(page),
    });
    let records = 0;
    let furthest = cursor;
    try {
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        records++;
        const at = resolved.event?.position?.commit;
        if (at === undefined || !past(at, cursor)) continue;
        furthest = at;
        const event = fromEsdb(resolved.event as unknown as EsdbRecorded);
        if (event) yield event;
      }
    } catch (error) {
      throw translateEsdbError(error);
    } finally {
      await cancel(read);
    }
    if (records < page || furthest === cursor) return;
    cursor = furthest;
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
