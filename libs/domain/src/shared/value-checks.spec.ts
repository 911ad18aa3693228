import { describe, expect, it } from '@jest/globals';
import { planDecider } from '../plan/plan.decider.js';
import { drafted } from '../plan/plan.fixtures.js';
import { compact, replay, unknownCommand } from './decider.js';
import { DomainError, isDomainError } from './domain-error.js';
import { dayOf, isDay, requireInstant, requireNotInFuture } from './date-checks.js';
import { codeFor, requireReason, requireSlug, requireText, textList } from './value-checks.js';
import { coordinator, NOW } from './given.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return isDomainError(error) ? error.code : 'not a domain error';
  }
  return undefined;
}

describe('days', () => {
  it('are calendar days written YYYY-MM-DD', () => {
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-3-1')).toBe(false);
    expect(isDay('2026-03-01T00:00:00Z')).toBe(false);
  });

  it('"today" is the day in Germany, not in UTC', () => {
    expect(dayOf(new Date('2026-03-09T23:30:00Z'))).toBe('2026-03-10');
    expect(dayOf(new Date('2026-07-09T21:59:00Z'))).toBe('2026-07-09');
    expect(dayOf(new Date('2026-07-09T22:00:00Z'))).toBe('2026-07-10');
  });

  it('"today" stays exact across midnight and daylight saving changes, though each minute is asked once', () => {
    const reference = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', dateStyle: 'short' });
    for (const midnight of [
      '2026-03-28T23:00:00Z',
      '2026-03-29T22:00:00Z',
      '2026-10-24T22:00:00Z',
      '2026-10-25T23:00:00Z',
    ]) {
      const start = Date.parse(midnight) - 3 * 60_000;
      for (let ms = start; ms < start + 6 * 60_000; ms += 15_000) {
        for (const instant of [new Date(ms), new Date(ms + 14_999)]) {
          expect([instant.toISOString(), dayOf(instant)]).toEqual([
            instant.toISOString(),
            reference.format(instant),
          ]);
        }
      }
    }
  });

  it('a day after today is in the future', () => {
    const shortlyAfterMidnight = new Date('2026-03-09T23:30:00Z');
    expect(requireNotInFuture('2026-03-10', shortlyAfterMidnight, 'heldOn')).toBe('2026-03-10');
    expect(codeOf(() => requireNotInFuture('2026-03-11', NOW, 'heldOn'))).toBe('date_in_future');
  });
});

describe('instants', () => {
  it('need a zone and are kept in UTC', () => {
    expect(requireInstant('2026-03-20T18:00+01:00', 'at')).toBe('2026-03-20T17:00:00.000Z');
    expect(codeOf(() => requireInstant('2026-03-20 18:00', 'at'))).toBe('invalid_instant');
    expect(codeOf(() => requireInstant('2026-02-30T18:00:00Z', 'at'))).toBe('invalid_instant');
  });
});

describe('texts', () => {
  it('are trimmed and bounded in characters, not UTF-16 units', () => {
    expect(requireText('  Wohnen ', 'name', 6)).toBe('Wohnen');
    expect(requireText('😀😀', 'name', 2)).toBe('😀😀');
    expect(codeOf(() => requireText('abc', 'name', 2))).toBe('name_too_long');
    expect(codeOf(() => requireText(42, 'name', 2))).toBe('name_required');
  });

  it('name their field in snake_case codes', () => {
    expect(codeFor('horizonStart', 'required')).toBe('horizon_start_required');
    expect(codeFor('outcomes.3', 'too_long')).toBe('outcomes_too_long');
    expect(codeFor('themeFields.0.key', 'required')).toBe('key_required');
  });

  it('lists refuse what is not a list', () => {
    expect(codeOf(() => textList('Punkt', 'outcomes'))).toBe('outcomes_invalid');
    expect(textList(undefined, 'outcomes')).toEqual([]);
  });

  it('slugs are lowercase words joined by single hyphens', () => {
    expect(requireSlug('fears-and-living-together', 'key')).toBe('fears-and-living-together');
    for (const bad of ['Wohnen', 'a--b', '-a', 'ä', 'a b', 'x'.repeat(65)]) {
      expect(codeOf(() => requireSlug(bad, 'key'))).toBe('invalid_slug');
    }
  });

  it('a required reason comes from the data, else the metadata', () => {
    expect(requireReason(' Beschluss ', coordinator)).toBe('Beschluss');
    expect(requireReason(undefined, { ...coordinator, reason: 'aus Metadaten' })).toBe('aus Metadaten');
    expect(requireReason(' ', { ...coordinator, reason: 'aus Metadaten' })).toBe('aus Metadaten');
    expect(codeOf(() => requireReason(undefined, coordinator))).toBe('reason_required');
  });
});

describe('the decider helpers', () => {
  it('replay folds events into state', () => {
    expect(replay(planDecider, drafted)).toMatchObject({ status: 'draft', themeFields: { length: 5 } });
  });

  it('an unknown command is a validation error', () => {
    const error = (() => {
      try {
        unknownCommand({ type: 'Frobnicate' } as never);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'unknown_command', kind: 'validation' });
  });

  it('compact leaves out undefined values only', () => {
    expect(compact({ a: 1, b: undefined, c: null, d: 0 })).toStrictEqual({ a: 1, c: null, d: 0 });
  });

  it('a domain error carries code, kind and field', () => {
    const error = new DomainError('goal_not_found', 'not_found', 'no such goal', 'goalId');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      code: 'goal_not_found',
      kind: 'not_found',
      field: 'goalId',
      name: 'DomainError',
    });
  });
});
