import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { EVENT_STORE } from '@app/ops';
import type { EventStore } from '@app/event-store';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/api-app.js';
import { bearer, seedMunicipality } from '../support/http.js';

describe('tenancy: municipalities, members and tokens', () => {
  let t: TestApp;
  let server: ReturnType<TestApp['app']['getHttpServer']>;
  beforeAll(async () => {
    t = await startTestApp();
    server = t.app.getHttpServer();
  });
  afterAll(async () => t.close());

  it('lets the admin create a municipality and its members, each token shown once', async () => {
    const { municipalityId, tokens, memberIds } = await seedMunicipality(t, 'ueberlingen');
    const me = await request(server).get('/api/me').set(bearer(tokens.coordinator!)).expect(200);
    expect(me.body).toMatchObject({
      kind: 'member',
      memberId: memberIds.coordinator,
      roles: ['coordinator'],
      municipality: { id: municipalityId, slug: 'ueberlingen' },
    });
    const members = await request(server)
      .get(`/api/municipalities/${municipalityId}/members`)
      .set(bearer(tokens.coordinator!));
    expect(members.body).toHaveLength(4);
    expect(JSON.stringify(members.body)).not.toContain(tokens.viewer);
  });

  it('records tenancy changes as events without names', async () => {
    const { municipalityId } = await seedMunicipality(t, 'konstanz');
    const store = t.app.get<EventStore>(EVENT_STORE);
    const events = [];
    for await (const e of store.readStream(`municipality-${municipalityId}`)) events.push(e);
    expect(events.map((e) => e.type)).toEqual([
      'MunicipalityRegistered',
      'MemberAdded',
      'MemberAdded',
      'MemberAdded',
      'MemberAdded',
    ]);
    expect(JSON.stringify(events.slice(1).map((e) => e.data))).not.toContain('of konstanz');
    expect(events[1]!.metadata).toMatchObject({ actorId: 'admin', actorRole: 'admin', municipalityId });
  });

  it('lets a coordinator add members but not a contributor, and hides other municipalities', async () => {
    const a = await seedMunicipality(t, 'singen');
    const b = await seedMunicipality(t, 'radolfzell');
    await request(server)
      .post(`/api/municipalities/${a.municipalityId}/members`)
      .set(bearer(a.tokens.coordinator!))
      .send({ displayName: 'Verein Miteinander', role: 'contributor' })
      .expect(201);
    const forbidden = await request(server)
      .post(`/api/municipalities/${a.municipalityId}/members`)
      .set(bearer(a.tokens.contributor!))
      .send({ displayName: 'x', role: 'viewer' })
      .expect(403);
    expect(forbidden.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(forbidden.body).toMatchObject({ status: 403, code: 'forbidden' });
    const foreign = await request(server)
      .post(`/api/municipalities/${b.municipalityId}/members`)
      .set(bearer(a.tokens.coordinator!))
      .send({ displayName: 'x', role: 'viewer' })
      .expect(404);
    const unknown = await request(server)
      .post(`/api/municipalities/00000000-0000-4000-8000-000000000000/members`)
      .set(bearer(a.tokens.coordinator!))
      .send({ displayName: 'x', role: 'viewer' })
      .expect(404);
    expect(foreign.body.code).toBe(unknown.body.code);
    expect(foreign.body.detail).toBe(unknown.body.detail);
  });

  it('answers 401 without or with a wrong token, and after revocation', async () => {
    await request(server).get('/api/me').expect(401);
    await request(server).get('/api/me').set(bearer('mpl_m_not-a-real-token-at-all')).expect(401);
    const a = await seedMunicipality(t, 'tuttlingen');
    await request(server)
      .post(`/api/municipalities/${a.municipalityId}/members/${a.memberIds.viewer}/revoke`)
      .set(bearer(a.tokens.coordinator!))
      .expect(200);
    await request(server).get('/api/me').set(bearer(a.tokens.viewer!)).expect(401);
  });

  it('refuses a taken slug and invalid bodies with field errors, storing nothing', async () => {
    await seedMunicipality(t, 'rottweil');
    const taken = await request(server)
      .post('/api/municipalities')
      .set(bearer(TEST_ADMIN_TOKEN))
      .send({ name: 'x', slug: 'rottweil' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('slug_taken');
    const bad = await request(server)
      .post('/api/municipalities')
      .set(bearer(TEST_ADMIN_TOKEN))
      .send({ name: '', slug: 'Not A Slug', timeZone: 'Mars/Olympus', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'extra',
      'name',
      'slug',
      'timeZone',
    ]);
  });

  it('serves the OpenAPI document generated from the DTOs', async () => {
    const res = await request(server).get('/api/docs-json').expect(200);
    expect(res.body.paths['/api/municipalities'].post).toBeDefined();
    expect(res.body.components.schemas.CreateMunicipalityDto.properties.slug).toBeDefined();
  });
});
