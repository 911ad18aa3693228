import { verifyStream, type EventStore, type RecordedEvent, type StreamVerification } from '@app/event-store';
import type { SqlDatabase } from '@app/sql';

export interface PlanVerification {
  ok: boolean;
  checkedEvents: number;
  streams: number;
  firstBrokenAt?:
    | NonNullable<StreamVerification['firstBrokenAt']>
    | {
        reason: 'missing_event' | 'hash_differs_from_audit_index';
        streamId: string;
        revision: string;
        position: string;
      };
}

/**
 * Recomputes the hash chain of every stream of the plan and compares each event with the audit index, an
 * independent copy: a changed payload, a deleted event (also the last of a stream) or a rewritten chain
 * is found and the first broken event named.
 */
export async function verifyPlan(
  store: EventStore,
  db: SqlDatabase,
  planId: string,
): Promise<PlanVerification> {
  const indexed = await db.query<{
    stream_id: string;
    revision: number;
    position: number;
    hash: string;
  }>('SELECT stream_id, revision, position, hash FROM audit_events WHERE plan_id = $1 ORDER BY position', [
    planId,
  ]);
  const byStream = new Map<string, Map<number, { position: number; hash: string }>>();
  for (const row of indexed) {
    if (!byStream.has(row.stream_id)) byStream.set(row.stream_id, new Map());
    byStream
      .get(row.stream_id)!
      .set(Number(row.revision), { position: Number(row.position), hash: row.hash });
  }
  let checked = 0;
  const broken: NonNullable<PlanVerification['firstBrokenAt']>[] = [];
  for (const [streamId, expected] of byStream) {
    const seen = new Set<number>();
    const compared = compareWithIndex(store, streamId, expected, seen, broken);
    const result = await verifyStream(streamId, compared);
    checked += result.checkedEvents;
    if (result.firstBrokenAt) broken.push(result.firstBrokenAt);
    for (const [revision, row] of expected) {
      if (!seen.has(revision)) {
        broken.push({
          reason: 'missing_event',
          streamId,
          revision: String(revision),
          position: String(row.position),
        });
        break;
      }
    }
  }
  const firstBrokenAt = broken.sort((a, b) => Number(a.position) - Number(b.position))[0];
  return {
    ok: broken.length === 0,
    checkedEvents: checked,
    streams: byStream.size,
    ...(firstBrokenAt ? { firstBrokenAt } : {}),
  };
}

async function* compareWithIndex(
  store: EventStore,
  streamId: string,
  expected: Map<number, { position: number; hash: string }>,
  seen: Set<number>,
  broken: NonNullable<PlanVerification['firstBrokenAt']>[],
): AsyncGenerator<RecordedEvent> {
  for await (const event of store.readStream(streamId)) {
    const revision = Number(event.revision);
    seen.add(revision);
    const row = expected.get(revision);
    if (row && row.hash !== event.hash) {
      broken.push({
        reason: 'hash_differs_from_audit_index',
        streamId,
        revision: String(revision),
        position: String(event.position),
      });
    }
    yield event;
  }
}
