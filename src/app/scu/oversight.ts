import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { districts } from '../../domain/occurrence';
import { londonParts, londonToUtc } from '../../domain/time';
import { entitledToRestricted } from '../../auth/record-access';
import { addCalendarDays } from '../../policy/calendar';
import { appendLogGrouped } from '../../store/repositories/log';
import {
  caseReviewsDue,
  crimesWithoutSupportReferral,
  latestReviewDates,
  recentCaseReviews,
  spoReferralsAwaitingDecision,
  supportReferralCounts,
  type Visibility,
} from '../../store/repositories/scu';
import { ValidationError } from '../errors';
import { nowIso, parseInput, permit, type AppDeps } from '../context';
import { scuLists } from '../investigation/case-management';

const date = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${what} date as YYYY-MM-DD`)
    .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), `Enter a real ${what} date`)
    .optional()
    .or(z.literal('').transform(() => undefined));

/** The period and district of the support-referral figures (SC-05). */
export const scuDayInput = z
  .object({
    from: date('start'),
    to: date('end'),
    district: z.enum(districts, { message: `District must be one of ${districts.join(', ')}` }).optional().or(z.literal('').transform(() => undefined)),
  })
  .strict();

/** How many days the support-referral figures cover unless the user chooses (the last 30 days, today included). */
export const DEFAULT_PERIOD_DAYS = 30;

const startOfLondonDay = (d: string) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return (londonToUtc(y, m, day, 0, 0) ?? new Date(`${d}T00:00:00Z`)).toISOString();
};

function visibility(actor: Actor): Visibility {
  return { all: entitledToRestricted(actor), userId: actor.id };
}

/**
 * SC-05: of the stalking crimes recorded in a period, how many had a referral to specialist
 * stalking support services made, by district and force-wide, with the crimes that had none
 * (restricted records only for those entitled to them, ID-08).
 */
export async function supportReferralRates(deps: AppDeps, actor: Actor, raw: unknown) {
  permit(actor, 'scu.lists');
  const input = parseInput(scuDayInput, raw);
  const today = (() => {
    const p = londonParts(deps.clock());
    return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  })();
  const to = input.to ?? today;
  const from = input.from ?? addCalendarDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) throw new ValidationError([{ field: 'from', message: 'The start date must be on or before the end date' }]);
  if (addCalendarDays(from, 366) < to) throw new ValidationError([{ field: 'from', message: 'The period may be at most a year long' }]);
  const v = visibility(actor);
  const fromIso = startOfLondonDay(from);
  const toIso = startOfLondonDay(addCalendarDays(to, 1));
  const counts = await supportReferralCounts(deps.store.db, fromIso, toIso, v);
  const rate = (referred: number, crimes: number) => (crimes ? Math.round((referred / crimes) * 1000) / 10 : null);
  const byDistrict = districts.map((d) => {
    const c = counts.find((x) => x.district === d) ?? { crimes: 0, referred: 0, declined: 0 };
    return { district: d, crimes: c.crimes, referred: c.referred, declined: c.declined, without: c.crimes - c.referred, ratePercent: rate(c.referred, c.crimes) };
  });
  const total = byDistrict.reduce((a, d) => ({ crimes: a.crimes + d.crimes, referred: a.referred + d.referred, declined: a.declined + d.declined }), { crimes: 0, referred: 0, declined: 0 });
  const without = await crimesWithoutSupportReferral(deps.store.db, fromIso, toIso, v, input.district);
  return {
    from,
    to,
    district: input.district ?? null,
    byDistrict,
    forceWide: { ...total, without: total.crimes - total.referred, ratePercent: rate(total.referred, total.crimes) },
    without,
  };
}

/**
 * The SCU's day on one page: the daily triage list of non-domestic stalking (SC-01), the
 * highest-risk domestic stalking for district liaison (SC-02), SPO referrals awaiting the SCU's
 * decision (SC-04), case reviews due and recent (SC-03), and support referral rates (SC-05).
 * The page's read is logged.
 */
export async function scuDay(deps: AppDeps, actor: Actor, raw: unknown, options: { logRead?: boolean } = {}) {
  permit(actor, 'scu.lists');
  const rates = await supportReferralRates(deps, actor, raw);
  const db = deps.store.db;
  const v = visibility(actor);
  const lists = await scuLists(deps, actor);
  const ids = [...lists.nonDomestic, ...lists.highestRiskDomestic].map((x) => x.occurrence.id);
  const lastReviewed = await latestReviewDates(db, ids);
  const today = nowIso(deps).slice(0, 10);
  const [awaiting, due, recent] = await Promise.all([
    spoReferralsAwaitingDecision(db, v),
    caseReviewsDue(db, addCalendarDays(today, 7), v),
    recentCaseReviews(db, new Date(deps.clock().getTime() - 30 * 86_400_000).toISOString(), v),
  ]);
  // A page re-shown after refused input writes nothing: the read was logged when it was first shown.
  if (options.logRead !== false) await appendLogGrouped(db, {
    actor,
    kind: 'read',
    subjectType: 'scu_lists',
    subjectId: 'scu',
    action: 'scu_lists.viewed',
    at: nowIso(deps),
    reason: `Viewed the SCU lists (${lists.nonDomestic.length} non-domestic, ${lists.highestRiskDomestic.length} high-risk domestic) and support referrals ${rates.from} to ${rates.to}${rates.district ? ` (${rates.district})` : ''}`,
    requirements: ['XC-03', 'SC-01', 'SC-02', 'SC-05'],
  });
  return { lists, lastReviewed, awaiting, due, recent, rates, today };
}
