import {
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '@app/config';
import type { EventStore } from '@app/event-store';
import { APP_CONFIG, EVENT_STORE, HealthRegistry, Metrics, READ_DB } from '@app/ops';
import { PostgresLease, type SqlDatabase } from '@app/sql';
import { Gauge } from 'prom-client';
import { allProjections } from './all-projections.js';
import { ProjectionRunner } from './projection-runner.js';
import { readCheckpoints, type Projection } from './projection.js';

/**
 * Events per batch at most. Live batches are what has arrived (a few); catching up after an outage or an
 * upgrade, each batch writes the plan views it touched (the reminder policy reads them, so none are held
 * back): 5,000 instead of 1,000 caught up 1.7× faster on a million events (295,000 against 176,000 in the
 * first 30 s), as the CLI does.
 */
const SERVICE_BATCH = 5_000;

/** Projections other modules add (the reminder policy), applied after the built-in ones in the same batch. */
export const EXTRA_PROJECTIONS = Symbol('ExtraProjections');

/**
 * Hosts the projection runner in a process: every process migrates the read-model tables it queries; the one
 * named by PROJECTIONS_IN (the api on the embedded store, the worker otherwise) also runs the projections.
 */
class ProjectionsHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projections');
  private readonly lease?: PostgresLease;

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly store: EventStore,
    private readonly runsHere: boolean,
    db: SqlDatabase,
    metrics: Metrics,
    health: HealthRegistry,
    readModels: AppConfig['readModels'],
  ) {
    this.lease =
      readModels.kind === 'postgres'
        ? new PostgresLease(
            readModels.databaseUrl,
            `masterplan-ledger:${readModels.schema}:projections`,
            (held) => this.onLease(held),
          )
        : undefined;
    // from the committed checkpoints, so that every process (not only the one running the projections, which
    // may be another process or the api's read-side thread) reports the same lag
    const lag = async () => {
      const head = await this.store.headPosition();
      const names = this.runner.status().map((status) => status.name);
      const checkpoints = await readCheckpoints(db, names);
      return Promise.all(
        [...checkpoints].map(async ([name, position]) => {
          const behind = Number(head - position);
          const [waiting] = behind > 0 ? await this.store.readAll({ after: position, limit: 1 }) : [];
          const ageSeconds = waiting ? Math.max(0, (Date.now() - waiting.recordedAt.getTime()) / 1000) : 0;
          return { name, behind, ageSeconds };
        }),
      );
    };
    new Gauge({
      name: 'projection_lag_events',
      help: 'Events written but not yet projected',
      labelNames: ['projection'],
      registers: [metrics.registry],
      async collect() {
        for (const l of await lag()) this.set({ projection: l.name }, l.behind);
      },
    });
    new Gauge({
      name: 'projection_lag_seconds',
      help: 'Age of the oldest event waiting to be projected (0 when caught up)',
      labelNames: ['projection'],
      registers: [metrics.registry],
      async collect() {
        for (const l of await lag()) this.set({ projection: l.name }, l.ageSeconds);
      },
    });
    if (runsHere) {
      health.register({
        name: 'projections',
        required: false,
        check: async () => {
          const leader = this.lease ? this.lease.isHeld : true;
          // a standby replica runs nothing: the one holding the lease reports the lag
          if (!leader) return { status: 'up', leader };
          const head = await this.store.headPosition();
          const behind = Number(head - this.runner.lowest());
          return {
            status: behind > 10_000 ? 'degraded' : 'up',
            leader,
            position: this.runner.lowest().toString(),
            behind,
          };
        },
      });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runner.migrate();
    if (!this.runsHere) return;
    if (!this.lease) {
      this.runner.start();
      this.logger.log('projection runner started');
      return;
    }
    this.lease.start();
  }

  /** With replicas on PostgreSQL, the runner runs only while this process holds the lease. */
  private onLease(held: boolean): void {
    if (held) {
      this.runner.start();
      this.logger.log('projection lease taken: runner started');
    } else {
      void this.runner.stop();
      this.logger.warn('projection lease lost: runner stopped');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.lease?.stop();
    await this.runner.stop();
  }
}

@Module({})
export class ProjectionsModule {
  static forProcess(process: 'api' | 'worker'): DynamicModule {
    return {
      module: ProjectionsModule,
      providers: [
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, READ_DB, { token: EXTRA_PROJECTIONS, optional: true }],
          useFactory: (store: EventStore, db: SqlDatabase, extra?: Projection[]) =>
            new ProjectionRunner(store, db, [...allProjections(), ...(extra ?? [])], {
              logger: new RunnerLog(),
              maxBatch: SERVICE_BATCH,
            }),
        },
        {
          provide: ProjectionsHost,
          inject: [ProjectionRunner, EVENT_STORE, READ_DB, APP_CONFIG, Metrics, HealthRegistry],
          useFactory: (
            runner: ProjectionRunner,
            store: EventStore,
            db: SqlDatabase,
            config: AppConfig,
            metrics: Metrics,
            health: HealthRegistry,
          ) =>
            new ProjectionsHost(
              runner,
              store,
              config.projectionsIn === process,
              db,
              metrics,
              health,
              config.readModels,
            ),
        },
      ],
      exports: [ProjectionRunner],
    };
  }
}

class RunnerLog {
  private readonly logger = new Logger('ProjectionRunner');
  error(details: object, message: string): void {
    this.logger.error({ ...details }, message);
  }
}
