import type { RecordedEvent } from '@app/event-store';
import { PlanViewProjection, type Projection } from '@app/projections';
import { planIdOf } from '@app/read-models';
import { ReminderPolicyProjection } from '@app/reminders';
import { migrate, SqliteDatabase, TENANCY_MIGRATIONS, type SqlExecutor } from '@app/sql';

/**
 * The incremental policy's test bench: two read databases fed the same batches, one with the shipped policy,
 * one with the policy as it was (every touched plan in full), so that their reminders tables can be compared.
 */

export const MUNICIPALITY_ID = '0b7e4b52-6a8e-4c1d-9a51-0c3f2f6f1a10';

class Rollback extends Error {}

/** The policy as it was: every plan a batch touches is planned in full (and nothing is remembered). */
export class FullReplanPolicy implements Projection {
  readonly name = 'reminder-policy';
  readonly migrations: Projection['migrations'];
  private readonly full: ReminderPolicyProjection;

  constructor(clock: () => Date) {
    this.full = new ReminderPolicyProjection(() => undefined, clock, 30);
    this.migrations = this.full.migrations;
  }

  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const plans = new Set(events.map(planIdOf).filter((id) => id !== undefined));
    for (const planId of plans) await this.full.replan(tx, planId);
  }

  async reset(): Promise<void> {}
}

/** A read database with the plan views and one policy, fed batch by batch as the runner does. */
export class ReadSide {
  readonly db = new SqliteDatabase(':memory:');
  private readonly views = new PlanViewProjection();

  constructor(public policy: Projection) {}

  async open(createdAt: string): Promise<void> {
    await migrate(this.db, [...TENANCY_MIGRATIONS, ...this.views.migrations, ...this.policy.migrations]);
    await this.db.execute(
      'INSERT INTO municipalities (id, name, slug, time_zone, created_at) VALUES ($1, $2, $3, $4, $5)',
      [MUNICIPALITY_ID, 'Gemeinde', 'gemeinde', 'Europe/Berlin', createdAt],
    );
  }

  async apply(batch: readonly RecordedEvent[], fail = false): Promise<void> {
    let committed = false;
    try {
      await this.db.transaction(async (tx) => {
        await this.views.apply(tx, batch);
        await this.policy.apply(tx, batch);
        if (fail) throw new Rollback();
      });
      committed = true;
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    } finally {
      this.views.settled(committed);
      this.policy.settled?.(committed);
    }
  }

  reminders() {
    return this.db.query(
      'SELECT reminder_id, plan_id, kind, subject_id, about, run_at, status FROM reminders ORDER BY reminder_id',
    );
  }
}
