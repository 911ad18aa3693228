import type { RecordedEvent } from '@app/event-store';
import { draftOf, evolvePlanViewInPlace, planIdOf, type PlanView } from '@app/read-models';
import type { SqlExecutor } from '@app/sql';
import { dayOf } from '@app/domain';
import { PLAN_VIEW_MIGRATION } from './plan-view.schema.js';
import type { BatchContext, Projection } from './projection.js';
import { PlanViewSideRows } from './plan-view-side-rows.js';
import { insertRows } from './sql-batch.js';

const SNAPSHOT_EVERY = 500;
/** Plan views per INSERT: each is ~22 KB of JSON. */
const VIEWS_PER_STATEMENT = 100;

export interface PlanViewOptions {
  /** views of recently written plans kept in memory; 2,000 by default */
  cacheSize?: number;
  /** far behind, snapshot JSON held back at most, in characters (see PlanViewSideRows) */
  heldChars?: number;
}

interface Draft {
  /** the batch's own copy of the plan's view (see draftOf): folded in place, never seen by other readers */
  view?: PlanView;
  /** the day of the last event folded, for the daily chart points */
  day?: string;
  changed: boolean;
}

const VIEW_COLUMNS = [
  'plan_id',
  'municipality_id',
  'title',
  'status',
  'position',
  'last_activity_at',
  'event_count',
  'view',
];

/**
 * One row per plan holding its folded PlanView (the source of dashboards, lists and detail pages), and the
 * rows it leaves besides (PlanViewSideRows): snapshots every 500 events and daily chart points. Each touched
 * plan's view is copied once per batch and folded in place. Far behind the head the copies are kept from
 * batch to batch and written only when the runner asks for it: a rebuild writes each ~22 KB view a few times
 * instead of once per batch, and the side rows in bundles. Views of recently written plans stay in memory;
 * the cache takes a view only once its batch has committed, and never changes it.
 */
export class PlanViewProjection implements Projection {
  readonly name = 'plan-views';
  readonly readsOtherReadModels = false;
  readonly migrations = [PLAN_VIEW_MIGRATION];

  private readonly cache = new Map<string, PlanView>();
  private pending = new Map<string, PlanView>();
  private drafts = new Map<string, Draft>();
  private readonly sideRows: PlanViewSideRows;
  private readonly cacheSize: number;

  constructor(options: PlanViewOptions = {}) {
    this.cacheSize = options.cacheSize ?? 2_000;
    this.sideRows = new PlanViewSideRows(options.heldChars);
  }

  async apply(
    tx: SqlExecutor,
    events: readonly RecordedEvent[],
    context?: BatchContext,
  ): Promise<void | 'held'> {
    for (const event of events) {
      const planId = planIdOf(event);
      if (!planId) continue;
      const draft = this.drafts.get(planId) ?? (await this.draft(tx, planId, context));
      // a batch applied again (a checkpoint set back) must change nothing: the view knows how far it got
      if (draft.view && Number(event.position) <= draft.view.position) continue;
      const day = dayOfCached(event.recordedAt);
      // a chart point per day, whatever the batches: the state at the last event of each day
      if (draft.view && draft.day !== undefined && day !== draft.day) this.sideRows.addPoints(draft.view);
      const count = draft.view?.eventCount ?? 0;
      draft.view = evolvePlanViewInPlace(draft.view, event);
      if (draft.view && draft.view.eventCount !== count) {
        draft.changed = true;
        if (draft.view.eventCount % SNAPSHOT_EVERY === 0) this.sideRows.addSnapshot(draft.view);
      }
      draft.day = day;
    }
    if (context?.mayHold) {
      if (this.sideRows.full) await this.sideRows.write(tx);
      return 'held';
    }
    // still far behind: the drafts stay this projection's own and go on folding, unpublished (a cache next
    // to them would only double the memory); near the head they are published and copied afresh per batch
    const keep = context?.farBehind === true;
    const set = VIEW_COLUMNS.slice(1).map((c) => `${c} = excluded.${c}`);
    const upsert = `ON CONFLICT (plan_id) DO UPDATE SET ${set.join(', ')}`;
    // a chunk's JSON at a time: a rebuild writes a thousand held views at once, and their texts together
    // would be the biggest allocation of the whole run
    let rows: unknown[][] = [];
    for (const [planId, draft] of this.drafts) {
      const { view, changed } = draft;
      if (!view || !changed) continue;
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
      this.sideRows.addPoints(view);
      if (keep) draft.changed = false;
      else this.pending.set(planId, view);
      if (rows.length === VIEWS_PER_STATEMENT) {
        await insertRows(tx, 'plan_views', VIEW_COLUMNS, rows, upsert, VIEWS_PER_STATEMENT);
        rows = [];
      }
    }
    await insertRows(tx, 'plan_views', VIEW_COLUMNS, rows, upsert, VIEWS_PER_STATEMENT);
    if (!keep) this.drafts = new Map();
    await this.sideRows.write(tx);
  }

  /** Another process wrote the views since this one did: the cache may be behind them. */
  invalidate(): void {
    this.cache.clear();
    this.pending = new Map();
    this.drafts = new Map();
    this.sideRows.clear();
  }

  settled(committed: boolean): void {
    if (committed) {
      for (const [planId, view] of this.pending) {
        this.cache.delete(planId);
        this.cache.set(planId, view);
      }
      while (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    } else {
      // held back or not, the runner reads these events again
      this.drafts = new Map();
      this.sideRows.clear();
    }
    this.pending = new Map();
  }

  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('DELETE FROM plan_views');
    await tx.execute('DELETE FROM plan_snapshots');
    await tx.execute('DELETE FROM progress_points');
    this.cache.clear();
    this.drafts = new Map();
    this.sideRows.clear();
  }

  /** The batch's private copy of the plan's view: from the cache (never changed in place) or the table. */
  private async draft(tx: SqlExecutor, planId: string, context?: BatchContext): Promise<Draft> {
    let view = this.pending.get(planId) ?? this.cache.get(planId);
    if (context?.farBehind) this.cache.delete(planId);
    if (view) view = draftOf(view);
    else {
      const [row] = await tx.query<{ view: string }>('SELECT view FROM plan_views WHERE plan_id = $1', [
        planId,
      ]);
      view = row ? (JSON.parse(row.view) as PlanView) : undefined;
    }
    const draft: Draft = {
      view,
      day: view ? dayOf(new Date(view.lastActivityAt)) : undefined,
      changed: false,
    };
    this.drafts.set(planId, draft);
    return draft;
  }
}

const days = new Map<number, string>();
const HOUR_MS = 3_600_000;

/** Berlin's offset is whole hours, so the day of an instant is fixed within its UTC hour: format it once per hour. */
function dayOfCached(at: Date): string {
  const hour = Math.floor(at.getTime() / HOUR_MS);
  let day = days.get(hour);
  if (!day) {
    if (days.size > 10_000) days.clear();
    day = dayOf(at);
    days.set(hour, day);
  }
  return day;
}
