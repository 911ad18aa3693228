import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { EventStore } from '@app/event-store';
import { EVENT_STORE, HealthRegistry, READ_DB } from '@app/ops';
import { EXTRA_PROJECTIONS } from '@app/projections';
import type { SqlDatabase } from '@app/sql';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createDeliver } from './reminder-delivery.js';
import { REMINDER_QUEUE, type AnyReminderJob } from './reminder-catalogue.js';
import { ReminderPolicyProjection } from './reminder-policy.projection.js';
import { ReminderProcessor } from './reminder-processor.js';
import { ReminderScheduler } from './reminder-scheduler.js';
import { RemindersHost } from './reminders.host.js';
import { reminderClock } from './reminder-clock.js';

export const REMINDER_CONNECTIONS = Symbol('ReminderRedisConnections');
export const REMINDER_QUEUE_TOKEN = Symbol('ReminderQueue');

/**
 * Reminders in a process: the policy joins the projections (where they run), the delivery worker runs in
 * the worker (and in the api on the embedded store). Redis connections retry for ever (maxRetriesPerRequest:
 * null), so the worker reconnects by itself after Redis was away.
 */
@Global()
@Module({})
export class RemindersModule {
  static forProcess(process: 'api' | 'worker', config: AppConfig): DynamicModule {
    if (!config.reminders.enabled)
      return {
        module: RemindersModule,
        providers: [{ provide: EXTRA_PROJECTIONS, useValue: [] }],
        exports: [EXTRA_PROJECTIONS],
      };
    const runsPolicy = config.projectionsIn === process;
    return {
      module: RemindersModule,
      providers: [
        {
          provide: REMINDER_CONNECTIONS,
          useFactory: () =>
            [0, 1].map(() => new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false })),
        },
        {
          provide: REMINDER_QUEUE_TOKEN,
          inject: [REMINDER_CONNECTIONS],
          useFactory: (connections: Redis[]) =>
            new Queue<AnyReminderJob>(REMINDER_QUEUE, {
              connection: connections[0]!,
              prefix: config.reminders.queuePrefix,
            }),
        },
        {
          provide: ReminderScheduler,
          inject: [REMINDER_QUEUE_TOKEN, READ_DB, REMINDER_CONNECTIONS],
          useFactory: (queue: Queue<AnyReminderJob>, db: SqlDatabase, connections: Redis[]) =>
            new ReminderScheduler(queue, db, () => reminderClock.now(), connections[0]),
        },
        {
          provide: EXTRA_PROJECTIONS,
          inject: [ReminderScheduler],
          useFactory: (scheduler: ReminderScheduler) =>
            runsPolicy
              ? [
                  new ReminderPolicyProjection(
                    (changes) => void scheduler.apply(changes).catch(() => undefined),
                    () => reminderClock.now(),
                    config.reminders.staleAfterDays,
                  ),
                ]
              : [],
        },
        {
          provide: ReminderProcessor,
          inject: [EVENT_STORE, READ_DB],
          useFactory: (store: EventStore, db: SqlDatabase) =>
            new ReminderProcessor(store, db, createDeliver(config), {
              publicUrl: config.reminders.publicUrl,
              staleAfterDays: config.reminders.staleAfterDays,
              clock: () => reminderClock.now(),
            }),
        },
        {
          provide: RemindersHost,
          inject: [
            REMINDER_QUEUE_TOKEN,
            REMINDER_CONNECTIONS,
            ReminderScheduler,
            ReminderProcessor,
            HealthRegistry,
            READ_DB,
          ],
          useFactory: (
            queue: Queue<AnyReminderJob>,
            connections: Redis[],
            scheduler: ReminderScheduler,
            processor: ReminderProcessor,
            health: HealthRegistry,
            db: SqlDatabase,
          ) =>
            new RemindersHost(
              queue,
              connections,
              scheduler,
              processor,
              {
                deliver: config.reminders.deliverIn.includes(process),
                reconcile: runsPolicy,
                prefix: config.reminders.queuePrefix,
                staleAfterDays: config.reminders.staleAfterDays,
                shutdownTimeoutMs: config.shutdownTimeoutMs,
              },
              health,
              db,
            ),
        },
      ],
      exports: [EXTRA_PROJECTIONS, ReminderScheduler, RemindersHost, REMINDER_QUEUE_TOKEN],
    };
  }
}
