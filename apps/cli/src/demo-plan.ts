import type { ApiClient } from './demo-client.js';

interface Dates {
  day(offsetDays: number): string;
  instant(offsetDays: number, hour?: number): string;
}

/** The sample masterplan: about a year of work, seen from today. Returns the plan's id. */
export async function loadDemoPlan(
  coordinator: ApiClient,
  contributor: ApiClient,
  members: { coordinatorId: string; contributorId: string },
  { day, instant }: Dates,
): Promise<string> {
  const { municipalityId } = await coordinator
    .get<{ municipality: { id: string } }>('/api/me')
    .then((me) => ({
      municipalityId: me.municipality.id,
    }));
  const plan = await coordinator.post(`/api/municipalities/${municipalityId}/plans`, {
    title: 'Masterplan Integration 2026–2030',
    vision:
      'Beispielstadt ist 2030 eine Stadt, in der Geflüchtete und Alteingesessene Tür an Tür wohnen, ' +
      'gemeinsam lernen und arbeiten und sich sicher fühlen.',
    horizonStart: day(-330),
    horizonEnd: day(1460),
    reason: 'Auftakt nach dem Flüchtlingsdialog',
  });
  const planId = plan.id!;
  const p = (path: string) => `/api/plans/${planId}${path}`;

  const goal = async (body: Record<string, unknown>) => (await coordinator.post(p('/goals'), body)).id!;
  const housing = await goal({
    themeField: 'housing',
    title: 'Geflüchtete wohnen in eigenen Wohnungen',
    indicator: 'Personen in eigenem Mietverhältnis',
    unit: 'Personen',
    baseline: 20,
    target: 120,
    targetDate: day(700),
  });
  const language = await goal({
    themeField: 'education',
    title: 'Sprachkurse für alle, die sie brauchen',
    indicator: 'Teilnehmende mit Abschluss B1',
    unit: 'Personen',
    baseline: 0,
    target: 200,
    targetDate: day(500),
  });
  const apprenticeships = await goal({
    themeField: 'vocational-training',
    title: 'Ausbildungsplätze in örtlichen Betrieben',
    description: 'Gemeinsam mit Handwerkskammer und Betrieben',
  });
  const safety = await goal({
    themeField: 'safety',
    title: 'Sichere Wege zwischen Unterkunft und Innenstadt',
  });
  const neighbourhood = await goal({
    themeField: 'fears-and-living-together',
    title: 'Ängste ernst nehmen: offene Nachbarschaftstreffen',
  });
  const dropped = await goal({ themeField: 'safety', title: 'Zusätzlicher Sicherheitsdienst am Bahnhof' });

  await coordinator.post(p(`/goals/${housing}/measurements`), {
    value: 65,
    measuredOn: day(-20),
    source: 'Wohnungsamt',
  });
  await coordinator.post(p(`/goals/${language}/measurements`), {
    value: 48,
    measuredOn: day(-35),
    source: 'VHS',
  });
  await coordinator.post(p(`/goals/${dropped}/drop`), {
    reason: 'Im Sicherheitsdialog als nicht nötig bewertet',
  });

  const partner = async (name: string, kind: string) =>
    (await coordinator.post(p('/partners'), { name, kind })).id!;
  const verein = await partner('Verein Miteinander e. V.', 'association');
  const helferkreis = await partner('Helferkreis Asyl', 'volunteers');
  await partner('Handwerkskammer', 'office');

  await coordinator.post(p('/decisions'), {
    kind: 'adopt-plan',
    body: 'Gemeinderat',
    reference: 'GR-2026/014',
    decidedOn: day(-300),
    subject: 'Beschluss des Masterplans Integration',
  });

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
    responsible: { memberId: members.contributorId },
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

  await loadMeetings(coordinator, contributor, p, { day, instant });
  return planId;
}

async function loadMeetings(
  coordinator: ApiClient,
  contributor: ApiClient,
  p: (path: string) => string,
  { day, instant }: Dates,
): Promise<void> {
  const meeting = async (body: Record<string, unknown>) => (await coordinator.post(p('/meetings'), body)).id!;
  const held = async (id: string, body: Record<string, unknown>) =>
    contributor.post(`/api/meetings/${id}/held`, body);

  const auftakt = await meeting({
    title: 'Auftakt: Integrationsdialog im Bürgersaal',
    kind: 'dialogue',
    scheduledFor: instant(-320),
    location: 'Bürgersaal im Rathaus',
    themeFields: ['housing', 'education', 'vocational-training', 'safety', 'fears-and-living-together'],
  });
  await held(auftakt, {
    heldOn: day(-320),
    attendance: { affected: 45, involved: 38, responsible: 12 },
    outcomes: ['Zukunftsbild gemeinsam formuliert', 'Fünf Themenfelder bestätigt'],
    concerns: ['Wohnungsmangel in der Innenstadt', 'Unsicherheit auf dem Heimweg am Abend'],
  });
  await contributor.post(`/api/meetings/${auftakt}/minutes`, {
    text: 'Protokoll des Auftakts: Ziele und Arbeitsgruppen.',
  });

  const wohnen = await meeting({
    title: 'Workshop Wohnen mit Vermietern',
    kind: 'workshop',
    scheduledFor: instant(-200),
    location: 'Stadtbibliothek',
    themeFields: ['housing'],
  });
  await held(wohnen, {
    heldOn: day(-200),
    attendance: { affected: 12, involved: 20, responsible: 5 },
    outcomes: ['Wohnungsbörse vereinbart'],
    concerns: ['Mietausfallrisiko der Vermieter'],
  });

  const runderTisch = await meeting({
    title: 'Runder Tisch Sicherheit',
    kind: 'round-table',
    scheduledFor: instant(-60),
    location: 'Polizeirevier',
    themeFields: ['safety', 'fears-and-living-together'],
  });
  await held(runderTisch, {
    heldOn: day(-60),
    attendance: { affected: 8, involved: 15, responsible: 9 },
    outcomes: ['Beleuchtung am Fußweg wird geplant'],
    concerns: ['Ängste älterer Anwohner ernst nehmen'],
  });

  const abgesagt = await meeting({
    title: 'Infoabend Ausbildung',
    kind: 'information-evening',
    scheduledFor: instant(-30),
    themeFields: ['vocational-training'],
  });
  await coordinator.post(`/api/meetings/${abgesagt}/cancel`, {
    reason: 'Referent erkrankt; neuer Termin folgt',
  });

  await meeting({
    title: 'Lenkungsgruppe: Halbjahresbilanz',
    kind: 'steering-group',
    scheduledFor: instant(14),
    location: 'Rathaus, Sitzungssaal 2',
    themeFields: ['housing', 'education'],
  });
  await meeting({
    title: 'Infoabend Ausbildung (neuer Termin)',
    kind: 'information-evening',
    scheduledFor: instant(21),
    location: 'Berufsschule',
    themeFields: ['vocational-training'],
  });
}
