/**
 * Finalisation of a stalking or harassment crime (AL-06, AL-07, AL-08, TS-03, TS-04, IO-06).
 *
 * Policy, "Finalisation":
 * - "No stalking crime will be finalised as No Further Action (NFA) without further
 *   investigation, or a thorough rationale as to why no further investigation will take place."
 * - "All crime supervisors must be aware that words of advice are not a suitable outcome for
 *   any stalking crime."
 * - "Any stalking crime not investigated within specialist crime units (i.e. DAT, Adult
 *   Safeguarding or CID) must be finalised by a detective sergeant."
 * Triaging supervisor: "Ensuring that stalking crimes are not filed until a proportionate
 * investigation has been completed. Words of advice, written warnings and mediation are not
 * suitable actions or outcomes in stalking cases".
 *
 * Interpretation:
 * - Stalking is s2A or s4A. For harassment (s2, s4) the stalking-only guards do not apply and
 *   the finalisation is allowed; the output says so.
 * - `unit` is one of the four units a stalking crime can be allocated to (patrol and NPT never
 *   investigate stalking, AL-05); a harassment crime held by patrol is finalised outside this
 *   decision's stalking guards anyway, so the input keeps to the four.
 * - No-further-action outcomes are every Home Office outcome that closes the crime without a
 *   charge, caution or community resolution: 14, 15, 16, 18, 20 and 21 here. Each is a filing
 *   (TS-03: "not filed until a proportionate investigation has been completed") AND a no further
 *   action (AL-06: "a thorough rationale as to why no further investigation will take place"),
 *   so for stalking each needs BOTH the proportionate investigation complete and a thorough
 *   rationale. The rationale says why what was done is enough; it does not replace doing it.
 * - A thorough rationale (AL-06) is measured by its substance: the letters and digits left once
 *   spaces, punctuation and stock phrases ("no evidence", "NFA", "no further action", "victim
 *   does not support", "see above" ...) are set aside, at least parameter
 *   thoroughRationaleMinChars (default 80, about two plain sentences saying what was done and
 *   why nothing more would help). "No evidence", "NFA" or an empty box are never thorough. The
 *   same measure is written in SQL for the compliance report (rationaleSubstanceSql), so the
 *   report never counts as met a rationale this decision refuses.
 * - The outcome must agree with the case's facts (passed in, never read here):
 *   - a charge recorded against the suspect: only "charged" finalises the crime (a charge is
 *     Home Office outcome 1 whatever follows);
 *   - outcomes 14 and 18 say no suspect was identified: refused once a suspect is named on the
 *     case, or has been arrested or interviewed;
 *   - outcomes 15 and 16, a caution and a community resolution need an identified suspect;
 *   - outcome 15 says the victim supports action and 16 that they do not: refused when the
 *     victim's recorded position says otherwise.
 *   A no-further-action outcome at odds with the facts cites AL-06 (the rationale cannot be
 *   thorough if it contradicts the record); any other cites TS-03.
 * - Words of advice, written warnings and mediation are refused for stalking under AL-07, TS-04
 *   and IO-06 alike (the policy's principles treat the three together).
 * - A community resolution is an informal out-of-court disposal: IO-06 "Not using no action or
 *   informal action (e.g. words of advice) in stalking cases, even at the victim's request"
 *   refuses it for stalking, unless the force sets stalkingCommunityResolutionAllowed (default
 *   false). A caution is a formal disposal and is not refused here.
 * - "Filed" (TS-03): any finalisation other than a charge. A caution or community resolution
 *   for stalking needs the proportionate investigation complete. A charge does not: the
 *   evidence has met the charging threshold and the case goes on.
 * - AL-08: "must be finalised by a detective sergeant": by default a DS only. A force may
 *   widen it by parameter al08FinalisingRanks (e.g. to add a detective inspector).
 */
import { z } from 'zod';
import { parametersField, parametersOrDefault } from './parameters.js';
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
  specialistUnits,
  unitNames,
  units,
  violationSchema,
  yesNo,
  type Prompt,
  type Violation,
} from './vocabulary.js';

export const outcomes = [
  'charged',
  'caution',
  'community_resolution',
  'nfa',
  'evidential_difficulties',
  'victim_does_not_support',
  'not_in_public_interest',
  'no_suspect_victim_does_not_support',
  'other_body_or_agency',
  'words_of_advice',
  'written_warning',
  'mediation',
] as const;
export type Outcome = (typeof outcomes)[number];

/** "Words of advice, written warnings and mediation are not suitable actions or outcomes in stalking cases." */
export const informalOutcomes: readonly Outcome[] = ['words_of_advice', 'written_warning', 'mediation'];

/** Outcomes that close the crime without a charge, caution or community resolution (Home Office 14, 15, 16, 18, 20, 21). */
export const noFurtherActionOutcomes: readonly Outcome[] = ['nfa', 'evidential_difficulties', 'victim_does_not_support', 'not_in_public_interest', 'no_suspect_victim_does_not_support', 'other_body_or_agency'];

/** Outcomes that say no suspect was identified (Home Office 14 and 18). */
export const noSuspectOutcomes: readonly Outcome[] = ['nfa', 'no_suspect_victim_does_not_support'];

/** Suspect actions that mean a suspect was identified: arrested (and bailed or released under investigation) or interviewed. */
export const suspectArrestOrInterviewActions = ['arrest', 'voluntary_attendance', 'bail_s37_2', 'bail_s37_7', 'released_under_investigation'] as const;

/** Outcomes that need an identified suspect (Home Office 15, 16, a caution, a community resolution). */
export const namedSuspectOutcomes: readonly Outcome[] = ['evidential_difficulties', 'victim_does_not_support', 'caution', 'community_resolution'];

export const outcomeNames: Readonly<Record<Outcome, string>> = {
  charged: 'charged or summonsed',
  caution: 'caution',
  community_resolution: 'community resolution',
  nfa: 'no further action: investigation complete, no suspect identified',
  evidential_difficulties: 'evidential difficulties: suspect identified, the victim supports action',
  victim_does_not_support: 'evidential difficulties: suspect identified, the victim does not support action',
  not_in_public_interest: 'not in the public interest',
  no_suspect_victim_does_not_support: 'no suspect identified and the victim does not support action',
  other_body_or_agency: 'further action by another body or agency',
  words_of_advice: 'words of advice',
  written_warning: 'written warning',
  mediation: 'mediation',
};

export const finalisationInput = z.strictObject({
  offence: oneOf(offences),
  unit: oneOf(units).describe('The unit that investigated the crime.'),
  outcome: oneOf(outcomes),
  rationale: freeText().describe('The finaliser’s rationale.'),
  proportionateInvestigationComplete: yesNo(),
  finalisedByRank: oneOf(ranks),
  suspectNamed: yesNo().describe('A suspect is recorded on the case (a person linked as suspect).'),
  suspectArrestedOrInterviewed: yesNo().describe('A suspect has been arrested or interviewed (voluntary attendance).'),
  suspectCharged: yesNo().describe('A charge is recorded against the suspect.'),
  victimSupportsAction: yesNo().nullable().describe('The victim’s recorded position on police action: true, false, or null when not recorded.'),
  parameters: parametersField,
});
export type FinalisationInput = z.infer<typeof finalisationInput>;

export const finalisationOutput = z.object({
  allowed: z.boolean(),
  violations: z.array(violationSchema),
  prompts: z.array(promptSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type FinalisationOutput = z.infer<typeof finalisationOutput>;

const STALKING_GUARDS = ['AL-06', 'AL-07', 'AL-08', 'TS-03', 'TS-04', 'IO-06'];

/**
 * Stock phrases set aside when measuring a rationale (AL-06): on their own they say nothing
 * about what was done or why no more will be. Lower case; matched as whole words.
 */
export const stockRationalePhrases: readonly string[] = [
  'no further lines of enquiry',
  'no further lines of inquiry',
  'no lines of enquiry',
  'no lines of inquiry',
  'no further action',
  'no further investigation',
  'no evidence',
  'insufficient evidence',
  'evidential difficulties',
  'victim does not support',
  'victim not supporting',
  'not in the public interest',
  'no suspect identified',
  'no suspect',
  'no witnesses',
  'no cctv',
  'see above',
  'as above',
  'see log',
  'see oel',
  'nfa',
  'n a',
  'none',
  'filed',
];

/** Characters read as spaces when measuring a rationale: white space and punctuation. */
export const rationaleSeparators: readonly string[] = ['\r', '\n', '\t', '.', ',', ';', ':', '!', '?', '(', ')', '"', "'", '/', '-', '–', '—', '’', '“', '”', '*', '&'];

/**
 * The substance of a rationale (AL-06): lower-cased, separators read as spaces, stock phrases
 * removed as whole words, then only the characters that are not spaces. Written as plain
 * replacements (no regular expressions) so the compliance report's SQL does exactly the same.
 */
export function rationaleSubstance(text: string): string {
  let s = text.toLowerCase();
  for (const sep of rationaleSeparators) s = s.replaceAll(sep, ' ');
  // Every space doubled, so back-to-back stock phrases each keep a space either side.
  s = ` ${s.replaceAll(' ', '  ')} `;
  for (const phrase of stockRationalePhrases) s = s.replaceAll(` ${phrase.replaceAll(' ', '  ')} `, ' ');
  return s.replaceAll(' ', '');
}

/** AL-06: is this a thorough rationale, and how much substance does it have? */
export function rationaleThoroughness(text: string, minChars: number): { thorough: boolean; substance: number } {
  const substance = rationaleSubstance(text).length;
  return { thorough: substance >= minChars, substance };
}

export function checkFinalisation(input: FinalisationInput): FinalisationOutput {
  const p = parametersOrDefault(input.parameters);
  const outcome = outcomeNames[input.outcome];

  if (!isStalking(input.offence)) {
    return {
      allowed: true,
      violations: [],
      prompts: [],
      requirements: STALKING_GUARDS,
      explanation: `This is harassment (${input.offence}), not stalking: the stalking finalisation rules (no words of advice, written warnings or mediation; no NFA without further investigation or a thorough rationale; detective sergeant sign-off outside specialist units) do not apply. Finalised as ${outcome}.`,
    };
  }

  const violations: Violation[] = [];
  const prompts: Prompt[] = [];
  const nfa = noFurtherActionOutcomes.includes(input.outcome);
  const { thorough, substance } = rationaleThoroughness(input.rationale, p.thoroughRationaleMinChars);

  if (informalOutcomes.includes(input.outcome)) {
    violations.push(
      { requirement: 'AL-07', message: `"Words of advice are not a suitable outcome for any stalking crime": ${outcome} cannot finalise an ${input.offence} stalking crime.` },
      { requirement: 'TS-04', message: '"Words of advice, written warnings and mediation are not suitable actions or outcomes in stalking cases."' },
      { requirement: 'IO-06', message: 'No informal action in stalking cases, "even at the victim’s request".' },
    );
  }

  if (input.outcome === 'community_resolution' && !p.stalkingCommunityResolutionAllowed) {
    violations.push({
      requirement: 'IO-06',
      message: `"Not using no action or informal action (e.g. words of advice) in stalking cases, even at the victim's request. These options will rarely change the suspect's behaviour and are more likely to reinforce it." A community resolution is an informal out-of-court disposal: it cannot finalise an ${input.offence} stalking crime unless the force has set otherwise.`,
    });
  }

  if (nfa) {
    if (!thorough) {
      violations.push({
        requirement: 'AL-06',
        message:
          substance === 0
            ? `"No stalking crime will be finalised as No Further Action (NFA) without ... a thorough rationale as to why no further investigation will take place." Write the rationale: what was done and why no further investigation will take place. Stock phrases such as "no evidence" or "NFA" on their own are not a rationale.`
            : `"No stalking crime will be finalised as No Further Action (NFA) without ... a thorough rationale as to why no further investigation will take place." The rationale is too brief: say what was done and why no further investigation will take place, in at least ${p.thoroughRationaleMinChars} letters besides stock phrases such as "no evidence" (${substance} given).`,
      });
    }
    if (!input.proportionateInvestigationComplete) {
      violations.push({
        requirement: 'TS-03',
        message: `"Stalking crimes are not filed until a proportionate investigation has been completed": complete it before finalising as ${outcome}.`,
      });
    }
    prompts.push({
      requirement: 'IO-13',
      message: 'If the victim is engaging with support services, update them, "particularly when a case is NFA".',
    });
  } else if (input.outcome !== 'charged' && !input.proportionateInvestigationComplete) {
    violations.push({
      requirement: 'TS-03',
      message: `"Stalking crimes are not filed until a proportionate investigation has been completed": complete it before finalising as ${outcome}.`,
    });
  }

  violations.push(...outcomeAgainstFacts(input, outcome, nfa));

  if (!specialistUnits.includes(input.unit) && !p.al08FinalisingRanks.includes(input.finalisedByRank)) {
    violations.push({
      requirement: 'AL-08',
      message: `"Any stalking crime not investigated within specialist crime units (i.e. DAT, Adult Safeguarding or CID) must be finalised by a detective sergeant": it was investigated by the ${unitNames[input.unit]} and the finaliser is ${input.finalisedByRank} (allowed: ${p.al08FinalisingRanks.join(', ')}).`,
    });
  }

  const allowed = violations.length === 0;
  return {
    allowed,
    violations,
    prompts,
    requirements: citedRequirements(['AL-06', 'AL-07', 'AL-08', 'TS-03', 'TS-04'], violations, prompts),
    explanation: allowed
      ? `This ${input.offence} stalking crime may be finalised as ${outcome}: ${finalisationReasons(input)}`
      : `This ${input.offence} stalking crime cannot be finalised as ${outcome}: ${violations.map((v) => `${v.requirement} ${v.message}`).join(' ')}`,
  };
}

/** The outcome must agree with what the case records about the suspect and the victim. */
function outcomeAgainstFacts(input: FinalisationInput, outcome: string, nfa: boolean): Violation[] {
  if (informalOutcomes.includes(input.outcome)) return [];
  const requirement = nfa ? 'AL-06' : 'TS-03';
  const out: Violation[] = [];
  const identified = input.suspectNamed || input.suspectArrestedOrInterviewed || input.suspectCharged;
  if (input.suspectCharged && input.outcome !== 'charged') {
    out.push({ requirement, message: `The suspect has been charged, so the outcome is "charged or summonsed": the crime cannot be finalised as ${outcome}.` });
  } else if (noSuspectOutcomes.includes(input.outcome) && identified) {
    const fact = input.suspectArrestedOrInterviewed ? 'has been arrested or interviewed' : 'is named on the case';
    out.push({ requirement, message: `A suspect ${fact}, so the crime cannot be finalised as ${outcome}: choose the outcome that fits what is recorded.` });
  } else if (namedSuspectOutcomes.includes(input.outcome) && !identified) {
    out.push({ requirement, message: `No suspect is recorded on the case, so the crime cannot be finalised as ${outcome}: add the suspect, or choose the outcome that fits what is recorded.` });
  }
  if (input.outcome === 'evidential_difficulties' && input.victimSupportsAction === false) {
    out.push({ requirement, message: `The victim is recorded as not supporting police action, so the crime cannot be finalised as ${outcome}.` });
  }
  if ((input.outcome === 'victim_does_not_support' || input.outcome === 'no_suspect_victim_does_not_support') && input.victimSupportsAction === true) {
    out.push({ requirement, message: `The victim is recorded as supporting police action, so the crime cannot be finalised as ${outcome}: record the victim’s withdrawal or position first, or choose the outcome that fits.` });
  }
  return out;
}

function finalisationReasons(input: FinalisationInput): string {
  const parts: string[] = [];
  if (noFurtherActionOutcomes.includes(input.outcome)) {
    parts.push('the proportionate investigation is complete and a thorough rationale for no further investigation is recorded');
  } else if (input.outcome === 'community_resolution') {
    parts.push(
      'the proportionate investigation is complete; a community resolution is an informal out-of-court disposal, which the policy refuses in stalking cases ("Not using no action or informal action (e.g. words of advice) in stalking cases"), and this force allows it (parameter stalkingCommunityResolutionAllowed)',
    );
  } else if (input.outcome !== 'charged') {
    parts.push('the proportionate investigation is complete');
  } else {
    parts.push('the suspect is charged');
  }
  if (!specialistUnits.includes(input.unit)) {
    parts.push(
      input.finalisedByRank === 'DS'
        ? 'it was investigated outside the specialist units and is finalised by a detective sergeant, as "Any stalking crime not investigated within specialist crime units (i.e. DAT, Adult Safeguarding or CID) must be finalised by a detective sergeant"'
        : `it was investigated outside the specialist units and is finalised by a ${input.finalisedByRank}: the policy says "must be finalised by a detective sergeant", and this force has widened that to ${input.finalisedByRank} (parameter al08FinalisingRanks)`,
    );
  }
  return `${parts.join('; ')}.`;
}

export const finalisationDecision = defineDecision<FinalisationInput, FinalisationOutput>({
  name: 'finalisation',
  summary: 'May this crime be finalised with this outcome, by this rank? Guards the stalking finalisation rules.',
  requirements: ['AL-06', 'AL-07', 'AL-08', 'TS-03', 'TS-04', 'IO-06', 'IO-13'],
  input: finalisationInput,
  output: finalisationOutput,
  decide: checkFinalisation,
});
