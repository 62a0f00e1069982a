import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { districtNames } from '../../domain/occurrence';
import { requirementCatalogue, requirementById } from '../../policy/requirements';
import { obligationCatalogue } from '../../policy/obligations';
import { defaultParameters } from '../../policy/parameters';
import { namedSuspectOutcomes, noFurtherActionOutcomes, noSuspectOutcomes, rationaleSeparators, stockRationalePhrases, suspectArrestOrInterviewActions } from '../../policy/finalisation';
import {
  allOf,
  always,
  countFigure,
  countFigures,
  finalisedByRank,
  informalOutcomes,
  listFigureRecords,
  logActionIn,
  logPredicates as L,
  negate,
  notSpecialistUnit,
  occurrencePredicates as P,
  outcomeIn,
  outcomeNoneOrNotIn,
  rationaleSubstanceAtLeast,
  suspectActionIn,
  type FigureQuery,
  type FigureRecord,
  type FigureSource,
} from '../../store/repositories/management-information';
import { deadlineFigureWhere, obligationCompliance, obligationRow, type DeadlineMeasure } from '../../store/repositories/obligation-compliance';
import { ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { decodeFigureCursor, encodeFigureCursor, reportPeriodInput, reportPeriodShape, resolvePeriod, scopeFor, type ReportPeriod } from './period';
import { allRecords } from './management-information';
import { logExport } from './export-log';

export const complianceMeasures = ['applied', 'met', 'late', 'overdue', 'open', 'closed', 'overridden'] as const;
export type ComplianceMeasure = (typeof complianceMeasures)[number];

type Where = FigureQuery['where'];

/**
 * How one guard requirement is measured: its source (occurrences received or finalised, log
 * changes), the predicate of the cases it applied to, and the predicates of each outcome within
 * them. A measure the data cannot show is absent, and the report says why. Deadlines are not
 * measured here: every deadline figure is counted from obligations (obligation-compliance.ts).
 */
interface GuardSpec {
  source: FigureSource;
  applies: Where;
  met: Where;
  /** Applied but not met. */
  late?: Where;
  overridden?: { source: FigureSource; where: Where; what: string };
  basis: string;
}

/** The deadline measures: met on time, met late, open and overdue, open and not yet due, closed with a reason. */
const deadlineMeasures = ['met', 'late', 'overdue', 'open', 'closed'] as const;

const informal = outcomeIn(informalOutcomes);
const nfaLike = outcomeIn(noFurtherActionOutcomes);
/** AL-06: a thorough rationale, measured as the finalisation decision measures it. */
const thoroughRationale = rationaleSubstanceAtLeast(defaultParameters.thoroughRationaleMinChars, rationaleSeparators, stockRationalePhrases);
/** A suspect is named, has been arrested or interviewed, or has been charged. */
const suspectIdentified = negate(allOf(negate(P.suspectNamed), negate(suspectActionIn(suspectArrestOrInterviewActions)), negate(P.suspectCharged)));
/** The outcome agrees with the case's facts, as the finalisation decision requires (a charge means outcome 1; 14 and 18 mean no suspect; 15, 16 need one; the victim's position). */
const outcomeFitsFacts = allOf(
  negate(allOf(P.suspectCharged, outcomeNoneOrNotIn(['charged']))),
  negate(allOf(outcomeIn(noSuspectOutcomes), suspectIdentified)),
  negate(allOf(outcomeIn(namedSuspectOutcomes), negate(suspectIdentified))),
  negate(allOf(outcomeIn(['evidential_difficulties']), P.victimDoesNotSupport)),
  negate(allOf(outcomeIn(['victim_does_not_support', 'no_suspect_victim_does_not_support']), negate(P.victimDoesNotSupport))),
);
/** AL-06 met: what the finalisation decision allows for a no-further-action outcome. */
const al06Met = allOf(P.investigationComplete, thoroughRationale, outcomeFitsFacts);
const finalisedStalking = allOf(P.stalkingOffence);
const noInformalOutcome = outcomeNoneOrNotIn(informalOutcomes);
const notCharged = outcomeNoneOrNotIn(['charged']);

function guardSpec(id: string): GuardSpec | undefined {
  const req = requirementById(id);
  if (!req || deadlineRequirementSet.has(id)) return undefined;
  if (req.kind !== 'G') return undefined;
  const finalisedBasis = 'Stalking crimes (s2A, s4A) finalised in the period.';
  switch (id) {
    case 'AO-02':
      return {
        source: 'received',
        applies: always,
        met: P.dashCompleted,
        late: negate(P.dashCompleted),
        overridden: { source: 'received', where: P.dashWithoutVictim, what: 'DASH completed from police records and the officer’s observations because the victim would not engage, with that recorded.' },
        basis: 'Occurrences received in the period: met when a DASH risk assessment is recorded.',
      };
    case 'TS-03':
      return {
        source: 'finalised',
        applies: allOf(finalisedStalking, notCharged),
        met: P.investigationComplete,
        late: negate(P.investigationComplete),
        basis: `${finalisedBasis} Filed (any outcome but a charge): met when a proportionate investigation was complete. A rationale does not stand in for it.`,
      };
    case 'TS-04':
    case 'AL-07':
    case 'IO-06':
      return {
        source: 'finalised',
        applies: finalisedStalking,
        met: noInformalOutcome,
        late: informal,
        basis: `${finalisedBasis} Met when the outcome is not words of advice, a written warning or mediation.`,
      };
    case 'AL-06':
      return {
        source: 'finalised',
        applies: allOf(finalisedStalking, nfaLike),
        met: al06Met,
        late: negate(al06Met),
        basis: `${finalisedBasis} With no further action (outcomes 14, 15, 16, 18, 20 and 21): met when the proportionate investigation was complete, the rationale is thorough (at least ${defaultParameters.thoroughRationaleMinChars} letters and digits besides stock phrases such as “no evidence” or “NFA”) and the outcome fits the record (no “no suspect identified” once a suspect is named, arrested, interviewed or charged).`,
      };
    case 'AL-08':
      return {
        source: 'finalised',
        applies: allOf(finalisedStalking, notSpecialistUnit),
        met: finalisedByRank(defaultParameters.al08FinalisingRanks),
        late: negate(finalisedByRank(defaultParameters.al08FinalisingRanks)),
        basis: `${finalisedBasis} Investigated outside the DA team, Adult Safeguarding and CID: met when finalised by a ${defaultParameters.al08FinalisingRanks.join(' or ')}.`,
      };
    case 'IO-12':
      return {
        source: 'log',
        applies: L.action('victim_withdrawal.recorded'),
        met: always,
        basis: 'Victim withdrawals recorded in the period: each is saved only with the rationale, support details, withdrawal statement and re-contact date.',
      };
    default:
      return undefined;
  }
}

const catalogueOrder = new Map(requirementCatalogue.map((r, i) => [r.id, i]));
const inCatalogueOrder = (ids: Iterable<string>): string[] => [...new Set(ids)].filter((id) => catalogueOrder.has(id)).sort((a, b) => catalogueOrder.get(a)! - catalogueOrder.get(b)!);

/** The requirements whose obligations are derived (policy/obligations.ts): "CS-01 / CS-05" names two. */
const obligationRequirementIds = obligationCatalogue.flatMap((c) => c.requirement.split('/').map((x) => x.trim()));

/**
 * The deadline requirements: those of kind D, and any other the obligations of a case follow
 * (CS-05, SV-02, ...). Every one is counted from obligations, never from a figure of its own.
 */
export const deadlineRequirementIds = inCatalogueOrder([...requirementCatalogue.filter((r) => r.kind === 'D').map((r) => r.id), ...obligationRequirementIds]);
const deadlineRequirementSet: ReadonlySet<string> = new Set(deadlineRequirementIds);

/** The guards (kind G) that are not deadlines: measured from the records they guard. */
export const guardRequirementIds = requirementCatalogue.filter((r) => r.kind === 'G' && !deadlineRequirementSet.has(r.id)).map((r) => r.id);

/** Every requirement the report always lists, in catalogue order (a deadline task of another requirement adds its row when it has one). */
export const complianceRequirementIds = inCatalogueOrder([...deadlineRequirementIds, ...guardRequirementIds]);

/**
 * Guards refuse by throwing a PolicyViolationError, which rolls the change back: nothing of the
 * refusal is written to the occurrence log or anywhere else, so how often a guard refused cannot
 * be counted from the data.
 */
export const refusalsNotRecorded = 'Not recorded: a refused change writes nothing, so refusals cannot be counted';

export interface ComplianceRow {
  id: string;
  /** D: counted as a deadline, from obligations. G: a guard, counted from the records it guards. */
  kind: 'D' | 'G';
  text: string;
  basis: string;
  /** What the `late` figure means on this row: met late (a deadline) or not met (a guard). */
  lateLabel: string;
  overriddenWhat: string | null;
  applied: number;
  met: number;
  late: number | null;
  /** Deadlines: still open after the due time. */
  overdue: number | null;
  /** Deadlines: open and not yet due. */
  open: number | null;
  /** Deadlines: closed by hand as not applicable, with the reason recorded. */
  closed: number | null;
  /** Guards: overridden with a recorded reason. */
  overridden: number | null;
}

export interface DepartureRow {
  id: string;
  what: string;
  count: number;
}

export interface ComplianceReport {
  period: ReportPeriod;
  districtLabel: string;
  rows: ComplianceRow[];
  /** Decisions taken other than as the policy proposed, with a reason recorded (not counted in a deadline or guard). */
  departures: DepartureRow[];
  refusals: string;
}

const deadlineBasis = (id: string) =>
  `Deadlines for ${id} that opened in the period: each one the policy set on a case as it changed. Met on time: done by the due time, even a minute after it opened. Met late: done after the due time. Open and overdue: not done and past the due time today. Open, not yet due: not done and not yet due. Closed with a reason: closed by hand as not applicable, with the reason recorded.`;

/** Departures from a rule's proposal, with a recorded reason: counted apart from the deadlines and guards. */
const checklistRequirements = ['AO-01', 'AO-03', 'AO-04', 'AO-05', 'AO-06', 'AO-07', 'AO-09', 'AO-10'];
function departureQuery(id: string): { what: string; q: FigureQuery } | undefined {
  const log = (where: Where): FigureQuery => ({ source: 'log', where });
  if (id === 'ID-01') return { what: 'Offence recorded differs from the classification proposal', q: log(allOf(L.action('occurrence.classified'), L.reasonStartsWith('Differs from the proposal'))) };
  if (id === 'AL-02') return { what: 'Allocated to a unit other than the allocation rules propose (AL-02 to AL-05)', q: log(allOf(L.action('occurrence.triaged'), L.changesContain('"field":"unitOverride"'))) };
  if (checklistRequirements.includes(id)) return { what: 'Primary investigation checklist items marked not applicable', q: log(allOf(L.action('checklist_item.updated'), L.changesContain('"after":"not_applicable"'), L.firstRequirementIs(id), L.reasonRecorded)) };
  if (id === 'AO-08') return { what: 'Threats to Life checklist item marked not applicable, with a reason (occurrences received in the period)', q: { source: 'received', where: allOf(P.threatToLife, P.threatToLifeItemNotApplicable) } };
  if (id === 'SV-02') return { what: 'DASH grading endorsed lower than the officer’s, with the supervisor’s reasons (occurrences received in the period)', q: { source: 'received', where: P.endorsedLowerWithReason } };
  if (id === 'SP-09') return { what: 'Renewal requests made late with a recorded operational reason', q: log(allOf(L.action('spo.renewal_requested'), L.reasonRecorded)) };
  return undefined;
}
export const departureIds = ['ID-01', 'AL-02', ...checklistRequirements, 'AO-08', 'SV-02', 'SP-09'];

/**
 * For a period: each deadline requirement with how many of its obligations opened, were met on
 * time, met late, are open and overdue, open and not yet due, or were closed with a reason; each
 * guard with how many times it applied, was met, was not met and was overridden with a reason.
 * Restricted occurrences (ID-08) count only for those who may see them.
 */
export async function complianceReport(deps: AppDeps, actor: Actor, raw: unknown): Promise<ComplianceReport> {
  permit(actor, 'compliance.view');
  const input = parseInput(reportPeriodInput, raw);
  const now = deps.clock();
  const period = resolvePeriod(input, now);
  const scope = scopeFor(actor, period, now);
  const db = deps.store.db;
  // Guards and departures: one pass per source, every measure counted as a SUM(CASE ...).
  const bySource = new Map<FigureSource, Record<string, Where>>();
  const add = (source: FigureSource, key: string, where: Where) => {
    const m = bySource.get(source) ?? {};
    m[key] = where;
    bySource.set(source, m);
  };
  for (const id of guardRequirementIds) {
    const spec = guardSpec(id);
    if (!spec) continue;
    for (const measure of complianceMeasures) {
      const q = guardMeasureQuery(spec, measure);
      if (q) add(q.source, `${id}:${measure}`, q.where);
    }
  }
  for (const id of departureIds) {
    const d = departureQuery(id)!;
    add(d.q.source, `departure:${id}`, d.q.where);
  }
  const logActions = ['spo.renewal_requested', 'victim_withdrawal.recorded', 'occurrence.classified', 'occurrence.triaged', 'checklist_item.updated'];
  const counts: Record<string, number> = {};
  const [deadlines] = await Promise.all([
    obligationCompliance(db, scope),
    ...[...bySource].map(async ([source, figures]) => {
      const narrow = source === 'log' ? logActionIn(logActions) : undefined;
      Object.assign(counts, await countFigures(db, source, scope, figures, narrow));
    }),
  ]);
  // A deadline task of a requirement not otherwise listed (e.g. a breach's urgent arrest) adds its row.
  const ids = inCatalogueOrder([...complianceRequirementIds, ...deadlines.map((d) => d.requirement)]);
  const rows: ComplianceRow[] = ids.flatMap((id): ComplianceRow[] => {
    const req = requirementById(id)!;
    if (!guardRequirementIds.includes(id)) {
      const d = obligationRow(deadlines, id);
      return [{ id, kind: 'D', text: req.text, basis: deadlineBasis(id), lateLabel: 'Met late', overriddenWhat: null, applied: d.applied, met: d.metOnTime, late: d.metLate, overdue: d.openOverdue, open: d.openInTime, closed: d.closedWithReason, overridden: null }];
    }
    const spec = guardSpec(id);
    if (!spec) return [];
    const c = (m: ComplianceMeasure) => (guardMeasureQuery(spec, m) ? (counts[`${id}:${m}`] ?? 0) : null);
    return [{ id, kind: 'G', text: req.text, basis: spec.basis, lateLabel: 'Not met', overriddenWhat: spec.overridden?.what ?? null, applied: c('applied') ?? 0, met: c('met') ?? 0, late: c('late'), overdue: null, open: null, closed: null, overridden: c('overridden') }];
  });
  return {
    period,
    districtLabel: period.district ? districtNames[period.district] : 'Force-wide',
    rows,
    departures: departureIds.map((id) => ({ id, what: departureQuery(id)!.what, count: counts[`departure:${id}`] ?? 0 })),
    refusals: refusalsNotRecorded,
  };
}

function guardMeasureQuery(spec: GuardSpec, measure: ComplianceMeasure): FigureQuery | undefined {
  switch (measure) {
    case 'applied':
      return { source: spec.source, where: spec.applies };
    case 'met':
      return { source: spec.source, where: allOf(spec.applies, spec.met) };
    case 'late':
      return spec.late ? { source: spec.source, where: allOf(spec.applies, spec.late) } : undefined;
    case 'overridden':
      return spec.overridden ? { source: spec.overridden.source, where: spec.overridden.where } : undefined;
    default:
      return undefined;
  }
}

export const complianceRecordsInput = z
  .object({
    ...reportPeriodShape,
    requirement: z.string().trim().min(1, 'Say which requirement to list').max(10, 'Must be 10 characters or fewer'),
    measure: z.enum(complianceMeasures, { message: `Measure must be one of ${complianceMeasures.join(', ')}` }),
    after: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

const guardMeasureLabels: Record<ComplianceMeasure, string> = { applied: 'applied', met: 'met', late: 'not met', overdue: 'open and overdue', open: 'open, not yet due', closed: 'closed with a reason', overridden: 'overridden with a reason' };
const deadlineMeasureLabels: Record<ComplianceMeasure, string> = { ...guardMeasureLabels, met: 'met on time', late: 'met late' };

/**
 * The query behind one figure. A requirement that is neither a guard nor a deadline of the
 * catalogue has figures only while deadline tasks carry it (`listedOnlyWithRows`): with none,
 * it is not a figure of the report.
 */
function recordsQuery(requirement: string, measure: ComplianceMeasure, now: string): { q: FigureQuery; title: string; listedOnlyWithRows?: FigureQuery } {
  if (measure === 'overridden' && departureIds.includes(requirement)) {
    const d = departureQuery(requirement)!;
    return { q: d.q, title: `${requirement}: ${d.what.replace(/ \(.*\)$/, '').toLowerCase()}` };
  }
  if (guardRequirementIds.includes(requirement)) {
    const q = guardMeasureQuery(guardSpec(requirement)!, measure);
    if (!q) throw new ValidationError([{ field: 'measure', message: `${requirement} has no “${guardMeasureLabels[measure]}” figure` }]);
    return { q, title: `${requirement}: ${guardMeasureLabels[measure]}` };
  }
  if (!requirementById(requirement)) throw notCovered(requirement);
  if (measure === 'overridden') throw new ValidationError([{ field: 'measure', message: `${requirement} has no “${guardMeasureLabels[measure]}” figure: a deadline closed with a reason is counted as closed` }]);
  const q: FigureQuery = { source: 'obligation', where: deadlineFigureWhere(requirement, measure as DeadlineMeasure, now) };
  const title = `${requirement}: ${deadlineMeasureLabels[measure]}`;
  if (deadlineRequirementSet.has(requirement)) return { q, title };
  return { q, title, listedOnlyWithRows: { source: 'obligation', where: deadlineFigureWhere(requirement, 'applied', now) } };
}

const notCovered = (requirement: string) => new ValidationError([{ field: 'requirement', message: `${requirement} is not a deadline or guard requirement this report covers` }]);
async function assertCovered(deps: AppDeps, requirement: string, scope: Parameters<typeof countFigure>[2], only: FigureQuery | undefined): Promise<void> {
  if (only && (await countFigure(deps.store.db, only, scope)) === 0) throw notCovered(requirement);
}

export { deadlineMeasures };

export interface ComplianceRecords {
  period: ReportPeriod;
  requirement: string;
  measure: ComplianceMeasure;
  title: string;
  source: FigureQuery['source'];
  total: number;
  records: FigureRecord[];
  next?: string;
}

/** The records behind one figure of the compliance report, a page at a time. */
export async function complianceRecords(deps: AppDeps, actor: Actor, raw: unknown): Promise<ComplianceRecords> {
  permit(actor, 'compliance.view');
  const input = parseInput(complianceRecordsInput, raw);
  const after = decodeFigureCursor(input.after);
  const now = deps.clock();
  const period = resolvePeriod(input, now);
  const scope = scopeFor(actor, period, now);
  const { q, title, listedOnlyWithRows } = recordsQuery(input.requirement, input.measure, scope.now);
  await assertCovered(deps, input.requirement, scope, listedOnlyWithRows);
  const [total, page] = await Promise.all([countFigure(deps.store.db, q, scope), listFigureRecords(deps.store.db, q, scope, { limit: input.limit, ...(after ? { after } : {}) })]);
  const result: ComplianceRecords = { period, requirement: input.requirement, measure: input.measure, title, source: q.source, total, records: page.records };
  if (page.next) result.next = encodeFigureCursor(page.next);
  return result;
}

/** Every record behind one compliance figure, for CSV; the export is logged. */
export async function exportComplianceRecords(deps: AppDeps, actor: Actor, raw: unknown): Promise<ComplianceRecords> {
  permit(actor, 'compliance.view');
  const input = parseInput(complianceRecordsInput.omit({ after: true, limit: true }), raw);
  const now = deps.clock();
  const period = resolvePeriod(input, now);
  const scope = scopeFor(actor, period, now);
  const { q, title, listedOnlyWithRows } = recordsQuery(input.requirement, input.measure, scope.now);
  await assertCovered(deps, input.requirement, scope, listedOnlyWithRows);
  const records = await allRecords(deps, q, scope);
  await logExport(deps, actor, { what: `compliance report: ${title}`, period, rows: records.length });
  return { period, requirement: input.requirement, measure: input.measure, title, source: q.source, total: records.length, records };
}

/** The whole report as CSV rows; the export is logged. */
export async function exportComplianceReport(deps: AppDeps, actor: Actor, raw: unknown): Promise<ComplianceReport> {
  const report = await complianceReport(deps, actor, raw);
  await logExport(deps, actor, { what: 'compliance report', period: report.period, rows: report.rows.length + report.departures.length });
  return report;
}
