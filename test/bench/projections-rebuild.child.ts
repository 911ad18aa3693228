/**
 * Child process of projections.bench.ts: rebuilds every projection of an embedded store from position zero
 * (ProjectionRunner.reset + catchUp) into the read-model file beside the events (`<events>-read.db`, where the
 * product keeps them) and prints one JSON line with the time and the memory it took. A process of its own, so
 * that its peak RSS is the rebuild's and not the generator's. Run bundled, as `npm run cli` runs the CLI:
 *
 *   node apps/cli/bundle.mjs test/bench/projections-rebuild.child.ts .cache/rebuild.mjs
 *   node --heap-growing-percent=30 .cache/rebuild.mjs <sqlite file> <maxBatch>
 */
import { readModelsPathFor } from '@app/config';
// the rebuild's own modules, not the libraries' indexes: those also load the Nest modules and the gRPC
// client of the other store kinds (about 60 MB of memory a rebuild does not use)
import {
  READER_PAGE_CACHE_KB,
  SqliteEventStore,
} from '../../libs/event-store/src/sqlite/sqlite.event-store.js';
import { allProjections } from '../../libs/projections/src/all-projections.js';
import { REBUILD_PACE } from '../../libs/projections/src/batch-pace.js';
import { ProjectionRunner } from '../../libs/projections/src/projection-runner.js';
import { SqliteDatabase } from '../../libs/sql/src/sqlite.database.js';

export interface RebuildFigures {
  events: number;
  seconds: number;
  /** user + system CPU time of the child during the rebuild: less sensitive to other load on the machine */
  cpuSeconds: number;
  baselineRssMb: number;
  /** the highest process.memoryUsage().rss seen, sampled every 50 ms */
  sampledPeakRssMb: number;
  /** the kernel's high-water mark of the resident set (getrusage ru_maxrss) over the whole process */
  maxRssMb: number;
  planViews: number;
  auditRows: number;
  snapshots: number;
}

const [path, maxBatchText] = process.argv.slice(2);
if (!path || !maxBatchText) throw new Error('usage: projections-rebuild.child.ts <sqlite file> <maxBatch>');

const mb = (bytes: number) => bytes / 1024 / 1024;
// as the CLI opens it: a rebuild reads each page of events once
const store = new SqliteEventStore({ path, pageCacheKb: READER_PAGE_CACHE_KB });
// the read models in a file of their own, as the product keeps them (SQLITE_READ_PATH's default)
const db = new SqliteDatabase(readModelsPathFor(path));
// as the CLI's projections:rebuild runs it
const runner = new ProjectionRunner(store, db, allProjections(), {
  maxBatch: Number(maxBatchText),
  ...REBUILD_PACE,
});
await runner.migrate();
const head = await store.headPosition();

const baseline = process.memoryUsage.rss();
let peak = baseline;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 50);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const progress = setInterval(() => {
  const seconds = (performance.now() - started) / 1000;
  const at = Number(runner.lowest());
  process.stderr.write(
    `  rebuild: ${at.toLocaleString('en-US')} / ${head.toLocaleString('en-US')} events, ` +
      `${Math.round(at / seconds).toLocaleString('en-US')} events/s, rss ${Math.round(mb(process.memoryUsage.rss()))} MB ` +
      `(JS heap ${Math.round(mb(process.memoryUsage().heapUsed))} MB)\n`,
  );
}, 2_000);

await runner.reset();
await runner.catchUp();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(progress);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());

const count = async (table: string) =>
  Number((await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);
const figures: RebuildFigures = {
  events: Number(runner.lowest()),
  seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  baselineRssMb: mb(baseline),
  sampledPeakRssMb: mb(peak),
  maxRssMb: process.resourceUsage().maxRSS / 1024,
  planViews: await count('plan_views'),
  auditRows: await count('audit_events'),
  snapshots: await count('plan_snapshots'),
};
await store.close();
await db.close();
process.stdout.write(`${JSON.stringify(figures)}\n`);
