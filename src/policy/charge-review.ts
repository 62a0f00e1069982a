/**
 * Charge review (IO-09, using the offence rules of ID-01/ID-02).
 *
 * Policy: "Ensuring that the charges preferred reflect the: Seriousness and persistence of the
 * suspect's behaviour; Provable intent; and Severity of the injury and harm suffered by the
 * victim".
 *
 * What a pure rule can check: the offence the recorded facts support (the classification
 * rules) against the proposed charge. A lesser charge than the facts support needs a recorded
 * reason (e.g. the CPS's advice, or what can be proved); a more serious one than the facts
 * support is refused as not provable on the facts recorded. Injury, persistence and intent
 * are prompts for the officer, not rules.
 *
 * The offence the facts support is the one the Act makes out (`offenceMadeOut`), without ID-04's
 * recording rule: "All ex-partner harassment should still be recorded as stalking in the first
 * instance" is how the crime is recorded, not a charging standard. Ex-partner harassment that
 * does not meet FOUR supports s2 (or s4), and an s2 charge for it needs no reason; a prompt says
 * the record was stalking by the recording rule.
 */
import { z } from 'zod';
import { classificationInput, classify, offenceMadeOut } from './classification.js';
import { defineDecision } from './registry.js';
import {
  citedRequirements,
  count,
  freeText,
  offences,
  oneOf,
  promptSchema,
  requirementId,
  violationSchema,
  yesNo,
  type Offence,
  type Prompt,
  type Violation,
} from './vocabulary.js';

/** Seriousness order of the four offences: s4A and s4 carry 10 years; stalking ranks above harassment. */
const seriousness: Readonly<Record<Offence, number>> = { s2: 1, s2A: 2, s4: 3, s4A: 4 };

export const chargeReviewInput = z
  .strictObject({
    proposedCharge: oneOf(offences),
    facts: classificationInput.describe('The FOUR answers and course-of-conduct facts, as for classification.'),
    injury: oneOf(['none', 'minor', 'serious']),
    provableIntent: yesNo().describe('The suspect knew, or ought to have known, that the conduct amounted to harassment (or would cause fear of violence).'),
    persistentOccasions: count().optional().describe('Optional: how many occasions can be proved.'),
    reasonForLesserCharge: freeText().optional(),
  });
export type ChargeReviewInput = z.infer<typeof chargeReviewInput>;

export const chargeReviewOutput = z.object({
  supportedOffence: z.enum(offences).nullable(),
  reflectsSeriousness: z.boolean(),
  allowed: z.boolean(),
  violations: z.array(violationSchema),
  prompts: z.array(promptSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type ChargeReviewOutput = z.infer<typeof chargeReviewOutput>;

export function reviewCharge(input: ChargeReviewInput): ChargeReviewOutput {
  const classified = offenceMadeOut(input.facts);
  const supported = classified.offence;
  const recorded = classify(input.facts);
  const violations: Violation[] = [];
  const prompts: Prompt[] = [];
  const proposed = input.proposedCharge;
  let reflectsSeriousness = true;

  if (supported === null) {
    reflectsSeriousness = false;
    violations.push({ requirement: 'ID-02', message: 'The facts recorded do not show a course of conduct (conduct on at least two occasions): no Protection from Harassment Act charge is made out.' });
  } else if (seriousness[proposed] < seriousness[supported]) {
    reflectsSeriousness = false;
    if ((input.reasonForLesserCharge ?? '').trim().length === 0) {
      violations.push({
        requirement: 'IO-09',
        message: `The facts support ${supported}, but ${proposed} is proposed: the charge must reflect the seriousness and persistence of the behaviour. Charge ${supported} or record why the lesser charge is right.`,
      });
    }
  } else if (seriousness[proposed] > seriousness[supported]) {
    violations.push({ requirement: 'IO-09', message: `The facts recorded support ${supported}, not ${proposed}: charge what can be proved, or update the facts (fear of violence on two occasions, serious alarm or distress, FOUR).` });
  }
  if (recorded.recordedAsStalkingBecauseExPartner) {
    prompts.push({
      requirement: 'ID-04',
      message: `"All ex-partner harassment should still be recorded as stalking in the first instance": the crime is recorded as ${recorded.offence}, but that is a recording rule, not a charging standard. The facts support ${supported}; charge stalking only if acts associated with stalking (FOUR) can be proved, and record them.`,
    });
  }
  if (!input.provableIntent) {
    prompts.push({ requirement: 'IO-09', message: 'Provable intent: show the suspect knew, or ought to have known (a reasonable person test), what the course of conduct amounted to.' });
  }
  if (input.injury === 'serious') {
    prompts.push({ requirement: 'IO-09', message: 'The victim suffered serious injury: consider whether an offence against the person should be charged as well or instead (principal crime, ID-03).' });
  }
  if (input.persistentOccasions !== undefined && input.persistentOccasions < 2) {
    prompts.push({ requirement: 'IO-09', message: 'Fewer than two occasions can be proved: a course of conduct needs at least two.' });
  }
  const allowed = violations.length === 0;
  return {
    supportedOffence: supported,
    reflectsSeriousness,
    allowed,
    violations,
    prompts,
    requirements: citedRequirements(['IO-09', 'ID-02'], violations, prompts),
    explanation: allowed
      ? `The proposed ${proposed} charge ${reflectsSeriousness ? 'reflects the offence the facts support' : `is lesser than the ${supported} the facts support, for the reason recorded`}.`
      : `Review the charge: ${violations.map((v) => v.message).join(' ')}`,
  };
}

export const chargeReviewDecision = defineDecision<ChargeReviewInput, ChargeReviewOutput>({
  name: 'chargeReview',
  summary: 'Does the proposed charge reflect the seriousness and persistence of the behaviour the facts show?',
  requirements: ['IO-09', 'ID-02', 'ID-04'],
  input: chargeReviewInput,
  output: chargeReviewOutput,
  decide: reviewCharge,
});
