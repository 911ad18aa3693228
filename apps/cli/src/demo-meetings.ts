import type { ApiClient, Dates } from './demo-client.js';

/** The plan's dialogue events: held ones with attendance and minutes, a cancelled one, two ahead. */
export async function loadMeetings(
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
