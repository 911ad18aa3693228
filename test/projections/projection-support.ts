/**
 * Shared by the projection tests: the two real backends (an SQLite file in a temp dir; PostgreSQL in a
 * fresh schema), full dumps of the read-model tables, and helpers to read back what the store holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore, type EventStore, type RecordedEvent } from '@app/event-store';
import { allProjections, ProjectionRunner, type Projection } from '@app/projections';
import { planIdOf } from '@app/read-models';
import { PostgresDatabase, SqliteDatabase, type SqlDatabase } from '@app/sql';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../support/postgres.js';

export type BackendName = 'sqlite' | 'postgres';
export const BACKENDS: BackendName[] = ['sqlite', 'postgres'];

/** A store with its read-model database (the same SQLite file / PostgreSQL schema, as the app has them). */
export interface Env {
  readonly backend: BackendName;
  readonly store: EventStore;
  readonly db: SqlDatabase;
  /** Where the store lives, for a child process: [sqlite, file] or [postgres, url, schema]. */
  readonly location: string[];
  /** A second, empty read-model database over the same store (for rebuilds to compare with). */
  otherReadDb(): Promise<SqlDatabase>;
  close(): Promise<void>;
}

const SMALL_POOL = 3;

export async function openEnv(backend: BackendName): Promise<Env> {
  const extra: SqlDatabase[] = [];
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-projections-'));
    const path = join(dir, 'ledger.db');
    const store = new SqliteEventStore({ path, pollIntervalMs: 50 });
    const db = new SqliteDatabase(path);
    return {
      backend,
      store,
      db,
      location: ['sqlite', path],
      otherReadDb: async () => {
        const other = new SqliteDatabase(join(dir, `read-${extra.length + 1}.db`));
        extra.push(other);
        return other;
      },
      close: async () => {
        for (const other of extra) await other.close();
        await store.close();
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = testDatabaseUrl();
  const schema = freshSchemaName('proj');
  const schemas = [schema];
  const store = await PostgresEventStore.open({
    connectionString: url,
    schema,
    poolSize: SMALL_POOL,
    pollIntervalMs: 100,
  });
  const db = await openPostgresReadDb(url, schema);
  return {
    backend,
    store,
    db,
    location: ['postgres', url, schema],
    otherReadDb: async () => {
      const other = freshSchemaName('projr');
      schemas.push(other);
      const opened = await openPostgresReadDb(url, other, 2);
      extra.push(opened);
      return opened;
    },
    close: async () => {
      for (const other of extra) await other.close();
      await store.close();
      await db.close();
      for (const s of schemas) await dropSchema(s);
    },
  };
}

export async function openPostgresReadDb(
  url: string,
  schema: string,
  poolSize = SMALL_POOL,
): Promise<PostgresDatabase> {
  const db = PostgresDatabase.connect(url, schema, poolSize);
  await db.execute(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  return db;
}

export function newRunner(
  env: { store: EventStore },
  db: SqlDatabase,
  options: { maxBatch?: number; projections?: Projection[] } = {},
): ProjectionRunner {
  return new ProjectionRunner(env.store, db, options.projections ?? allProjections(), {
    maxBatch: options.maxBatch,
  });
}

/** A fresh runner on `db` that empties the read models and rebuilds them from position zero. */
export async function rebuild(env: { store: EventStore }, db: SqlDatabase, maxBatch?: number) {
  const runner = newRunner(env, db, { maxBatch });
  await runner.migrate();
  await runner.reset();
  await runner.catchUp();
  return runner;
}

export interface TableDump {
  plan_views: Record<string, unknown>[];
  audit_events: Record<string, unknown>[];
  progress_points: Record<string, unknown>[];
  plan_snapshots: Record<string, unknown>[];
}

const parse = (rows: Record<string, unknown>[], column: string) =>
  rows.map((row) => ({ ...row, [column]: JSON.parse(row[column] as string) as unknown }));

/** Every row of the read-model tables, in key order; JSON columns parsed so that key order does not matter. */
export async function dumpTables(db: SqlDatabase): Promise<TableDump> {
  return {
    ...(await dumpPlanTables(db)),
    audit_events: parse(await db.query('SELECT * FROM audit_events ORDER BY position'), 'data'),
  };
}

/** The tables of the plan views alone: views, snapshots and chart points. */
export async function dumpPlanTables(db: SqlDatabase): Promise<Omit<TableDump, 'audit_events'>> {
  return {
    plan_views: parse(await db.query('SELECT * FROM plan_views ORDER BY plan_id'), 'view'),
    progress_points: await db.query('SELECT * FROM progress_points ORDER BY plan_id, scope, day'),
    plan_snapshots: parse(await db.query('SELECT * FROM plan_snapshots ORDER BY plan_id, position'), 'view'),
  };
}

export async function checkpoints(db: SqlDatabase): Promise<Record<string, number>> {
  const rows = await db.query<{ name: string; position: number }>(
    'SELECT name, position FROM projection_checkpoints ORDER BY name',
  );
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.position)]));
}

export async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, limit: 2000 });
    all.push(...page);
    if (page.length < 2000) return all;
    after = page[page.length - 1]!.position;
  }
}

/** The events a plan view folds, per plan, in position order. */
export function eventsByPlan(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byPlan = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const planId = planIdOf(event);
    if (!planId) continue;
    if (!byPlan.has(planId)) byPlan.set(planId, []);
    byPlan.get(planId)!.push(event);
  }
  return byPlan;
}

/** Waits (without any time limit but the test's own) until the runner has projected everything in the store. */
export async function waitForRunner(
  runner: ProjectionRunner,
  store: EventStore,
  what: string,
): Promise<void> {
  const head = await store.headPosition();
  const deadline = Date.now() + 90_000;
  while (runner.lowest() < head) {
    if (Date.now() > deadline)
      throw new Error(`${what}: the runner stayed at ${runner.lowest()} of ${head} for 90 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** JSON round trip: what a reader gets back from a JSON column (undefined fields gone). */
export function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
