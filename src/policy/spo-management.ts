/**
 * Managing a Stalking Protection Order: how often the offender-manager supervisor reviews the
 * subject management pack (SP-10), and whether an order may be discharged (SP-13).
 *
 * SP-10: "Offender-manager supervisors review the subject management pack periodically
 * (frequency by duration and risk)". The policy gives no numbers, so they are parameters:
 * monthly for a high-risk subject, quarterly otherwise; no review is scheduled on or after the
 * order's expiry (the renewal request, SP-09, covers the end of the order).
 *
 * SP-13, Stalking Protection Act 2019 s.7: an order may not be discharged within 2 years of
 * being made without the consent of the defendant and the chief officer.
 */
import { addMonths } from './calendar.js';
import { parametersOrDefault, type PolicyParameters } from './parameters.js';

export type SubjectRisk = 'high' | 'medium' | 'standard';

/** The next supervisor review date, or null when it would fall on or after the order's expiry. */
export function nextSpoReview(reviewedOn: string, risk: SubjectRisk, expiresOn: string | null, parameters?: PolicyParameters): { due: string | null; months: number; explanation: string } {
  const p = parametersOrDefault(parameters);
  const months = risk === 'high' ? p.spoReviewHighRiskMonths : p.spoReviewStandardMonths;
  const due = addMonths(reviewedOn, months);
  if (expiresOn && due >= expiresOn) return { due: null, months, explanation: `The next review (${due}) would fall after the order expires on ${expiresOn}: the renewal request covers the end of the order.` };
  return { due, months, explanation: `${risk === 'high' ? 'High-risk subject: reviewed every' : 'Reviewed every'} ${months} month${months === 1 ? '' : 's'} (SP-10, force-configured): next review by ${due}.` };
}

export const dischargeStatute = 'Stalking Protection Act 2019, s.7: an order may not be discharged before the end of 2 years beginning with the day on which it was made without the consent of the defendant and the chief officer of police';

/** Whether an order made on grantedOn may be discharged on decidedOn. */
export function mayDischarge(input: { grantedOn: string; decidedOn: string; defendantConsents: boolean; chiefOfficerConsents: boolean }, parameters?: PolicyParameters): { allowed: boolean; explanation: string } {
  const p = parametersOrDefault(parameters);
  const twoYears = addMonths(input.grantedOn, p.spoDischargeConsentMonths);
  if (input.decidedOn >= twoYears) return { allowed: true, explanation: `The order was made on ${input.grantedOn}, more than 2 years ago: it may be discharged.` };
  if (input.defendantConsents && input.chiefOfficerConsents) return { allowed: true, explanation: `Within 2 years of the order (made ${input.grantedOn}), with the consent of the defendant and the chief officer.` };
  return { allowed: false, explanation: `${dischargeStatute}. The order was made on ${input.grantedOn}; 2 years run to ${twoYears}, and the consent of ${[!input.defendantConsents && 'the defendant', !input.chiefOfficerConsents && 'the chief officer'].filter(Boolean).join(' and ')} is not recorded.` };
}
