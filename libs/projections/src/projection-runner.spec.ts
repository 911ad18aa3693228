import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PostgresEventStore, SqliteEventStore, type EventStore, type RecordedEvent } from '@app/event-store';
import { PostgresDatabase, SqliteDatabase, type SqlDatabase, type SqlExecutor } from '@app/sql';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../../../test/support/postgres.js';
import type { Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';

/** Counts events per type; can be told to fail on one type to simulate a crash in the middle of a batch. */
class CountingProjection implements Projection {
  readonly name = 'counting';
  failOn?: string;
  readonly migrations = [
    { id: '900-counting', sql: 'CREATE TABLE counts (type TEXT PRIMARY KEY, n INTEGER NOT NULL)' },
  ];
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      await tx.execute(
        'INSERT INTO counts (type, n) VALUES ($1, 1) ON CONFLICT (type) DO UPDATE SET n = counts.n + 1',
        [event.type],
      );
      if (event.type === this.failOn) throw new Error('simulated crash in the middle of a batch');
    }
  }
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('DELETE FROM counts');
  }
}

const dir = mkdtempSync(join(tmpdir(), 'ledger-proj-'));
const schema = freshSchemaName('proj');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchema(schema);
});

describe.each([
  [
    'sqlite',
    async () => ({
      store: new SqliteEventStore({ path: join(dir, 'e.db'), pollIntervalMs: 50 }) as EventStore,
      db: new SqliteDatabase(join(dir, 'e.db')) as SqlDatabase,
    }),
  ],
  [
    'postgres',
    async () => ({
      store: (await PostgresEventStore.open({
        connectionString: testDatabaseUrl(),
        schema,
        pollIntervalMs: 50,
      })) as EventStore,
      db: (await PostgresDatabase.open(testDatabaseUrl(), schema)) as SqlDatabase,
    }),
  ],
])('ProjectionRunner on %s', (_name, open) => {
  let store: EventStore;
  let db: SqlDatabase;
  const counts = async () =>
    Object.fromEntries(
      (await db.query<{ type: string; n: number }>('SELECT type, n FROM counts')).map((r) => [r.type, r.n]),
    );
  const appendMany = async (type: string, n: number) => {
    for (let i = 0; i < n; i++)
      await store.append(`s-${randomUUID()}`, [{ type, data: { i } }], { expectedRevision: 'no_stream' });
  };

  beforeAll(async () => {
    ({ store, db } = await open());
  });
  afterAll(async () => {
    await store.close();
    await db.close();
  });

  it('catches up once, and a second catch-up or a second runner changes nothing', async () => {
    await appendMany('A', 30);
    await appendMany('B', 12);
    const runner = new ProjectionRunner(store, db, [new CountingProjection()], { maxBatch: 7 });
    await runner.migrate();
    await runner.catchUp();
    expect(await counts()).toEqual({ A: 30, B: 12 });
    await runner.catchUp();
    const other = new ProjectionRunner(store, db, [new CountingProjection()], { maxBatch: 5 });
    await Promise.all([other.catchUp(), runner.catchUp()]);
    expect(await counts()).toEqual({ A: 30, B: 12 });
    expect(runner.lowest()).toBe(await store.headPosition());
  });

  it('rolls back a batch that fails half-way and applies it exactly once after the fix', async () => {
    await appendMany('C', 3);
    await appendMany('Boom', 1);
    await appendMany('C', 3);
    const projection = new CountingProjection();
    projection.failOn = 'Boom';
    const runner = new ProjectionRunner(store, db, [projection], { maxBatch: 100 });
    await expect(runner.catchUp()).rejects.toThrow('simulated crash');
    expect((await counts()).C).toBeUndefined();
    projection.failOn = undefined;
    await new ProjectionRunner(store, db, [projection]).catchUp();
    expect(await counts()).toMatchObject({ A: 30, B: 12, C: 6, Boom: 1 });
  });

  it('follows live appends and rebuilds to the same rows', async () => {
    const runner = new ProjectionRunner(store, db, [new CountingProjection()], { maxBatch: 50 });
    runner.start();
    await appendMany('Live', 20);
    const head = await store.headPosition();
    for (let i = 0; i < 200 && runner.lowest() < head; i++) await new Promise((r) => setTimeout(r, 25));
    await runner.stop();
    const live = await counts();
    expect(live.Live).toBe(20);
    await runner.reset();
    expect(await counts()).toEqual({});
    await runner.catchUp();
    expect(await counts()).toEqual(live);
  });
});
