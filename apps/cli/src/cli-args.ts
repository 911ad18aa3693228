import { endOfPlanDay } from '@app/read-models';
import { parseArgs } from 'node:util';
import { isDay } from '@app/domain';

/** Exit codes of `npm run cli`. */
export const EXIT = {
  ok: 0,
  /** audit:verify found a broken hash chain or an event missing from the store */
  broken: 1,
  /** unknown command, missing or bad option, unknown plan or projection */
  usage: 2,
  /** anything unexpected (a store that cannot be reached, a bug): the message and stack on stderr */
  failure: 70,
  /** a bad environment variable (as the api and worker: EX_CONFIG) */
  config: 78,
} as const;

export const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  projections:rebuild [name]       empty one projection (or all) and rebuild it from position 0 to the head
      [--max-batch <n>]            events per transaction (default 5000)
  audit:replay --plan <id> --as-of <instant> [--format json|text]
                                   the plan's state as it was at that instant (a day means its end, UTC)
  audit:verify --plan <id>         recompute the plan's hash chains; exit 1 when one is broken
  audit:export --plan <id> --format csv|json [--out <file>]
                                   the plan's whole audit trail, CSV as the api exports it (UTF-8 with BOM)
  help                             this text

Settings come from the environment, as for the api: EVENT_STORE, SQLITE_PATH, DATABASE_URL, DATABASE_SCHEMA.
Every command first catches the read models up with the event store, so no server needs to run. On the
embedded store, stop the api (and a worker running projections) during projections:rebuild.

Exit codes: 0 done, 1 verify found a broken chain, 2 usage error or unknown plan, 70 unexpected error,
78 bad configuration.`;

/** A mistake in what was typed: printed with a hint, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type CliCommand =
  | { name: 'help' }
  | { name: 'projections:rebuild'; projection?: string; maxBatch: number }
  | { name: 'audit:replay'; planId: string; asOf: Date; format: 'json' | 'text' }
  | { name: 'audit:verify'; planId: string }
  | { name: 'audit:export'; planId: string; format: 'csv' | 'json'; out?: string };

export const AS_OF_MESSAGE =
  '--as-of must be a date like 2026-03-01 or a timestamp like 2026-03-01T18:00:00Z';

/** The api's rule: a day (its end in the plans' time zone, endOfPlanDay), or an instant with a zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function parseInstant(value: string): Date {
  const day = value.slice(0, 10);
  if (!isDay(day)) throw new UsageError(AS_OF_MESSAGE);
  if (value.length === 10) return endOfPlanDay(day);
  const at = INSTANT.test(value) ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime())) throw new UsageError(AS_OF_MESSAGE);
  return at;
}

const OPTIONS = {
  plan: { type: 'string' },
  'as-of': { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'max-batch': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTIONS;

const ALLOWED: Record<Exclude<CliCommand['name'], 'help'>, { options: OptionName[]; positionals: number }> = {
  'projections:rebuild': { options: ['max-batch'], positionals: 1 },
  'audit:replay': { options: ['plan', 'as-of', 'format'], positionals: 0 },
  'audit:verify': { options: ['plan'], positionals: 0 },
  'audit:export': { options: ['plan', 'format', 'out'], positionals: 0 },
};

export function parseCommand(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), true);
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help || name === undefined || name === 'help') return { name: 'help' };
  if (!(name in ALLOWED)) throw new UsageError(`unknown command "${name}"`, true);
  const command = name as keyof typeof ALLOWED;
  const allowed = ALLOWED[command];
  for (const option of Object.keys(values) as OptionName[]) {
    if (option !== 'help' && !allowed.options.includes(option))
      throw new UsageError(`${command} takes no option --${option}`, true);
  }
  if (rest.length > allowed.positionals)
    throw new UsageError(`${command}: unexpected argument "${rest[allowed.positionals]}"`, true);

  const required = (option: 'plan' | 'as-of' | 'format'): string => {
    const value = values[option];
    if (value === undefined || value === '') throw new UsageError(`${command} needs --${option}`, true);
    return value;
  };
  const oneOf = <T extends string>(option: 'format', value: string, choices: readonly T[]): T => {
    if (!choices.includes(value as T))
      throw new UsageError(`--${option} must be ${choices.join(' or ')}, not "${value}"`);
    return value as T;
  };

  switch (command) {
    case 'projections:rebuild': {
      const text = values['max-batch'] ?? '5000';
      const maxBatch = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN;
      if (!(maxBatch >= 1 && maxBatch <= 100_000))
        throw new UsageError('--max-batch must be a whole number from 1 to 100000');
      return { name: command, projection: rest[0], maxBatch };
    }
    case 'audit:replay':
      return {
        name: command,
        planId: required('plan'),
        asOf: parseInstant(required('as-of')),
        format: oneOf('format', values.format ?? 'json', ['json', 'text'] as const),
      };
    case 'audit:verify':
      return { name: command, planId: required('plan') };
    case 'audit:export':
      return {
        name: command,
        planId: required('plan'),
        format: oneOf('format', required('format'), ['csv', 'json'] as const),
        ...(values.out ? { out: values.out } : {}),
      };
  }
}
