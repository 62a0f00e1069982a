import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { districtNames } from '../../domain/occurrence';
import { requirementCatalogue, requirementById } from '../../policy/requirements';
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
  taskPredicates as T,
  type FigureQuery,
  type FigureRecord,
  type FigureSource,
} from '../../store/repositories/management-information';
import { ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { decodeFigureCursor, encodeFigureCursor, reportPeriodInput, reportPeriodShape, resolvePeriod, scopeFor, type ReportPeriod } from './period';
import { allRecords } from './management-information';
import { logExport } from './export-log';

export const complianceMeasures = ['applied', 'met', 'late', 'open', 'overridden'] as const;
export type ComplianceMeasure = (typeof complianceMeasures)[number];

type Where = FigureQuery['where'];

/**
 * How one requirement is measured: its source (tasks due, occurrences received or finalised,
 * log changes), the predicate of the cases it applied to, and the predicates of each outcome
 * within them. A measure the data cannot show is absent, and the report says why.
 */
interface ComplianceSpec {
  source: FigureSource;
  applies: Where;
  met: Where;
  /** D: done late or open and overdue. G: applied but not (yet) met. */
  late?: Where;
  open?: Where;
  overridden?: { source: FigureSource; where: Where; what: string };
  basis: string;
  lateLabel: 'Late' | 'Not met';
}

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

function specFor(id: string, now: string): ComplianceSpec | undefined {
  const req = requirementById(id);
  if (!req) return undefined;
  if (req.kind === 'D') {
    const applies = allOf(T.requirementIs(id), T.counted);
    const spec: ComplianceSpec = {
      source: 'task',
      applies,
      met: T.met,
      late: T.missed(now),
      open: T.openNotDue(now),
      basis: `Tasks carrying ${id} that fell due in the period. Met: done by the due time; late: done after it, or still open after it.`,
      lateLabel: 'Late',
    };
    if (id === 'SP-09') {
      spec.overridden = { source: 'log', where: allOf(L.action('spo.renewal_requested'), L.reasonRecorded), what: 'Renewal requests made late with a recorded operational reason (log entries in the period).' };
    }
    return spec;
  }
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
        lateLabel: 'Not met',
      };
    case 'AO-08':
      return {
        source: 'received',
        applies: P.threatToLife,
        met: P.dutyInspectorNotified,
        late: negate(P.dutyInspectorNotified),
        overridden: { source: 'received', where: allOf(P.threatToLife, P.threatToLifeItemNotApplicable), what: 'The Threats to Life checklist item marked not applicable, with a reason.' },
        basis: 'Occurrences received in the period with a threat to life marked: met when the duty inspector’s notification is recorded.',
        lateLabel: 'Not met',
      };
    case 'SV-02':
      return {
        source: 'received',
        applies: P.dashCompleted,
        met: P.dashEndorsed,
        late: negate(P.dashEndorsed),
        overridden: { source: 'received', where: P.endorsedLowerWithReason, what: 'A grading endorsed lower than the officer’s, with the supervisor’s reasons.' },
        basis: 'Occurrences received in the period with a DASH: met when a supervisor has endorsed its grading.',
        lateLabel: 'Not met',
      };
    case 'TS-03':
      return {
        source: 'finalised',
        applies: allOf(finalisedStalking, notCharged),
        met: P.investigationComplete,
        late: negate(P.investigationComplete),
        basis: `${finalisedBasis} Filed (any outcome but a charge): met when a proportionate investigation was complete. A rationale does not stand in for it.`,
        lateLabel: 'Not met',
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
        lateLabel: 'Not met',
      };
    case 'AL-06':
      return {
        source: 'finalised',
        applies: allOf(finalisedStalking, nfaLike),
        met: al06Met,
        late: negate(al06Met),
        basis: `${finalisedBasis} With no further action (outcomes 14, 15, 16, 18, 20 and 21): met when the proportionate investigation was complete, the rationale is thorough (at least ${defaultParameters.thoroughRationaleMinChars} letters and digits besides stock phrases such as “no evidence” or “NFA”) and the outcome fits the record (no “no suspect identified” once a suspect is named, arrested, interviewed or charged).`,
        lateLabel: 'Not met',
      };
    case 'AL-08':
      return {
        source: 'finalised',
        applies: allOf(finalisedStalking, notSpecialistUnit),
        met: finalisedByRank(defaultParameters.al08FinalisingRanks),
        late: negate(finalisedByRank(defaultParameters.al08FinalisingRanks)),
        basis: `${finalisedBasis} Investigated outside the DA team, Adult Safeguarding and CID: met when finalised by a ${defaultParameters.al08FinalisingRanks.join(' or ')}.`,
        lateLabel: 'Not met',
      };
    case 'IO-12':
      return {
        source: 'log',
        applies: L.action('victim_withdrawal.recorded'),
        met: always,
        basis: 'Victim withdrawals recorded in the period: each is saved only with the rationale, support details, withdrawal statement and re-contact date.',
        lateLabel: 'Not met',
      };
    default:
      return undefined;
  }
}

/** The requirements of kind D (deadline) and G (guard), in catalogue order. */
export const complianceRequirementIds = requirementCatalogue.filter((r) => r.kind === 'D' || r.kind === 'G').map((r) => r.id);

/**
 * Guards refuse by throwing a PolicyViolationError, which rolls the change back: nothing of the
 * refusal is written to the occurrence log or anywhere else, so how often a guard refused cannot
 * be counted from the data.
 */
export const refusalsNotRecorded = 'Not recorded: a refused change writes nothing, so refusals cannot be counted';

export interface ComplianceCell {
  value: number | null;
  measure: ComplianceMeasure;
}

export interface ComplianceRow {
  id: string;
  kind: 'D' | 'G';
  text: string;
  basis: string;
  lateLabel: string;
  overriddenWhat: string | null;
  applied: number;
  met: number;
  late: number | null;
  open: number | null;
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
  /** Decisions taken other than as the policy proposed, with a reason recorded (rules, not deadlines or guards). */
  departures: DepartureRow[];
  refusals: string;
}

/** Departures from a rule's proposal, recorded with a reason in the occurrence log. */
const checklistRequirements = ['AO-01', 'AO-03', 'AO-04', 'AO-05', 'AO-06', 'AO-07', 'AO-09', 'AO-10'];
function departureQuery(id: string): { what: string; where: Where } | undefined {
  if (id === 'ID-01') return { what: 'Offence recorded differs from the classification proposal', where: allOf(L.action('occurrence.classified'), L.reasonStartsWith('Differs from the proposal')) };
  if (id === 'AL-02') return { what: 'Allocated to a unit other than the allocation rules propose (AL-02 to AL-05)', where: allOf(L.action('occurrence.triaged'), L.changesContain('"field":"unitOverride"')) };
  if (checklistRequirements.includes(id)) return { what: 'Primary investigation checklist items marked not applicable', where: allOf(L.action('checklist_item.updated'), L.changesContain('"after":"not_applicable"'), L.firstRequirementIs(id), L.reasonRecorded) };
  return undefined;
}
export const departureIds = ['ID-01', 'AL-02', ...checklistRequirements];

/**
 * For a period: each deadline (D) and guard (G) requirement with how many times it applied,
 * was met, was late (or not met), and was overridden with a recorded reason. Restricted
 * occurrences (ID-08) count only for those who may see them.
 */
export async function complianceReport(deps: AppDeps, actor: Actor, raw: unknown): Promise<ComplianceReport> {
  permit(actor, 'compliance.view');
  const input = parseInput(reportPeriodInput, raw);
  const now = deps.clock();
  const period = resolvePeriod(input, now);
  const scope = scopeFor(actor, period, now);
  const db = deps.store.db;
  const specs = complianceRequirementIds.map((id) => ({ id, spec: specFor(id, scope.now) }));
  // One pass per source: every measure of every requirement counted as a SUM(CASE ...).
  const bySource = new Map<FigureSource, Record<string, Where>>();
  const add = (source: FigureSource, key: string, where: Where) => {
    const m = bySource.get(source) ?? {};
    m[key] = where;
    bySource.set(source, m);
  };
  for (const { id, spec } of specs) {
    if (!spec) continue;
    for (const measure of complianceMeasures) {
      const q = measureQuery(spec, measure);
      if (q) add(q.source, `${id}:${measure}`, q.where);
    }
  }
  for (const id of departureIds) add('log', `departure:${id}`, departureQuery(id)!.where);
  const logActions = ['spo.renewal_requested', 'victim_withdrawal.recorded', 'occurrence.classified', 'occurrence.triaged', 'checklist_item.updated'];
  const counts: Record<string, number> = {};
  await Promise.all(
    [...bySource].map(async ([source, figures]) => {
      const narrow = source === 'log' ? logActionIn(logActions) : undefined;
      Object.assign(counts, await countFigures(db, source, scope, figures, narrow));
    }),
  );
  const rows: ComplianceRow[] = specs.flatMap(({ id, spec }) => {
    if (!spec) return [];
    const req = requirementById(id)!;
    const c = (m: ComplianceMeasure) => (measureQuery(spec, m) ? (counts[`${id}:${m}`] ?? 0) : null);
    return [{ id, kind: req.kind as 'D' | 'G', text: req.text, basis: spec.basis, lateLabel: spec.lateLabel, overriddenWhat: spec.overridden?.what ?? null, applied: c('applied') ?? 0, met: c('met') ?? 0, late: c('late'), open: c('open'), overridden: c('overridden') }];
  });
  return {
    period,
    districtLabel: period.district ? districtNames[period.district] : 'Force-wide',
    rows,
    departures: departureIds.map((id) => ({ id, what: departureQuery(id)!.what, count: counts[`departure:${id}`] ?? 0 })),
    refusals: refusalsNotRecorded,
  };
}

function measureQuery(spec: ComplianceSpec, measure: ComplianceMeasure): FigureQuery | undefined {
  switch (measure) {
    case 'applied':
      return { source: spec.source, where: spec.applies };
    case 'met':
      return { source: spec.source, where: allOf(spec.applies, spec.met) };
    case 'late':
      return spec.late ? { source: spec.source, where: allOf(spec.applies, spec.late) } : undefined;
    case 'open':
      return spec.open ? { source: spec.source, where: allOf(spec.applies, spec.open) } : undefined;
    case 'overridden':
      return spec.overridden ? { source: spec.overridden.source, where: spec.overridden.where } : undefined;
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

const measureLabels: Record<ComplianceMeasure, string> = { applied: 'applied', met: 'met', late: 'late or not met', open: 'open, not yet due', overridden: 'overridden with a reason' };

function recordsQuery(requirement: string, measure: ComplianceMeasure, now: string): { q: FigureQuery; title: string } {
  if (measure === 'overridden' && departureIds.includes(requirement)) {
    const d = departureQuery(requirement)!;
    return { q: { source: 'log', where: d.where }, title: `${requirement}: ${d.what.toLowerCase()}` };
  }
  const spec = complianceRequirementIds.includes(requirement) ? specFor(requirement, now) : undefined;
  if (!spec) throw new ValidationError([{ field: 'requirement', message: `${requirement} is not a deadline or guard requirement this report covers` }]);
  const q = measureQuery(spec, measure);
  if (!q) throw new ValidationError([{ field: 'measure', message: `${requirement} has no “${measureLabels[measure]}” figure` }]);
  return { q, title: `${requirement}: ${measureLabels[measure]}` };
}

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
  const { q, title } = recordsQuery(input.requirement, input.measure, scope.now);
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
  const { q, title } = recordsQuery(input.requirement, input.measure, scope.now);
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
