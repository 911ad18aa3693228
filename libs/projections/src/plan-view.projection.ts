import type { RecordedEvent } from '@app/event-store';
import { computeDashboard, evolvePlanView, planIdOf, type PlanView } from '@app/read-models';
import type { SqlExecutor } from '@app/sql';
import { dayOf } from '@app/domain';
import type { Projection } from './projection.js';
import { insertRows } from './sql-batch.js';

const SNAPSHOT_EVERY = 500;

/**
 * One row per plan holding its folded PlanView (the source of dashboards, lists and detail pages), snapshots of
 * the view every 500 events for fast "as of" queries, and the daily progress points that charts draw. Views of
 * recently touched plans stay in memory; the cache is updated only once a batch has committed.
 */
export class PlanViewProjection implements Projection {
  readonly name = 'plan-views';
  readonly migrations = [
    {
      id: '300-plan-views',
      sql: `
CREATE TABLE IF NOT EXISTS plan_views (
  plan_id          TEXT PRIMARY KEY,
  municipality_id  TEXT NOT NULL,
  title            TEXT NOT NULL,
  status           TEXT NOT NULL,
  position         BIGINT NOT NULL,
  last_activity_at TEXT NOT NULL,
  event_count      INTEGER NOT NULL,
  view             TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS plan_views_municipality ON plan_views (municipality_id);
CREATE TABLE IF NOT EXISTS plan_snapshots (
  plan_id     TEXT NOT NULL,
  position    BIGINT NOT NULL,
  recorded_at TEXT NOT NULL,
  view        TEXT NOT NULL,
  PRIMARY KEY (plan_id, position)
);
CREATE TABLE IF NOT EXISTS progress_points (
  plan_id  TEXT NOT NULL,
  scope    TEXT NOT NULL,
  day      TEXT NOT NULL,
  progress REAL NOT NULL,
  PRIMARY KEY (plan_id, scope, day)
)`,
    },
  ];

  private readonly cache = new Map<string, PlanView>();
  private pending = new Map<string, PlanView>();

  constructor(private readonly cacheSize = 2_000) {}

  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const touched = new Map<string, { before?: PlanView; view?: PlanView; day?: string }>();
    const snapshots: unknown[][] = [];
    const points = new Map<string, unknown[]>();
    const addPoints = (view: PlanView) => {
      for (const row of progressPoints(view)) points.set(`${row[0]}|${row[1]}|${row[2]}`, row);
    };
    for (const event of events) {
      const planId = planIdOf(event);
      if (!planId) continue;
      let entry = touched.get(planId);
      if (!entry) {
        const before = await this.load(tx, planId);
        entry = { before, view: before, day: before ? dayOf(new Date(before.lastActivityAt)) : undefined };
        touched.set(planId, entry);
      }
      // a batch applied again (a checkpoint set back) must change nothing: the view knows how far it got
      if (entry.view && Number(event.position) <= entry.view.position) continue;
      const day = dayOfCached(event.recordedAt);
      // a chart point per day, whatever the batches: the state at the last event of each day
      if (entry.view && entry.day !== undefined && day !== entry.day) addPoints(entry.view);
      const next = evolvePlanView(entry.view, event);
      if (next && next !== entry.view && next.eventCount % SNAPSHOT_EVERY === 0) {
        snapshots.push([planId, next.position, next.lastActivityAt, JSON.stringify(next)]);
      }
      entry.view = next;
      entry.day = day;
    }
    const rows: unknown[][] = [];
    for (const [planId, { before, view }] of touched) {
      if (!view || view === before) continue;
      rows.push([
        planId,
        view.plan.municipalityId,
        view.plan.title,
        view.plan.status,
        view.position,
        view.lastActivityAt,
        view.eventCount,
        JSON.stringify(view),
      ]);
      addPoints(view);
      this.pending.set(planId, view);
    }
    await insertRows(
      tx,
      'plan_views',
      [
        'plan_id',
        'municipality_id',
        'title',
        'status',
        'position',
        'last_activity_at',
        'event_count',
        'view',
      ],
      rows,
      `ON CONFLICT (plan_id) DO UPDATE SET municipality_id = excluded.municipality_id, title = excluded.title, status = excluded.status,
         position = excluded.position, last_activity_at = excluded.last_activity_at, event_count = excluded.event_count, view = excluded.view`,
      100,
    );
    await insertRows(tx, 'plan_snapshots', ['plan_id', 'position', 'recorded_at', 'view'], snapshots);
    await insertRows(
      tx,
      'progress_points',
      ['plan_id', 'scope', 'day', 'progress'],
      [...points.values()],
      'ON CONFLICT (plan_id, scope, day) DO UPDATE SET progress = excluded.progress',
    );
  }

  /** Another process wrote the views since this one did: the cache may be behind them. */
  invalidate(): void {
    this.cache.clear();
    this.pending = new Map();
  }

  settled(committed: boolean): void {
    if (committed) {
      for (const [planId, view] of this.pending) {
        this.cache.delete(planId);
        this.cache.set(planId, view);
      }
      while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    }
    this.pending = new Map();
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('DELETE FROM plan_views');
    await tx.execute('DELETE FROM plan_snapshots');
    await tx.execute('DELETE FROM progress_points');
    this.cache.clear();
  }

  private async load(tx: SqlExecutor, planId: string): Promise<PlanView | undefined> {
    const pending = this.pending.get(planId);
    if (pending) return pending;
    const cached = this.cache.get(planId);
    if (cached) return cached;
    const [row] = await tx.query<{ view: string }>('SELECT view FROM plan_views WHERE plan_id = $1', [
      planId,
    ]);
    return row ? (JSON.parse(row.view) as PlanView) : undefined;
  }
}

const days = new Map<string, string>();

/** Berlin's offset is whole hours, so the day of an instant is fixed within its UTC hour: format it once per hour. */
function dayOfCached(at: Date): string {
  const hour = at.toISOString().slice(0, 13);
  let day = days.get(hour);
  if (!day) {
    if (days.size > 10_000) days.clear();
    day = dayOf(at);
    days.set(hour, day);
  }
  return day;
}

/** The plan's and each theme field's progress on the day of its last event, for the charts. */
function progressPoints(view: PlanView): unknown[][] {
  const at = new Date(view.lastActivityAt);
  const dashboard = computeDashboard(view, at);
  const day = dayOf(at);
  const planId = view.plan.planId;
  return [
    [planId, 'plan', day, dashboard.progress],
    ...dashboard.themeFields.map((field) => [planId, `theme:${field.key}`, day, field.progress]),
  ];
}
