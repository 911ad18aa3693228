import type { EventStore } from '@app/event-store';
import { evolvePlanViewInPlace, type PlanView } from '@app/read-models';
import type { SqlDatabase } from '@app/sql';
import { verifyPlan, type PlanVerification } from './plan-verification.js';

export interface AuditRow {
  position: number;
  plan_id: string;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  subject_id: string | null;
  actor_id: string | null;
  actor_role: string | null;
  reason: string | null;
  correlation_id: string | null;
  recorded_at: string;
  data: string;
  hash: string;
}

export interface HistoryFilter {
  from?: Date;
  to?: Date;
  actor?: string;
  type?: string;
  subjectId?: string;
  /** the position of the last row of the previous page */
  after?: number;
  limit: number;
}

/** The read side's queries over the read models, plus the ones that go back to the events (as-of, verify). */
export class PlanReader {
  constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
  ) {}

  async view(planId: string): Promise<PlanView | undefined> {
    const [row] = await this.db.query<{ view: string }>('SELECT view FROM plan_views WHERE plan_id = $1', [
      planId,
    ]);
    return row ? (JSON.parse(row.view) as PlanView) : undefined;
  }

  async plans(municipalityId: string): Promise<PlanView[]> {
    const rows = await this.db.query<{ view: string }>(
      'SELECT view FROM plan_views WHERE municipality_id = $1 ORDER BY last_activity_at DESC, plan_id',
      [municipalityId],
    );
    return rows.map((r) => JSON.parse(r.view) as PlanView);
  }

  /**
   * The plan as it was at an instant: every event up to the last position recorded by then (positions are the
   * commit order, so this is what the live read model showed), folded from the latest snapshot at or before
   * that position — a cache only: without snapshots the answer is the same. The events come in one ordered
   * query from the audit index, which holds each event's payload as the store has it (verify compares the
   * two), and are folded in place into the answer's own copy.
   */
  async viewAsOf(
    planId: string,
    at: Date,
    options: { snapshots?: boolean } = {},
  ): Promise<PlanView | undefined> {
    const [cut] = await this.db.query<{ position: number | null }>(
      'SELECT MAX(position) AS position FROM audit_events WHERE plan_id = $1 AND recorded_at <= $2',
      [planId, at.toISOString()],
    );
    if (cut?.position === null || cut?.position === undefined) return undefined;
    const until = Number(cut.position);
    const [snapshot] =
      options.snapshots === false
        ? []
        : await this.db.query<{ position: number; view: string }>(
            'SELECT position, view FROM plan_snapshots WHERE plan_id = $1 AND position <= $2 ORDER BY position DESC LIMIT 1',
            [planId, until],
          );
    const rows = await this.db.query<{ position: number; type: string; data: string; recorded_at: string }>(
      `SELECT position, type, data, recorded_at FROM audit_events
        WHERE plan_id = $1 AND position > $2 AND position <= $3 ORDER BY position`,
      [planId, snapshot ? Number(snapshot.position) : 0, until],
    );
    let view = snapshot ? (JSON.parse(snapshot.view) as PlanView) : undefined;
    for (const row of rows) {
      view = evolvePlanViewInPlace(view, {
        type: row.type,
        data: JSON.parse(row.data) as unknown,
        position: Number(row.position),
        recordedAt: new Date(row.recorded_at),
        recordedAtIso: row.recorded_at,
      });
    }
    return view;
  }

  async history(planId: string, filter: HistoryFilter): Promise<AuditRow[]> {
    const where = ['plan_id = $1'];
    const params: unknown[] = [planId];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.from) add('recorded_at >= ?', filter.from.toISOString());
    if (filter.to) add('recorded_at <= ?', filter.to.toISOString());
    if (filter.actor) add('actor_id = ?', filter.actor);
    if (filter.type) add('type = ?', filter.type);
    if (filter.subjectId) add('subject_id = ?', filter.subjectId);
    if (filter.after !== undefined) add('position > ?', filter.after);
    params.push(filter.limit);
    return this.db.query<AuditRow>(
      `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY position LIMIT $${params.length}`,
      params,
    );
  }

  /** Every event about one goal, measure or meeting, whichever plan it belongs to. */
  async historyOfSubject(subjectId: string): Promise<AuditRow[]> {
    return this.db.query<AuditRow>('SELECT * FROM audit_events WHERE subject_id = $1 ORDER BY position', [
      subjectId,
    ]);
  }

  async activityPerMonth(planId: string, until?: Date) {
    const month = this.db.dialect === 'sqlite' ? 'substr(recorded_at, 1, 7)' : 'substring(recorded_at, 1, 7)';
    return this.db.query<{ month: string; events: number }>(
      `SELECT ${month} AS month, COUNT(*) AS events FROM audit_events
        WHERE plan_id = $1 AND recorded_at <= $2 GROUP BY ${month} ORDER BY month`,
      [planId, (until ?? new Date('9999-01-01')).toISOString()],
    );
  }

  async progressSeries(planId: string, until?: Date) {
    return this.db.query<{ scope: string; day: string; progress: number }>(
      'SELECT scope, day, progress FROM progress_points WHERE plan_id = $1 AND day <= $2 ORDER BY scope, day',
      [planId, (until ?? new Date('9999-01-01')).toISOString().slice(0, 10)],
    );
  }

  /** Recomputes the plan's hash chains and compares them with the audit index (plan-verification.ts). */
  async verify(planId: string): Promise<PlanVerification> {
    return verifyPlan(this.store, this.db, planId);
  }

  /** The position every projection has reached (read your own writes). */
  async projectedPosition(): Promise<bigint> {
    const [row] = await this.db.query<{ position: number | null }>(
      'SELECT MIN(position) AS position FROM projection_checkpoints',
    );
    return BigInt(row?.position ?? 0);
  }

  /** Waits until the read models have caught up with `position`, at most `timeoutMs`; answers whether they did. */
  async waitFor(position: bigint, timeoutMs = 2_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.projectedPosition()) >= position) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
