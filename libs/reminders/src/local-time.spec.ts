import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { sendInstant, sendTime, shiftDay } from './local-time.js';

// Europe/Berlin: CET = UTC+1, CEST = UTC+2; summer time 2027 from Sun 28 March 02:00 to Sun 31 October 03:00,
// so 08:00 local is 07:00Z in winter and 06:00Z in summer (computed by hand, not by the code under test).

describe('sendTime around the DST switch days in Europe/Berlin', () => {
  const berlin = (day: string, offset: number) => sendTime(day, offset, 'Europe/Berlin').toISOString();

  it('the day before, on and after the switch to summer time', () => {
    expect(berlin('2027-03-27', 0)).toBe('2027-03-27T07:00:00.000Z');
    expect(berlin('2027-03-28', 0)).toBe('2027-03-28T06:00:00.000Z');
    expect(berlin('2027-03-29', 0)).toBe('2027-03-29T06:00:00.000Z');
  });

  it('an offset that crosses the switch to summer time lands on 08:00 local of the target day', () => {
    expect(berlin('2027-03-27', 1)).toBe('2027-03-28T06:00:00.000Z');
    expect(berlin('2027-04-11', -14)).toBe('2027-03-28T06:00:00.000Z');
    expect(berlin('2027-03-29', -2)).toBe('2027-03-27T07:00:00.000Z');
  });

  it('the day before, on and after the switch back to winter time', () => {
    expect(berlin('2027-10-30', 0)).toBe('2027-10-30T06:00:00.000Z');
    expect(berlin('2027-10-31', 0)).toBe('2027-10-31T07:00:00.000Z');
    expect(berlin('2027-11-01', 0)).toBe('2027-11-01T07:00:00.000Z');
  });

  it('an offset that crosses the switch back lands on 08:00 local of the target day', () => {
    expect(berlin('2027-10-30', 1)).toBe('2027-10-31T07:00:00.000Z');
    expect(berlin('2027-11-30', -30)).toBe('2027-10-31T07:00:00.000Z');
    expect(berlin('2027-10-01', 30)).toBe('2027-10-31T07:00:00.000Z');
    expect(berlin('2027-11-01', -2)).toBe('2027-10-30T06:00:00.000Z');
  });

  it('remembers per zone: the same day and offset elsewhere is another instant', () => {
    expect(berlin('2027-03-28', 0)).toBe('2027-03-28T06:00:00.000Z');
    expect(sendTime('2027-03-28', 0, 'America/New_York').toISOString()).toBe('2027-03-28T12:00:00.000Z');
    expect(sendTime('2027-03-28', 0, 'Asia/Kolkata').toISOString()).toBe('2027-03-28T02:30:00.000Z');
  });
});

describe('shiftDay', () => {
  it('moves by calendar days over month, year and leap-day ends', () => {
    expect(shiftDay('2028-02-28', 1)).toBe('2028-02-29');
    expect(shiftDay('2027-02-28', 1)).toBe('2027-03-01');
    expect(shiftDay('2027-12-31', 1)).toBe('2028-01-01');
    expect(shiftDay('2027-01-10', -14)).toBe('2026-12-27');
    expect(shiftDay('2027-03-28', 0)).toBe('2027-03-28');
  });
});

describe('sendInstant', () => {
  it('agrees with luxon stepping days in the zone itself, for any day, offset and zone', () => {
    const day = fc
      .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 11, 31) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    const zone = fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe');
    fc.assert(
      fc.property(day, fc.integer({ min: -40, max: 40 }), zone, (d, offset, tz) => {
        const expected = DateTime.fromISO(d, { zone: tz })
          .plus({ days: offset })
          .set({ hour: 8, minute: 0, second: 0, millisecond: 0 })
          .toUTC();
        const instant = sendInstant(d, offset, tz);
        expect(instant.ms).toBe(expected.toMillis());
        expect(instant.iso).toBe(expected.toISO());
      }),
      { numRuns: 2_000 },
    );
  });
});
