import { DateTime } from 'luxon';

/** The hour reminders go out, local time: early in the office day. */
export const SEND_HOUR = 8;

const sendTimes = new Map<string, number>();

/**
 * 08:00 in the municipality's time zone on `day` shifted by `offsetDays`, as a UTC instant. Remembered per
 * (day, offset, zone): resolving zone offsets is what the policy spends most of its time on otherwise.
 */
export function sendTime(day: string, offsetDays: number, timeZone: string): Date {
  const key = `${day}|${offsetDays}|${timeZone}`;
  let at = sendTimes.get(key);
  if (at === undefined) {
    if (sendTimes.size > 100_000) sendTimes.clear();
    at = DateTime.fromISO(day, { zone: timeZone })
      .plus({ days: offsetDays })
      .set({ hour: SEND_HOUR, minute: 0, second: 0, millisecond: 0 })
      .toUTC()
      .toMillis();
    sendTimes.set(key, at);
  }
  return new Date(at);
}

/** The calendar day of an instant in a time zone. */
export function localDay(instant: Date | string, timeZone: string): string {
  const dt =
    typeof instant === 'string'
      ? DateTime.fromISO(instant, { zone: timeZone })
      : DateTime.fromJSDate(instant, { zone: timeZone });
  return dt.toISODate()!;
}
