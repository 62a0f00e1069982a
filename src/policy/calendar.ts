/**
 * Calendar arithmetic for policy deadlines. Pure: no clock reads; bank holidays by rule, with
 * the one-off holidays as data.
 *
 * Dates come in two shapes and keep their shape:
 * - a date 'YYYY-MM-DD' in gives a date 'YYYY-MM-DD' out;
 * - an ISO 8601 date-time in ('2026-04-03T09:30:00Z', '2026-04-03T10:30:00+01:00') gives an
 *   ISO date-time in UTC out, with 'Z' ('2026-04-10T09:30:00.000Z'). A date-time without an
 *   offset is read as UTC.
 *
 * "Days" in the policy are calendar days. "Working days" (Victims' Code) exclude Saturdays,
 * Sundays and England and Wales bank holidays, and are days in England and Wales: a date-time
 * is judged on its Europe/London calendar date, and n working days later keeps its Europe/London
 * time of day, across the clock changes (an arrest at 00:30 BST on Friday 29 May 2026 is told
 * by 00:30 BST on Monday 1 June, which is 23:30 UTC on Sunday 31 May).
 *
 * England and Wales bank holidays are computed by rule for 1980 to 2200 (see
 * englandAndWalesBankHolidaysIn); counting working days with them outside those years is
 * refused with a BankHolidayRangeError rather than answered wrongly.
 */
import oneOffData from './data/bank-holiday-one-offs-england-and-wales.json' with { type: 'json' };

const MS_PER_DAY = 86_400_000;
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

/** A parsed date: whole days since 1970-01-01 plus the milliseconds into that (UTC) day. */
interface Moment {
  readonly kind: 'date' | 'datetime';
  readonly day: number;
  readonly msOfDay: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

function daysFromCivil(y: number, m: number, d: number): number | null {
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return null;
  if (d > daysInMonth(y, m)) return null;
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function parse(input: string): Moment | null {
  const date = DATE.exec(input);
  if (date) {
    const day = daysFromCivil(Number(date[1]), Number(date[2]), Number(date[3]));
    return day === null ? null : { kind: 'date', day, msOfDay: 0 };
  }
  const dt = DATE_TIME.exec(input);
  if (!dt) return null;
  const day = daysFromCivil(Number(dt[1]), Number(dt[2]), Number(dt[3]));
  const hours = Number(dt[4]);
  const minutes = Number(dt[5]);
  const seconds = Number(dt[6] ?? '0');
  const millis = Math.floor(Number(`0.${dt[7] ?? '0'}`) * 1000);
  if (day === null || hours > 23 || minutes > 59 || seconds > 59) return null;
  let offsetMinutes = 0;
  const zone = dt[8];
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const instant = day * MS_PER_DAY + ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 + millis;
  const utcDay = Math.floor(instant / MS_PER_DAY);
  const utcYear = new Date(utcDay * MS_PER_DAY).getUTCFullYear();
  if (utcYear < MIN_YEAR || utcYear > MAX_YEAR) return null;
  return { kind: 'datetime', day: utcDay, msOfDay: instant - utcDay * MS_PER_DAY };
}

function mustParse(input: string): Moment {
  const m = parse(input);
  if (!m) throw new RangeError(`Not a valid date or ISO date-time: "${input}"`);
  return m;
}

function format(m: Moment): string {
  const iso = new Date(m.day * MS_PER_DAY + m.msOfDay).toISOString();
  return m.kind === 'date' ? iso.slice(0, 10) : iso;
}

function dayString(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** True for a real date 'YYYY-MM-DD' or ISO date-time in the years 1900 to 2199. */
export function isValidDateInput(input: unknown): boolean {
  return typeof input === 'string' && parse(input) !== null;
}

/** True when the input is a date-time rather than a date. Throws on an invalid date. */
export function isDateTime(input: string): boolean {
  return mustParse(input).kind === 'datetime';
}

/** The same date in this module's output form: a date stays a date; a date-time becomes UTC with 'Z'. */
export function normaliseDate(input: string): string {
  return format(mustParse(input));
}

/** The calendar date (UTC for a date-time) as 'YYYY-MM-DD'. */
export function toDateOnly(input: string): string {
  return dayString(mustParse(input).day);
}

/** Milliseconds since the epoch; a date counts as its start (00:00 UTC). */
export function toInstant(input: string): number {
  const m = mustParse(input);
  return m.day * MS_PER_DAY + m.msOfDay;
}

/** Negative if a is before b, zero if the same instant, positive if after. */
export function compareDates(a: string, b: string): number {
  return toInstant(a) - toInstant(b);
}

/** n calendar days later (earlier if n is negative). */
export function addCalendarDays(input: string, n: number): string {
  assertWhole(n);
  const m = mustParse(input);
  return format({ ...m, day: m.day + n });
}

/**
 * n hours later. A date-time moves by exactly n hours; a date (no time of day) moves by
 * whole days, rounding up (24 hours from a date is the next day).
 */
export function addHours(input: string, n: number): string {
  assertWhole(n);
  const m = mustParse(input);
  if (m.kind === 'date') return format({ ...m, day: m.day + Math.ceil(n / 24) });
  const instant = m.day * MS_PER_DAY + m.msOfDay + n * 3_600_000;
  const day = Math.floor(instant / MS_PER_DAY);
  return format({ kind: 'datetime', day, msOfDay: instant - day * MS_PER_DAY });
}

/**
 * n calendar months later (earlier if negative), clamped to the end of a shorter month:
 * 31 January plus one month is 28 (or 29) February. The time of day is kept.
 */
export function addMonths(input: string, n: number): string {
  assertWhole(n);
  const m = mustParse(input);
  const d = new Date(m.day * MS_PER_DAY);
  const monthIndex = d.getUTCFullYear() * 12 + d.getUTCMonth() + n;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const dayOfMonth = Math.min(d.getUTCDate(), daysInMonth(year, month));
  return format({ ...m, day: Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY });
}

// ---------------------------------------------------------------------------------------------
// Working days and bank holidays
// ---------------------------------------------------------------------------------------------

// England and Wales bank holidays by rule (Banking and Financial Dealings Act 1971 and royal
// proclamations). New Year's Day, Christmas Day and Boxing Day: a substitute weekday when they
// fall at a weekend. Good Friday and Easter Monday from Easter (Gregorian computus). The early
// May bank holiday (first Monday in May), the spring bank holiday (last Monday in May) and the
// summer bank holiday (last Monday in August). One-off moves and extra holidays are data
// (data/bank-holiday-one-offs-england-and-wales.json); data/bank-holidays-england-and-wales.json
// is the published list the rule is checked against in the tests.

/** The years the rule answers for England and Wales bank holidays. */
export const bankHolidayCoverage: Readonly<{ from: number; to: number }> = Object.freeze({ from: 1980, to: 2200 });

/** A date the England and Wales bank holiday rule cannot answer (outside bankHolidayCoverage). */
export class BankHolidayRangeError extends RangeError {
  constructor(readonly date: string) {
    super(`England and Wales bank holidays are known for ${bankHolidayCoverage.from} to ${bankHolidayCoverage.to} only, so working days cannot be counted at ${date}`);
    this.name = 'BankHolidayRangeError';
  }
}

export interface BankHoliday {
  readonly date: string;
  readonly title: string;
}

interface OneOffFile {
  moved: { year: number; holiday: string; date: string; title: string }[];
  extra: { date: string; title: string }[];
}
const oneOffs: OneOffFile = oneOffData;

function ymd(day: number): { y: number; m: number; d: number; weekday: number } {
  const date = new Date(day * MS_PER_DAY);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate(), weekday: date.getUTCDay() };
}

function civil(y: number, m: number, d: number): number {
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** Easter Sunday (Gregorian calendar; anonymous Gregorian algorithm) as a day number. */
function easterSunday(y: number): number {
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
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return civil(y, month, dayOfMonth);
}

const isWeekend = (day: number) => {
  const w = ymd(day).weekday;
  return w === 0 || w === 6;
};

/** The first Monday on or after a day. */
function mondayOnOrAfter(day: number): number {
  return day + ((8 - ymd(day).weekday) % 7);
}

/** The last Monday on or before a day. */
function mondayOnOrBefore(day: number): number {
  return day - ((ymd(day).weekday + 6) % 7);
}

const byYear = new Map<number, readonly BankHoliday[]>();

/**
 * England and Wales bank holidays in a year, by rule plus the one-off holidays, in date order.
 * Throws a BankHolidayRangeError outside bankHolidayCoverage.
 */
export function englandAndWalesBankHolidaysIn(year: number): readonly BankHoliday[] {
  if (!Number.isInteger(year) || year < bankHolidayCoverage.from || year > bankHolidayCoverage.to) throw new BankHolidayRangeError(String(year));
  const cached = byYear.get(year);
  if (cached) return cached;
  const found: { day: number; title: string }[] = [];
  const taken = (day: number) => found.some((h) => h.day === day);
  const moved = (holiday: string) => oneOffs.moved.find((x) => x.year === year && x.holiday === holiday);
  const fixed = (day: number, title: string) => {
    if (isWeekend(day)) return false;
    found.push({ day, title });
    return true;
  };
  // New Year's Day, or the Monday after it.
  const newYear = civil(year, 1, 1);
  if (!fixed(newYear, 'New Year’s Day')) found.push({ day: mondayOnOrAfter(newYear), title: 'New Year’s Day (substitute day)' });
  const easter = easterSunday(year);
  found.push({ day: easter - 2, title: 'Good Friday' }, { day: easter + 1, title: 'Easter Monday' });
  const earlyMay = moved('early_may');
  found.push(earlyMay ? { day: dayNumber(earlyMay.date), title: earlyMay.title } : { day: mondayOnOrAfter(civil(year, 5, 1)), title: 'Early May bank holiday' });
  const spring = moved('spring');
  found.push(spring ? { day: dayNumber(spring.date), title: spring.title } : { day: mondayOnOrBefore(civil(year, 5, 31)), title: 'Spring bank holiday' });
  found.push({ day: mondayOnOrBefore(civil(year, 8, 31)), title: 'Summer bank holiday' });
  // Christmas Day and Boxing Day; at a weekend, each moves to the next weekday after Boxing Day not already a holiday.
  const christmas = civil(year, 12, 25);
  const christmasOnWeekday = fixed(christmas, 'Christmas Day');
  const boxingOnWeekday = fixed(christmas + 1, 'Boxing Day');
  const substitute = (title: string) => {
    let day = christmas + 2;
    while (isWeekend(day) || taken(day)) day += 1;
    found.push({ day, title });
  };
  if (!christmasOnWeekday) substitute('Christmas Day (substitute day)');
  if (!boxingOnWeekday) substitute('Boxing Day (substitute day)');
  for (const x of oneOffs.extra) if (x.date.startsWith(`${year}-`)) found.push({ day: dayNumber(x.date), title: x.title });
  const list = Object.freeze(found.sort((a, b) => a.day - b.day).map((h) => Object.freeze({ date: dayString(h.day), title: h.title })));
  byYear.set(year, list);
  return list;
}

function dayNumber(date: string): number {
  return civil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/** England and Wales bank holidays for every year the rule answers (bankHolidayCoverage), in date order. */
export const englandAndWalesBankHolidayList: readonly BankHoliday[] = Object.freeze(
  Array.from({ length: bankHolidayCoverage.to - bankHolidayCoverage.from + 1 }, (_, i) => englandAndWalesBankHolidaysIn(bankHolidayCoverage.from + i)).flat(),
);

/**
 * The dates ('YYYY-MM-DD') of England and Wales bank holidays, 1980 to 2200. Counting working
 * days with this set at a date outside those years throws a BankHolidayRangeError.
 */
export const englandAndWalesBankHolidays: ReadonlySet<string> = new Set(englandAndWalesBankHolidayList.map((h) => h.date));

export type Holidays = ReadonlySet<string> | readonly string[];

function holidaySet(holidays: Holidays): ReadonlySet<string> {
  return holidays instanceof Set ? holidays : new Set(holidays as readonly string[]);
}

function isWorkingDayNumber(day: number, holidays: ReadonlySet<string>): boolean {
  if (holidays === englandAndWalesBankHolidays) {
    const year = ymd(day).y;
    if (year < bankHolidayCoverage.from || year > bankHolidayCoverage.to) throw new BankHolidayRangeError(dayString(day));
  }
  const weekday = ymd(day).weekday;
  return weekday !== 0 && weekday !== 6 && !holidays.has(dayString(day));
}

// ---------------------------------------------------------------------------------------------
// Europe/London calendar dates
// ---------------------------------------------------------------------------------------------

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Europe/London wall-clock reading of an instant, as milliseconds of a UTC-reckoned timeline. */
function londonWallClock(instant: number): number {
  const parts: Record<string, string> = {};
  for (const p of londonFormat.formatToParts(new Date(instant))) parts[p.type] = p.value;
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour) % 24, Number(parts.minute), Number(parts.second));
  return wall + (((instant % 1000) + 1000) % 1000);
}

/** The UTC offset of Europe/London at an instant, in milliseconds (0 in GMT, 3,600,000 in BST). */
function londonOffset(instant: number): number {
  return londonWallClock(instant) - instant;
}

/**
 * The instant at which London clocks read a wall-clock time. A time the spring clock change
 * skips is read as the instant an hour later on the clocks; a time the autumn change repeats is
 * read as the second (GMT) one.
 */
function fromLondonWallClock(wall: number): number {
  const first = wall - londonOffset(wall);
  const offset = londonOffset(first);
  const second = wall - offset;
  if (second === first) return first;
  return londonOffset(second) === offset ? second : Math.max(first, second);
}

/** A date as its day; a date-time as its Europe/London calendar date and time of day. */
function londonMoment(input: string): Moment {
  const m = mustParse(input);
  if (m.kind === 'date') return m;
  const wall = londonWallClock(m.day * MS_PER_DAY + m.msOfDay);
  const day = Math.floor(wall / MS_PER_DAY);
  return { kind: 'datetime', day, msOfDay: wall - day * MS_PER_DAY };
}

/** The Europe/London calendar date of a date-time (a date is itself), as 'YYYY-MM-DD'. */
export function toLondonDate(input: string): string {
  return dayString(londonMoment(input).day);
}

/** True for Monday to Friday that is not a bank holiday, judged on the Europe/London date of a date-time. */
export function isWorkingDay(input: string, holidays: Holidays = englandAndWalesBankHolidays): boolean {
  return isWorkingDayNumber(londonMoment(input).day, holidaySet(holidays));
}

/** True when the (Europe/London) date is a bank holiday; with the England and Wales list, throws outside its years. */
export function isBankHoliday(input: string, holidays: Holidays = englandAndWalesBankHolidays): boolean {
  const day = londonMoment(input).day;
  const set = holidaySet(holidays);
  if (set === englandAndWalesBankHolidays) {
    const year = ymd(day).y;
    if (year < bankHolidayCoverage.from || year > bankHolidayCoverage.to) throw new BankHolidayRangeError(dayString(day));
  }
  return set.has(dayString(day));
}

/**
 * n working days later (earlier if negative): counts forward one day at a time, counting only
 * working days. From a Friday, 1 working day is the Monday (or the next working day after it).
 * n = 0 returns the input (in output form). A date-time counts on its Europe/London date and keeps its
 * Europe/London time of day (00:30 BST Friday plus 1 is 00:30 BST Monday, 23:30Z Sunday).
 * With the England and Wales list, a count that reaches outside 1980 to 2200 throws a
 * BankHolidayRangeError.
 */
export function addWorkingDays(input: string, n: number, holidays: Holidays = englandAndWalesBankHolidays): string {
  assertWhole(n);
  const m = londonMoment(input);
  const set = holidaySet(holidays);
  const step = n < 0 ? -1 : 1;
  let day = m.day;
  let remaining = Math.abs(n);
  if (remaining === 0) return normaliseDate(input);
  while (remaining > 0) {
    day += step;
    if (isWorkingDayNumber(day, set)) remaining -= 1;
  }
  if (m.kind === 'date') return dayString(day);
  return new Date(fromLondonWallClock(day * MS_PER_DAY + m.msOfDay)).toISOString();
}

/**
 * True when working days can be counted from the date with the England and Wales list: its
 * Europe/London date is in 1980 to 2200. False for an invalid date.
 */
export function isWithinBankHolidayCoverage(input: string): boolean {
  if (!isValidDateInput(input)) return false;
  const year = Number(toLondonDate(input).slice(0, 4));
  return year >= bankHolidayCoverage.from && year <= bankHolidayCoverage.to;
}

function assertWhole(n: number): void {
  if (!Number.isInteger(n)) throw new RangeError(`Expected a whole number, got ${n}`);
}
