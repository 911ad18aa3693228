import type { RecordedEvent } from '@app/event-store';
import type { SqlExecutor } from '@app/sql';
import { AUDIT_COLUMNS, auditRow, auditRowsSelect } from './audit-row.js';
import type { BatchContext, BulkLoad, Projection } from './projection.js';
import { insertFlatRows } from './sql-batch.js';

export { AUDIT_COLUMNS } from './audit-row.js';

const CHUNK = 100;
const CONFLICT = 'ON CONFLICT (position) DO NOTHING';

const AUDIT_INDEX_NAMES = ['audit_events_plan', 'audit_events_plan_time', 'audit_events_subject'];
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
      auditRow(event, values);
    }
    await insertFlatRows(tx, 'audit_events', AUDIT_COLUMNS, values, CONFLICT, CHUNK);
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('DELETE FROM audit_events');
  }

  /** A rebuild on the embedded store: rows by SQL alone, one sort per index at the end (see BulkLoad). */
  bulkLoad(events: string): BulkLoad {
    return {
      before: AUDIT_INDEX_NAMES.map((name) => `DROP INDEX IF EXISTS ${name}`),
      insert: `INSERT INTO audit_events (${AUDIT_COLUMNS.join(', ')}) ${auditRowsSelect(events)} ${CONFLICT}`,
      after: AUDIT_INDEXES,
    };
  }

  /** The secondary indexes may have been dropped or built by someone else (a bulk load): look again. */
  invalidate(): void {
    this.indexed = undefined;
  }

  /** Positions count the events, so the first one of the batch tells about how many rows are indexed. */
  private async adjustIndexes(tx: SqlExecutor, events: readonly RecordedEvent[], context?: BatchContext) {
    const bulk = context?.farBehind === true && Number(events[0]!.position) < context.behind;
    if (bulk && this.indexed !== false) {
      for (const name of AUDIT_INDEX_NAMES) await tx.execute(`DROP INDEX IF EXISTS ${name}`);
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
