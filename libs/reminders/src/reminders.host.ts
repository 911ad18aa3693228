import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { HealthRegistry } from '@app/ops';
import { PlanViewProjection } from '@app/projections';
import { migrate, TENANCY_MIGRATIONS, type SqlDatabase } from '@app/sql';
import { ReminderPolicyProjection } from './reminder-policy.projection.js';
import { reminderClock } from './reminder-clock.js';
import { Worker, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { DELIVERY_JOB_OPTIONS, type ReminderScheduler } from './reminder-scheduler.js';
import { REMINDER_QUEUE, type AnyReminderJob } from './reminder-catalogue.js';
import type { ReminderProcessor } from './reminder-processor.js';

const RECONCILE_EVERY_MS = 10 * 60_000;
const CLOSE_WITHIN_MS = 5_000;

/**
 * The Redis side in one process: reconciles the schedule at start and every ten minutes (Redis is not the
 * source of truth), runs the delivery worker where configured, reports Redis in /health, and closes within
 * a bounded time on shutdown.
 */
export class RemindersHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Reminders');
  private worker?: Worker<AnyReminderJob>;
  /** its own instance, so that its pending changes never mix with the runner's: the table is what counts */
  private readonly planner: ReminderPolicyProjection;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly queue: Queue<AnyReminderJob>,
    private readonly connections: Redis[],
    private readonly scheduler: ReminderScheduler,
    private readonly processor: ReminderProcessor,
    private readonly options: {
      deliver: boolean;
      reconcile: boolean;
      concurrency?: number;
      staleAfterDays: number;
      prefix: string;
      shutdownTimeoutMs: number;
    },
    health: HealthRegistry,
    private readonly db: SqlDatabase,
  ) {
    for (const connection of connections) {
      connection.on('error', (error: Error) =>
        this.logger.warn({ err: error.message }, 'Redis connection error (reconnecting)'),
      );
    }
    queue.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'reminder queue error'));
    this.planner = new ReminderPolicyProjection(
      () => undefined,
      () => reminderClock.now(),
      options.staleAfterDays,
    );
    health.register({
      name: 'reminders',
      required: false,
      check: async () => {
        // while Redis is away a PING would wait in the offline queue: answer at once instead
        const connection = this.connections[0]!;
        if (connection.status !== 'ready') return { status: 'degraded', redis: connection.status };
        const pong = await Promise.race([
          connection.ping().catch(() => 'error'),
          new Promise<string>((resolve) => setTimeout(() => resolve('no answer'), 500).unref()),
        ]);
        if (pong !== 'PONG') return { status: 'degraded', redis: pong };
        return { status: 'up', queue: REMINDER_QUEUE, worker: Boolean(this.worker) };
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.deliver) this.startWorker();
    if (this.options.reconcile) {
      void this.reconcile('start');
      this.timer = setInterval(() => void this.reconcile('periodic'), RECONCILE_EVERY_MS);
      this.timer.unref();
    }
  }

  /** Re-plans every plan into the reminders table, then makes Redis match the table. */
  async reconcile(reason: string) {
    try {
      await migrate(this.db, [
        ...TENANCY_MIGRATIONS,
        ...new PlanViewProjection().migrations,
        ...this.planner.migrations,
      ]);
      const plans = await this.db.query<{ plan_id: string }>('SELECT plan_id FROM plan_views');
      // a hundred plans per transaction, with a turn of the event loop between: on SQLite one transaction
      // over every plan would keep the api from answering for seconds
      for (let i = 0; i < plans.length; i += 100) {
        await this.db.transaction(async (tx) => {
          for (const { plan_id } of plans.slice(i, i + 100)) await this.planner.replan(tx, plan_id);
        });
        await new Promise((resolve) => setImmediate(resolve));
      }
      const report = await this.scheduler.reconcile();
      this.logger.log({ reason, ...report }, 'reminders reconciled with Redis');
      return report;
    } catch (error) {
      this.logger.warn(
        { reason, err: error instanceof Error ? error.message : String(error) },
        'reminder reconcile failed; will retry',
      );
      return undefined;
    }
  }

  private startWorker(): void {
    this.worker = new Worker<AnyReminderJob>(REMINDER_QUEUE, (job) => this.processor.process(job), {
      connection: this.connections[1]!,
      prefix: this.options.prefix,
      concurrency: this.options.concurrency ?? 10,
    });
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      const attempts = job.opts.attempts ?? DELIVERY_JOB_OPTIONS.attempts ?? 1;
      if (job.attemptsMade >= attempts) {
        this.processor
          .recordFailure(job, error)
          .catch((e: unknown) => this.logger.error({ err: String(e) }, 'could not record a failed reminder'));
      }
    });
    this.worker.on('error', (error) => this.logger.warn({ err: error.message }, 'reminder worker error'));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    // with Redis away a graceful close can never finish: let go at once; otherwise wait, within the budget
    if (this.connections.every((c) => c.status === 'ready')) {
      const budget = Math.min(CLOSE_WITHIN_MS, this.options.shutdownTimeoutMs / 2);
      const closing = Promise.allSettled([this.worker?.close(), this.queue.close()]);
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, budget).unref())]);
    } else {
      void this.worker?.close(true).catch(() => undefined);
      void this.queue.close().catch(() => undefined);
    }
    // BullMQ does not close connections it was given
    for (const connection of this.connections) connection.disconnect();
  }
}
