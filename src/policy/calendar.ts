/**
 * Calendar arithmetic for policy deadlines. Pure: no clock reads; bank holidays are data.
 *
 * Dates come in two shapes and keep their shape:
 * - a date 'YYYY-MM-DD' in gives a date 'YYYY-MM-DD' out;
 * - an ISO 8601 date-time in ('2026-04-03T09:30:00Z', '2026-04-03T10:30:00+01:00') gives an
 *   ISO date-time in UTC out, with 'Z' ('2026-04-10T09:30:00.000Z'). A date-time without an
 *   offset is read as UTC.
 *
 * "Days" in the policy are calendar days. "Working days" (Victims' Code) exclude Saturdays,
 * Sundays and England and Wales bank holidays. For a date-time, working days are judged on its
 * UTC date and the time of day is kept. (Near midnight in British Summer Time the UTC date is
 * the day before the London date; callers who care pass a date.)
 */
import bankHolidayData from './data/bank-holidays-england-and-wales.json' with { type: 'json' };

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

interface BankHolidayFile {
  division: string;
  coverage: { from: number; to: number };
  events: { date: string; title: string }[];
}

const bankHolidayFile: BankHolidayFile = bankHolidayData;

/** England and Wales bank holidays, vendored as data (see data/bank-holidays-england-and-wales.json). */
export const englandAndWalesBankHolidayList: readonly { readonly date: string; readonly title: string }[] = bankHolidayFile.events;

/** The dates ('YYYY-MM-DD') of England and Wales bank holidays. */
export const englandAndWalesBankHolidays: ReadonlySet<string> = new Set(bankHolidayFile.events.map((e) => e.date));

/** The years the vendored list covers. Outside them, only weekends are excluded from working days. */
export const bankHolidayCoverage: Readonly<{ from: number; to: number }> = bankHolidayFile.coverage;

export type Holidays = ReadonlySet<string> | readonly string[];

function holidaySet(holidays: Holidays): ReadonlySet<string> {
  return holidays instanceof Set ? holidays : new Set(holidays as readonly string[]);
}

function isWorkingDayNumber(day: number, holidays: ReadonlySet<string>): boolean {
  const weekday = new Date(day * MS_PER_DAY).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays.has(dayString(day));
}

/** True for Monday to Friday that is not a bank holiday (judged on the UTC date of a date-time). */
export function isWorkingDay(input: string, holidays: Holidays = englandAndWalesBankHolidays): boolean {
  return isWorkingDayNumber(mustParse(input).day, holidaySet(holidays));
}

/** True when the date is in the bank holiday list. */
export function isBankHoliday(input: string, holidays: Holidays = englandAndWalesBankHolidays): boolean {
  return holidaySet(holidays).has(toDateOnly(input));
}

/**
 * n working days later (earlier if negative): counts forward one day at a time, counting only
 * working days. From a Friday, 1 working day is the Monday (or the next working day after it).
 * n = 0 returns the input unchanged. The time of day of a date-time is kept.
 */
export function addWorkingDays(input: string, n: number, holidays: Holidays = englandAndWalesBankHolidays): string {
  assertWhole(n);
  const m = mustParse(input);
  const set = holidaySet(holidays);
  const step = n < 0 ? -1 : 1;
  let day = m.day;
  let remaining = Math.abs(n);
  while (remaining > 0) {
    day += step;
    if (isWorkingDayNumber(day, set)) remaining -= 1;
  }
  return format({ ...m, day });
}

/** True when the year of the date is inside the vendored bank holiday list. */
export function isWithinBankHolidayCoverage(input: string): boolean {
  const year = Number(toDateOnly(input).slice(0, 4));
  return year >= bankHolidayCoverage.from && year <= bankHolidayCoverage.to;
}

function assertWhole(n: number): void {
  if (!Number.isInteger(n)) throw new RangeError(`Expected a whole number, got ${n}`);
}
