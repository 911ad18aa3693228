import type { ApiClient, Dates } from './demo-client.js';

/** What the measures refer to: the goals and partners loadDemoPlan created first, the contributing member. */
export interface DemoMeasureRefs {
  goals: {
    housing: string;
    language: string;
    apprenticeships: string;
    safety: string;
    neighbourhood: string;
  };
  partners: { verein: string; helferkreis: string };
  contributorId: string;
}

/** Measures in every status: running with progress reports, completed, blocked, planned, cancelled, rescheduled. */
export async function loadMeasures(
  coordinator: ApiClient,
  contributor: ApiClient,
  p: (path: string) => string,
  { goals, partners, contributorId }: DemoMeasureRefs,
  { day }: Dates,
): Promise<void> {
  const { housing, language, apprenticeships, safety, neighbourhood } = goals;
  const { verein, helferkreis } = partners;

  const measure = async (body: Record<string, unknown>) => (await coordinator.post(p('/measures'), body)).id!;
  const m = (id: string, action: string) => `/api/measures/${id}/${action}`;

  const wohnungsboerse = await measure({
    title: 'Wohnungsbörse mit Vermieterberatung',
    goalIds: [housing],
    responsible: { partnerId: verein },
    startDate: day(-280),
    dueDate: day(120),
    budget: 40000,
    weight: 2,
  });
  await contributor.post(m(wohnungsboerse, 'start'), { startedOn: day(-270) });
  await contributor.post(m(wohnungsboerse, 'progress'), {
    percent: 30,
    note: 'Erste 15 Vermieter beraten',
    reportedOn: day(-180),
  });
  await contributor.post(m(wohnungsboerse, 'progress'), {
    percent: 55,
    note: 'Börse online, 40 Vermittlungen',
    reportedOn: day(-40),
  });

  const sprachcafe = await measure({
    title: 'Sprachcafé in der Stadtbibliothek',
    goalIds: [language],
    responsible: { partnerId: helferkreis },
    startDate: day(-250),
    dueDate: day(-30),
  });
  await contributor.post(m(sprachcafe, 'start'), { startedOn: day(-245) });
  await contributor.post(m(sprachcafe, 'progress'), {
    percent: 80,
    note: 'Wöchentlich 25 Teilnehmende',
    reportedOn: day(-90),
  });
  await contributor.post(m(sprachcafe, 'complete'), { note: 'In den Regelbetrieb der Bibliothek übergeben' });

  const kurse = await measure({
    title: 'Zusätzliche Integrationskurse mit Kinderbetreuung',
    goalIds: [language],
    responsible: { office: 'Amt für Bildung' },
    startDate: day(-200),
    dueDate: day(-10),
    budget: 85000,
  });
  await contributor.post(m(kurse, 'start'), { startedOn: day(-190) });
  await contributor.post(m(kurse, 'progress'), {
    percent: 60,
    note: 'Zwei von drei Kursen laufen',
    reportedOn: day(-60),
  });

  const praktika = await measure({
    title: 'Praktikumsbörse mit örtlichen Betrieben',
    goalIds: [apprenticeships],
    responsible: { memberId: contributorId },
    startDate: day(-150),
    dueDate: day(200),
  });
  await contributor.post(m(praktika, 'start'), { startedOn: day(-140) });
  await contributor.post(m(praktika, 'progress'), {
    percent: 20,
    note: 'Acht Betriebe haben zugesagt',
    reportedOn: day(-70),
  });
  await contributor.post(m(praktika, 'block'), { reason: 'Versicherungsfrage für Praktikanten ungeklärt' });

  await measure({
    title: 'Beleuchtung am Fußweg zur Unterkunft',
    goalIds: [safety],
    responsible: { office: 'Tiefbauamt' },
    startDate: day(30),
    dueDate: day(150),
    budget: 25000,
  });

  const nachtbus = await measure({
    title: 'Nachtbuslinie zur Unterkunft',
    goalIds: [safety],
    responsible: { office: 'Ordnungsamt' },
    startDate: day(-120),
    dueDate: day(60),
  });
  await coordinator.post(m(nachtbus, 'cancel'), {
    reason: 'Durch die neue Beleuchtung und Fahrgemeinschaften ersetzt',
  });

  const nachbarschaft = await measure({
    title: 'Nachbarschaftsfeste in den Quartieren',
    goalIds: [neighbourhood],
    responsible: { partnerId: verein },
    startDate: day(-100),
    dueDate: day(250),
  });
  await contributor.post(m(nachbarschaft, 'start'), { startedOn: day(-95) });
  await contributor.post(m(nachbarschaft, 'progress'), {
    percent: 40,
    note: 'Zwei von fünf Festen gefeiert',
    reportedOn: day(-15),
  });
  await coordinator.post(m(nachbarschaft, 'reschedule'), {
    dueDate: day(300),
    reason: 'Fünftes Fest im Frühjahr',
  });
}
