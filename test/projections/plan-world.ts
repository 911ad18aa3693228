/**
 * A model of command traffic for the projection tests: random but valid command sequences run through the
 * real deciders (plan, measure, meeting), with the state each decider needs folded from its own events and
 * time moving forward. Every step names its targets by index (resolved against what exists at that moment),
 * so that fast-check can generate and shrink sequences without knowing any ids. A command a decider refuses
 * (a DomainError) is skipped, as the command API would answer 4xx and record nothing.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  dayOf,
  DomainError,
  measureDecider,
  measureStream,
  meetingDecider,
  meetingStream,
  planDecider,
  planFacts,
  planStream,
  type ActorRole,
  type CommandMetadata,
  type MeasureCommand,
  type MeasureState,
  type MeetingCommand,
  type MeetingState,
  type PlanCommand,
  type PlanState,
  type PlanStatus,
} from '@app/domain';
import type { EventStore, EventToAppend, ExpectedRevision, RecordedEvent } from '@app/event-store';

export type Step =
  | { k: 'draft'; customFields: boolean; advance: number }
  | { k: 'addField'; plan: number; n: number; advance: number }
  | {
      k: 'defineGoal';
      plan: number;
      field: number;
      indicator: boolean;
      baseline: number;
      delta: number;
      advance: number;
    }
  | { k: 'reviseGoal'; goal: number; target: number; advance: number }
  | { k: 'measureGoal'; goal: number; value: number; daysAgo: number; advance: number }
  | { k: 'achieveGoal'; goal: number; advance: number }
  | { k: 'dropGoal'; goal: number; advance: number }
  | { k: 'partner'; plan: number; n: number; advance: number }
  | {
      k: 'planMeasure';
      plan: number;
      goals: number[];
      weight: number | undefined;
      dueIn: number;
      byPartner: boolean;
      advance: number;
    }
  | { k: 'startMeasure'; measure: number; advance: number }
  | { k: 'report'; measure: number; percent: number; advance: number }
  | { k: 'block'; measure: number; advance: number }
  | { k: 'unblock'; measure: number; advance: number }
  | { k: 'reschedule'; measure: number; dueIn: number; advance: number }
  | { k: 'complete'; measure: number; advance: number }
  | { k: 'cancelMeasure'; measure: number; advance: number }
  | { k: 'schedule'; plan: number; fields: number[]; inDays: number; advance: number }
  | { k: 'hold'; meeting: number; affected: number; involved: number; responsible: number; advance: number }
  | { k: 'minutes'; meeting: number; n: number; advance: number }
  | { k: 'cancelMeeting'; meeting: number; advance: number }
  | { k: 'adopt'; plan: number; advance: number }
  | { k: 'conclude'; plan: number; advance: number };

/** One append the store is asked to make: events of one stream, with the revision the writer expects. */
export interface PlannedAppend {
  stream: string;
  expectedRevision: ExpectedRevision;
  events: EventToAppend[];
  planId: string;
}

interface Tracked<S> {
  id: string;
  planId: string;
  state: S;
  revision: bigint | undefined;
}

const idx = fc.nat({ max: 1_000 });
/** Minutes to move the clock before the command: mostly a little, sometimes days. */
const advance = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 180 }) },
  { weight: 2, arbitrary: fc.integer({ min: 180, max: 4 * 1440 }) },
);

/** A step of command traffic; `weights` tilts the mix (e.g. towards many progress reports). */
export function stepArbitrary(weights: Partial<Record<Step['k'], number>> = {}): fc.Arbitrary<Step> {
  const w = (k: Step['k'], fallback: number) => weights[k] ?? fallback;
  const entry = <T extends Step>(k: T['k'], fallback: number, arbitrary: fc.Arbitrary<T>) => ({
    weight: w(k, fallback),
    arbitrary: arbitrary as fc.Arbitrary<Step>,
  });
  return fc.oneof(
    entry('draft', 1, fc.record({ k: fc.constant('draft'), customFields: fc.boolean(), advance })),
    entry(
      'addField',
      1,
      fc.record({ k: fc.constant('addField'), plan: idx, n: fc.nat({ max: 6 }), advance }),
    ),
    entry(
      'defineGoal',
      5,
      fc.record({
        k: fc.constant('defineGoal'),
        plan: idx,
        field: idx,
        indicator: fc.boolean(),
        baseline: fc.integer({ min: 0, max: 100 }),
        delta: fc.integer({ min: -50, max: 200 }),
        advance,
      }),
    ),
    entry(
      'reviseGoal',
      1,
      fc.record({
        k: fc.constant('reviseGoal'),
        goal: idx,
        target: fc.integer({ min: 0, max: 500 }),
        advance,
      }),
    ),
    entry(
      'measureGoal',
      4,
      fc.record({
        k: fc.constant('measureGoal'),
        goal: idx,
        value: fc.integer({ min: -20, max: 400 }),
        daysAgo: fc.integer({ min: 0, max: 40 }),
        advance,
      }),
    ),
    entry('achieveGoal', 1, fc.record({ k: fc.constant('achieveGoal'), goal: idx, advance })),
    entry('dropGoal', 1, fc.record({ k: fc.constant('dropGoal'), goal: idx, advance })),
    entry('partner', 1, fc.record({ k: fc.constant('partner'), plan: idx, n: fc.nat({ max: 4 }), advance })),
    entry(
      'planMeasure',
      5,
      fc.record({
        k: fc.constant('planMeasure'),
        plan: idx,
        goals: fc.array(idx, { minLength: 1, maxLength: 3 }),
        weight: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
        dueIn: fc.integer({ min: 0, max: 240 }),
        byPartner: fc.boolean(),
        advance,
      }),
    ),
    entry('startMeasure', 4, fc.record({ k: fc.constant('startMeasure'), measure: idx, advance })),
    entry(
      'report',
      8,
      fc.record({
        k: fc.constant('report'),
        measure: idx,
        percent: fc.integer({ min: 0, max: 100 }),
        advance,
      }),
    ),
    entry('block', 1, fc.record({ k: fc.constant('block'), measure: idx, advance })),
    entry('unblock', 1, fc.record({ k: fc.constant('unblock'), measure: idx, advance })),
    entry(
      'reschedule',
      1,
      fc.record({
        k: fc.constant('reschedule'),
        measure: idx,
        dueIn: fc.integer({ min: 0, max: 300 }),
        advance,
      }),
    ),
    entry('complete', 1, fc.record({ k: fc.constant('complete'), measure: idx, advance })),
    entry('cancelMeasure', 1, fc.record({ k: fc.constant('cancelMeasure'), measure: idx, advance })),
    entry(
      'schedule',
      2,
      fc.record({
        k: fc.constant('schedule'),
        plan: idx,
        fields: fc.array(idx, { maxLength: 2 }),
        inDays: fc.integer({ min: -10, max: 60 }),
        advance,
      }),
    ),
    entry(
      'hold',
      2,
      fc.record({
        k: fc.constant('hold'),
        meeting: idx,
        affected: fc.nat({ max: 80 }),
        involved: fc.nat({ max: 40 }),
        responsible: fc.nat({ max: 10 }),
        advance,
      }),
    ),
    entry(
      'minutes',
      1,
      fc.record({ k: fc.constant('minutes'), meeting: idx, n: fc.nat({ max: 3 }), advance }),
    ),
    entry('cancelMeeting', 1, fc.record({ k: fc.constant('cancelMeeting'), meeting: idx, advance })),
    entry('adopt', 1, fc.record({ k: fc.constant('adopt'), plan: idx, advance })),
    entry('conclude', 0, fc.record({ k: fc.constant('conclude'), plan: idx, advance })),
  );
}

/** A command sequence: always starts by drafting a plan, so that most later steps have a target. */
export function stepsArbitrary(
  minLength: number,
  maxLength: number,
  weights?: Partial<Record<Step['k'], number>>,
): fc.Arbitrary<Step[]> {
  return fc
    .tuple(fc.boolean(), fc.array(stepArbitrary(weights), { minLength, maxLength, size: 'max' }))
    .map(([customFields, rest]) => [{ k: 'draft', customFields, advance: 0 } as Step, ...rest]);
}

const MUNICIPALITY_ID = '0b7e4b52-6a8e-4c1d-9a51-0c3f2f6f1a10';
const at = <T>(list: readonly T[], i: number): T | undefined =>
  list.length === 0 ? undefined : list[i % list.length];

/** Holds the deciders' states; turns steps into appends (or nothing, when the decider refuses). */
export class PlanWorld {
  readonly plans: Tracked<PlanState>[] = [];
  readonly measures: Tracked<MeasureState>[] = [];
  readonly meetings: Tracked<MeetingState>[] = [];
  readonly appends: PlannedAppend[] = [];
  refused = 0;
  now: Date;
  private picks = 0;

  constructor(private readonly options: { maxPlans?: number; start?: Date; actorRole?: ActorRole } = {}) {
    this.now = options.start ?? new Date('2026-01-05T08:00:00Z');
  }

  get eventCount(): number {
    return this.appends.reduce((n, a) => n + a.events.length, 0);
  }

  /** Decides the step; returns the append it asks for, or undefined when refused (or a no-op). */
  step(step: Step): PlannedAppend | undefined {
    this.now = new Date(this.now.getTime() + step.advance * 60_000);
    try {
      const append = this.decide(step);
      if (append) this.appends.push(append);
      return append;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.refused += 1;
      return undefined;
    }
  }

  private meta(reason?: string): CommandMetadata {
    return {
      now: this.now,
      actorId: 'member-coordinator',
      actorRole: this.options.actorRole ?? 'coordinator',
      ...(reason ? { reason } : {}),
    };
  }

  private today(offsetDays = 0): string {
    return dayOf(new Date(this.now.getTime() + offsetDays * 86_400_000));
  }

  private goals() {
    return this.plans.flatMap((p) =>
      p.state.status === 'none' ? [] : p.state.goals.map((goal) => ({ plan: p, goal })),
    );
  }

  /**
   * Most measure commands go to a measure whose status allows them (else nearly all would be refused); one
   * in five goes to any measure, so that refusals still happen.
   */
  private measureCandidates(k: Step['k']): Tracked<MeasureState>[] {
    this.picks += 1;
    if (this.picks % 5 === 0) return this.measures;
    const wanted =
      k === 'startMeasure' ? ['planned'] : k === 'unblock' ? ['blocked'] : k === 'report' ? ['started'] : [];
    const fitting = this.measures.filter((m) => wanted.includes(m.state.status));
    return wanted.length > 0 && fitting.length > 0 ? fitting : this.measures;
  }

  private statusOf(planId: string): PlanStatus {
    const plan = this.plans.find((p) => p.id === planId)!;
    if (plan.state.status === 'none') throw new Error('a measure of a plan that does not exist');
    return plan.state.status;
  }

  private decide(step: Step): PlannedAppend | undefined {
    switch (step.k) {
      case 'draft': {
        if (this.plans.length >= (this.options.maxPlans ?? 3)) return undefined;
        const planId = randomUUID();
        const tracked: Tracked<PlanState> = {
          id: planId,
          planId,
          state: planDecider.initialState,
          revision: undefined,
        };
        this.plans.push(tracked);
        return this.onPlan(tracked, {
          type: 'DraftPlan',
          data: {
            municipalityId: MUNICIPALITY_ID,
            planId,
            title: `Masterplan ${this.plans.length}`,
            vision: 'Alle, die hier leben, finden Wohnung, Ausbildung und Arbeit.',
            horizonStart: '2026-01-01',
            horizonEnd: '2030-12-31',
            themeFields: step.customFields
              ? [
                  { key: 'housing', name: 'Wohnen' },
                  { key: 'language', name: 'Sprache' },
                ]
              : undefined,
          },
          metadata: this.meta(),
        });
      }
      case 'addField': {
        const plan = at(this.plans, step.plan);
        if (!plan) return undefined;
        return this.onPlan(plan, {
          type: 'AddThemeField',
          data: { key: `field-${step.n}`, name: `Feld ${step.n}` },
          metadata: this.meta(),
        });
      }
      case 'defineGoal': {
        const plan = at(this.plans, step.plan);
        if (!plan || plan.state.status === 'none') return undefined;
        const field = at(plan.state.themeFields, step.field);
        if (!field) return undefined;
        return this.onPlan(plan, {
          type: 'DefineGoal',
          data: {
            goalId: randomUUID(),
            themeField: field.key,
            title: `Ziel ${plan.state.goals.length + 1}`,
            ...(step.indicator
              ? {
                  indicator: 'Personen in eigener Wohnung',
                  unit: 'Personen',
                  baseline: step.baseline,
                  target: step.baseline + step.delta,
                  targetDate: '2028-12-31',
                }
              : {}),
          },
          metadata: this.meta(),
        });
      }
      case 'reviseGoal': {
        const found = at(this.goals(), step.goal);
        if (!found) return undefined;
        return this.onPlan(found.plan, {
          type: 'ReviseGoal',
          data: { goalId: found.goal.id, target: step.target, reason: 'Fortschreibung' },
          metadata: this.meta(),
        });
      }
      case 'measureGoal': {
        const found = at(this.goals(), step.goal);
        if (!found) return undefined;
        return this.onPlan(found.plan, {
          type: 'MeasureGoalIndicator',
          data: { goalId: found.goal.id, value: step.value, measuredOn: this.today(-step.daysAgo) },
          metadata: this.meta(),
        });
      }
      case 'achieveGoal': {
        const found = at(this.goals(), step.goal);
        if (!found) return undefined;
        return this.onPlan(found.plan, {
          type: 'AchieveGoal',
          data: { goalId: found.goal.id },
          metadata: this.meta(),
        });
      }
      case 'dropGoal': {
        const found = at(this.goals(), step.goal);
        if (!found) return undefined;
        return this.onPlan(found.plan, {
          type: 'DropGoal',
          data: { goalId: found.goal.id },
          metadata: this.meta('nicht mehr verfolgt'),
        });
      }
      case 'partner': {
        const plan = at(this.plans, step.plan);
        if (!plan) return undefined;
        return this.onPlan(plan, {
          type: 'RegisterPartner',
          data: { partnerId: randomUUID(), name: `Verein ${step.n}`, kind: 'association' },
          metadata: this.meta(),
        });
      }
      case 'adopt':
      case 'conclude': {
        const plan = at(this.plans, step.plan);
        if (!plan) return undefined;
        return this.onPlan(plan, {
          type: 'RecordDecision',
          data: {
            decisionId: randomUUID(),
            kind: step.k === 'adopt' ? 'adopt-plan' : 'conclude-plan',
            body: 'Gemeinderat',
            reference: `GR-2026/${this.plans.length}`,
            decidedOn: this.today(),
            subject: 'Beschluss des Masterplans',
          },
          metadata: this.meta(),
        });
      }
      case 'planMeasure': {
        const plan = at(this.plans, step.plan);
        if (!plan || plan.state.status === 'none') return undefined;
        const facts = planFacts(plan.state);
        const goalIds = step.goals.map((g) => at(facts.goals, g)?.id).filter((id) => id !== undefined);
        const partner = at(facts.partners, step.plan);
        const measureId = randomUUID();
        const tracked: Tracked<MeasureState> = {
          id: measureId,
          planId: plan.planId,
          state: measureDecider.initialState,
          revision: undefined,
        };
        const append = this.onMeasure(tracked, {
          type: 'PlanMeasure',
          data: {
            measureId,
            title: `Maßnahme ${this.measures.length + 1}`,
            goalIds,
            responsible: step.byPartner && partner ? { partnerId: partner } : { office: 'Integrationsbüro' },
            startDate: this.today(),
            dueDate: this.today(step.dueIn),
            weight: step.weight,
            plan: facts,
          },
          metadata: this.meta(),
        });
        if (append) this.measures.push(tracked);
        return append;
      }
      case 'startMeasure':
      case 'report':
      case 'block':
      case 'unblock':
      case 'reschedule':
      case 'complete':
      case 'cancelMeasure': {
        const measure = at(this.measureCandidates(step.k), step.measure);
        if (!measure) return undefined;
        const planStatus = this.statusOf(measure.planId);
        const metadata = this.meta();
        const command: MeasureCommand =
          step.k === 'startMeasure'
            ? { type: 'StartMeasure', data: { planStatus }, metadata }
            : step.k === 'report'
              ? {
                  type: 'ReportProgress',
                  data: { planStatus, percent: step.percent, note: `${step.percent} % erreicht` },
                  metadata,
                }
              : step.k === 'block'
                ? { type: 'BlockMeasure', data: { planStatus, reason: 'Raum fehlt' }, metadata }
                : step.k === 'unblock'
                  ? { type: 'UnblockMeasure', data: { planStatus }, metadata }
                  : step.k === 'reschedule'
                    ? {
                        type: 'RescheduleMeasure',
                        data: { planStatus, dueDate: this.today(step.dueIn), reason: 'Verzug' },
                        metadata,
                      }
                    : step.k === 'complete'
                      ? { type: 'CompleteMeasure', data: { planStatus, note: 'fertig' }, metadata }
                      : {
                          type: 'CancelMeasure',
                          data: { planStatus, reason: 'Förderung entfallen' },
                          metadata,
                        };
        return this.onMeasure(measure, command);
      }
      case 'schedule': {
        const plan = at(this.plans, step.plan);
        if (!plan || plan.state.status === 'none') return undefined;
        const facts = planFacts(plan.state);
        const meetingId = randomUUID();
        const tracked: Tracked<MeetingState> = {
          id: meetingId,
          planId: plan.planId,
          state: meetingDecider.initialState,
          revision: undefined,
        };
        const append = this.onMeeting(tracked, {
          type: 'ScheduleMeeting',
          data: {
            meetingId,
            title: `Dialog ${this.meetings.length + 1}`,
            kind: 'dialogue',
            scheduledFor: new Date(this.now.getTime() + step.inDays * 86_400_000).toISOString(),
            themeFields: step.fields.map((f) => at(facts.themeFields, f)!).filter(Boolean),
            plan: facts,
          },
          metadata: this.meta(),
        });
        if (append) this.meetings.push(tracked);
        return append;
      }
      case 'hold':
      case 'minutes':
      case 'cancelMeeting': {
        const meeting = at(this.meetings, step.meeting);
        if (!meeting) return undefined;
        const planStatus = this.statusOf(meeting.planId);
        const metadata = this.meta();
        const command: MeetingCommand =
          step.k === 'hold'
            ? {
                type: 'HoldMeeting',
                data: {
                  planStatus,
                  heldOn: this.today(),
                  attendance: {
                    affected: step.affected,
                    involved: step.involved,
                    responsible: step.responsible,
                  },
                  outcomes: ['Sprachcafé einrichten'],
                  concerns: [],
                },
                metadata,
              }
            : step.k === 'minutes'
              ? { type: 'PublishMinutes', data: { planStatus, text: `Protokoll ${step.n}` }, metadata }
              : { type: 'CancelMeeting', data: { planStatus, reason: 'Unwetter' }, metadata };
        return this.onMeeting(meeting, command);
      }
    }
  }

  private onPlan(plan: Tracked<PlanState>, command: PlanCommand): PlannedAppend | undefined {
    const events = planDecider.decide(command, plan.state);
    if (events.length === 0) return undefined;
    plan.state = events.reduce(planDecider.evolve, plan.state);
    return this.record(plan, planStream(plan.id), events, command.metadata);
  }

  private onMeasure(measure: Tracked<MeasureState>, command: MeasureCommand): PlannedAppend | undefined {
    const events = measureDecider.decide(command, measure.state);
    if (events.length === 0) return undefined;
    measure.state = events.reduce(measureDecider.evolve, measure.state);
    return this.record(measure, measureStream(measure.id), events, command.metadata);
  }

  private onMeeting(meeting: Tracked<MeetingState>, command: MeetingCommand): PlannedAppend | undefined {
    const events = meetingDecider.decide(command, meeting.state);
    if (events.length === 0) return undefined;
    meeting.state = events.reduce(meetingDecider.evolve, meeting.state);
    return this.record(meeting, meetingStream(meeting.id), events, command.metadata);
  }

  private record<S>(
    tracked: Tracked<S>,
    stream: string,
    events: readonly { type: string; data: unknown }[],
    metadata: CommandMetadata,
  ): PlannedAppend {
    const expectedRevision: ExpectedRevision = tracked.revision ?? 'no_stream';
    tracked.revision = (tracked.revision ?? -1n) + BigInt(events.length);
    const correlationId = randomUUID();
    return {
      stream,
      expectedRevision,
      planId: tracked.planId,
      events: events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data,
        metadata: {
          actorId: metadata.actorId,
          actorRole: metadata.actorRole,
          municipalityId: MUNICIPALITY_ID,
          correlationId,
          occurredAt: metadata.now.toISOString(),
          ...(metadata.reason ? { reason: metadata.reason } : {}),
        },
      })),
    };
  }
}

/** The world after `length` steps sampled with a fixed seed: the same history on every run. */
export function sampledWorld(length: number, seed: number, maxPlans?: number): PlanWorld {
  const [steps] = fc.sample(stepsArbitrary(length, length), { numRuns: 1, seed });
  const world = new PlanWorld({ maxPlans });
  for (const step of steps!) world.step(step);
  return world;
}

/** Appends one planned append with its explicit ids and the exact expected revision. */
export async function appendPlanned(store: EventStore, append: PlannedAppend): Promise<bigint> {
  const result = await store.append(append.stream, append.events, {
    expectedRevision: append.expectedRevision,
  });
  return result.position;
}

/**
 * The appends' events as a store would record them, but with recordedAt = the command's time (days apart),
 * which no real store lets a test choose.
 */
export function recordedEvents(appends: readonly PlannedAppend[]): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  const revisions = new Map<string, bigint>();
  for (const append of appends) {
    for (const event of append.events) {
      const revision = (revisions.get(append.stream) ?? -1n) + 1n;
      revisions.set(append.stream, revision);
      events.push({
        id: event.id!,
        type: event.type,
        schemaVersion: 1,
        data: event.data,
        metadata: event.metadata ?? {},
        streamId: append.stream,
        revision,
        position: BigInt(events.length + 1),
        recordedAt: new Date(event.metadata!.occurredAt!),
        prevHash: '',
        hash: `h${events.length + 1}`,
      });
    }
  }
  return events;
}
