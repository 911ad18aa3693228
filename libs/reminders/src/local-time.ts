import { DateTime } from 'luxon';

/** The hour reminders go out, local time: early in the office day. */
export const SEND_HOUR = 8;

const DAY_MS = 86_400_000;
/** Bounds the memo below: a few years of days in a few zones fit many times over. */
const MEMO_LIMIT = 100_000;

/** A send time both ways: reminders carry the ISO text, comparisons need the number. */
export interface SendInstant {
  ms: number;
  iso: string;
}

/** zone → day → offset: nested so that a lookup builds no key string (the day strings come from the view) */
const sendInstants = new Map<string, Map<string, Map<number, SendInstant>>>();
let remembered = 0;
const sendHours = new Map<string, number>();

/**
 * 08:00 in the municipality's time zone on `day` shifted by `offsetDays`, as a UTC instant. The calendar shift
 * is plain date arithmetic (a calendar day has no zone); only "08:00 local on that day" needs the zone's
 * rules, and luxon is asked that once per (zone, day): resolving zone offsets is what the policy spent most of
 * its time on. Each day asks the zone anew, so the days around a DST switch get their own offset.
 */
export function sendTime(day: string, offsetDays: number, timeZone: string): Date {
  return new Date(sendInstant(day, offsetDays, timeZone).ms);
}

/** sendTime, remembered per (day, offset, zone) with its ISO text: the policy asks for the same ones again. */
export function sendInstant(day: string, offsetDays: number, timeZone: string): SendInstant {
  let days = sendInstants.get(timeZone);
  if (days === undefined) sendInstants.set(timeZone, (days = new Map()));
  let offsets = days.get(day);
  if (offsets === undefined) days.set(day, (offsets = new Map()));
  let instant = offsets.get(offsetDays);
  if (instant === undefined) {
    if (remembered >= MEMO_LIMIT) {
      sendInstants.clear();
      remembered = 0;
    }
    const ms = sendHourOn(shiftDay(day, offsetDays), timeZone);
    instant = { ms, iso: new Date(ms).toISOString() };
    offsets.set(offsetDays, instant);
    remembered += 1;
  }
  return instant;
}

/** `day` (YYYY-MM-DD) plus `offsetDays` calendar days. */
export function shiftDay(day: string, offsetDays: number): string {
  if (offsetDays === 0) return day;
  const midnight = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  return new Date(midnight + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

function sendHourOn(day: string, timeZone: string): number {
  const key = `${timeZone}|${day}`;
  let at = sendHours.get(key);
  if (at === undefined) {
    if (sendHours.size >= MEMO_LIMIT) sendHours.clear();
    at = DateTime.fromISO(day, { zone: timeZone })
      .set({ hour: SEND_HOUR, minute: 0, second: 0, millisecond: 0 })
      .toUTC()
      .toMillis();
    sendHours.set(key, at);
  }
  return at;
}

/** The calendar day of an instant in a time zone. */
export function localDay(instant: Date | string, timeZone: string): string {
  const dt =
    typeof instant === 'string'
      ? DateTime.fromISO(instant, { zone: timeZone })
      : DateTime.fromJSDate(instant, { zone: timeZone });
  return dt.toISODate()!;
}
