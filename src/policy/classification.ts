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
 * - Harassment is made out (ID-02) when, on two or more occasions, the conduct is unwanted; it
 *   causes alarm or distress ("conduct ... that causes a person to feel alarmed or distressed,
 *   or in more serious cases to fear that violence may be used against them": serious alarm or
 *   distress, or fear of violence, is that too); and the suspect knew or ought to have known it
 *   amounted to harassment. Wanted conduct is not harassment, however often. The optional
 *   `alarmOrDistress` and `knewOrOughtToKnow` answers default to yes when not given (a report of
 *   unwanted conduct is a report of conduct that distressed the victim, and "ought to know" is a
 *   reasonable person's view); the explanation says they were taken so. Either answered no
 *   means no offence under the Act.
 * - Stalking (s2A) is harassment where the acts "are ones associated with stalking": the policy
 *   identifies them through FOUR, so it is stalking when the officer judges (fixated OR
 *   obsessive) AND unwanted AND repeated, unless the optional `actsAssociatedWithStalking` is
 *   answered no (not given, the FOUR judgement answers it). Acts associated with stalking
 *   without FOUR stays harassment, and the explanation asks for FOUR to be revisited.
 * - ID-04: "All ex-partner harassment should still be recorded as stalking in the first
 *   instance": once harassment is made out, whatever the FOUR answers; the explanation says
 *   the FOUR judgement should be revisited as the investigation proceeds. It is a recording
 *   rule: it never turns conduct that is not harassment into stalking, and `offenceMadeOut`
 *   (used by charge review) leaves it out.
 * - s4 / s4A need fear of violence on at least two occasions. s4A is also made out by serious
 *   alarm or distress (which the Act ties to a substantial adverse effect on the victim's usual
 *   day-to-day activities: the `seriousAlarmOrDistress` answer means that). For harassment,
 *   serious alarm or distress alone stays s2: s4 is fear of violence only.
 * - fearOfViolenceOccasions cannot exceed occasions: that input is refused, naming the field.
 *   alarmOrDistress no with seriousAlarmOrDistress yes is refused, naming alarmOrDistress
 *   (serious alarm or distress is alarm or distress).
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
    alarmOrDistress: yesNo()
      .optional()
      .describe('Optional: the conduct caused the victim alarm or distress (harassment). Not given: taken as yes.'),
    actsAssociatedWithStalking: yesNo()
      .optional()
      .describe('Optional: the acts or omissions are ones associated with stalking (s2A). Not given: the FOUR judgement answers it.'),
    knewOrOughtToKnow: yesNo()
      .optional()
      .describe('Optional: the suspect knew, or ought to have known (a reasonable person test), that the conduct amounted to harassment. Not given: taken as yes.'),
  })
  .superRefine((v, ctx) => {
    if (v.alarmOrDistress === false && v.seriousAlarmOrDistress === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['alarmOrDistress'],
        message: 'Serious alarm or distress is alarm or distress: answer yes, or answer no to serious alarm or distress',
      });
    }
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

const harassmentDefinition =
  '"Harassment includes conduct directed at, or towards, an individual by another, that causes a person to feel alarmed or distressed, or in more serious cases to fear that violence may be used against them or another person."';
const exPartnerSentence = '"All ex-partner harassment should still be recorded as stalking in the first instance."';

export function classify(input: ClassificationInput): ClassificationOutput {
  return decideClassification(input, true);
}

/**
 * The offence the facts make out under the Act, without ID-04's recording rule ("recorded as
 * stalking in the first instance" is for recording, not a charging standard): ex-partner
 * harassment that does not meet FOUR is harassment here.
 */
export function offenceMadeOut(input: ClassificationInput): ClassificationOutput {
  return decideClassification(input, false);
}

function noOffence(input: ClassificationInput, four: ClassificationOutput['fourElementsPresent'], explanation: string): ClassificationOutput {
  return {
    classification: 'none',
    offence: null,
    fourElementsPresent: four,
    recordedAsStalkingBecauseExPartner: false,
    requirements: ['ID-02', 'ID-01'],
    explanation: input.exPartner
      ? `${explanation} The suspect is an ex-partner, but ${exPartnerSentence} applies to harassment: the harassment must be made out first.`
      : explanation,
  };
}

function decideClassification(input: ClassificationInput, applyExPartnerRule: boolean): ClassificationOutput {
  const four = (['fixated', 'obsessive', 'unwanted', 'repeated'] as const).filter((k) => input[k]);

  // ID-02: "A course of conduct needs at least two occasions."
  if (input.occasions < 2) {
    return noOffence(
      input,
      four,
      `Conduct on ${input.occasions} occasion${input.occasions === 1 ? '' : 's'} is not a course of conduct: the Protection from Harassment Act needs conduct on at least two occasions, so this is neither stalking nor harassment under the Act. Record any other offence, and link further incidents to this one (incidents are never considered in isolation).`,
    );
  }

  // ID-02: harassment is made out first: unwanted conduct causing alarm or distress (or fear of
  // violence), which the suspect knew or ought to have known amounted to harassment.
  if (!input.unwanted) {
    const notHarassment = `The conduct is not unwanted, so it is not harassment: ${harassmentDefinition} Wanted conduct, however often repeated, is neither stalking nor harassment under the Act.`;
    if (input.fearOfViolenceOccasions >= 2 && input.knewOrOughtToKnow !== false) {
      // s4 is made out on its own terms: fear of violence on at least two occasions.
      return {
        classification: 'harassment',
        offence: 's4',
        fourElementsPresent: four,
        recordedAsStalkingBecauseExPartner: false,
        requirements: ['ID-01', 'ID-02'],
        explanation: `${notHarassment} But the victim feared violence on ${input.fearOfViolenceOccasions} occasions: "A person whose course of conduct causes another to fear, on at least two occasions, that violence will be used against them is guilty of an offence if they know, or ought to know, that their course of conduct will cause the other so to fear on each of those occasions." ${input.exPartner ? `The suspect is an ex-partner, but ${exPartnerSentence} needs harassment made out first, so it is not recorded as stalking. ` : ''}Offence: ${offenceNames.s4}.`,
      };
    }
    return noOffence(input, four, notHarassment);
  }
  const harmShown = input.alarmOrDistress !== false || input.seriousAlarmOrDistress || input.fearOfViolenceOccasions > 0;
  if (!harmShown) {
    return noOffence(input, four, `The conduct caused the victim no alarm or distress and no fear of violence, so it is not harassment: ${harassmentDefinition}`);
  }
  if (input.knewOrOughtToKnow === false) {
    return noOffence(
      input,
      four,
      'The suspect neither knew nor ought to have known that the conduct amounted to harassment: "A person must not pursue a course of conduct which amounts to harassment ... and which they know, or ought to know, amounts to harassment." No offence under the Act is made out; revisit this if a reasonable person with the same information would think it harassment.',
    );
  }

  // ID-01: stalking = harassment where the perpetrator is "fixated or obsessed with the victim
  // and the behaviours are unwanted and repeated", and (s2A) "the acts or omissions involved are
  // ones associated with stalking".
  const fourMet = (input.fixated || input.obsessive) && input.unwanted && input.repeated;
  const stalkingMadeOut = fourMet && input.actsAssociatedWithStalking !== false;
  // ID-04: "All ex-partner harassment should still be recorded as stalking in the first instance."
  const exPartnerRule = applyExPartnerRule && input.exPartner && !stalkingMadeOut;
  const stalking = stalkingMadeOut || exPartnerRule;
  const fearTwice = input.fearOfViolenceOccasions >= 2;

  let offence: Offence;
  const reasons: string[] = [];
  const assumed = [
    input.alarmOrDistress === undefined && !input.seriousAlarmOrDistress && input.fearOfViolenceOccasions === 0 ? 'that the conduct caused alarm or distress' : null,
    input.knewOrOughtToKnow === undefined ? 'that the suspect knew or ought to have known it amounted to harassment' : null,
  ].filter((x): x is string => x !== null);
  if (stalking) {
    if (stalkingMadeOut) {
      reasons.push(
        `This is stalking: the behaviour is ${input.fixated && input.obsessive ? 'fixated and obsessive' : input.fixated ? 'fixated' : 'obsessive'}, unwanted and repeated (FOUR)${input.actsAssociatedWithStalking ? ', and the acts are ones associated with stalking' : ''}.`,
      );
    } else {
      reasons.push(
        `This is recorded as stalking because the suspect is an ex-partner and the harassment is made out: ${exPartnerSentence} Revisit the FOUR judgement as the investigation proceeds.`,
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
    if (fourMet) {
      reasons.push(
        'This is harassment, not stalking: the FOUR answers are met but the acts are recorded as not ones associated with stalking (s2A: "the acts or omissions involved are ones associated with stalking").',
      );
    } else {
      const missing = (['fixated or obsessive', 'unwanted', 'repeated'] as const).filter((k) =>
        k === 'fixated or obsessive' ? !(input.fixated || input.obsessive) : !input[k],
      );
      reasons.push(`This is harassment, not stalking: the FOUR test is not met (not ${missing.join(', not ')}).`);
      if (input.actsAssociatedWithStalking) {
        reasons.push('Acts associated with stalking are recorded: the policy identifies stalking through FOUR, so revisit the FOUR judgement.');
      }
    }
    if (input.exPartner && !applyExPartnerRule) {
      reasons.push(`The suspect is an ex-partner: ${exPartnerSentence} is a recording rule, so it does not decide the offence the facts make out.`);
    }
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
  if (assumed.length) reasons.push(`Not answered, so taken as yes: ${assumed.join('; ')}. Record the answer if it is otherwise.`);

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
