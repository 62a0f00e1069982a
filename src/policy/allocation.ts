/**
 * Allocation of stalking crimes: who reviews and which unit investigates (AL-01 to AL-05).
 * Follows "Allocation and Finalisation" in the policy, clause by clause.
 *
 * Interpretation where clauses overlap (stated in the explanation too):
 * - DA means the suspect is personally connected to the victim (Domestic Abuse Act 2021 s2): an
 *   intimate partner, ex-intimate partner, family member, or other personally connected person
 *   (e.g. a co-parent who was never a partner: relationship 'other_personally_connected').
 * - Where a DA clause and an Adult Safeguarding clause both say "only" (e.g. an s2A by an
 *   intimate partner against an adult at risk), the DA clause is applied first, as the policy
 *   orders them for s4A; the explanation asks the DA team to involve Adult Safeguarding.
 * - s2A by a family member or other personally connected person (DA, so reviewed by a DA
 *   detective sergeant under AL-01) goes to the DA team only where there are HBA concerns or
 *   coercive and controlling behaviour: AL-03 names "coercive and controlling behaviour between
 *   other personally connected persons", for any personal connection, not only partners and
 *   family. Without either it follows AL-04 (adult at risk: Adult Safeguarding) or AL-05
 *   (non-specialist investigation team), still reviewed by the DA detective sergeant.
 * - Coercive and controlling behaviour recorded against a relationship that is not a personal
 *   connection (acquaintance, stranger, other) cannot meet AL-03's clause: the explanation says
 *   so and asks for the relationship to be recorded as other personally connected if it is one.
 * - AL-05's reclassification prompt belongs to "any other s2A" (the non-specialist route). When
 *   prompted, the output also says where the crime would go if reclassified as s4A.
 * - Patrol and neighbourhood policing are never returned: "but not by patrol/NPT officers".
 */
import { z } from 'zod';
import { defineDecision } from './registry.js';
import {
  isDomestic,
  isPersonallyConnected,
  oneOf,
  relationships,
  requirementId,
  relationshipNames,
  reviewerNames,
  reviewers,
  unitNames,
  units,
  yesNo,
  type Relationship,
  type Reviewer,
  type Unit,
} from './vocabulary.js';

export const allocationInput = z.strictObject({
  offence: oneOf(['s2A', 's4A']).describe('The stalking offence being allocated.'),
  relationship: oneOf(relationships).describe('The suspect’s relationship to the victim.'),
  adultAtRisk: yesNo(),
  honourBasedAbuse: yesNo().describe('Honour-based abuse (HBA) concerns.'),
  coerciveControl: yesNo().describe('Coercive and controlling behaviour between personally connected persons.'),
  prolongedCourseOfConduct: yesNo().describe('Emerging evidence of a prolonged course of conduct.'),
  significantCumulativeImpact: yesNo().describe('Significant cumulative impact on the victim.'),
  perpetratorEscalation: yesNo().describe('Factors that show perpetrator escalation.'),
});
export type AllocationInput = z.infer<typeof allocationInput>;

export const allocationOutput = z.object({
  reviewer: z.enum(reviewers),
  unit: z.enum(units),
  domestic: z.boolean(),
  considerReclassificationToS4A: z.boolean(),
  /** Present when reclassification is to be considered: where an s4A would go. */
  ifReclassifiedToS4A: z.object({ unit: z.enum(units), reviewer: z.enum(reviewers) }).optional(),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type AllocationOutput = z.infer<typeof allocationOutput>;

interface UnitChoice {
  unit: Unit;
  requirement: string;
  because: string;
}

/** AL-02: "S4A offences will only be investigated by Safeguarding or CID officers." */
function s4aUnit(input: AllocationInput, domestic: boolean): UnitChoice {
  if (domestic) {
    return { unit: 'DA_TEAM', requirement: 'AL-02', because: '"DA s4A offences will be investigated by DA teams or equivalent."' };
  }
  if (input.adultAtRisk || input.honourBasedAbuse) {
    return {
      unit: 'ADULT_SAFEGUARDING',
      requirement: 'AL-02',
      because: '"Non-DA s4A offences involving adults at risk (AAR) or cases with honour-based abuse (HBA) concerns will be investigated by Adult Safeguarding officers."',
    };
  }
  return { unit: 'CID', requirement: 'AL-02', because: '"All other non-DA s4A offences will be investigated by CID."' };
}

function s2aUnit(input: AllocationInput, relationship: Relationship, domestic: boolean): UnitChoice {
  // AL-03: "S2A offences involving intimate/ex-intimate partner, HBA concerns or coercive and
  // controlling behaviour between other personally connected persons will only be
  // investigated by DA teams or equivalent."
  if (relationship === 'intimate_partner' || relationship === 'ex_intimate_partner') {
    return { unit: 'DA_TEAM', requirement: 'AL-03', because: 'it is an s2A involving an intimate or ex-intimate partner, which "will only be investigated by DA teams or equivalent".' };
  }
  if (domestic && input.honourBasedAbuse) {
    return { unit: 'DA_TEAM', requirement: 'AL-03', because: 'it is an s2A with HBA concerns within the family, which "will only be investigated by DA teams or equivalent".' };
  }
  if (isPersonallyConnected(relationship) && input.coerciveControl) {
    return {
      unit: 'DA_TEAM',
      requirement: 'AL-03',
      because: `it is an s2A with coercive and controlling behaviour between personally connected persons (${relationshipNames[relationship]}): "S2A offences involving intimate/ex-intimate partner, HBA concerns or coercive and controlling behaviour between other personally connected persons will only be investigated by DA teams or equivalent."`,
    };
  }
  const notConnectedNote =
    input.coerciveControl && !isPersonallyConnected(relationship)
      ? ` Coercive and controlling behaviour is recorded, but the relationship (${relationshipNames[relationship]}) is not a personal connection, so AL-03 ("coercive and controlling behaviour between other personally connected persons") does not apply: if they are personally connected (e.g. parents of the same child), record the relationship as other personally connected and it goes to the DA team.`
      : '';
  // AL-04: "S2A offences involving AAR or cases with non-DA HBA concerns will only be
  // investigated by Adult Safeguarding officers."
  if (input.adultAtRisk) {
    return { unit: 'ADULT_SAFEGUARDING', requirement: 'AL-04', because: `it is an s2A involving an adult at risk, which "will only be investigated by Adult Safeguarding officers".${notConnectedNote}` };
  }
  if (input.honourBasedAbuse) {
    return { unit: 'ADULT_SAFEGUARDING', requirement: 'AL-04', because: `it is an s2A with non-DA HBA concerns, which "will only be investigated by Adult Safeguarding officers".${notConnectedNote}` };
  }
  // AL-05: "Any other s2A offences may be investigated by non-specialist investigation teams
  // (but not by patrol/NPT officers)".
  const familyNote =
    relationship === 'family_member' || relationship === 'other_personally_connected'
      ? ` The suspect is ${relationship === 'family_member' ? 'a family member' : 'personally connected to the victim'} but there are no HBA concerns and no coercive and controlling behaviour, so AL-03 does not send it to the DA team; it is still DA for review (AL-01).`
      : '';
  return {
    unit: 'INVESTIGATION_TEAM',
    requirement: 'AL-05',
    because: `it is an s2A that "may be investigated by non-specialist investigation teams (but not by patrol/NPT officers)".${familyNote}${notConnectedNote}`,
  };
}

export function allocate(input: AllocationInput): AllocationOutput {
  const domestic = isDomestic(input.relationship);

  // AL-01: "All DA stalking (s2A or s4A) will be reviewed by a detective sergeant from the DA
  // team, or equivalent. All non-DA stalking (s2A or s4A) will be reviewed by a detective
  // sergeant from CID."
  const reviewer: Reviewer = domestic ? 'DA_DS' : 'CID_DS';
  const choice = input.offence === 's4A' ? s4aUnit(input, domestic) : s2aUnit(input, input.relationship, domestic);

  const requirements = ['AL-01', choice.requirement];
  const sentences = [
    `Reviewed by ${reviewerNames[reviewer]}, because this is ${domestic ? '' : 'non-'}DA stalking (AL-01).`,
    `Investigated by the ${unitNames[choice.unit]} (${choice.requirement}): ${choice.because}`,
  ];
  if (domestic && input.adultAtRisk && choice.unit === 'DA_TEAM') {
    sentences.push('The victim is also an adult at risk: the DA team should involve Adult Safeguarding.');
  }

  // AL-05: "... unless there is emerging evidence of a prolonged course of conduct, significant
  // cumulative impact on the victim or factors that show perpetrator escalation, in which case
  // the potential must be considered to reclassify the offence(s) as a s4A crime and allocate
  // as above."
  const signals = [
    input.prolongedCourseOfConduct ? 'a prolonged course of conduct' : null,
    input.significantCumulativeImpact ? 'significant cumulative impact on the victim' : null,
    input.perpetratorEscalation ? 'perpetrator escalation' : null,
  ].filter((s): s is string => s !== null);
  const considerReclassificationToS4A = choice.requirement === 'AL-05' && signals.length > 0;
  let ifReclassifiedToS4A: AllocationOutput['ifReclassifiedToS4A'];
  if (considerReclassificationToS4A) {
    const s4a = s4aUnit({ ...input, offence: 's4A' }, domestic);
    ifReclassifiedToS4A = { unit: s4a.unit, reviewer };
    if (!requirements.includes('AL-02')) requirements.push('AL-02');
    sentences.push(
      `There is emerging evidence of ${signals.join(', ')}: the reviewer must consider reclassifying the offence as s4A. If that is accepted, allocation follows the s4A rules and it would go to the ${unitNames[s4a.unit]} (AL-02).`,
    );
  }

  return {
    reviewer,
    unit: choice.unit,
    domestic,
    considerReclassificationToS4A,
    ...(ifReclassifiedToS4A ? { ifReclassifiedToS4A } : {}),
    requirements,
    explanation: sentences.join(' '),
  };
}

export const allocationDecision = defineDecision<AllocationInput, AllocationOutput>({
  name: 'allocation',
  summary: 'Which detective sergeant reviews a stalking crime and which unit investigates it, per the allocation policy.',
  requirements: ['AL-01', 'AL-02', 'AL-03', 'AL-04', 'AL-05'],
  input: allocationInput,
  output: allocationOutput,
  decide: allocate,
});
