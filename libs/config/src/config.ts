import type { EventStoreSettings } from '@app/event-store';
import { configSchema, crossFieldProblems, type RawConfig } from './config.schema.js';

export interface AppConfig {
  env: RawConfig['NODE_ENV'];
  eventStore: EventStoreSettings;
  /** Where read models live: the SQLite file embedded, else PostgreSQL. */
  readModels:
    { kind: 'sqlite'; sqlitePath: string } | { kind: 'postgres'; databaseUrl: string; schema: string };
  redisUrl: string;
  http: { host: string; port: number };
  worker: { port: number };
  logLevel: RawConfig['LOG_LEVEL'];
  shutdownTimeoutMs: number;
  /** Sets the admin token instead of generating one at first start. */
  adminToken?: string;
  /** Requests per minute, per bearer token and per client address. */
  rateLimit: { perToken: number; perAddress: number };
  bodyLimitBytes: number;
  /** Which process runs the projection runner: the api on the embedded store, the worker otherwise. */
  projectionsIn: 'api' | 'worker' | 'none';
  /**
   * Where the api runs the projections: on a worker thread of its own (so that commands keep the main thread
   * and the second core carries the read side) or, when off, on its main thread.
   */
  projectionsThread: boolean;
  reminders: {
    enabled: boolean;
    /** the reminder policy runs where the projections run; delivery in the worker, and in the api when embedded */
    deliverIn: ('api' | 'worker')[];
    smtpUrl?: string;
    mailFrom: string;
    webhookSecret?: string;
    publicUrl: string;
    staleAfterDays: number;
    /** BullMQ key prefix in Redis */
    queuePrefix: string;
  };
}

/** Thrown at start with one line per bad variable, naming it and what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // an empty variable means "not set", as in most shells' KEY= lines
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = configSchema.safeParse(present);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues).map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      return `${name}=${JSON.stringify(present[name] ?? '')}: ${issue.message}`;
    }),
    ...crossFieldProblems(present).map(
      (p) => `${p.name}=${JSON.stringify(present[p.name] ?? '')}: ${p.message}`,
    ),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  return toAppConfig(parsed.data);
}

function toAppConfig(raw: RawConfig): AppConfig {
  const schema = raw.DATABASE_SCHEMA;
  const eventStore: EventStoreSettings =
    raw.EVENT_STORE === 'sqlite'
      ? { kind: 'sqlite', sqlitePath: raw.SQLITE_PATH }
      : raw.EVENT_STORE === 'postgres'
        ? { kind: 'postgres', databaseUrl: raw.DATABASE_URL!, schema }
        : { kind: 'esdb', eventStoreUrl: raw.EVENTSTORE_URL! };
  return {
    env: raw.NODE_ENV,
    eventStore,
    readModels:
      raw.EVENT_STORE === 'sqlite'
        ? { kind: 'sqlite', sqlitePath: raw.SQLITE_READ_PATH ?? readModelsPathFor(raw.SQLITE_PATH) }
        : { kind: 'postgres', databaseUrl: raw.DATABASE_URL!, schema },
    redisUrl: raw.REDIS_URL,
    http: { host: raw.HOST, port: raw.PORT },
    worker: { port: raw.WORKER_PORT },
    logLevel: raw.LOG_LEVEL,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    adminToken: raw.ADMIN_TOKEN,
    rateLimit: { perToken: raw.RATE_LIMIT_PER_TOKEN, perAddress: raw.RATE_LIMIT_PER_ADDRESS },
    bodyLimitBytes: raw.BODY_LIMIT_BYTES,
    projectionsIn:
      raw.PROJECTIONS_IN === 'auto' ? (raw.EVENT_STORE === 'sqlite' ? 'api' : 'worker') : raw.PROJECTIONS_IN,
    projectionsThread: raw.PROJECTIONS_THREAD === 'on',
    reminders: {
      enabled: raw.REMINDERS === 'on',
      deliverIn: raw.EVENT_STORE === 'sqlite' ? ['api', 'worker'] : ['worker'],
      smtpUrl: raw.SMTP_URL,
      mailFrom: raw.MAIL_FROM,
      webhookSecret: raw.WEBHOOK_SECRET,
      publicUrl: raw.PUBLIC_URL,
      staleAfterDays: raw.STALE_AFTER_DAYS,
      queuePrefix: raw.QUEUE_PREFIX,
    },
  };
}

/**
 * The embedded read models (with the tenancy tables) live next to the events in a file of their own, so that
 * writes on one side never wait for the other's lock: `data/ledger.db` → `data/ledger-read.db`.
 */
export function readModelsPathFor(eventsPath: string): string {
  if (eventsPath === ':memory:') return eventsPath;
  return eventsPath.endsWith('.db') ? `${eventsPath.slice(0, -3)}-read.db` : `${eventsPath}-read.db`;
}

/** The one place in the code base that reads process.env. */
export function loadConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return parseConfig({ ...process.env, ...overrides });
}
