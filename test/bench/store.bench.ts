/**
 * `npm run bench:store`: the event store adapters against the plain drivers, measured in the same run.
 *
 * For SQLite (a temp file) and PostgreSQL (a fresh schema, dropped at the end): 20,000 events of about
 * 300 bytes of JSON over 2,000 streams, one event per append with the exact expected revision, first by one
 * writer, then by 10 concurrent writers that each own their streams; then everything read back through
 * readAll in pages of 1,000. Next to each figure: the plain driver doing the same (single-row INSERT per
 * transaction, SELECT in pages), the disk's write+fdatasync rate, and the goals from the issue. Plain driver
 * and adapter take turns in blocks (ABBA), each block after a checkpoint, so that drift weighs on both.
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, must be local),
 * BENCH_ONLY=sqlite|postgres to run one store.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore } from '../../libs/event-store/src/index.js';
import { measureFdatasync, PlainPostgres, PlainSqlite } from './store-baselines.js';
import {
  adapterAppender,
  adapterReader,
  timeInterleaved,
  timeReadsInterleaved,
  timeWriters,
  type Measurement,
  type Paired,
  type ReadPage,
  type Run,
} from './store-measure.js';
import { count, markdownTable, rate, textTable, type ResultRow } from './store-report.js';
import { averageJsonBytes, makeWorkload, splitAmongWriters, type AppendOp } from './store-workload.js';

const EVENTS = 20_000;
const STREAMS = 2_000;
const WRITERS = 10;
const PAGE_SIZE = 1_000;
const FSYNC_WRITES = 2_000;
/** Plain driver and adapter take turns in this many blocks per append phase. */
const BLOCKS = 8;
/** A short run of the same kind before each timed phase: JIT, prepared statements, pool connections. */
const WARMUP_STREAMS = 50;
const WARMUP_PER_STREAM = 4;
/** Events in each store when the reads start: both append phases and their warm-ups. */
const WRITTEN = EVENTS * 2 + 2 * WARMUP_STREAMS * WARMUP_PER_STREAM;
/** The whole bench normally takes about a minute; past this it is stuck, not slow. */
const DEADLINE_MS = 5 * 60_000;

const GOALS = {
  postgresSequential: 0.8,
  sqliteSequential: 0.9,
  sqliteConcurrent: 20_000,
};
const REFERENCE = {
  pgSequential: '≈ 4,700',
  pgConcurrent: '≈ 14,000',
  sqlite: '≈ 8,300',
  fdatasync: '≈ 8,300',
};

interface Phases {
  sequential: AppendOp[];
  concurrent: AppendOp[][];
}

interface StoreFigures {
  sequential: Paired;
  concurrent: Paired;
  read: Paired;
}

/** How to drive one store: the plain driver's and the adapter's append and page read. */
interface Contenders {
  name: string;
  insert: Run;
  append: Run;
  plainRead: ReadPage;
  adapterRead: ReadPage;
  checkpoint(): Promise<void> | void;
}

/**
 * A goal on adapter ÷ plain. Met or missed when the overall ratio and the median of the blocks agree; when
 * they do not, a busy moment decided it, and the result says so instead of picking one.
 */
function ratioGoal(pair: Paired, target: number): { met: boolean | 'undecided'; detail?: string } {
  const overall = pair.adapter.rate / pair.plain.rate >= target;
  const blocks = pair.blockRatioMedian >= target;
  if (overall === blocks) return { met: overall };
  return {
    met: 'undecided',
    detail: `${overall ? 'overall ratio' : 'median of blocks'} meets it, the other not`,
  };
}

function workloads(): Phases {
  const perStream = EVENTS / STREAMS;
  return {
    sequential: makeWorkload('seq', STREAMS, perStream),
    concurrent: splitAmongWriters(makeWorkload('conc', STREAMS, perStream), WRITERS),
  };
}

function warmup(name: string, writers: number): AppendOp[][] {
  return splitAmongWriters(makeWorkload(`warm-${name}`, WARMUP_STREAMS, WARMUP_PER_STREAM), writers);
}

function databaseUrl(): string {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    throw new Error(`BENCH_DATABASE_URL must point at this machine, not ${host}`);
  }
  return url;
}

function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

/** The three phases for one store: 1 writer, WRITERS writers, then reading everything back. */
async function runPhases(c: Contenders, phases: Phases): Promise<StoreFigures> {
  const runs = { plain: c.insert, adapter: c.append };
  progress(`${c.name}: appends by 1 writer`);
  const warmSequential = warmup('seq', 1);
  await timeWriters(warmSequential, c.insert);
  await timeWriters(warmSequential, c.append);
  const sequential = await timeInterleaved([phases.sequential], BLOCKS, runs, c.checkpoint);

  progress(`${c.name}: appends by ${WRITERS} writers`);
  const warmConcurrent = warmup('conc', WRITERS);
  await timeWriters(warmConcurrent, c.insert);
  await timeWriters(warmConcurrent, c.append);
  const concurrent = await timeInterleaved(phases.concurrent, BLOCKS, runs, c.checkpoint);

  progress(`${c.name}: reads`);
  await c.checkpoint();
  const read = await timeReadsInterleaved({ plain: c.plainRead, adapter: c.adapterRead });
  for (const side of ['plain', 'adapter'] as const) {
    if (read[side].events !== WRITTEN) {
      throw new Error(`${c.name} ${side}: read ${read[side].events} events, ${WRITTEN} were written`);
    }
  }
  return { sequential, concurrent, read };
}

/** The disk's write+fdatasync rate, measured before and after the SQLite phases; the goal uses the mean. */
function measureDisk(dir: string): Measurement {
  progress(`disk: ${FSYNC_WRITES} writes + fdatasync`);
  return measureFdatasync(join(dir, 'fsync.bin'), FSYNC_WRITES, 300);
}

async function benchSqlite(
  dir: string,
  phases: Phases,
  diskBefore: Measurement,
): Promise<{ rows: ResultRow[]; diskAfter: Measurement }> {
  const store = new SqliteEventStore({ path: join(dir, 'adapter.db') });
  const plain = new PlainSqlite(join(dir, 'plain.db'));
  let figures: StoreFigures;
  try {
    figures = await runPhases(
      {
        name: 'sqlite',
        insert: async (op) => plain.insert(op),
        append: adapterAppender(store),
        plainRead: async (after) => plain.readPage(after, PAGE_SIZE),
        adapterRead: adapterReader(store, PAGE_SIZE),
        checkpoint: () => {
          plain.checkpoint();
          store.db.pragma('wal_checkpoint(TRUNCATE)');
        },
      },
      phases,
    );
  } finally {
    await store.close();
    plain.close();
  }
  const diskAfter = measureDisk(dir);
  const diskRate = (diskBefore.rate + diskAfter.rate) / 2;
  const { sequential, concurrent, read } = figures;
  const aboveFsync = concurrent.adapter.rate > diskRate;
  const reachesAim = concurrent.adapter.rate >= GOALS.sqliteConcurrent;
  const rows: ResultRow[] = [
    {
      store: 'SQLite',
      scenario: 'append, 1 writer',
      ...sequential,
      plainLabel: 'INSERT per txn',
      plainReference: REFERENCE.sqlite,
      goal: {
        text: `≥ ${GOALS.sqliteSequential}× plain`,
        ...ratioGoal(sequential, GOALS.sqliteSequential),
      },
    },
    {
      store: 'SQLite',
      scenario: `append, ${WRITERS} writers`,
      ...concurrent,
      plainLabel: 'INSERT per txn (sync driver: serial)',
      plainReference: REFERENCE.sqlite,
      goal: {
        text: `> fdatasync (${count(diskRate)}/s) and ≥ ${count(GOALS.sqliteConcurrent)} ev/s`,
        met: aboveFsync && reachesAim,
        detail: `${aboveFsync ? 'above' : 'NOT above'} fdatasync, ${reachesAim ? 'reaches' : 'below'} ${count(GOALS.sqliteConcurrent)}`,
      },
    },
    {
      store: 'SQLite',
      scenario: `readAll, pages of ${count(PAGE_SIZE)}`,
      ...read,
      plainLabel: 'SELECT page + JSON.parse',
    },
  ];
  return { rows, diskAfter };
}

async function benchPostgres(url: string, phases: Phases): Promise<{ rows: ResultRow[]; facts: string }> {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const plain = await PlainPostgres.open(url, schema, WRITERS);
  let figures: StoreFigures;
  let facts: string;
  try {
    const store = await PostgresEventStore.open({ connectionString: url, schema, poolSize: WRITERS });
    try {
      figures = await runPhases(
        {
          name: 'postgres',
          insert: (op, writer) => plain.insert(op, writer),
          append: adapterAppender(store),
          plainRead: (after) => plain.readPage(after, PAGE_SIZE),
          adapterRead: adapterReader(store, PAGE_SIZE),
          checkpoint: () => plain.checkpoint(),
        },
        phases,
      );
    } finally {
      await store.close();
    }
    const server = await plain.serverFacts();
    facts = `PostgreSQL ${server.version} (${server.settings})`;
  } finally {
    await plain.dropSchema();
    await plain.close();
  }
  const { sequential, concurrent, read } = figures;
  return {
    facts,
    rows: [
      {
        store: 'PostgreSQL',
        scenario: 'append, 1 writer',
        ...sequential,
        plainLabel: 'INSERT autocommit, 1 conn',
        plainReference: REFERENCE.pgSequential,
        goal: {
          text: `≥ ${GOALS.postgresSequential}× plain`,
          ...ratioGoal(sequential, GOALS.postgresSequential),
        },
      },
      {
        store: 'PostgreSQL',
        scenario: `append, ${WRITERS} writers`,
        ...concurrent,
        plainLabel: `INSERT autocommit, ${WRITERS} conns`,
        plainReference: REFERENCE.pgConcurrent,
      },
      {
        store: 'PostgreSQL',
        scenario: `readAll, pages of ${count(PAGE_SIZE)}`,
        ...read,
        plainLabel: 'SELECT page',
      },
    ],
  };
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    process.stderr.write(`bench:store did not finish within ${DEADLINE_MS / 1000} s\n`);
    process.exit(2);
  }, DEADLINE_MS);
  deadline.unref();
  const only = process.env.BENCH_ONLY;
  const url = databaseUrl();
  const phases = workloads();
  const dir = mkdtempSync(join(os.tmpdir(), 'store-bench-'));
  const rows: ResultRow[] = [];
  const disk: Measurement[] = [];
  let sqliteVersion = '';
  let postgresFacts = 'PostgreSQL not run';
  const startedAt = Date.now();
  const loadBefore = os.loadavg()[0]!;
  try {
    disk.push(measureDisk(dir));
    if (only !== 'postgres') {
      const probe = new PlainSqlite(join(dir, 'probe.db'));
      sqliteVersion = probe.db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()!.v;
      probe.close();
      const sqlite = await benchSqlite(dir, phases, disk[0]!);
      rows.push(...sqlite.rows);
      disk.push(sqlite.diskAfter);
    }
    if (only !== 'sqlite') {
      const postgres = await benchPostgres(url, phases);
      postgresFacts = postgres.facts;
      rows.push(...postgres.rows);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const loadAfter = os.loadavg()[0]!;
  const facts = [
    `date: ${new Date().toISOString()}`,
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), ${os.platform()} ${os.release()}`,
    `Node ${process.version}; ${postgresFacts}; SQLite ${sqliteVersion || 'not run'} (better-sqlite3, WAL, synchronous=FULL)`,
    `workload: ${count(EVENTS)} events over ${count(STREAMS)} streams per append phase, one event per append, ` +
      `~${Math.round(averageJsonBytes(phases.sequential))} bytes of JSON (data + metadata) per event; ` +
      `${WRITERS} writers own ${STREAMS / WRITERS} streams each; readAll pages of ${count(PAGE_SIZE)}`,
    `disk: ${FSYNC_WRITES} × (write 300 B + fdatasync): ` +
      disk
        .map((d) => `${rate(d)}/s (p50 ${d.p50Ms.toFixed(2)} ms, p99 ${d.p99Ms.toFixed(2)} ms)`)
        .join(disk.length > 1 ? ' before, ' : '') +
      `${disk.length > 1 ? ' after the SQLite runs' : ''}; reference ${REFERENCE.fdatasync}/s`,
    `total time: ${((Date.now() - startedAt) / 1000).toFixed(1)} s; 1-minute load average ` +
      `${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (the bench itself keeps about one core busy)`,
  ];

  const diskDrift = disk.length > 1 ? Math.abs(disk[0]!.rate - disk[1]!.rate) / disk[0]!.rate : 0;
  if (loadBefore > os.cpus().length / 2 || loadAfter > os.cpus().length || diskDrift > 0.25) {
    facts.push(
      'WARNING: the machine was busy during the run (load average or disk rate moved): taking turns ' +
        'block by block softens this for the ratios, but do not trust these figures; run it again when it is quiet',
    );
  }

  console.log('\nEvent store benchmark (npm run bench:store)\n');
  for (const fact of facts) console.log(`  ${fact}`);
  console.log(`\n${textTable(rows)}\n`);
  console.log(
    'Ratio = adapter ev/s ÷ plain ev/s of the same run; "Ref. plain" = the figure the issue expects.',
  );
  console.log('\nMarkdown:\n');
  console.log('```markdown');
  for (const fact of facts) console.log(`- ${fact}`);
  console.log(`\n${markdownTable(rows)}`);
  console.log('```');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
