import type { PreparedEvent } from '../append-plan.js';
import type { Queryable } from './postgres-appender.js';
import { INSERT_EVENT, INSERT_EVENTS } from './postgres.schema.js';

/**
 * The two INSERT statements of an append, named per schema so that each connection plans them once. Both
 * take their positions from the counter row in the same statement (see postgres.schema.ts).
 */

/** One event: scalar parameters. Answers its position. */
export async function insertEvent(db: Queryable, schema: string, event: PreparedEvent): Promise<bigint> {
  const { rows } = await db.query<{ position: string }>({
    name: `append-one-${schema}`,
    text: INSERT_EVENT,
    values: [
      event.id,
      event.streamId,
      event.revision.toString(),
      event.type,
      event.schemaVersion,
      event.dataJson,
      event.metadataJson,
      event.recordedAtIso,
      event.prevHash,
      event.hash,
    ],
  });
  return BigInt(rows[0]!.position);
}

/** Any number of events of any streams, as arrays. Answers the position before the first of them. */
export async function insertEvents(
  db: Queryable,
  schema: string,
  prepared: PreparedEvent[],
): Promise<bigint> {
  const { rows } = await db.query<{ position: string }>({
    name: `append-${schema}`,
    text: INSERT_EVENTS,
    values: [
      prepared.length,
      prepared[0]!.recordedAtIso,
      prepared.map((e) => e.id),
      prepared.map((e) => e.streamId),
      prepared.map((e) => e.revision.toString()),
      prepared.map((e) => e.type),
      prepared.map((e) => e.schemaVersion),
      prepared.map((e) => e.dataJson),
      prepared.map((e) => e.metadataJson),
      prepared.map((e) => e.prevHash),
      prepared.map((e) => e.hash),
    ],
  });
  return rows.reduce((min, row) => (BigInt(row.position) < min ? BigInt(row.position) : min), 2n ** 63n) - 1n;
}
