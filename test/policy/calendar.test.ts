import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addHours,
  addMonths,
  addWorkingDays,
  bankHolidayCoverage,
  compareDates,
  englandAndWalesBankHolidayList,
  englandAndWalesBankHolidays,
  isBankHoliday,
  isValidDateInput,
  isWorkingDay,
} from '../../src/policy/calendar.js';
import { dateOnly, dateTime } from './arbitraries.js';

/** Easter Sunday by the anonymous Gregorian algorithm, as an independent check of the data. */
function easterSunday(y: number): string {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe('bank holidays, England and Wales 2018-2035', () => {
  it('covers 2018 to 2035 with 8 holidays a year, plus the special years', () => {
    expect(bankHolidayCoverage).toEqual({ from: 2018, to: 2035 });
    for (let y = 2018; y <= 2035; y++) {
      const n = englandAndWalesBankHolidayList.filter((h) => h.date.startsWith(`${y}-`)).length;
      const expected = y === 2022 ? 10 : y === 2023 ? 9 : 8;
      expect(n, String(y)).toBe(expected);
    }
  });

  it('never falls on a weekend', () => {
    for (const h of englandAndWalesBankHolidayList) expect([0, 6], h.date).not.toContain(weekday(h.date));
  });

  it('Good Friday and Easter Monday match the Easter algorithm every year (2026: 3 and 6 April)', () => {
    for (let y = 2018; y <= 2035; y++) {
      const easter = easterSunday(y);
      expect(isBankHoliday(addCalendarDays(easter, -2)), `${y} Good Friday`).toBe(true);
      expect(isBankHoliday(addCalendarDays(easter, 1)), `${y} Easter Monday`).toBe(true);
    }
    expect(englandAndWalesBankHolidays.has('2026-04-03')).toBe(true);
    expect(englandAndWalesBankHolidays.has('2026-04-06')).toBe(true);
  });

  it('includes the moved and extra days: VE day 2020, Platinum Jubilee and state funeral 2022, coronation 2023', () => {
    for (const d of ['2020-05-08', '2022-05-02', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08', '2023-05-01']) expect(isBankHoliday(d), d).toBe(true);
    for (const d of ['2020-05-04', '2022-05-30']) expect(isBankHoliday(d), d).toBe(false);
  });

  it('uses substitute days for Christmas, Boxing Day and New Year', () => {
    for (const d of ['2021-12-27', '2021-12-28', '2022-01-03', '2022-12-26', '2022-12-27', '2026-12-25', '2026-12-28', '2027-12-27', '2027-12-28', '2028-01-03']) {
      expect(isBankHoliday(d), d).toBe(true);
    }
  });
});

describe('calendar arithmetic', () => {
  it('keeps a date as a date and a date-time as a UTC date-time', () => {
    expect(addCalendarDays('2026-02-27', 7)).toBe('2026-03-06');
    expect(addCalendarDays('2026-03-28T23:30:00+01:00', 1)).toBe('2026-03-29T22:30:00.000Z');
    expect(addCalendarDays('2026-03-28T22:30:00', 1)).toBe('2026-03-29T22:30:00.000Z');
    expect(addHours('2026-04-03T09:30:00Z', 24)).toBe('2026-04-04T09:30:00.000Z');
    expect(addHours('2026-04-03', 24)).toBe('2026-04-04');
  });

  it('addMonths clamps to the end of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonths('2026-08-31T10:00:00Z', 3)).toBe('2026-11-30T10:00:00.000Z');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('refuses impossible dates and garbage', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2025-02-29', 'garbage', '', '2026-4-3', '2026-04-03T25:00:00Z', '2026-04-03T10:00:00+25:00', '1899-12-31', '2200-01-01'])
      expect(isValidDateInput(bad), bad).toBe(false);
    for (const good of ['2028-02-29', '2026-04-03T09:30:00Z', '2026-04-03T09:30Z', '2026-04-03T09:30:00.123+01:00', '2026-04-03T09:30:00'])
      expect(isValidDateInput(good), good).toBe(true);
    expect(() => addCalendarDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('compareDates orders dates and date-times by instant', () => {
    expect(compareDates('2026-04-03', '2026-04-03T00:00:00Z')).toBe(0);
    expect(compareDates('2026-04-03T01:00:00+02:00', '2026-04-03')).toBeLessThan(0);
  });
});

describe('working days', () => {
  it('IO-04: working days exclude weekends', () => {
    expect(isWorkingDay('2026-04-10')).toBe(true);
    expect(isWorkingDay('2026-04-11')).toBe(false);
    expect(addWorkingDays('2026-04-10', 1)).toBe('2026-04-13');
    expect(addWorkingDays('2026-04-11', 1)).toBe('2026-04-13');
    expect(addWorkingDays('2026-04-14', 5)).toBe('2026-04-21');
  });

  it('IO-04: across Christmas 2026 (Fri 25 December; Boxing Day substitute Monday 28 December)', () => {
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-12-28')).toBe(false);
    expect(addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(addWorkingDays('2026-12-23', 1)).toBe('2026-12-24');
    expect(addWorkingDays('2026-12-24', 5)).toBe('2027-01-05'); // 29, 30, 31 Dec, (1 Jan holiday), 4, 5 Jan
    expect(addWorkingDays('2026-12-24T16:45:00Z', 1)).toBe('2026-12-29T16:45:00.000Z');
  });

  it('IO-04: across Easter 2026 (Good Friday 3 April, Easter Monday 6 April)', () => {
    expect(addWorkingDays('2026-04-02', 1)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-02', 5)).toBe('2026-04-13');
    expect(addWorkingDays('2026-04-03', 1)).toBe('2026-04-07');
  });

  it('IO-04: across the late-May bank holiday 2026 (Monday 25 May)', () => {
    expect(isWorkingDay('2026-05-25')).toBe(false);
    expect(addWorkingDays('2026-05-22', 1)).toBe('2026-05-26');
    expect(addWorkingDays('2026-05-22T09:00:00Z', 5)).toBe('2026-06-01T09:00:00.000Z');
  });

  it('takes the holidays as data: a caller may pass its own list', () => {
    expect(addWorkingDays('2026-12-24', 1, [])).toBe('2026-12-25');
    expect(addWorkingDays('2026-04-08', 1, new Set(['2026-04-09']))).toBe('2026-04-10');
    expect(addWorkingDays('2026-04-13', -1)).toBe('2026-04-10');
    expect(addWorkingDays('2026-04-11', 0)).toBe('2026-04-11');
  });

  it('property: n working days later is a working day, and n calendar days later then back is the same day', () => {
    fc.assert(
      fc.property(fc.oneof(dateOnly, dateTime), fc.integer({ min: 1, max: 30 }), (d, n) => {
        expect(isWorkingDay(addWorkingDays(d, n))).toBe(true);
        expect(compareDates(addWorkingDays(d, n), d)).toBeGreaterThan(0);
        expect(compareDates(addCalendarDays(addCalendarDays(d, n), -n), d)).toBe(0);
      }),
    );
  });
});
