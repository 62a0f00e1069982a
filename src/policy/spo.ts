/**
 * Stalking Protection Orders: whether to consider an application (SP-01, SV-04) and whether
 * the authorising superintendent may authorise it (SP-04, SP-03).
 *
 * Policy, "Stalking Protection Orders (SPOs)": "The police must consider applying for an order
 * where it appears that: The respondent has carried out acts associated with stalking; The
 * respondent poses a risk of stalking to a person; and There is reasonable cause to believe the
 * order is necessary to protect the other person from that risk." Investigating officers:
 * "Considering a SPO in all stalking cases". Supervisors: "In cases of stalking, considering
 * seeking guidance and authorisation for a Stalking Protection Order (SPO) at an early stage".
 *
 * Authorising superintendent: "Considering where a SPO is necessary, proportionate and
 * justified to protect the person from harm, whilst also considering the Human Rights of both
 * the victim and the suspect." The rationale is recorded (SP-04). SP-03: "If the SPOR1 is
 * approved, completing the overarching statement and application form (SPO1) for superintendent
 * authority". So the authority decision needs, every time:
 * - `authorisingRank` (required): only a superintendent (SUPT) may authorise;
 * - `scuApprovedReferral` (required): the Stalking Coordination Unit approved the SPOR1; an
 *   application whose referral was not approved is not for authority;
 * - a rationale with substance: at least spoRationaleMinWords words and spoRationaleMinChars
 *   letters or digits (a word or two such as "ok" or "Necessary" records no reasoning about
 *   necessity, proportionality and both parties' human rights).
 *
 * An SPO needs no criminal complaint or conviction, so the offence may be 'none'; for
 * harassment (s2, s4) an order is still possible when the three conditions appear.
 *
 * SP-01, investigating officers: "Considering a SPO in all stalking cases". So in a stalking
 * case (s2A, s4A) `considerApplication` is always true, whatever conditions are not yet shown:
 * the missing conditions shape the advice (what to establish before the SPOR1), never whether
 * an order is considered. `conditionsMet` says whether all three conditions appear (the point
 * at which the referral form goes to the SCU). Outside stalking an order is considered only
 * where the three conditions appear.
 */
import { z } from 'zod';
import { defineDecision } from './registry.js';
import {
  citedRequirements,
  freeText,
  isStalking,
  offences,
  oneOf,
  promptSchema,
  ranks,
  requirementId,
  violationSchema,
  yesNo,
  type Prompt,
  type Violation,
} from './vocabulary.js';

// ---------------------------------------------------------------------------------------------
// spoConsideration
// ---------------------------------------------------------------------------------------------

export const spoConditions = ['actsAssociatedWithStalking', 'posesRiskOfStalking', 'orderNecessaryToProtect'] as const;
export type SpoCondition = (typeof spoConditions)[number];

const conditionWords: Readonly<Record<SpoCondition, string>> = {
  actsAssociatedWithStalking: 'The respondent has carried out acts associated with stalking',
  posesRiskOfStalking: 'The respondent poses a risk of stalking to a person',
  orderNecessaryToProtect: 'There is reasonable cause to believe the order is necessary to protect the other person from that risk',
};

export const spoConsiderationInput = z.strictObject({
  offence: oneOf([...offences, 'none'] as const).describe('The offence recorded, or none (an SPO needs no criminal complaint).'),
  actsAssociatedWithStalking: yesNo(),
  posesRiskOfStalking: yesNo(),
  orderNecessaryToProtect: yesNo(),
});
export type SpoConsiderationInput = z.infer<typeof spoConsiderationInput>;

export const spoConsiderationOutput = z.object({
  considerApplication: z.boolean(),
  /** All three conditions appear (SP-01): the SPOR1 can go to the SCU. */
  conditionsMet: z.boolean(),
  missingConditions: z.array(z.object({ condition: z.enum(spoConditions), requirement: requirementId, message: z.string() })),
  prompts: z.array(promptSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type SpoConsiderationOutput = z.infer<typeof spoConsiderationOutput>;

export function considerSpo(input: SpoConsiderationInput): SpoConsiderationOutput {
  const missingConditions = spoConditions
    .filter((c) => !input[c])
    .map((condition) => ({ condition, requirement: 'SP-01', message: `Not yet shown: "${conditionWords[condition]}".` }));
  const conditionsMet = missingConditions.length === 0;
  const prompts: Prompt[] = [];
  const stalking = input.offence !== 'none' && isStalking(input.offence);
  // SP-01: "Considering a SPO in all stalking cases": considered whatever is not yet shown.
  const considerApplication = stalking || conditionsMet;
  if (stalking) {
    prompts.push({
      requirement: 'SV-04',
      message: 'In cases of stalking, consider seeking guidance and authorisation for a Stalking Protection Order at an early stage; record the decision.',
    });
  }
  const missing = `${missingConditions.length} ${missingConditions.length === 1 ? 'is' : 'are'} not yet shown: ${missingConditions.map((m) => m.message).join(' ')}`;
  return {
    considerApplication,
    conditionsMet,
    missingConditions,
    prompts,
    requirements: citedRequirements(['SP-01'], prompts),
    explanation: conditionsMet
      ? 'All three conditions appear: the police must consider applying for a Stalking Protection Order. Complete the SPO Referral Form (SPOR1) and send it to the Stalking Coordination Unit.'
      : stalking
        ? `This is stalking (${input.offence}): "Considering a SPO in all stalking cases" (SP-01), so an order is considered now, whatever is not yet shown. The police must consider applying where all three conditions appear; ${missing} Establish what is missing (seek guidance from the Stalking Coordination Unit) before the SPO Referral Form (SPOR1) goes to them.`
        : `The police must consider applying for an order where all three conditions appear; ${missing}`,
  };
}

export const spoConsiderationDecision = defineDecision<SpoConsiderationInput, SpoConsiderationOutput>({
  name: 'spoConsideration',
  summary: 'Must the police consider applying for a Stalking Protection Order: the three conditions, and the early-consideration prompt in every stalking case.',
  requirements: ['SP-01', 'SV-04'],
  input: spoConsiderationInput,
  output: spoConsiderationOutput,
  decide: considerSpo,
});

// ---------------------------------------------------------------------------------------------
// spoAuthority
// ---------------------------------------------------------------------------------------------

/** SP-04: the least a recorded rationale holds: words, and letters or digits. */
export const spoRationaleMinWords = 3;
export const spoRationaleMinChars = 20;

/** SP-04: what a rationale lacks to count as recorded reasoning, or null when it has substance. */
export function spoRationaleShortfall(rationale: string): string | null {
  const words = rationale.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  const chars = (rationale.match(/[\p{L}\p{N}]/gu) ?? []).length;
  if (chars === 0) return 'The authorising officer’s rationale must be recorded.';
  if (words < spoRationaleMinWords || chars < spoRationaleMinChars) {
    return `The rationale is too brief to record the decision: say why the order is necessary, proportionate and justified to protect the person from harm, having considered the Human Rights of both the victim and the suspect (at least ${spoRationaleMinWords} words and ${spoRationaleMinChars} letters; ${words} word${words === 1 ? '' : 's'} and ${chars} letter${chars === 1 ? '' : 's'} given).`;
  }
  return null;
}

export const spoAuthorityInput = z.strictObject({
  necessary: yesNo(),
  proportionate: yesNo(),
  justified: yesNo(),
  humanRightsOfVictimConsidered: yesNo(),
  humanRightsOfRespondentConsidered: yesNo(),
  rationale: freeText().describe('The authorising officer’s recorded rationale.'),
  authorisingRank: oneOf(ranks).describe('SP-03: the application goes "for superintendent authority": the rank of the officer deciding.'),
  scuApprovedReferral: yesNo().describe('SP-03: "If the SPOR1 is approved": the Stalking Coordination Unit approved the referral.'),
});
export type SpoAuthorityInput = z.infer<typeof spoAuthorityInput>;

export const spoAuthorityOutput = z.object({
  authorised: z.boolean(),
  violations: z.array(violationSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type SpoAuthorityOutput = z.infer<typeof spoAuthorityOutput>;

export function authoriseSpo(input: SpoAuthorityInput): SpoAuthorityOutput {
  const violations: Violation[] = [];
  const tests: [boolean, string][] = [
    [input.necessary, 'The order has not been found necessary to protect the person from harm.'],
    [input.proportionate, 'The order has not been found proportionate.'],
    [input.justified, 'The order has not been found justified.'],
    [input.humanRightsOfVictimConsidered, 'The Human Rights of the victim have not been recorded as considered.'],
    [input.humanRightsOfRespondentConsidered, 'The Human Rights of the suspect (respondent) have not been recorded as considered.'],
  ];
  for (const [met, message] of tests) if (!met) violations.push({ requirement: 'SP-04', message });
  const shortfall = spoRationaleShortfall(input.rationale);
  if (shortfall !== null) violations.push({ requirement: 'SP-04', message: shortfall });
  if (input.authorisingRank !== 'SUPT') {
    violations.push({ requirement: 'SP-03', message: `"completing the overarching statement and application form (SPO1) for superintendent authority": the SPO1 goes to a superintendent; ${input.authorisingRank} cannot authorise it.` });
  }
  if (!input.scuApprovedReferral) {
    violations.push({ requirement: 'SP-03', message: '"If the SPOR1 is approved, completing the overarching statement and application form (SPO1) for superintendent authority": the Stalking Coordination Unit has not approved the referral, so the application is not for authority.' });
  }
  const authorised = violations.length === 0;
  return {
    authorised,
    violations,
    requirements: citedRequirements(['SP-04'], violations),
    explanation: authorised
      ? 'Authorised by a superintendent on the Stalking Coordination Unit’s approval of the referral: the order is necessary, proportionate and justified to protect the person from harm, the Human Rights of both the victim and the suspect were considered, and the rationale is recorded.'
      : `Not authorised: ${violations.map((v) => v.message).join(' ')}`,
  };
}

export const spoAuthorityDecision = defineDecision<SpoAuthorityInput, SpoAuthorityOutput>({
  name: 'spoAuthority',
  summary: 'May the superintendent authorise the SPO application: a superintendent, on the SCU’s approval of the referral; necessary, proportionate, justified, human rights of both considered, a rationale of substance recorded.',
  requirements: ['SP-04', 'SP-03'],
  input: spoAuthorityInput,
  output: spoAuthorityOutput,
  decide: authoriseSpo,
});
