import { describe, expect, it } from '@jest/globals';
import { parseAsOf } from './as-of.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');
const asOf = (query: string) => parseAsOf(new URLSearchParams(query), NOW);

describe('the "as of" picker', () => {
  it('without a date shows the current state', () => {
    expect(asOf('')).toEqual({ date: '', time: '', invalid: false });
  });

  it('a day means the end of that day in Berlin (winter and summer time)', () => {
    expect(asOf('date=2026-03-01').instant?.toISOString()).toBe('2026-03-01T22:59:59.999Z');
    expect(asOf('date=2026-07-01').instant?.toISOString()).toBe('2026-07-01T21:59:59.999Z');
  });

  it('a time means the end of that minute, or of that second', () => {
    expect(asOf('date=2026-07-01&time=14:05').instant?.toISOString()).toBe('2026-07-01T12:05:59.999Z');
    expect(asOf('date=2026-07-01&time=14:05:07').instant?.toISOString()).toBe('2026-07-01T12:05:07.999Z');
  });

  it('a day that does not exist, or a malformed time, is invalid and shows the current state', () => {
    expect(asOf('date=2026-02-30')).toEqual({ date: '2026-02-30', time: '', invalid: true });
    expect(asOf('date=2026-07-01&time=25')).toEqual({ date: '2026-07-01', time: '25', invalid: true });
  });

  it('a moment not in the past is the current state', () => {
    expect(asOf('date=2026-11-25').instant).toBeUndefined();
    expect(asOf('date=2027-01-01')).toEqual({ date: '2027-01-01', time: '', invalid: false });
  });

  it('an instant from the audit trail is kept exactly and shown in Berlin time', () => {
    expect(asOf('at=2026-07-01T12:05:07.123Z')).toEqual({
      instant: new Date('2026-07-01T12:05:07.123Z'),
      date: '2026-07-01',
      time: '14:05:07',
      invalid: false,
    });
  });
});
