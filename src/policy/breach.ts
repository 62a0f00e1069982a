/**
 * Breach of a Stalking Protection Order: maximum penalties for the charging file (BR-04).
 *
 * Policy: "A breach is punishable on summary conviction with imprisonment for a term not
 * exceeding 12 months, or a fine, or both, or on indictment with imprisonment for a term not
 * exceeding five years, or a fine, or both."
 *
 * Domain facts: on summary conviction the limit is the magistrates' general limit on the date
 * of conviction: 6 months before 2 May 2022; 12 months from then; 6 months from 30 March 2023;
 * 12 months from 18 November 2024. The policy's "12 months" is the current limit, so the rule
 * is dated data, not a constant. SPOs exist from 20 January 2020 (Stalking Protection Act
 * 2019), so an earlier conviction date is refused.
 */
import { z } from 'zod';
import { compareDates, isValidDateInput } from './calendar.js';
import { defineDecision } from './registry.js';
import { dateOrDateTime, requirementId } from './vocabulary.js';

export const SPO_IN_FORCE = '2020-01-20';

/** The magistrates' general limit on imprisonment for one either-way offence, by date of conviction (confirm; keep as data). */
export const magistratesGeneralLimit: readonly { readonly from: string; readonly months: number; readonly note: string }[] = [
  { from: '2020-01-20', months: 6, note: 'six months (Sentencing Act 2020 s224 as then in force)' },
  { from: '2022-05-02', months: 12, note: 'raised to 12 months from 2 May 2022' },
  { from: '2023-03-30', months: 6, note: 'returned to six months from 30 March 2023' },
  { from: '2024-11-18', months: 12, note: 'raised to 12 months from 18 November 2024' },
];

export const breachPenaltyInput = z
  .strictObject({
    convictionDate: dateOrDateTime().describe('The date of conviction (or expected conviction) for the breach.'),
  })
  .superRefine((v, ctx) => {
    if (isValidDateInput(v.convictionDate) && compareDates(v.convictionDate, SPO_IN_FORCE) < 0) {
      ctx.addIssue({ code: 'custom', path: ['convictionDate'], message: 'Stalking Protection Orders exist only from 20 January 2020' });
    }
  });
export type BreachPenaltyInput = z.infer<typeof breachPenaltyInput>;

export const breachPenaltyOutput = z.object({
  summary: z.object({ maximumImprisonmentMonths: z.number().int(), fine: z.literal('unlimited') }),
  indictment: z.object({ maximumImprisonmentYears: z.number().int(), fine: z.literal('unlimited') }),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type BreachPenaltyOutput = z.infer<typeof breachPenaltyOutput>;

export function breachPenalty(input: BreachPenaltyInput): BreachPenaltyOutput {
  let limit = magistratesGeneralLimit[0] as (typeof magistratesGeneralLimit)[number];
  for (const period of magistratesGeneralLimit) if (compareDates(input.convictionDate, period.from) >= 0) limit = period;
  return {
    summary: { maximumImprisonmentMonths: limit.months, fine: 'unlimited' },
    indictment: { maximumImprisonmentYears: 5, fine: 'unlimited' },
    requirements: ['BR-04'],
    explanation: `Breach of a Stalking Protection Order: on summary conviction up to ${limit.months} months' imprisonment, or a fine, or both (the magistrates' general limit on the date of conviction, ${limit.note}); on indictment up to five years, or a fine, or both.`,
  };
}

export const breachPenaltyDecision = defineDecision<BreachPenaltyInput, BreachPenaltyOutput>({
  name: 'breachPenalty',
  summary: 'The maximum penalties for breach of a Stalking Protection Order, by date of conviction.',
  requirements: ['BR-04'],
  input: breachPenaltyInput,
  output: breachPenaltyOutput,
  decide: breachPenalty,
});
