import { performance } from 'node:perf_hooks';
import type { EventStore, Revision } from '../../libs/event-store/src/index.js';
import type { AppendOp } from './store-workload.js';

export interface Measurement {
  events: number;
  seconds: number;
  /** Events per second. */
  rate: number;
  /** Latency of one operation (one append or one page), in milliseconds. */
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
}

/** Plain driver and adapter over the same operations. */
export interface Paired {
  plain: Measurement;
  adapter: Measurement;
  /** The median over blocks of adapter rate ÷ plain rate: a busy moment spoils one block, not the figure. */
  blockRatioMedian: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summarise(events: number, seconds: number, latencies: number[]): Measurement {
  const sorted = Float64Array.from(latencies).sort();
  return {
    events,
    seconds,
    rate: events / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}

export type Run = (op: AppendOp, writer: number) => Promise<void>;

/** Every writer's operations one after another (each waits for its previous one), all writers at once. */
async function runWriters(
  writers: readonly (readonly AppendOp[])[],
  run: Run,
  latencies: number[],
): Promise<number> {
  const startedAt = performance.now();
  await Promise.all(
    writers.map(async (ops, writer) => {
      for (const op of ops) {
        const t0 = performance.now();
        await run(op, writer);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return (performance.now() - startedAt) / 1000;
}

const countOps = (writers: readonly (readonly AppendOp[])[]) => writers.reduce((n, ops) => n + ops.length, 0);

/** Times one run of the writers: one writer is the sequential case. */
export async function timeWriters(writers: readonly (readonly AppendOp[])[], run: Run): Promise<Measurement> {
  const latencies: number[] = [];
  const seconds = await runWriters(writers, run, latencies);
  return summarise(countOps(writers), seconds, latencies);
}

/**
 * Times the plain driver and the adapter on the same operations, taking turns block by block (ABBA), so
 * that a slow patch of the disk or a busy neighbour weighs on both alike. Each writer's operations are cut
 * into `blocks` consecutive parts, so every stream still gets its events in order. `beforeBlock` runs
 * untimed before each block (checkpoints).
 */
export async function timeInterleaved(
  writers: readonly (readonly AppendOp[])[],
  blocks: number,
  runs: { plain: Run; adapter: Run },
  beforeBlock: () => Promise<void> | void,
): Promise<Paired> {
  const part = (ops: readonly AppendOp[], k: number) => {
    const size = Math.ceil(ops.length / blocks);
    return ops.slice(k * size, (k + 1) * size);
  };
  const totals = {
    plain: { seconds: 0, latencies: [] as number[] },
    adapter: { seconds: 0, latencies: [] as number[] },
  };
  const blockRatios: number[] = [];
  for (let k = 0; k < blocks; k++) {
    const parts = writers.map((ops) => part(ops, k));
    const order: Array<'plain' | 'adapter'> = k % 2 === 0 ? ['plain', 'adapter'] : ['adapter', 'plain'];
    const seconds = { plain: 0, adapter: 0 };
    for (const side of order) {
      await beforeBlock();
      seconds[side] = await runWriters(parts, runs[side], totals[side].latencies);
      totals[side].seconds += seconds[side];
    }
    // same events on both sides, so the ratio of rates is the inverse ratio of times
    blockRatios.push(seconds.plain / seconds.adapter);
  }
  const events = countOps(writers);
  return {
    plain: summarise(events, totals.plain.seconds, totals.plain.latencies),
    adapter: summarise(events, totals.adapter.seconds, totals.adapter.latencies),
    blockRatioMedian: median(blockRatios),
  };
}

export type ReadPage = (after: bigint) => Promise<{ count: number; last: bigint | undefined }>;

/** Reads pages until an empty one; `readPage` answers how many rows it got and the last position. */
async function runReads(
  readPage: ReadPage,
  latencies: number[],
): Promise<{ events: number; seconds: number }> {
  let events = 0;
  let after = 0n;
  const startedAt = performance.now();
  for (;;) {
    const t0 = performance.now();
    const { count, last } = await readPage(after);
    latencies.push(performance.now() - t0);
    if (count === 0 || last === undefined) break;
    events += count;
    after = last;
  }
  return { events, seconds: (performance.now() - startedAt) / 1000 };
}

/**
 * Reads everything with the plain driver and with the adapter, twice each in the order plain, adapter,
 * adapter, plain; the figures are over both passes. Returns the events of one pass.
 */
export async function timeReadsInterleaved(reads: { plain: ReadPage; adapter: ReadPage }): Promise<Paired> {
  const totals = {
    plain: { events: 0, seconds: 0, latencies: [] as number[] },
    adapter: { events: 0, seconds: 0, latencies: [] as number[] },
  };
  const rates: Array<{ side: 'plain' | 'adapter'; rate: number }> = [];
  for (const side of ['plain', 'adapter', 'adapter', 'plain'] as const) {
    const { events, seconds } = await runReads(reads[side], totals[side].latencies);
    totals[side].events += events;
    totals[side].seconds += seconds;
    rates.push({ side, rate: events / seconds });
  }
  // the pairs are (pass 1, pass 2) and (pass 3, pass 4): each once in either order
  const passRatios = [rates[1]!.rate / rates[0]!.rate, rates[2]!.rate / rates[3]!.rate];
  const measurement = (t: typeof totals.plain) => ({
    ...summarise(t.events, t.seconds, t.latencies),
    events: t.events / 2,
  });
  return {
    plain: measurement(totals.plain),
    adapter: measurement(totals.adapter),
    blockRatioMedian: median(passRatios),
  };
}

/**
 * The adapter's append of one event, with the exact expected revision: 'no_stream' first, then what the
 * previous append of that stream returned. Checks that the store hands out the revision the workload expects.
 */
export function adapterAppender(store: EventStore): (op: AppendOp) => Promise<void> {
  const heads = new Map<string, Revision>();
  return async (op) => {
    const expectedRevision = heads.get(op.stream) ?? 'no_stream';
    const result = await store.append(op.stream, [op.event], { expectedRevision });
    if (result.nextRevision !== BigInt(op.revision)) {
      throw new Error(`${op.stream}: got revision ${result.nextRevision}, expected ${op.revision}`);
    }
    heads.set(op.stream, result.nextRevision);
  };
}

/** One page of the store's readAll. */
export function adapterReader(store: EventStore, pageSize: number): ReadPage {
  return async (after) => {
    const page = await store.readAll({ after, limit: pageSize });
    return { count: page.length, last: page[page.length - 1]?.position };
  };
}
