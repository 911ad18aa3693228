import request from 'supertest';
import type { EventStore, RecordedEvent } from '@app/event-store';
import { EVENT_STORE } from '@app/ops';
import type { TestApp } from '../support/api-app.js';
import { bearer, seedMunicipality } from '../support/http.js';

/**
 * A municipality whose coordinator is reminded by e-mail and whose contributor (responsible for the measure)
 * by webhook, with a plan and one measure due on `dueDate`: its measure-due-14 reminder has two recipients.
 */
export async function seedReminderWorld(
  t: TestApp,
  slug: string,
  options: { hookUrl: string; dueDate: string },
) {
  const server = t.app.getHttpServer();
  const tenant = await seedMunicipality(t, slug);
  const as = (role: string) => bearer(tenant.tokens[role]!);
  await request(server)
    .put('/api/me/contact')
    .set(as('coordinator'))
    .send({ email: 'koordination@beispielstadt.de', language: 'de' })
    .expect(200);
  await request(server)
    .put('/api/me/contact')
    .set(as('contributor'))
    .send({ channel: 'webhook', webhookUrl: options.hookUrl, language: 'en' })
    .expect(200);
  const post = async (role: string, path: string, body: object, status = 201) => {
    const res = await request(server).post(path).set(as(role)).send(body);
    if (res.status !== status) throw new Error(`POST ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; revision: number; position: number };
  };
  const plan = await post('coordinator', `/api/municipalities/${tenant.municipalityId}/plans`, {
    title: 'Masterplan Integration',
    vision: 'Gemeinsam gut leben',
    horizonStart: '2026-01-01',
    horizonEnd: '2030-12-31',
  });
  const goal = await post('coordinator', `/api/plans/${plan.id}/goals`, {
    themeField: 'housing',
    title: 'Wohnen',
    targetDate: '2027-09-30',
  });
  const measure = await post('coordinator', `/api/plans/${plan.id}/measures`, {
    title: 'Wohnungsbörse',
    goalIds: [goal.id],
    responsible: { memberId: tenant.memberIds.contributor },
    startDate: '2026-01-05',
    dueDate: options.dueDate,
  });
  return { ...tenant, planId: plan.id, goalId: goal.id, measureId: measure.id, post, as };
}

export async function readStream(t: TestApp, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const e of t.app.get<EventStore>(EVENT_STORE).readStream(stream)) events.push(e);
  return events;
}

/** The ReminderSent events of one reminder in its plan's reminder stream. */
export async function sentEvents(t: TestApp, planId: string, reminderId: string) {
  return (await readStream(t, `reminders-${planId}`)).filter(
    (e) => e.type === 'ReminderSent' && (e.data as { reminderId?: string }).reminderId === reminderId,
  );
}
