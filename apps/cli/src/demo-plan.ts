import type { ApiClient, Dates } from './demo-client.js';
import { loadMeasures } from './demo-measures.js';
import { loadMeetings } from './demo-meetings.js';

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

  await loadMeasures(
    coordinator,
    contributor,
    p,
    {
      goals: { housing, language, apprenticeships, safety, neighbourhood },
      partners: { verein, helferkreis },
      contributorId: members.contributorId,
    },
    { day, instant },
  );
  await loadMeetings(coordinator, contributor, p, { day, instant });
  return planId;
}
