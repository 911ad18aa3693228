import { createHash } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { APP_CONFIG } from '@app/ops';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ProblemException } from './problem.js';

/**
 * Two budgets per minute: one per bearer token (a busy office, a script) and one per client address (which
 * also covers callers without a token, or with many made-up ones). Probes are never limited. Counters are
 * kept per process (rate-limiter-flexible also offers a Redis store for replicas).
 *
 * Why not @nestjs/throttler: its 6.x line is CommonJS and requires the ESM-only NestJS 12, which Jest on
 * Node 20 cannot load.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly perToken: RateLimiterMemory;
  private readonly perAddress: RateLimiterMemory;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.perToken = new RateLimiterMemory({
      keyPrefix: 'token',
      points: config.rateLimit.perToken,
      duration: 60,
    });
    this.perAddress = new RateLimiterMemory({
      keyPrefix: 'address',
      points: config.rateLimit.perAddress,
      duration: 60,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.url === '/metrics' || request.url.startsWith('/health')) return true;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const authorization = request.headers.authorization;
    try {
      await this.perAddress.consume(request.ip);
      if (authorization)
        await this.perToken.consume(createHash('sha256').update(authorization).digest('hex'));
      return true;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      void reply.header('Retry-After', String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
      throw new ProblemException(429, 'rate_limited', 'too many requests; slow down and retry later');
    }
  }
}
