import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/api-app.js';
import { headPosition, seedPlanWorld, streamEvents, today } from '../support/plan-world.js';

/** Each error status with its problem code, and bad input that changes nothing. */
describe('command errors answer problem+json and store nothing', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof seedPlanWorld>>;
  const server = () => t.app.getHttpServer();
  const progress = (body: unknown) =>
    request(server())
      .post(`/api/measures/${w.measureId}/progress`)
      .set(w.as('contributor'))
      .send(body as object);

  beforeAll(async () => {
    t = await startTestApp();
    w = await seedPlanWorld(t, 'fehler');
  });
  afterAll(async () => t.close());

  async function expectNothingStored(send: () => Promise<request.Response>, status: number, code: string) {
    const before = await headPosition(t);
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: expect.stringContaining(code),
      title: expect.any(String),
      status,
    });
    expect(await headPosition(t)).toBe(before);
    return res;
  }

  it.each([
    ['an extra field', { percent: 10, note: 'x', extra: true }],
    ['a wrong type', { percent: '10', note: 'x' }],
    ['a fraction', { percent: 10.5, note: 'x' }],
    ['a number out of range', { percent: 101, note: 'x' }],
    ['a missing field', { percent: 10 }],
    ['a huge string', { percent: 10, note: 'x'.repeat(100_000) }],
    ['nested garbage', { percent: 10, note: { $gt: '' } }],
    ['an array body', [1, 2, 3]],
    ['a control character', { percent: 10, note: 'a\u0000b' }],
  ])('400 for %s', async (_label, body) => {
    await expectNothingStored(() => progress(body), 400, 'validation_failed');
  });

  it('400 for __proto__ and for malformed JSON', async () => {
    const send = (raw: string) =>
      request(server())
        .post(`/api/measures/${w.measureId}/progress`)
        .set(w.as('contributor'))
        .set('Content-Type', 'application/json')
        .send(raw);
    await expectNothingStored(
      () => send('{"percent":10,"note":"x","__proto__":{"isAdmin":true}}'),
      400,
      'malformed_body',
    );
    await expectNothingStored(() => send('{"percent":10,'), 400, 'malformed_body');
  });

  it('400 with field errors for a nested body', async () => {
    const res = await expectNothingStored(
      () =>
        request(server())
          .post(`/api/meetings/${w.meetingId}/held`)
          .set(w.as('contributor'))
          .send({
            heldOn: '2026-02-30',
            attendance: { affected: -1, involved: 1, responsible: 1, names: ['x'] },
            outcomes: 'x',
            concerns: [],
          }),
      400,
      'validation_failed',
    );
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['heldOn', 'attendance.affected', 'outcomes']));
  });

  it('401 without a token, 404 for an unknown measure', async () => {
    await expectNothingStored(
      () => request(server()).post(`/api/measures/${w.measureId}/progress`).send({ percent: 1, note: 'x' }),
      401,
      'unauthorized',
    );
    await expectNothingStored(
      () =>
        request(server())
          .post('/api/measures/00000000-0000-4000-8000-00000000abcd/progress')
          .set(w.as('contributor'))
          .send({ percent: 1, note: 'x' }),
      404,
      'not_found',
    );
    await expectNothingStored(
      () =>
        request(server())
          .post('/api/measures/not-a-uuid/progress')
          .set(w.as('contributor'))
          .send({ percent: 1, note: 'x' }),
      404,
      'not_found',
    );
  });

  it('409 with the domain’s code for a rule broken by the current state', async () => {
    const fresh = await w.post('coordinator', `/api/plans/${w.planId}/measures`, {
      title: 'Noch nicht gestartet',
      goalIds: [w.goalId],
      responsible: { office: 'Amt' },
      startDate: today(),
      dueDate: today(10),
    });
    await expectNothingStored(
      () =>
        request(server())
          .post(`/api/measures/${fresh.id}/progress`)
          .set(w.as('contributor'))
          .send({ percent: 5, note: 'x' }),
      409,
      'measure_not_started',
    );
  });

  it('412 for a stale If-Match; the current one is accepted and answered with the next ETag', async () => {
    const ok = await progress({ percent: 20, note: 'erste Meldung' }).expect(200);
    const etag = ok.headers.etag as string;
    const next = await request(server())
      .post(`/api/measures/${w.measureId}/progress`)
      .set(w.as('contributor'))
      .set('If-Match', etag)
      .send({ percent: 30, note: 'mit If-Match' })
      .expect(200);
    expect(next.headers.etag).toBe(`"${Number(JSON.parse(etag)) + 1}"`);
    await expectNothingStored(
      () =>
        request(server())
          .post(`/api/measures/${w.measureId}/progress`)
          .set(w.as('contributor'))
          .set('If-Match', etag)
          .send({ percent: 40, note: 'veraltet' }),
      412,
      'precondition_failed',
    );
  });

  it('413 for a body over the limit and 415 for a body that is not JSON', async () => {
    await expectNothingStored(
      () => progress({ percent: 1, note: 'x', padding: 'y'.repeat(300_000) }),
      413,
      'payload_too_large',
    );
    await expectNothingStored(
      () =>
        request(server())
          .post(`/api/measures/${w.measureId}/progress`)
          .set(w.as('contributor'))
          .set('Content-Type', 'text/plain')
          .send('percent=1'),
      415,
      'unsupported_media_type',
    );
  });

  it('Idempotency-Key: a repeat answers the first answer and stores no second event; another body answers 422', async () => {
    const send = (body: object) =>
      request(server())
        .post(`/api/measures/${w.measureId}/progress`)
        .set(w.as('contributor'))
        .set('Idempotency-Key', 'report-7')
        .send(body);
    const first = await send({ percent: 70, note: 'siebzig' }).expect(200);
    const countAfterFirst = (await streamEvents(t, `measure-${w.measureId}`)).length;
    const again = await send({ percent: 70, note: 'siebzig' }).expect(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect((await streamEvents(t, `measure-${w.measureId}`)).length).toBe(countAfterFirst);
    await expectNothingStored(() => send({ percent: 71, note: 'anders' }), 422, 'idempotency_key_reused');
  });

  it('50 concurrent progress reports on one measure: each lands once or answers 409/412, none lost or doubled', async () => {
    const before = (await streamEvents(t, `measure-${w.measureId}`)).filter(
      (e) => e.type === 'ProgressReported',
    ).length;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => progress({ percent: i % 101, note: `gleichzeitig ${i}` })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 200 || s === 409 || s === 412)).toBe(true);
    const reports = (await streamEvents(t, `measure-${w.measureId}`))
      .filter((e) => e.type === 'ProgressReported')
      .slice(before);
    const notes = reports.map((e) => (e.data as { note: string }).note);
    const accepted = answers.flatMap((a, i) => (a.status === 200 ? [`gleichzeitig ${i}`] : []));
    expect(new Set(notes).size).toBe(notes.length);
    expect(notes.sort()).toEqual(accepted.sort());
    const revisions = new Set(answers.filter((a) => a.status === 200).map((a) => a.body.revision));
    expect(revisions.size).toBe(accepted.length);
  });
});

describe('rate limits', () => {
  it('429 with Retry-After once a token used its budget; probes are never limited', async () => {
    const t = await startTestApp({ RATE_LIMIT_PER_TOKEN: '5' });
    try {
      const me = () =>
        request(t.app.getHttpServer()).get('/api/me').set('Authorization', `Bearer ${TEST_ADMIN_TOKEN}`);
      for (let i = 0; i < 5; i++) await me().expect(200);
      const res = await me();
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      for (let i = 0; i < 10; i++) await request(t.app.getHttpServer()).get('/health/live').expect(200);
    } finally {
      await t.close();
    }
  });
});
