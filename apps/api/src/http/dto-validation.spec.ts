import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validate, type ValidationError } from 'class-validator';
import {
  BlockMeasureDto,
  CancelMeasureDto,
  CompleteMeasureDto,
  PlanMeasureDto,
  ReportProgressDto,
  RescheduleMeasureDto,
  StartMeasureDto,
  UnblockMeasureDto,
} from '../measures/measure.dto.js';
import {
  AttendanceDto,
  CancelMeetingDto,
  MeetingHeldDto,
  PublishMinutesDto,
  ScheduleMeetingDto,
} from '../meetings/meeting.dto.js';
import {
  AchieveGoalDto,
  DefineGoalDto,
  DropGoalDto,
  MeasureGoalDto,
  ReviseGoalDto,
} from '../plans/goal.dto.js';
import {
  AddThemeFieldDto,
  CreatePlanDto,
  RecordDecisionDto,
  RegisterPartnerDto,
  ThemeFieldDto,
} from '../plans/plan.dto.js';
import { ResponsibleDto } from '../measures/measure.dto.js';
import { isInstant } from './dto-rules.js';

/** What the global ValidationPipe of configure-http.ts uses. */
const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

type Body = Record<string, unknown>;

/** The failing fields as the problem body names them (`themeFields.0.key`), each with its constraint names. */
async function problems(dto: ClassConstructor<object>, body: unknown): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(dto, body) as object, OPTIONS);
  const found: Record<string, string[]> = {};
  const walk = (list: ValidationError[], parent: string) => {
    for (const error of list) {
      const field = parent ? `${parent}.${error.property}` : error.property;
      if (error.constraints) found[field] = Object.keys(error.constraints);
      walk(error.children ?? [], field);
    }
  };
  walk(errors, '');
  return found;
}

/** Leaves a property out of the body. */
const OMIT = Symbol('omit');
function edit(body: Body, patch: Record<string, unknown>): Body {
  const copy: Body = { ...body, ...patch };
  for (const [key, value] of Object.entries(copy)) if (value === OMIT) delete copy[key];
  return copy;
}

const long = (n: number) => 'x'.repeat(n);
const UUID_A = '0f8fad5b-d9cb-469f-a165-70867728950e';
const UUID_B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const UUID_V7 = '01890a5d-ac96-774b-bcce-b302099a8057';

/** [what, edit of the valid body, the one field that must fail] */
type Bad = [string, Record<string, unknown>, string];

function describeDto(name: string, dto: ClassConstructor<object>, valid: Body[], bad: Bad[]): void {
  describe(name, () => {
    it.each(valid.map((body, i) => [i, body] as const))('accepts valid body #%s', async (_i, body) => {
      expect(await problems(dto, body)).toEqual({});
    });
    const base = valid[0]!;
    it.each(bad)('rejects %s', async (_what, patch, field) => {
      const found = await problems(dto, edit(base, patch));
      expect(Object.keys(found)).toEqual([field]);
    });
  });
}

const CREATE_PLAN: Body = {
  title: 'Masterplan Integration 2026–2030',
  vision: 'Beispielstadt ist 2030 eine Stadt,\n\tin der alle sicher wohnen.',
  horizonStart: '2026-01-01',
  horizonEnd: '2030-12-31',
  themeFields: [
    { key: 'housing', name: 'Wohnen' },
    { key: 'fears-and-living-together', name: 'Ängste und Zusammenleben' },
  ],
};

describeDto(
  'CreatePlanDto',
  CreatePlanDto,
  [
    CREATE_PLAN,
    edit(CREATE_PLAN, { themeFields: OMIT }),
    edit(CREATE_PLAN, { themeFields: [], reason: 'Auftakt nach dem Flüchtlingsdialog' }),
    edit(CREATE_PLAN, { title: long(200), vision: long(10_000), horizonEnd: '2028-02-29' }),
  ],
  [
    ['a missing title', { title: OMIT }, 'title'],
    ['a numeric title', { title: 42 }, 'title'],
    ['an empty title', { title: '' }, 'title'],
    ['a blank title', { title: '   ' }, 'title'],
    ['a title of 201 characters', { title: long(201) }, 'title'],
    ['a title with a NUL', { title: 'Master\u0000plan' }, 'title'],
    ['a title with a newline', { title: 'Master\nplan' }, 'title'],
    ['a title with a C1 control', { title: 'Master\u0085plan' }, 'title'],
    ['a missing vision', { vision: OMIT }, 'vision'],
    ['a vision of 10001 characters', { vision: long(10_001) }, 'vision'],
    ['a vision with an escape character', { vision: 'Zukunft\u001b[31m' }, 'vision'],
    ['a vision with a carriage return', { vision: 'Zukunft\r\nbild' }, 'vision'],
    ['February 30th', { horizonStart: '2026-02-30' }, 'horizonStart'],
    ['February 29th of a common year', { horizonEnd: '2027-02-29' }, 'horizonEnd'],
    ['a day without padding', { horizonStart: '2026-3-1' }, 'horizonStart'],
    ['a timestamp for a day', { horizonStart: '2026-03-01T00:00:00Z' }, 'horizonStart'],
    ['a numeric day', { horizonEnd: 20301231 }, 'horizonEnd'],
    ['a missing horizonEnd', { horizonEnd: OMIT }, 'horizonEnd'],
    ['themeFields as a string', { themeFields: 'housing' }, 'themeFields'],
    ['themeFields as null', { themeFields: null }, 'themeFields'],
    ['a theme field that is a string', { themeFields: ['housing'] }, 'themeFields.0'],
    [
      'a theme field key with capitals',
      { themeFields: [{ key: 'Housing', name: 'Wohnen' }] },
      'themeFields.0.key',
    ],
    [
      'a theme field key with a double dash',
      { themeFields: [{ key: 'a--b', name: 'AB' }] },
      'themeFields.0.key',
    ],
    [
      'a theme field key of 61 characters',
      { themeFields: [{ key: long(61), name: 'X' }] },
      'themeFields.0.key',
    ],
    ['a theme field without a name', { themeFields: [{ key: 'housing' }] }, 'themeFields.0.name'],
    [
      'an extra property in a theme field',
      { themeFields: [{ key: 'housing', name: 'Wohnen', colour: 'red' }] },
      'themeFields.0.colour',
    ],
    [
      'duplicate theme field keys',
      {
        themeFields: [
          { key: 'housing', name: 'Wohnen' },
          { key: 'housing', name: 'Wohnraum' },
        ],
      },
      'themeFields',
    ],
    [
      '51 theme fields',
      { themeFields: Array.from({ length: 51 }, (_, i) => ({ key: `field-${i}`, name: `Feld ${i}` })) },
      'themeFields',
    ],
    ['an extra property', { municipalityId: UUID_A }, 'municipalityId'],
    ['an empty reason', { reason: '' }, 'reason'],
    ['a null reason', { reason: null }, 'reason'],
    ['a reason of 2001 characters', { reason: long(2001) }, 'reason'],
  ],
);

const THEME_FIELD: Body = { key: 'sport-and-culture', name: 'Sport und Kultur' };

describeDto(
  'AddThemeFieldDto',
  AddThemeFieldDto,
  [THEME_FIELD, edit(THEME_FIELD, { reason: 'Wunsch aus dem Integrationsdialog' })],
  [
    ['a missing key', { key: OMIT }, 'key'],
    ['a key with a space', { key: 'sport and culture' }, 'key'],
    ['a key with a trailing dash', { key: 'sport-' }, 'key'],
    ['a numeric key', { key: 7 }, 'key'],
    ['a missing name', { name: OMIT }, 'name'],
    ['a name of 201 characters', { name: long(201) }, 'name'],
    ['a name with a tab', { name: 'Sport\tKultur' }, 'name'],
    ['an extra property', { id: 'x' }, 'id'],
  ],
);

const DEFINE_GOAL: Body = {
  themeField: 'housing',
  title: 'Geflüchtete wohnen in eigenen Wohnungen',
  description: 'Gemeinsam mit der Wohnbaugesellschaft.\nZweiter Absatz.',
  indicator: 'Personen in eigenem Mietverhältnis',
  unit: 'Personen',
  baseline: 20,
  target: 120,
  targetDate: '2028-06-30',
  originMeetingId: UUID_A,
};

describeDto(
  'DefineGoalDto',
  DefineGoalDto,
  [
    DEFINE_GOAL,
    { themeField: 'safety', title: 'Sichere Wege' },
    edit(DEFINE_GOAL, { baseline: -1e12, target: 1e12, originMeetingId: UUID_V7 }),
    edit(DEFINE_GOAL, { baseline: 0.5, target: 0 }),
  ],
  [
    ['a missing themeField', { themeField: OMIT }, 'themeField'],
    ['a themeField that is no slug', { themeField: 'Wohnen' }, 'themeField'],
    ['a missing title', { title: OMIT }, 'title'],
    ['a description of 10001 characters', { description: long(10_001) }, 'description'],
    ['a null description', { description: null }, 'description'],
    ['an empty description', { description: '' }, 'description'],
    ['an indicator of 501 characters', { indicator: long(501) }, 'indicator'],
    ['a unit of 41 characters', { unit: long(41) }, 'unit'],
    ['a unit with a newline', { unit: 'Per\nsonen' }, 'unit'],
    ['a baseline as text', { baseline: '20' }, 'baseline'],
    ['a baseline beyond 1e12', { baseline: 1e12 + 1 }, 'baseline'],
    ['a target below -1e12', { target: -2e12 }, 'target'],
    ['a target that is an object', { target: { value: 1 } }, 'target'],
    ['April 31st', { targetDate: '2028-04-31' }, 'targetDate'],
    ['an originMeetingId that is no UUID', { originMeetingId: 'meeting-1' }, 'originMeetingId'],
    ['an extra property', { goalId: UUID_A }, 'goalId'],
    ['a numeric reason', { reason: 5 }, 'reason'],
  ],
);

describeDto(
  'ReviseGoalDto',
  ReviseGoalDto,
  [
    { target: 150, reason: 'Neue Zahlen des Wohnungsamts' },
    { reason: 'nur der Grund' },
    {
      themeField: 'education',
      title: 'Sprachkurse für alle',
      description: null,
      indicator: null,
      unit: null,
      baseline: null,
      target: null,
      targetDate: null,
      reason: 'Ziel vereinfacht',
    },
    edit(DEFINE_GOAL, { originMeetingId: OMIT, reason: 'alles neu' }),
  ],
  [
    ['a missing reason', { reason: OMIT }, 'reason'],
    ['a blank reason', { reason: ' \n ' }, 'reason'],
    ['a null reason', { reason: null }, 'reason'],
    ['a null title (titles cannot be cleared)', { title: null }, 'title'],
    ['a null themeField', { themeField: null }, 'themeField'],
    ['an empty description (null clears)', { description: '' }, 'description'],
    ['a baseline as text', { baseline: 'zwanzig' }, 'baseline'],
    ['a target beyond 1e12', { target: 1e13 }, 'target'],
    ['February 30th', { targetDate: '2026-02-30' }, 'targetDate'],
    ['a title with a control character', { title: 'Ziel\u0007' }, 'title'],
    ['an originMeetingId (not revisable)', { originMeetingId: UUID_A }, 'originMeetingId'],
  ],
);

const MEASURE_GOAL: Body = { value: 65, measuredOn: '2026-03-01', source: 'Wohnungsamt' };

describeDto(
  'MeasureGoalDto',
  MeasureGoalDto,
  [
    MEASURE_GOAL,
    { value: -3.5, measuredOn: '2028-02-29' },
    edit(MEASURE_GOAL, { value: 0, reason: 'Quartal' }),
  ],
  [
    ['a missing value', { value: OMIT }, 'value'],
    ['a value as text', { value: '65' }, 'value'],
    ['a null value', { value: null }, 'value'],
    ['a value beyond 1e12', { value: 1e15 }, 'value'],
    ['a missing measuredOn', { measuredOn: OMIT }, 'measuredOn'],
    ['February 29th of a common year', { measuredOn: '2026-02-29' }, 'measuredOn'],
    ['month 13', { measuredOn: '2026-13-01' }, 'measuredOn'],
    ['a source of 2001 characters', { source: long(2001) }, 'source'],
    ['a source with a DEL', { source: 'Amt\u007f' }, 'source'],
    ['an extra property', { goalId: UUID_A }, 'goalId'],
  ],
);

describeDto(
  'AchieveGoalDto',
  AchieveGoalDto,
  [{}, { reason: 'Zielwert erreicht' }],
  [
    ['a numeric reason', { reason: 1 }, 'reason'],
    ['an empty reason', { reason: '' }, 'reason'],
    ['an extra property', { achievedOn: '2026-03-01' }, 'achievedOn'],
  ],
);

describeDto(
  'DropGoalDto',
  DropGoalDto,
  [{ reason: 'Im Sicherheitsdialog als nicht nötig bewertet' }],
  [
    ['a missing reason', { reason: OMIT }, 'reason'],
    ['an empty reason', { reason: '' }, 'reason'],
    ['a blank reason', { reason: '\t' }, 'reason'],
    ['a reason of 2001 characters', { reason: long(2001) }, 'reason'],
    ['a reason with a NUL', { reason: 'weil\u0000' }, 'reason'],
    ['an array as reason', { reason: ['weil'] }, 'reason'],
  ],
);

const DECISION: Body = {
  kind: 'adopt-plan',
  body: 'Gemeinderat',
  reference: 'GR-2026/014',
  decidedOn: '2026-03-12',
  subject: 'Beschluss des Masterplans Integration',
};

describeDto(
  'RecordDecisionDto',
  RecordDecisionDto,
  [
    DECISION,
    edit(DECISION, { kind: 'revise-plan' }),
    edit(DECISION, { kind: 'conclude-plan' }),
    edit(DECISION, { kind: 'other', reason: 'Sitzung vom 12. März' }),
  ],
  [
    ['an unknown kind', { kind: 'adopt' }, 'kind'],
    ['a missing kind', { kind: OMIT }, 'kind'],
    ['a missing body', { body: OMIT }, 'body'],
    ['a body of 201 characters', { body: long(201) }, 'body'],
    ['a missing reference', { reference: OMIT }, 'reference'],
    ['a reference of 201 characters', { reference: long(201) }, 'reference'],
    ['February 30th', { decidedOn: '2026-02-30' }, 'decidedOn'],
    ['a missing subject', { subject: OMIT }, 'subject'],
    ['a subject with a control character', { subject: 'Beschluss\u0002' }, 'subject'],
    ['an extra property', { decisionId: UUID_A }, 'decisionId'],
  ],
);

describeDto(
  'RegisterPartnerDto',
  RegisterPartnerDto,
  [
    { name: 'Verein Miteinander e. V.', kind: 'association' },
    { name: 'Helferkreis Asyl', kind: 'volunteers' },
    { name: 'Handwerkskammer', kind: 'office' },
    { name: 'Initiative', kind: 'initiative' },
    { name: 'Bäckerei Maier', kind: 'company', reason: 'Praktikumsplätze' },
  ],
  [
    ['an unknown kind', { kind: 'club' }, 'kind'],
    ['a missing name', { name: OMIT }, 'name'],
    ['a name of 201 characters', { name: long(201) }, 'name'],
    ['a name with a newline', { name: 'Verein\nMiteinander' }, 'name'],
    ['an extra property', { contact: 'Frau Müller' }, 'contact'],
  ],
);

const PLAN_MEASURE: Body = {
  title: 'Wohnungsbörse mit Vermieterberatung',
  goalIds: [UUID_A, UUID_B],
  responsible: { partnerId: UUID_B },
  startDate: '2026-01-15',
  dueDate: '2026-12-31',
  budget: 40_000,
  weight: 2,
};

describeDto(
  'PlanMeasureDto',
  PlanMeasureDto,
  [
    PLAN_MEASURE,
    edit(PLAN_MEASURE, { responsible: { memberId: UUID_A }, budget: OMIT, weight: OMIT }),
    edit(PLAN_MEASURE, { responsible: { office: 'Amt für Bildung' }, budget: 0, weight: 0.01 }),
    edit(PLAN_MEASURE, {
      goalIds: Array.from(
        { length: 20 },
        (_, i) => `0f8fad5b-d9cb-469f-a165-${i.toString(16).padStart(12, '0')}`,
      ),
    }),
    edit(PLAN_MEASURE, { budget: 1e10, weight: 1000, reason: 'Beschluss Lenkungsgruppe' }),
  ],
  [
    ['a missing title', { title: OMIT }, 'title'],
    ['no goals', { goalIds: [] }, 'goalIds'],
    ['goalIds as a string', { goalIds: UUID_A }, 'goalIds'],
    ['a goal id that is no UUID', { goalIds: ['goal-1'] }, 'goalIds'],
    ['a numeric goal id', { goalIds: [1] }, 'goalIds'],
    ['duplicate goal ids', { goalIds: [UUID_A, UUID_A] }, 'goalIds'],
    ['21 goal ids', { goalIds: Array.from({ length: 21 }, () => UUID_A) }, 'goalIds'],
    ['a missing responsible', { responsible: OMIT }, 'responsible'],
    ['a responsible that is a string', { responsible: 'x' }, 'responsible'],
    ['a responsible that is an array', { responsible: [] }, 'responsible'],
    ['a null responsible', { responsible: null }, 'responsible'],
    ['a responsible naming no one', { responsible: {} }, 'responsible'],
    ['a responsible naming two', { responsible: { memberId: UUID_A, office: 'Tiefbauamt' } }, 'responsible'],
    ['a responsible member id that is no UUID', { responsible: { memberId: 'm-1' } }, 'responsible.memberId'],
    ['a blank responsible office', { responsible: { office: ' ' } }, 'responsible.office'],
    ['an office with a newline', { responsible: { office: 'Tiefbau\namt' } }, 'responsible.office'],
    [
      'an extra property in responsible',
      { responsible: { office: 'Tiefbauamt', name: 'Herr Maier' } },
      'responsible.name',
    ],
    ['February 30th as startDate', { startDate: '2026-02-30' }, 'startDate'],
    ['a missing dueDate', { dueDate: OMIT }, 'dueDate'],
    ['a negative budget', { budget: -1 }, 'budget'],
    ['a budget beyond 1e10', { budget: 1e10 + 1 }, 'budget'],
    ['a budget as text', { budget: '40000' }, 'budget'],
    ['a weight of 0', { weight: 0 }, 'weight'],
    ['a weight beyond 1000', { weight: 1000.5 }, 'weight'],
    ['a null weight', { weight: null }, 'weight'],
    ['an extra property', { measureId: UUID_A }, 'measureId'],
  ],
);

describeDto(
  'StartMeasureDto',
  StartMeasureDto,
  [{}, { startedOn: '2026-04-01' }, { reason: 'los geht es' }],
  [
    ['February 30th', { startedOn: '2026-02-30' }, 'startedOn'],
    ['a null startedOn', { startedOn: null }, 'startedOn'],
    ['a timestamp', { startedOn: '2026-04-01T08:00:00Z' }, 'startedOn'],
    ['an extra property', { percent: 10 }, 'percent'],
  ],
);

const PROGRESS: Body = { percent: 40, note: 'Zwei von fünf Festen gefeiert', reportedOn: '2026-06-15' };

describeDto(
  'ReportProgressDto',
  ReportProgressDto,
  [PROGRESS, { percent: 0, note: 'Start' }, { percent: 100, note: 'fertig\nZeile zwei', reason: 'Quartal' }],
  [
    ['a missing percent', { percent: OMIT }, 'percent'],
    ['a fractional percent', { percent: 40.5 }, 'percent'],
    ['a percent of 101', { percent: 101 }, 'percent'],
    ['a negative percent', { percent: -1 }, 'percent'],
    ['a percent as text', { percent: '40' }, 'percent'],
    ['a missing note', { note: OMIT }, 'note'],
    ['an empty note', { note: '' }, 'note'],
    ['a note of 2001 characters', { note: long(2001) }, 'note'],
    ['a note with a backspace', { note: 'gut\b' }, 'note'],
    ['February 30th', { reportedOn: '2026-02-30' }, 'reportedOn'],
    ['an extra property', { measureId: UUID_A }, 'measureId'],
  ],
);

describeDto(
  'BlockMeasureDto',
  BlockMeasureDto,
  [{ reason: 'Versicherungsfrage für Praktikanten ungeklärt' }],
  [
    ['a missing reason', { reason: OMIT }, 'reason'],
    ['a reason of 2001 characters', { reason: long(2001) }, 'reason'],
    ['an extra property', { until: '2026-05-01' }, 'until'],
  ],
);

describeDto(
  'UnblockMeasureDto',
  UnblockMeasureDto,
  [{}, { reason: 'Versicherung geklärt' }],
  [
    ['an empty reason', { reason: '' }, 'reason'],
    ['an extra property', { note: 'geklärt' }, 'note'],
  ],
);

describeDto(
  'RescheduleMeasureDto',
  RescheduleMeasureDto,
  [{ dueDate: '2026-12-31', reason: 'Fünftes Fest im Frühjahr' }],
  [
    ['a missing dueDate', { dueDate: OMIT }, 'dueDate'],
    ['February 30th', { dueDate: '2026-02-30' }, 'dueDate'],
    ['a missing reason', { reason: OMIT }, 'reason'],
    ['a null reason', { reason: null }, 'reason'],
    ['an extra property', { startDate: '2026-01-01' }, 'startDate'],
  ],
);

describeDto(
  'CompleteMeasureDto',
  CompleteMeasureDto,
  [{}, { note: 'In den Regelbetrieb übergeben' }, { note: 'fertig', reason: 'Abschluss' }],
  [
    ['an empty note', { note: '' }, 'note'],
    ['a note of 2001 characters', { note: long(2001) }, 'note'],
    ['a numeric note', { note: 5 }, 'note'],
    ['an extra property', { percent: 100 }, 'percent'],
  ],
);

describeDto(
  'CancelMeasureDto',
  CancelMeasureDto,
  [{ reason: 'Durch die neue Beleuchtung ersetzt' }],
  [
    ['a missing reason', { reason: OMIT }, 'reason'],
    ['a reason with a vertical tab', { reason: 'ersetzt\u000b' }, 'reason'],
  ],
);

const SCHEDULE: Body = {
  title: 'Runder Tisch Sicherheit',
  kind: 'round-table',
  scheduledFor: '2026-03-01T18:00:00+01:00',
  location: 'Polizeirevier',
  themeFields: ['safety', 'fears-and-living-together'],
};

describeDto(
  'ScheduleMeetingDto',
  ScheduleMeetingDto,
  [
    SCHEDULE,
    edit(SCHEDULE, { kind: 'information-evening', location: OMIT, themeFields: [] }),
    edit(SCHEDULE, { kind: 'steering-group', scheduledFor: '2026-03-01T17:00:00.000Z' }),
    edit(SCHEDULE, { kind: 'dialogue', scheduledFor: '2026-03-01T17:00Z', reason: 'Termin abgestimmt' }),
    edit(SCHEDULE, { kind: 'workshop', scheduledFor: '2028-02-29T09:30:15.123456-05:30' }),
    edit(SCHEDULE, { kind: 'other', themeFields: Array.from({ length: 20 }, (_, i) => `field-${i}`) }),
  ],
  [
    ['a missing title', { title: OMIT }, 'title'],
    ['a title with a newline', { title: 'Runder\nTisch' }, 'title'],
    ['an unknown kind', { kind: 'party' }, 'kind'],
    ['a day as scheduledFor', { scheduledFor: '2026-03-01' }, 'scheduledFor'],
    ['a timestamp without a zone', { scheduledFor: '2026-03-01T18:00:00' }, 'scheduledFor'],
    ['February 30th at six', { scheduledFor: '2026-02-30T18:00:00Z' }, 'scheduledFor'],
    ['hour 24', { scheduledFor: '2026-03-01T24:00:00Z' }, 'scheduledFor'],
    ['a zone of +25:00', { scheduledFor: '2026-03-01T18:00:00+25:00' }, 'scheduledFor'],
    ['epoch milliseconds', { scheduledFor: 1772384400000 }, 'scheduledFor'],
    ['a missing scheduledFor', { scheduledFor: OMIT }, 'scheduledFor'],
    ['a location of 201 characters', { location: long(201) }, 'location'],
    ['a missing themeFields', { themeFields: OMIT }, 'themeFields'],
    ['themeFields as a string', { themeFields: 'safety' }, 'themeFields'],
    ['a theme field that is no slug', { themeFields: ['Sicherheit'] }, 'themeFields'],
    ['a numeric theme field', { themeFields: [1] }, 'themeFields'],
    ['duplicate theme fields', { themeFields: ['safety', 'safety'] }, 'themeFields'],
    ['21 theme fields', { themeFields: Array.from({ length: 21 }, (_, i) => `field-${i}`) }, 'themeFields'],
    ['an extra property', { meetingId: UUID_A }, 'meetingId'],
  ],
);

const HELD: Body = {
  heldOn: '2026-03-01',
  attendance: { affected: 45, involved: 38, responsible: 12 },
  outcomes: ['Zukunftsbild gemeinsam formuliert', 'Fünf Themenfelder\nbestätigt'],
  concerns: ['Wohnungsmangel in der Innenstadt'],
};

describeDto(
  'MeetingHeldDto',
  MeetingHeldDto,
  [
    HELD,
    edit(HELD, {
      attendance: { affected: 0, involved: 0, responsible: 100_000 },
      outcomes: [],
      concerns: [],
    }),
    edit(HELD, { outcomes: Array.from({ length: 50 }, () => long(2000)), reason: 'Protokoll folgt' }),
  ],
  [
    ['a missing heldOn', { heldOn: OMIT }, 'heldOn'],
    ['February 30th', { heldOn: '2026-02-30' }, 'heldOn'],
    ['a missing attendance', { attendance: OMIT }, 'attendance'],
    ['attendance as an array', { attendance: [] }, 'attendance'],
    ['attendance as a string', { attendance: 'viele' }, 'attendance'],
    ['attendance as a number', { attendance: 95 }, 'attendance'],
    [
      'attendance without responsible',
      { attendance: { affected: 1, involved: 2 } },
      'attendance.responsible',
    ],
    [
      'a fractional attendance',
      { attendance: { affected: 1.5, involved: 2, responsible: 3 } },
      'attendance.affected',
    ],
    [
      'a negative attendance',
      { attendance: { affected: 1, involved: -2, responsible: 3 } },
      'attendance.involved',
    ],
    [
      'an attendance beyond 100000',
      { attendance: { affected: 1, involved: 2, responsible: 100_001 } },
      'attendance.responsible',
    ],
    [
      'an attendance as text',
      { attendance: { affected: '1', involved: 2, responsible: 3 } },
      'attendance.affected',
    ],
    [
      'names in attendance',
      { attendance: { affected: 1, involved: 2, responsible: 3, names: ['Frau Müller'] } },
      'attendance.names',
    ],
    ['a missing outcomes', { outcomes: OMIT }, 'outcomes'],
    ['outcomes as a string', { outcomes: 'viel erreicht' }, 'outcomes'],
    ['51 outcomes', { outcomes: Array.from({ length: 51 }, () => 'x') }, 'outcomes'],
    ['an outcome of 2001 characters', { outcomes: [long(2001)] }, 'outcomes'],
    ['an empty outcome', { outcomes: [''] }, 'outcomes'],
    ['a numeric outcome', { outcomes: [3] }, 'outcomes'],
    ['an outcome that is an object', { outcomes: [{ text: 'x' }] }, 'outcomes'],
    ['a missing concerns', { concerns: OMIT }, 'concerns'],
    ['a concern with a control character', { concerns: ['Angst\u0001'] }, 'concerns'],
    ['51 concerns', { concerns: Array.from({ length: 51 }, () => 'x') }, 'concerns'],
    ['an extra property', { minutes: 'Protokoll' }, 'minutes'],
  ],
);

describeDto(
  'PublishMinutesDto',
  PublishMinutesDto,
  [
    { text: 'Protokoll des Auftakts:\n\t- Ziele\n\t- Arbeitsgruppen' },
    { text: long(10_000), reason: 'ergänzt' },
  ],
  [
    ['a missing text', { text: OMIT }, 'text'],
    ['an empty text', { text: '' }, 'text'],
    ['a text of 10001 characters', { text: long(10_001) }, 'text'],
    ['a text with a NUL', { text: 'Protokoll\u0000' }, 'text'],
    ['an extra property', { author: 'Frau Müller' }, 'author'],
  ],
);

describeDto(
  'CancelMeetingDto',
  CancelMeetingDto,
  [{ reason: 'Referent erkrankt; neuer Termin folgt' }],
  [
    ['a missing reason', { reason: OMIT }, 'reason'],
    ['a reason with a form feed', { reason: 'erkrankt\f' }, 'reason'],
    ['an extra property', { newDate: '2026-04-01' }, 'newDate'],
  ],
);

describe('every command DTO', () => {
  const all: [string, ClassConstructor<object>, Body][] = [
    ['CreatePlanDto', CreatePlanDto, CREATE_PLAN],
    ['AddThemeFieldDto', AddThemeFieldDto, THEME_FIELD],
    ['DefineGoalDto', DefineGoalDto, DEFINE_GOAL],
    ['ReviseGoalDto', ReviseGoalDto, { title: 'neu', reason: 'r' }],
    ['MeasureGoalDto', MeasureGoalDto, MEASURE_GOAL],
    ['AchieveGoalDto', AchieveGoalDto, {}],
    ['DropGoalDto', DropGoalDto, { reason: 'r' }],
    ['RecordDecisionDto', RecordDecisionDto, DECISION],
    ['RegisterPartnerDto', RegisterPartnerDto, { name: 'Verein', kind: 'association' }],
    ['PlanMeasureDto', PlanMeasureDto, PLAN_MEASURE],
    ['StartMeasureDto', StartMeasureDto, {}],
    ['ReportProgressDto', ReportProgressDto, PROGRESS],
    ['BlockMeasureDto', BlockMeasureDto, { reason: 'r' }],
    ['UnblockMeasureDto', UnblockMeasureDto, {}],
    ['RescheduleMeasureDto', RescheduleMeasureDto, { dueDate: '2026-12-31', reason: 'r' }],
    ['CompleteMeasureDto', CompleteMeasureDto, {}],
    ['CancelMeasureDto', CancelMeasureDto, { reason: 'r' }],
    ['ScheduleMeetingDto', ScheduleMeetingDto, SCHEDULE],
    ['MeetingHeldDto', MeetingHeldDto, HELD],
    ['PublishMinutesDto', PublishMinutesDto, { text: 'Protokoll' }],
    ['CancelMeetingDto', CancelMeetingDto, { reason: 'r' }],
  ];

  it.each(all)('%s carries a reason of 1..2000 characters', async (_name, dto, body) => {
    expect(await problems(dto, { ...body, reason: long(2000) })).toEqual({});
    expect(Object.keys(await problems(dto, { ...body, reason: long(2001) }))).toEqual(['reason']);
    expect(Object.keys(await problems(dto, { ...body, reason: 'a\u0000b' }))).toEqual(['reason']);
    expect(Object.keys(await problems(dto, { ...body, reason: { text: 'r' } }))).toEqual(['reason']);
  });

  it.each(all)('%s refuses unknown properties', async (_name, dto, body) => {
    expect(await problems(dto, { ...body, __proto__x: 1, isAdmin: true })).toEqual({
      __proto__x: ['whitelistValidation'],
      isAdmin: ['whitelistValidation'],
    });
  });

  const nested: ClassConstructor<object>[] = [ThemeFieldDto, ResponsibleDto, AttendanceDto];
  it.each([
    ...all.map(([name, dto]) => [name, dto] as const),
    ...nested.map((dto) => [dto.name, dto] as const),
  ])('%s documents every validated property for OpenAPI', (_name, dto) => {
    const validated = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(dto, '', true, false)
        .map((rule) => rule.propertyName),
    );
    const documented = (Reflect.getMetadata('swagger/apiModelPropertiesArray', dto.prototype) ??
      []) as string[];
    expect(documented.map((key) => key.replace(/^:/, '')).sort()).toEqual([...validated].sort());
  });
});

describe('isInstant', () => {
  it.each([
    '2026-03-01T18:00:00+01:00',
    '2026-03-01T17:00:00Z',
    '2026-03-01T17:00Z',
    '2026-03-01T17:00:00.5Z',
    '2026-12-31T23:59:59.999999999-12:00',
  ])('accepts %s', (value) => expect(isInstant(value)).toBe(true));

  it.each([
    '2026-03-01',
    '2026-03-01T18:00:00',
    '2026-03-01 18:00:00Z',
    '2026-02-29T10:00:00Z',
    '2026-03-01T23:60:00Z',
    '2026-03-01T23:59:60Z',
    '2026-03-01T18:00:00+0100',
    '2026-03-01T18:00:00z',
    '',
  ])('refuses %s', (value) => expect(isInstant(value)).toBe(false));
});
