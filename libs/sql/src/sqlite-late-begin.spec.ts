import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { SqlExecutor } from './sql-database.js';
import { SqliteDatabase } from './sqlite.database.js';

/**
 * A SQLite transaction that takes the write lock only at its first write (LateBegin): the other connection
 * can write while it reads and computes, and `begun` can still refuse what it saw.
 */
describe('SQLite transactions that begin at their first write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-late-'));
  let db: SqliteDatabase;
  let other: SqliteDatabase;
  const count = async () => (await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM notes'))[0]!.n;

  beforeAll(async () => {
    db = new SqliteDatabase(join(dir, 'read.db'));
    other = new SqliteDatabase(join(dir, 'read.db'));
    await db.execute('CREATE TABLE notes (id TEXT PRIMARY KEY)');
  });
  afterAll(async () => {
    await db.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the lock free until the first write, then holds it to the commit', async () => {
    const steps: string[] = [];
    await db.transaction(
      async (tx) => {
        // another connection writes while this one only reads: it would wait for a BEGIN IMMEDIATE
        other.db.pragma('busy_timeout = 0');
        await other.execute("INSERT INTO notes (id) VALUES ('other')");
        steps.push(`read ${(await tx.query('SELECT id FROM notes')).length}`);
        await tx.execute("INSERT INTO notes (id) VALUES ('mine')");
        expect(() => other.db.exec("INSERT INTO notes (id) VALUES ('blocked')")).toThrow(/locked/);
      },
      {
        beforeBegin: async () => void steps.push('before'),
        begun: async (tx: SqlExecutor) =>
          void steps.push(`begun ${(await tx.query('SELECT id FROM notes')).length}`),
      },
    );
    other.db.pragma('busy_timeout = 5000');
    expect(steps).toEqual(['read 1', 'before', 'begun 1']);
    expect(await count()).toBe(2);
  });

  it('rolls back everything when begun refuses, and writes nothing without a write', async () => {
    await expect(
      db.transaction(async (tx) => tx.execute("INSERT INTO notes (id) VALUES ('refused')"), {
        begun: async () => {
          throw new Error('moved meanwhile');
        },
      }),
    ).rejects.toThrow('moved meanwhile');
    let begun = false;
    await db.transaction(async (tx) => tx.query('SELECT id FROM notes'), {
      begun: async () => void (begun = true),
    });
    expect(begun).toBe(false);
    expect(await count()).toBe(2);
  });
});
