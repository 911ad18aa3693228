import request from 'supertest';
import type { TestApp } from './api-app.js';
import { TEST_ADMIN_TOKEN } from './api-app.js';

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A municipality with one member of each role, made through the API as an admin would. */
export async function seedMunicipality(t: TestApp, slug: string) {
  const server = t.app.getHttpServer();
  const created = await request(server)
    .post('/api/municipalities')
    .set(bearer(TEST_ADMIN_TOKEN))
    .send({ name: `Gemeinde ${slug}`, slug })
    .expect(201);
  const municipalityId = created.body.id as string;
  const tokens: Record<string, string> = {};
  const memberIds: Record<string, string> = {};
  for (const role of ['coordinator', 'contributor', 'auditor', 'viewer']) {
    const res = await request(server)
      .post(`/api/municipalities/${municipalityId}/members`)
      .set(bearer(TEST_ADMIN_TOKEN))
      .send({ displayName: `${role} of ${slug}`, role })
      .expect(201);
    tokens[role] = res.body.token as string;
    memberIds[role] = res.body.memberId as string;
  }
  return { municipalityId, tokens, memberIds };
}
