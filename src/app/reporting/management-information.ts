import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { districtNames } from '../../domain/occurrence';
import { homeOfficeOutcome } from '../../policy/outcomes';
import { outcomes, type Outcome } from '../../policy/finalisation';
import { unitNames, type Unit } from '../../policy/vocabulary';
import {
  allOf,
  allocatedUnitIs,
  always,
  countFigure,
  countFigures,
  finalisedByOutcome,
  listFigureRecords,
  negate,
  occurrencePredicates as P,
  outcomeIs,
  receivedBetween,
  receivedByAllocatedUnit,
  receivedByMonth,
  receivedByRiskGrade,
  riskGradeIs,
  type FigureQuery,
  type FigureRecord,
} from '../../store/repositories/management-information';
import { deadlineFigureValue, deadlineFigureWhere, obligationCompliance } from '../../store/repositories/obligation-compliance';
import { ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { decodeFigureCursor, encodeFigureCursor, londonMidnight, reportPeriodInput, reportPeriodShape, resolvePeriod, scopeFor, type ReportPeriod } from './period';
import { logExport } from './export-log';

/** One number on a chart: what it counts, and the drill-down key (figure and bucket) of the records behind it. */
export interface ChartCell {
  value: number;
  /** How the value reads (a rate, an average); the value itself when absent. */
  display?: string;
  figure: MiFigure;
  bucket: string;
  /** The number of records behind the value, when the value is not a count (an average). */
  records?: number;
}

export interface ChartRow {
  label: string;
  cells: ChartCell[];
}

export interface Chart {
  id: string;
  title: string;
  /** A sentence for the chart's text alternative. */
  description: string;
  /** What the chart counts and over which dates. */
  basis: string;
  series: string[];
  rows: ChartRow[];
}

export const miFigures = ['received', 'classification', 'dash', 'risk', 'allocation', 'spo', 'deadlines', 'outcomes', 'days_to_finalise'] as const;
export type MiFigure = (typeof miFigures)[number];

const riskGrades = ['standard', 'medium', 'high'] as const;
const unitOrder = ['DA_TEAM', 'ADULT_SAFEGUARDING', 'CID', 'INVESTIGATION_TEAM'] as const;
const monthFmt = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export function monthLabel(month: string): string {
  return monthFmt.format(new Date(`${month}-01T12:00:00Z`));
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Every month the period touches, so a month without reports still shows as nought. */
function monthsOf(period: ReportPeriod): string[] {
  const out: string[] = [];
  for (let m = period.from.slice(0, 7); m <= period.to.slice(0, 7); m = nextMonth(m)) out.push(m);
  return out;
}

export const outcomeLabel = (o: string | null): string => {
  if (o === null) return 'No outcome recorded';
  const ho = homeOfficeOutcome[o as Outcome];
  return ho ? (ho.code === null ? ho.name : `${ho.code}: ${ho.name}`) : o;
};
export const unitLabel = (u: string | null): string => (u === null ? 'Not yet allocated' : (unitNames[u as Unit] ?? u).replace(/^./, (c) => c.toUpperCase()));
export const gradeLabel = (g: string | null): string => (g === null ? 'No DASH' : g.replace(/^./, (c) => c.toUpperCase()));

const dashBuckets = { completed: 'DASH completed', not_completed: 'No DASH', endorsed: 'Grading endorsed', not_endorsed: 'Awaiting endorsement' } as const;
const classificationBuckets = { stalking: 'Stalking', harassment: 'Harassment', unclassified: 'Not yet classified' } as const;
const spoBuckets = { considered: 'Considered', applied: 'Applied for', granted: 'Granted (interim or full)', breached: 'Breached' } as const;
/** The deadline figures, counted from obligations exactly as the compliance report counts them. */
const deadlineBuckets = { met: 'Met on time', late: 'Met late', overdue: 'Open and overdue', open: 'Open, not yet due', closed: 'Closed with a reason' } as const;
type DeadlineBucket = keyof typeof deadlineBuckets;

/**
 * The predicate behind one figure, or a validation error naming `bucket`. The same predicate
 * counts the figure on the dashboard and lists its records, so the two always agree.
 */
export function miFigureQuery(figure: MiFigure, bucket: string, now: string): FigureQuery {
  const bad = () => new ValidationError([{ field: 'bucket', message: `${bucket || '(empty)'} is not a part of the ${figure.replace(/_/g, ' ')} figure` }]);
  const received = (where: FigureQuery['where']): FigureQuery => ({ source: 'received', where });
  switch (figure) {
    case 'received': {
      if (bucket === 'all') return received(always);
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(bucket)) throw bad();
      return received(receivedBetween(londonMidnight(`${bucket}-01`), londonMidnight(`${nextMonth(bucket)}-01`)));
    }
    case 'classification': {
      if (!(bucket in classificationBuckets)) throw bad();
      return received(P[bucket as keyof typeof classificationBuckets]);
    }
    case 'dash': {
      if (bucket === 'completed') return received(P.dashCompleted);
      if (bucket === 'not_completed') return received(negate(P.dashCompleted));
      if (bucket === 'endorsed') return received(P.dashEndorsed);
      if (bucket === 'not_endorsed') return received(allOf(P.dashCompleted, negate(P.dashEndorsed)));
      throw bad();
    }
    case 'risk': {
      if (bucket === 'none') return received(riskGradeIs(null));
      if (!(riskGrades as readonly string[]).includes(bucket)) throw bad();
      return received(riskGradeIs(bucket));
    }
    case 'allocation': {
      if (bucket === 'unallocated') return received(allocatedUnitIs(null));
      if (!(unitOrder as readonly string[]).includes(bucket)) throw bad();
      return received(allocatedUnitIs(bucket));
    }
    case 'spo': {
      const p = { considered: P.spoConsidered, applied: P.spoApplied, granted: P.spoGranted, breached: P.spoBreached }[bucket];
      if (!p) throw bad();
      return received(p);
    }
    case 'deadlines': {
      const m = /^([A-Z]{2}-\d{2}):(met|late|overdue|open|closed)$/.exec(bucket);
      if (!m) throw bad();
      return { source: 'obligation', where: deadlineFigureWhere(m[1]!, m[2] as DeadlineBucket, now) };
    }
    case 'outcomes':
    case 'days_to_finalise': {
      if (figure === 'days_to_finalise' && bucket === 'all') return { source: 'finalised', where: always };
      if (bucket === 'none') return { source: 'finalised', where: outcomeIs(null) };
      if (!(outcomes as readonly string[]).includes(bucket)) throw bad();
      return { source: 'finalised', where: outcomeIs(bucket) };
    }
  }
}

export interface ManagementInformation {
  period: ReportPeriod;
  districtLabel: string;
  headline: { received: number; dashCompletionRate: number | null; endorsementRate: number | null; finalised: number; averageDaysToFinalise: number | null };
  charts: Chart[];
}

const pct = (num: number, den: number): number | null => (den === 0 ? null : Math.round((1000 * num) / den) / 10);

/**
 * The management information dashboard for a period, per district or force-wide. Counts are
 * aggregated in the database; restricted occurrences (ID-08) count only for those who may see them.
 */
export async function managementInformation(deps: AppDeps, actor: Actor, raw: unknown): Promise<ManagementInformation> {
  permit(actor, 'mi.view');
  const input = parseInput(reportPeriodInput, raw);
  const now = deps.clock();
  const period = resolvePeriod(input, now);
  const scope = scopeFor(actor, period, now);
  const { db, kind } = deps.store;
  const [byMonth, cohort, grades, units, finalised, deadlines] = await Promise.all([
    receivedByMonth(db, kind, scope),
    countFigures(db, 'received', scope, {
      received: always,
      stalking: P.stalking,
      harassment: P.harassment,
      unclassified: P.unclassified,
      completed: P.dashCompleted,
      endorsed: P.dashEndorsed,
      considered: P.spoConsidered,
      applied: P.spoApplied,
      granted: P.spoGranted,
      breached: P.spoBreached,
    }),
    receivedByRiskGrade(db, scope),
    receivedByAllocatedUnit(db, scope),
    finalisedByOutcome(db, kind, scope),
    obligationCompliance(db, scope),
  ]);
  const monthCounts = new Map(byMonth.map((m) => [m.month, m.count]));
  const gradeCounts = new Map(grades.map((g) => [g.grade, g.count]));
  const unitCounts = new Map(units.map((u) => [u.unit, u.count]));
  const outcomeCounts = new Map(finalised.outcomes.map((o) => [o.outcome, o]));
  const dashCounts = { completed: cohort.completed, not_completed: cohort.received - cohort.completed, endorsed: cohort.endorsed, not_endorsed: cohort.completed - cohort.endorsed };
  const where = period.district ? districtNames[period.district] : 'force-wide';
  const receivedBasis = `Occurrences received from ${period.from} to ${period.to}, ${where}.`;
  const one = (figure: MiFigure, bucket: string, value: number): ChartCell => ({ value, figure, bucket });

  const charts: Chart[] = [
    {
      id: 'received',
      title: 'Reports received, by month',
      description: `${cohort.received} reports received: ${monthsOf(period).map((m) => `${monthLabel(m)} ${monthCounts.get(m) ?? 0}`).join(', ')}.`,
      basis: receivedBasis,
      series: ['Reports received'],
      rows: monthsOf(period).map((m) => ({ label: monthLabel(m), cells: [one('received', m, monthCounts.get(m) ?? 0)] })),
    },
    {
      id: 'classification',
      title: 'Stalking and harassment',
      description: Object.entries(classificationBuckets).map(([k, label]) => `${label} ${cohort[k as keyof typeof classificationBuckets]}`).join(', ') + '.',
      basis: `${receivedBasis} Classification as recorded (ID-01).`,
      series: ['Occurrences'],
      rows: Object.entries(classificationBuckets).map(([k, label]) => ({ label, cells: [one('classification', k, cohort[k as keyof typeof classificationBuckets])] })),
    },
    {
      id: 'dash',
      title: 'DASH completion and endorsement',
      description: `DASH completed for ${cohort.completed} of ${cohort.received} (${pct(cohort.completed, cohort.received) ?? 0}%); grading endorsed for ${cohort.endorsed} of ${cohort.completed} (${pct(cohort.endorsed, cohort.completed) ?? 0}%).`,
      basis: `${receivedBasis} A DASH for every report (AO-02); its grading endorsed by a supervisor (SV-02).`,
      series: ['Occurrences'],
      rows: Object.entries(dashBuckets).map(([k, label]) => ({ label, cells: [one('dash', k, dashCounts[k as keyof typeof dashCounts])] })),
    },
    {
      id: 'risk',
      title: 'Risk grades',
      description: [...riskGrades, null].map((g) => `${gradeLabel(g)} ${gradeCounts.get(g) ?? 0}`).join(', ') + '.',
      basis: `${receivedBasis} The latest DASH grading, as endorsed where it has been.`,
      series: ['Occurrences'],
      rows: [...riskGrades, null].map((g) => ({ label: gradeLabel(g), cells: [one('risk', g ?? 'none', gradeCounts.get(g) ?? 0)] })),
    },
    {
      id: 'allocation',
      title: 'Allocation by unit',
      description: [...unitOrder, null].map((u) => `${unitLabel(u)} ${unitCounts.get(u) ?? 0}`).join(', ') + '.',
      basis: `${receivedBasis} The unit allocated at triage (AL-02 to AL-05).`,
      series: ['Occurrences'],
      rows: [...unitOrder, null].map((u) => ({ label: unitLabel(u), cells: [one('allocation', u ?? 'unallocated', unitCounts.get(u) ?? 0)] })),
    },
    {
      id: 'spo',
      title: 'Stalking Protection Orders',
      description: Object.entries(spoBuckets).map(([k, label]) => `${label} ${cohort[k as keyof typeof spoBuckets]}`).join(', ') + '.',
      basis: `${receivedBasis} Occurrences with an order considered (SP-01), applied for (SP-03), granted (SP-05), or breached (BR-01).`,
      series: ['Occurrences'],
      rows: Object.entries(spoBuckets).map(([k, label]) => ({ label, cells: [one('spo', k, cohort[k as keyof typeof spoBuckets])] })),
    },
    {
      id: 'deadlines',
      title: 'Deadlines met and missed, by requirement',
      description: deadlines.length
        ? deadlines.map((t) => `${t.requirement}: ${t.applied} opened, met on time ${t.metOnTime}, met late ${t.metLate}, open and overdue ${t.openOverdue}, open and not yet due ${t.openInTime}, closed with a reason ${t.closedWithReason}`).join('; ') + '.'
        : 'No deadlines opened in the period.',
      basis: `Deadlines the policy set on cases from ${period.from} to ${period.to}, ${where}, counted as the compliance report counts them. Met on time: done by the due time. Met late: done after it. Open and overdue: not done and past the due time today. Open, not yet due: not done, not yet due. Closed with a reason: closed by hand as not applicable, with the reason recorded.`,
      series: Object.values(deadlineBuckets),
      rows: deadlines.map((t) => ({
        label: t.requirement,
        cells: (Object.keys(deadlineBuckets) as DeadlineBucket[]).map((k) => one('deadlines', `${t.requirement}:${k}`, deadlineFigureValue(t, k))),
      })),
    },
    {
      id: 'outcomes',
      title: 'Outcomes, by Home Office outcome code',
      description: finalised.outcomes.length ? finalised.outcomes.map((o) => `${outcomeLabel(o.outcome)} ${o.count}`).join(', ') + '.' : 'No occurrences were finalised in the period.',
      basis: `Occurrences finalised from ${period.from} to ${period.to}, ${where}.`,
      series: ['Occurrences'],
      rows: [...outcomes, null]
        .filter((o) => outcomeCounts.has(o) || (o !== null && !['words_of_advice', 'written_warning', 'mediation'].includes(o)))
        .map((o) => ({ label: outcomeLabel(o), cells: [one('outcomes', o ?? 'none', outcomeCounts.get(o)?.count ?? 0)] })),
    },
  ];
  const averageDays = finalised.averageDays === null ? null : Math.round(finalised.averageDays * 10) / 10;
  charts.push({
    id: 'days_to_finalise',
    title: 'Average days from report to finalisation',
    description: averageDays === null ? 'No occurrences were finalised in the period.' : `${finalised.finalised} occurrences finalised, on average ${averageDays} days after they were reported.`,
    basis: `Occurrences finalised from ${period.from} to ${period.to}, ${where}: days from the report received to finalisation.`,
    series: ['Average days', 'Finalised'],
    rows: [
      {
        label: 'All outcomes',
        cells: [
          { value: averageDays ?? 0, display: averageDays === null ? 'None finalised' : `${averageDays}`, figure: 'days_to_finalise', bucket: 'all', records: finalised.finalised },
          one('days_to_finalise', 'all', finalised.finalised),
        ],
      },
    ],
  });
  return {
    period,
    districtLabel: period.district ? districtNames[period.district] : 'Force-wide',
    headline: {
      received: cohort.received,
      dashCompletionRate: pct(cohort.completed, cohort.received),
      endorsementRate: pct(cohort.endorsed, cohort.completed),
      finalised: finalised.finalised,
      averageDaysToFinalise: averageDays,
    },
    charts,
  };
}

export const miRecordsInput = z
  .object({
    ...reportPeriodShape,
    figure: z.enum(miFigures, { message: `Figure must be one of ${miFigures.join(', ')}` }),
    bucket: z.string().trim().min(1, 'Say which part of the figure to list').max(40, 'Must be 40 characters or fewer'),
    after: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

export interface FigureRecords {
  period: ReportPeriod;
  figure: MiFigure;
  bucket: string;
  title: string;
  source: FigureQuery['source'];
  total: number;
  records: FigureRecord[];
  next?: string;
}

/** The title of a figure's drill-down: the figure and the part of it. */
export function figureTitle(figure: MiFigure, bucket: string): string {
  switch (figure) {
    case 'received':
      return bucket === 'all' ? 'Reports received' : `Reports received in ${monthLabel(bucket)}`;
    case 'classification':
      return `${classificationBuckets[bucket as keyof typeof classificationBuckets]} occurrences`;
    case 'dash':
      return `${dashBuckets[bucket as keyof typeof dashBuckets]}`;
    case 'risk':
      return bucket === 'none' ? 'Occurrences without a DASH' : `${gradeLabel(bucket)} risk`;
    case 'allocation':
      return `Allocation: ${unitLabel(bucket === 'unallocated' ? null : bucket)}`;
    case 'spo':
      return `Stalking Protection Orders: ${spoBuckets[bucket as keyof typeof spoBuckets].toLowerCase()}`;
    case 'deadlines': {
      const [req, state] = bucket.split(':') as [string, DeadlineBucket];
      return `${req} deadlines: ${deadlineBuckets[state].toLowerCase()}`;
    }
    case 'outcomes':
      return `Outcome ${outcomeLabel(bucket === 'none' ? null : bucket)}`;
    case 'days_to_finalise':
      return bucket === 'all' ? 'Occurrences finalised' : `Finalised: ${outcomeLabel(bucket)}`;
  }
}

async function figureQueryFor(deps: AppDeps, actor: Actor, input: z.infer<typeof miRecordsInput>) {
  const now = deps.clock();
  const period = resolvePeriod(input, now);
  const scope = scopeFor(actor, period, now);
  const q = miFigureQuery(input.figure, input.bucket, scope.now);
  return { period, scope, q };
}

/** The records behind one figure, a page at a time (the count is the figure's). */
export async function managementInformationRecords(deps: AppDeps, actor: Actor, raw: unknown): Promise<FigureRecords> {
  permit(actor, 'mi.view');
  const input = parseInput(miRecordsInput, raw);
  const after = decodeFigureCursor(input.after);
  const { period, scope, q } = await figureQueryFor(deps, actor, input);
  const [total, page] = await Promise.all([countFigure(deps.store.db, q, scope), listFigureRecords(deps.store.db, q, scope, { limit: input.limit, ...(after ? { after } : {}) })]);
  const result: FigureRecords = { period, figure: input.figure, bucket: input.bucket, title: figureTitle(input.figure, input.bucket), source: q.source, total, records: page.records };
  if (page.next) result.next = encodeFigureCursor(page.next);
  return result;
}

/**
 * Every record behind a figure, for a CSV export. An export discloses case records, so it is
 * logged as a read (who, when, which figure and period, how many rows) before it is returned.
 */
export async function exportManagementInformationRecords(deps: AppDeps, actor: Actor, raw: unknown): Promise<FigureRecords> {
  permit(actor, 'mi.view');
  const input = parseInput(miRecordsInput.omit({ after: true, limit: true }), raw);
  const { period, scope, q } = await figureQueryFor(deps, actor, { ...input, limit: 100 });
  const records = await allRecords(deps, q, scope);
  const title = figureTitle(input.figure, input.bucket);
  await logExport(deps, actor, { what: `management information: ${title}`, period, rows: records.length });
  return { period, figure: input.figure, bucket: input.bucket, title, source: q.source, total: records.length, records };
}

export async function allRecords(deps: AppDeps, q: FigureQuery, scope: Parameters<typeof listFigureRecords>[2]): Promise<FigureRecord[]> {
  const out: FigureRecord[] = [];
  let after: Parameters<typeof listFigureRecords>[3]['after'];
  for (;;) {
    const page = await listFigureRecords(deps.store.db, q, scope, { limit: 2000, ...(after ? { after } : {}) });
    out.push(...page.records);
    if (!page.next) return out;
    after = page.next;
  }
}

/** A chart's data table exported: logged like any export of case information. */
export async function exportManagementInformationChart(deps: AppDeps, actor: Actor, chartId: string, raw: unknown): Promise<{ mi: ManagementInformation; chart: Chart }> {
  const mi = await managementInformation(deps, actor, raw);
  const chart = mi.charts.find((c) => c.id === chartId);
  if (!chart) throw new ValidationError([{ field: 'chart', message: `${chartId} is not a chart of the dashboard` }]);
  await logExport(deps, actor, { what: `management information table: ${chart.title}`, period: mi.period, rows: chart.rows.length });
  return { mi, chart };
}
