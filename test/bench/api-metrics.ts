/**
 * What the api says about itself on GET /metrics, read before and after the timed run so that the
 * difference belongs to that run alone: time inside the server per request, time of the event store
 * append, the server's CPU and garbage collection.
 */

export interface MetricsSnapshot {
  at: number;
  requests: number;
  requestSeconds: number;
  appends: number;
  appendSeconds: number;
  cpuSeconds: number;
  gcSeconds: number;
}

export interface ServerFigures {
  /** Mean time from Fastify's onRequest to the response sent, for the progress route, ms. */
  meanRequestMs: number;
  /** Mean time of one event store append (call to durable acknowledgement), ms. */
  meanAppendMs: number;
  /** Appends per request (1 if every command wrote its event). */
  appendsPerRequest: number;
  /** CPU of the server process over the run, in cores. */
  serverCores: number;
  /** Share of the server's wall time spent in garbage collection. */
  gcShare: number;
}

interface Sample {
  name: string;
  labels: string;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match) samples.push({ name: match[1]!, labels: match[2] ?? '', value: Number(match[3]) });
  }
  return samples;
}

const total = (samples: Sample[], name: string, labelPart = '') =>
  samples.filter((s) => s.name === name && s.labels.includes(labelPart)).reduce((n, s) => n + s.value, 0);

export async function snapshot(baseUrl: string, route: string): Promise<MetricsSnapshot> {
  const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5000) });
  const samples = parse(await res.text());
  const routeLabel = `route="${route}"`;
  return {
    at: performance.now(),
    requests: total(samples, 'http_request_duration_seconds_count', routeLabel),
    requestSeconds: total(samples, 'http_request_duration_seconds_sum', routeLabel),
    appends: total(samples, 'event_store_append_duration_seconds_count'),
    appendSeconds: total(samples, 'event_store_append_duration_seconds_sum'),
    cpuSeconds: total(samples, 'process_cpu_seconds_total'),
    gcSeconds: total(samples, 'nodejs_gc_duration_seconds_sum'),
  };
}

export function difference(before: MetricsSnapshot, after: MetricsSnapshot): ServerFigures {
  const wall = (after.at - before.at) / 1000;
  const requests = after.requests - before.requests;
  const appends = after.appends - before.appends;
  return {
    meanRequestMs: requests ? ((after.requestSeconds - before.requestSeconds) / requests) * 1000 : 0,
    meanAppendMs: appends ? ((after.appendSeconds - before.appendSeconds) / appends) * 1000 : 0,
    appendsPerRequest: requests ? appends / requests : 0,
    serverCores: (after.cpuSeconds - before.cpuSeconds) / wall,
    gcShare: (after.gcSeconds - before.gcSeconds) / wall,
  };
}
