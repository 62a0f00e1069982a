/**
 * Deadlines that follow from an event (ID-07, IO-04, IO-10, FL-02, SP-07, SP-08, SP-09, SP-11,
 * SP-12; XC-01 for the enhanced service; BR-01 to BR-03 when an order is applied for or breached).
 *
 * "Days" in the policy are calendar days. Victims' Code timescales are working days, which
 * exclude weekends and England and Wales bank holidays (calendar.ts), counted on the UK
 * (Europe/London) date. A date in gives dates out; a date-time in gives UTC date-times out,
 * keeping the time of day (for working days, the UK time of day).
 *
 * Choices where the policy leaves room (all parameters, see parameters.ts):
 * - SP-11 "as soon as practicable": due 1 calendar day after the subject moves out.
 * - IO-10 pre-charge bail runs from the date bail is given: 3 months, extendable to 6 months by
 *   an inspector and to 9 by a superintendent, then only by a magistrates' court.
 * - IO-04 stalking victims get the enhanced service (XC-01), so `enhancedService` defaults to
 *   true: 1 working day; the standard service is 5 working days.
 * - flag_set: the flag's expiry is flagDurationMonths after it is set (FL-03 ASSUMPTION), and
 *   its review falls due as for flag_expiry.
 */
import { z } from 'zod';
import {
  addCalendarDays,
  addHours,
  addMonths,
  addWorkingDays,
  englandAndWalesBankHolidays,
  bankHolidayCoverage,
  isDateTime,
  isValidDateInput,
  isWithinBankHolidayCoverage,
  normaliseDate,
  toLondonDate,
  type Holidays,
} from './calendar.js';
import { parametersField, parametersOrDefault, type PolicyParameters } from './parameters.js';
import { defineDecision } from './registry.js';
import { dateOrDateTime, oneOf, requirementId } from './vocabulary.js';

/** Events that tell the victim something under the Victims' Code (IO-04). */
export const victimInformationEvents = [
  'suspect_arrested',
  'suspect_interviewed',
  'suspect_charged',
  'suspect_bailed',
  'suspect_released',
  'suspect_released_under_investigation',
  'bail_conditions_changed',
  'restraining_order_made',
  'released_from_prison',
  'decision_not_to_investigate',
  'decision_not_to_proceed',
] as const;

export const deadlineEvents = [
  'report_received',
  'flag_set',
  'flag_expiry',
  'spo_granted',
  'spo_served',
  'spo_expiry',
  'subject_moved_in',
  'subject_moved_out',
  'spo_applied',
  'spo_breached',
  'intelligence_submitted',
  'case_review_recorded',
  ...victimInformationEvents,
] as const;
export type DeadlineEvent = (typeof deadlineEvents)[number];

export const deadlineSchema = z.object({
  requirement: requirementId,
  /** snake_case action, e.g. "inform_victim". */
  action: z.string(),
  due: z.string(),
  /** When the window to act opens, where the policy gives one (e.g. a flag review). */
  opens: z.string().optional(),
  explanation: z.string(),
});
export type Deadline = z.infer<typeof deadlineSchema>;

export const deadlinesInput = z.strictObject({
  event: oneOf(deadlineEvents),
  at: dateOrDateTime().describe('When the event happened: a date (YYYY-MM-DD) or an ISO date-time.'),
  enhancedService: z
    .boolean({ error: 'Answer true or false' })
    .optional()
    .describe('Victims’ Code enhanced service (default true: stalking victims get it, XC-01).'),
  bankHolidays: z
    .array(z.iso.date({ error: 'Each must be a date YYYY-MM-DD' }), { error: 'Give a list of dates' })
    .max(2000, { error: 'Too many dates' })
    .optional()
    .describe('Bank holidays to use instead of the England and Wales bank holidays (computed by rule, 1980 to 2200).'),
  parameters: parametersField,
})
  .superRefine((v, ctx) => {
    // Working days are counted with England and Wales bank holidays only in the years the rule answers.
    if ((victimInformationEvents as readonly string[]).includes(v.event) && !v.bankHolidays && isValidDateInput(v.at) && !isWithinBankHolidayCoverage(v.at)) {
      ctx.addIssue({
        code: 'custom',
        path: ['at'],
        message: `England and Wales bank holidays are known for ${bankHolidayCoverage.from} to ${bankHolidayCoverage.to} only, so working days cannot be counted from this date: give a date in those years, or the bank holidays to use (bankHolidays)`,
      });
    }
  });
export type DeadlinesInput = z.infer<typeof deadlinesInput>;

export const deadlinesOutput = z.object({
  deadlines: z.array(deadlineSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type DeadlinesOutput = z.infer<typeof deadlinesOutput>;

const victimEventWords: Readonly<Record<(typeof victimInformationEvents)[number], string>> = {
  suspect_arrested: 'the suspect was arrested',
  suspect_interviewed: 'the suspect was interviewed under caution',
  suspect_charged: 'the suspect was charged',
  suspect_bailed: 'the suspect was released on bail',
  suspect_released: 'the suspect was released without charge',
  suspect_released_under_investigation: 'the suspect was released under investigation',
  bail_conditions_changed: 'the suspect’s bail conditions changed',
  restraining_order_made: 'a restraining order was made',
  released_from_prison: 'the suspect was released from prison',
  decision_not_to_investigate: 'a decision was made not to investigate',
  decision_not_to_proceed: 'a decision was made not to proceed',
};

/** IO-04: tell the victim within the Victims' Code timescale. */
export function informVictimDeadline(at: string, what: string, enhanced: boolean, p: PolicyParameters, holidays: Holidays): Deadline {
  const days = enhanced ? p.victimUpdateEnhancedWorkingDays : p.victimUpdateStandardWorkingDays;
  const ukDate = isDateTime(at) ? ` Working days are counted on the UK (Europe/London) date, ${toLondonDate(at)}, and the deadline keeps the UK time of day.` : '';
  return {
    requirement: 'IO-04',
    action: 'inform_victim',
    due: addWorkingDays(at, days, holidays),
    explanation: `Promptly inform the victim that ${what}: within ${days} working day${days === 1 ? '' : 's'} under the Victims’ Code ${enhanced ? 'enhanced service, which stalking victims receive' : 'standard service'}, not counting weekends and England and Wales bank holidays.${ukDate}`,
  };
}

/** IO-10: pre-charge bail expiry and the points at which it must be extended (or the suspect charged or released). */
export function bailDeadlines(at: string, p: PolicyParameters): Deadline[] {
  const initial = addMonths(at, p.preChargeBailInitialMonths);
  const inspector = addMonths(at, p.preChargeBailInspectorMonths);
  const superintendent = addMonths(at, p.preChargeBailSuperintendentMonths);
  return [
    {
      requirement: 'IO-10',
      action: 'bail_expiry',
      due: initial,
      explanation: `Pre-charge bail ends ${p.preChargeBailInitialMonths} months after it was given, on ${initial}, unless extended: before then charge, release, or extend it. Tell the victim of any change (IO-04).`,
    },
    {
      requirement: 'IO-10',
      action: 'bail_extension_inspector',
      due: initial,
      explanation: `To keep the suspect on bail beyond ${initial}, an inspector must authorise an extension (to ${p.preChargeBailInspectorMonths} months, ${inspector}) before then.`,
    },
    {
      requirement: 'IO-10',
      action: 'bail_extension_superintendent',
      due: inspector,
      explanation: `To keep the suspect on bail beyond ${inspector}, a superintendent must authorise an extension (to ${p.preChargeBailSuperintendentMonths} months, ${superintendent}) before then.`,
    },
    {
      requirement: 'IO-10',
      action: 'bail_extension_court',
      due: superintendent,
      explanation: `Bail beyond ${superintendent} (${p.preChargeBailSuperintendentMonths} months) needs a magistrates’ court; apply before then.`,
    },
  ];
}

/** FL-02: review within the month before expiry. */
export function flagReviewDeadline(flagExpiry: string, p: PolicyParameters): Deadline {
  const expiry = normaliseDate(flagExpiry);
  const opens = addMonths(expiry, -p.flagReviewWindowMonths);
  return {
    requirement: 'FL-02',
    action: 'flag_review',
    due: expiry,
    opens,
    explanation: `"Flags will be reviewed within 1 month prior to their expiry": review between ${opens} and ${expiry}. No further stalking incidents on local and national systems: remove the flag. Further incidents: extend it (by ${p.flagExtensionMonths} months, force-configured).`,
  };
}

export function computeDeadlines(input: DeadlinesInput): DeadlinesOutput {
  const p = parametersOrDefault(input.parameters);
  const holidays: Holidays = input.bankHolidays ?? englandAndWalesBankHolidays;
  const enhanced = input.enhancedService ?? true;
  const at = input.at;
  const deadlines: Deadline[] = [];

  switch (input.event) {
    case 'report_received':
      deadlines.push({
        requirement: 'ID-07',
        action: 'recording_decision',
        due: addHours(at, p.recordingDecisionHours),
        explanation: `Crimes are recorded in line with NCRS: the crime recording decision is made within ${p.recordingDecisionHours} hours of the report.`,
      });
      break;
    case 'flag_set': {
      const expiry = addMonths(at, p.flagDurationMonths);
      const review = flagReviewDeadline(expiry, p);
      deadlines.push({ ...review, explanation: `The flag expires ${p.flagDurationMonths} months after it is set (FL-03, force-configured), on ${expiry}. ${review.explanation}` });
      break;
    }
    case 'flag_expiry':
      deadlines.push(flagReviewDeadline(at, p));
      break;
    case 'spo_granted':
      deadlines.push({
        requirement: 'SP-08',
        action: 'initial_visit',
        due: addCalendarDays(at, p.spoInitialVisitDays),
        explanation: `"Completing an initial visit to the subject within seven days of the SPO being granted." Later visits follow the Subject Management Plan.`,
      });
      break;
    case 'spo_served':
      deadlines.push({
        requirement: 'SP-07',
        action: 'subject_notification',
        due: addCalendarDays(at, p.spoNotificationDays),
        explanation: `The subject must notify the police of their name(s) and home address, in person at a police station, within ${p.spoNotificationDays} days of the order being served (Stalking Protection Act 2019). Record it in the Subject Management Pack; failing to notify is an offence.`,
      });
      break;
    case 'spo_expiry':
      deadlines.push({
        requirement: 'SP-09',
        action: 'renewal_request',
        due: addMonths(at, -p.spoRenewalLeadMonths),
        explanation: `"A renewal must be submitted in writing to the SCU at the earliest opportunity and no later than three months before the SPO expires unless there is a valid operational reason", with evidence of new acts of stalking, the risk posed and the continued necessity for an order.`,
      });
      break;
    case 'subject_moved_in':
      deadlines.push(
        {
          requirement: 'SP-12',
          action: 'allocate_offender_manager',
          due: addCalendarDays(at, p.movedInAllocateOffenderManagerDays),
          explanation: '"Where a SPO subject moves into the WYP area, a DA Offender Manager must be allocated within seven days."',
        },
        {
          requirement: 'SP-12',
          action: 'initial_visit',
          due: addCalendarDays(at, p.movedInInitialVisitDays),
          explanation: '"An initial visit must be completed within 14 days and then subsequently managed as above."',
        },
      );
      break;
    case 'spo_applied':
      deadlines.push({
        requirement: 'BR-03',
        action: 'risk_reassessment',
        due: normaliseDate(at),
        explanation: '"An application for a SPO may also be a trigger for escalation by the stalker, therefore the risk must be understood": reassess the risk when the application is made.',
      });
      break;
    case 'spo_breached':
      deadlines.push(
        {
          requirement: 'BR-02',
          action: 'urgent_arrest',
          due: normaliseDate(at),
          explanation: '"Being proactive – making an urgent arrest must be the standard response", and investigate whether the breach is evidence of further stalking.',
        },
        {
          requirement: 'BR-03',
          action: 'risk_reassessment',
          due: normaliseDate(at),
          explanation: '"Urgent action must be taken when orders are breached": reassess the risk to the victim now.',
        },
        {
          requirement: 'BR-01',
          action: 'record_breach_crime',
          due: addHours(at, p.recordingDecisionHours),
          explanation: `Record a 'Breach of Stalking Order' crime "each time the suspect breaches the order", linked to the order, with any other offences disclosed (within ${p.recordingDecisionHours} hours, per NCRS).`,
        },
      );
      break;
    case 'subject_moved_out':
      deadlines.push({
        requirement: 'SP-11',
        action: 'notify_new_force',
        due: addCalendarDays(at, p.movedOutNotifyNewForceDays),
        explanation: `"The DA Offender Manager must notify the new Force as soon as practicable that the subject is now in their area" (taken as within ${p.movedOutNotifyNewForceDays} day${p.movedOutNotifyNewForceDays === 1 ? '' : 's'}, force-configured), providing the statement of service, the SPO Subject Management Plan and any information pertinent to risk management.`,
      });
      break;
    case 'intelligence_submitted':
      deadlines.push({
        requirement: 'FL-01',
        action: 'flag_hit_review',
        due: addHours(at, p.flagHitReviewHours),
        explanation: `Intelligence was submitted on a person with an active 'notify if' flag (AO-09): the flag's owner acts on it within ${p.flagHitReviewHours} hours (force-configured), tasking the Stalking Coordination Unit where the flag asks for it.`,
      });
      break;
    case 'case_review_recorded':
      deadlines.push({
        requirement: 'SC-03',
        action: 'case_review_action',
        due: addCalendarDays(at, p.caseReviewActionDays),
        explanation: `An action from the Stalking Coordination Unit's bespoke case review is completed by the officer in charge within ${p.caseReviewActionDays} days (force-configured) unless the reviewer sets another date.`,
      });
      break;
    default: {
      const event = input.event;
      deadlines.push(informVictimDeadline(at, victimEventWords[event], enhanced, p, holidays));
      if (event === 'suspect_bailed') deadlines.push(...bailDeadlines(at, p));
    }
  }

  const requirements = [...new Set(deadlines.map((d) => d.requirement))];
  if (input.event === 'flag_set') requirements.push('FL-03');
  if (deadlines.some((d) => d.action === 'inform_victim') && enhanced) requirements.push('XC-01');
  return {
    deadlines,
    requirements,
    explanation: `From ${input.event.replaceAll('_', ' ')} at ${at}: ${deadlines.map((d) => `${d.action.replaceAll('_', ' ')} by ${d.due}`).join('; ')}.`,
  };
}

export const deadlinesDecision = defineDecision<DeadlinesInput, DeadlinesOutput>({
  name: 'deadlines',
  summary: 'The deadlines an event starts: recording decision, victim updates, bail, flag reviews, SPO visits, renewals and cross-border moves.',
  requirements: ['ID-07', 'IO-04', 'IO-10', 'FL-01', 'FL-02', 'FL-03', 'SC-03', 'SP-07', 'SP-08', 'SP-09', 'SP-11', 'SP-12', 'XC-01', 'BR-01', 'BR-02', 'BR-03'],
  input: deadlinesInput,
  output: deadlinesOutput,
  decide: computeDeadlines,
});
