import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import request from 'supertest';
import { PostgresEventStore, SqliteEventStore, type EventToAppend } from '@app/event-store';
import { computeDashboard, type PlanView } from '@app/read-models';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { seedPlanWorld } from '../support/plan-world.js';
import { dropSchema, freshSchemaName, testDatabaseUrl } from '../support/postgres.js';

interface CliRun {
  code: number | null;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
}

/** Longer than any command needs: past it the CLI hangs, which is a failure. */
const CLI_TIMEOUT_MS = 45_000;

// as `npm run cli` does (package.json): the CLI bundled into .cache/cli.mjs, then run by plain node
beforeAll(() => {
  execFileSync(process.execPath, ['apps/cli/bundle.mjs'], { stdio: 'inherit' });
});

/** `npm run cli -- …` as a child process with only the given environment (plus PATH). */
function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawn(process.execPath, ['--heap-growing-percent=30', '.cache/cli.mjs', ...args], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} did not exit within ${CLI_TIMEOUT_MS} ms (open handles?)`));
    }, CLI_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({
        code,
        stdout: stdoutBytes.toString('utf8'),
        stdoutBytes,
        stderr: Buffer.concat(err).toString(),
      });
    });
  });
}

/** Keeps a response body as raw bytes, so that the CSV's BOM can be compared byte for byte. */
const binary: Parameters<request.Test['parse']>[0] = (res, done) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('npm run cli on the embedded store, after the api has stopped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  const sqlitePath = join(dir, 'ledger.db');
  const readPath = join(dir, 'ledger-read.db');
  const env = { SQLITE_PATH: sqlitePath };
  const dashboardAt = new Date(Date.now() + 3_600_000).toISOString();
  let t: TestApp;
  let a: Awaited<ReturnType<typeof seedPlanWorld>>;
  let b: Awaited<ReturnType<typeof seedPlanWorld>>;
  let midway: string;
  const fromApi = {} as {
    stateMidway: Record<string, unknown>;
    csv: Buffer;
    json: { events: unknown[] };
    dashboard: Record<string, unknown>;
    verify: { ok: boolean; checkedEvents: number };
  };

  beforeAll(async () => {
    t = await startTestApp({ SQLITE_PATH: sqlitePath });
    a = await seedPlanWorld(t, 'cli-a');
    b = await seedPlanWorld(t, 'cli-b');
    await a.post(
      'contributor',
      `/api/measures/${a.measureId}/progress`,
      { percent: 20, note: 'Anfang' },
      200,
    );
    await sleep(20);
    midway = new Date().toISOString();
    await sleep(20);
    await a.post(
      'contributor',
      `/api/measures/${a.measureId}/progress`,
      { percent: 60, note: 'Größer' },
      200,
    );
    const last = await a.post('coordinator', `/api/plans/${a.planId}/goals/${a.goalId}/measurements`, {
      value: 30,
      measuredOn: new Date().toISOString().slice(0, 10),
      source: 'Wohnungsamt',
    });
    const server = t.app.getHttpServer();
    const get = (path: string) =>
      request(server)
        .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last.position}`)
        .set(a.as('auditor'));
    fromApi.stateMidway = (await get(`/api/plans/${a.planId}?asOf=${midway}`).expect(200)).body;
    fromApi.csv = (
      await get(`/api/plans/${a.planId}/history?format=csv`).buffer(true).parse(binary).expect(200)
    ).body as Buffer;
    fromApi.json = (await get(`/api/plans/${a.planId}/history?format=json`).expect(200)).body;
    fromApi.dashboard = (await get(`/api/plans/${a.planId}/dashboard?asOf=${dashboardAt}`).expect(200)).body;
    fromApi.verify = (await get(`/api/plans/${a.planId}/verify`).expect(200)).body;
    await t.close();

    // written while no server runs: only a catch-up by the CLI can show it
    const store = new SqliteEventStore({ path: sqlitePath });
    const [planned] = await readStream(store, `measure-${b.measureId}`);
    await store.append(
      `measure-${b.measureId}`,
      [
        {
          type: 'ProgressReported',
          data: { ...refOf(planned!.data), percent: 75, note: 'offline', reportedOn: '2026-03-01' },
          metadata: {
            municipalityId: b.municipalityId,
            actorId: b.memberIds.contributor,
            actorRole: 'contributor',
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    await store.close();
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('catches the read models up with the store before it reads', async () => {
    const run = await cli(['audit:replay', '--plan', b.planId, '--as-of', dashboardAt], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('read models caught up: 1 event(s) projected');
    const state = JSON.parse(run.stdout);
    expect(state.measures.find((m: { measureId: string }) => m.measureId === b.measureId)).toMatchObject({
      percent: 75,
      lastNote: 'offline',
    });
  }, 60_000);

  it('audit:replay prints the state as of an instant, as the api does', async () => {
    const run = await cli(['audit:replay', '--plan', a.planId, '--as-of', midway], env);
    expect(run.code).toBe(0);
    const state = JSON.parse(run.stdout);
    expect(state).toEqual(fromApi.stateMidway);
    expect(state.measures[0]).toMatchObject({ percent: 20, progress: 20 });
    expect(state.goals[0].latestMeasurement).toBeUndefined();

    const text = await cli(['audit:replay', '--plan', a.planId, '--as-of', midway, '--format', 'text'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Masterplan Integration');
    expect(text.stdout).toContain(`as of ${new Date(midway).toISOString()}`);
    expect(text.stdout).toMatch(/\[started\] Wohnungsbörse: 20 %/);
    expect(text.stdout).toMatch(/Meetings \(1\)/);

    const before = await cli(['audit:replay', '--plan', a.planId, '--as-of', '2001-01-01'], env);
    expect(before.code).toBe(2);
    // a day ends at midnight in Berlin: 22:59:59.999 UTC in winter (UTC+1)
    expect(before.stderr).toContain(`plan ${a.planId} did not exist at 2001-01-01T22:59:59.999Z`);
  }, 60_000);

  it('audit:verify answers ok with the number of events, exit code 0', async () => {
    const run = await cli(['audit:verify', '--plan', a.planId], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      planId: a.planId,
      ok: true,
      checkedEvents: fromApi.verify.checkedEvents,
    });
    expect(JSON.parse(run.stdout).firstBrokenAt).toBeUndefined();
  }, 60_000);

  it('audit:export writes the same CSV bytes as the api (UTF-8 with BOM), and the same JSON events', async () => {
    const csv = await cli(['audit:export', '--plan', a.planId, '--format', 'csv'], env);
    expect(csv.code).toBe(0);
    expect(csv.stdoutBytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.stdoutBytes.equals(fromApi.csv)).toBe(true);
    expect(csv.stdout).toContain('Größer');

    const file = join(dir, 'audit.csv');
    const toFile = await cli(['audit:export', '--plan', a.planId, '--format', 'csv', '--out', file], env);
    expect(toFile.code).toBe(0);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(file).equals(fromApi.csv)).toBe(true);

    const json = await cli(['audit:export', '--plan', a.planId, '--format', 'json'], env);
    expect(json.code).toBe(0);
    const exported = JSON.parse(json.stdout);
    expect(exported.planId).toBe(a.planId);
    expect(exported.events).toEqual(fromApi.json.events);
    expect(exported.events.length).toBe(fromApi.verify.checkedEvents);
  }, 60_000);

  it('projections:rebuild restores damaged read models to the same rows and the same dashboard', async () => {
    // progress_points are left out: their days follow the batches (see test/projections/projection-batching)
    const readModels = () => {
      const db = new Database(readPath, { readonly: true });
      try {
        return {
          views: db.prepare('SELECT * FROM plan_views ORDER BY plan_id').all(),
          audit: db.prepare('SELECT * FROM audit_events ORDER BY position').all(),
          snapshots: db.prepare('SELECT * FROM plan_snapshots ORDER BY plan_id, position').all(),
        };
      } finally {
        db.close();
      }
    };
    const before = readModels();
    expect(before.audit.length).toBeGreaterThan(fromApi.verify.checkedEvents);
    const damage = new Database(readPath);
    damage.exec(`DELETE FROM plan_views; DELETE FROM audit_events WHERE position % 2 = 0;
                 UPDATE progress_points SET progress = -1`);
    damage.close();

    const run = await cli(['projections:rebuild'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rebuilt plan-views, audit-index: \d+ events in [\d.]+ s \(\d+ events\/s\)/);
    expect(readModels()).toEqual(before);
    const check = new Database(readPath, { readonly: true });
    const points = check
      .prepare<[], { total: number; damaged: number }>(
        'SELECT COUNT(*) AS total, SUM(progress < 0) AS damaged FROM progress_points',
      )
      .get()!;
    check.close();
    expect(points.total).toBeGreaterThan(0);
    expect(points.damaged).toBe(0);

    const [row] = (readModels().views as { plan_id: string; view: string }[]).filter(
      (v) => v.plan_id === a.planId,
    );
    const view = JSON.parse(row!.view) as PlanView;
    expect(computeDashboard(view, new Date(dashboardAt))).toEqual(fromApi.dashboard);

    const one = await cli(['projections:rebuild', 'audit-index', '--max-batch', '3'], env);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/rebuilt audit-index: \d+ events/);
    expect(readModels()).toEqual(before);
  }, 90_000);

  it('refuses an unknown projection, plan, date, option or command with exit code 2', async () => {
    const projection = await cli(['projections:rebuild', 'plan-view'], env);
    expect(projection.code).toBe(2);
    expect(projection.stderr).toContain(
      'unknown projection "plan-view"; the projections are: plan-views, audit-index',
    );

    const plan = randomUUID();
    const unknown = await cli(['audit:verify', '--plan', plan], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`unknown plan ${plan}`);
    expect(unknown.stdout).toBe('');

    const badDate = await cli(['audit:replay', '--plan', a.planId, '--as-of', '2026-13-01'], env);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain(
      '--as-of must be a date like 2026-03-01 or a timestamp like 2026-03-01T18:00:00Z',
    );
    const noZone = await cli(['audit:replay', '--plan', a.planId, '--as-of', '2026-03-01T18:00'], env);
    expect(noZone.code).toBe(2);

    const missing = await cli(['audit:export', '--plan', a.planId], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('audit:export needs --format');

    const command = await cli(['audit:erase', '--plan', a.planId], env);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "audit:erase"');
    expect(command.stderr).toContain('Usage: npm run cli -- <command>');

    const noStore = await cli(['audit:verify', '--plan', a.planId], { SQLITE_PATH: join(dir, 'missing.db') });
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toContain('no event store at SQLITE_PATH=');

    const badConfig = await cli(['audit:verify', '--plan', a.planId], { ...env, EVENT_STORE: 'mongo' });
    expect(badConfig.code).toBe(78);
    expect(badConfig.stderr).toContain('EVENT_STORE');
  }, 90_000);

  it('audit:verify exits 1 and names the event whose payload was changed behind the store', async () => {
    const stream = `measure-${b.measureId}`;
    const db = new Database(sqlitePath);
    const victim = db
      .prepare<[string], { id: string; position: number; type: string }>(
        'SELECT id, position, type FROM events WHERE stream_id = ? AND revision = 1',
      )
      .get(stream)!;
    db.prepare(`UPDATE events SET data = json_set(data, '$.startedOn', '1999-01-01') WHERE id = ?`).run(
      victim.id,
    );
    db.close();

    const run = await cli(['audit:verify', '--plan', b.planId], env);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      planId: b.planId,
      ok: false,
      firstBrokenAt: {
        reason: 'hash_mismatch',
        streamId: stream,
        revision: '1',
        position: String(victim.position),
        eventId: victim.id,
        type: victim.type,
      },
    });
    expect(run.stderr).toContain(`BROKEN: event ${victim.id} (MeasureStarted), stream ${stream}, revision 1`);

    // the other plan's chains are untouched
    expect((await cli(['audit:verify', '--plan', a.planId], env)).code).toBe(0);
  }, 60_000);
});

describe('npm run cli on PostgreSQL (EVENT_STORE, DATABASE_URL, DATABASE_SCHEMA)', () => {
  const schema = freshSchemaName('cli');
  const env = { EVENT_STORE: 'postgres', DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA: schema };
  const municipalityId = randomUUID();
  const planId = randomUUID();
  const measureId = randomUUID();
  const goalId = randomUUID();

  beforeAll(async () => {
    const store = await PostgresEventStore.open({ connectionString: testDatabaseUrl(), schema });
    const metadata = { municipalityId, actorId: randomUUID(), actorRole: 'coordinator' };
    const plan = { municipalityId, planId };
    const event = (type: string, data: object): EventToAppend => ({
      type,
      data: { ...plan, ...data },
      metadata,
    });
    await store.append(
      `plan-${planId}`,
      [
        event('PlanDrafted', {
          title: 'Plan auf Postgres',
          vision: 'v',
          horizonStart: '2026-01-01',
          horizonEnd: '2030-12-31',
        }),
        event('ThemeFieldAdded', { key: 'housing', name: 'Wohnen' }),
        event('GoalDefined', { goalId, themeField: 'housing', title: 'Wohnungen' }),
      ],
      { expectedRevision: 'no_stream' },
    );
    const measure = { measureId };
    await store.append(
      `measure-${measureId}`,
      [
        event('MeasurePlanned', {
          ...measure,
          title: 'Wohnungsbörse',
          goalIds: [goalId],
          responsible: { office: 'Wohnungsamt' },
          startDate: '2026-01-01',
          dueDate: '2027-01-01',
          weight: 1,
        }),
        event('MeasureStarted', { ...measure, startedOn: '2026-01-02' }),
        event('ProgressReported', { ...measure, percent: 35, note: 'n', reportedOn: '2026-02-01' }),
      ],
      { expectedRevision: 'no_stream' },
    );
    await store.close();
  }, 60_000);

  afterAll(async () => dropSchema(schema));

  it('projects, verifies, replays and exports without any server', async () => {
    const verify = await cli(['audit:verify', '--plan', planId], env);
    expect(verify.code).toBe(0);
    expect(verify.stderr).toContain('read models caught up: 6 event(s) projected');
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checkedEvents: 6, streams: 2 });

    const replay = await cli(
      ['audit:replay', '--plan', planId, '--as-of', '2999-01-01', '--format', 'text'],
      env,
    );
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain('Plan auf Postgres');
    expect(replay.stdout).toContain('progress 35 %');

    const csv = await cli(['audit:export', '--plan', planId, '--format', 'csv'], env);
    expect(csv.code).toBe(0);
    expect(csv.stdout.trimEnd().split('\r\n')).toHaveLength(7);

    const rebuild = await cli(['projections:rebuild'], env);
    expect(rebuild.code).toBe(0);
    expect(rebuild.stdout).toContain('rebuilt plan-views, audit-index: 6 events');
  }, 90_000);
});

async function readStream(store: SqliteEventStore, stream: string) {
  const events = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
}

function refOf(data: unknown) {
  const { municipalityId, planId, measureId } = data as Record<string, string>;
  return { municipalityId, planId, measureId };
}
