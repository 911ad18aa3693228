import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { EventStore } from '@app/event-store';
import type { SqlDatabase } from '@app/sql';
import { BULK_LOAD_THREAD, TURN } from './bulk-load.thread.js';
import { CHECKPOINT_UPSERT, type BulkLoad, type Projection } from './projection.js';

/** The two files of the embedded default: the only setting in which a bulk load runs. */
export interface EmbeddedFiles {
  events: string;
  readModels: string;
}

export interface BulkLaneOptions {
  /** Events a projection must be behind the head for a bulk load; 50,000 by default. */
  minBehind?: number;
  /** Events per transaction of the thread at most (it commits early when the runner asks); 5,000 by default. */
  chunk?: number;
  /** After every chunk the thread committed: the projection's checkpoint is now at `at`. */
  progress?(name: string, at: bigint): void;
}

const MIN_BEHIND = 50_000;
const CHUNK = 5_000;
/** Events per INSERT within a chunk: how long the runner may wait for its turn. */
const STEP = 250;
/** Like BulkLoadSettings far behind; a small page cache, as the rows go straight through. */
const THREAD_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'busy_timeout = 60000',
  'wal_autocheckpoint = 100000',
  'cache_size = -1000',
];
const EVENTS_SCHEMA = 'events_file';
/** After each chunk the thread leaves the write lock free this long, for writers other than the runner. */
const GAP_MS = 1;

/** Where the store and the read models are SQLite files (not in memory), their paths; else undefined. */
export function embeddedFiles(store: EventStore, db: SqlDatabase): EmbeddedFiles | undefined {
  const events = (store as { db?: { name?: unknown; memory?: unknown } }).db;
  const readModels = (db as { db?: { name?: unknown; memory?: unknown } }).db;
  if (store.kind !== 'sqlite' || db.dialect !== 'sqlite' || !events || !readModels) return undefined;
  if (events.memory !== false || readModels.memory !== false) return undefined;
  if (typeof events.name !== 'string' || typeof readModels.name !== 'string') return undefined;
  return { events: events.name, readModels: readModels.name };
}

/**
 * Rebuilds on two cores: far behind on the embedded store, each projection that offers a bulk load (the
 * audit index) is filled by SQL alone on a thread of its own, up to the head as it was at the start, while
 * the runner folds the others on its thread. The runner leaves those projections out of its batches up to
 * that `target` and joins the lane before it applies anything past it.
 */
export class BulkLane {
  private running = new Map<string, { worker: Worker; done: Promise<void>; turns: Int32Array }>();
  private failed = false;
  target = 0n;

  constructor(
    private readonly files: EmbeddedFiles | undefined,
    private readonly options: BulkLaneOptions = {},
  ) {}

  /** Starts the bulk loads worth it, up to `head`; answers whether any started. */
  start(projections: readonly Projection[], at: ReadonlyMap<string, bigint>, head: bigint): boolean {
    if (!this.files || this.failed || this.running.size > 0) return false;
    const minBehind = BigInt(this.options.minBehind ?? MIN_BEHIND);
    for (const projection of projections) {
      const from = at.get(projection.name) ?? 0n;
      if (!projection.bulkLoad || head - from <= minBehind) continue;
      this.running.set(projection.name, this.spawn(projection, from, head));
    }
    this.target = head;
    return this.running.size > 0;
  }

  /** The projections being filled: the runner leaves them out of its batches up to `target`. */
  get names(): ReadonlySet<string> {
    return new Set(this.running.keys());
  }

  /** Waits for every bulk load to reach the target; a failure rejects, and later starts run none. */
  async join(): Promise<void> {
    const running = [...this.running.values()];
    try {
      await Promise.all(running.map((r) => r.done));
    } catch (error) {
      this.failed = true;
      await this.stop();
      throw new BulkLoadFailed(error);
    }
    this.running.clear();
  }

  /** Resolves once every bulk load has ended, reaching its target or not. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
  }

  /**
   * Has every thread stop between two chunks, so that the runner's own transaction finds the write lock
   * free (SQLite's busy wait would mostly miss the gaps); `resume` lets them go on.
   */
  async pause(): Promise<void> {
    for (const { turns } of this.running.values()) {
      if (Atomics.compareExchange(turns, 0, TURN.RUNNING, TURN.ASKED) !== TURN.RUNNING) continue;
      // no time limit: a thread that ends, however it ends, sets ENDED (see spawn)
      const wait = Atomics.waitAsync(turns, 0, TURN.ASKED);
      if (wait.async) await wait.value;
    }
  }

  resume(): void {
    for (const { turns } of this.running.values()) {
      // a thread that has not answered yet finds RUNNING and goes on
      Atomics.compareExchange(turns, 0, TURN.ASKED, TURN.RUNNING);
      if (Atomics.compareExchange(turns, 0, TURN.YIELDED, TURN.RUNNING) === TURN.YIELDED)
        Atomics.notify(turns, 0);
    }
  }

  /** Ends the threads at once: a chunk in flight is rolled back, the committed ones stand. */
  async stop(): Promise<void> {
    const running = [...this.running.values()];
    this.running.clear();
    await Promise.all(running.map((r) => r.worker.terminate()));
  }

  /**
   * Its `before` only when fewer rows stand than are to come, as the runner's own path does: dropping
   * indexes saves per-row work only when one sort afterwards is the cheaper way to build them.
   */
  private plan(projection: Projection, schema: string, from: bigint, to: bigint): BulkLoad {
    const load = projection.bulkLoad!(`${schema}.events`);
    return from < to - from ? load : { ...load, before: [] };
  }

  private spawn(projection: Projection, from: bigint, to: bigint) {
    const turns = new Int32Array(new SharedArrayBuffer(4));
    const { events, readModels } = this.files!;
    const attachAs = events === readModels ? null : EVENTS_SCHEMA;
    const worker = new Worker(BULK_LOAD_THREAD, {
      eval: true,
      // the thread's JavaScript only hands SQL to SQLite: a small heap, not one sized like the runner's
      resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        events,
        readModels,
        attachAs,
        pragmas: THREAD_PRAGMAS,
        name: projection.name,
        from: Number(from),
        to: Number(to),
        chunk: this.options.chunk ?? CHUNK,
        step: STEP,
        load: this.plan(projection, attachAs ?? 'main', from, to),
        checkpoint: CHECKPOINT_UPSERT,
        turns: turns.buffer,
        gapMs: GAP_MS,
      },
    });
    const done = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: { at?: number; done?: boolean }) => {
        if (message.at !== undefined) this.options.progress?.(projection.name, BigInt(message.at));
        if (message.done) resolve();
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        // nobody waits for a turn from a thread that is gone
        Atomics.store(turns, 0, TURN.ENDED);
        Atomics.notify(turns, 0);
        reject(new Error(`bulk load of ${projection.name} ended (${code})`));
      });
    });
    // a rejection nobody awaits yet (the runner joins later) must not count as unhandled
    done.catch(() => undefined);
    return { worker, done, turns };
  }
}

/** A bulk load did not reach its target; what it committed stands, and the runner builds the rest itself. */
export class BulkLoadFailed extends Error {
  constructor(cause: unknown) {
    super(`bulk load failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'BulkLoadFailed';
  }
}
