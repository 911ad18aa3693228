import { existsSync, linkSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { AppConfig } from '@app/config';
import { SqliteEventStore } from '@app/event-store';

/**
 * The embedded store used to keep the read models and the tenancy tables in the events' own SQLite file. They
 * now have a file of their own (SQLITE_READ_PATH), so that projections writing on the api's read-side thread
 * never hold the lock an append waits for. At the first start after that change, the read-model file is made
 * as a copy of the old file without the event store's tables: members, tokens, sessions and the projected rows
 * with their checkpoints carry over unchanged. The old file keeps its copies of those tables; nothing reads them.
 */
export function separateEmbeddedReadModels(config: Pick<AppConfig, 'eventStore' | 'readModels'>): void {
  if (config.eventStore.kind !== 'sqlite' || config.readModels.kind !== 'sqlite') return;
  const eventsPath = config.eventStore.sqlitePath;
  const readPath = config.readModels.sqlitePath;
  if (readPath === eventsPath || readPath === ':memory:') return;
  if (existsSync(readPath) || !existsSync(eventsPath)) return;
  const storeTables = eventStoreTables();
  const partial = `${readPath}.${process.pid}.${Date.now()}.partial`;
  const source = new Database(eventsPath, { readonly: true, fileMustExist: true });
  try {
    const tables = source
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all();
    if (tables.every((name) => storeTables.has(name))) return; // a store made after the change
    source.prepare('VACUUM INTO ?').run(partial);
  } finally {
    source.close();
  }
  try {
    const copy = new Database(partial);
    for (const name of storeTables) copy.exec(`DROP TABLE IF EXISTS "${name}"`);
    copy.pragma('journal_mode = WAL');
    copy.close();
    // a link never replaces a file: when two processes start at once, the first copy wins
    linkSync(partial, readPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(partial, { force: true });
  }
}

function eventStoreTables(): Set<string> {
  const probe = new SqliteEventStore({ path: ':memory:' });
  try {
    return new Set(
      probe.db
        .prepare<[], string>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .pluck()
        .all(),
    );
  } finally {
    void probe.close();
  }
}
