import type { RecordedEvent } from '@app/event-store';
import { planIdOf } from '@app/read-models';
import type { SqlExecutor } from '@app/sql';
import type { BatchContext, Projection } from './projection.js';
import { insertFlatRows } from './sql-batch.js';

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

const CHUNK = 100;
const CONFLICT = 'ON CONFLICT (position) DO NOTHING';

/** What the queries need: a plan's history in order, its events up to an instant, a subject's events. */
const AUDIT_INDEXES = [
  'CREATE INDEX IF NOT EXISTS audit_events_plan ON audit_events (plan_id, position)',
  'CREATE INDEX IF NOT EXISTS audit_events_plan_time ON audit_events (plan_id, recorded_at)',
  'CREATE INDEX IF NOT EXISTS audit_events_subject ON audit_events (subject_id)',
];

/**
 * Every event of a plan, its measures, meetings and reminders, with who, when and why: the audit trail's index
 * for filtered, paged history and exports, and the list of a plan's streams for "as of" and verify.
 * Far behind the head with more events to come than rows indexed so far (a rebuild), it loads without the
 * secondary indexes and builds them again at the first batch near the head: one sort instead of three B-tree
 * inserts per row. Every runner's first batch near the head makes sure they exist, so a crash in between costs
 * slow queries until then, never a lost index.
 */
export class AuditIndexProjection implements Projection {
  readonly name = 'audit-index';
  readonly readsOtherReadModels = false;
  /** whether the secondary indexes exist; unknown until this process's first batch */
  private indexed?: boolean;
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
${AUDIT_INDEXES.join(';\n')}`,
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
${AUDIT_INDEXES.join(';\n')}`,
      },
    },
  ];

  async apply(tx: SqlExecutor, events: readonly RecordedEvent[], context?: BatchContext): Promise<void> {
    await this.adjustIndexes(tx, events, context);
    let values: unknown[] = [];
    for (const event of events) {
      // a chunk at a time: the rows' strings die young instead of living through the whole batch
      if (values.length >= CHUNK * AUDIT_COLUMNS.length) {
        await insertFlatRows(tx, 'audit_events', AUDIT_COLUMNS, values, CONFLICT, CHUNK);
        values = [];
      }
      const planId = planIdOf(event) ?? otherPlanId(event);
      if (!planId) continue;
      const data = event.data as Record<string, unknown>;
      const meta = event.metadata;
      values.push(
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
        event.recordedAtIso ?? event.recordedAt.toISOString(),
        event.dataJson ?? JSON.stringify(event.data),
        event.hash,
      );
    }
    await insertFlatRows(tx, 'audit_events', AUDIT_COLUMNS, values, CONFLICT, CHUNK);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('DELETE FROM audit_events');
  }

  /** Positions count the events, so the first one of the batch tells about how many rows are indexed. */
  private async adjustIndexes(tx: SqlExecutor, events: readonly RecordedEvent[], context?: BatchContext) {
    const bulk = context?.farBehind === true && Number(events[0]!.position) < context.behind;
    if (bulk && this.indexed !== false) {
      for (const name of ['audit_events_plan', 'audit_events_plan_time', 'audit_events_subject'])
        await tx.execute(`DROP INDEX IF EXISTS ${name}`);
      this.indexed = false;
    } else if (!context?.farBehind && this.indexed !== true) {
      // SQLite may sort on a second thread: after a rebuild's bulk load ≈ 20 % faster, for a few MB
      const sqlite = tx.dialect === 'sqlite';
      if (sqlite) await tx.execute('PRAGMA threads = 2');
      for (const statement of AUDIT_INDEXES) await tx.execute(statement);
      if (sqlite) await tx.execute('PRAGMA threads = 0');
      this.indexed = true;
    }
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
