import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../support/api-app.js';
import { COMMAND_ROUTES } from '../support/command-routes.js';
import { bearer } from '../support/http.js';
import { headPosition, seedPlanWorld } from '../support/plan-world.js';

const ROLES = ['coordinator', 'contributor', 'auditor', 'viewer'] as const;

describe('who may call which command route', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedPlanWorld>>;
  let other: Awaited<ReturnType<typeof seedPlanWorld>>;
  beforeAll(async () => {
    t = await startTestApp();
    world = await seedPlanWorld(t, 'matrix');
    other = await seedPlanWorld(t, 'nachbarort');
  });
  afterAll(async () => t.close());

  const cases = COMMAND_ROUTES.flatMap((route) => ROLES.map((role) => [route.name, role, route] as const));

  it.each(cases)('%s as %s: allowed, or 403 with nothing stored', async (_name, role, route) => {
    const before = await headPosition(t);
    const res = await request(t.app.getHttpServer())
      .post(route.path(world))
      .set(bearer(world.tokens[role]!))
      .send(route.body(world));
    if (route.roles.includes(role)) {
      // the command may still break a rule of the current state (409), but access is granted
      expect([200, 201, 409]).toContain(res.status);
    } else {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
      expect(await headPosition(t)).toBe(before);
    }
  });

  it.each(COMMAND_ROUTES.map((r) => [r.name, r] as const))(
    '%s as the platform admin: 403',
    async (_name, route) => {
      const res = await request(t.app.getHttpServer())
        .post(route.path(world))
        .set(bearer(TEST_ADMIN_TOKEN))
        .send(route.body(world));
      expect(res.status).toBe(403);
    },
  );

  it.each(COMMAND_ROUTES.map((r) => [r.name, r] as const))(
    '%s with another municipality’s id: 404 exactly as an unknown id, nothing stored',
    async (_name, route) => {
      const server = t.app.getHttpServer();
      const before = await headPosition(t);
      const foreign = await request(server)
        .post(route.path(world))
        .set(bearer(other.tokens.coordinator!))
        .send(route.body(world));
      const unknownIds = {
        municipalityId: '00000000-0000-4000-8000-000000000001',
        planId: '00000000-0000-4000-8000-000000000002',
        goalId: '00000000-0000-4000-8000-000000000003',
        measureId: '00000000-0000-4000-8000-000000000004',
        meetingId: '00000000-0000-4000-8000-000000000005',
      };
      const unknown = await request(server)
        .post(route.path(unknownIds))
        .set(bearer(other.tokens.coordinator!))
        .send(route.body(world));
      expect(foreign.status).toBe(404);
      expect(unknown.status).toBe(404);
      const { instance: _a, ...foreignProblem } = foreign.body;
      const { instance: _b, ...unknownProblem } = unknown.body;
      expect(foreignProblem).toEqual(unknownProblem);
      expect(await headPosition(t)).toBe(before);
    },
  );
});
