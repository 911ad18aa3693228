import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type ResolvedEvent,
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
 * The adapter's reads, apart from the store so that the append path can read a stream's head and recent
 * events through the same code the port's readStream uses. Events without our envelope (system events,
 * other writers') are skipped everywhere, which is why positions are ordered but not consecutive.
 */

/** A stream forwards or backwards, between revisions, up to an instant; an unknown stream yields nothing. */
export async function* readEsdbStream(
  client: EventStoreDBClient,
  stream: string,
  options: ReadStreamOptions,
): AsyncGenerator<RecordedEvent> {
  const backwards = options.direction === 'backwards';
  const from = options.fromRevision ?? (backwards ? END : START);
  let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
  try {
    const read = client.readStream(stream, {
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
    throw translateEsdbError(error);
  }
}

/** One page of $all after a position; a page cut short by skipped events is filled from where it stopped. */
export async function readEsdbAll(
  client: EventStoreDBClient,
  options: ReadAllOptions,
): Promise<RecordedEvent[]> {
  const after = options.after ?? 0n;
  const out: RecordedEvent[] = [];
  try {
    // system events and other writers' events are skipped, so read a little more than asked
    const read = client.readAll({
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
    throw translateEsdbError(error);
  }
  if (out.length < options.limit && out.length > 0) {
    const more = await readEsdbAll(client, {
      after: out[out.length - 1]!.position,
      limit: options.limit - out.length,
    });
    out.push(...more);
  }
  return out;
}

/** The position of our newest event: the newest entries of $all may be system events, so look back a little. */
export async function readEsdbHeadPosition(client: EventStoreDBClient): Promise<Position> {
  try {
    const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 200n });
    for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
      const event = resolved.event ? fromEsdb(resolved.event as unknown as EsdbRecorded) : undefined;
      if (event) return event.position;
    }
    return 0n;
  } catch (error) {
    throw translateEsdbError(error);
  }
}
