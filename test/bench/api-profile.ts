/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) and says where the CPU went during a time window: self
 * time grouped by what the code is (Nest pipeline, validation, fastify, SQLite, hashing, …) and inclusive
 * time of the busiest functions. Timestamps in a profile are CLOCK_MONOTONIC microseconds, the same clock
 * as process.hrtime() in the parent, so the window is the timed run as the bench measured it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled wall time inside the window, ms. */
  windowMs: number;
  /** Busy (not idle) share of the window. */
  busyShare: number;
  /** Time per request phase (innermost matching frame), ms, largest first. */
  phases: Array<{ phase: string; ms: number; share: number }>;
  /** Self time per group, ms, largest first. */
  groups: Array<{ group: string; ms: number; share: number }>;
  /** Inclusive time of the busiest functions of the app and its frameworks, ms. */
  inclusive: Array<{ fn: string; ms: number; share: number }>;
  /** Self time of the busiest functions, ms. */
  self: Array<{ fn: string; ms: number; share: number }>;
}

const GROUPS: Array<[RegExp, string]> = [
  [
    /node_modules\/(class-validator|class-transformer|libphonenumber-js|validator)\//,
    'validation (class-validator/-transformer)',
  ],
  [
    /node_modules\/(@nestjs\/core|@nestjs\/common|@nestjs\/platform-fastify|reflect-metadata)\//,
    'Nest pipeline (router, guards, interceptors, pipes)',
  ],
  [/node_modules\/@nestjs\/cqrs\//, 'Nest CQRS command bus'],
  [/node_modules\/rxjs\//, 'rxjs (interceptor observables)'],
  [
    /node_modules\/(fastify|find-my-way|avvio|light-my-request|fast-json-stringify|secure-json-parse|@fastify\/[^/]+|fast-querystring|fast-content-type-parse|toad-cache|process-warning|abstract-logging|ret|safe-regex2|proxy-addr|forwarded)\//,
    'fastify (incl. helmet)',
  ],
  [
    /node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream|fast-redact|@pinojs\/redact|on-exit-leak-free|quick-format-unescaped|atomic-sleep)\//,
    'logging (pino)',
  ],
  [/node_modules\/prom-client\//, 'metrics (prom-client)'],
  [/node_modules\/rate-limiter-flexible\//, 'rate limiting'],
  [/node_modules\/better-sqlite3\//, 'better-sqlite3 (JS side)'],
  [/node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-[a-z]+|pgpass)\//, 'pg driver'],
  [/node_modules\/(canonicalize|uuid)\//, 'canonical JSON, uuid'],
  [/node_modules\/zod\//, 'zod'],
  [/\/libs\/event-store\//, 'app: event store (append plan, hash chain, sqlite/pg adapter)'],
  [/\/libs\/domain\//, 'app: domain (decide/evolve)'],
  [/\/libs\/sql\//, 'app: read-model SQL layer (tenancy, idempotency queries)'],
  [/\/libs\/ops\//, 'app: ops (logging, metrics, health)'],
  [/\/apps\/api\/src\/tenancy\//, 'app: tenancy (access guard, token lookup)'],
  [/\/apps\/api\/src\/http\//, 'app: http (rate-limit guard, interceptor, problem filter)'],
  [/\/apps\/api\/src\//, 'app: controllers, command handlers, runner'],
  [/^node:internal\/crypto|^node:crypto/, 'node crypto (sha256, randomUUID)'],
  [
    /^node:(internal\/)?(net|stream|http|_http|streams|dns|timers|tls|url|querystring)/,
    'node net/http/streams',
  ],
  [/^node:/, 'node core (other)'],
];

/**
 * Request phases. A sample goes to the first "whole" phase found anywhere on its stack (everything under
 * the projection runner, the aggregate load or the append counts there, also the domain code or SQLite
 * calls they make); otherwise to the innermost frame that belongs to one of the other phases, so that Nest's
 * or Fastify's own frames count only where they are the innermost code running.
 */
interface Phase {
  label: string;
  url: RegExp;
  fn?: RegExp;
  whole?: boolean;
}

const PROJECTIONS =
  'in-process projections (plan view + dashboard figures, audit index: reads, fold, rows, commit)';
const LOAD = 'aggregate load (read measure + plan streams, JSON.parse, fold)';
const APPEND = 'event store append (checks, hash chain, INSERT, group commit / pg round trips)';
const STORE_FILE = /\/event-store\/src\/(sqlite\/sqlite|postgres\/postgres)\.event-store/;

const PHASES: Phase[] = [
  {
    label: PROJECTIONS,
    url: /\/libs\/(projections|read-models)\/|\/event-store\/src\/catch-up-subscription/,
    whole: true,
  },
  { label: PROJECTIONS, url: STORE_FILE, fn: /^readAll$/, whole: true },
  {
    label: 'in-process reminder policy and queue (luxon dates, BullMQ, Redis)',
    url: /\/libs\/reminders\/|node_modules\/(luxon|bullmq|ioredis)\//,
    whole: true,
  },
  { label: LOAD, url: /\/commands\/aggregate-runner/, fn: /^load$/, whole: true },
  { label: LOAD, url: /\/event-store\/src\/sqlite\/sqlite-stream-reader/, whole: true },
  { label: LOAD, url: STORE_FILE, fn: /^readStream/, whole: true },
  { label: APPEND, url: /\/libs\/event-store\/|\/libs\/ops\/src\/event-store\.provider/, whole: true },
  { label: 'domain decide (command checks, dates)', url: /\/libs\/domain\// },
  {
    label: 'access guard (sha256 of token, 2 SQL lookups, owner cache)',
    url: /\/tenancy\/(access\.guard|tenancy\.store|tokens|target-directory)/,
  },
  {
    label: 'rate-limit guard (sha256 + 2 counters)',
    url: /\/http\/rate-limits|node_modules\/rate-limiter-flexible\//,
  },
  {
    label: 'DTO validation (ValidationPipe, class-validator/-transformer)',
    url: /node_modules\/(class-validator|class-transformer|validator)\/|\/pipes\/validation\.pipe|\/http\/dto-rules/,
  },
  {
    label: 'response interceptor, idempotency, problem filter',
    url: /\/http\/(command-response\.interceptor|idempotency\.store|problem)/,
  },
  {
    label: 'controller, CQRS command bus, command runner',
    url: /\/apps\/api\/src\/|node_modules\/@nestjs\/cqrs\//,
  },
  { label: 'metrics (prom-client)', url: /node_modules\/prom-client\/|\/libs\/ops\/src\/metrics/ },
  {
    label: 'logging (pino)',
    url: /node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream|fast-redact|@pinojs\/redact)\/|\/libs\/ops\/src\/(logger|http-adapter)/,
  },
  { label: 'helmet headers', url: /node_modules\/(helmet|@fastify\/helmet)\// },
  {
    label: 'Nest request plumbing (router, guard/interceptor chain, rxjs, reflect)',
    url: /node_modules\/(@nestjs\/core|@nestjs\/common|@nestjs\/platform-fastify|rxjs|reflect-metadata)\//,
  },
  {
    label: 'Fastify (routing, body parsing, reply serialisation)',
    url: /node_modules\/(fastify|find-my-way|avvio|fast-json-stringify|secure-json-parse|@fastify\/[^/]+|fast-querystring|fast-content-type-parse|toad-cache)\//,
  },
  { label: 'pg driver (protocol, parsing rows)', url: /node_modules\/(pg|pg-protocol|pg-pool|pg-types)\// },
  {
    label: 'Node HTTP, net, streams',
    url: /^node:(internal\/)?(net|stream|http|_http|streams|stream_base_commons|dns|tls|url|querystring)/,
  },
];

const matches = (phase: Phase, frame: CallFrame) =>
  phase.url.test(frame.url) && (!phase.fn || phase.fn.test(frame.functionName));

function phaseOf(frames: CallFrame[]): string {
  const leaf = frames[0]!;
  if (leaf.functionName === '(idle)') return 'idle';
  if (leaf.functionName === '(garbage collector)') return 'garbage collector';
  for (const phase of PHASES) {
    if (phase.whole && frames.some((frame) => matches(phase, frame))) return phase.label;
  }
  for (const frame of frames) {
    for (const phase of PHASES) if (!phase.whole && matches(phase, frame)) return phase.label;
  }
  return `other (${groupOf(leaf)})`;
}

function groupOf(frame: CallFrame): string {
  const name = frame.functionName;
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'garbage collector';
  if (name === '(program)') return 'V8/native, not attributed (program)';
  if (name === '(root)') return 'root';
  if (frame.url === '') return `native: ${name || '(anonymous)'}`;
  for (const [pattern, group] of GROUPS) if (pattern.test(frame.url)) return group;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(frame.url);
  return pkg ? `other package: ${pkg[1]}` : `other: ${basename(frame.url)}`;
}

function label(frame: CallFrame): string {
  const where = frame.url
    ? `${frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '')}:${frame.lineNumber + 1}`
    : 'native';
  return `${frame.functionName || '(anonymous)'} ${where}`;
}

/** The newest .cpuprofile in `dir`. */
export function latestProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  files.sort();
  const last = files[files.length - 1];
  return last ? join(dir, last) : undefined;
}

/** `fromUs`/`toUs`: the window in CLOCK_MONOTONIC microseconds; samples outside it are left out. */
export function summariseProfile(file: string, fromUs: number, toUs: number, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const byPhase = new Map<string, number>();
  const selfByGroup = new Map<string, number>();
  const selfByFn = new Map<string, number>();
  const inclusiveByFn = new Map<string, number>();
  let windowUs = 0;
  let idleUs = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    // a sample's time is the gap to the next sample
    const delta = profile.timeDeltas[i + 1] ?? 0;
    if (t < fromUs || t > toUs) continue;
    const node = byId.get(profile.samples[i]!)!;
    windowUs += delta;
    const group = groupOf(node.callFrame);
    if (group === 'idle') idleUs += delta;
    selfByGroup.set(group, (selfByGroup.get(group) ?? 0) + delta);
    const self = label(node.callFrame);
    selfByFn.set(self, (selfByFn.get(self) ?? 0) + delta);
    const stack: CallFrame[] = [];
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      stack.push(byId.get(id)!.callFrame);
    }
    const phase = phaseOf(stack);
    byPhase.set(phase, (byPhase.get(phase) ?? 0) + delta);
    const seen = new Set<string>();
    for (const frame of stack) {
      if (frame.url === '' || frame.functionName === '') continue;
      const key = label(frame);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusiveByFn.set(key, (inclusiveByFn.get(key) ?? 0) + delta);
    }
  }
  const busyUs = windowUs - idleUs;
  const rank = (map: Map<string, number>, n: number, over: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, us]) => ({ key, ms: us / 1000, share: over ? us / over : 0 }));
  return {
    windowMs: windowUs / 1000,
    busyShare: windowUs ? busyUs / windowUs : 0,
    phases: rank(byPhase, 40, windowUs).map(({ key, ms, share }) => ({ phase: key, ms, share })),
    groups: rank(selfByGroup, 40, windowUs).map(({ key, ms, share }) => ({ group: key, ms, share })),
    inclusive: rank(inclusiveByFn, top * 3, busyUs)
      .filter(
        ({ key }) => !/^(processTicksAndRejections|listOnTimeout|processImmediate|emit|emitTwo) /.test(key),
      )
      .slice(0, top)
      .map(({ key, ms, share }) => ({ fn: key, ms, share })),
    self: rank(selfByFn, top, busyUs).map(({ key, ms, share }) => ({ fn: key, ms, share })),
  };
}

export function formatProfile(summary: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
  const lines = [
    `window ${(summary.windowMs / 1000).toFixed(1)} s sampled, busy ${pct(summary.busyShare)} of it`,
    '',
    'time by request phase (share of the window; see api-profile.ts for the attribution):',
    ...summary.phases.map((p) => `  ${pct(p.share)}  ${p.phase}`),
    '',
    'self time by group (share of the window):',
    ...summary.groups.map((g) => `  ${pct(g.share)}  ${g.group}`),
    '',
    'inclusive time of the busiest functions (share of busy time; synchronous parts only):',
    ...summary.inclusive.map((f) => `  ${pct(f.share)}  ${f.fn}`),
    '',
    'self time of the busiest functions (share of busy time):',
    ...summary.self.map((f) => `  ${pct(f.share)}  ${f.fn}`),
  ];
  return lines.join('\n');
}
