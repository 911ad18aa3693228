import { dayOf } from '@app/domain';
import { computeDashboard, type PlanView } from '@app/read-models';
import type { SqlExecutor } from '@app/sql';
import { insertRows } from './sql-batch.js';

/**
 * Far behind, this much snapshot JSON (in characters) is held back at most before it is written: about
 * ninety 22 KB views. Each write of a held batch takes SQLite's write lock, which a bulk load on another
 * thread must first give up; writing every batch had the runner wait for it about 200 times a rebuild.
 */
const HELD_CHARS = 2_000_000;
/** What a chart point's row is counted as against HELD_CHARS. */
const POINT_CHARS = 100;

/**
 * The rows a plan view leaves besides itself: snapshots of the view every so many events, for fast "as of"
 * queries, and the daily progress points that charts draw. Both are final once folded (a snapshot is the
 * view at its position; a day's point is overwritten by later ones of the same day), so while the views are
 * held back they may be held as well, up to HELD_CHARS, and written in one go.
 */
export class PlanViewSideRows {
  private snapshots: unknown[][] = [];
  /** the last point of each plan, scope and day */
  private points = new Map<string, unknown[]>();
  private chars = 0;

  constructor(private readonly heldChars = HELD_CHARS) {}

  addSnapshot(view: PlanView): void {
    const json = JSON.stringify(view);
    this.snapshots.push([view.plan.planId, view.position, view.lastActivityAt, json]);
    this.chars += json.length;
  }

  /** The plan's and each theme field's progress on the day of the view's last event. */
  addPoints(view: PlanView): void {
    const at = new Date(view.lastActivityAt);
    const dashboard = computeDashboard(view, at);
    const day = dayOf(at);
    const planId = view.plan.planId;
    this.setPoint([planId, 'plan', day, dashboard.progress]);
    for (const field of dashboard.themeFields)
      this.setPoint([planId, `theme:${field.key}`, day, field.progress]);
  }

  /** Whether as much is held as may be. */
  get full(): boolean {
    return this.chars >= this.heldChars;
  }

  /** Writes everything held (snapshots already stored are left as they are) and forgets it. */
  async write(tx: SqlExecutor): Promise<void> {
    const snapshots = this.snapshots;
    const points = [...this.points.values()];
    this.clear();
    await insertRows(tx, 'plan_snapshots', ['plan_id', 'position', 'recorded_at', 'view'], snapshots);
    await insertRows(
      tx,
      'progress_points',
      ['plan_id', 'scope', 'day', 'progress'],
      points,
      'ON CONFLICT (plan_id, scope, day) DO UPDATE SET progress = excluded.progress',
    );
  }

  /** Drops what is held: the runner reads those events again (a batch that did not commit, a reset). */
  clear(): void {
    this.snapshots = [];
    this.points = new Map();
    this.chars = 0;
  }

  private setPoint(row: unknown[]): void {
    const key = `${row[0]}|${row[1]}|${row[2]}`;
    if (!this.points.has(key)) this.chars += POINT_CHARS;
    this.points.set(key, row);
  }
}
