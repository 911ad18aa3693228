import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SqliteEventStore, type RecordedEvent } from '@app/event-store';
import { SqliteDatabase, type SqlExecutor } from '@app/sql';
import type { Projection } from './projection.js';
import { ProjectionRunner } from './projection-runner.js';

/**
 * Sums the events' `n`. Before its first batch writes anything it lets another connection reset it (rows
 * gone, checkpoint zero), as a rebuild in another process would, in the moment between the runner's read of
 * the checkpoints and its write lock.
 */
class SummingProjection implements Projection {
  readonly name = 'summing';
  readonly migrations = [
    { id: '901-sums', sql: 'CREATE TABLE sums (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)' },
  ];
  resetBy?: SqliteDatabase;
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    const reset = this.resetBy;
    this.resetBy = undefined;
    if (reset) {
      await reset.execute('DELETE FROM sums');
      await reset.execute("UPDATE projection_checkpoints SET position = 0 WHERE name = 'summing'");
    }
    const total = events.reduce((sum, e) => sum + (e.data as { n: number }).n, 0);
    await tx.execute(
      'INSERT INTO sums (id, total) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET total = sums.total + $1',
      [total],
    );
  }
  async reset(tx: SqlExecutor): Promise<void> {
    await tx.execute('DELETE FROM sums');
  }
}

describe('a batch whose checkpoint moves before its first write (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-moved-'));
  let store: SqliteEventStore;
  let db: SqliteDatabase;
  let other: SqliteDatabase;
  beforeAll(() => {
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    db = new SqliteDatabase(join(dir, 'read.db'));
    other = new SqliteDatabase(join(dir, 'read.db'));
  });
  afterAll(async () => {
    await store.close();
    await db.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is rolled back and read again from the moved checkpoint: every event counted once', async () => {
    for (let n = 1; n <= 40; n++)
      await store.append(`s-${randomUUID()}`, [{ type: 'Counted', data: { n } }], {
        expectedRevision: 'no_stream',
      });
    const projection = new SummingProjection();
    const runner = new ProjectionRunner(store, db, [projection], { maxBatch: 10 });
    await runner.migrate();
    await runner.catchUp();
    await store.append(`s-${randomUUID()}`, [{ type: 'Counted', data: { n: 41 } }], {
      expectedRevision: 'no_stream',
    });
    projection.resetBy = other;
    await runner.catchUp();
    expect(await db.query('SELECT total FROM sums')).toEqual([{ total: (41 * 42) / 2 }]);
    expect(runner.lowest()).toBe(41n);
  });
});
