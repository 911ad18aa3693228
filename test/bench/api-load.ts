import autocannon from 'autocannon';
import { BENCH_HOST } from './api-processes.js';

export interface Target {
  /** Base URL; must be on 127.0.0.1. */
  url: string;
  /** One path per measure; requests take them round-robin. */
  paths: readonly string[];
  token: string;
  /** GET sends no body (used for the framework's ceiling on /health/live); default POST with a report. */
  method?: 'GET' | 'POST';
}

export interface LoadResult {
  seconds: number;
  /** 2xx answers: commands done. */
  ok: number;
  /** 2xx answers per second. */
  rate: number;
  /** Latency of 2xx answers, in milliseconds. */
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  /** 409 answers (a concurrent writer won every retry). */
  conflicts: number;
  /** Non-2xx answers other than 409: each is a failure of the bench. */
  unexpected: number;
  /** Connection errors and timeouts (no answer at all): failures too. */
  errors: number;
  timeouts: number;
  /** The first few bodies of each non-2xx status, to read what went wrong. */
  samples: Record<string, string[]>;
  /** CPU the load generator (this process) used, in cores (1 = one core busy all the time). */
  clientCores: number;
}

const SAMPLES_PER_STATUS = 3;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
}

/**
 * `POST <path>/progress`-style load from `connections` connections for `seconds`: every request takes the
 * next path round-robin and a fresh valid body `{percent, note}`.
 */
export async function runLoad(target: Target, connections: number, seconds: number): Promise<LoadResult> {
  const url = new URL(target.url);
  if (url.hostname !== BENCH_HOST) throw new Error(`refusing to load ${url.hostname}: only ${BENCH_HOST}`);
  return once(target, connections, seconds);
}

async function once(target: Target, connections: number, seconds: number): Promise<LoadResult> {
  let next = 0;
  const samples: Record<string, string[]> = {};
  const latencies: number[] = [];
  const method = target.method ?? 'POST';
  const headers: Record<string, string> =
    method === 'POST'
      ? { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' }
      : { authorization: `Bearer ${target.token}` };
  const cpuBefore = process.cpuUsage();
  const startedAt = process.hrtime.bigint();
  let finish: (result: autocannon.Result) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const options: autocannon.Options = {
    url: target.url,
    connections,
    duration: seconds,
    timeout: 10,
    method,
    headers,
    requests: [
      {
        method,
        setupRequest: (request) => {
          const n = next++;
          return {
            ...request,
            method,
            path: target.paths[n % target.paths.length]!,
            headers,
            body:
              method === 'POST'
                ? JSON.stringify({ percent: n % 101, note: `Bericht ${n}: Termin gehalten` })
                : undefined,
          };
        },
        onResponse: (status, body) => {
          if (status >= 200 && status < 300) return;
          const list = (samples[String(status)] ??= []);
          if (list.length < SAMPLES_PER_STATUS) list.push(body.slice(0, 500));
        },
      },
    ],
  };
  const instance = autocannon(options, (error: unknown, result: autocannon.Result) =>
    error ? fail(error) : finish(result),
  );
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await done;
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;

  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count ?? 0;
  const ok = Object.entries(statuses)
    .filter(([code]) => code.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
  const conflicts = statuses['409'] ?? 0;
  const unexpected = Object.entries(statuses)
    .filter(([code]) => !code.startsWith('2') && code !== '409')
    .reduce((n, [, c]) => n + c, 0);
  const sorted = Float64Array.from(latencies).sort();
  return {
    seconds: result.duration,
    ok,
    rate: ok / result.duration,
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1]! : 0,
    statuses,
    conflicts,
    unexpected,
    errors: result.errors,
    timeouts: result.timeouts,
    samples,
    clientCores: (cpu.user + cpu.system) / 1e6 / wallSeconds,
  };
}
