/**
 * When the victim withdraws (IO-12) or does not support a prosecution (AO-10).
 *
 * IO-12, policy: "Where a victim withdraws a complaint, documenting the victim's rationale
 * clearly, ensuring the victim is provided with contact details for specialist support,
 * obtaining a full statement giving the full reasons and, if possible, agreeing to contact the
 * victim in the near future to see if they have accessed support or if they have experienced
 * any further stalking incidents and wish to support a prosecution." "If possible": an agreed
 * re-contact date is required unless the reason it was not possible is recorded. "In the near
 * future": the agreed date falls after the withdrawal and at most parameter
 * withdrawalReContactMaxDays (default 28) calendar days after it; a date months or years away
 * is not the near future. The window runs from `withdrawnAt` (the app passes the time the
 * withdrawal is recorded when the officer gives none).
 *
 * AO-10, policy: "When a victim does not want or support prosecution: Sensitively exploring
 * and recording the victim's reasons ...; Offering a referral to a specialist stalking victim
 * support service or providing details for self-referral ...; Advising the victim that WYP
 * will continue to investigate the crime and will consider an evidence-led prosecution where
 * the evidential threshold is met. WYP will also consider civil orders and may re-contact the
 * victim in the future; Reminding the victim that WYP policy is not to give words of advice/
 * harassment warnings to stalking suspects". The four advisories are: continue to investigate
 * and consider an evidence-led prosecution; civil orders; may re-contact; no words of advice.
 */
import { z } from 'zod';
import { addCalendarDays, compareDates, toDateOnly } from './calendar.js';
import { parametersField, parametersOrDefault } from './parameters.js';
import { defineDecision } from './registry.js';
import { citedRequirements, dateOrDateTime, freeText, promptSchema, requirementId, violationSchema, yesNo, type Prompt, type Violation } from './vocabulary.js';

// ---------------------------------------------------------------------------------------------
// victimWithdrawal (IO-12)
// ---------------------------------------------------------------------------------------------

export const victimWithdrawalInput = z.strictObject({
  rationale: freeText().describe('The victim’s rationale for withdrawing, documented clearly.'),
  supportContactDetailsGiven: yesNo().describe('The victim was given contact details for specialist support.'),
  fullWithdrawalStatementObtained: yesNo().describe('A full statement giving the full reasons was obtained.'),
  withdrawnAt: dateOrDateTime().optional(),
  reContactDate: dateOrDateTime().optional().describe('The agreed date to contact the victim again.'),
  reContactNotPossibleReason: freeText().optional().describe('Why no re-contact could be agreed.'),
  parameters: parametersField,
});
export type VictimWithdrawalInput = z.infer<typeof victimWithdrawalInput>;

export const victimWithdrawalOutput = z.object({
  allowed: z.boolean(),
  violations: z.array(violationSchema),
  prompts: z.array(promptSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type VictimWithdrawalOutput = z.infer<typeof victimWithdrawalOutput>;

export function checkVictimWithdrawal(input: VictimWithdrawalInput): VictimWithdrawalOutput {
  const p = parametersOrDefault(input.parameters);
  const violations: Violation[] = [];
  if (input.rationale.trim().length === 0) violations.push({ requirement: 'IO-12', message: 'Document the victim’s rationale for withdrawing clearly.' });
  if (!input.supportContactDetailsGiven) violations.push({ requirement: 'IO-12', message: 'Ensure the victim is provided with contact details for specialist support.' });
  if (!input.fullWithdrawalStatementObtained) violations.push({ requirement: 'IO-12', message: 'Obtain a full statement giving the full reasons for withdrawal.' });
  const reason = input.reContactNotPossibleReason?.trim() ?? '';
  if (input.reContactDate === undefined && reason.length === 0) {
    violations.push({ requirement: 'IO-12', message: 'Agree a date to contact the victim in the near future, or record why that was not possible.' });
  }
  if (input.reContactDate !== undefined && input.withdrawnAt !== undefined && compareDates(input.reContactDate, input.withdrawnAt) <= 0) {
    violations.push({ requirement: 'IO-12', message: 'The agreed re-contact date must be after the withdrawal.' });
  }
  if (input.reContactDate !== undefined && input.withdrawnAt !== undefined) {
    const latest = toDateOnly(addCalendarDays(input.withdrawnAt, p.withdrawalReContactMaxDays));
    if (compareDates(toDateOnly(input.reContactDate), latest) > 0) {
      violations.push({
        requirement: 'IO-12',
        message: `"agreeing to contact the victim in the near future to see if they have accessed support or if they have experienced any further stalking incidents": ${toDateOnly(input.reContactDate)} is not the near future. Agree a date no later than ${latest} (${p.withdrawalReContactMaxDays} days after the withdrawal, force-configured).`,
      });
    }
  }
  const prompts: Prompt[] = [
    { requirement: 'IO-01', message: 'Consider whether an evidence-led prosecution is possible without the victim’s support.' },
    { requirement: 'IO-13', message: 'If the victim is engaging with support services, update them.' },
  ];
  const allowed = violations.length === 0;
  return {
    allowed,
    violations,
    prompts,
    requirements: citedRequirements(['IO-12'], violations, prompts),
    explanation: allowed
      ? `The withdrawal is recorded as the policy requires: rationale documented, specialist support contact details given, full statement obtained, and ${input.reContactDate ? `re-contact agreed for ${input.reContactDate}${input.withdrawnAt !== undefined ? `, in the near future (within ${p.withdrawalReContactMaxDays} days of the withdrawal)` : ''}` : 'the reason no re-contact could be agreed recorded'}.`
      : `The withdrawal cannot be recorded yet: ${violations.map((v) => v.message).join(' ')}`,
  };
}

export const victimWithdrawalDecision = defineDecision<VictimWithdrawalInput, VictimWithdrawalOutput>({
  name: 'victimWithdrawal',
  summary: 'May a victim’s withdrawal be recorded: rationale, specialist support details, full statement, agreed re-contact.',
  requirements: ['IO-12', 'IO-01', 'IO-13'],
  input: victimWithdrawalInput,
  output: victimWithdrawalOutput,
  decide: checkVictimWithdrawal,
});

// ---------------------------------------------------------------------------------------------
// victimDoesNotSupport (AO-10)
// ---------------------------------------------------------------------------------------------

export const victimDoesNotSupportInput = z.strictObject({
  reasons: freeText().describe('The victim’s reasons for not supporting prosecution, explored sensitively and recorded.'),
  supportReferralOffered: yesNo().describe('A referral to a specialist stalking victim support service offered, or self-referral details given.'),
  advisedInvestigationContinues: yesNo().describe('Told the force will continue to investigate and consider an evidence-led prosecution.'),
  advisedCivilOrders: yesNo().describe('Told the force will also consider civil orders.'),
  advisedMayReContact: yesNo().describe('Told the force may re-contact them in future.'),
  remindedNoWordsOfAdvice: yesNo().describe('Reminded the policy is not to give words of advice or harassment warnings to stalking suspects.'),
});
export type VictimDoesNotSupportInput = z.infer<typeof victimDoesNotSupportInput>;

export const victimDoesNotSupportOutput = victimWithdrawalOutput;
export type VictimDoesNotSupportOutput = z.infer<typeof victimDoesNotSupportOutput>;

export function checkVictimDoesNotSupport(input: VictimDoesNotSupportInput): VictimDoesNotSupportOutput {
  const violations: Violation[] = [];
  const need: [boolean, string][] = [
    [input.reasons.trim().length > 0, 'Sensitively explore and record the victim’s reasons for not supporting prosecution.'],
    [input.supportReferralOffered, 'Offer a referral to a specialist stalking victim support service, or give details for self-referral.'],
    [input.advisedInvestigationContinues, 'Advise the victim that the force will continue to investigate and will consider an evidence-led prosecution where the evidential threshold is met.'],
    [input.advisedCivilOrders, 'Advise the victim that the force will also consider civil orders.'],
    [input.advisedMayReContact, 'Advise the victim that the force may re-contact them in the future.'],
    [input.remindedNoWordsOfAdvice, 'Remind the victim that policy is not to give words of advice or harassment warnings to stalking suspects, as they are known to be ineffective and often increase a suspect’s confidence to offend.'],
  ];
  for (const [done, message] of need) if (!done) violations.push({ requirement: 'AO-10', message });
  const prompts: Prompt[] = [
    { requirement: 'IO-01', message: 'Continue to identify reasonable lines of enquiry and secure evidence to support an evidence-led prosecution.' },
    { requirement: 'SP-01', message: 'Consider civil orders, such as a Stalking Protection Order.' },
  ];
  const allowed = violations.length === 0;
  return {
    allowed,
    violations,
    prompts,
    requirements: citedRequirements(['AO-10'], violations, prompts),
    explanation: allowed
      ? 'The victim’s decision not to support prosecution is recorded with their reasons, the support referral and all four advisories; the investigation continues.'
      : `Not yet complete: ${violations.map((v) => v.message).join(' ')}`,
  };
}

export const victimDoesNotSupportDecision = defineDecision<VictimDoesNotSupportInput, VictimDoesNotSupportOutput>({
  name: 'victimDoesNotSupport',
  summary: 'When the victim does not support prosecution: reasons recorded, support referral offered, and the four advisories given.',
  requirements: ['AO-10', 'IO-01', 'SP-01'],
  input: victimDoesNotSupportInput,
  output: victimDoesNotSupportOutput,
  decide: checkVictimDoesNotSupport,
});
