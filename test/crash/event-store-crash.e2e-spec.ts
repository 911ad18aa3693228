import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  ConcurrencyError,
  PostgresEventStore,
  SqliteEventStore,
  verifyStream,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from '../../libs/event-store/src/index.js';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../support/postgres.js';
import { CRASH_EVENT_TYPE, CRASH_STREAMS, crashStreamName, type ChildLine } from './crash-protocol.js';

/**
 * Crash safety of both adapters: a child process (append-loop.child.ts) appends with several appends in
 * flight and is killed with SIGKILL at a random moment; then this process reopens the store and checks
 * that every acknowledged append is there where it was acknowledged, that nothing is half-written or
 * unaccounted for, and that appending continues at the right revision. Three rounds per adapter on the
 * same store, so later rounds also crash a store that has crashed before.
 *
 * A SIGKILL ends the process, not the machine: this proves atomicity and "acknowledged only after commit",
 * not that the commit reached the disk (the OS page cache survives a killed process).
 */

const CHILD = fileURLToPath(new URL('append-loop.child.ts', import.meta.url));
const ROOT = resolve(dirname(CHILD), '../..');
/** Past this the child is stuck, not slow (it starts through tsx, which takes a few seconds when loaded). */
const STALL_MS = 45_000;
const ROUND_TIMEOUT_MS = 120_000;
const VERBOSE = process.env.CRASH_VERBOSE === '1';
const STREAMS = Array.from({ length: CRASH_STREAMS }, (_, i) => crashStreamName(i));

type KillPlan = { kind: 'acks'; acks: number } | { kind: 'delay'; ms: number };

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

/** Rounds 1 and 3 kill after a number of acknowledgements, round 2 a while after the first one. */
function killPlan(round: number): KillPlan {
  return round % 2 === 0
    ? { kind: 'delay', ms: randomInt(20, 250) }
    : { kind: 'acks', acks: randomInt(50, 400) };
}

/** One append the child announced (or this process made), with its answer when it was acknowledged. */
interface Batch {
  round: number;
  stream: string;
  ids: string[];
  expected: ExpectedRevision;
  ack?: { nextRevision: bigint; position: bigint };
}

/** Everything ever tried against one store, over all rounds. */
class Ledger {
  readonly batches: Batch[] = [];
  readonly byId = new Map<string, Batch>();
  /** The heads this process left after its continuation appends: where the next child must start. */
  heads = new Map<string, bigint | undefined>();

  add(batch: Batch): void {
    this.batches.push(batch);
    for (const id of batch.ids) this.byId.set(id, batch);
  }
}

interface ChildRun {
  lines: ChildLine[];
  acks: number;
  killedAtAcks: number;
  reason: 'plan' | 'stalled' | 'exited';
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

const running = new Set<ReturnType<typeof spawn>>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts the child and kills it with SIGKILL as the plan says; resolves once all its output is read. */
function runUntilKilled(args: string[], plan: KillPlan): Promise<ChildRun> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules is not for the child
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const run: ChildRun = {
    lines: [],
    acks: 0,
    killedAtAcks: -1,
    reason: 'exited',
    code: null,
    signal: null,
    stderr: '',
  };
  let delayTimer: NodeJS.Timeout | undefined;
  const kill = (reason: 'plan' | 'stalled') => {
    if (run.killedAtAcks >= 0) return;
    run.killedAtAcks = run.acks;
    run.reason = reason;
    child.kill('SIGKILL');
  };
  const stallTimer = setTimeout(() => kill('stalled'), STALL_MS);
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = JSON.parse(pending.slice(0, nl)) as ChildLine;
      pending = pending.slice(nl + 1);
      run.lines.push(line);
      if (line.t !== 'ack') continue;
      run.acks += 1;
      if (plan.kind === 'acks' && run.acks >= plan.acks) kill('plan');
      if (plan.kind === 'delay' && run.acks === 1) delayTimer = setTimeout(() => kill('plan'), plan.ms);
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (run.stderr += chunk));
  child.stdin.on('error', () => undefined);
  return new Promise((resolvePromise, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(stallTimer);
      clearTimeout(delayTimer);
      running.delete(child);
      child.stdin.destroy();
      run.code = code;
      run.signal = signal;
      resolvePromise(run);
    });
  });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function readEverything(store: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, limit: 1000 });
    all.push(...page);
    if (page.length < 1000) return all;
    after = page[page.length - 1]!.position;
  }
}

function firstRevisionOf(expected: ExpectedRevision): bigint | undefined {
  if (expected === 'no_stream') return 0n;
  if (expected === 'any') return undefined;
  return expected + 1n;
}

function parseExpected(text: string): ExpectedRevision {
  return text === 'no_stream' || text === 'any' ? text : BigInt(text);
}

/** Takes the child's lines into the ledger and returns what looks wrong about them. */
function recordChildRun(ledger: Ledger, round: number, run: ChildRun): string[] {
  const problems: string[] = [];
  const ready = run.lines.find((l) => l.t === 'ready');
  if (ready) {
    for (const stream of STREAMS) {
      const left = ledger.heads.get(stream)?.toString() ?? null;
      if (ready.heads[stream] !== left) {
        problems.push(`child started ${stream} at ${ready.heads[stream]}, but the store was left at ${left}`);
      }
    }
  }
  const open = new Map<string, Batch>();
  for (const line of run.lines) {
    if (line.t === 'try') {
      const batch: Batch = {
        round,
        stream: line.stream,
        ids: line.ids,
        expected: parseExpected(line.expected),
      };
      ledger.add(batch);
      open.set(line.ids[0]!, batch);
    } else if (line.t === 'ack') {
      const batch = open.get(line.ids[0]!);
      if (!batch) {
        problems.push(`ack without try: ${JSON.stringify(line)}`);
        continue;
      }
      batch.ack = { nextRevision: BigInt(line.nextRevision), position: BigInt(line.position) };
    }
  }
  return problems;
}

/**
 * Checks 1 and 3: acknowledged appends are where they were acknowledged; nothing half-written. Also counts
 * the appends that were committed but not acknowledged when the child died (allowed, and worth knowing).
 */
async function checkContents(store: EventStore, ledger: Ledger, round: number) {
  const problems: string[] = [];
  let unacknowledgedStored = 0;
  const all = await readEverything(store);
  const gap = all.findIndex((e, i) => e.position !== BigInt(i + 1));
  if (gap >= 0) problems.push(`readAll: event #${gap + 1} has position ${all[gap]!.position}`);
  const head = await store.headPosition();
  if (head !== BigInt(all.length)) problems.push(`headPosition ${head} but readAll has ${all.length} events`);

  const byId = new Map(all.map((e) => [e.id, e]));
  for (const event of all) {
    const batch = ledger.byId.get(event.id);
    if (!batch) problems.push(`event ${event.id} (${event.streamId}@${event.revision}) was never appended`);
    else if (batch.stream !== event.streamId)
      problems.push(`event ${event.id} is in ${event.streamId}, was appended to ${batch.stream}`);
    if (event.type !== CRASH_EVENT_TYPE) problems.push(`event ${event.id} has type ${event.type}`);
  }

  for (const batch of ledger.batches) {
    const stored = batch.ids.map((id) => byId.get(id));
    const present = stored.filter((e) => e !== undefined);
    const label = `round ${batch.round} append to ${batch.stream} at ${String(batch.expected)} (${batch.ids.length} events${batch.ack ? ', acknowledged' : ''})`;
    if (present.length === 0) {
      if (batch.ack) problems.push(`${label}: lost, none of its events is stored`);
      continue;
    }
    if (present.length !== stored.length) {
      problems.push(`${label}: half-written, ${present.length} of ${stored.length} events stored`);
      continue;
    }
    if (!batch.ack && batch.round === round) unacknowledgedStored += 1;
    const first = present[0]!;
    const last = present[present.length - 1]!;
    present.forEach((e, i) => {
      if (e.revision !== first.revision + BigInt(i) || e.position !== first.position + BigInt(i))
        problems.push(
          `${label}: event ${i} at revision ${e.revision} / position ${e.position}, not contiguous`,
        );
    });
    const wantedFirst = firstRevisionOf(batch.expected);
    if (wantedFirst !== undefined && first.revision !== wantedFirst)
      problems.push(`${label}: starts at revision ${first.revision}, expected ${wantedFirst}`);
    if (batch.ack && (last.revision !== batch.ack.nextRevision || last.position !== batch.ack.position))
      problems.push(
        `${label}: acknowledged as revision ${batch.ack.nextRevision} / position ${batch.ack.position}, ` +
          `stored at ${last.revision} / ${last.position}`,
      );
  }

  for (const stream of STREAMS) {
    const events = await collect(store.readStream(stream));
    const broken = events.findIndex((e, i) => e.revision !== BigInt(i));
    if (broken >= 0) problems.push(`${stream}: revision ${events[broken]!.revision} at index ${broken}`);
    const inAll = all.filter((e) => e.streamId === stream).length;
    if (inAll !== events.length)
      problems.push(`${stream}: readStream has ${events.length}, readAll ${inAll}`);
    const verified = await verifyStream(stream, store.readStream(stream));
    if (!verified.ok || verified.checkedEvents !== events.length)
      problems.push(`${stream}: hash chain ${JSON.stringify(verified)}`);
  }
  return { problems, unacknowledgedStored };
}

async function lastRevision(store: EventStore, stream: string): Promise<bigint | undefined> {
  const [last] = await collect(store.readStream(stream, { direction: 'backwards', maxCount: 1 }));
  return last?.revision;
}

async function expectConflict(
  store: EventStore,
  stream: string,
  expectedRevision: ExpectedRevision,
  what: string,
): Promise<string[]> {
  try {
    const result = await store.append(
      stream,
      [{ id: randomUUID(), type: CRASH_EVENT_TYPE, data: { what } }],
      {
        expectedRevision,
      },
    );
    return [`${stream}: ${what} append at ${String(expectedRevision)} succeeded (${result.nextRevision})`];
  } catch (error) {
    return error instanceof ConcurrencyError
      ? []
      : [`${stream}: ${what} append failed with ${String(error)}`];
  }
}

/** Check 4: appending goes on at the stored head; stale expectations are refused and write nothing. */
async function checkContinuation(store: EventStore, ledger: Ledger, round: number): Promise<string[]> {
  const problems: string[] = [];
  const before = await store.headPosition();
  for (const stream of STREAMS) {
    const head = await lastRevision(store, stream);
    // a fresh store has no cached heads, so this one is judged against the database
    if (head !== undefined) {
      const stale = head === 0n ? 'no_stream' : head - 1n;
      problems.push(...(await expectConflict(store, stream, stale, 'stale')));
    }
    const expected: ExpectedRevision = head ?? 'no_stream';
    const batch: Batch = { round, stream, ids: [randomUUID()], expected };
    ledger.add(batch);
    try {
      const result = await store.append(
        stream,
        [{ id: batch.ids[0], type: CRASH_EVENT_TYPE, data: { round, continuation: true } }],
        { expectedRevision: expected },
      );
      batch.ack = { nextRevision: result.nextRevision, position: result.position };
      const wanted = head === undefined ? 0n : head + 1n;
      if (result.nextRevision !== wanted)
        problems.push(`${stream}: continuation got revision ${result.nextRevision}, expected ${wanted}`);
    } catch (error) {
      problems.push(`${stream}: continuation at ${String(expected)} failed with ${String(error)}`);
    }
    problems.push(...(await expectConflict(store, stream, expected, 'repeated')));
    ledger.heads.set(stream, await lastRevision(store, stream));
  }
  const after = await store.headPosition();
  if (after !== before + BigInt(STREAMS.length))
    problems.push(`headPosition went from ${before} to ${after} after ${STREAMS.length} successful appends`);
  return problems;
}

interface Subject {
  childArgs(round: number): string[];
  /** Waits until nothing the killed child started can still change the store. */
  settle(round: number): Promise<void>;
  open(): Promise<EventStore>;
  /** Adapter-specific "it opened cleanly" checks. */
  health(store: EventStore): Promise<string[]>;
}

function crashRounds(name: string, subject: () => Subject): void {
  describe(`${name} event store killed while appending`, () => {
    const ledger = new Ledger();
    for (const stream of STREAMS) ledger.heads.set(stream, undefined);

    it.each([1, 2, 3])(
      'round %i: keeps every acknowledged append, nothing half-written, and goes on appending',
      async (round) => {
        const plan = killPlan(round);
        const run = await runUntilKilled(subject().childArgs(round), plan);
        const context = `plan ${JSON.stringify(plan)}, killed after ${run.killedAtAcks} acks, ${run.acks} read`;
        expect({ reason: run.reason, signal: run.signal, stderr: run.stderr }).toEqual({
          reason: 'plan',
          signal: 'SIGKILL',
          stderr: expect.any(String),
        });
        expect(run.acks).toBeGreaterThan(0);
        const recorded = recordChildRun(ledger, round, run);

        await subject().settle(round);
        const store = await subject().open();
        try {
          const health = await subject().health(store);
          const contents = await checkContents(store, ledger, round);
          const tried = ledger.batches.filter((b) => b.round === round);
          const inFlight = tried.filter((b) => !b.ack).length;
          const summary = `${context}; ${tried.length} appends, ${inFlight} in flight, ${contents.unacknowledgedStored} of them stored`;
          const continuation = await checkContinuation(store, ledger, round);
          if (VERBOSE) process.stderr.write(`${name} round ${round}: ${summary}\n`);
          expect({
            summary,
            problems: [...recorded, ...health, ...contents.problems, ...continuation],
          }).toEqual({
            summary,
            problems: [],
          });
        } finally {
          await store.close();
        }
      },
      ROUND_TIMEOUT_MS,
    );
  });
}

const sqliteDir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
const sqlitePath = join(sqliteDir, 'events.db');
afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));

crashRounds('sqlite', () => ({
  childArgs: (round) => ['sqlite', sqlitePath, String(round)],
  settle: async () => undefined, // the only writer is dead
  open: async () => new SqliteEventStore({ path: sqlitePath }),
  health: async (store) => {
    const { db } = store as SqliteEventStore;
    const problems: string[] = [];
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
    const mode = db.pragma('journal_mode', { simple: true });
    if (mode !== 'wal') problems.push(`journal_mode: ${String(mode)}`);
    return problems;
  },
}));

const pgSchema = freshSchemaName('crash');
afterAll(() => dropSchema(pgSchema));

function childUrl(round: number): { url: string; applicationName: string } {
  const applicationName = `${pgSchema}-r${round}`;
  const url = new URL(testDatabaseUrl());
  url.searchParams.set('application_name', applicationName);
  return { url: url.toString(), applicationName };
}

/**
 * A statement the child sent before it died may still be running on the server (and commit); wait until
 * the server has ended every session of the child, so the checks see a store nobody else writes to.
 */
async function waitForSessionsGone(applicationName: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      if (rows[0]!.n === 0) return;
      if (Date.now() > deadline) throw new Error(`${rows[0]!.n} sessions of ${applicationName} did not end`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await client.end();
  }
}

crashRounds('postgres', () => ({
  childArgs: (round) => ['postgres', childUrl(round).url, pgSchema, String(round)],
  settle: (round) => waitForSessionsGone(childUrl(round).applicationName),
  open: () => PostgresEventStore.open({ connectionString: testDatabaseUrl(), schema: pgSchema }),
  health: async (store) => {
    const { pool } = store as PostgresEventStore;
    await store.ping();
    const { rows } = await pool.query<{ last: string; max: string | null; n: string }>(
      'SELECT (SELECT last FROM event_position) AS last, max(position) AS max, count(*) AS n FROM events',
    );
    const { last, max, n } = rows[0]!;
    return last === (max ?? '0') && last === n ? [] : [`position counter ${last}, max ${max}, count ${n}`];
  },
}));
