import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { readModelsPathFor } from '@app/config';
import { SqliteEventStore } from '@app/event-store';
import { migrate, SqliteDatabase, TENANCY_MIGRATIONS } from '@app/sql';
import { separateEmbeddedReadModels } from './embedded-read-models.js';

const tables = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all();
  } finally {
    db.close();
  }
};

describe('separateEmbeddedReadModels: the read models move out of the events file once', () => {
  let dir: string;
  let eventsPath: string;
  let readPath: string;
  const config = () => ({
    eventStore: { kind: 'sqlite' as const, sqlitePath: eventsPath },
    readModels: { kind: 'sqlite' as const, sqlitePath: readPath },
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-split-'));
    eventsPath = join(dir, 'ledger.db');
    readPath = readModelsPathFor(eventsPath);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function oldLayout(): Promise<void> {
    const store = new SqliteEventStore({ path: eventsPath });
    await store.append('plan-1', [{ type: 'PlanDrafted', data: { title: 'Plan' } }], {
      expectedRevision: 'no_stream',
    });
    await store.close();
    const db = new SqliteDatabase(eventsPath);
    await migrate(db, TENANCY_MIGRATIONS);
    await db.execute(
      `INSERT INTO municipalities (id, name, slug, time_zone, created_at) VALUES ($1, $2, $3, $4, $5)`,
      ['m-1', 'Beispielstadt', 'beispielstadt', 'Europe/Berlin', '2026-01-01T00:00:00.000Z'],
    );
    await db.close();
  }

  it('names the read-model file after the events file', () => {
    expect(readModelsPathFor('./data/ledger.db')).toBe('./data/ledger-read.db');
    expect(readModelsPathFor('/var/lib/ledger/events')).toBe('/var/lib/ledger/events-read.db');
  });

  it('copies tenancy and read-model tables of an old single-file store, without the events', async () => {
    await oldLayout();
    separateEmbeddedReadModels(config());
    expect(tables(readPath)).toEqual(
      expect.arrayContaining(['municipalities', 'members', 'schema_migrations']),
    );
    expect(tables(readPath)).not.toContain('events');
    const read = new Database(readPath, { readonly: true });
    expect(read.prepare('SELECT slug FROM municipalities').pluck().all()).toEqual(['beispielstadt']);
    read.close();
    // the events stay where they were
    const store = new SqliteEventStore({ path: eventsPath });
    expect(await store.headPosition()).toBe(1n);
    await store.close();
    expect(tables(eventsPath)).toContain('events');
  });

  it('does nothing for a store made with two files, or once the read-model file exists', async () => {
    const store = new SqliteEventStore({ path: eventsPath });
    await store.close();
    separateEmbeddedReadModels(config());
    expect(existsSync(readPath)).toBe(false);

    await oldLayout();
    const existing = new SqliteDatabase(readPath);
    await existing.execute('CREATE TABLE marker (id INTEGER)', []);
    await existing.close();
    separateEmbeddedReadModels(config());
    expect(tables(readPath)).toEqual(['marker']);
  });
});
