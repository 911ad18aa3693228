import type { AddressInfo } from 'node:net';
import { ApiClient, day, instant } from '../../../apps/cli/src/demo-client.js';
import { loadDemoPlan } from '../../../apps/cli/src/demo-plan.js';
import { ReadModels } from '../../../apps/api/src/queries/read-models.service.js';
import { startTestApp, TEST_ADMIN_TOKEN, type TestApp } from '../../support/api-app.js';
import { headPosition } from '../../support/plan-world.js';

export const ROLES = ['coordinator', 'contributor', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const DISPLAY_NAMES: Record<Role, string> = {
  coordinator: 'Integrationsbeauftragte (Demo)',
  contributor: 'Verein Miteinander e. V. (Demo)',
  auditor: 'Rechnungsprüfungsamt (Demo)',
  viewer: 'Gemeinderat (Demo)',
};

export interface DemoWorld {
  app: TestApp;
  url: string;
  municipalityId: string;
  planId: string;
  tokens: Record<Role, string>;
  memberIds: Record<Role, string>;
  api(role: Role): ApiClient;
  /** Waits until the read models include everything appended so far. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The api in-process on a free port with the demo municipality loaded as `npm run demo` loads it. */
export async function startDemoWorld(slug: string): Promise<DemoWorld> {
  const app = await startTestApp();
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const admin = new ApiClient(url, TEST_ADMIN_TOKEN);
  const { id: municipalityId } = await admin.post('/api/municipalities', {
    name: 'Stadt Beispielstadt',
    slug,
  });
  const tokens = {} as Record<Role, string>;
  const memberIds = {} as Record<Role, string>;
  for (const role of ROLES) {
    const member = await admin.post<{ memberId: string; token: string }>(
      `/api/municipalities/${municipalityId}/members`,
      { displayName: DISPLAY_NAMES[role], role },
    );
    tokens[role] = member.token;
    memberIds[role] = member.memberId;
  }
  const planId = await loadDemoPlan(
    admin.as(tokens.coordinator),
    admin.as(tokens.contributor),
    { coordinatorId: memberIds.coordinator, contributorId: memberIds.contributor },
    { day, instant },
  );
  const settle = async () => {
    await app.app.get(ReadModels).reader.waitFor(await headPosition(app), 5_000);
  };
  await settle();
  return {
    app,
    url,
    municipalityId: municipalityId!,
    planId,
    tokens,
    memberIds,
    api: (role) => admin.as(tokens[role]),
    settle,
    close: () => app.close(),
  };
}

export interface PlanState {
  measures: { measureId: string; title: string; status: string; progress: number | null; budget?: number }[];
  meetings: { meetingId: string; title: string; status: string }[];
  goals: { id: string; title: string }[];
}

export async function planState(world: DemoWorld): Promise<PlanState> {
  return world.api('coordinator').get<PlanState>(`/api/plans/${world.planId}`);
}
