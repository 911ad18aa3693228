import type { RecordedEvent } from '@app/event-store';
import { planIdOf, PLAN_VIEW_TYPES } from '@app/read-models';

/**
 * What an audit row says about an event, written once in two forms: `auditRow` builds it in JavaScript (the
 * runner's batches), `auditRowsSelect` in SQL over the embedded store's events table (a rebuild's bulk load
 * on its own thread). The spec holds the two to the same rows.
 */

type Source = readonly ['data' | 'metadata', string];
const data = (key: string): Source => ['data', key];
const meta = (key: string): Source => ['metadata', key];

/** Text columns taken from the payloads: the first source that is there (`??`), kept if non-empty text. */
const TEXT_FIELDS: readonly (readonly Source[])[] = [
  [meta('municipalityId'), data('municipalityId')],
  [data('goalId'), data('measureId'), data('meetingId'), data('decisionId'), data('partnerId')],
  [meta('actorId')],
  [meta('actorRole')],
  [meta('reason'), data('reason')],
  [meta('correlationId')],
];

export const AUDIT_COLUMNS = [
  'position',
  'plan_id',
  'municipality_id',
  'stream_id',
  'revision',
  'event_id',
  'type',
  'subject_id',
  'actor_id',
  'actor_role',
  'reason',
  'correlation_id',
  'recorded_at',
  'data',
  'hash',
] as const;

/** Appends the event's row to `values` (AUDIT_COLUMNS order); false for an event of no plan. */
export function auditRow(event: RecordedEvent, values: unknown[]): boolean {
  const planId = planIdOf(event) ?? otherPlanId(event);
  if (!planId) return false;
  const payloads = { data: event.data as Record<string, unknown>, metadata: event.metadata };
  const text = (sources: readonly Source[]) => {
    let value: unknown;
    for (const [from, key] of sources) {
      value = (payloads[from] as Record<string, unknown>)[key];
      if (value !== undefined && value !== null) break;
    }
    return typeof value === 'string' && value.length > 0 ? value : null;
  };
  const [municipality, subject, actor, role, reason, correlation] = TEXT_FIELDS.map(text);
  values.push(
    Number(event.position),
    planId,
    municipality,
    event.streamId,
    Number(event.revision),
    event.id,
    event.type,
    subject,
    actor,
    role,
    reason,
    correlation,
    event.recordedAtIso ?? event.recordedAt.toISOString(),
    event.dataJson ?? JSON.stringify(event.data),
    event.hash,
  );
  return true;
}

/** Events of other modules that still belong to a plan (reminders carry planId too). */
function otherPlanId(event: RecordedEvent): string | undefined {
  const planId = (event.data as { planId?: unknown } | null)?.planId;
  return typeof planId === 'string' && UUID.test(planId) ? planId : undefined;
}

const UUID = /^[0-9a-f-]{36}$/i;

/**
 * SELECT of the rows `auditRow` builds, for the events of `events` (the embedded store's table, under the
 * name it is attached as) after position $1 up to $2, in AUDIT_COLUMNS order.
 */
export function auditRowsSelect(events: string): string {
  const types = PLAN_VIEW_TYPES.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ');
  const planId = `e.data ->> '$.planId'`;
  // planIdOf for the plan views' types, else only a uuid (the regex of otherPlanId: 36 of [0-9a-f-]); in the
  // WHERE of the one SELECT, so that each row reads the planId twice, not six times as through a subquery
  const isPlan = `json_type(e.data, '$.planId') = 'text' AND ${planId} <> '' AND (e.type IN (${types}) OR (length(${planId}) = 36 AND ${planId} NOT GLOB '*[^0-9a-fA-F-]*'))`;
  const [municipality, subject, actor, role, reason, correlation] = TEXT_FIELDS.map(textSql);
  return `SELECT e.position, ${planId} AS plan_id, ${municipality}, e.stream_id, e.revision,
  e.id, e.type, ${subject}, ${actor}, ${role}, ${reason}, ${correlation}, e.recorded_at, e.data, e.hash
FROM ${events} e WHERE e.position > $1 AND e.position <= $2 AND ${isPlan}`;
}

/**
 * `??` over the sources (JSON null counts as missing), then only non-empty text. A simple CASE evaluates its
 * operand once: one json_type and at most one `->>` per source (a searched CASE took up to five calls).
 */
function textSql(sources: readonly Source[]): string {
  let chosen = 'NULL';
  for (const [from, key] of [...sources].reverse()) {
    const path = `'$.${key}'`;
    chosen = `CASE coalesce(json_type(e.${from}, ${path}), 'null') WHEN 'text' THEN nullif(e.${from} ->> ${path}, '') WHEN 'null' THEN ${chosen} END`;
  }
  return chosen;
}
