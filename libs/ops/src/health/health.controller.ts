import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthRegistry, runCheck, type DependencyHealth } from './health-check.js';

/**
 * /health/live: the process runs. /health/ready and /health: every dependency with its state; 503 when a
 * required one is down, so a load balancer stops sending traffic while it answers why.
 */
@Controller('health')
export class HealthController {
  private readonly startedAt = new Date();

  constructor(@Inject(HealthRegistry) private readonly registry: HealthRegistry) {}

  @Get('live')
  live() {
    return { status: 'up', startedAt: this.startedAt.toISOString() };
  }

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.ready(reply);
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const results = await Promise.all(
      this.registry.all().map(async (c) => [c, await runCheck(c, 2_000)] as const),
    );
    const dependencies: Record<string, DependencyHealth> = {};
    for (const [check, result] of results) dependencies[check.name] = { ...result, required: check.required };
    const requiredDown = results.some(([check, result]) => check.required && result.status === 'down');
    const anyNotUp = results.some(([, result]) => result.status !== 'up');
    const status = requiredDown ? 'down' : anyNotUp ? 'degraded' : 'up';
    reply.status(requiredDown ? 503 : 200);
    return {
      status,
      uptimeSeconds: Math.round((Date.now() - this.startedAt.getTime()) / 1000),
      dependencies,
    };
  }
}
