import type { AuditRow } from '@app/projections';
import { stringify } from 'csv-stringify/sync';

/** The audit trail's columns, in a stable order that spreadsheets and auditors' scripts can rely on. */
export const AUDIT_CSV_COLUMNS = [
  'position',
  'recordedAt',
  'type',
  'actorId',
  'actorRole',
  'reason',
  'streamId',
  'revision',
  'subjectId',
  'correlationId',
  'eventId',
  'hash',
  'data',
] as const;

export interface AuditEntry {
  position: number;
  recordedAt: string;
  type: string;
  actorId: string | null;
  actorRole: string | null;
  reason: string | null;
  streamId: string;
  revision: number;
  subjectId: string | null;
  correlationId: string | null;
  eventId: string;
  hash: string;
  data: unknown;
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    position: Number(row.position),
    recordedAt: row.recorded_at,
    type: row.type,
    actorId: row.actor_id,
    actorRole: row.actor_role,
    reason: row.reason,
    streamId: row.stream_id,
    revision: Number(row.revision),
    subjectId: row.subject_id,
    correlationId: row.correlation_id,
    eventId: row.event_id,
    hash: row.hash,
    data: JSON.parse(row.data) as unknown,
  };
}

/** UTF-8 with BOM, so that umlauts open correctly in a spreadsheet; one row per event; data as JSON. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return stringify(
    entries.map((e) => ({ ...e, data: JSON.stringify(e.data) })),
    { header: true, columns: [...AUDIT_CSV_COLUMNS], bom: true, record_delimiter: 'windows' },
  );
}
