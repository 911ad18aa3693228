/**
 * `npm run bench:projections`: the read side at scale, on the embedded store.
 *
 * 1. Writes 1,000,000 events over 1,000 plans (about 1,000 events each; most are ProgressReported) plus one
 *    plan with 10,000 events straight into a temp SQLite store (SqliteEventStore.append, one stream per
 *    append, the plans' chunks interleaved round by round), with the domain's event shapes and metadata.
 * 2. Reads the whole store back through readAll in pages of 1,000: the raw read rate of the same file.
 * 3. Rebuilds every projection from zero (ProjectionRunner.reset + catchUp, maxBatch 5,000) in a child
 *    process: events/s and the child's peak RSS (getrusage, plus samples every 50 ms).
 * 4. As-of latency for the 10,000-event plan (PlanReader.viewAsOf at six instants, with and without
 *    snapshots, both checked to give the same view): median and p99.
 * 5. Dashboard latency: PlanReader.view + computeDashboard over 2,000 random plans: median and p99.
 *
 *   npm run bench:projections -- [--events N] [--max-batch N] [--db file] [--keep] [--cpu-prof]
 *
 * --events N      events over the regular plans (default 1,000,000; plans = N / 1,000, at most 1,000)
 * --db file       reuse a store written by an earlier run (--keep prints its path) instead of writing one
 * --keep          keep the temp store
 * --cpu-prof      profile the rebuild child (node --cpu-prof) into test-artifacts/
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readModelsPathFor } from '@app/config';
import { SqliteEventStore } from '@app/event-store';
import { PlanReader } from '@app/projections';
import { computeDashboard, type PlanView } from '@app/read-models';
import { SqliteDatabase } from '@app/sql';
import type { RebuildFigures } from './projections-rebuild.child.js';
import {
  BIG_PLAN,
  generatePlan,
  minimumPlanEvents,
  REGULAR_PLAN,
  seededRandom,
  writePlans,
} from './projections-workload.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'max-batch': { type: 'string', default: '5000' },
    db: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
  },
});

const GOALS = { rebuildRate: 50_000, rebuildRssMb: 300, asOfMs: 100, dashboardP99Ms: 10 };
const PAGE_SIZE = 1_000;
const AS_OF_FRACTIONS = [0.1, 0.25, 0.5, 0.75, 0.9, 1];
const AS_OF_ROUNDS = 15;
const DASHBOARD_QUERIES = 2_000;
const DASHBOARD_WARMUP = 200;
/** The whole bench takes a few minutes; past this it is stuck, not slow. */
const DEADLINE_MS = 15 * 60_000;

const regularEvents = Number(values.events);
const maxBatch = Number(values['max-batch']);
if (!Number.isInteger(regularEvents) || regularEvents < 1_000)
  throw new Error('--events must be at least 1000');
const planCount = Math.max(1, Math.min(1_000, Math.round(regularEvents / 1_000)));

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const log = (line: string) => process.stderr.write(`${line}\n`);

const deadline = setTimeout(() => {
  log(`bench:projections: still running after ${DEADLINE_MS / 60_000} minutes; stopping`);
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const loadAtStart = load();
const machine = {
  date: new Date().toISOString().slice(0, 10),
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
  memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  node: process.version,
  platform: `${os.type()} ${os.release()}`,
};
log(
  `bench:projections on ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}`,
);

// 1. the store
const dir = values.db ? undefined : mkdtempSync(join(os.tmpdir(), 'ledger-bench-projections-'));
const path = values.db ? resolve(values.db) : join(dir!, 'ledger.db');
let generation: { events: number; seconds: number } | undefined;
let bigPlanId: string | undefined;
if (!values.db) {
  const random = seededRandom(20260301);
  const perPlan = Math.floor(regularEvents / planCount);
  const minimum = minimumPlanEvents(REGULAR_PLAN);
  if (perPlan < minimum) throw new Error(`--events gives ${perPlan} events per plan, fewer than ${minimum}`);
  const plans = Array.from({ length: planCount }, (_, i) => ({
    plan: generatePlan(
      { ...REGULAR_PLAN, events: perPlan + (i < regularEvents % planCount ? 1 : 0) },
      random,
    ),
    perRound: 1,
  }));
  const big = generatePlan(BIG_PLAN, random);
  bigPlanId = big.planId;
  // the big plan's chunks are about ten times as many: three per round keeps it going for most of the run
  plans.push({ plan: big, perRound: 3 });
  const total = regularEvents + BIG_PLAN.events;
  log(
    `writing ${integer.format(total)} events: ${planCount} plans + one of ${integer.format(BIG_PLAN.events)} → ${path}`,
  );
  const store = new SqliteEventStore({ path, maxBatch: 2_000 });
  const started = performance.now();
  let shown = 0;
  await writePlans(store, plans, total, random, ({ written }) => {
    if (written - shown < total / 20 && written < total) return;
    shown = written;
    const seconds = (performance.now() - started) / 1000;
    log(
      `  written ${integer.format(written)} (${Math.round((written / total) * 100)} %), ${integer.format(written / seconds)} events/s`,
    );
  });
  generation = { events: total, seconds: (performance.now() - started) / 1000 };
  await store.close();
}

// 2. raw read rate of the same store
log('reading the store back through readAll in pages of 1,000');
const rawRead = await (async () => {
  const store = new SqliteEventStore({ path });
  try {
    const started = performance.now();
    let after = 0n;
    let events = 0;
    for (;;) {
      const page = await store.readAll({ after, limit: PAGE_SIZE });
      if (page.length === 0) break;
      events += page.length;
      after = page[page.length - 1]!.position;
    }
    return { events, seconds: (performance.now() - started) / 1000 };
  } finally {
    await store.close();
  }
})();
log(`  ${integer.format(rawRead.events)} events in ${twoDecimals.format(rawRead.seconds)} s`);

// 3. rebuild of every projection from zero, in a child process
/**
 * As `npm run cli` runs (package.json): a rebuild is a batch job, so V8 grows the heap by 30 % per collection
 * instead of up to fourfold. Its live data stays under 150 MB, but the garbage of 5,000-event batches
 * otherwise lets the heap swell to several times that before a full collection (measured: about 8 % slower,
 * 35–40 % less peak RSS).
 */
const REBUILD_NODE_FLAGS = ['--heap-growing-percent=30'];
log(`rebuilding every projection from zero (maxBatch ${integer.format(maxBatch)}) in a child process`);
// bundled and run by plain node, as `npm run cli` runs the CLI (see apps/cli/bundle.mjs)
const REBUILD_CHILD = '.cache/projections-rebuild.child.mjs';
execFileSync(process.execPath, [
  'apps/cli/bundle.mjs',
  'test/bench/projections-rebuild.child.ts',
  REBUILD_CHILD,
]);
const profileDir = resolve('test-artifacts', 'projections-profile');
if (values['cpu-prof']) mkdirSync(profileDir, { recursive: true });
const rebuild = await new Promise<RebuildFigures>((resolveFigures, reject) => {
  const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, ...REBUILD_NODE_FLAGS, REBUILD_CHILD, path, String(maxBatch)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.once('error', reject);
  child.once('close', (code) => {
    if (code !== 0) return reject(new Error(`rebuild child exited with ${code}`));
    resolveFigures(JSON.parse(out.trim().split('\n').at(-1)!) as RebuildFigures);
  });
});
const rebuildRate = rebuild.events / rebuild.seconds;
log(`  ${integer.format(rebuild.events)} events in ${twoDecimals.format(rebuild.seconds)} s`);
if (rebuild.auditRows !== rebuild.events || (generation && rebuild.planViews !== planCount + 1))
  throw new Error(`the rebuild is incomplete: ${JSON.stringify(rebuild)}`);
const storeMb = statSync(path).size / 1024 / 1024;
const readModelsMb = statSync(readModelsPathFor(path)).size / 1024 / 1024;
if (values['cpu-prof']) log(`  CPU profile in ${profileDir}`);

// 4. and 5. queries
const store = new SqliteEventStore({ path });
const db = new SqliteDatabase(readModelsPathFor(path));
const reader = new PlanReader(store, db);
bigPlanId ??= (
  await db.query<{ plan_id: string }>('SELECT plan_id FROM plan_views ORDER BY event_count DESC LIMIT 1')
)[0]!.plan_id;
const bigView = (await reader.view(bigPlanId))!;
const planIds = (await db.query<{ plan_id: string }>('SELECT plan_id FROM plan_views')).map((r) => r.plan_id);

log(`as-of latency for the plan with ${integer.format(bigView.eventCount)} events`);
const instants: Date[] = [];
for (const fraction of AS_OF_FRACTIONS) {
  const offset = Math.max(0, Math.round(bigView.eventCount * fraction) - 1);
  const [row] = await db.query<{ recorded_at: string }>(
    'SELECT recorded_at FROM audit_events WHERE plan_id = $1 ORDER BY position LIMIT 1 OFFSET $2',
    [bigPlanId, offset],
  );
  instants.push(new Date(row!.recorded_at));
}
const asOf = { snapshots: [] as number[], plain: [] as number[], folded: [] as number[] };
for (const at of instants) {
  // the snapshot is a cache only: with and without it the view must be the same
  const a = await reader.viewAsOf(bigPlanId, at);
  const b = await reader.viewAsOf(bigPlanId, at, { snapshots: false });
  if (JSON.stringify(a) !== JSON.stringify(b))
    throw new Error(`as-of ${at.toISOString()}: snapshot view differs`);
  asOf.folded.push(b?.eventCount ?? 0);
}
const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};
for (let round = 0; round < AS_OF_ROUNDS; round++) {
  for (const at of instants) {
    // ABBA within each instant, so that drift weighs on both
    const first = round % 2 === 0;
    const withSnapshots = () => reader.viewAsOf(bigPlanId, at);
    const without = () => reader.viewAsOf(bigPlanId, at, { snapshots: false });
    if (first) asOf.snapshots.push(await timed(withSnapshots));
    asOf.plain.push(await timed(without));
    if (!first) asOf.snapshots.push(await timed(withSnapshots));
  }
}
const fullFold = await (async () => {
  const samples: number[] = [];
  const at = instants.at(-1)!;
  for (let i = 0; i < AS_OF_ROUNDS * 2; i++)
    samples.push(await timed(() => reader.viewAsOf(bigPlanId, at, { snapshots: false })));
  return samples;
})();

log(
  `dashboard latency over ${integer.format(DASHBOARD_QUERIES)} random plans of ${integer.format(planIds.length)}`,
);
const pick = seededRandom(7);
const dashboard: number[] = [];
let dashboardBytes = 0;
for (let i = 0; i < DASHBOARD_WARMUP + DASHBOARD_QUERIES; i++) {
  const planId = planIds[Math.floor(pick() * planIds.length)]!;
  const started = performance.now();
  const view = (await reader.view(planId)) as PlanView;
  const figures = computeDashboard(view, new Date());
  const ms = performance.now() - started;
  if (i >= DASHBOARD_WARMUP) dashboard.push(ms);
  if (i === 0) dashboardBytes = JSON.stringify(figures).length;
}
const [viewBytes] = await db.query<{ avg: number; big: number }>(
  'SELECT AVG(LENGTH(view)) AS avg, MAX(LENGTH(view)) AS big FROM plan_views',
);
await store.close();
await db.close();
if (dir && !values.keep) rmSync(dir, { recursive: true, force: true });
else log(`store kept at ${path} (reuse with --db ${path})`);

// report
const quantile = (samples: readonly number[], q: number) => {
  const sorted = [...samples].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};
const ms = (value: number) => `${twoDecimals.format(value)} ms`;
const rebuildRss = rebuild.maxRssMb;
const asOfP99 = quantile(asOf.plain, 0.99);
const dashboardP99 = quantile(dashboard, 0.99);
const goals = {
  rebuildRate: rebuildRate >= GOALS.rebuildRate,
  rebuildRss: rebuildRss < GOALS.rebuildRssMb,
  asOf: asOfP99 < GOALS.asOfMs && quantile(asOf.snapshots, 0.99) < GOALS.asOfMs,
  dashboard: dashboardP99 < GOALS.dashboardP99Ms,
};
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
const rows: string[][] = [
  ['Measurement', 'Figure', 'Goal', 'Result'],
  generation
    ? [
        'write (append, 1 stream per append)',
        `${integer.format(generation.events)} events in ${decimal.format(generation.seconds)} s = ${integer.format(generation.events / generation.seconds)} events/s`,
        '–',
        '–',
      ]
    : ['write', `reused ${path}`, '–', '–'],
  [
    '(a) raw read, readAll pages of 1,000',
    `${integer.format(rawRead.events)} events in ${twoDecimals.format(rawRead.seconds)} s = ${integer.format(rawRead.events / rawRead.seconds)} events/s`,
    '–',
    '–',
  ],
  [
    `(b) rebuild all projections from zero (maxBatch ${integer.format(maxBatch)})`,
    `${integer.format(rebuild.events)} events in ${twoDecimals.format(rebuild.seconds)} s = ${integer.format(rebuildRate)} events/s ` +
      `(${Math.round((rebuildRate / (rawRead.events / rawRead.seconds)) * 100)} % of raw read; ` +
      `${integer.format(rebuild.events / rebuild.cpuSeconds)} events per CPU second)`,
    `≥ ${integer.format(GOALS.rebuildRate)} events/s`,
    verdict(goals.rebuildRate),
  ],
  [
    '(b) rebuild peak RSS (child process)',
    `${integer.format(rebuild.maxRssMb)} MB max RSS (sampled peak ${integer.format(rebuild.sampledPeakRssMb)} MB; ${integer.format(rebuild.baselineRssMb)} MB before the rebuild)`,
    `< ${GOALS.rebuildRssMb} MB`,
    verdict(goals.rebuildRss),
  ],
  [
    `(c) as-of, ${integer.format(bigView.eventCount)}-event plan, no snapshots (${AS_OF_FRACTIONS.length} instants)`,
    `median ${ms(quantile(asOf.plain, 0.5))}, p99 ${ms(asOfP99)}; all ${integer.format(bigView.eventCount)} events: median ${ms(quantile(fullFold, 0.5))}, p99 ${ms(quantile(fullFold, 0.99))}`,
    `< ${GOALS.asOfMs} ms`,
    verdict(asOfP99 < GOALS.asOfMs),
  ],
  [
    '(c) as-of, same instants, with snapshots (every 500 events)',
    `median ${ms(quantile(asOf.snapshots, 0.5))}, p99 ${ms(quantile(asOf.snapshots, 0.99))}`,
    `< ${GOALS.asOfMs} ms`,
    verdict(quantile(asOf.snapshots, 0.99) < GOALS.asOfMs),
  ],
  [
    `(d) dashboard: view + computeDashboard, ${integer.format(DASHBOARD_QUERIES)} random plans`,
    `median ${ms(quantile(dashboard, 0.5))}, p99 ${ms(dashboardP99)}, max ${ms(Math.max(...dashboard))}`,
    `p99 < ${GOALS.dashboardP99Ms} ms`,
    verdict(goals.dashboard),
  ],
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
process.stdout.write(
  [
    '',
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('-+-'),
    ...rows.slice(1).map(line),
    '',
    `store: ${integer.format(storeMb)} MB of events, ${integer.format(readModelsMb)} MB of read models after the rebuild; ` +
      `plan views: ${integer.format(rebuild.planViews)}, audit rows: ${integer.format(rebuild.auditRows)}, ` +
      `snapshots: ${integer.format(rebuild.snapshots)}; view JSON: ${integer.format(viewBytes!.avg / 1024)} KB average, ` +
      `${integer.format(viewBytes!.big / 1024)} KB largest; dashboard JSON ${integer.format(dashboardBytes)} B`,
    `as-of instants fold ${asOf.folded.map((n) => integer.format(n)).join(', ')} events; with and without snapshots identical`,
    `machine: ${machine.date}, ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.platform}; ` +
      `load average ${loadAtStart} at the start, ${load()} at the end`,
    '',
    '| Measurement | Figure | Goal | Result |',
    '| --- | --- | --- | --- |',
    ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n'),
);
