import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addHours,
  addMonths,
  addWorkingDays,
  BankHolidayRangeError,
  bankHolidayCoverage,
  compareDates,
  englandAndWalesBankHolidayList,
  englandAndWalesBankHolidays,
  englandAndWalesBankHolidaysIn,
  isBankHoliday,
  isValidDateInput,
  isWithinBankHolidayCoverage,
  isWorkingDay,
  toLondonDate,
} from '../../src/policy/calendar.js';
import published from '../../src/policy/data/bank-holidays-england-and-wales.json' with { type: 'json' };
import { dateOnly, dateTime } from './arbitraries.js';

/** Easter Sunday by the anonymous Gregorian algorithm, written again here as a check of the rule. */
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
const londonTime = (d: string) => new Date(d).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23' });
const normalise = (d: string) => (d.includes('T') ? new Date(d).toISOString() : d);

describe('bank holidays, England and Wales, by rule (1980 to 2200)', () => {
  it('the rule plus the one-off holidays reproduces every date (and title) of the published list 2018-2035 exactly', () => {
    const years = new Set(published.events.map((e) => Number(e.date.slice(0, 4))));
    expect([...years]).toEqual(Array.from({ length: 18 }, (_, i) => 2018 + i));
    const rule = [...years].flatMap((y) => englandAndWalesBankHolidaysIn(y));
    expect(rule).toEqual(published.events.map((e) => ({ date: e.date, title: e.title })));
  });

  it('covers 1980 to 2200 with 8 holidays a year, plus the special years', () => {
    expect(bankHolidayCoverage).toEqual({ from: 1980, to: 2200 });
    const special: Record<number, number> = { 1981: 9, 1999: 9, 2002: 9, 2011: 9, 2012: 9, 2022: 10, 2023: 9 };
    for (let y = 1980; y <= 2200; y++) {
      const n = englandAndWalesBankHolidayList.filter((h) => h.date.startsWith(`${y}-`)).length;
      expect(n, String(y)).toBe(special[y] ?? 8);
    }
  });

  it('never falls on a weekend, and no date twice', () => {
    for (const h of englandAndWalesBankHolidayList) expect([0, 6], h.date).not.toContain(weekday(h.date));
    expect(englandAndWalesBankHolidays.size).toBe(englandAndWalesBankHolidayList.length);
  });

  it('Good Friday and Easter Monday match the Easter algorithm every year (2026: 3 and 6 April)', () => {
    for (let y = 1980; y <= 2199; y++) {
      const easter = easterSunday(y);
      expect(isBankHoliday(addCalendarDays(easter, -2)), `${y} Good Friday`).toBe(true);
      expect(isBankHoliday(addCalendarDays(easter, 1)), `${y} Easter Monday`).toBe(true);
    }
    expect(englandAndWalesBankHolidays.has('2026-04-03')).toBe(true);
    expect(englandAndWalesBankHolidays.has('2026-04-06')).toBe(true);
    expect(englandAndWalesBankHolidays.has('2200-04-04')).toBe(true); // Good Friday 2200 (Easter Sunday 6 April)
  });

  it('the early May (first Monday), spring (last Monday in May) and summer (last Monday in August) bank holidays', () => {
    for (const d of ['2036-05-05', '2036-05-26', '2036-08-25', '2099-05-04', '2099-05-25', '2099-08-31', '1984-05-07', '1984-05-28', '1984-08-27']) expect(isBankHoliday(d), d).toBe(true);
  });

  it('holds the one-off holidays as data: the moved days (VE day 1995 and 2020; spring 2002, 2012, 2022) and the extra days', () => {
    for (const d of ['1981-07-29', '1995-05-08', '1999-12-31', '2002-06-03', '2002-06-04', '2011-04-29', '2012-06-04', '2012-06-05', '2020-05-08', '2022-05-02', '2022-06-02', '2022-06-03', '2022-09-19', '2023-05-08', '2023-05-01'])
      expect(isBankHoliday(d), d).toBe(true);
    for (const d of ['1995-05-01', '2002-05-27', '2012-05-28', '2020-05-04', '2022-05-30']) expect(isBankHoliday(d), d).toBe(false);
  });

  it('uses substitute days for Christmas, Boxing Day and New Year', () => {
    for (const d of ['1999-12-27', '1999-12-28', '2000-01-03', '2021-12-27', '2021-12-28', '2022-01-03', '2022-12-26', '2022-12-27', '2026-12-25', '2026-12-28', '2027-12-27', '2027-12-28', '2028-01-03', '2044-12-26', '2044-12-27']) {
      expect(isBankHoliday(d), d).toBe(true);
    }
  });

  it('issue "Policy fidelity": "24 December 2036 gives Christmas Day; 2017 too": beyond the published years the rule answers', () => {
    expect(addWorkingDays('2036-12-24', 1)).toBe('2036-12-29'); // Thursday 25, Friday 26 December 2036
    expect(addWorkingDays('2017-12-22', 1)).toBe('2017-12-27'); // Monday 25, Tuesday 26 December 2017
  });

  it('refuses clearly a date the rule cannot answer (before 1980 or after 2200); a caller’s own list still counts', () => {
    expect(() => englandAndWalesBankHolidaysIn(1979)).toThrow(BankHolidayRangeError);
    expect(() => englandAndWalesBankHolidaysIn(2201)).toThrow(/1980 to 2200/);
    expect(() => addWorkingDays('1975-06-02', 1)).toThrow(BankHolidayRangeError);
    expect(() => addWorkingDays('1980-01-02', -2)).toThrow(BankHolidayRangeError);
    expect(() => isWorkingDay('1979-06-01')).toThrow(BankHolidayRangeError);
    expect(() => isBankHoliday('1979-12-25')).toThrow(BankHolidayRangeError);
    expect(addWorkingDays('2199-12-30', 5)).toBe('2200-01-07'); // 31 Dec, (1 Jan holiday), 2, 3, 6, 7 Jan 2200
    expect(addWorkingDays('1975-06-02', 1, [])).toBe('1975-06-03');
    expect(isWithinBankHolidayCoverage('1979-12-31T23:30:00Z')).toBe(false);
    expect(isWithinBankHolidayCoverage('1980-01-01')).toBe(true);
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

  it('issue "Policy fidelity": "An arrest at 00:30 BST on Friday 29 May 2026 gets its inform the victim deadline on ... Monday 1 June": working days count on the Europe/London date', () => {
    expect(toLondonDate('2026-05-28T23:30:00Z')).toBe('2026-05-29');
    expect(addWorkingDays('2026-05-28T23:30:00Z', 1)).toBe('2026-05-31T23:30:00.000Z'); // 00:30 BST Monday 1 June
    expect(addWorkingDays('2026-05-29T00:30:00+01:00', 1)).toBe('2026-05-31T23:30:00.000Z');
    // 23:30 UTC on Friday is 00:30 BST on Saturday: not a working day, and 1 working day later is Monday.
    expect(isWorkingDay('2026-05-29T23:30:00Z')).toBe(false);
    expect(addWorkingDays('2026-05-29T23:30:00Z', 1)).toBe('2026-05-31T23:30:00.000Z');
    // In winter the London date is the UTC date.
    expect(isWorkingDay('2026-12-04T23:30:00Z')).toBe(true);
    expect(addWorkingDays('2026-12-04T23:30:00Z', 1)).toBe('2026-12-07T23:30:00.000Z');
    // A plain date stays a date.
    expect(addWorkingDays('2026-05-29', 1)).toBe('2026-06-01');
  });

  it('keeps the Europe/London time of day across the clock changes', () => {
    // Spring: 09:00 GMT Friday 27 March 2026 -> 09:00 BST Monday 30 March (08:00 UTC).
    expect(addWorkingDays('2026-03-27T09:00:00Z', 1)).toBe('2026-03-30T08:00:00.000Z');
    // Autumn: 00:30 BST Saturday 24 October 2026 (23:30 UTC Friday) -> 00:30 GMT Monday 26 October.
    expect(addWorkingDays('2026-10-23T23:30:00Z', 1)).toBe('2026-10-26T00:30:00.000Z');
    // Backwards too: 09:00 BST Monday 30 March less 1 working day is 09:00 GMT Friday 27 March.
    expect(addWorkingDays('2026-03-30T08:00:00Z', -1)).toBe('2026-03-27T09:00:00.000Z');
    // Bank holidays are judged on the London date: 23:30 UTC on Thursday 24 December 2026 is still Thursday in London (GMT).
    expect(addWorkingDays('2026-12-24T23:30:00Z', 1)).toBe('2026-12-29T23:30:00.000Z');
    // 23:30 UTC on Sunday 24 May 2026 is 00:30 BST on the spring bank holiday, Monday 25 May.
    expect(isBankHoliday('2026-05-24T23:30:00Z')).toBe(true);
    expect(addWorkingDays('2026-05-24T23:30:00Z', 1)).toBe('2026-05-25T23:30:00.000Z'); // 00:30 BST Tuesday 26 May
  });

  it('takes the holidays as data: a caller may pass its own list', () => {
    expect(addWorkingDays('2026-12-24', 1, [])).toBe('2026-12-25');
    expect(addWorkingDays('2026-04-08', 1, new Set(['2026-04-09']))).toBe('2026-04-10');
    expect(addWorkingDays('2026-04-13', -1)).toBe('2026-04-10');
    expect(addWorkingDays('2026-04-11', 0)).toBe('2026-04-11');
  });

  it('property: n working days later is a working day at the same London time of day, n back returns, and n calendar days later then back is the same day', () => {
    fc.assert(
      fc.property(fc.oneof(dateOnly, dateTime), fc.integer({ min: 1, max: 30 }), (d, n) => {
        expect(isWorkingDay(addWorkingDays(d, n))).toBe(true);
        expect(compareDates(addWorkingDays(d, n), d)).toBeGreaterThan(0);
        expect(addWorkingDays(addWorkingDays(d, n), -n)).toBe(isWorkingDay(d) ? normalise(d) : addWorkingDays(addWorkingDays(d, 1), -1));
        if (d.includes('T')) expect(londonTime(addWorkingDays(d, n))).toBe(londonTime(d));
        expect(compareDates(addCalendarDays(addCalendarDays(d, n), -n), d)).toBe(0);
      }),
    );
  });
});
