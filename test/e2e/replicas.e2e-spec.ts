import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../support/postgres.js';
import { API_MAIN, buildApp, startProcess, WORKER_MAIN, type RunningProcess } from '../support/processes.js';

const ADMIN = 'replica-test-admin-token-0123456789';

/**
 * Two api processes and two workers on one PostgreSQL schema and one Redis: one api and one worker are killed
 * with SIGKILL in the middle of a load of commands. Every acknowledged command must be in the read models once.
 */
describe('replicas on PostgreSQL', () => {
  const schema = freshSchemaName('replicas');
  const env = {
    EVENT_STORE: 'postgres',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_SCHEMA: schema,
    ADMIN_TOKEN: ADMIN,
    QUEUE_PREFIX: `replicas-${randomUUID().slice(0, 8)}`,
    RATE_LIMIT_PER_TOKEN: '1000000',
    RATE_LIMIT_PER_ADDRESS: '1000000',
  };
  const processes: RunningProcess[] = [];

  beforeAll(() => {
    buildApp('api');
    buildApp('worker');
  });
  afterAll(async () => {
    for (const p of processes)
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await dropSchema(schema);
  });

  it('keeps every acknowledged command exactly once when an api and a worker die under load', async () => {
    const start = async (main: string) => {
      const p = await startProcess(main, env, 30_000);
      processes.push(p);
      return p;
    };
    const api1 = await start(API_MAIN);
    const api2 = await start(API_MAIN);
    const worker1 = await start(WORKER_MAIN);
    const worker2 = await start(WORKER_MAIN);

    const call = async (base: string, token: string, path: string, body: object) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as { id?: string; token?: string; position?: number },
      };
    };
    const municipality = await call(api1.url, ADMIN, '/api/municipalities', {
      name: 'Replikastadt',
      slug: 'replikastadt',
    });
    const member = await call(api1.url, ADMIN, `/api/municipalities/${municipality.body.id}/members`, {
      displayName: 'Koordination',
      role: 'coordinator',
    });
    const token = member.body.token!;
    const plan = await call(api2.url, token, `/api/municipalities/${municipality.body.id}/plans`, {
      title: 'Plan',
      vision: 'Vision',
      horizonStart: '2026-01-01',
      horizonEnd: '2030-12-31',
    });
    const planId = plan.body.id!;
    const goal = await call(api1.url, token, `/api/plans/${planId}/goals`, {
      themeField: 'housing',
      title: 'Wohnen',
    });
    const measures: string[] = [];
    for (let i = 0; i < 8; i++) {
      const m = await call(api1.url, token, `/api/plans/${planId}/measures`, {
        title: `Maßnahme ${i}`,
        goalIds: [goal.body.id],
        responsible: { office: 'Amt' },
        startDate: '2026-01-01',
        dueDate: '2030-01-01',
      });
      await call(api2.url, token, `/api/measures/${m.body.id}/start`, {});
      measures.push(m.body.id!);
    }

    const acknowledged: { note: string; position: number }[] = [];
    let api1Alive = true;
    const client = async (c: number) => {
      for (let i = 0; i < 60; i++) {
        const note = `Bericht ${c}-${i}`;
        const base = api1Alive && i % 2 === 0 ? api1.url : api2.url;
        try {
          const res = await call(
            base,
            token,
            `/api/measures/${measures[(c + i) % measures.length]}/progress`,
            { percent: i % 101, note },
          );
          if (res.status === 200) acknowledged.push({ note, position: res.body.position! });
          else expect([409]).toContain(res.status);
        } catch {
          // the api died with this request in flight: not acknowledged, so the client may not count on it
        }
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, c) => client(c)));
    await new Promise((r) => setTimeout(r, 400));
    api1Alive = false;
    api1.child.kill('SIGKILL');
    worker1.child.kill('SIGKILL');
    await load;
    expect(acknowledged.length).toBeGreaterThan(100);

    const last = Math.max(...acknowledged.map((a) => a.position));
    const history: { data: { note?: string }; type: string }[] = [];
    let cursor: string | null = null;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const url = `${api2.url}/api/plans/${planId}/history?type=ProgressReported&limit=1000&minPosition=${last}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      const caughtUp = res.headers.get('read-model-caught-up');
      const page = (await res.json()) as { items: typeof history; nextCursor: string | null };
      if (caughtUp === 'false' && Date.now() < deadline) continue; // the surviving worker is taking over the lease
      history.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    const counts = new Map<string, number>();
    for (const e of history) counts.set(e.data.note!, (counts.get(e.data.note!) ?? 0) + 1);
    for (const { note } of acknowledged) expect([note, counts.get(note)]).toEqual([note, 1]);
    const health = (await (await fetch(`${worker2.url}/health`)).json()) as {
      dependencies: { projections: { leader: boolean } };
    };
    expect(health.dependencies.projections.leader).toBe(true);
  }, 180_000);
});
