import { invalid } from './domain-error.js';
import { codeFor } from './value-checks.js';

/**
 * The municipalities are German (Baden-Württemberg): "today" is the calendar day there, so a measurement
 * recorded at 00:30 local time is not taken for yesterday's (UTC) or refused as being in the future.
 */
export const PLAN_TIME_ZONE = 'Europe/Berlin';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: PLAN_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const MINUTE_MS = 60_000;
/** Since 1893 Berlin's offsets are whole hours, so its days begin and end on a UTC minute. */
const WHOLE_HOUR_OFFSETS_FROM = Date.UTC(1900, 0, 1);
let memo = { minute: Number.NaN, day: '' };

/**
 * The calendar day (YYYY-MM-DD) of an instant in the plans' time zone. Every command asks for today's
 * day, and formatToParts is costly, so the last minute's answer is kept: all instants in one UTC minute
 * fall on the same Berlin day.
 */
export function dayOf(instant: Date): string {
  const ms = instant.getTime();
  const minute = Math.floor(ms / MINUTE_MS);
  if (minute === memo.minute) return memo.day;
  const parts = Object.fromEntries(dayFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  if (ms >= WHOLE_HOUR_OFFSETS_FROM) memo = { minute, day };
  return day;
}

export function isDay(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function requireDay(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') {
    throw invalid(codeFor(field, 'required'), `${field} is required`, field);
  }
  if (!isDay(value)) throw invalid('invalid_date', `${field} must be a date like 2026-03-01`, field);
  return value;
}

export function optionalDay(value: unknown, field: string): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : requireDay(value, field);
}

/** Facts (measured, held, decided, started on) cannot lie in the future. */
export function requireNotInFuture(day: string, now: Date, field: string): string {
  if (day > dayOf(now)) throw invalid('date_in_future', `${field} must not lie in the future`, field);
  return day;
}

/** A day given or, when omitted, today. */
export function pastDayOrToday(value: unknown, now: Date, field: string): string {
  return requireNotInFuture(optionalDay(value, field) ?? dayOf(now), now, field);
}

/** start < end (strict) or start ≤ end; the error names the later field. */
export function requireDayOrder(start: string, end: string, field: string, strict: boolean): void {
  if (strict ? start >= end : start > end) {
    throw invalid(
      'invalid_date_range',
      `${field} must be ${strict ? 'after' : 'on or after'} ${start}`,
      field,
    );
  }
}

/** An ISO timestamp with a zone, normalised to UTC so that instants sort as strings. */
export function requireInstant(value: unknown, field: string): string {
  if (value === undefined || value === null || value === '') {
    throw invalid(codeFor(field, 'required'), `${field} is required`, field);
  }
  const wellFormed = typeof value === 'string' && INSTANT.test(value) && isDay(value.slice(0, 10));
  const time = wellFormed ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw invalid('invalid_instant', `${field} must be a timestamp like 2026-03-01T18:00:00+01:00`, field);
  }
  return new Date(time).toISOString();
}
