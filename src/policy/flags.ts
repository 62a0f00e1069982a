/**
 * Flag review (FL-02, FL-03).
 *
 * Policy: "Flags will be reviewed within 1 month prior to their expiry. If no further stalking
 * incidents have been recorded on local and national systems, the flag will be removed. If
 * further stalking incidents have occurred, the flag will be extended for the appropriate
 * duration as per the table above." The table of durations is not in the source (FL-03
 * ASSUMPTION): duration and extension are parameters, default 12 months each.
 *
 * Choices:
 * - `expiry` may be omitted: it is then `flagStart` plus flagDurationMonths.
 * - Further incidents are a count, or a list of dates; dates before the flag was set, or after
 *   `asOf`, are not counted.
 * - A review after expiry (overdue) still gives remove/extend, and says it is overdue; an
 *   extension runs from the old expiry, so the flag has no gap.
 */
import { z } from 'zod';
import { addMonths, compareDates, isValidDateInput, normaliseDate } from './calendar.js';
import { parametersField, parametersOrDefault } from './parameters.js';
import { defineDecision } from './registry.js';
import { count, dateOrDateTime, requirementId } from './vocabulary.js';

export const flagReviewInput = z
  .strictObject({
    flagStart: dateOrDateTime().describe('When the flag was set.'),
    expiry: dateOrDateTime().optional().describe('When the flag expires; default flagStart plus the force’s flag duration.'),
    asOf: dateOrDateTime().describe('The review date (today, passed in).'),
    furtherStalkingIncidents: z
      .union([count(), z.array(dateOrDateTime(), { error: 'Give a count or a list of dates' })], {
        error: 'Give a count or a list of dates',
      })
      .describe('Further stalking incidents recorded on local and national systems since the flag was set: a count or a list of dates.'),
    parameters: parametersField,
  })
  .superRefine((v, ctx) => {
    // Refinements run even when a field has failed, so only compare dates that parsed.
    if (!isValidDateInput(v.flagStart) || !isValidDateInput(v.asOf)) return;
    if (v.expiry !== undefined && isValidDateInput(v.expiry) && compareDates(v.expiry, v.flagStart) <= 0) {
      ctx.addIssue({ code: 'custom', path: ['expiry'], message: 'Must be after flagStart' });
    }
    if (compareDates(v.asOf, v.flagStart) < 0) {
      ctx.addIssue({ code: 'custom', path: ['asOf'], message: 'Cannot be before flagStart' });
    }
  });
export type FlagReviewInput = z.infer<typeof flagReviewInput>;

export const flagReviewOutput = z.object({
  recommendation: z.enum(['remove', 'extend', 'not_yet_due']),
  expiry: z.string(),
  reviewWindowOpens: z.string(),
  newExpiry: z.string().optional(),
  overdue: z.boolean(),
  furtherIncidentsCounted: z.number().int(),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type FlagReviewOutput = z.infer<typeof flagReviewOutput>;

export function reviewFlag(input: FlagReviewInput): FlagReviewOutput {
  const p = parametersOrDefault(input.parameters);
  const expiry = input.expiry !== undefined ? normaliseDate(input.expiry) : addMonths(input.flagStart, p.flagDurationMonths);
  const reviewWindowOpens = addMonths(expiry, -p.flagReviewWindowMonths);
  const further = input.furtherStalkingIncidents;
  const furtherIncidentsCounted =
    typeof further === 'number' ? further : further.filter((d) => compareDates(d, input.flagStart) >= 0 && compareDates(d, input.asOf) <= 0).length;
  const requirements = input.expiry === undefined ? ['FL-02', 'FL-03'] : ['FL-02'];

  if (compareDates(input.asOf, reviewWindowOpens) < 0) {
    return {
      recommendation: 'not_yet_due',
      expiry,
      reviewWindowOpens,
      overdue: false,
      furtherIncidentsCounted,
      requirements,
      explanation: `Not yet due: "Flags will be reviewed within 1 month prior to their expiry". The review window opens ${reviewWindowOpens}; the flag expires ${expiry}.`,
    };
  }

  const overdue = compareDates(input.asOf, expiry) > 0;
  const overdueNote = overdue ? ` The review is overdue: the flag expired ${expiry}.` : '';
  if (furtherIncidentsCounted === 0) {
    return {
      recommendation: 'remove',
      expiry,
      reviewWindowOpens,
      overdue,
      furtherIncidentsCounted,
      requirements,
      explanation: `Remove the flag: "If no further stalking incidents have been recorded on local and national systems, the flag will be removed." Check national systems as well as local ones before removing it.${overdueNote}`,
    };
  }
  const newExpiry = addMonths(expiry, p.flagExtensionMonths);
  return {
    recommendation: 'extend',
    expiry,
    reviewWindowOpens,
    newExpiry,
    overdue,
    furtherIncidentsCounted,
    requirements: [...new Set([...requirements, 'FL-03'])],
    explanation: `Extend the flag to ${newExpiry}: ${furtherIncidentsCounted} further stalking incident${furtherIncidentsCounted === 1 ? ' has' : 's have'} occurred, and "the flag will be extended for the appropriate duration" (${p.flagExtensionMonths} months, force-configured).${overdueNote}`,
  };
}

export const flagReviewDecision = defineDecision<FlagReviewInput, FlagReviewOutput>({
  name: 'flagReview',
  summary: 'At a flag review: remove the flag, extend it, or not yet due (reviewed in the month before expiry).',
  requirements: ['FL-02', 'FL-03'],
  input: flagReviewInput,
  output: flagReviewOutput,
  decide: reviewFlag,
});
