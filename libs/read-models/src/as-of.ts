import { PLAN_TIME_ZONE } from '@app/domain';
import { DateTime } from 'luxon';

/**
 * "As of 2026-06-30" means the end of that day where the plans live (Europe/Berlin), so that it includes
 * everything recorded that day there: the same rule for the API, the web pages and the auditor's CLI.
 */
export function endOfPlanDay(day: string): Date {
  return DateTime.fromISO(day, { zone: PLAN_TIME_ZONE }).endOf('day').toJSDate();
}
