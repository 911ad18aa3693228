/**
 * `npm run bench:api`: the command API under load, next to a bare Fastify baseline, in the same run.
 *
 * Builds the api once (`npx nest build api`), then for each store — embedded SQLite in a temp folder, and
 * PostgreSQL in a fresh schema that is dropped at the end — starts the built server as a child process
 * (LOG_LEVEL=warn, rate limits at their maximum, a known ADMIN_TOKEN), seeds through the API a municipality,
 * a coordinator and a contributor, one plan with a goal and 500 started measures, and then lets autocannon
 * send `POST /api/measures/:measureId/progress` with a valid `{percent, note}` from 50 connections, each
 * request to the next measure round-robin: a warm-up, then a timed run. The baseline is a bare Fastify
 * server (api-baseline.ts) whose same route does one plain INSERT into the same kind of store, under the
 * same load. Only 127.0.0.1 is ever targeted.
 *
 * 2xx answers are the commands done; 409 answers (a concurrent writer won every retry) are counted apart;
 * any other status, a connection error or a timeout fails the bench (exit code 1).
 *
 * Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test, must be local),
 * BENCH_API_ONLY=sqlite|postgres, BENCH_API_SECONDS (timed run, default 20), BENCH_API_WARMUP (default 5),
 * BENCH_API_SKIP_BUILD=1 (use dist/ as it is), BENCH_API_PROFILE=1 (the api child runs with --cpu-prof; the
 * timed run's CPU is summarised by request phase and function; the profiler costs some throughput),
 * BENCH_API_CEILING (seconds of GET /health/live before the command load, default 5, 0 to skip),
 * BENCH_API_PROFILE_DIR (keep the .cpuprofile files there, e.g. test-artifacts/, instead of a temp folder),
 * BENCH_API_VARIANTS=0 (skip the two diagnostic runs of the embedded api with REMINDERS=off, and with
 * REMINDERS=off PROJECTIONS_IN=none: configuration only, to show what the in-process read side costs;
 * BENCH_API_VARIANTS=commands: on the embedded store only the command-path variant, no default api, no baseline),
 * REDIS_URL (the api's reminder queues, under a prefix of the bench's own, deleted afterwards),
 * BENCH_API_QUIET_WAIT (seconds to wait for the rest of the machine to fall quiet before each run, default 30).
 * The table's "Other CPU" is what every other process used meanwhile: PostgreSQL's backends in the
 * PostgreSQL rows, Redis for the api's reminder queues, and otherwise only noise; a lot of noise (other
 * people's builds and tests on this 2-core machine) skews the figures.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import pg from 'pg';
import { runLoad, type LoadResult, type Target } from './api-load.js';
import { difference, snapshot, type MetricsSnapshot, type ServerFigures } from './api-metrics.js';
import {
  BENCH_HOST,
  freePort,
  killAll,
  machineBusySeconds,
  processCpuSeconds,
  startServer,
  type ServerProcess,
} from './api-processes.js';
import { formatProfile, latestProfile, summariseProfile } from './api-profile.js';
import { seedApi } from './api-seed.js';

const API_MAIN = 'dist/apps/api/apps/api/src/main.js';
const BASELINE_MAIN = 'test/bench/api-baseline.ts';
const ROUTE = '/api/measures/:measureId/progress';
const CONNECTIONS = 50;
const MEASURES = 500;
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_API_WARMUP ?? 5);
/** The config's upper bound for both limits (per minute): far above anything this machine can send. */
const RATE_LIMIT = '1000000';
const GOAL = { rate: 3_000, p99Ms: 50 };

const PROFILE = process.env.BENCH_API_PROFILE === '1';
/** Seconds of GET /health/live on the api before the command load: the framework's own ceiling. */
const CEILING_SECONDS = Number(process.env.BENCH_API_CEILING ?? 5);

type StoreKind = 'sqlite' | 'postgres';

interface Run {
  server: 'api' | 'baseline';
  store: StoreKind;
  /** A diagnostic configuration of the api (VARIANTS); undefined for the api as it starts by default. */
  variant?: string;
  load: LoadResult;
  serverCores: number;
  /** CPU of every other process during the timed run (PostgreSQL's backends, the kernel, other work). */
  otherCores: number;
  /** From the api's own /metrics (api runs only). */
  inside?: ServerFigures;
  /** Events the store gained during the timed run, from /health's headPosition (api runs only). */
  eventsAppended?: number;
  profile?: string;
  /** GET /health/live under the same load: what Nest + Fastify + helmet + metrics answer with no work. */
  ceiling?: LoadResult;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);

function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}

function databaseUrl(): string {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    throw new Error(`BENCH_DATABASE_URL must point at this machine, not ${host}`);
  }
  return url;
}

/** The commit and whether the work tree differs from it (the bench measures the tree as it is). */
function treeState(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', 'apps', 'libs']).toString().trim();
    return dirty ? `${head} with uncommitted or untracked files in apps/ or libs/` : head;
  } catch {
    return 'unknown (no git)';
  }
}

function buildApi(): void {
  if (process.env.BENCH_API_SKIP_BUILD === '1') {
    progress('build: skipped (BENCH_API_SKIP_BUILD=1), using dist/ as it is');
    return;
  }
  progress('build: npx nest build api');
  try {
    execFileSync('npx', ['nest', 'build', 'api'], { stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`nest build api failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`, {
      cause: error,
    });
  }
}

/** `count` writes of 300 bytes, each followed by fdatasync: what one durable commit costs on this disk. */
function fdatasyncRate(dir: string, count = 1000): { rate: number; p50Ms: number; p99Ms: number } {
  const fd = openSync(join(dir, 'fsync.bin'), 'w');
  const buffer = Buffer.alloc(300, 0x61);
  const latencies = new Float64Array(count);
  const startedAt = performance.now();
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      writeSync(fd, buffer);
      fdatasyncSync(fd);
      latencies[i] = performance.now() - t0;
    }
  } finally {
    closeSync(fd);
  }
  const seconds = (performance.now() - startedAt) / 1000;
  latencies.sort();
  return {
    rate: count / seconds,
    p50Ms: latencies[Math.floor(count * 0.5)]!,
    p99Ms: latencies[Math.floor(count * 0.99)]!,
  };
}

async function headPosition(base: string): Promise<number> {
  const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as { dependencies?: { eventStore?: { headPosition?: string } } };
  return Number(body.dependencies?.eventStore?.headPosition ?? NaN);
}

/**
 * Other people's builds and tests on this 2-core machine skew every figure: before a timed run, wait (up to
 * QUIET_WAIT_S) for a second in which the rest of the machine uses less than a quarter of a core.
 */
const QUIET_WAIT_S = Number(process.env.BENCH_API_QUIET_WAIT ?? 30);
/** Build, two stores, eight timed runs: about six minutes on a quiet machine; past this (plus the waits for
 * quiet) it is stuck, not slow. */
const DEADLINE_MS = (10 * 60 + 10 * QUIET_WAIT_S) * 1000;
async function waitForQuiet(ownPid: number): Promise<number> {
  let busy = 0;
  for (let i = 0; i < QUIET_WAIT_S; i++) {
    const machine = machineBusySeconds();
    const own = processCpuSeconds(ownPid) + processCpuSeconds(process.pid);
    await sleep(1000);
    busy =
      machineBusySeconds() - machine - (processCpuSeconds(ownPid) + processCpuSeconds(process.pid) - own);
    if (busy < 0.25) return busy;
    if (i === 0)
      progress(`machine busy (${busy.toFixed(2)} cores used by other processes): waiting for quiet`);
  }
  progress(`still ${busy.toFixed(2)} cores busy after ${QUIET_WAIT_S} s: measuring anyway (figures skewed)`);
  return busy;
}

interface Hooks {
  /** Untimed, right before the timed run (after the warm-up). */
  before?: () => Promise<void>;
  /** Untimed, right after the timed run. */
  after?: () => Promise<void>;
}

/** Warm-up, then the timed run, with the server's CPU over the timed run. */
async function load(server: ServerProcess, target: Target, hooks: Hooks = {}) {
  if (WARMUP_SECONDS > 0) {
    const warm = await runLoad(target, CONNECTIONS, WARMUP_SECONDS);
    if (warm.ok === 0) {
      throw new Error(
        `${server.name}: no 2xx in the warm-up; ${JSON.stringify(warm.statuses)} ${JSON.stringify(warm.samples)}`,
      );
    }
  }
  await sleep(500); // let the warm-up's last answers settle
  await waitForQuiet(server.child.pid!);
  await hooks.before?.();
  const cpuBefore = processCpuSeconds(server.child.pid!);
  const machineBefore = machineBusySeconds();
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const startedAt = performance.now();
  const result = await runLoad(target, CONNECTIONS, SECONDS);
  const toUs = Number(process.hrtime.bigint() / 1000n);
  const wall = (performance.now() - startedAt) / 1000;
  const serverCores = (processCpuSeconds(server.child.pid!) - cpuBefore) / wall;
  // everything else that ran meanwhile: PostgreSQL's backends, the kernel, and other people's work
  const otherCores = (machineBusySeconds() - machineBefore) / wall - serverCores - result.clientCores;
  await hooks.after?.();
  return { result, serverCores, otherCores, window: { fromUs, toUs } };
}

/**
 * The api's reminder queues live in Redis (when it is there); the bench gives them a prefix of their own
 * and deletes its keys afterwards, so it neither sees nor leaves anyone else's jobs.
 */
async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // no Redis here: then the api made no keys either
  } finally {
    redis.disconnect();
  }
}

/**
 * Diagnostic variants of the embedded api, by configuration only (no code change): the same load with the
 * in-process reminder policy off, and with no projections in the process at all (the command path alone).
 */
const COMMANDS_ONLY = process.env.BENCH_API_VARIANTS === 'commands';
const VARIANTS: Array<{ name: string; env: Record<string, string> }> =
  process.env.BENCH_API_VARIANTS === '0'
    ? []
    : [
        ...(COMMANDS_ONLY ? [] : [{ name: 'REMINDERS=off', env: { REMINDERS: 'off' } }]),
        { name: 'REMINDERS=off PROJECTIONS_IN=none', env: { REMINDERS: 'off', PROJECTIONS_IN: 'none' } },
      ];

async function benchApi(
  store: StoreKind,
  env: Record<string, string>,
  dir: string,
  variant?: string,
): Promise<Run> {
  const name = variant ? `${store}, ${variant}` : store;
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  const queuePrefix = `bench_api_${randomBytes(6).toString('hex')}`;
  const port = await freePort();
  const profileDir = join(
    process.env.BENCH_API_PROFILE_DIR ?? dir,
    `profile-${store}${variant ? `-${variant.replace(/[^a-z]+/gi, '-').toLowerCase()}` : ''}`,
  );
  const nodeArgs = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, API_MAIN] : [API_MAIN];
  progress(`${name}: starting the api${PROFILE ? ' (with --cpu-prof)' : ''}`);
  const server = await startServer(
    `api (${name})`,
    nodeArgs,
    {
      ...env,
      HOST: BENCH_HOST,
      PORT: String(port),
      NODE_ENV: 'production',
      ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_TOKEN: RATE_LIMIT,
      RATE_LIMIT_PER_ADDRESS: RATE_LIMIT,
      QUEUE_PREFIX: queuePrefix,
    },
    port,
  );
  let run: Run;
  let window: { fromUs: number; toUs: number };
  try {
    progress(`${name}: seeding ${MEASURES} started measures through the API`);
    const seeded = await seedApi(server.url, adminToken, MEASURES);
    const target: Target = {
      url: server.url,
      paths: seeded.measureIds.map((id) => `/api/measures/${id}/progress`),
      token: seeded.contributorToken,
    };
    let ceiling: LoadResult | undefined;
    if (CEILING_SECONDS > 0 && !variant) {
      progress(`${name}: framework ceiling, GET /health/live for ${CEILING_SECONDS} s`);
      const health: Target = { url: server.url, paths: ['/health/live'], token: adminToken, method: 'GET' };
      await runLoad(health, CONNECTIONS, 1);
      await waitForQuiet(server.child.pid!);
      ceiling = await runLoad(health, CONNECTIONS, CEILING_SECONDS);
    }
    progress(`${name}: api, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s timed, ${CONNECTIONS} connections`);
    let before: MetricsSnapshot | undefined;
    let after: MetricsSnapshot | undefined;
    let headBefore = 0;
    let headAfter = 0;
    const measured = await load(server, target, {
      before: async () => {
        before = await snapshot(server.url, ROUTE);
        headBefore = await headPosition(server.url);
      },
      after: async () => {
        after = await snapshot(server.url, ROUTE);
        headAfter = await headPosition(server.url);
      },
    });
    window = measured.window;
    run = {
      server: 'api',
      store,
      variant,
      load: measured.result,
      serverCores: measured.serverCores,
      otherCores: measured.otherCores,
      inside: difference(before!, after!),
      eventsAppended: headAfter - headBefore,
      ceiling,
    };
  } finally {
    const code = await server.stop();
    if (code !== 0) progress(`${name}: api exited with ${code}:\n${server.output().slice(-3000)}`);
    await dropRedisKeys(queuePrefix);
  }
  if (PROFILE) {
    const file = latestProfile(profileDir);
    run.profile = file
      ? `${formatProfile(summariseProfile(file, window.fromUs, window.toUs))}\n(profile: ${file}, window ${window.fromUs}..${window.toUs} µs)`
      : 'no .cpuprofile was written';
  }
  return run;
}

async function benchBaseline(store: StoreKind, env: Record<string, string>): Promise<Run> {
  const port = await freePort();
  progress(`${store}: starting the bare Fastify baseline`);
  const server = await startServer(
    `baseline (${store})`,
    ['--import', 'tsx', BASELINE_MAIN],
    { ...env, BASELINE_STORE: store, PORT: String(port) },
    port,
  );
  try {
    progress(
      `${store}: baseline, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s timed, ${CONNECTIONS} connections`,
    );
    const paths = Array.from({ length: MEASURES }, (_, i) => `/api/measures/${randomUUIDFor(i)}/progress`);
    const measured = await load(server, { url: server.url, paths, token: 'baseline-needs-no-token' });
    return {
      server: 'baseline',
      store,
      load: measured.result,
      serverCores: measured.serverCores,
      otherCores: measured.otherCores,
    };
  } finally {
    const code = await server.stop();
    if (code !== 0) progress(`${store}: baseline exited with ${code}:\n${server.output().slice(-3000)}`);
  }
}

/** A stable UUID-shaped id per measure number, so that the baseline's paths look like the api's. */
function randomUUIDFor(i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `00000000-0000-4000-8000-${hex}`;
}

async function postgresFacts(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string }>(
      `SELECT name, current_setting(name) AS setting FROM pg_settings
        WHERE name IN ('server_version', 'synchronous_commit', 'fsync', 'wal_sync_method', 'commit_delay')
        ORDER BY name`,
    );
    return rows.map((r) => `${r.name}=${r.setting}`).join(', ');
  } finally {
    await client.end();
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

async function benchStore(store: StoreKind, dir: string, url: string): Promise<Run[]> {
  if (store === 'sqlite') {
    const apiEnv = { EVENT_STORE: 'sqlite', SQLITE_PATH: join(dir, 'api', 'ledger.db') };
    const variants: Run[] = [];
    if (COMMANDS_ONLY) {
      // the command path alone, for quick before/after comparisons of the command side
      const v = VARIANTS[0]!;
      return [await benchApi(store, { ...apiEnv, ...v.env }, dir, v.name)];
    }
    const api = await benchApi(store, apiEnv, dir);
    const baseline = await benchBaseline(store, { SQLITE_PATH: join(dir, 'baseline.db') });
    for (const [i, v] of VARIANTS.entries()) {
      const variantEnv = { ...apiEnv, SQLITE_PATH: join(dir, `variant-${i}`, 'ledger.db'), ...v.env };
      variants.push(await benchApi(store, variantEnv, dir, v.name));
    }
    return [api, baseline, ...variants];
  }
  const schema = `bench_api_${randomBytes(6).toString('hex')}`;
  try {
    const api = await benchApi(
      store,
      { EVENT_STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema },
      dir,
    );
    const baseline = await benchBaseline(store, { DATABASE_URL: url, DATABASE_SCHEMA: schema });
    return [api, baseline];
  } finally {
    await dropSchema(url, schema);
  }
}

function statusText(load: LoadResult): string {
  return Object.entries(load.statuses)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => `${code}×${integer.format(n)}`)
    .join(' ');
}

const HEADERS = [
  'Store',
  'Server',
  'Commands/s',
  'p50 ms',
  'p90 ms',
  'p99 ms',
  '2xx',
  '409',
  'Other non-2xx',
  'Errors',
  'Server CPU',
  'Other CPU',
  'vs baseline',
];
const NUMERIC = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

function cells(run: Run, baseline?: Run): string[] {
  const l = run.load;
  return [
    run.store === 'sqlite' ? 'SQLite (embedded)' : 'PostgreSQL',
    run.server === 'baseline' ? 'bare Fastify + INSERT' : run.variant ? `api, ${run.variant}` : 'api (Nest)',
    integer.format(l.rate),
    ms(l.p50Ms),
    ms(l.p90Ms),
    ms(l.p99Ms),
    integer.format(l.ok),
    integer.format(l.conflicts),
    integer.format(l.unexpected),
    integer.format(l.errors + l.timeouts),
    `${run.serverCores.toFixed(2)} cores`,
    `${Math.max(0, run.otherCores).toFixed(2)} cores`,
    run.server === 'api' && baseline ? `${(l.rate / baseline.load.rate).toFixed(2)}×` : '1.00×',
  ];
}

function textTable(rows: string[][]): string {
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((c, i) => (NUMERIC.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ');
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

function markdownTable(rows: string[][]): string {
  const line = (r: string[]) => `| ${r.join(' | ')} |`;
  return [
    line(HEADERS),
    line(HEADERS.map((_, i) => (NUMERIC.has(i) ? '---:' : '---'))),
    ...rows.map(line),
  ].join('\n');
}

async function main(): Promise<void> {
  const deadline = setTimeout(() => {
    process.stderr.write(`bench:api did not finish within ${DEADLINE_MS / 1000} s\n`);
    killAll();
    process.exit(2);
  }, DEADLINE_MS);
  deadline.unref();
  const only = process.env.BENCH_API_ONLY;
  const stores = (['sqlite', 'postgres'] as const).filter((s) => !only || s === only);
  const url = databaseUrl();
  const startedAt = Date.now();
  const loadBefore = os.loadavg()[0]!;
  const dir = mkdtempSync(join(os.tmpdir(), 'api-bench-'));
  const runs: Run[] = [];
  let pgFacts = 'not run';
  let disk: ReturnType<typeof fdatasyncRate> | undefined;
  try {
    buildApi();
    disk = fdatasyncRate(dir);
    for (const store of stores) {
      if (store === 'postgres') pgFacts = await postgresFacts(url);
      runs.push(...(await benchStore(store, dir, url)));
    }
  } finally {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }

  const rows = runs.map((run) =>
    cells(
      run,
      runs.find((r) => r.store === run.store && r.server === 'baseline'),
    ),
  );
  const sqliteApi = runs.find((r) => r.store === 'sqlite' && r.server === 'api' && !r.variant);
  const goalMet = sqliteApi
    ? sqliteApi.load.rate >= GOAL.rate && sqliteApi.load.p99Ms < GOAL.p99Ms
    : undefined;
  const facts = [
    `date: ${new Date().toString()}`,
    `code: ${treeState()}`,
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown cpu'}), ${os.platform()} ${os.release()}, Node ${process.version}`,
    `PostgreSQL: ${pgFacts}`,
    disk
      ? `disk: write 300 B + fdatasync ${integer.format(disk.rate)}/s (p50 ${ms(disk.p50Ms)} ms, p99 ${ms(disk.p99Ms)} ms)`
      : 'disk: not measured',
    `load: autocannon in the bench process, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s timed per run, ` +
      `POST ${ROUTE} round-robin over ${MEASURES} started measures, body {percent, note}; client and server share the cores`,
    `api: built server (node ${API_MAIN}), NODE_ENV=production, LOG_LEVEL=warn, rate limits ${RATE_LIMIT}/min (the config's maximum), ` +
      'other settings at their defaults: on the embedded store the projections (and reminder policy) run inside the api; ' +
      'on PostgreSQL they belong to the worker, which the bench does not start',
    `total time ${((Date.now() - startedAt) / 1000).toFixed(0)} s; 1-minute load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after`,
  ];

  const details: string[] = [];
  for (const run of runs) {
    const l = run.load;
    details.push(
      `${run.store} ${run.server}${run.variant ? ` (${run.variant})` : ''}: statuses ${statusText(l)}; max latency ${ms(l.maxMs)} ms; CPU: server ` +
        `${run.serverCores.toFixed(2)}, client (autocannon) ${l.clientCores.toFixed(2)}, everything else ` +
        `${Math.max(0, run.otherCores).toFixed(2)} cores${run.store === 'postgres' ? ' (incl. PostgreSQL)' : ''}`,
    );
    if (run.inside) {
      const i = run.inside;
      details.push(
        `  inside the api: ${ms(i.meanRequestMs)} ms mean per request (Fastify onRequest → sent), of which the ` +
          `event store append ${ms(i.meanAppendMs)} ms (${i.appendsPerRequest.toFixed(2)} appends/request); ` +
          `GC ${(i.gcShare * 100).toFixed(1)} % of wall time; events appended ${integer.format(run.eventsAppended ?? 0)} for ${integer.format(l.ok)} 2xx`,
      );
    }
    if (run.ceiling) {
      const c = run.ceiling;
      details.push(
        `  framework ceiling (GET /health/live, same connections: Nest + Fastify + helmet + metrics + global ` +
          `guards/interceptor, no body, no database): ${integer.format(c.rate)}/s, p50 ${ms(c.p50Ms)} ms, ` +
          `p99 ${ms(c.p99Ms)} ms${c.unexpected + c.errors > 0 ? `, ${c.unexpected + c.errors} failures` : ''}`,
      );
    }
    for (const [code, bodies] of Object.entries(l.samples)) {
      for (const body of bodies) details.push(`  sample ${code}: ${body}`);
    }
  }

  console.log('\nCommand API benchmark (npm run bench:api)\n');
  for (const fact of facts) console.log(`  ${fact}`);
  console.log(`\n${textTable(rows)}\n`);
  for (const line of details) console.log(`  ${line}`);
  if (goalMet !== undefined) {
    console.log(
      `\n  Goal (embedded store): ≥ ${integer.format(GOAL.rate)} commands/s with p99 < ${GOAL.p99Ms} ms: ` +
        `${goalMet ? 'MET' : 'NOT met'} (${integer.format(sqliteApi!.load.rate)}/s, p99 ${ms(sqliteApi!.load.p99Ms)} ms)`,
    );
  }
  for (const run of runs) {
    if (!run.profile) continue;
    const which = `${run.store} api${run.variant ? ` (${run.variant})` : ''}`;
    console.log(`\nCPU profile of the ${which} during the timed run:\n${run.profile}`);
  }
  console.log('\nMarkdown:\n');
  console.log('```markdown');
  for (const fact of facts) console.log(`- ${fact}`);
  console.log(`\n${markdownTable(rows)}`);
  console.log('```');

  const label = (r: Run) => `${r.store} ${r.server}${r.variant ? ` (${r.variant})` : ''}`;
  const failures = runs.filter((r) => r.load.unexpected > 0 || r.load.errors > 0 || r.load.timeouts > 0);
  if (failures.length > 0) {
    console.error(
      `\nFAILED: non-2xx other than 409, errors or timeouts in ${failures.map(label).join(', ')}`,
    );
    process.exitCode = 1;
  }
  // every 2xx is one event; the timed run may also end with up to one request per connection in flight
  const lost = runs.filter(
    (r) =>
      r.eventsAppended !== undefined &&
      (r.eventsAppended < r.load.ok || r.eventsAppended > r.load.ok + CONNECTIONS),
  );
  if (lost.length > 0) {
    console.error(`\nFAILED: events appended do not match the 2xx answers in ${lost.map(label).join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  killAll();
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
