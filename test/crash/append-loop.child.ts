/**
 * The process event-store-crash.e2e-spec.ts kills with SIGKILL. It opens a store and appends until it is
 * killed: one writer per stream (CRASH_STREAMS of them, so that many appends are in flight at once and the
 * SQLite group commit takes several per commit), each append with the exact expected revision the writer
 * tracks itself, about half of them with 2 to 4 events and payloads of varying size.
 *
 *   node --import tsx test/crash/append-loop.child.ts sqlite <file> <round>
 *   node --import tsx test/crash/append-loop.child.ts postgres <connection string> <schema> <round>
 *
 * Protocol on stdout: see crash-protocol.ts. Any surprise (a rejected append, a result that does not match
 * the tracked revision) goes to stderr and ends the process with code 1, which fails the parent's test.
 */
import { randomUUID } from 'node:crypto';
import {
  PostgresEventStore,
  SqliteEventStore,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
} from '../../libs/event-store/src/index.js';
import {
  CRASH_EVENT_TYPE,
  CRASH_STREAMS,
  crashStreamName,
  formatLine,
  type ChildLine,
} from './crash-protocol.js';

/** Never outlive the test: a parent that died without killing us must not leave a writer behind. */
const HARD_DEADLINE_MS = 120_000;

function emit(line: ChildLine): void {
  // stdout on a pipe is written synchronously on Linux: once this returns, the parent can read the line
  process.stdout.write(formatLine(line));
}

function fail(message: string, error?: unknown): never {
  process.stderr.write(
    `append-loop: ${message}${error ? `: ${String((error as Error).stack ?? error)}` : ''}\n`,
  );
  process.exit(1);
}

async function openStore(argv: string[]): Promise<{ store: EventStore; round: number }> {
  const [adapter, ...rest] = argv;
  if (adapter === 'sqlite' && rest.length === 2) {
    return { store: new SqliteEventStore({ path: rest[0]! }), round: Number(rest[1]) };
  }
  if (adapter === 'postgres' && rest.length === 3) {
    const store = await PostgresEventStore.open({
      connectionString: rest[0]!,
      schema: rest[1]!,
      poolSize: 10,
    });
    return { store, round: Number(rest[2]) };
  }
  return fail(`usage: sqlite <file> <round> | postgres <url> <schema> <round>; got ${argv.join(' ')}`);
}

async function headOf(store: EventStore, stream: string): Promise<bigint | undefined> {
  for await (const last of store.readStream(stream, { direction: 'backwards', maxCount: 1 })) {
    return last.revision;
  }
  return undefined;
}

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

function makeBatch(round: number, stream: string, seq: number): EventToAppend[] {
  const size = Math.random() < 0.5 ? 1 : randomInt(2, 4);
  return Array.from({ length: size }, (_, i) => ({
    id: randomUUID(),
    type: CRASH_EVENT_TYPE,
    data: { round, stream, seq, part: i, of: size, pad: 'x'.repeat(randomInt(0, 3000)) },
    metadata: { actorId: 'crash-test', correlationId: `round-${round}` },
  }));
}

async function writer(store: EventStore, round: number, stream: string, head: bigint | undefined) {
  let current = head;
  for (let seq = 0; ; seq++) {
    const events = makeBatch(round, stream, seq);
    const ids = events.map((e) => e.id!);
    const expectedRevision: ExpectedRevision = current === undefined ? 'no_stream' : current;
    emit({ t: 'try', stream, ids, expected: String(expectedRevision) });
    let result;
    try {
      result = await store.append(stream, events, { expectedRevision });
    } catch (error) {
      fail(`append to ${stream} at ${String(expectedRevision)} was refused`, error);
    }
    const wanted = (current ?? -1n) + BigInt(events.length);
    if (result.nextRevision !== wanted) {
      fail(`append to ${stream} answered nextRevision ${result.nextRevision}, expected ${wanted}`);
    }
    emit({
      t: 'ack',
      stream,
      ids,
      nextRevision: result.nextRevision.toString(),
      position: result.position.toString(),
    });
    current = result.nextRevision;
  }
}

async function main(): Promise<void> {
  setTimeout(() => fail('still running after the hard deadline'), HARD_DEADLINE_MS).unref();
  // the parent holds our stdin open; when it goes away, so do we
  process.stdin.on('end', () => process.exit(2));
  process.stdin.on('error', () => process.exit(2));
  process.stdin.resume();

  const { store, round } = await openStore(process.argv.slice(2));
  const streams = Array.from({ length: CRASH_STREAMS }, (_, i) => crashStreamName(i));
  const heads = new Map<string, bigint | undefined>();
  for (const stream of streams) heads.set(stream, await headOf(store, stream));
  emit({
    t: 'ready',
    heads: Object.fromEntries(streams.map((s) => [s, heads.get(s)?.toString() ?? null])),
  });
  await Promise.all(streams.map((stream) => writer(store, round, stream, heads.get(stream))));
}

main().catch((error: unknown) => fail('crashed on its own', error));
