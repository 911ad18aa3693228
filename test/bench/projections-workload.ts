import { randomUUID } from 'node:crypto';
import { DEFAULT_THEME_FIELDS } from '@app/domain';
import type { EventMetadata, EventToAppend, SqliteEventStore } from '@app/event-store';

/**
 * The projections bench's events: plans as the api writes them (the domain's event shapes and metadata), in
 * valid order per stream and per plan, so that the evolve functions fold them into living plans. Most events
 * are ProgressReported; each plan also has theme fields, partners, goals with indicator measurements, a
 * decision and its adoption, measures that start, block, get rescheduled, complete or are cancelled, and
 * meetings that are scheduled, held and minuted.
 */
export interface PlanShape {
  /** exactly this many events */
  events: number;
  goals: number;
  measures: number;
  meetings: number;
}

export const REGULAR_PLAN: Omit<PlanShape, 'events'> = { goals: 10, measures: 20, meetings: 10 };
export const BIG_PLAN: PlanShape = { events: 10_000, goals: 20, measures: 60, meetings: 30 };

/** One append: a batch of events of one stream. */
export interface Chunk {
  stream: string;
  events: EventToAppend[];
}

export interface GeneratedPlan {
  planId: string;
  municipalityId: string;
  chunks: Generator<Chunk>;
}

/** A small seeded generator, so that two runs write the same mix. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const NOTES = [
  'Zwei weitere Wohnungen vermittelt, Mietverträge unterschrieben',
  'Kurs läuft, Anwesenheit gut, zwei Teilnehmende abgebrochen',
  'Gespräch mit der Handwerkskammer, drei Betriebe interessiert',
  'Beleuchtung am Fußweg zur Unterkunft beantragt',
  'Nachbarschaftscafé gut besucht, Fragen zu Lärm und Müll',
  'Ehrenamtliche Patenschaften: vier neue Tandems',
];

/** Which measures complete, are cancelled, get blocked (and unblocked) or rescheduled: fixed by index. */
function measureFates(count: number) {
  const completed = Math.floor(count * 0.6);
  const cancelled = Math.floor(count * 0.05);
  return Array.from({ length: count }, (_, i) => ({
    ending: i < completed ? 'completed' : i >= count - cancelled ? 'cancelled' : 'open',
    blocked: i % 10 === 3,
    rescheduled: i % 5 === 1,
  }));
}

/** How many events a plan has beside its progress reports (used to hit `events` exactly). */
function fixedEvents(shape: Omit<PlanShape, 'events'>): number {
  const { goals, measures, meetings } = shape;
  const fates = measureFates(measures).reduce(
    (sum, f) => sum + (f.ending === 'open' ? 0 : 1) + (f.blocked ? 2 : 0) + (f.rescheduled ? 1 : 0),
    0,
  );
  const plan = 1 + DEFAULT_THEME_FIELDS.length + 3 + goals + goals * 3 + 2;
  return plan + measures * 2 + meetings * 3 + fates;
}

export function minimumPlanEvents(shape: Omit<PlanShape, 'events'>): number {
  return fixedEvents(shape) + shape.measures * 4;
}

const day = (base: number, offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10);

/** The chunks of one plan, made lazily (a thousand plans are written side by side). */
export function generatePlan(shape: PlanShape, random: () => number): GeneratedPlan {
  const municipalityId = randomUUID();
  const planId = randomUUID();
  return { planId, municipalityId, chunks: planChunks(shape, random, municipalityId, planId) };
}

function* planChunks(
  shape: PlanShape,
  random: () => number,
  municipalityId: string,
  planId: string,
): Generator<Chunk> {
  const ref = { municipalityId, planId };
  const coordinator = randomUUID();
  const contributors = [randomUUID(), randomUUID(), randomUUID()];
  const metadata = (actorId: string, actorRole: string): EventMetadata => {
    const commandId = randomUUID();
    return {
      actorId,
      actorRole,
      municipalityId,
      commandId,
      correlationId: randomUUID(),
      causationId: commandId,
      occurredAt: new Date().toISOString(),
    };
  };
  const asCoordinator = (type: string, data: object): EventToAppend => ({
    type,
    data: { ...ref, ...data },
    metadata: metadata(coordinator, 'coordinator'),
  });
  const asContributor = (type: string, data: object): EventToAppend => ({
    type,
    data: { ...ref, ...data },
    metadata: metadata(contributors[Math.floor(random() * contributors.length)]!, 'contributor'),
  });
  const start = Date.UTC(2026, 0, 1);
  const planStream = `plan-${planId}`;

  yield {
    stream: planStream,
    events: [
      asCoordinator('PlanDrafted', {
        title: 'Masterplan Integration 2026–2030',
        vision: 'Gemeinsam gut leben: Wohnen, Lernen, Arbeiten und Sicherheit für alle',
        horizonStart: day(start, 0),
        horizonEnd: day(start, 1800),
      }),
      ...DEFAULT_THEME_FIELDS.map((field) => asCoordinator('ThemeFieldAdded', field)),
      ...['Verein Miteinander e. V.', 'Freundeskreis Asyl', 'Handwerkskammer'].map((name, i) =>
        asCoordinator('PartnerRegistered', {
          partnerId: randomUUID(),
          name,
          kind: (['association', 'volunteers', 'company'] as const)[i],
        }),
      ),
    ],
  };

  const goals = Array.from({ length: shape.goals }, (_, i) => ({
    goalId: randomUUID(),
    themeField: DEFAULT_THEME_FIELDS[i % DEFAULT_THEME_FIELDS.length]!.key,
    measured: i % 2 === 0,
  }));
  yield {
    stream: planStream,
    events: goals.map((goal, i) =>
      asCoordinator('GoalDefined', {
        goalId: goal.goalId,
        themeField: goal.themeField,
        title: `Ziel ${i + 1}: mehr Teilhabe im Feld ${goal.themeField}`,
        ...(goal.measured
          ? {
              indicator: 'Personen erreicht',
              unit: 'Personen',
              baseline: 0,
              target: 100,
              targetDate: day(start, 900),
            }
          : { description: 'Ein Ziel ohne Kennzahl, gemessen an seinen Maßnahmen' }),
      }),
    ),
  };

  const reports = shape.events - fixedEvents(shape);
  if (reports < shape.measures * 4)
    throw new Error(`a plan needs at least ${minimumPlanEvents(shape)} events`);
  const measures = measureFates(shape.measures).map((fate, i) => {
    const measureId = randomUUID();
    return {
      ...fate,
      measureId,
      stream: `measure-${measureId}`,
      goalId: goals[i % goals.length]!.goalId,
      reports: Math.floor(reports / shape.measures) + (i < reports % shape.measures ? 1 : 0),
      reported: 0,
    };
  });
  for (const [i, m] of measures.entries()) {
    yield {
      stream: m.stream,
      events: [
        asCoordinator('MeasurePlanned', {
          measureId: m.measureId,
          title: `Maßnahme ${i + 1}`,
          goalIds: [m.goalId],
          responsible: i % 2 === 0 ? { office: 'Amt für Integration' } : { memberId: contributors[0] },
          startDate: day(start, 10 + i),
          dueDate: day(start, 400 + 7 * i),
          weight: 1 + (i % 3),
          ...(i % 4 === 0 ? { budget: 5_000 + 250 * i } : {}),
        }),
        asContributor('MeasureStarted', { measureId: m.measureId, startedOn: day(start, 20 + i) }),
      ],
    };
  }

  const meetings = Array.from({ length: shape.meetings }, (_, i) => ({ meetingId: randomUUID(), i }));
  for (const { meetingId, i } of meetings) {
    yield {
      stream: `meeting-${meetingId}`,
      events: [
        asCoordinator('MeetingScheduled', {
          meetingId,
          title: `Dialog ${i + 1} im Bürgersaal`,
          kind: (['dialogue', 'workshop', 'round-table'] as const)[i % 3],
          scheduledFor: new Date(start + (60 + 20 * i) * 86_400_000 + 18 * 3_600_000).toISOString(),
          location: 'Bürgersaal',
          themeFields: [DEFAULT_THEME_FIELDS[i % DEFAULT_THEME_FIELDS.length]!.key],
        }),
      ],
    };
  }

  const decisionId = randomUUID();
  yield {
    stream: planStream,
    events: [
      asCoordinator('DecisionRecorded', {
        decisionId,
        kind: 'adopt-plan',
        body: 'Gemeinderat',
        reference: 'GR-2026/014',
        decidedOn: day(start, 45),
        subject: 'Der Gemeinderat beschließt den Masterplan Integration',
      }),
      asCoordinator('PlanAdopted', { decisionId, decidedOn: day(start, 45) }),
    ],
  };

  const PHASES = 4;
  for (let phase = 0; phase < PHASES; phase++) {
    for (const m of measures) {
      const count = Math.floor((m.reports * (phase + 1)) / PHASES) - Math.floor((m.reports * phase) / PHASES);
      const events: EventToAppend[] = [];
      for (let r = 0; r < count; r++) {
        m.reported += 1;
        events.push(
          asContributor('ProgressReported', {
            measureId: m.measureId,
            percent: Math.min(95, Math.round((m.reported / m.reports) * 90 + random() * 5)),
            note: NOTES[m.reported % NOTES.length]!,
            reportedOn: day(start, 30 + m.reported),
          }),
        );
      }
      if (events.length > 0) yield { stream: m.stream, events };
      if (phase === 1 && m.blocked) {
        yield {
          stream: m.stream,
          events: [
            asContributor('MeasureBlocked', { measureId: m.measureId, reason: 'Raum nicht verfügbar' }),
            asContributor('MeasureUnblocked', { measureId: m.measureId }),
          ],
        };
      }
      if (phase === 2 && m.rescheduled) {
        yield {
          stream: m.stream,
          events: [
            asCoordinator('MeasureRescheduled', {
              measureId: m.measureId,
              dueDate: day(start, 700),
              previousDueDate: day(start, 400),
              reason: 'Förderbescheid kam später',
            }),
          ],
        };
      }
    }
    if (phase < 3) {
      yield {
        stream: planStream,
        events: goals.map((goal) =>
          asCoordinator('GoalIndicatorMeasured', {
            goalId: goal.goalId,
            value: Math.round(random() * 30 + phase * 25),
            measuredOn: day(start, 100 + phase * 90),
            source: 'Statistikstelle',
          }),
        ),
      };
    }
    if (phase === 1 || phase === 2) {
      for (const { meetingId, i } of meetings.filter((m) => m.i % 2 === phase - 1)) {
        yield {
          stream: `meeting-${meetingId}`,
          events: [
            asCoordinator('MeetingHeld', {
              meetingId,
              heldOn: day(start, 60 + 20 * i),
              attendance: { affected: 10 + (i % 7), involved: 5 + (i % 4), responsible: 3 },
              outcomes: ['Patenschaften ausweiten'],
              concerns: ['Lärm in der Unterkunft'],
            }),
            asCoordinator('MinutesPublished', { meetingId, text: `Protokoll des Dialogs ${i + 1}` }),
          ],
        };
      }
    }
  }

  for (const m of measures) {
    if (m.ending === 'completed')
      yield {
        stream: m.stream,
        events: [asContributor('MeasureCompleted', { measureId: m.measureId, note: 'Fertig' })],
      };
    if (m.ending === 'cancelled')
      yield {
        stream: m.stream,
        events: [asCoordinator('MeasureCancelled', { measureId: m.measureId, reason: 'Keine Förderung' })],
      };
  }
}

export interface WriteProgress {
  written: number;
  total: number;
}

/**
 * Writes the plans straight into the embedded store, side by side as a real municipality's activity would
 * interleave: each round takes the next chunk of every plan (`perRound` for bigger ones) in a shuffled order
 * and appends them together (one group commit), each with its exact expected revision.
 */
export async function writePlans(
  store: SqliteEventStore,
  plans: readonly { plan: GeneratedPlan; perRound: number }[],
  total: number,
  random: () => number,
  onProgress: (progress: WriteProgress) => void,
): Promise<void> {
  const revisions = new Map<string, bigint>();
  let active = [...plans];
  let written = 0;
  while (active.length > 0) {
    const round: Chunk[] = [];
    const still: typeof active = [];
    for (const entry of active) {
      let done = false;
      for (let i = 0; i < entry.perRound; i++) {
        const next = entry.plan.chunks.next();
        if (next.done) {
          done = true;
          break;
        }
        round.push(next.value);
      }
      if (!done) still.push(entry);
    }
    active = shuffle(still, random);
    // a stream may have several chunks in one round: fix each one's expected revision before queueing it
    await Promise.all(
      round.map((chunk) => {
        const last = revisions.get(chunk.stream);
        revisions.set(chunk.stream, (last ?? -1n) + BigInt(chunk.events.length));
        return store.append(chunk.stream, chunk.events, { expectedRevision: last ?? 'no_stream' });
      }),
    );
    written += round.reduce((sum, chunk) => sum + chunk.events.length, 0);
    onProgress({ written, total });
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
