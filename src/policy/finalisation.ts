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
 * - NFA-type outcomes are nfa, evidential_difficulties, victim_does_not_support and
 *   not_in_public_interest: each closes the crime with no further action against the suspect.
 *   For stalking each needs the proportionate investigation complete OR a thorough rationale
 *   (parameter thoroughRationaleMinChars, default 50 characters) for why no further
 *   investigation will take place. A thorough rationale is the record that what was done is
 *   proportionate, so it satisfies TS-03 too for these outcomes.
 * - Words of advice, written warnings and mediation are refused for stalking under AL-07, TS-04
 *   and IO-06 alike (the policy's principles treat the three together).
 * - "Filed" (TS-03): any finalisation other than a charge. A caution or community resolution
 *   for stalking needs the proportionate investigation complete. A charge does not: the
 *   evidence has met the charging threshold and the case goes on.
 * - AL-08: finalised by a DS, or by another rank in parameter al08FinalisingRanks (default DS
 *   and DI: a detective inspector is a more senior detective supervisor).
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
  'words_of_advice',
  'written_warning',
  'mediation',
] as const;
export type Outcome = (typeof outcomes)[number];

/** "Words of advice, written warnings and mediation are not suitable actions or outcomes in stalking cases." */
export const informalOutcomes: readonly Outcome[] = ['words_of_advice', 'written_warning', 'mediation'];

/** Outcomes that finalise the crime with no further action against the suspect. */
export const noFurtherActionOutcomes: readonly Outcome[] = ['nfa', 'evidential_difficulties', 'victim_does_not_support', 'not_in_public_interest'];

export const outcomeNames: Readonly<Record<Outcome, string>> = {
  charged: 'charged or summonsed',
  caution: 'caution',
  community_resolution: 'community resolution',
  nfa: 'no further action',
  evidential_difficulties: 'evidential difficulties',
  victim_does_not_support: 'victim does not support action',
  not_in_public_interest: 'not in the public interest',
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
  const rationaleLength = input.rationale.trim().length;
  const thoroughRationale = rationaleLength >= p.thoroughRationaleMinChars;

  if (informalOutcomes.includes(input.outcome)) {
    violations.push(
      { requirement: 'AL-07', message: `"Words of advice are not a suitable outcome for any stalking crime": ${outcome} cannot finalise an ${input.offence} stalking crime.` },
      { requirement: 'TS-04', message: '"Words of advice, written warnings and mediation are not suitable actions or outcomes in stalking cases."' },
      { requirement: 'IO-06', message: 'No informal action in stalking cases, "even at the victim’s request".' },
    );
  }

  if (noFurtherActionOutcomes.includes(input.outcome)) {
    if (!input.proportionateInvestigationComplete && !thoroughRationale) {
      violations.push(
        {
          requirement: 'AL-06',
          message: `"No stalking crime will be finalised as No Further Action (NFA) without further investigation, or a thorough rationale as to why no further investigation will take place." Complete the investigation or record a thorough rationale (at least ${p.thoroughRationaleMinChars} characters; ${rationaleLength} given).`,
        },
        { requirement: 'TS-03', message: '"Stalking crimes are not filed until a proportionate investigation has been completed."' },
      );
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

function finalisationReasons(input: FinalisationInput): string {
  const parts: string[] = [];
  if (noFurtherActionOutcomes.includes(input.outcome)) {
    parts.push(input.proportionateInvestigationComplete ? 'the proportionate investigation is complete' : 'a thorough rationale for no further investigation is recorded');
  } else if (input.outcome !== 'charged') {
    parts.push('the proportionate investigation is complete');
  } else {
    parts.push('the suspect is charged');
  }
  if (!specialistUnits.includes(input.unit)) parts.push(`it was investigated outside the specialist units and is finalised by a ${input.finalisedByRank}`);
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
