import type { RecordedEvent } from '@app/event-store';
import { planIdOf } from '@app/read-models';
import type { SqlExecutor } from '@app/sql';
import type { Projection } from './projection.js';
import { insertRows } from './sql-batch.js';

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

/**
 * Every event of a plan, its measures, meetings and reminders, with who, when and why: the audit trail's index
 * for filtered, paged history and exports, and the list of a plan's streams for "as of" and verify.
 */
export class AuditIndexProjection implements Projection {
  readonly name = 'audit-index';
  readonly readsOtherReadModels = false;
  readonly migrations = [
    {
      id: '310-audit-events',
      // on SQLite an INTEGER PRIMARY KEY is the rowid itself; BIGINT would add a second unique index
      sql: {
        sqlite: `CREATE TABLE IF NOT EXISTS audit_events (
  position        INTEGER PRIMARY KEY,
  plan_id         TEXT NOT NULL,
  municipality_id TEXT,
  stream_id       TEXT NOT NULL,
  revision        BIGINT NOT NULL,
  event_id        TEXT NOT NULL,
  type            TEXT NOT NULL,
  subject_id      TEXT,
  actor_id        TEXT,
  actor_role      TEXT,
  reason          TEXT,
  correlation_id  TEXT,
  recorded_at     TEXT NOT NULL,
  data            TEXT NOT NULL,
  hash            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_events_plan ON audit_events (plan_id, position);
CREATE INDEX IF NOT EXISTS audit_events_plan_time ON audit_events (plan_id, recorded_at);
CREATE INDEX IF NOT EXISTS audit_events_subject ON audit_events (subject_id)`,
        postgres: `CREATE TABLE IF NOT EXISTS audit_events (
  position        BIGINT PRIMARY KEY,
  plan_id         TEXT NOT NULL,
  municipality_id TEXT,
  stream_id       TEXT NOT NULL,
  revision        BIGINT NOT NULL,
  event_id        TEXT NOT NULL,
  type            TEXT NOT NULL,
  subject_id      TEXT,
  actor_id        TEXT,
  actor_role      TEXT,
  reason          TEXT,
  correlation_id  TEXT,
  recorded_at     TEXT NOT NULL,
  data            TEXT NOT NULL,
  hash            TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_events_plan ON audit_events (plan_id, position);
CREATE INDEX IF NOT EXISTS audit_events_plan_time ON audit_events (plan_id, recorded_at);
CREATE INDEX IF NOT EXISTS audit_events_subject ON audit_events (subject_id)`,
      },
    },
  ];

  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const rows: unknown[][] = [];
    for (const event of events) {
      const planId = planIdOf(event) ?? otherPlanId(event);
      if (!planId) continue;
      const data = event.data as Record<string, unknown>;
      const meta = event.metadata;
      rows.push([
        Number(event.position),
        planId,
        str(meta.municipalityId ?? data.municipalityId),
        event.streamId,
        Number(event.revision),
        event.id,
        event.type,
        str(data.goalId ?? data.measureId ?? data.meetingId ?? data.decisionId ?? data.partnerId),
        str(meta.actorId),
        str(meta.actorRole),
        str(meta.reason ?? data.reason),
        str(meta.correlationId),
        event.recordedAt.toISOString(),
        JSON.stringify(event.data),
        event.hash,
      ]);
    }
    await insertRows(tx, 'audit_events', AUDIT_COLUMNS, rows, 'ON CONFLICT (position) DO NOTHING', 100);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('DELETE FROM audit_events');
  }
}

/** Events of other modules that still belong to a plan (reminders carry planId too). */
function otherPlanId(event: RecordedEvent): string | undefined {
  const planId = (event.data as { planId?: unknown } | null)?.planId;
  return typeof planId === 'string' && /^[0-9a-f-]{36}$/i.test(planId) ? planId : undefined;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
