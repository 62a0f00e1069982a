/**
 * Suspect management (IO-06, IO-08, IO-10, TS-04, IO-09).
 *
 * Policy, investigating officers:
 * - "Not using no action or informal action (e.g. words of advice) in stalking cases, even at
 *   the victim's request. ... Arrest must be the preferred suspect management option, also
 *   considering police bail as a means to further safeguard the victim, and otherwise voluntary
 *   attendance interview where there is insufficient necessity for arrest" (IO-06).
 * - "If bailing the suspect, consulting the victim before making the decision" (IO-08). This
 *   applies to every suspect, stalking or harassment.
 * - "Where there is insufficient evidence to charge a suspect, considering releasing them under
 *   S37 (2) ... Where the decision of the evidential review officer is to refer the case to CPS
 *   for a charging decision (Stalking 2A, Stalking 4A cases and domestic Stalking Cases),
 *   considering releasing the suspect under S37(7)" (IO-10).
 *
 * Choices:
 * - A voluntary attendance interview for stalking when `arrestNecessary` is true is refused
 *   (IO-06: VA is for "insufficient necessity for arrest"); when arrestNecessary is not given,
 *   the output prompts for the reason arrest is not necessary.
 * - s37(7) bail is for release pending a CPS charging decision: refused when referredToCps is
 *   not true. s37(2) when the case has gone to the CPS prompts s37(7) instead.
 * - Bail needs `at` (when bail is given) so its expiry and extension points can be tracked.
 */
import { z } from 'zod';
import { bailDeadlines, deadlineSchema, type Deadline } from './deadlines.js';
import { parametersField, parametersOrDefault } from './parameters.js';
import { defineDecision } from './registry.js';
import {
  citedRequirements,
  dateOrDateTime,
  isStalking,
  offences,
  oneOf,
  promptSchema,
  requirementId,
  violationSchema,
  yesNo,
  type Prompt,
  type Violation,
} from './vocabulary.js';

export const suspectActions = [
  'arrest',
  'voluntary_attendance',
  'words_of_advice',
  'harassment_warning',
  'written_warning',
  'mediation',
  'community_resolution',
  'no_action',
  'bail_s37_2',
  'bail_s37_7',
  'released_under_investigation',
  'charge',
] as const;
export type SuspectAction = (typeof suspectActions)[number];

/**
 * No action or informal action: refused for stalking (IO-06, TS-04). A community resolution, an
 * informal out-of-court disposal, is refused for stalking too unless the force sets
 * stalkingCommunityResolutionAllowed (IO-06).
 */
export const informalSuspectActions: readonly SuspectAction[] = ['words_of_advice', 'harassment_warning', 'written_warning', 'mediation', 'no_action'];
const bailActions: readonly SuspectAction[] = ['bail_s37_2', 'bail_s37_7'];

export const suspectManagementInput = z
  .strictObject({
    offence: oneOf(offences),
    action: oneOf(suspectActions).describe('The proposed suspect management action.'),
    victimRequestedInformalAction: yesNo().optional(),
    arrestNecessary: yesNo().optional().describe('Whether the necessity test for arrest is met.'),
    victimConsultedOnBail: yesNo().optional().describe('IO-08: the victim was consulted before the bail decision.'),
    referredToCps: yesNo().optional().describe('The evidential review officer referred the case to the CPS for a charging decision.'),
    at: dateOrDateTime().optional().describe('When bail is given: needed for bail actions.'),
    parameters: parametersField,
  })
  .superRefine((v, ctx) => {
    if (typeof v.action === 'string' && bailActions.includes(v.action) && v.at === undefined) {
      ctx.addIssue({ code: 'custom', path: ['at'], message: 'Give the date bail is given, so pre-charge bail can be tracked (IO-10)' });
    }
  });
export type SuspectManagementInput = z.infer<typeof suspectManagementInput>;

export const suspectManagementOutput = z.object({
  allowed: z.boolean(),
  violations: z.array(violationSchema),
  prompts: z.array(promptSchema),
  deadlines: z.array(deadlineSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type SuspectManagementOutput = z.infer<typeof suspectManagementOutput>;

export function checkSuspectManagement(input: SuspectManagementInput): SuspectManagementOutput {
  const p = parametersOrDefault(input.parameters);
  const stalking = isStalking(input.offence);
  const action = input.action.replaceAll('_', ' ');
  const violations: Violation[] = [];
  const prompts: Prompt[] = [];
  let deadlines: Deadline[] = [];

  if (stalking && informalSuspectActions.includes(input.action)) {
    const request = input.victimRequestedInformalAction ? ' The victim asked for it, but the policy applies "even at the victim\'s request".' : '';
    violations.push({
      requirement: 'IO-06',
      message: `No action or informal action (${action}) is not used in stalking cases, "even at the victim's request. These options will rarely change the suspect's behaviour and are more likely to reinforce it."${request}`,
    });
    if (input.action !== 'no_action') {
      violations.push({ requirement: 'TS-04', message: 'Words of advice, written warnings and mediation are not suitable actions or outcomes in stalking cases.' });
    }
  }

  if (stalking && input.action === 'community_resolution') {
    if (!p.stalkingCommunityResolutionAllowed) {
      const request = input.victimRequestedInformalAction ? ' The victim asked for it, but the policy applies "even at the victim\'s request".' : '';
      violations.push({
        requirement: 'IO-06',
        message: `"Not using no action or informal action (e.g. words of advice) in stalking cases, even at the victim's request. These options will rarely change the suspect's behaviour and are more likely to reinforce it." A community resolution is an informal out-of-court disposal: it is not used in stalking cases unless the force has set otherwise.${request}`,
      });
    } else {
      prompts.push({
        requirement: 'IO-06',
        message: 'A community resolution is an informal out-of-court disposal, which the policy refuses in stalking cases ("Not using no action or informal action"); this force allows it (stalkingCommunityResolutionAllowed). Arrest remains the preferred suspect management option.',
      });
    }
  }

  if (stalking && input.action === 'voluntary_attendance') {
    if (input.arrestNecessary === true) {
      violations.push({
        requirement: 'IO-06',
        message: '"Arrest must be the preferred suspect management option ... and otherwise voluntary attendance interview where there is insufficient necessity for arrest": arrest is necessary here.',
      });
    } else if (input.arrestNecessary === undefined) {
      prompts.push({ requirement: 'IO-06', message: 'Record why there is insufficient necessity for arrest: arrest is the preferred option in stalking cases.' });
    }
  }

  if (stalking && input.action === 'arrest') {
    prompts.push({ requirement: 'IO-06', message: 'Consider police bail as a means to further safeguard the victim.' });
  }

  if (bailActions.includes(input.action)) {
    if (input.victimConsultedOnBail !== true) {
      violations.push({
        requirement: 'IO-08',
        message: '"If bailing the suspect, consulting the victim before making the decision so that they have the opportunity to provide information that might assist the custody officer or the courts in the imposition of bail conditions."',
      });
    }
    if (input.action === 'bail_s37_7' && input.referredToCps !== true) {
      violations.push({ requirement: 'IO-10', message: 'Bail under s37(7) is for release pending a CPS charging decision; the case has not been referred to the CPS. Use s37(2) while further evidence is sought.' });
    }
    if (input.action === 'bail_s37_2' && input.referredToCps === true && stalking) {
      prompts.push({ requirement: 'IO-10', message: 'The case is referred to the CPS for a charging decision: consider release under s37(7) of PACE with bail conditions.' });
    }
    if (input.at !== undefined) deadlines = bailDeadlines(input.at, p);
  }

  if (input.action === 'released_under_investigation') {
    prompts.push({
      requirement: 'IO-10',
      message: input.referredToCps
        ? 'The case is referred to the CPS: consider release under s37(7) with bail conditions rather than release under investigation.'
        : 'Where there is insufficient evidence to charge, consider release under s37(2) with bail conditions to safeguard the victim rather than release under investigation.',
    });
  }

  if (input.action === 'charge') {
    prompts.push({ requirement: 'IO-09', message: 'Ensure the charges reflect the seriousness and persistence of the behaviour, provable intent, and the severity of the injury and harm suffered.' });
  }

  const allowed = violations.length === 0;
  return {
    allowed,
    violations,
    prompts,
    deadlines,
    requirements: citedRequirements(['IO-06', 'IO-08', 'IO-10'], violations, prompts, deadlines),
    explanation: allowed
      ? `${action[0]?.toUpperCase() ?? ''}${action.slice(1)} is allowed for this ${stalking ? 'stalking' : 'harassment'} case (${input.offence}).${deadlines.length ? ` Pre-charge bail ends ${deadlines[0]?.due} unless extended.` : ''}`
      : `${action[0]?.toUpperCase() ?? ''}${action.slice(1)} is not allowed: ${violations.map((v) => `${v.requirement} ${v.message}`).join(' ')}`,
  };
}

export const suspectManagementDecision = defineDecision<SuspectManagementInput, SuspectManagementOutput>({
  name: 'suspectManagement',
  summary: 'Is a proposed suspect management action allowed: no informal action in stalking, arrest preferred, victim consulted before bail, s37(2) or s37(7), bail tracked.',
  requirements: ['IO-06', 'IO-08', 'IO-10', 'TS-04', 'IO-09'],
  input: suspectManagementInput,
  output: suspectManagementOutput,
  decide: checkSuspectManagement,
});
