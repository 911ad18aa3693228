import { PLAN_TIME_ZONE } from '@app/domain';
import { DateTime } from 'luxon';

export interface AsOf {
  /** undefined: the current state */
  instant?: Date;
  /** what the form shows again */
  date: string;
  time: string;
  invalid: boolean;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(?::\d{2})?$/;

/**
 * The "as of" picker's answer, read as a coordinator means it: a day and an optional time in the plans' zone
 * (Europe/Berlin), the day without a time meaning its end; `at` (an ISO instant) is what the audit trail links
 * with. A moment not in the past is the current state.
 */
export function parseAsOf(query: URLSearchParams, now = new Date()): AsOf {
  const date = query.get('date') ?? '';
  const time = query.get('time') ?? '';
  const at = query.get('at') ?? '';
  if (at) {
    const instant = new Date(at);
    if (Number.isNaN(instant.getTime())) return { date, time, invalid: true };
    const local = DateTime.fromJSDate(instant, { zone: PLAN_TIME_ZONE });
    return pastOnly(instant, local.toISODate() ?? '', local.toFormat('HH:mm:ss'), now);
  }
  if (!date) return { date, time, invalid: false };
  if (!DAY.test(date) || (time && !TIME.test(time))) return { date, time, invalid: true };
  const local = DateTime.fromISO(time ? `${date}T${time}` : date, { zone: PLAN_TIME_ZONE });
  if (!local.isValid) return { date, time, invalid: true };
  const end = local.endOf(!time ? 'day' : time.length > 5 ? 'second' : 'minute');
  return pastOnly(end.toJSDate(), date, time, now);
}

function pastOnly(instant: Date, date: string, time: string, now: Date): AsOf {
  return instant.getTime() < now.getTime()
    ? { instant, date, time, invalid: false }
    : { date, time, invalid: false };
}

/** The query string that keeps the chosen moment on links between pages. */
export function asOfQuery(asOf: AsOf): Record<string, string | undefined> {
  return asOf.instant ? { at: asOf.instant.toISOString() } : {};
}
