import { randomUUID } from 'node:crypto';
import type { AllStreamRecordedEvent, AllStreamResolvedEvent } from '@eventstore/db-client';

/**
 * Test support for EsdbEmulatedServer: its transaction log. Every record of every stream in one append-only
 * list ordered by position ($all), each stream's records by revision, and a way to wait for the next append.
 */

/** A record as the server keeps it: the payloads as the JSON text the client sent. */
export interface EmulatedRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: string;
  metadata: string | undefined;
  /** Its byte offset in the log: commit and prepare position are the same for a one-append transaction. */
  position: bigint;
}

export class EmulatedLog {
  /** $all: append-only, so a reader may keep an index into it */
  readonly records: EmulatedRecord[] = [];
  private readonly streams = new Map<string, EmulatedRecord[]>();
  private offset = 0n;
  private waiting: (() => void)[] = [];

  stream(streamId: string): readonly EmulatedRecord[] | undefined {
    return this.streams.get(streamId);
  }

  write(streamId: string, type: string, data: unknown, metadata: unknown, id: string = randomUUID()) {
    if (data instanceof Uint8Array) throw new Error('the emulated server stores JSON events only');
    const stored = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, stored);
    const record: EmulatedRecord = {
      streamId,
      id,
      revision: BigInt(stored.length),
      type,
      created: new Date(),
      // as the client sends them: JSON.stringify of data, of metadata only when there is some
      data: JSON.stringify(data),
      metadata: metadata ? JSON.stringify(metadata) : undefined,
      position: this.offset,
    };
    // a prepare record's header and payloads: offsets grow by a few hundred bytes, never one by one
    this.offset += BigInt(
      64 + streamId.length + type.length + record.data.length + (record.metadata?.length ?? 0),
    );
    stored.push(record);
    this.records.push(record);
    return record;
  }

  /** Resolves with the next append (the caller's own stop races it; a stale waiter is dropped then). */
  appended(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Ends an append: live subscribers see everything it wrote at once. */
  wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

export function positionOf(record: EmulatedRecord): { commit: bigint; prepare: bigint } {
  return { commit: record.position, prepare: record.position };
}

/** The record as the client converts it: JSON parsed back (null stays null), no metadata if none was sent. */
export function toRecorded(record: EmulatedRecord): AllStreamRecordedEvent {
  return {
    streamId: record.streamId,
    id: record.id,
    isJson: true,
    revision: record.revision,
    type: record.type,
    created: record.created,
    data: JSON.parse(record.data) as AllStreamRecordedEvent['data'],
    metadata: record.metadata === undefined ? undefined : (JSON.parse(record.metadata) as object),
    position: positionOf(record),
  } as AllStreamRecordedEvent;
}

/** Stream reads carry the commit position too (servers from 22.6 on), as $all reads and subscriptions do. */
export function toResolved(record: EmulatedRecord): AllStreamResolvedEvent {
  return { event: toRecorded(record), commitPosition: record.position };
}
