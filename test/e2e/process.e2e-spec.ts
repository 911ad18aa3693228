import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../support/postgres.js';
import { API_MAIN, buildApp, startProcess, WORKER_MAIN } from '../support/processes.js';

/** The built processes as an operator runs them: configuration errors, health, graceful SIGTERM. */
describe('api and worker processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-process-'));
  beforeAll(() => {
    buildApp('api');
    buildApp('worker');
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start on a bad variable and names it', () => {
    const result = spawnSync(process.execPath, [API_MAIN], {
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty', EVENT_STORE: 'postgres' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(78);
    expect(result.stderr).toContain('PORT="eighty"');
    expect(result.stderr).toContain('DATABASE_URL');
  });

  it('npm run demo fills a living plan through the command API of a running server', async () => {
    const adminToken = 'process-test-admin-token-0123456789';
    const running = await startProcess(API_MAIN, {
      SQLITE_PATH: join(dir, 'demo.db'),
      ADMIN_TOKEN: adminToken,
    });
    try {
      const demo = spawnSync(
        'npx',
        ['tsx', 'apps/cli/src/demo.ts', '--url', running.url, '--admin-token', adminToken],
        {
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '' },
        },
      );
      expect({ status: demo.status, stderr: demo.stderr.replace(/^npm warn.*\n/gm, '') }).toEqual({
        status: 0,
        stderr: '',
      });
      const planUrl = /plan:\s+(\S+)/.exec(demo.stdout)?.[1];
      const coordinator = /coordinator:\s+(mpl_\S+)/.exec(demo.stdout)?.[1];
      expect(planUrl).toBeDefined();
      const me = await fetch(`${running.url}/api/me`, {
        headers: { Authorization: `Bearer ${coordinator}` },
      });
      expect(me.status).toBe(200);
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
  }, 60_000);

  it.each([
    ['on the embedded store the api projects on its read-side thread', 'sqlite'],
    ['on PostgreSQL the worker runs the projections', 'postgres'],
  ])(
    '%s, and the api reads what was projected',
    async (_, store) => {
      const schema = freshSchemaName('proc');
      const adminToken = 'process-test-admin-token-0123456789';
      const env: Record<string, string> =
        store === 'postgres'
          ? { EVENT_STORE: 'postgres', DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA: schema }
          : { SQLITE_PATH: join(dir, 'read-side.db'), REMINDERS: 'off' };
      env.ADMIN_TOKEN = adminToken;
      const api = await startProcess(API_MAIN, env);
      const worker = store === 'postgres' ? await startProcess(WORKER_MAIN, env) : undefined;
      try {
        const created = await fetch(`${api.url}/api/municipalities`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'Lese-Stadt', slug: 'lese-stadt' }),
        });
        const { id } = (await created.json()) as { id: string };
        const member = await fetch(`${api.url}/api/municipalities/${id}/members`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ displayName: 'Koordination', role: 'coordinator' }),
        });
        const { token } = (await member.json()) as { token: string };
        const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
        const plan = await fetch(`${api.url}/api/municipalities/${id}/plans`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            title: 'Plan',
            vision: 'Vision',
            horizonStart: '2026-01-01',
            horizonEnd: '2030-12-31',
          }),
        });
        const drafted = (await plan.json()) as { id: string; position: number };
        const dashboard = await fetch(
          `${api.url}/api/plans/${drafted.id}/dashboard?minPosition=${drafted.position}`,
          { headers: auth },
        );
        expect(dashboard.headers.get('read-model-caught-up')).toBe('true');
        expect(await dashboard.json()).toMatchObject({ planId: drafted.id, status: 'draft', progress: 0 });
        const health = (await (await fetch(`${(worker ?? api).url}/health`)).json()) as {
          dependencies: Record<string, unknown>;
        };
        // the api reports the lag from the checkpoints, also where another thread or process projects
        const metrics = await (await fetch(`${api.url}/metrics`)).text();
        const lags = [...metrics.matchAll(/^projection_lag_events\{[^}]*\} (\d+)$/gm)].map((m) => m[1]);
        expect(lags.length).toBeGreaterThan(0);
        expect(new Set(lags)).toEqual(new Set(['0']));
        expect(health.dependencies.projections).toMatchObject(
          store === 'postgres'
            ? { status: 'up' }
            : { status: 'up', thread: 'running', position: String(drafted.position), behind: 0 },
        );
      } finally {
        api.child.kill('SIGTERM');
        worker?.child.kill('SIGTERM');
        expect(await api.exited).toBe(0);
        await worker?.exited;
        if (store === 'postgres') await dropSchema(schema);
      }
    },
    60_000,
  );

  it.each([
    ['api', API_MAIN],
    ['worker', WORKER_MAIN],
  ])('%s answers /health, logs JSON and stops cleanly on SIGTERM', async (name, main) => {
    const running = await startProcess(main, { SQLITE_PATH: join(dir, `${name}.db`) });
    // a readiness probe asks again: Redis may still be connecting right after the listening line
    let body: unknown;
    for (let i = 0; i < 50; i++) {
      const health = await fetch(`${running.url}/health`, { headers: { 'X-Correlation-Id': 'probe-1' } });
      expect(health.status).toBe(200);
      body = await health.json();
      if ((body as { status: string }).status === 'up') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(body).toMatchObject({ status: 'up' });
    if (name === 'api') {
      const docs = await fetch(`${running.url}/api/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger');
    }
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    const lines = running
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['shutting down', 'shutdown complete']));
  });
});
