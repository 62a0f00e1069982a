import { z } from 'zod';
import { districts, type District } from '../../domain/occurrence';
import { londonParts, londonToUtc } from '../../domain/time';
import { entitledToRestricted } from '../../auth/record-access';
import type { Actor } from '../../domain/actor';
import type { ReportScope } from '../../store/repositories/management-information';
import { ValidationError } from '../errors';
import { decodeCursor, encodeCursor } from '../../store/repositories/occurrences';
import type { FigureCursor } from '../../store/repositories/management-information';

const isoDate = (label: string) =>
  z
    .string()
    .trim()
    .max(10, { message: `${label} must be a real date, for example 1 3 2026`, abort: true })
    .refine((v) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
      const [y, m, d] = v.split('-').map(Number) as [number, number, number];
      const t = new Date(Date.UTC(y, m - 1, d));
      return y >= 2000 && y <= 2100 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
    }, `${label} must be a real date between 2000 and 2100, for example 1 3 2026`);

const optional = <T extends z.ZodType>(s: T) => s.optional().or(z.literal('').transform(() => undefined));

/** The reporting period and district, as the dashboard, the compliance report and their API take them. */
export const reportPeriodShape = {
  from: optional(isoDate('Start date')),
  to: optional(isoDate('End date')),
  district: optional(z.enum(districts, { message: `District must be one of ${districts.join(', ')}` })),
};
export const reportPeriodInput = z.object(reportPeriodShape).strict();
export type ReportPeriodInput = z.infer<typeof reportPeriodInput>;

export interface ReportPeriod {
  /** London calendar dates, inclusive. */
  from: string;
  to: string;
  district: District | null;
}

const pad = (v: number) => String(v).padStart(2, '0');
const dateOf = (p: { year: number; month: number; day: number }) => `${p.year}-${pad(p.month)}-${pad(p.day)}`;

/** Without dates: the twelve months to today (from the first day of the month eleven months ago). */
export function resolvePeriod(input: ReportPeriodInput, now: Date): ReportPeriod {
  const today = londonParts(now);
  const startMonth = new Date(Date.UTC(today.year, today.month - 1 - 11, 1));
  const from = input.from ?? dateOf({ year: startMonth.getUTCFullYear(), month: startMonth.getUTCMonth() + 1, day: 1 });
  const to = input.to ?? (input.from && input.from > dateOf(today) ? input.from : dateOf(today));
  if (from > to) throw new ValidationError([{ field: 'to', message: 'End date must be the same as or after the start date' }]);
  const span = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (span > 366 * 10) throw new ValidationError([{ field: 'to', message: 'The period can be at most 10 years' }]);
  return { from, to, district: input.district ?? null };
}

/** The first instant of a London calendar date. */
export function londonMidnight(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return londonToUtc(y, m, d, 0, 0)!.toISOString();
}

export function nextDate(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/**
 * The period as the store counts it: [from's midnight, the midnight after `to`), London time.
 * ID-08: restricted occurrences count only for users who may see them.
 */
export function scopeFor(actor: Actor, period: ReportPeriod, now: Date): ReportScope {
  return {
    from: londonMidnight(period.from),
    to: londonMidnight(nextDate(period.to)),
    district: period.district,
    includeRestricted: entitledToRestricted(actor),
    now: now.toISOString(),
  };
}

export function decodeFigureCursor(after: string | undefined): FigureCursor | undefined {
  if (!after) return undefined;
  const c = decodeCursor(after);
  if (!c) throw new ValidationError([{ field: 'after', message: 'The page marker is not valid: start from the first page again' }]);
  return { key: c.receivedAt, id: c.id };
}

export function encodeFigureCursor(c: FigureCursor): string {
  return encodeCursor({ receivedAt: c.key, id: c.id });
}

/** The period as query parameters (for links to the drill-down and exports). */
export function periodQuery(p: ReportPeriod): Record<string, string> {
  return { from: p.from, to: p.to, ...(p.district ? { district: p.district } : {}) };
}
