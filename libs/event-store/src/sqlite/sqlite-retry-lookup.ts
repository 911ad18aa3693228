import type Database from 'better-sqlite3';
import { resolveRetry } from '../append-plan.js';
import type { AppendOptions, AppendResult, EventToAppend } from '../event-store.port.js';

/** What an append came to: its answer, or why it was refused. */
export type Outcome = { ok: AppendResult } | { error: unknown };

interface Append {
  stream: string;
  events: readonly EventToAppend[];
  options: AppendOptions;
}

/**
 * Looks up an append's event ids, only once something refused it (or before writing several events, which
 * would be half written by the time a refusal came): a retry of an append that went through answers as that
 * one did, see resolveRetry.
 */
export class SqliteRetryLookup {
  private readonly byId;

  constructor(db: Database.Database) {
    this.byId = db.prepare<[string], { id: string; stream_id: string; revision: number; position: number }>(
      'SELECT id, stream_id, revision, position FROM events WHERE id = ?',
    );
  }

  /** The first append's answer when every id is stored as that append wrote it; a refusal otherwise. */
  find({ stream, events, options }: Append): AppendResult | undefined {
    const ids = events.map((e) => e.id).filter((id): id is string => id !== undefined);
    if (ids.length !== events.length) return undefined;
    const stored = ids
      .map((id) => this.byId.get(id))
      .filter((row) => row !== undefined)
      .map((row) => ({
        id: row.id,
        streamId: row.stream_id,
        revision: BigInt(row.revision),
        position: BigInt(row.position),
      }));
    return resolveRetry(stream, options.expectedRevision, ids, stored);
  }

  /** find() as an outcome: the first append's answer, a refusal, or undefined when no id is stored. */
  answer(append: Append): Outcome | undefined {
    try {
      const retried = this.find(append);
      return retried ? { ok: retried } : undefined;
    } catch (refusal) {
      return { error: refusal };
    }
  }
}
