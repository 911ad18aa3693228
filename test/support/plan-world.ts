import request from 'supertest';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { EVENT_STORE } from '@app/ops';
import type { TestApp } from './api-app.js';
import { bearer, seedMunicipality } from './http.js';

export const today = (offset = 0) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A municipality with members of every role, a drafted plan with goals, a started measure and a meeting. */
export async function seedPlanWorld(t: TestApp, slug: string) {
  const server = t.app.getHttpServer();
  const tenant = await seedMunicipality(t, slug);
  const as = (role: string) => bearer(tenant.tokens[role]!);
  const post = async (role: string, path: string, body: unknown, status = 201) => {
    const res = await request(server)
      .post(path)
      .set(as(role))
      .send(body as object);
    if (res.status !== status) throw new Error(`POST ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id?: string; revision: number; position: number };
  };
  const plan = await post('coordinator', `/api/municipalities/${tenant.municipalityId}/plans`, {
    title: 'Masterplan Integration',
    vision: 'Gemeinsam gut leben',
    horizonStart: today(-100),
    horizonEnd: today(900),
  });
  const planId = plan.id!;
  const goal = await post('coordinator', `/api/plans/${planId}/goals`, {
    themeField: 'housing',
    title: 'Wohnungen für Geflüchtete',
    indicator: 'Personen in eigener Wohnung',
    unit: 'Personen',
    baseline: 0,
    target: 100,
    targetDate: today(300),
  });
  const measure = await post('coordinator', `/api/plans/${planId}/measures`, {
    title: 'Wohnungsbörse',
    goalIds: [goal.id],
    responsible: { office: 'Wohnungsamt' },
    startDate: today(-50),
    dueDate: today(100),
  });
  await post('contributor', `/api/measures/${measure.id}/start`, {}, 200);
  const meeting = await post('coordinator', `/api/plans/${planId}/meetings`, {
    title: 'Dialog im Bürgersaal',
    kind: 'dialogue',
    scheduledFor: new Date(Date.now() - 86_400_000).toISOString(),
    themeFields: ['housing'],
  });
  return { ...tenant, planId, goalId: goal.id!, measureId: measure.id!, meetingId: meeting.id!, post, as };
}

export async function streamEvents(t: TestApp, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const e of t.app.get<EventStore>(EVENT_STORE).readStream(stream)) events.push(e);
  return events;
}

export async function headPosition(t: TestApp): Promise<bigint> {
  return t.app.get<EventStore>(EVENT_STORE).headPosition();
}
