import type { SqlDatabase } from '@app/sql';
import type { JobsOptions, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AnyReminderJob, ReminderJob } from './reminder-catalogue.js';
import { DELIVERY_ATTEMPTS, DELIVERY_BACKOFF } from './delivery/recipients.js';
import type { ScheduleChanges } from './reminder-policy.projection.js';

/** The delivery's retry policy (delivery/recipients.ts) plus how long finished jobs are kept. */
export const DELIVERY_JOB_OPTIONS: JobsOptions = {
  attempts: DELIVERY_ATTEMPTS,
  backoff: { ...DELIVERY_BACKOFF },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

const CHUNK = 1_000;

export interface ReconcileReport {
  desired: number;
  added: number;
  moved: number;
  removed: number;
  schedulers: number;
}

/** Quarterly at 08:00 on the first of the month; weekly on Monday at 08:00 (in the municipality's zone). */
export const PLAN_REVIEW_CRON = '0 8 1 */3 *';
export const WEEKLY_DIGEST_CRON = '0 8 * * 1';

/**
 * Puts the desired reminders into BullMQ as delayed jobs whose id is the reminder's id: adding one twice is
 * harmless, a changed time moves the job, a reminder no longer wanted is removed. Redis may lose everything:
 * reconcile() rebuilds the schedule from the reminders table.
 */
export class ReminderScheduler {
  constructor(
    private readonly queue: Queue<AnyReminderJob>,
    private readonly db: SqlDatabase,
    private readonly clock: () => Date = () => new Date(),
    /** a connection of the queue's Redis, for pipelined reads in reconcile */
    private readonly redis?: Redis,
  ) {}

  async apply(changes: ScheduleChanges): Promise<void> {
    for (const id of changes.remove) await this.removeJob(id);
    for (const reminder of changes.upsert) await this.schedule(reminder);
  }

  async schedule(reminder: ReminderJob): Promise<'added' | 'moved' | 'kept'> {
    const existing = await this.queue.getJob(reminder.reminderId);
    if (existing && (existing.data as ReminderJob).runAt === reminder.runAt) return 'kept';
    let moved = false;
    if (existing) {
      const state = await existing.getState();
      if (state === 'active') return 'kept'; // being delivered right now; the worker re-checks the time
      await existing.remove();
      moved = true;
    }
    const delay = Math.max(0, new Date(reminder.runAt).getTime() - this.clock().getTime());
    await this.queue.add(reminder.kind, reminder, {
      ...DELIVERY_JOB_OPTIONS,
      jobId: reminder.reminderId,
      delay,
    });
    return moved ? 'moved' : 'added';
  }

  /**
   * Makes Redis hold exactly the scheduled reminders of the table, and the repeating jobs. Works in chunks
   * of a thousand: one pipeline reads what the queue holds for them, moved jobs are removed, and the missing
   * ones go in with one addBulk (100,000 reminders in seconds, not one round trip after another).
   */
  async reconcile(): Promise<ReconcileReport> {
    const rows = await this.db.query<{
      reminder_id: string;
      plan_id: string;
      municipality_id: string;
      kind: ReminderJob['kind'];
      subject_id: string;
      about: string;
      run_at: string;
    }>(
      "SELECT reminder_id, plan_id, municipality_id, kind, subject_id, about, run_at FROM reminders WHERE status = 'scheduled'",
    );
    const report: ReconcileReport = { desired: rows.length, added: 0, moved: 0, removed: 0, schedulers: 0 };
    if (!this.redis) throw new Error('reconcile needs the Redis connection');
    const redis = this.redis;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk: ReminderJob[] = rows.slice(i, i + CHUNK).map((row) => ({
        reminderId: row.reminder_id,
        kind: row.kind,
        municipalityId: row.municipality_id,
        planId: row.plan_id,
        subjectId: row.subject_id,
        about: row.about,
        runAt: row.run_at,
      }));
      const pipeline = redis.pipeline();
      for (const reminder of chunk) pipeline.hget(this.queue.toKey(reminder.reminderId), 'data');
      const results = (await pipeline.exec()) ?? [];
      const toAdd: ReminderJob[] = [];
      const moving: string[] = [];
      chunk.forEach((reminder, k) => {
        const data = results[k]?.[1] as string | null | undefined;
        if (!data) toAdd.push(reminder);
        else if ((JSON.parse(data) as ReminderJob).runAt !== reminder.runAt) {
          moving.push(reminder.reminderId);
          toAdd.push(reminder);
        }
      });
      // Queue.remove leaves a job that is being delivered alone; the worker re-checks the time anyway
      await Promise.all(moving.map((id) => this.queue.remove(id)));
      report.moved += moving.length;
      report.added += toAdd.length - moving.length;
      if (toAdd.length > 0) {
        const now = this.clock().getTime();
        await this.queue.addBulk(
          toAdd.map((reminder) => ({
            name: reminder.kind,
            data: reminder,
            opts: {
              ...DELIVERY_JOB_OPTIONS,
              jobId: reminder.reminderId,
              delay: Math.max(0, new Date(reminder.runAt).getTime() - now),
            },
          })),
        );
      }
    }
    const wanted = new Set(rows.map((r) => r.reminder_id));
    for (const type of ['delayed', 'waiting', 'prioritized'] as const) {
      const ids = await this.queue.getRanges([type], 0, -1);
      const stale = ids.filter((id) => !wanted.has(id) && !id.startsWith('repeat:'));
      await Promise.all(stale.map((id) => this.queue.remove(id)));
      report.removed += stale.length;
    }
    report.schedulers = await this.reconcileSchedulers();
    return report;
  }

  /** One review scheduler per adopted plan and one digest per coordinator; others are removed. */
  async reconcileSchedulers(): Promise<number> {
    const plans = await this.db.query<{ plan_id: string; municipality_id: string; time_zone: string | null }>(
      `SELECT v.plan_id, v.municipality_id, m.time_zone FROM plan_views v LEFT JOIN municipalities m ON m.id = v.municipality_id
        WHERE v.status = 'adopted'`,
    );
    const coordinators = await this.db.query<{
      id: string;
      municipality_id: string;
      time_zone: string | null;
    }>(
      `SELECT mb.id, mb.municipality_id, m.time_zone FROM members mb JOIN municipalities m ON m.id = mb.municipality_id
        WHERE mb.role = 'coordinator' AND mb.revoked_at IS NULL`,
    );
    const wanted = new Set<string>();
    for (const plan of plans) {
      const id = `plan-review.${plan.plan_id}`;
      wanted.add(id);
      await this.queue.upsertJobScheduler(
        id,
        { pattern: PLAN_REVIEW_CRON, tz: plan.time_zone ?? 'Europe/Berlin' },
        {
          name: 'plan-review',
          data: { kind: 'plan-review', municipalityId: plan.municipality_id, planId: plan.plan_id },
        },
      );
    }
    for (const member of coordinators) {
      const id = `weekly-digest.${member.id}`;
      wanted.add(id);
      await this.queue.upsertJobScheduler(
        id,
        { pattern: WEEKLY_DIGEST_CRON, tz: member.time_zone ?? 'Europe/Berlin' },
        {
          name: 'weekly-digest',
          data: { kind: 'weekly-digest', municipalityId: member.municipality_id, memberId: member.id },
        },
      );
    }
    for (const scheduler of await this.queue.getJobSchedulers()) {
      if (scheduler.key && !wanted.has(scheduler.key)) await this.queue.removeJobScheduler(scheduler.key);
    }
    return wanted.size;
  }

  private async removeJob(id: string): Promise<void> {
    const job = await this.queue.getJob(id);
    if (!job) return;
    if ((await job.getState()) === 'active') return;
    await job.remove();
  }
}
