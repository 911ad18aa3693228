import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../../../test/support/postgres.js';
import { PostgresDatabase } from './postgres.database.js';
import { migrate, type SqlDatabase } from './sql-database.js';
import { SqliteDatabase } from './sqlite.database.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-sql-'));
const schema = freshSchemaName('sql');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await dropSchema(schema);
});

const migrations = [
  { id: '001-notes', sql: 'CREATE TABLE notes (id TEXT PRIMARY KEY, body TEXT NOT NULL, n BIGINT NOT NULL)' },
  { id: '002-index', sql: 'CREATE INDEX notes_n ON notes (n);\nCREATE TABLE tags (note_id TEXT, tag TEXT)' },
];

describe.each([
  ['sqlite', () => Promise.resolve(new SqliteDatabase(join(dir, 'read.db')))],
  ['postgres', () => PostgresDatabase.open(testDatabaseUrl(), schema)],
])('SqlDatabase on %s', (_name, open: () => Promise<SqlDatabase>) => {
  let db: SqlDatabase;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => db.close());

  it('applies migrations once, in order', async () => {
    expect(await migrate(db, migrations)).toEqual(['001-notes', '002-index']);
    expect(await migrate(db, migrations)).toEqual([]);
  });

  it('runs the same $n SQL and returns numbers for BIGINT', async () => {
    await db.execute('INSERT INTO notes (id, body, n) VALUES ($1, $2, $3)', ['a', 'Grüße, "Wohnen"', 42]);
    expect(await db.query('SELECT body, n FROM notes WHERE id = $1', ['a'])).toEqual([
      { body: 'Grüße, "Wohnen"', n: 42 },
    ]);
  });

  it('runs a statement once per row of values laid end to end, in and outside a transaction', async () => {
    const insert = 'INSERT INTO notes (id, body, n) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING';
    const rows = ['e1', 'eins', 1, 'e2', 'zwei', 2n, 'a', 'exists already', 3];
    expect(await db.transaction((tx) => tx.executeEach(insert, rows, 3))).toBe(2);
    expect(await db.executeEach(insert, ['e3', new Date('2026-12-06T00:00:00Z'), 3], 3)).toBe(1);
    expect(await db.query("SELECT id, body, n FROM notes WHERE id LIKE 'e%' ORDER BY id")).toEqual([
      { id: 'e1', body: 'eins', n: 1 },
      { id: 'e2', body: 'zwei', n: 2 },
      { id: 'e3', body: db.dialect === 'sqlite' ? '2026-12-06T00:00:00.000Z' : expect.any(String), n: 3 },
    ]);
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.execute('INSERT INTO notes (id, body, n) VALUES ($1, $2, $3)', ['b', 'x', 1]);
        await tx.execute('INSERT INTO notes (id, body, n) VALUES ($1, $2, $3)', ['a', 'duplicate', 1]);
      }),
      // not toThrow(): better-sqlite3's error class may come from another test file's realm under Jest
    ).rejects.toHaveProperty('code', db.dialect === 'sqlite' ? 'SQLITE_CONSTRAINT_PRIMARYKEY' : '23505');
    expect(await db.query('SELECT id FROM notes WHERE id = $1', ['b'])).toEqual([]);
  });

  it('keeps concurrent transactions apart', async () => {
    await db.execute('INSERT INTO notes (id, body, n) VALUES ($1, $2, $3)', ['counter', '', 0]);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>(
            'SELECT n FROM notes WHERE id = $1 FOR UPDATE'.replace(
              db.dialect === 'sqlite' ? ' FOR UPDATE' : '',
              '',
            ),
            ['counter'],
          );
          await tx.execute('UPDATE notes SET n = $1 WHERE id = $2', [row!.n + 1, 'counter']);
        }),
      ),
    );
    expect(await db.query('SELECT n FROM notes WHERE id = $1', ['counter'])).toEqual([{ n: 20 }]);
  });
});
