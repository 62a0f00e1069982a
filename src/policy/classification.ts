/**
 * Classification: stalking or harassment, and which offence (ID-01, ID-02, ID-04).
 *
 * Policy (Legislation): "Stalking is a form of harassing behaviour whereby the perpetrator is
 * fixated or obsessed with the victim and the behaviours are unwanted and repeated." Stalking
 * behaviours are identified through the mnemonic FOUR (fixated, obsessive, unwanted, repeated).
 *
 * Choices where the policy leaves room:
 * - A course of conduct needs conduct on at least two occasions (PHA 1997 s7): fewer than two
 *   occasions is no course of conduct, so neither stalking nor harassment (offence null).
 * - With two or more occasions the conduct is at least harassment. It is stalking when the
 *   officer judges (fixated OR obsessive) AND unwanted AND repeated.
 * - ID-04: "All ex-partner harassment should still be recorded as stalking in the first
 *   instance", whatever the FOUR answers; the explanation says the FOUR judgement should be
 *   revisited as the investigation proceeds.
 * - s4 / s4A need fear of violence on at least two occasions. s4A is also made out by serious
 *   alarm or distress (which the Act ties to a substantial adverse effect on the victim's usual
 *   day-to-day activities: the `seriousAlarmOrDistress` answer means that). For harassment,
 *   serious alarm or distress alone stays s2: s4 is fear of violence only.
 * - fearOfViolenceOccasions cannot exceed occasions: that input is refused, naming the field.
 */
import { z } from 'zod';
import { defineDecision } from './registry.js';
import { count, offenceNames, requirementId, yesNo, type Offence } from './vocabulary.js';

export const classificationInput = z
  .strictObject({
    fixated: yesNo(),
    obsessive: yesNo(),
    unwanted: yesNo(),
    repeated: yesNo(),
    occasions: count().describe('Separate occasions of conduct in the course of conduct.'),
    fearOfViolenceOccasions: count().describe('Occasions on which the victim feared violence would be used against them.'),
    seriousAlarmOrDistress: yesNo().describe(
      'Serious alarm or distress with a substantial adverse effect on the victim’s usual day-to-day activities.',
    ),
    exPartner: yesNo().describe('The suspect is the victim’s ex-partner.'),
  })
  .superRefine((v, ctx) => {
    if (typeof v.fearOfViolenceOccasions === 'number' && typeof v.occasions === 'number' && v.fearOfViolenceOccasions > v.occasions) {
      ctx.addIssue({
        code: 'custom',
        path: ['fearOfViolenceOccasions'],
        message: `Cannot be more than occasions (${v.occasions}); each occasion of fear is one of the occasions of conduct`,
      });
    }
  });
export type ClassificationInput = z.infer<typeof classificationInput>;

export const classificationOutput = z.object({
  classification: z.enum(['stalking', 'harassment', 'none']),
  offence: z.enum(['s2', 's2A', 's4', 's4A']).nullable(),
  /** ID-01: which FOUR elements the officer recorded as present. */
  fourElementsPresent: z.array(z.enum(['fixated', 'obsessive', 'unwanted', 'repeated'])),
  /** ID-04 applied: recorded as stalking because the suspect is an ex-partner. */
  recordedAsStalkingBecauseExPartner: z.boolean(),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type ClassificationOutput = z.infer<typeof classificationOutput>;

export function classify(input: ClassificationInput): ClassificationOutput {
  const four = (['fixated', 'obsessive', 'unwanted', 'repeated'] as const).filter((k) => input[k]);

  // ID-02: "A course of conduct needs at least two occasions."
  if (input.occasions < 2) {
    return {
      classification: 'none',
      offence: null,
      fourElementsPresent: four,
      recordedAsStalkingBecauseExPartner: false,
      requirements: ['ID-02', 'ID-01'],
      explanation: `Conduct on ${input.occasions} occasion${input.occasions === 1 ? '' : 's'} is not a course of conduct: the Protection from Harassment Act needs conduct on at least two occasions, so this is neither stalking nor harassment under the Act. Record any other offence, and link further incidents to this one (incidents are never considered in isolation).`,
    };
  }

  // ID-01: stalking = harassment where the perpetrator is "fixated or obsessed with the victim
  // and the behaviours are unwanted and repeated".
  const fourMet = (input.fixated || input.obsessive) && input.unwanted && input.repeated;
  // ID-04: "All ex-partner harassment should still be recorded as stalking in the first instance."
  const exPartnerRule = input.exPartner && !fourMet;
  const stalking = fourMet || input.exPartner;
  const fearTwice = input.fearOfViolenceOccasions >= 2;

  let offence: Offence;
  const reasons: string[] = [];
  if (stalking) {
    if (fourMet) {
      reasons.push(`This is stalking: the behaviour is ${input.fixated && input.obsessive ? 'fixated and obsessive' : input.fixated ? 'fixated' : 'obsessive'}, unwanted and repeated (FOUR).`);
    } else {
      reasons.push(
        'This is recorded as stalking because the suspect is an ex-partner: "All ex-partner harassment should still be recorded as stalking in the first instance." Revisit the FOUR judgement as the investigation proceeds.',
      );
    }
    if (fearTwice) {
      offence = 's4A';
      reasons.push(`The victim feared violence on ${input.fearOfViolenceOccasions} occasions (at least two), so the offence is s4A.`);
    } else if (input.seriousAlarmOrDistress) {
      offence = 's4A';
      reasons.push('The conduct caused serious alarm or distress with a substantial adverse effect on the victim’s usual day-to-day activities, so the offence is s4A.');
    } else {
      offence = 's2A';
      reasons.push('There is no fear of violence on two occasions and no serious alarm or distress, so the offence is s2A.');
    }
  } else {
    const missing = (['fixated or obsessive', 'unwanted', 'repeated'] as const).filter((k) =>
      k === 'fixated or obsessive' ? !(input.fixated || input.obsessive) : !input[k],
    );
    reasons.push(`This is harassment, not stalking: the FOUR test is not met (not ${missing.join(', not ')}).`);
    if (fearTwice) {
      offence = 's4';
      reasons.push(`The victim feared violence on ${input.fearOfViolenceOccasions} occasions (at least two), so the offence is s4.`);
    } else {
      offence = 's2';
      reasons.push(
        input.seriousAlarmOrDistress
          ? 'Serious alarm or distress without fear of violence on two occasions stays s2 for harassment (s4 needs fear of violence).'
          : 'There is no fear of violence on two occasions, so the offence is s2.',
      );
    }
  }

  return {
    classification: stalking ? 'stalking' : 'harassment',
    offence,
    fourElementsPresent: four,
    recordedAsStalkingBecauseExPartner: exPartnerRule,
    requirements: exPartnerRule ? ['ID-01', 'ID-02', 'ID-04'] : ['ID-01', 'ID-02'],
    explanation: `${reasons.join(' ')} Offence: ${offenceNames[offence]}.`,
  };
}

export const classificationDecision = defineDecision<ClassificationInput, ClassificationOutput>({
  name: 'classification',
  summary: 'Is it stalking or harassment (FOUR), and which Protection from Harassment Act offence: s2, s2A, s4 or s4A.',
  requirements: ['ID-01', 'ID-02', 'ID-04'],
  input: classificationInput,
  output: classificationOutput,
  decide: classify,
});
