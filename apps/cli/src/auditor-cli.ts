import { ConfigError, loadConfig, type AppConfig } from '@app/config';
import { exportTrail, replay, verify } from './audit.commands.js';
import { EXIT, parseCommand, USAGE, UsageError, type CliCommand } from './cli-args.js';
import { openSession, type CliIo, type Session } from './cli-session.js';
import { rebuild } from './projections.commands.js';

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
