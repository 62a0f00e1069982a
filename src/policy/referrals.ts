/**
 * Referrals and information sharing to consider for a case (IO-14, IO-11, SC-05, AO-04, TS-05,
 * IO-13, FL-01, and MARAC for high-risk domestic abuse).
 *
 * Policy words:
 * - "Consider making a referral to MAPPA in all cases where the criteria is met." (IO-14)
 * - "Consider making a referral into the Potentially Dangerous Persons (PDP) process where a
 *   serial stalking offender who meets the criteria is identified." (IO-14) PDP: someone not
 *   eligible for MAPPA with a present likelihood of an offence likely to cause serious harm.
 *   "Serial" is taken as stalking of 2 or more separate victims (parameter).
 * - "Considering schemes to share information ... Domestic Violence Disclosure Scheme, Child
 *   Sex Offender Disclosure scheme or common law powers of disclosure" (IO-11).
 * - "Promoting the use of appropriate specialist stalking support services" (SC-05): in every
 *   stalking case.
 * - "Individuals must consider referring the victim to the Force Crime Prevention Team" (AO-04).
 * - "Liaising with the Stalking Coordination Unit where the risk is assessed as high." (TS-05)
 * - MARAC: domestic abuse at high risk, or any MARAC route met (from the risk decision), and
 *   never a non-domestic case: decided in one place (marac.ts), the same answer the risk
 *   decision gives.
 * - "Consider adding a 'notify if' flag and tasking to the Stalking Coordination Unit" (FL-01).
 * - IO-13: if the victim is engaging with support services, keep those services updated.
 */
import { z } from 'zod';
import { maracReferral } from './marac.js';
import { parametersField, parametersOrDefault } from './parameters.js';
import { defineDecision } from './registry.js';
import { count, oneOf, promptSchema, requirementId, riskGrades, yesNo, type Prompt } from './vocabulary.js';

export const referralKinds = [
  'mappa',
  'pdp',
  'marac',
  'specialist_stalking_support',
  'crime_prevention',
  'dvds',
  'csods',
  'common_law_disclosure',
] as const;
export type ReferralKind = (typeof referralKinds)[number];

export const referralsInput = z.strictObject({
  stalking: yesNo().describe('The case is stalking (s2A or s4A) rather than harassment.'),
  domestic: yesNo().describe('Domestic abuse: intimate partner, ex-partner or family member.'),
  intimatePartner: yesNo().describe('The suspect is or was the victim’s intimate partner.'),
  riskGrade: oneOf(riskGrades),
  maracRouteMet: yesNo().optional().describe('A MARAC referral route from the risk decision is met.'),
  stalkingVictimsOfSuspect: count().describe('How many separate victims the suspect is known to have stalked (including this one).'),
  mappaCategory1RegisteredSexOffender: yesNo(),
  mappaCategory2ViolentOrSexualOffenderSentenced12MonthsOrMore: yesNo(),
  mappaCategory3OtherDangerousOffender: yesNo(),
  presentLikelihoodOfSeriousHarm: yesNo().describe('PDP criterion: a present likelihood of an offence likely to cause serious harm.'),
  suspectHistoryOfAbuseOrViolence: yesNo().describe('Known history of abuse or violence (Clare’s Law).'),
  suspectHasAccessToChildren: yesNo(),
  childSexOffenceConcern: yesNo().describe('The suspect has convictions or intelligence for sexual offences against children.'),
  othersAtRisk: yesNo().describe('Others (e.g. a new partner, colleagues) are at risk from the suspect.'),
  victimEngagingWithSupport: yesNo(),
  notifyIfFlagInPlace: yesNo().optional(),
  parameters: parametersField,
});
export type ReferralsInput = z.infer<typeof referralsInput>;

export const referralSchema = z.object({ referral: z.enum(referralKinds), requirement: requirementId, reason: z.string() });
export type Referral = z.infer<typeof referralSchema>;

export const referralsOutput = z.object({
  referrals: z.array(referralSchema),
  prompts: z.array(promptSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type ReferralsOutput = z.infer<typeof referralsOutput>;

export function considerReferrals(input: ReferralsInput): ReferralsOutput {
  const p = parametersOrDefault(input.parameters);
  const referrals: Referral[] = [];
  const prompts: Prompt[] = [];

  const mappaCategories = [
    input.mappaCategory1RegisteredSexOffender ? 'category 1 (registered sexual offender)' : null,
    input.mappaCategory2ViolentOrSexualOffenderSentenced12MonthsOrMore ? 'category 2 (violent or sexual offender sentenced to 12 months or more)' : null,
    input.mappaCategory3OtherDangerousOffender ? 'category 3 (other dangerous offender)' : null,
  ].filter((c): c is string => c !== null);
  const mappaEligible = mappaCategories.length > 0;
  if (mappaEligible) {
    referrals.push({ referral: 'mappa', requirement: 'IO-14', reason: `MAPPA criteria are met (${mappaCategories.join('; ')}): "Consider making a referral to MAPPA in all cases where the criteria is met."` });
  }

  const serial = input.stalkingVictimsOfSuspect >= p.serialStalkerVictimCount;
  if (serial && !mappaEligible && input.presentLikelihoodOfSeriousHarm) {
    referrals.push({
      referral: 'pdp',
      requirement: 'IO-14',
      reason: `A serial stalking offender (${input.stalkingVictimsOfSuspect} victims) who is not MAPPA-eligible and presents a likelihood of serious harm: consider a Potentially Dangerous Persons referral.`,
    });
  }

  const marac = maracReferral({ domestic: input.domestic, grade: input.riskGrade, routeMet: input.maracRouteMet === true });
  if (marac.required) referrals.push({ referral: 'marac', requirement: 'SV-03', reason: marac.reason ?? 'Refer to MARAC.' });

  if (input.stalking) {
    referrals.push({
      referral: 'specialist_stalking_support',
      requirement: 'SC-05',
      reason: `Offer a referral to a specialist stalking support service for safety planning and advice${input.riskGrade === 'high' ? ' (the risk is high)' : ''}.`,
    });
  }

  referrals.push({ referral: 'crime_prevention', requirement: 'AO-04', reason: '"Individuals must consider referring the victim to the Force Crime Prevention Team for further assessment and advice."' });

  if (input.intimatePartner && input.suspectHistoryOfAbuseOrViolence) {
    referrals.push({ referral: 'dvds', requirement: 'IO-11', reason: 'The suspect is or was an intimate partner with a history of abuse or violence: consider the Domestic Violence Disclosure Scheme (Clare’s Law).' });
  }
  if (input.suspectHasAccessToChildren && input.childSexOffenceConcern) {
    referrals.push({ referral: 'csods', requirement: 'IO-11', reason: 'The suspect has access to children and there is a child sex offence concern: consider the Child Sex Offender Disclosure Scheme (Sarah’s Law).' });
  }
  if (input.othersAtRisk || serial) {
    referrals.push({
      referral: 'common_law_disclosure',
      requirement: 'IO-11',
      reason: `${input.othersAtRisk ? 'Others are at risk from the suspect' : 'The suspect is a serial stalker'}: consider disclosure under common law powers to protect them from further harm.`,
    });
  }

  if (input.riskGrade === 'high') {
    prompts.push({ requirement: 'TS-05', message: 'The risk is high: the triaging detective sergeant liaises with the Stalking Coordination Unit.' });
  }
  if (input.stalking && input.notifyIfFlagInPlace !== true) {
    prompts.push({ requirement: 'FL-01', message: 'Consider adding a \'notify if\' flag on the suspect and tasking to the Stalking Coordination Unit.' });
  }
  if (input.victimEngagingWithSupport) {
    prompts.push({ requirement: 'IO-13', message: 'The victim is engaging with support services: the officer in charge keeps them updated, particularly if the case is NFA.' });
  }

  const requirements = [...new Set([...referrals.map((r) => r.requirement), ...prompts.map((x) => x.requirement), 'IO-14', 'IO-11'])];
  return {
    referrals,
    prompts,
    requirements,
    explanation: `Consider: ${referrals.map((r) => r.referral.replaceAll('_', ' ')).join(', ')}.${prompts.length ? ` Also: ${prompts.map((x) => x.message).join(' ')}` : ''}`,
  };
}

export const referralsDecision = defineDecision<ReferralsInput, ReferralsOutput>({
  name: 'referrals',
  summary: 'Which referrals and disclosure schemes to consider: MAPPA, PDP, MARAC, specialist stalking support, crime prevention, Clare’s Law, Sarah’s Law, common law disclosure.',
  requirements: ['IO-14', 'IO-11', 'SC-05', 'AO-04', 'TS-05', 'FL-01', 'IO-13', 'SV-03'],
  input: referralsInput,
  output: referralsOutput,
  decide: considerReferrals,
});
