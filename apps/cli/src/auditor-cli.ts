import { existsSync, writeFileSync } from 'node:fs';
import { ConfigError, loadConfig, type AppConfig } from '@app/config';
import { openEventStore, READER_PAGE_CACHE_KB, type EventStore } from '@app/event-store';
import { allProjections, PlanReader, ProjectionRunner, type PlanVerification } from '@app/projections';
import { describePlan } from '@app/read-models';
import { separateEmbeddedReadModels } from '@app/ops';
import { openSqlDatabase, type SqlDatabase } from '@app/sql';
import { auditCsv, toAuditEntry, type AuditEntry } from '../../api/src/queries/audit-export.js';
import { EXIT, parseCommand, USAGE, UsageError, type CliCommand } from './cli-args.js';
import { planSummary } from './plan-summary.js';

export interface CliOutput {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
}

/** Events per transaction while catching up or rebuilding: big batches, few commits. */
const CATCH_UP_BATCH = 5_000;
/** History is read in pages of this many rows, so an export has no upper limit. */
const EXPORT_PAGE = 10_000;
const PROGRESS_EVERY_MS = 1_000;

interface Session {
  store: EventStore;
  db: SqlDatabase;
  reader: PlanReader;
  config: AppConfig;
}

/**
 * Runs one command of `npm run cli` and answers its exit code. Settings come from loadConfig (the one reader
 * of the environment); the store and the read-model database are closed before it returns, whatever happened.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCommand(argv);
  } catch (error) {
    return reportError(error, io);
  }
  if (command.name === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }

  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return EXIT.config;
  }

  let session: Session | undefined;
  try {
    session = await openSession(config);
    return await run(command, session, io);
  } catch (error) {
    return reportError(error, io);
  } finally {
    if (session) {
      await session.store.close();
      await session.db.close();
    }
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr.write(`error: ${error.message}\n`);
    if (error.showUsage) io.stderr.write(`\n${USAGE}\n`);
    return EXIT.usage;
  }
  io.stderr.write(`cli failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.failure;
}

async function openSession(config: AppConfig): Promise<Session> {
  // opening a missing SQLite file would quietly create an empty store and answer "unknown plan"
  if (config.eventStore.kind === 'sqlite' && !existsSync(config.eventStore.sqlitePath)) {
    throw new UsageError(
      `no event store at SQLITE_PATH=${config.eventStore.sqlitePath} (set SQLITE_PATH, or EVENT_STORE=postgres with DATABASE_URL)`,
    );
  }
  separateEmbeddedReadModels(config);
  const store = await openEventStore(
    config.eventStore.kind === 'sqlite'
      ? { ...config.eventStore, pageCacheKb: READER_PAGE_CACHE_KB }
      : config.eventStore,
  );
  try {
    const db = await openSqlDatabase(config.readModels);
    return { store, db, reader: new PlanReader(store, db), config };
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function run(command: Exclude<CliCommand, { name: 'help' }>, session: Session, io: CliIo) {
  switch (command.name) {
    case 'projections:rebuild':
      return rebuild(session, io, command.projection, command.maxBatch);
    case 'audit:replay':
      return replay(session, io, command.planId, command.asOf, command.format);
    case 'audit:verify':
      return verify(session, io, command.planId);
    case 'audit:export':
      return exportTrail(session, io, command.planId, command.format, command.out);
  }
}

/** Projects what the store holds beyond the read models, so that the CLI answers without a running server. */
async function catchUp({ store, db }: Session, io: CliIo): Promise<void> {
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

async function rebuild(
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
  const runner = new ProjectionRunner(store, db, chosen, { maxBatch });
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

async function requirePlan(session: Session, io: CliIo, planId: string): Promise<void> {
  await catchUp(session, io);
  const known =
    (await session.reader.view(planId)) !== undefined ||
    (await session.reader.history(planId, { limit: 1 })).length > 0;
  if (!known) throw new UsageError(`unknown plan ${planId}`);
}

async function replay(
  session: Session,
  io: CliIo,
  planId: string,
  asOf: Date,
  format: 'json' | 'text',
): Promise<number> {
  await requirePlan(session, io, planId);
  // as the api: an instant in the past is folded from the events, "now or later" is the live view
  const view =
    asOf.getTime() < Date.now()
      ? await session.reader.viewAsOf(planId, asOf)
      : await session.reader.view(planId);
  if (!view) throw new UsageError(`plan ${planId} did not exist at ${asOf.toISOString()}`);
  const state = describePlan(view, asOf);
  io.stdout.write(format === 'text' ? planSummary(state) : `${JSON.stringify(state, null, 2)}\n`);
  return EXIT.ok;
}

async function verify(session: Session, io: CliIo, planId: string): Promise<number> {
  await requirePlan(session, io, planId);
  const result = await session.reader.verify(planId);
  io.stdout.write(`${JSON.stringify({ planId, ...result }, null, 2)}\n`);
  if (result.ok) {
    io.stderr.write(`ok: ${result.checkedEvents} events in ${result.streams} streams verified\n`);
    return EXIT.ok;
  }
  io.stderr.write(`BROKEN: ${describeBreak(result.firstBrokenAt!)}\n`);
  return EXIT.broken;
}

function describeBreak(broken: NonNullable<PlanVerification['firstBrokenAt']>): string {
  const where = `stream ${broken.streamId}, revision ${broken.revision}, position ${broken.position}`;
  const event = 'eventId' in broken ? `event ${broken.eventId} (${broken.type}), ` : '';
  return `${event}${where}: ${broken.reason}`;
}

async function exportTrail(
  session: Session,
  io: CliIo,
  planId: string,
  format: 'csv' | 'json',
  out: string | undefined,
): Promise<number> {
  await requirePlan(session, io, planId);
  const entries: AuditEntry[] = [];
  for (let after: number | undefined; ;) {
    const page = await session.reader.history(planId, { after, limit: EXPORT_PAGE });
    entries.push(...page.map(toAuditEntry));
    if (page.length < EXPORT_PAGE) break;
    after = Number(page[page.length - 1]!.position);
  }
  // the same bytes as GET /api/plans/:planId/history?format=csv|json
  const content =
    format === 'csv'
      ? auditCsv(entries)
      : `${JSON.stringify({ planId, exportedAt: new Date().toISOString(), events: entries }, null, 2)}\n`;
  if (out === undefined) {
    io.stdout.write(content);
  } else {
    writeFileSync(out, content, 'utf8');
    io.stderr.write(`wrote ${entries.length} events of plan ${planId} to ${out}\n`);
  }
  return EXIT.ok;
}
