import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { seedPlanWorld, today } from '../support/plan-world.js';

/** The read side through the API, on the embedded store with the projection runner in the api process. */
describe.each(['sqlite', 'postgres'] as const)(
  'queries on %s: dashboards, state as of an instant, audit trail, verify',
  (store) => {
    let t: TestApp;
    let w: Awaited<ReturnType<typeof seedPlanWorld>>;
    const get = (path: string, role = 'coordinator') =>
      request(t.app.getHttpServer()).get(path).set(w.as(role));

    beforeAll(async () => {
      t = await startTestApp({}, store);
      w = await seedPlanWorld(t, 'abfragen');
    });
    afterAll(async () => t.close());

    it('reads its own writes with minPosition and shows the figures of api.md', async () => {
      const report = await w.post(
        'contributor',
        `/api/measures/${w.measureId}/progress`,
        { percent: 40, note: 'Vierzig Prozent' },
        200,
      );
      const res = await get(`/api/plans/${w.planId}/dashboard?minPosition=${report.position}`).expect(200);
      expect(res.headers['read-model-caught-up']).toBe('true');
      expect(res.body).toMatchObject({
        planId: w.planId,
        status: 'draft',
        position: report.position,
        progress: 40,
        goals: { total: 1, defined: 1, achieved: 0, dropped: 0 },
        measures: { total: 1, planned: 0, started: 1, blocked: 0, completed: 0, cancelled: 0, overdue: 0 },
        meetings: {
          scheduled: 1,
          held: 0,
          cancelled: 0,
          attendance: { affected: 0, involved: 0, responsible: 0, total: 0 },
        },
      });
      expect(res.body.themeFields.find((f: { key: string }) => f.key === 'housing')).toEqual({
        key: 'housing',
        name: 'Wohnen',
        progress: 40,
        goals: 1,
      });
    });

    it('rebuilds the state as of an earlier instant', async () => {
      const before = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      const done = await w.post(
        'contributor',
        `/api/measures/${w.measureId}/progress`,
        { percent: 90, note: 'Fast fertig' },
        200,
      );
      const now = await get(`/api/plans/${w.planId}?minPosition=${done.position}`).expect(200);
      expect(now.body.measures[0].progress).toBe(90);
      const then = await get(`/api/plans/${w.planId}?asOf=${encodeURIComponent(before)}`).expect(200);
      expect(then.body.measures[0].progress).toBe(40);
      const dashboardThen = await get(
        `/api/plans/${w.planId}/dashboard?asOf=${encodeURIComponent(before)}`,
      ).expect(200);
      expect(dashboardThen.body.progress).toBe(40);
      const changes = await get(
        `/api/plans/${w.planId}/changes?from=${encodeURIComponent(before)}`,
        'auditor',
      ).expect(200);
      expect(changes.body.progress).toEqual({ from: 40, to: 90, delta: 50 });
      expect(changes.body.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'measure', change: 'changed', fields: { percent: [40, 90] } }),
        ]),
      );
      await get(`/api/plans/${w.planId}?asOf=2000-01-01`).expect(404);
      await get(`/api/plans/${w.planId}?asOf=yesterday`).expect(400);
    });

    it('lists the plans and the municipality dashboard', async () => {
      const plans = await get(`/api/municipalities/${w.municipalityId}/plans`, 'viewer').expect(200);
      expect(plans.body).toEqual([
        expect.objectContaining({ planId: w.planId, status: 'draft', progress: 90 }),
      ]);
      const board = await get(`/api/municipalities/${w.municipalityId}/dashboard`, 'viewer').expect(200);
      expect(board.body.plans).toHaveLength(1);
    });

    it('pages the history with filters and exports CSV with umlauts and commas intact', async () => {
      await w.post(
        'contributor',
        `/api/measures/${w.measureId}/progress`,
        { percent: 95, note: 'Größte Hürde, "Wohnraum"; erledigt' },
        200,
      );
      const first = await get(`/api/plans/${w.planId}/history?limit=3`, 'auditor').expect(200);
      expect(first.body.items).toHaveLength(3);
      const second = await get(
        `/api/plans/${w.planId}/history?limit=3&cursor=${first.body.nextCursor}`,
        'auditor',
      ).expect(200);
      expect(second.body.items[0].position).toBeGreaterThan(first.body.items[2].position);
      const reports = await get(
        `/api/plans/${w.planId}/history?type=ProgressReported&minPosition=999999999`,
        'auditor',
      );
      expect(reports.headers['read-model-caught-up']).toBe('false');
      expect(reports.body.items.every((e: { type: string }) => e.type === 'ProgressReported')).toBe(true);
      expect(reports.body.items.map((e: { actorId: string }) => e.actorId)).toEqual(
        Array(reports.body.items.length).fill(w.memberIds.contributor),
      );
      await get(`/api/plans/${w.planId}/history`, 'viewer').expect(403);
      const csv = await get(`/api/plans/${w.planId}/history?format=csv&type=ProgressReported`, 'auditor')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      const bytes = csv.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8').slice(1);
      expect(text.split('\r\n')[0]).toBe(
        'position,recordedAt,type,actorId,actorRole,reason,streamId,revision,subjectId,correlationId,eventId,hash,data',
      );
      expect(text).toContain('Größte Hürde, \\""Wohnraum\\""; erledigt');
    });

    it('verifies the hash chains and names an event altered directly in the database', async () => {
      const ok = await get(`/api/plans/${w.planId}/verify`, 'auditor').expect(200);
      expect(ok.body).toMatchObject({ ok: true, checkedEvents: expect.any(Number) });
      expect(ok.body.checkedEvents).toBeGreaterThan(8);
      const set =
        store === 'sqlite' ? "json_set(data, '$.percent', 100)" : `jsonb_set(data, '{percent}', '100')`;
      await t.rawEventSql(`UPDATE events SET data = ${set} WHERE stream_id = $1 AND revision = 2`, [
        `measure-${w.measureId}`,
      ]);
      const broken = await get(`/api/plans/${w.planId}/verify`, 'auditor').expect(200);
      expect(broken.body).toMatchObject({
        ok: false,
        firstBrokenAt: { streamId: `measure-${w.measureId}`, revision: '2', reason: 'hash_mismatch' },
      });
    });

    it('opens an adopted plan’s dashboard to the public, and nothing else', async () => {
      await request(t.app.getHttpServer()).get(`/api/plans/${w.planId}/dashboard`).expect(404);
      const adopted = await w.post('coordinator', `/api/plans/${w.planId}/decisions`, {
        kind: 'adopt-plan',
        body: 'Gemeinderat',
        reference: 'GR-9',
        decidedOn: today(),
        subject: 'Beschluss',
      });
      const pub = await request(t.app.getHttpServer())
        .get(`/api/plans/${w.planId}/dashboard?minPosition=${adopted.position}`)
        .expect(200);
      expect(pub.body.status).toBe('adopted');
      await request(t.app.getHttpServer()).get(`/api/plans/${w.planId}`).expect(401);
      await request(t.app.getHttpServer()).get(`/api/plans/${w.planId}/history`).expect(401);
    });
  },
);
