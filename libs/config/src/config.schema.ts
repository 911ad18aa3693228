import { z } from 'zod';

const url = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Every variable the service reads, with its default. README.md lists the same table for people. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  EVENT_STORE: z.enum(['sqlite', 'postgres', 'esdb']).default('sqlite'),
  SQLITE_PATH: z.string().min(1).default('./data/ledger.db'),
  SQLITE_READ_PATH: z.string().min(1).optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,50}$/, 'a lowercase SQL identifier')
    .default('ledger'),
  // the schemes @eventstore/db-client 6 parses (kurrentdb:// needs the renamed @kurrent/kurrentdb-client)
  EVENTSTORE_URL: url(['esdb:', 'esdb+discover:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(3000),
  WORKER_PORT: int(0, 65535).default(3001),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: int(100, 120_000).default(10_000),
  ADMIN_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9._~+/=-]{24,200}$/, 'at least 24 characters of letters, digits or ._~+/=-')
    .optional(),
  RATE_LIMIT_PER_TOKEN: int(1, 1_000_000).default(1200),
  RATE_LIMIT_PER_ADDRESS: int(1, 1_000_000).default(3000),
  BODY_LIMIT_BYTES: int(1024, 50 * 1024 * 1024).default(256 * 1024),
  PROJECTIONS_IN: z.enum(['auto', 'api', 'worker', 'none']).default('auto'),
  PROJECTIONS_THREAD: z.enum(['on', 'off']).default('on'),
  REMINDERS: z.enum(['on', 'off']).default('on'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Masterplan Ledger <erinnerungen@masterplan-ledger.local>'),
  WEBHOOK_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  PUBLIC_URL: url(['http:', 'https:']).default('http://127.0.0.1:3000'),
  STALE_AFTER_DAYS: int(1, 365).default(30),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/, 'lowercase letters, digits, _ or -')
    .default('ledger'),
});

/** Rules between variables, checked on the raw values so that they are reported with every other problem. */
export function crossFieldProblems(
  env: Record<string, string | undefined>,
): Array<{ name: string; message: string }> {
  const store = env.EVENT_STORE ?? 'sqlite';
  const problems: Array<{ name: string; message: string }> = [];
  if ((store === 'postgres' || store === 'esdb') && !env.DATABASE_URL) {
    problems.push({
      name: 'DATABASE_URL',
      message: `is required when EVENT_STORE=${store} (read models live in PostgreSQL)`,
    });
  }
  if (store === 'esdb' && !env.EVENTSTORE_URL) {
    problems.push({ name: 'EVENTSTORE_URL', message: 'is required when EVENT_STORE=esdb' });
  }
  return problems;
}

export type RawConfig = z.infer<typeof configSchema>;
