export type DependencyState = 'up' | 'degraded' | 'down';

export interface DependencyHealth {
  status: DependencyState;
  [detail: string]: unknown;
}

/** One dependency the process needs; `required` ones make the process not ready when down. */
export interface HealthCheck {
  name: string;
  required: boolean;
  check(): Promise<DependencyHealth>;
}

/** Runs a check with a deadline so that a hanging dependency reads as down instead of hanging /health. */
export async function runCheck(check: HealthCheck, timeoutMs: number): Promise<DependencyHealth> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<DependencyHealth>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'down', error: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      check.check().catch((error: unknown) => ({
        status: 'down' as const,
        error: error instanceof Error ? error.message : String(error),
      })),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Modules add the checks of the dependencies they bring (event store, read models, Redis, projections). */
export class HealthRegistry {
  private readonly checks: HealthCheck[] = [];

  register(check: HealthCheck): void {
    if (!this.checks.some((c) => c.name === check.name)) this.checks.push(check);
  }

  all(): readonly HealthCheck[] {
    return this.checks;
  }
}
