import { allProjections, ProjectionRunner, REBUILD_PACE } from '@app/projections';
import { EXIT, UsageError } from './cli-args.js';
import type { CliIo, Session } from './cli-session.js';

/** Events per transaction while catching up or rebuilding: big batches, few commits. */
const CATCH_UP_BATCH = 5_000;
const PROGRESS_EVERY_MS = 1_000;

/** Projects what the store holds beyond the read models, so that the CLI answers without a running server. */
export async function catchUp({ store, db }: Session, io: CliIo): Promise<void> {
  const runner = new ProjectionRunner(store, db, allProjections(), {
    maxBatch: CATCH_UP_BATCH,
  });
  await runner.migrate();
  const before = await db.query<{ position: number | null }>(
    'SELECT MIN(position) AS position FROM projection_checkpoints',
  );
  const from = BigInt(before[0]?.position ?? 0);
  await runner.catchUp();
  const projected = runner.lowest() - from;
  if (projected > 0n) io.stderr.write(`read models caught up: ${projected} event(s) projected\n`);
}

export async function rebuild(
  { store, db, config }: Session,
  io: CliIo,
  name: string | undefined,
  maxBatch: number,
): Promise<number> {
  const all = allProjections();
  const chosen = name === undefined ? all : all.filter((p) => p.name === name);
  if (chosen.length === 0) {
    throw new UsageError(
      `unknown projection "${name}"; the projections are: ${all.map((p) => p.name).join(', ')}`,
    );
  }
  // pages of one batch each, with a turn of the event loop between them: progress lines, bounded memory
  const runner = new ProjectionRunner(store, db, chosen, { maxBatch, ...REBUILD_PACE });
  await runner.migrate();
  const head = await store.headPosition();
  const names = chosen.map((p) => p.name).join(', ');
  io.stdout.write(`rebuilding ${names} on the ${config.eventStore.kind} store: positions 1 to ${head}\n`);
  if (config.eventStore.kind === 'sqlite')
    io.stdout.write('(the api and a worker running projections on this file should be stopped meanwhile)\n');

  const started = performance.now();
  await runner.reset();
  let lastShown = 0n;
  const progress = setInterval(() => {
    const at = runner.lowest();
    if (at === lastShown) return;
    lastShown = at;
    const seconds = (performance.now() - started) / 1000;
    const share = head > 0n ? (Number(at) / Number(head)) * 100 : 100;
    io.stdout.write(
      `  ${at} / ${head} (${share.toFixed(1)} %), ${Math.round(Number(at) / seconds)} events/s\n`,
    );
  }, PROGRESS_EVERY_MS);
  try {
    await runner.catchUp();
  } finally {
    clearInterval(progress);
  }
  const seconds = (performance.now() - started) / 1000;
  const done = runner.lowest();
  const rate = seconds > 0 ? Math.round(Number(done) / seconds) : Number(done);
  io.stdout.write(`rebuilt ${names}: ${done} events in ${seconds.toFixed(2)} s (${rate} events/s)\n`);
  return EXIT.ok;
}
