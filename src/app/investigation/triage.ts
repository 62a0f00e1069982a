import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { allocate, type AllocationOutput } from '../../policy/allocation';
import { investigationPlan } from '../../policy/investigation-plan';
import { progressionViolations } from '../intake/progression';
import { isDomestic, isStalking, relationships, units, type Relationship, type Unit } from '../../policy/vocabulary';
import { listRiskAssessments } from '../../store/repositories/intake';
import { insertPlanItems, triageQueueRows } from '../../store/repositories/investigation';
import { findOccurrenceById } from '../../store/repositories/occurrences';
import { ForbiddenError, PolicyViolationError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from '../intake/occurrence-change';
import { canSeeOccurrence, readOccurrence } from '../intake/occurrence-queries';
import { entitledToRestricted, restrictedCaseHandling } from '../../auth/record-access';

/** Which reviewer a DS is: the DA team's (domestic stalking) or CID's (non-domestic), from their unit (AL-01). */
export function reviewerOf(actor: { unitType?: string | null }): 'DA_DS' | 'CID_DS' | null {
  if (actor.unitType === 'DA_TEAM') return 'DA_DS';
  if (actor.unitType === 'CID') return 'CID_DS';
  return null;
}

/** AL-01, AL-03: who reviews a recorded crime: a DA-team DS for domestic stalking (any personally connected relationship, co-parents included), a CID DS otherwise. */
export function reviewerFor(relationship: string | null): 'DA_DS' | 'CID_DS' {
  return relationship && isDomestic(relationship as Relationship) ? 'DA_DS' : 'CID_DS';
}

/** AL-01 and ID-08: who reviews this crime: a restricted one (the force's workforce) always a DA-team DS, under the Domestic Abuse policy. */
export function reviewerOfCrime(o: { restricted: boolean }, relationship: string | null): 'DA_DS' | 'CID_DS' {
  return o.restricted ? restrictedCaseHandling.reviewer : reviewerFor(relationship);
}

/** A restricted crime awaiting triage, before the DS has given their reason for opening it: nothing of its content. */
export interface WithheldQueueEntry {
  reference: string;
  receivedAt: string;
  district: string;
}

/**
 * TS-01: the triage queue for this DS's reviewer type, oldest first, with each case's risk.
 * ID-08: restricted crimes are queued only for a DA-team DS entitled to them (never counted or
 * listed for anyone else). One shows in full once the DS has given their reason for opening it
 * (`accessReasons`, by reference), and that sight of it is logged with the reason; until then it
 * is listed in `awaitingReason` by reference and time received only.
 */
export async function triageQueue(deps: AppDeps, actor: Actor & { unitType?: string | null }, options: { accessReasons?: Record<string, string> | undefined } = {}) {
  permit(actor, 'triage');
  const reviewer = reviewerOf(actor);
  if (!reviewer) return { reviewer: null, occurrences: [], awaitingReason: [] as WithheldQueueEntry[] };
  const includeRestricted = reviewer === restrictedCaseHandling.reviewer && entitledToRestricted(actor);
  const rows = await triageQueueRows(deps.store.db, reviewer, actor.district, { includeRestricted });
  const visible = [];
  const awaitingReason: WithheldQueueEntry[] = [];
  for (const row of rows) {
    let o = await findOccurrenceById(deps.store.db, row.id);
    if (!o || !canSeeOccurrence(actor, o)) continue;
    if (o.restricted) {
      const reason = options.accessReasons?.[o.reference];
      if (!reason?.trim()) {
        awaitingReason.push({ reference: o.reference, receivedAt: o.receivedAt, district: o.district });
        continue;
      }
      // The listing shows the crime's content: a read of a restricted record, logged with the reason.
      o = await readOccurrence(deps, actor, o.id, 'Listed in the triage queue', { accessReason: reason });
    }
    const risk = (await listRiskAssessments(deps.store.db, o.id))[0];
    visible.push({ occurrence: o, riskGrade: risk ? (risk.endorsedGrade ?? risk.officerGrade) : null, endorsed: Boolean(risk?.endorsedAt) });
  }
  return { reviewer, occurrences: visible, awaitingReason };
}

const flag = z.boolean({ message: 'Answer yes or no' });

export const triageInput = z
  .object({
    relationship: z.enum(relationships, { message: 'Select the suspect’s relationship to the victim' }),
    adultAtRisk: flag,
    honourBasedAbuse: flag,
    coerciveControl: flag,
    prolongedCourseOfConduct: flag,
    significantCumulativeImpact: flag,
    perpetratorEscalation: flag,
    /** TS-02: the review against threat, risk, harm and complexity, written to the log. */
    threatRiskHarmComplexity: z.string().trim().min(1, 'Record your review of threat, risk, harm and complexity (TS-02)').max(5000),
    /** AL-05: where the decision prompts reclassification to s4A, the DS's answer. */
    reclassifyToS4A: z.boolean().optional(),
    /** Override of the proposed unit: needs a reason, and must still be one of the four (never patrol or neighbourhood). */
    unit: z.enum(units, { message: `Unit must be one of ${units.join(', ')}` }).optional(),
    overrideReason: z.string().trim().max(2000).optional(),
    digitalEvidence: z.boolean().optional(),
    suspectLinksOutsideForce: z.boolean().default(false),
    callsToPolice: z.boolean().default(false),
    vulnerableOrIntimidatedWitnesses: z.boolean().default(false),
  })
  .strict();

/** The facts the allocation decision reads (AL-01 to AL-05) and the answers to what it proposes, as triage and re-triage take them. */
export interface AllocationAnswers {
  relationship: Relationship;
  adultAtRisk: boolean;
  honourBasedAbuse: boolean;
  coerciveControl: boolean;
  prolongedCourseOfConduct: boolean;
  significantCumulativeImpact: boolean;
  perpetratorEscalation: boolean;
  /** AL-05: where the decision prompts reclassification to s4A, the answer. */
  reclassifyToS4A?: boolean | undefined;
  /** Another unit than the one proposed: needs `overrideReason`. */
  unit?: Unit | undefined;
  overrideReason?: string | undefined;
}

/** The triage facts as the occurrence's columns (the record keeps what the DS answered). */
export function triageFactColumns(input: Pick<z.infer<typeof triageInput>, 'relationship' | 'adultAtRisk' | 'honourBasedAbuse' | 'coerciveControl' | 'prolongedCourseOfConduct' | 'significantCumulativeImpact' | 'perpetratorEscalation'>) {
  return {
    relationship: input.relationship,
    adult_at_risk: input.adultAtRisk ? 1 : 0,
    honour_based_abuse: input.honourBasedAbuse ? 1 : 0,
    coercive_control: input.coerciveControl ? 1 : 0,
    prolonged_course: input.prolongedCourseOfConduct ? 1 : 0,
    cumulative_impact: input.significantCumulativeImpact ? 1 : 0,
    perpetrator_escalation: input.perpetratorEscalation ? 1 : 0,
  };
}

/**
 * AL-01 to AL-05 and ID-08, decided the same way at triage and at re-triage: the allocation decision
 * on the facts given (stalking only: harassment goes to a non-specialist investigation team unless
 * another unit is chosen); where it prompts reclassification to s4A the answer is required, and a yes
 * runs the decision again as s4A; a crime involving the force's workforce is the DA team's, under
 * the Domestic Abuse policy, and no other unit's; any other unit than the proposed one needs a reason
 * (`overrideRefusal` words the refusal). Refuses with a ValidationError; writes and logs nothing.
 */
export function proposeAllocation(
  o: { offence: string | null; restricted: boolean },
  answers: AllocationAnswers,
  overrideRefusal: (proposed: Unit, chosen: Unit) => string,
): { offence: string; reclassified: boolean; proposal: AllocationOutput | null; proposedUnit: Unit; unit: Unit } {
  let offence = o.offence!;
  let reclassified = false;
  const facts = {
    relationship: answers.relationship,
    adultAtRisk: answers.adultAtRisk,
    honourBasedAbuse: answers.honourBasedAbuse,
    coerciveControl: answers.coerciveControl,
    prolongedCourseOfConduct: answers.prolongedCourseOfConduct,
    significantCumulativeImpact: answers.significantCumulativeImpact,
    perpetratorEscalation: answers.perpetratorEscalation,
  };
  let proposal: AllocationOutput | null = isStalking(offence as never) ? allocate({ offence: offence as 's2A' | 's4A', ...facts }) : null;
  if (proposal?.considerReclassificationToS4A) {
    if (answers.reclassifyToS4A === undefined) {
      throw new ValidationError([{ field: 'reclassifyToS4A', message: 'The allocation decision asks you to consider reclassifying this crime as s4A: record your decision (AL-05)' }]);
    }
    if (answers.reclassifyToS4A) {
      offence = 's4A';
      reclassified = true;
      proposal = allocate({ offence: 's4A', ...facts });
    }
  }
  const proposedUnit: Unit = o.restricted ? restrictedCaseHandling.unit : (proposal?.unit ?? 'INVESTIGATION_TEAM');
  const unit: Unit = answers.unit ?? proposedUnit;
  if (o.restricted && unit !== proposedUnit) {
    throw new ValidationError([{ field: 'unit', message: 'This crime involves a member of the force’s workforce: the DA team investigates it, under the Domestic Abuse policy (ID-08)' }]);
  }
  if (unit !== proposedUnit && !answers.overrideReason) throw new ValidationError([{ field: 'overrideReason', message: overrideRefusal(proposedUnit, unit) }]);
  return { offence, reclassified, proposal, proposedUnit, unit };
}

/**
 * TS-01, TS-02, AL-01 to AL-05: the DS triages a recorded crime. The allocation decision proposes
 * the unit; the DS accepts or overrides it with a reason; where it prompts reclassification to
 * s4A the DS decides. The decision and the review go to the occurrence log, the investigation
 * plan's lines of enquiry are generated (SV-01), and high risk prompts SCU liaison (TS-05).
 */
export async function triageOccurrence(deps: AppDeps, actor: Actor & { unitType?: string | null }, occurrenceRef: string, raw: unknown) {
  permit(actor, 'triage');
  const input = parseInput(triageInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'occurrence.triaged',
    requirements: ['TS-01', 'TS-02', 'AL-01', 'AL-02', 'AL-03', 'AL-04', 'AL-05'],
    reason: input.threatRiskHarmComplexity,
    run: async (ctx) => {
      const o = ctx.occurrence;
      const reviewer = reviewerOfCrime(o, input.relationship);
      if (reviewerOf(actor) !== reviewer) {
        throw new ForbiddenError(`This crime is reviewed by a ${reviewer === 'DA_DS' ? 'DS from the DA team' : 'DS from CID'} (${o.restricted ? 'ID-08' : 'AL-01'})`);
      }
      const risk = await listRiskAssessments(ctx.trx, o.id);
      const violations = await progressionViolations(ctx.trx, o, 'triaged');
      if (violations.length) throw new PolicyViolationError(violations);

      const { offence, reclassified, proposal, proposedUnit, unit } = proposeAllocation(o, input, (proposed, chosen) => `The policy allocates this crime to ${proposed}: record why you allocate it to ${chosen}`);
      if (reclassified) ctx.logged.push({ field: 'offence', before: o.offence, after: offence });
      if (unit !== proposedUnit) ctx.logged.push({ field: 'unitOverride', before: proposedUnit, after: `${unit}: ${input.overrideReason}` });
      // TS-05 (high risk: the triaging DS liaises with the SCU) and SV-01 (allocate) follow from the triage (obligations).
      const grade = risk[0] ? (risk[0].endorsedGrade ?? risk[0].officerGrade) : null;
      const plan = investigationPlan({
        offence: offence as never,
        domestic: isDomestic(input.relationship),
        victimSupportsProsecution: o.victimSupportsProsecution,
        digitalEvidence: input.digitalEvidence ?? o.cyberFlag,
        suspectLinksOutsideForce: input.suspectLinksOutsideForce,
        callsToPolice: input.callsToPolice || o.channel === '999' || o.channel === '101',
        vulnerableOrIntimidatedWitnesses: input.vulnerableOrIntimidatedWitnesses,
        riskGrade: grade as never,
      });
      await insertPlanItems(
        ctx.trx,
        plan.lines.map((l) => ({ id: randomUUID(), occurrence_id: o.id, line: l.line, requirement: l.requirement, status: 'open', note: null, created_at: ctx.now, created_by: actor.id, updated_at: ctx.now })),
      );
      ctx.logged.push({ field: 'investigationPlan', before: null, after: `${plan.lines.length} lines of enquiry` });
      return {
        changes: {
          status: 'triaged',
          offence,
          ...triageFactColumns(input),
          reviewer,
          allocated_unit: unit,
          triaged_at: ctx.now,
          triaged_by: actor.id,
        },
        result: { proposal, unit, offence },
      };
    },
  });
}
