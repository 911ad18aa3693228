import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

export function createRootLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    // tokens and cookies must never reach a log line
    redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
  });
}

/**
 * Nest's own messages (start-up, routes, lifecycle) go through the same JSON logger as requests. A call may
 * also be pino-style: `logger.warn({ err, reason }, 'text')` logs the object's fields and the text.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    params: unknown[],
  ): void {
    // Nest appends the logger's context as the last string parameter
    const strings = params.filter((p): p is string => typeof p === 'string');
    const context = strings.length > 0 ? strings[strings.length - 1] : undefined;
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const text = strings.length > 1 ? strings[0] : undefined;
      this.logger[level]({ context, ...(message as object) }, text ?? '');
      return;
    }
    const trace = level === 'error' && strings.length > 1 ? strings[0] : undefined;
    this.logger[level](
      { context, ...(trace ? { trace } : {}) },
      message instanceof Error ? message.message : String(message),
    );
  }
}
