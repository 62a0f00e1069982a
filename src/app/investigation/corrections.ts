/**
 * Corrections are transitions too. Each goes through `changeOccurrence` (visibility, the version
 * the user saw, one log entry in the same transaction), needs a reason, may be made only by the
 * roles the permission table names, and only from the statuses the progression policy allows
 * (`checkCorrection`). The case's tasks follow from the change: none is opened or closed here.
 *
 * - Re-triage (occurrence.retriage): the allocation decision runs again on corrected facts; the
 *   unit it gives may be overridden with a reason, as at triage, but only to one of the four
 *   investigating units (AL-05: never patrol or neighbourhood). A changed unit takes the crime
 *   back to triaged, to be allocated in its new unit.
 * - Reallocation (occurrence.reallocate): another officer in charge of the allocated unit.
 * - Reopening (occurrence.reopen): a finalised crime is reopened; the old outcome stays in the log.
 *
 * Removing a person added in error is in intake/party-removal.ts.
 */
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/actor';
import { formatDateTime } from '../../domain/time';
import { checkCorrection, type Correction, type CorrectionOutput } from '../../policy/occurrence-progression';
import { homeOfficeOutcome } from '../../policy/outcomes';
import { relationships, unitNames, units } from '../../policy/vocabulary';
import type { Database } from '../../store/schema';
import { listRiskAssessments } from '../../store/repositories/intake';
import type { OccurrenceChanges, OccurrenceRecord } from '../../store/repositories/occurrences';
import { findUserById } from '../../store/repositories/users';
import { PolicyViolationError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from '../intake/occurrence-change';
import { proposeAllocation, reviewerOfCrime, triageFactColumns } from './triage';
import { entitledToRestricted, restrictedCaseHandling } from '../../auth/record-access';

/** A correction's reason: required, long enough to say why, kept in the occurrence log. */
export function correctionReason(what: string) {
  const message = `Enter the reason for ${what}, in at least 10 characters (it is kept in the occurrence log)`;
  return z.string({ message }).trim().min(10, message).max(2000, `The reason for ${what} must be 2,000 characters or fewer`);
}

/** The version of the occurrence the user saw (a form's hidden field): a change since then is a conflict. */
export const seenVersion = z.coerce.number({ message: 'Reload the page and try again' }).int().positive().optional();

const unitName = (u: string | null | undefined) => (u ? ((unitNames as Record<string, string>)[u] ?? u) : 'no unit');

/** The correction rule and the guards of the status it leads to, from the record's own facts. */
export async function correctionVerdict(
  trx: Kysely<Database>,
  o: OccurrenceRecord,
  correction: Correction,
  facts: { unitChanged?: boolean } = {},
): Promise<CorrectionOutput> {
  const risk = await listRiskAssessments(trx, o.id);
  return checkCorrection({
    correction,
    from: o.status,
    offence: o.offence as never,
    dashCompleted: risk.length > 0,
    dashEndorsed: risk.some((r) => r.endorsedAt),
    threatToLife: o.threatToLife,
    dutyInspectorNotified: Boolean(o.dutyInspectorNotifiedAt),
    proportionateInvestigationComplete: o.proportionateInvestigationComplete,
    unitChanged: facts.unitChanged ?? false,
    hasOfficerInCharge: Boolean(o.officerInChargeId),
  });
}

/** Refuses (nothing written) unless the correction may be made now; returns the verdict (the status it leads to). */
export async function refuseCorrectionUnless(trx: Kysely<Database>, o: OccurrenceRecord, correction: Correction, facts: { unitChanged?: boolean } = {}): Promise<CorrectionOutput> {
  const verdict = await correctionVerdict(trx, o, correction, facts);
  if (!verdict.allowed) throw new PolicyViolationError(verdict.violations);
  return verdict;
}

async function officerName(trx: Kysely<Database>, id: string | null): Promise<string | null> {
  if (!id) return null;
  const u = await findUserById(trx, id);
  return u ? `${u.displayName} (${u.unit})` : 'an officer no longer on record';
}

// ---- re-triage (TS-01, TS-02, AL-01 to AL-05) ------------------------------------------------

const flag = (what: string) => z.boolean({ message: `Answer yes or no: ${what}` });

export const retriageInput = z
  .object({
    relationship: z.enum(relationships, { message: 'Select the suspect’s relationship to the victim' }),
    adultAtRisk: flag('is the victim an adult at risk'),
    honourBasedAbuse: flag('are there honour-based abuse concerns'),
    coerciveControl: flag('is there coercive and controlling behaviour'),
    prolongedCourseOfConduct: flag('is there emerging evidence of a prolonged course of conduct'),
    significantCumulativeImpact: flag('is there significant cumulative impact on the victim'),
    perpetratorEscalation: flag('are there factors that show perpetrator escalation'),
    /** AL-05: where the decision prompts reclassification to s4A, the answer. */
    reclassifyToS4A: z.boolean({ message: 'Answer yes or no: reclassify as s4A' }).optional(),
    /** A unit other than the decision's: needs a reason, and is one of the four investigating units (never patrol or neighbourhood). */
    unit: z.enum(units, { message: `Unit must be one of the investigating units: ${units.map((u) => unitNames[u]).join(', ')} (never patrol or neighbourhood policing)` }).optional(),
    overrideReason: z.string().trim().max(2000, 'The reason for choosing another unit must be 2,000 characters or fewer').optional(),
    reason: correctionReason('re-triaging this crime'),
    version: seenVersion,
  })
  .strict();

/**
 * Re-triage: the allocation decision runs again on the corrected facts (who the suspect is to the
 * victim, adult at risk, honour-based abuse, coercive control, AL-05's escalation signals). The
 * unit it gives is the unit unless the corrector records why another of the four investigating
 * units is right. When the unit changes, an officer in charge of the old unit is no longer in
 * charge and the crime goes back to triaged, to be allocated in the new unit.
 */
export async function retriageOccurrence(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.retriage');
  const input = parseInput(retriageInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'occurrence.retriaged',
    requirements: ['TS-01', 'TS-02', 'AL-01', 'AL-02', 'AL-03', 'AL-04', 'AL-05', 'XC-03'],
    reason: input.reason,
    ...(input.version !== undefined ? { expectedVersion: input.version } : {}),
    run: async (ctx) => {
      const o = ctx.occurrence;
      // The status first: a crime not yet triaged, or finalised, is not re-triaged at all.
      await refuseCorrectionUnless(ctx.trx, o, 'retriage');

      const { offence, proposal, proposedUnit, unit } = proposeAllocation(o, input, (proposed, chosen) => `The allocation decision gives the ${unitName(proposed)}: record why this crime goes to the ${unitName(chosen)} instead`);
      const unitChanged = unit !== o.allocatedUnit;
      const verdict = await refuseCorrectionUnless(ctx.trx, o, 'retriage', { unitChanged });

      const wanted: OccurrenceChanges = {
        offence,
        ...triageFactColumns(input),
        // AL-01 from the corrected relationship; a restricted record is always reviewed by the DA team's DS (ID-08).
        reviewer: reviewerOfCrime(o, input.relationship),
        allocated_unit: unit,
      };
      const current: OccurrenceChanges = {
        offence: o.offence,
        relationship: o.relationship,
        adult_at_risk: o.adultAtRisk ? 1 : 0,
        honour_based_abuse: o.honourBasedAbuse ? 1 : 0,
        coercive_control: o.coerciveControl ? 1 : 0,
        prolonged_course: o.prolongedCourse ? 1 : 0,
        cumulative_impact: o.cumulativeImpact ? 1 : 0,
        perpetrator_escalation: o.perpetratorEscalation ? 1 : 0,
        reviewer: o.reviewer,
        allocated_unit: o.allocatedUnit,
      };
      // Only what the correction changes is written (and so logged).
      const changes: OccurrenceChanges = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => current[k as keyof OccurrenceChanges] !== v));

      ctx.logged.push(unitChanged ? { field: 'unit', before: unitName(o.allocatedUnit), after: unitName(unit) } : { field: 'unit', before: null, after: `${unitName(unit)} (unchanged)` });
      if (unit !== proposedUnit) ctx.logged.push({ field: 'unitOverride', before: unitName(proposedUnit), after: `${unitName(unit)}: ${input.overrideReason}` });
      if (verdict.to !== o.status) {
        changes.status = verdict.to;
        if (o.officerInChargeId) {
          changes.officer_in_charge_id = null;
          ctx.logged.push({ field: 'officerInCharge', before: await officerName(ctx.trx, o.officerInChargeId), after: `none: to be allocated in the ${unitName(unit)}` });
        }
      }
      return { changes, result: { proposal, proposedUnit, unit, offence, unitChanged, status: verdict.to } };
    },
  });
}

// ---- reallocation (SV-01, AL-02, AL-05) ------------------------------------------------------

export const reallocateInput = z
  .object({
    officerId: z.string({ message: 'Choose the new officer in charge' }).uuid('Choose the new officer in charge'),
    reason: correctionReason('reallocating this crime'),
    version: seenVersion,
  })
  .strict();

/**
 * Reallocation: another officer in charge. The same rules as allocation: an investigating officer
 * of the allocated unit (AL-02; a wrong unit is corrected by re-triage), never a patrol or
 * neighbourhood officer (AL-05).
 */
export async function reallocateOccurrence(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.reallocate');
  const input = parseInput(reallocateInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'occurrence.reallocated',
    requirements: ['SV-01', 'AL-02', 'AL-05', 'XC-03'],
    reason: input.reason,
    ...(input.version !== undefined ? { expectedVersion: input.version } : {}),
    run: async (ctx) => {
      const o = ctx.occurrence;
      await refuseCorrectionUnless(ctx.trx, o, 'reallocate');
      const officer = await findUserById(ctx.trx, input.officerId);
      if (!officer || !officer.active) throw new ValidationError([{ field: 'officerId', message: 'Choose the new officer in charge from the list' }]);
      if (officer.id === o.officerInChargeId) throw new ValidationError([{ field: 'officerId', message: `${officer.displayName} is already the officer in charge: choose another officer` }]);
      const violations: { requirement: string; message: string }[] = [];
      if (officer.unitType === 'PATROL' || officer.unitType === 'NEIGHBOURHOOD') {
        violations.push({ requirement: 'AL-05', message: `${officer.displayName} is a patrol or neighbourhood officer: stalking and harassment crimes are never allocated to patrol or neighbourhood policing` });
      } else if (o.allocatedUnit && officer.unitType !== o.allocatedUnit) {
        violations.push({ requirement: 'AL-02', message: `This crime is allocated to the ${unitName(o.allocatedUnit)}; ${officer.displayName} works in ${officer.unitType ? unitName(officer.unitType) : 'an unrecorded unit'}. If the unit is wrong, re-triage the crime first` });
      }
      if (officer.role !== 'investigating_officer') violations.push({ requirement: 'SV-01', message: `${officer.displayName} is not an investigating officer` });
      else if (o.restricted && !entitledToRestricted(officer)) {
        violations.push({ requirement: 'ID-08', message: `${officer.displayName} may not open records involving the force’s workforce: choose an investigating officer of the DA team` });
      }
      if (violations.length) throw new PolicyViolationError(violations);
      ctx.logged.push({ field: 'officerInCharge', before: await officerName(ctx.trx, o.officerInChargeId), after: `${officer.displayName} (${officer.unit})` });
      return { changes: { officer_in_charge_id: officer.id }, result: { officerName: officer.displayName } };
    },
  });
}

// ---- reopening (TS-01) ------------------------------------------------------------------------

export const reopenInput = z
  .object({
    reason: correctionReason('reopening this crime'),
    version: seenVersion,
  })
  .strict();

/**
 * Reopening a finalised crime (finalised -> reopened): the outcome, its rationale and the time of
 * finalisation are cleared from the record and kept in the log entry. A reopened crime is triaged,
 * allocated or investigated again, as the progression allows.
 */
export async function reopenOccurrence(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.reopen');
  const input = parseInput(reopenInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'occurrence.reopened',
    requirements: ['TS-01', 'XC-03'],
    reason: input.reason,
    ...(input.version !== undefined ? { expectedVersion: input.version } : {}),
    run: async (ctx) => {
      const o = ctx.occurrence;
      const verdict = await refuseCorrectionUnless(ctx.trx, o, 'reopen');
      const ho = o.outcome ? homeOfficeOutcome[o.outcome as keyof typeof homeOfficeOutcome] : undefined;
      const was = [
        ho ? `${ho.code ? `Outcome ${ho.code}: ` : ''}${ho.name}` : 'No outcome recorded',
        o.finalisedAt ? `finalised ${formatDateTime(o.finalisedAt)}` : null,
        o.outcomeRationale ? `rationale: ${o.outcomeRationale}` : null,
      ].filter(Boolean);
      ctx.logged.push({ field: 'finalisation', before: was.join('; '), after: 'Reopened' });
      return {
        changes: { status: verdict.to, outcome: null, outcome_rationale: null, finalised_at: null, finalised_by: null },
        result: { status: verdict.to, previousOutcome: o.outcome },
      };
    },
  });
}
