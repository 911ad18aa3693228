import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, type TestApp } from '../support/api-app.js';
import { bearer, seedMunicipality } from '../support/http.js';
import { streamEvents, today } from '../support/plan-world.js';

/** A coordinator's year, through the API: draft, goals, measures, meetings, adoption, conclusion. */
describe.each(['sqlite', 'postgres'] as const)('a plan’s whole life on %s', (store) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, store);
  });
  afterAll(async () => t.close());

  it('goes from draft to adoption to conclusion, and then refuses every command', async () => {
    const server = t.app.getHttpServer();
    const tenant = await seedMunicipality(t, 'lifecycle');
    const coordinator = bearer(tenant.tokens.coordinator!);
    const contributor = bearer(tenant.tokens.contributor!);
    const post = (auth: Record<string, string>, path: string, body: object = {}) =>
      request(server).post(path).set(auth).send(body);

    const drafted = await post(coordinator, `/api/municipalities/${tenant.municipalityId}/plans`, {
      title: 'Masterplan Integration 2026',
      vision: 'Eine Stadt, in der alle gut ankommen',
      horizonStart: today(-30),
      horizonEnd: today(1000),
      reason: 'Auftrag des Gemeinderats',
    }).set('X-Correlation-Id', 'draft-1');
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({ id: expect.any(String), revision: 5, position: expect.any(Number) });
    expect(drafted.headers.etag).toBe('"5"');
    const planId = drafted.body.id as string;

    const events = await streamEvents(t, `plan-${planId}`);
    expect(events.map((e) => e.type)).toEqual(['PlanDrafted', ...Array(5).fill('ThemeFieldAdded')]);
    expect(events[0]!.metadata).toMatchObject({
      actorId: tenant.memberIds.coordinator,
      actorRole: 'coordinator',
      municipalityId: tenant.municipalityId,
      correlationId: 'draft-1',
      reason: 'Auftrag des Gemeinderats',
      commandId: expect.any(String),
      causationId: expect.any(String),
      occurredAt: expect.any(String),
    });

    const adoptTooEarly = await post(coordinator, `/api/plans/${planId}/decisions`, {
      kind: 'adopt-plan',
      body: 'Gemeinderat',
      reference: 'GR-1',
      decidedOn: today(),
      subject: 'Masterplan',
    });
    expect(adoptTooEarly.status).toBe(409);

    await post(coordinator, `/api/plans/${planId}/theme-fields`, {
      key: 'health',
      name: 'Gesundheit',
    }).expect(201);
    const goal = await post(coordinator, `/api/plans/${planId}/goals`, {
      themeField: 'health',
      title: 'Hausarztversorgung',
      indicator: 'Personen mit Hausarzt',
      baseline: 10,
      target: 60,
    }).expect(201);
    const goalId = goal.body.id as string;
    await post(contributor, `/api/plans/${planId}/goals/${goalId}/measurements`, {
      value: 35,
      measuredOn: today(-1),
    }).expect(201);
    await post(coordinator, `/api/plans/${planId}/goals/${goalId}/revisions`, {
      target: 80,
      reason: 'Mehr Zuzug',
    }).expect(201);
    await post(coordinator, `/api/plans/${planId}/partners`, {
      name: 'Ärztenetz',
      kind: 'association',
    }).expect(201);
    await post(coordinator, `/api/plans/${planId}/decisions`, {
      kind: 'adopt-plan',
      body: 'Gemeinderat',
      reference: 'GR-2026/14',
      decidedOn: today(),
      subject: 'Beschluss Masterplan',
    }).expect(201);

    const measure = await post(coordinator, `/api/plans/${planId}/measures`, {
      title: 'Sprechstunde mit Dolmetschern',
      goalIds: [goalId],
      responsible: { office: 'Gesundheitsamt' },
      startDate: today(-5),
      dueDate: today(60),
    }).expect(201);
    await post(contributor, `/api/measures/${measure.body.id}/start`).expect(200);
    await post(contributor, `/api/measures/${measure.body.id}/progress`, {
      percent: 50,
      note: 'Halbzeit',
    }).expect(200);

    const meeting = await post(contributor, `/api/plans/${planId}/meetings`, {
      title: 'Runder Tisch Gesundheit',
      kind: 'round-table',
      scheduledFor: new Date().toISOString(),
      themeFields: ['health'],
    }).expect(201);
    await post(contributor, `/api/meetings/${meeting.body.id}/held`, {
      heldOn: today(),
      attendance: { affected: 12, involved: 8, responsible: 3 },
      outcomes: ['Dolmetscherpool'],
      concerns: ['Wartezeiten'],
    }).expect(200);
    await post(contributor, `/api/meetings/${meeting.body.id}/minutes`, { text: 'Protokoll' }).expect(200);

    await post(coordinator, `/api/plans/${planId}/decisions`, {
      kind: 'conclude-plan',
      body: 'Gemeinderat',
      reference: 'GR-2030/1',
      decidedOn: today(),
      subject: 'Abschluss',
    }).expect(201);
    const refused = await post(coordinator, `/api/plans/${planId}/goals`, {
      themeField: 'health',
      title: 'Noch eins',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('plan_concluded');
    const refusedMeasure = await post(contributor, `/api/measures/${measure.body.id}/progress`, {
      percent: 60,
      note: 'x',
    });
    expect(refusedMeasure.status).toBe(409);
    expect(refusedMeasure.body.code).toBe('plan_concluded');

    const types = (await streamEvents(t, `plan-${planId}`)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'GoalDefined',
        'GoalIndicatorMeasured',
        'GoalRevised',
        'PartnerRegistered',
        'PlanAdopted',
        'PlanConcluded',
      ]),
    );
  });
});
