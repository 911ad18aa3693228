/**
 * `npm run bench:reminders -- --policy`: CPU time of the reminder policy per progress report, on one plan
 * with N started measures (500, as in bench:api), fed the way the read side feeds it: batches of progress
 * reports round-robin over the measures, each batch in one transaction of a temp SQLite read database,
 * PlanViewProjection first (not timed), then the policy (timed: process CPU time, user + system, and wall).
 *
 * Two policies on the same events, each on its own database:
 *   - "full replan per batch": what the policy did before, ReminderPolicyProjection.replan of every plan a
 *     batch touches (re-read and parse the view, every reminder of the plan, diff against all its rows);
 *   - "incremental (shipped)": ReminderPolicyProjection.apply.
 * A first round over all measures is a warm-up (the incremental policy plans the plan in full there) and is
 * not counted. Each policy stops after --reports reports or --seconds seconds, whichever comes first.
 */
import type { RecordedEvent } from '@app/event-store';
import { PlanViewProjection, type Projection } from '@app/projections';
import { planIdOf } from '@app/read-models';
import { ReminderPolicyProjection } from '@app/reminders';
import { migrate, SqliteDatabase, TENANCY_MIGRATIONS, type SqlExecutor } from '@app/sql';

export interface PolicyBenchOptions {
  path: (name: string) => string;
  measures: number;
  batch: number;
  reports: number;
  seconds: number;
  say: (line: string) => void;
}

const MUNICIPALITY = '0a000000-0000-4000-8000-000000000001';
const PLAN = '0b000000-0000-4000-8000-000000000001';
const measureId = (m: number) => `0c000000-0000-4000-8000-${m.toString(16).padStart(12, '0')}`;
const dayFrom = (now: number, offset: number) =>
  new Date(now + offset * 86_400_000).toISOString().slice(0, 10);

/** The policy before: every touched plan in full, per batch. */
class FullReplanPerBatch implements Projection {
  readonly name = 'reminder-policy';
  readonly migrations: Projection['migrations'];
  constructor(private readonly policy: ReminderPolicyProjection) {
    this.migrations = policy.migrations;
  }
  async apply(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
    for (const planId of new Set(events.map(planIdOf).filter((id) => id !== undefined)))
      await this.policy.replan(tx, planId);
  }
  async reset(): Promise<void> {}
}

/** Builds RecordedEvents with increasing positions, stamped now. */
function eventFactory() {
  let position = 0n;
  return (type: string, stream: string, data: object): RecordedEvent => {
    position += 1n;
    return {
      id: `e${position}`,
      type,
      schemaVersion: 1,
      data: { municipalityId: MUNICIPALITY, planId: PLAN, ...data },
      metadata: { actorId: 'bench', actorRole: 'coordinator', municipalityId: MUNICIPALITY },
      streamId: stream,
      revision: 0n,
      position,
      recordedAt: new Date(),
      prevHash: '',
      hash: `h${position}`,
    };
  };
}

function setupEvents(event: ReturnType<typeof eventFactory>, measures: number): RecordedEvent[] {
  const now = Date.now();
  const today = dayFrom(now, 0);
  const plan = `plan-${PLAN}`;
  const out = [
    event('PlanDrafted', plan, {
      title: 'Masterplan',
      vision: 'Gemeinsam gut leben',
      horizonStart: dayFrom(now, -30),
      horizonEnd: dayFrom(now, 1500),
    }),
    event('ThemeFieldAdded', plan, { key: 'housing', name: 'Wohnen' }),
    event('GoalDefined', plan, {
      goalId: 'goal-1',
      themeField: 'housing',
      title: 'Ziel',
      targetDate: dayFrom(now, 400),
    }),
  ];
  for (let m = 0; m < measures; m++) {
    const ref = { measureId: measureId(m) };
    out.push(
      event('MeasurePlanned', `measure-${ref.measureId}`, {
        ...ref,
        title: `Maßnahme ${m}`,
        goalIds: ['goal-1'],
        responsible: { office: 'Integrationsbüro' },
        startDate: today,
        dueDate: dayFrom(now, 60 + (m % 700)),
        weight: 1,
      }),
    );
  }
  for (let m = 0; m < measures; m++)
    out.push(
      event('MeasureStarted', `measure-${measureId(m)}`, { measureId: measureId(m), startedOn: today }),
    );
  return out;
}

async function runPolicy(label: string, makePolicy: () => Projection, options: PolicyBenchOptions) {
  const db = new SqliteDatabase(options.path(label.replace(/\W+/g, '-')));
  const views = new PlanViewProjection();
  const policy = makePolicy();
  await migrate(db, [...TENANCY_MIGRATIONS, ...views.migrations, ...policy.migrations]);
  await db.execute(
    'INSERT INTO municipalities (id, name, slug, time_zone, created_at) VALUES ($1, $2, $3, $4, $5)',
    [MUNICIPALITY, 'Gemeinde', 'gemeinde', 'Europe/Berlin', new Date().toISOString()],
  );
  const event = eventFactory();
  const today = dayFrom(Date.now(), 0);
  let cpu = 0;
  let wall = 0;
  const apply = async (batch: RecordedEvent[], timed: boolean) => {
    await db.transaction(async (tx) => {
      await views.apply(tx, batch);
      const cpuBefore = process.cpuUsage();
      const wallBefore = performance.now();
      await policy.apply(tx, batch);
      if (!timed) return;
      const used = process.cpuUsage(cpuBefore);
      cpu += used.user + used.system;
      wall += performance.now() - wallBefore;
    });
    views.settled(true);
    policy.settled?.(true);
  };
  await apply(setupEvents(event, options.measures), false);
  const report = (n: number) =>
    event('ProgressReported', `measure-${measureId(n % options.measures)}`, {
      measureId: measureId(n % options.measures),
      percent: n % 101,
      note: 'weiter',
      reportedOn: today,
    });
  let n = 0;
  while (n < options.measures) {
    const batch = Array.from({ length: Math.min(options.batch, options.measures - n) }, () => report(n++));
    await apply(batch, false);
  }
  const stopAt = performance.now() + options.seconds * 1000;
  let counted = 0;
  while (counted < options.reports && performance.now() < stopAt) {
    const batch = Array.from({ length: options.batch }, () => report(n++));
    await apply(batch, true);
    counted += batch.length;
  }
  const scheduled = await db.query<{ n: number }>(
    "SELECT count(*) AS n FROM reminders WHERE status = 'scheduled'",
  );
  await db.close();
  options.say(
    `| ${label} | ${counted.toLocaleString('en-US')} | ${(cpu / counted).toFixed(1)} µs | ${((wall * 1000) / counted).toFixed(1)} µs | ${scheduled[0]!.n} |`,
  );
  return cpu / counted;
}

export async function policyBench(options: PolicyBenchOptions): Promise<void> {
  options.say(
    `reminder policy per progress report: one plan, ${options.measures} started measures (Europe/Berlin), ` +
      `batches of ${options.batch} reports round-robin, at most ${options.reports.toLocaleString('en-US')} ` +
      `reports or ${options.seconds} s per policy, after a warm-up round`,
  );
  options.say('| policy | reports | CPU per report | wall per report | scheduled reminders |');
  options.say('| --- | ---: | ---: | ---: | ---: |');
  const before = await runPolicy(
    'full replan per batch (before)',
    () => new FullReplanPerBatch(new ReminderPolicyProjection(() => undefined)),
    options,
  );
  const after = await runPolicy(
    'incremental (shipped)',
    () => new ReminderPolicyProjection(() => undefined),
    options,
  );
  options.say(`CPU per report: ${(before / after).toFixed(1)} × less with the incremental policy`);
}
