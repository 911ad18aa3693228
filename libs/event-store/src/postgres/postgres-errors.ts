import { EventStoreError, EventStoreUnavailableError, InvalidEventError } from '../errors.js';

/** Connection failures and a server shutting down or starting up: the store is unavailable, not broken. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

/**
 * The port's errors for what node-postgres throws: a payload PostgreSQL cannot store (bad UTF-8, a NUL in
 * JSON) is the caller's InvalidEventError, a lost or refused connection EventStoreUnavailableError; anything
 * else passes unchanged.
 */
export function translatePostgresError(error: unknown): unknown {
  if (error instanceof EventStoreError) return error;
  const code = (error as { code?: string }).code;
  if (code === '22P05' || code === '22P02')
    return new InvalidEventError(`event cannot be stored: ${String(error)}`);
  const message = error instanceof Error ? error.message : String(error);
  if ((code && UNAVAILABLE_CODES.has(code)) || /timeout|terminat|connect/i.test(message)) {
    return new EventStoreUnavailableError(`PostgreSQL is not reachable: ${message}`, { cause: error });
  }
  return error;
}
