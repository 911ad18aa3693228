/**
 * Seeds the running api through its own command routes, as a client would: a municipality, a coordinator
 * and a contributor, one plan with one goal and `measures` started measures for the load to spread over.
 */

export interface Seeded {
  municipalityId: string;
  planId: string;
  goalId: string;
  measureIds: string[];
  coordinatorToken: string;
  contributorToken: string;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function post<T>(
  base: string,
  token: string,
  path: string,
  body: unknown,
  expected: number,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`seed: POST ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Runs `work` for 0..count-1 with at most `concurrency` at once. */
async function pool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

export async function seedApi(base: string, adminToken: string, measures: number): Promise<Seeded> {
  const slug = `bench-${Date.now().toString(36)}`;
  const { id: municipalityId } = await post<{ id: string }>(
    base,
    adminToken,
    '/api/municipalities',
    { name: `Benchmarkstadt ${slug}`, slug },
    201,
  );
  const member = (role: string) =>
    post<{ token: string }>(
      base,
      adminToken,
      `/api/municipalities/${municipalityId}/members`,
      { displayName: `bench ${role}`, role },
      201,
    );
  const coordinatorToken = (await member('coordinator')).token;
  const contributorToken = (await member('contributor')).token;

  const { id: planId } = await post<{ id: string }>(
    base,
    coordinatorToken,
    `/api/municipalities/${municipalityId}/plans`,
    {
      title: 'Masterplan Integration (Benchmark)',
      vision: 'Gemeinsam gut leben',
      horizonStart: day(-100),
      horizonEnd: day(900),
    },
    201,
  );
  const { id: goalId } = await post<{ id: string }>(
    base,
    coordinatorToken,
    `/api/plans/${planId}/goals`,
    { themeField: 'housing', title: 'Wohnungen für Geflüchtete' },
    201,
  );

  const measureIds: string[] = new Array<string>(measures);
  await pool(measures, 8, async (i) => {
    const { id } = await post<{ id: string }>(
      base,
      coordinatorToken,
      `/api/plans/${planId}/measures`,
      {
        title: `Maßnahme ${i + 1}`,
        goalIds: [goalId],
        responsible: { office: 'Integrationsbüro' },
        startDate: day(-50),
        dueDate: day(100),
      },
      201,
    );
    await post(base, contributorToken, `/api/measures/${id}/start`, {}, 200);
    measureIds[i] = id;
  });
  return { municipalityId, planId, goalId, measureIds, coordinatorToken, contributorToken };
}
