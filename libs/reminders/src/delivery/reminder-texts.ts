import { DateTime } from 'luxon';
import type { ReminderJob, ReminderKind } from '../reminder-catalogue.js';

/**
 * The words of every reminder, in German (the default: the municipalities are German) and English.
 * Pure: the same message and language give the same text. Only what the recipient needs is in it:
 * plan, measure, meeting and goal titles, dates and counts, never the names of other people.
 */

export const REMINDER_LANGUAGES = ['de', 'en'] as const;
export type ReminderLanguage = (typeof REMINDER_LANGUAGES)[number];
export const DEFAULT_REMINDER_LANGUAGE: ReminderLanguage = 'de';
/** Dates of a meeting are instants; they are shown in the municipality's time zone. */
export const DEFAULT_REMINDER_TIME_ZONE = 'Europe/Berlin';

/** A reminder that is about one measure, meeting or goal can also appear as a line of the weekly digest. */
export type DigestItemKind = ReminderJob['kind'];

export interface DigestItem {
  title: string;
  kind: DigestItemKind;
  /** the date the line is about (due date, meeting day or instant, held day, target date, last report) */
  date: string;
  /** the plan it belongs to, when a digest spans several plans */
  planTitle?: string;
}

/** The plan's figures for the review reminder; a PlanDashboard from @app/read-models fits. */
export interface PlanReviewFigures {
  /** 0–100 */
  progress: number;
  goals: { total: number; achieved?: number; dropped?: number };
  measures: { total: number; started?: number; blocked?: number; completed?: number; overdue?: number };
  meetings?: { scheduled?: number; held?: number };
  /** ISO instant of the last recorded activity */
  lastActivityAt?: string;
}

export interface ReminderMessage {
  reminderId: string;
  kind: ReminderKind;
  planTitle: string;
  planId?: string;
  /** the measure, meeting or goal the reminder is about */
  subjectId?: string;
  subjectTitle?: string;
  /** the date the reminder is about (ISO day, see ReminderJob.about); for the review and the digest: today */
  about: string;
  dueDate?: string;
  /** ISO instant (or day) of an upcoming meeting */
  scheduledFor?: string;
  heldOn?: string;
  targetDate?: string;
  /** absolute http(s) URL of the plan page; anything else is left out */
  link?: string;
  /** IANA zone for instants (meeting times); default Europe/Berlin */
  timeZone?: string;
  /** weekly-digest: the lines of the week */
  items?: DigestItem[];
  /** plan-review: the plan's progress and counts */
  review?: PlanReviewFigures;
}

export interface RenderedReminder {
  subject: string;
  text: string;
  html?: string;
}

/** A paragraph, or a bulleted list. */
type Block = string | string[];

interface Draft {
  subject: string;
  blocks: Block[];
  /** about several plans (a digest without a plan title): link and footer speak of plans in general */
  general?: boolean;
}

interface Ctx {
  lang: ReminderLanguage;
  zone: string;
  message: ReminderMessage;
}

// ---------------------------------------------------------------------------------------------------------
// formatting helpers

/** Titles are free text: one line, no control characters, bounded. */
function clean(value: string | undefined): string {
  if (value === undefined || value === null) return '';
  const oneLine = String(value)
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine;
}

function quote(lang: ReminderLanguage, title: string): string {
  return lang === 'de' ? `„${title}“` : `“${title}”`;
}

/** `Maßnahme „Wohnungsbörse“`, or only `Maßnahme` when there is no title. */
function named(ctx: Ctx, noun: string, title: string | undefined): string {
  const t = clean(title);
  return t ? `${noun} ${quote(ctx.lang, t)}` : noun;
}

function parse(value: string | undefined, zone: string): DateTime | undefined {
  const v = clean(value);
  if (!v) return undefined;
  const dt = DateTime.fromISO(v, { zone });
  return dt.isValid ? dt : undefined;
}

const isInstant = (value: string | undefined) => clean(value).includes('T');

/** German: 30.06.2026; English: 30 June 2026. An unreadable value is shown as given. */
function day(ctx: Ctx, value: string | undefined): string {
  const dt = parse(value, ctx.zone);
  if (!dt) return clean(value) || '–';
  return ctx.lang === 'de' ? dt.toFormat('dd.MM.yyyy') : dt.setLocale('en-GB').toFormat('d MMMM yyyy');
}

/** Dienstag, 30.06.2026, um 18:00 Uhr / Tuesday, 30 June 2026, at 18:00 (time only for an instant). */
function dayWithWeekday(ctx: Ctx, value: string | undefined): string {
  const dt = parse(value, ctx.zone);
  if (!dt) return clean(value) || '–';
  const withTime = isInstant(value);
  if (ctx.lang === 'de') {
    const d = dt.setLocale('de').toFormat('cccc, dd.MM.yyyy');
    return withTime ? `${d}, um ${dt.toFormat('HH:mm')} Uhr` : d;
  }
  const d = dt.setLocale('en-GB').toFormat('cccc, d MMMM yyyy');
  return withTime ? `${d}, at ${dt.toFormat('HH:mm')}` : d;
}

function count(ctx: Ctx, value: number | undefined): string | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return new Intl.NumberFormat(ctx.lang === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 0 }).format(
    value,
  );
}

function percent(ctx: Ctx, value: number | undefined): string | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const n = new Intl.NumberFormat(ctx.lang === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: 1 }).format(
    Math.min(100, Math.max(0, value)),
  );
  return ctx.lang === 'de' ? `${n} %` : `${n}%`;
}

/** "12 (5 laufend, 1 blockiert)": the total and the parts that are present and not zero. */
function breakdown(
  ctx: Ctx,
  total: number | undefined,
  parts: [number | undefined, string][],
): string | undefined {
  const t = count(ctx, total);
  if (t === undefined) return undefined;
  const shown = parts
    .filter(([n]) => n !== undefined && Number.isFinite(n) && n !== 0)
    .map(([n, label]) => `${count(ctx, n)} ${label}`);
  return shown.length > 0 ? `${t} (${shown.join(', ')})` : t;
}

function safeLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

// ---------------------------------------------------------------------------------------------------------
// the texts

const WORDS = {
  de: {
    measure: 'Maßnahme',
    meeting: 'Veranstaltung',
    goal: 'Ziel',
    plan: 'Masterplan',
    greeting: 'Guten Tag,',
    open: 'Zum Masterplan:',
    openHtml: 'Masterplan öffnen',
    footer:
      'Diese Nachricht wurde automatisch vom Masterplan Ledger versandt, weil Sie an diesem Masterplan mitarbeiten.',
    openGeneral: 'Zur Übersicht:',
    openGeneralHtml: 'Übersicht öffnen',
    footerGeneral:
      'Diese Nachricht wurde automatisch vom Masterplan Ledger versandt, weil Sie an Masterplänen Ihrer Kommune mitarbeiten.',
  },
  en: {
    measure: 'measure',
    meeting: 'meeting',
    goal: 'goal',
    plan: 'masterplan',
    greeting: 'Hello,',
    open: 'Open the masterplan:',
    openHtml: 'Open the masterplan',
    footer: 'This message was sent automatically by Masterplan Ledger because you work on this masterplan.',
    openGeneral: 'Open the overview:',
    openGeneralHtml: 'Open the overview',
    footerGeneral:
      "This message was sent automatically by Masterplan Ledger because you work on your municipality's masterplans.",
  },
} as const;

/** "Maßnahme" at the start of a subject, "measure" inside an English sentence. */
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function digestLine(ctx: Ctx, item: DigestItem): string {
  const w = WORDS[ctx.lang];
  const date = item.kind === 'meeting-upcoming' ? dayWithWeekday(ctx, item.date) : day(ctx, item.date);
  const otherPlan =
    item.planTitle && clean(item.planTitle) !== clean(ctx.message.planTitle)
      ? ` (${named(ctx, capital(w.plan), item.planTitle)})`
      : '';
  const measure = named(ctx, capital(w.measure), item.title);
  const meeting = named(ctx, capital(w.meeting), item.title);
  const goal = named(ctx, capital(w.goal), item.title);
  let line: string;
  if (ctx.lang === 'de') {
    switch (item.kind) {
      case 'measure-due-14':
      case 'measure-due-1':
        line = `${measure} fällig am ${date}`;
        break;
      case 'measure-overdue':
        line = `${measure} überfällig seit ${date}`;
        break;
      case 'measure-stale':
        line = `${measure} ohne Fortschrittsbericht seit ${date}`;
        break;
      case 'meeting-upcoming':
        line = `${meeting} am ${date}`;
        break;
      case 'minutes-missing-3':
      case 'minutes-missing-7':
        line = `Protokoll fehlt: ${meeting} vom ${date}`;
        break;
      case 'goal-target-30':
        line = `${goal} – Zieldatum ${date}`;
        break;
      default:
        line = `${clean(item.title) || '–'} (${date})`;
    }
  } else {
    switch (item.kind) {
      case 'measure-due-14':
      case 'measure-due-1':
        line = `${measure} due on ${date}`;
        break;
      case 'measure-overdue':
        line = `${measure} overdue since ${date}`;
        break;
      case 'measure-stale':
        line = `${measure} without a progress report since ${date}`;
        break;
      case 'meeting-upcoming':
        line = `${meeting} on ${date}`;
        break;
      case 'minutes-missing-3':
      case 'minutes-missing-7':
        line = `Minutes missing: ${meeting} held on ${date}`;
        break;
      case 'goal-target-30':
        line = `${goal} – target date ${date}`;
        break;
      default:
        line = `${clean(item.title) || '–'} (${date})`;
    }
  }
  return line + otherPlan;
}

/** The digest's lines by date, each once (a measure's due and overdue reminders can fall in the same week). */
function digestLines(ctx: Ctx): string[] {
  return [...new Set(digestItems(ctx).map((item) => digestLine(ctx, item)))];
}

function digestItems(ctx: Ctx): DigestItem[] {
  const items = Array.isArray(ctx.message.items) ? ctx.message.items : [];
  // by date; items without a readable date last, in the order given
  const key = (item: DigestItem) => parse(item.date, ctx.zone)?.toMillis() ?? Number.POSITIVE_INFINITY;
  return items
    .map((item, index) => ({ item, index, at: key(item) }))
    .sort((a, b) => (a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1))
    .map(({ item }) => item);
}

function reviewFigures(ctx: Ctx): string[] {
  const r = ctx.message.review;
  if (!r) return [];
  const de = ctx.lang === 'de';
  const lines: string[] = [];
  const progress = percent(ctx, r.progress);
  if (progress) lines.push(`${de ? 'Gesamtfortschritt' : 'Overall progress'}: ${progress}`);
  const goals = breakdown(ctx, r.goals?.total, [
    [r.goals?.achieved, de ? 'erreicht' : 'achieved'],
    [r.goals?.dropped, de ? 'aufgegeben' : 'dropped'],
  ]);
  if (goals) lines.push(`${de ? 'Ziele' : 'Goals'}: ${goals}`);
  const measures = breakdown(ctx, r.measures?.total, [
    [r.measures?.started, de ? 'laufend' : 'in progress'],
    [r.measures?.blocked, de ? 'blockiert' : 'blocked'],
    [r.measures?.completed, de ? 'abgeschlossen' : 'completed'],
    [r.measures?.overdue, de ? 'überfällig' : 'overdue'],
  ]);
  if (measures) lines.push(`${de ? 'Maßnahmen' : 'Measures'}: ${measures}`);
  const held = count(ctx, r.meetings?.held);
  const scheduled = count(ctx, r.meetings?.scheduled);
  if (held !== undefined || scheduled !== undefined) {
    const parts = [
      held !== undefined ? `${held} ${de ? 'durchgeführt' : 'held'}` : undefined,
      scheduled !== undefined ? `${scheduled} ${de ? 'geplant' : 'scheduled'}` : undefined,
    ].filter((p): p is string => p !== undefined);
    lines.push(`${de ? 'Veranstaltungen' : 'Meetings'}: ${parts.join(', ')}`);
  }
  if (r.lastActivityAt && parse(r.lastActivityAt, ctx.zone)) {
    lines.push(`${de ? 'Letzte Aktivität' : 'Last activity'}: ${day(ctx, r.lastActivityAt)}`);
  }
  return lines;
}

function draftDe(ctx: Ctx): Draft {
  const m = ctx.message;
  const plan = named(ctx, 'Masterplan', m.planTitle);
  const measure = named(ctx, 'Maßnahme', m.subjectTitle);
  const meeting = named(ctx, 'Veranstaltung', m.subjectTitle);
  const goal = named(ctx, 'Ziel', m.subjectTitle);
  const inPlan = `im ${plan}`;
  const ofPlan = `im Rahmen des ${named(ctx, 'Masterplans', m.planTitle)}`;
  switch (m.kind) {
    case 'measure-due-14': {
      const due = day(ctx, m.dueDate ?? m.about);
      return {
        subject: `Erinnerung: ${measure} ist in 14 Tagen fällig (${due})`,
        blocks: [
          `die ${measure} ${inPlan} ist am ${due} fällig, also in 14 Tagen.`,
          'Bitte prüfen Sie, ob die Maßnahme rechtzeitig abgeschlossen werden kann, und tragen Sie den aktuellen Fortschritt ein. Wenn sich der Termin verschiebt, passen Sie bitte das Fälligkeitsdatum an.',
        ],
      };
    }
    case 'measure-due-1': {
      const due = day(ctx, m.dueDate ?? m.about);
      return {
        subject: `Erinnerung: ${measure} ist morgen fällig (${due})`,
        blocks: [
          `die ${measure} ${inPlan} ist morgen, am ${due}, fällig.`,
          'Wenn die Maßnahme abgeschlossen ist, erfassen Sie bitte den Abschluss. Wenn sie sich verzögert, tragen Sie bitte den aktuellen Stand und ein neues Fälligkeitsdatum ein.',
        ],
      };
    }
    case 'measure-overdue': {
      const due = day(ctx, m.dueDate ?? m.about);
      return {
        subject: `Überfällig: ${measure} war am ${due} fällig`,
        blocks: [
          `die ${measure} ${inPlan} war am ${due} fällig und ist noch nicht als abgeschlossen erfasst.`,
          'Bitte erfassen Sie den Abschluss, ein neues Fälligkeitsdatum oder den Grund für die Verzögerung, damit der Stand des Masterplans stimmt.',
        ],
      };
    }
    case 'measure-stale': {
      const since = day(ctx, m.about);
      return {
        subject: `Erinnerung: Kein Fortschrittsbericht zur ${measure} seit ${since}`,
        blocks: [
          `zur ${measure} ${inPlan} wurde seit dem ${since} kein Fortschritt mehr gemeldet.`,
          'Bitte tragen Sie den aktuellen Stand ein – auch wenn sich wenig bewegt hat oder die Maßnahme ins Stocken geraten ist. So bleibt der Fortschritt des Masterplans nachvollziehbar.',
        ],
      };
    }
    case 'meeting-upcoming': {
      const when = m.scheduledFor ?? m.about;
      return {
        subject: `Erinnerung: ${meeting} am ${day(ctx, when)}`,
        blocks: [
          `am ${dayWithWeekday(ctx, when)} findet die ${meeting} ${ofPlan} statt.`,
          'Bitte prüfen Sie, ob Einladungen, Raum und Tagesordnung bereitstehen. Nach der Veranstaltung können Sie die Teilnahme (Betroffene, Beteiligte, Verantwortliche), die Ergebnisse und die eingebrachten Anliegen im Masterplan erfassen.',
        ],
      };
    }
    case 'minutes-missing-3':
    case 'minutes-missing-7': {
      const held = day(ctx, m.heldOn ?? m.about);
      const second = m.kind === 'minutes-missing-7';
      return {
        subject: second
          ? `Zweite Erinnerung: Protokoll zur ${meeting} vom ${held} fehlt noch`
          : `Erinnerung: Protokoll zur ${meeting} vom ${held} fehlt`,
        blocks: [
          `die ${meeting} ${ofPlan} hat am ${held} stattgefunden, ${
            second
              ? 'das Protokoll ist aber auch nach einer Woche noch nicht erfasst'
              : 'das Protokoll ist aber noch nicht erfasst'
          }.`,
          'Bitte tragen Sie die Teilnahme nach Gruppen (Betroffene, Beteiligte, Verantwortliche), die Ergebnisse und die eingebrachten Anliegen ein, solange die Erinnerung daran noch frisch ist.',
        ],
      };
    }
    case 'goal-target-30': {
      const target = day(ctx, m.targetDate ?? m.about);
      return {
        subject: `Erinnerung: ${goal} soll in 30 Tagen erreicht sein (${target})`,
        blocks: [
          `das ${goal} ${inPlan} soll bis zum ${target} erreicht sein, also in 30 Tagen.`,
          'Bitte erfassen Sie eine aktuelle Messung des Indikators und prüfen Sie, ob das Ziel erreicht wird, überarbeitet werden sollte oder aufgegeben werden muss.',
        ],
      };
    }
    case 'plan-review': {
      const figures = reviewFigures(ctx);
      const progress = percent(ctx, m.review?.progress);
      return {
        subject: `Überprüfung fällig: ${plan}${progress ? ` (Fortschritt ${progress})` : ''}`,
        blocks: [
          `es ist Zeit für die regelmäßige Überprüfung des ${named(ctx, 'Masterplans', m.planTitle)}. ${
            figures.length > 0
              ? `Der Stand am ${day(ctx, m.about)}:`
              : `Stichtag ist der ${day(ctx, m.about)}.`
          }`,
          ...(figures.length > 0 ? [figures] : []),
          'Bitte prüfen Sie gemeinsam mit den Beteiligten, ob Ziele und Maßnahmen noch passen, welche Termine angepasst werden müssen und ob ein Beschluss der zuständigen Gremien nötig ist.',
        ],
      };
    }
    case 'weekly-digest': {
      const lines = digestLines(ctx);
      const n = lines.length;
      const what = n === 0 ? 'nichts Dringendes' : n === 1 ? '1 anstehender Punkt' : `${n} anstehende Punkte`;
      const asOf = `Stand ${day(ctx, m.about)}`;
      // a digest across several plans has no plan title; its lines name their plan
      const one = clean(m.planTitle) !== '';
      return {
        subject: one ? `Wochenübersicht: ${plan} – ${what}` : `Wochenübersicht: ${what}`,
        general: !one,
        blocks:
          n === 0
            ? [
                `in dieser Woche stehen ${one ? `im ${plan}` : 'in Ihren Masterplänen'} keine Fristen, Veranstaltungen oder fehlenden Protokolle an (${asOf}).`,
              ]
            : [
                `hier ist Ihre Wochenübersicht ${one ? `zum ${plan}` : 'zu Ihren Masterplänen'} (${asOf}):`,
                lines,
              ],
      };
    }
    default:
      return unknownKind(ctx);
  }
}

function draftEn(ctx: Ctx): Draft {
  const m = ctx.message;
  const plan = named(ctx, 'masterplan', m.planTitle);
  const Plan = named(ctx, 'Masterplan', m.planTitle);
  const measure = named(ctx, 'measure', m.subjectTitle);
  const Measure = named(ctx, 'Measure', m.subjectTitle);
  const meeting = named(ctx, 'meeting', m.subjectTitle);
  const Meeting = named(ctx, 'Meeting', m.subjectTitle);
  const goal = named(ctx, 'goal', m.subjectTitle);
  const inPlan = `in the ${plan}`;
  switch (m.kind) {
    case 'measure-due-14': {
      const due = day(ctx, m.dueDate ?? m.about);
      return {
        subject: `Reminder: ${Measure} is due in 14 days (${due})`,
        blocks: [
          `The ${measure} ${inPlan} is due on ${due}, in 14 days.`,
          'Please check whether it can be completed on time and record its current progress. If the date moves, please update the due date.',
        ],
      };
    }
    case 'measure-due-1': {
      const due = day(ctx, m.dueDate ?? m.about);
      return {
        subject: `Reminder: ${Measure} is due tomorrow (${due})`,
        blocks: [
          `The ${measure} ${inPlan} is due tomorrow, ${due}.`,
          'If it is complete, please record its completion. If it is delayed, please record its current progress and a new due date.',
        ],
      };
    }
    case 'measure-overdue': {
      const due = day(ctx, m.dueDate ?? m.about);
      return {
        subject: `Overdue: ${Measure} was due on ${due}`,
        blocks: [
          `The ${measure} ${inPlan} was due on ${due} and has not been recorded as completed.`,
          "Please record its completion, a new due date or the reason for the delay, so that the plan's status stays accurate.",
        ],
      };
    }
    case 'measure-stale': {
      const since = day(ctx, m.about);
      return {
        subject: `Reminder: no progress report for the ${measure} since ${since}`,
        blocks: [
          `No progress has been reported for the ${measure} ${inPlan} since ${since}.`,
          "Please record its current status, even if little has changed or it has stalled, so that the plan's progress stays traceable.",
        ],
      };
    }
    case 'meeting-upcoming': {
      const when = m.scheduledFor ?? m.about;
      return {
        subject: `Reminder: ${Meeting} on ${day(ctx, when)}`,
        blocks: [
          `The ${meeting} ${inPlan} takes place on ${dayWithWeekday(ctx, when)}.`,
          'Please check that invitations, room and agenda are ready. After the meeting you can record attendance (affected, involved, responsible), outcomes and concerns raised in the plan.',
        ],
      };
    }
    case 'minutes-missing-3':
    case 'minutes-missing-7': {
      const held = day(ctx, m.heldOn ?? m.about);
      const second = m.kind === 'minutes-missing-7';
      return {
        subject: second
          ? `Second reminder: minutes of the ${meeting} held on ${held} are still missing`
          : `Reminder: minutes of the ${meeting} held on ${held} are missing`,
        blocks: [
          `The ${meeting} ${inPlan} was held on ${held}, but its minutes have ${
            second ? 'still not been recorded after a week' : 'not been recorded yet'
          }.`,
          'Please record attendance by group (affected, involved, responsible), outcomes and concerns raised while they are still fresh.',
        ],
      };
    }
    case 'goal-target-30': {
      const target = day(ctx, m.targetDate ?? m.about);
      return {
        subject: `Reminder: target date of the ${goal} in 30 days (${target})`,
        blocks: [
          `The ${goal} ${inPlan} is to be reached by ${target}, in 30 days.`,
          'Please record a current measurement of its indicator and check whether the goal will be achieved, should be revised or has to be dropped.',
        ],
      };
    }
    case 'plan-review': {
      const figures = reviewFigures(ctx);
      const progress = percent(ctx, m.review?.progress);
      return {
        subject: `Review due: ${Plan}${progress ? ` (progress ${progress})` : ''}`,
        blocks: [
          `It is time for the regular review of the ${plan}. ${
            figures.length > 0
              ? `Its status on ${day(ctx, m.about)}:`
              : `The review date is ${day(ctx, m.about)}.`
          }`,
          ...(figures.length > 0 ? [figures] : []),
          'Please check with those involved whether goals and measures still fit, which dates need to change and whether a decision of the responsible bodies is needed.',
        ],
      };
    }
    case 'weekly-digest': {
      const lines = digestLines(ctx);
      const n = lines.length;
      const what = n === 0 ? 'nothing pending' : n === 1 ? '1 item' : `${n} items`;
      const asOf = `as of ${day(ctx, m.about)}`;
      const one = clean(m.planTitle) !== '';
      return {
        subject: one ? `Weekly overview: ${Plan} – ${what}` : `Weekly overview: ${what}`,
        general: !one,
        blocks:
          n === 0
            ? [
                `There are no deadlines, meetings or missing minutes ${one ? inPlan : 'in your masterplans'} this week (${asOf}).`,
              ]
            : [
                `Here is your weekly overview ${one ? `of the ${plan}` : 'of your masterplans'} (${asOf}):`,
                lines,
              ],
      };
    }
    default:
      return unknownKind(ctx);
  }
}

/** A kind this version does not know (a newer producer): still a readable message, never a crash. */
function unknownKind(ctx: Ctx): Draft {
  const m = ctx.message;
  const plan = named(ctx, ctx.lang === 'de' ? 'Masterplan' : 'masterplan', m.planTitle);
  const subject = clean(m.subjectTitle);
  return ctx.lang === 'de'
    ? {
        subject: `Erinnerung: ${plan}${subject ? ` – ${quote('de', subject)}` : ''}`,
        blocks: [`es gibt eine Erinnerung zum ${plan} (${day(ctx, m.about)}).`],
      }
    : {
        subject: `Reminder: ${named(ctx, 'Masterplan', m.planTitle)}${subject ? ` – ${quote('en', subject)}` : ''}`,
        blocks: [`There is a reminder about the ${plan} (${day(ctx, m.about)}).`],
      };
}

function toText(ctx: Ctx, draft: Draft, link: string | undefined): string {
  const w = WORDS[ctx.lang];
  const blocks = draft.blocks.map((b) => (Array.isArray(b) ? b.map((line) => `- ${line}`).join('\n') : b));
  const parts = [w.greeting, ...blocks];
  if (link) parts.push(`${draft.general ? w.openGeneral : w.open} ${link}`);
  parts.push(`-- \n${draft.general ? w.footerGeneral : w.footer}`);
  return `${parts.join('\n\n')}\n`;
}

function toHtml(ctx: Ctx, draft: Draft, link: string | undefined): string {
  const w = WORDS[ctx.lang];
  const blocks = draft.blocks.map((b) =>
    Array.isArray(b)
      ? `<ul>${b.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`
      : `<p>${escapeHtml(b)}</p>`,
  );
  const parts = [`<p>${escapeHtml(w.greeting)}</p>`, ...blocks];
  if (link) {
    const label = draft.general ? w.openGeneralHtml : w.openHtml;
    parts.push(`<p><a href="${escapeHtml(link)}">${escapeHtml(label)}</a></p>`);
  }
  parts.push(
    `<p style="color:#666;font-size:small">${escapeHtml(draft.general ? w.footerGeneral : w.footer)}</p>`,
  );
  return [
    '<!doctype html>',
    `<html lang="${ctx.lang}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(draft.subject)}</title></head>`,
    `<body>${parts.join('\n')}</body>`,
    '</html>',
    '',
  ].join('\n');
}

/**
 * The subject, plain text and HTML of a reminder in the recipient's language (German unless 'en').
 * Missing optional fields are left out of the sentence rather than printed as "undefined".
 */
export function renderReminder(
  message: ReminderMessage,
  language: ReminderLanguage = DEFAULT_REMINDER_LANGUAGE,
): RenderedReminder {
  const lang: ReminderLanguage = language === 'en' ? 'en' : 'de';
  const zone =
    message.timeZone && DateTime.local().setZone(message.timeZone).isValid
      ? message.timeZone
      : DEFAULT_REMINDER_TIME_ZONE;
  const ctx: Ctx = { lang, zone, message };
  const draft = lang === 'de' ? draftDe(ctx) : draftEn(ctx);
  const subject = clean(draft.subject);
  const link = safeLink(message.link);
  return {
    subject,
    text: toText(ctx, { ...draft, subject }, link),
    html: toHtml(ctx, { ...draft, subject }, link),
  };
}
