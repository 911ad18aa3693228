/**
 * The process projection-crash.e2e-spec.ts kills with SIGKILL: a ProjectionRunner with every projection of
 * the service, catching up over a store that already holds many events, in small batches (one transaction
 * each). It resumes from whatever checkpoint an earlier, killed run left.
 *
 *   node --import tsx test/projections/projection-crash.child.ts <maxBatch> <killInsideBatch|0> sqlite <file>
 *   node --import tsx test/projections/projection-crash.child.ts <maxBatch> <killInsideBatch|0> postgres <url> <schema>
 *
 * With killInsideBatch = k > 0 the child kills itself with SIGKILL inside its k-th batch: after every
 * projection has written its rows, before the checkpoints are written and the transaction commits.
 *
 * Protocol on stdout, one JSON object per line: {"t":"ready","checkpoint":n}, then {"t":"committed",
 * "position":n} after each batch's transaction has committed, {"t":"done","position":n} when caught up.
 * Anything unexpected goes to stderr and ends the process with code 1.
 */
import { PostgresEventStore, SqliteEventStore, type EventStore, type RecordedEvent } from '@app/event-store';
import { allProjections, ProjectionRunner, type Projection } from '@app/projections';
import { PostgresDatabase, SqliteDatabase, type SqlDatabase, type SqlExecutor } from '@app/sql';

export type CrashChildLine =
  { t: 'ready'; checkpoint: number } | { t: 'committed'; position: number } | { t: 'done'; position: number };

/** Never outlive the test: a parent that died without killing us must not leave a runner behind. */
const HARD_DEADLINE_MS = 120_000;

function emit(line: CrashChildLine): void {
  // stdout on a pipe is written synchronously on Linux: once this returns, the parent can read the line
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function fail(message: string, error?: unknown): never {
  process.stderr.write(
    `projection-crash: ${message}${error ? `: ${String((error as Error).stack ?? error)}` : ''}\n`,
  );
  process.exit(1);
}

/**
 * The last projection of the batch, wrapped: reports each committed batch and, when told to, dies inside
 * the k-th batch's transaction once its own rows (and those of the projections before it) are written.
 */
class Reporting implements Projection {
  private batches = 0;
  private last = 0;
  constructor(
    private readonly inner: Projection,
    private readonly killInside: number,
  ) {}
  get name() {
    return this.inner.name;
  }
  get migrations() {
    return this.inner.migrations;
  }
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    await this.inner.apply(tx, events);
    this.batches += 1;
    this.last = Number(events[events.length - 1]!.position);
    if (this.batches === this.killInside) process.kill(process.pid, 'SIGKILL');
  }
  reset(tx: SqlExecutor) {
    return this.inner.reset(tx);
  }
  settled(committed: boolean) {
    this.inner.settled?.(committed);
    if (committed) emit({ t: 'committed', position: this.last });
  }
}

async function open(args: string[]): Promise<{ store: EventStore; db: SqlDatabase }> {
  const [backend, ...rest] = args;
  if (backend === 'sqlite' && rest.length === 1) {
    return { store: new SqliteEventStore({ path: rest[0]! }), db: new SqliteDatabase(rest[0]!) };
  }
  if (backend === 'postgres' && rest.length === 2) {
    const [url, schema] = rest as [string, string];
    const store = await PostgresEventStore.open({ connectionString: url, schema, poolSize: 2 });
    const db = PostgresDatabase.connect(url, schema, 2);
    return { store, db };
  }
  return fail(
    `usage: <maxBatch> <killInside> sqlite <file> | postgres <url> <schema>; got ${args.join(' ')}`,
  );
}

async function main(): Promise<void> {
  setTimeout(() => fail('still running after the hard deadline'), HARD_DEADLINE_MS).unref();
  // the parent holds our stdin open; when it goes away, so do we
  process.stdin.on('end', () => process.exit(2));
  process.stdin.on('error', () => process.exit(2));
  process.stdin.resume();

  const [maxBatch, killInside, ...location] = process.argv.slice(2);
  const { store, db } = await open(location);
  const projections = allProjections();
  const last = projections.length - 1;
  projections[last] = new Reporting(projections[last]!, Number(killInside));
  const runner = new ProjectionRunner(store, db, projections, { maxBatch: Number(maxBatch) });
  await runner.migrate();
  const rows = await db.query<{ position: number | null }>(
    'SELECT MIN(position) AS position FROM projection_checkpoints',
  );
  emit({ t: 'ready', checkpoint: Number(rows[0]?.position ?? 0) });
  await runner.catchUp();
  emit({ t: 'done', position: Number(runner.lowest()) });
  await store.close();
  await db.close();
  process.exit(0);
}

main().catch((error: unknown) => fail('crashed on its own', error));
