/**
 * Retention of occurrence records under the Management of Police Information (MoPI) rules
 * (domain facts, "Information management"; the log of erasure is XC-03).
 *
 * MoPI groups (domain facts, *(confirm; keep as data)*):
 * - Group 1, certain public protection matters: retained until the subject is deemed to be
 *   100 years old, reviewed periodically.
 * - Group 2, other sexual, violent or serious offences: reviewed every 10 years.
 * - Group 3, all other offences: a 6-year clear period.
 * Every period, age and offence list below is a force-configured parameter (parameters.ts,
 * `mopi*`), so a force changes them without code.
 *
 * Which group (first that applies):
 * - Group 1 when the subject is managed as a public protection matter: a MAPPA subject, a
 *   potentially dangerous person (PDP), or, ASSUMPTION (mopiSpoSubjectGroup1, default yes), the
 *   subject of a Stalking Protection Order (an interim or full order made on this occurrence, or
 *   this occurrence is a breach of one): an SPO is made because the subject poses a risk of
 *   stalking harm, the same footing as a PDP. Also Group 1: an offence in mopiGroup1Offences,
 *   default s4 and s4A. ASSUMPTION (confirm): both are specified violent offences in Schedule 15
 *   of the Criminal Justice Act 2003 with a 10-year maximum since 3 April 2017, so "serious
 *   specified offences", which MoPI puts in Group 1.
 * - Group 2 when an offence is in mopiGroup2Offences (default none), or, ASSUMPTION, the case
 *   shows violence: a threat to life (mopiThreatToLifeGroup2) or a high risk grade
 *   (mopiHighRiskGroup2), both default yes.
 * - Group 3 otherwise: s2 and s2A without those factors, and reports with no crime recorded.
 *
 * The review date:
 * - Runs from the later of finalisation and the record's last activity: further activity (a
 *   new incident, a reopened case) restarts the clock, as a "clear period" must be clear.
 * - Group 3: the end of the clear period. Group 2: the 10-year review. Group 1: the periodic
 *   review, or the day the subject is deemed 100 if that comes first. The subject's date of
 *   birth is the youngest suspect's; when any suspect's is unknown, the retain-until date is
 *   unknown and the record is reviewed periodically without end.
 * - A reviewer who retains the record sets the next review date; the review is then on the
 *   later of that date and the computed one.
 *
 * Erasure at a review (ASSUMPTION: MoPI leaves the decision to the reviewer; these are the
 * system's guards, not the whole judgement):
 * - Only once the review is due, and only of a finalised occurrence (an open investigation is
 *   never erased).
 * - Group 1 only once the subject is deemed 100 years old (their date of birth known).
 */
import { z } from 'zod';
import { addMonths, compareDates, isValidDateInput, toDateOnly } from './calendar.js';
import { parametersField, parametersOrDefault } from './parameters.js';
import { defineDecision } from './registry.js';
import { dateOrDateTime, offences, requirementId, riskGrades, yesNo } from './vocabulary.js';

export const mopiGroups = [1, 2, 3] as const;
export type MopiGroup = (typeof mopiGroups)[number];

export const mopiGroupNames: Readonly<Record<MopiGroup, string>> = {
  1: 'Group 1: certain public protection matters',
  2: 'Group 2: other sexual, violent or serious offences',
  3: 'Group 3: all other offences',
};

export const retentionInput = z
  .strictObject({
    offence: z.enum(offences, { error: `Must be one of ${offences.join(', ')}, or null` }).nullable().describe('The offence recorded (ID-02); null when no crime is recorded.'),
    stalkingProtectionOrder: yesNo().describe('An interim or full SPO was made on this occurrence, or it is a breach of one.'),
    mappaSubject: yesNo().describe('The subject is managed under MAPPA (a referral made).'),
    potentiallyDangerousPerson: yesNo().describe('The subject is managed as a potentially dangerous person (a referral made).'),
    riskGrade: z.enum(riskGrades, { error: `Must be one of ${riskGrades.join(', ')}, or null` }).nullable().describe('The latest (endorsed) DASH grade; null when there is none.'),
    threatToLife: yesNo(),
    finalisedOn: dateOrDateTime().nullable().describe('When the occurrence was finalised; null while it is open.'),
    lastActivityOn: dateOrDateTime().describe('The last change to the record.'),
    subjectDateOfBirth: z
      .string({ error: 'Give a date (YYYY-MM-DD) or null' })
      .max(10, { error: 'Give a date (YYYY-MM-DD) or null' })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Give a date (YYYY-MM-DD) or null' })
      .refine(isValidDateInput, { error: 'Must be a real date' })
      .nullable()
      .describe('The subject’s date of birth (the youngest suspect’s); null when unknown.'),
    nextReviewSetOn: dateOrDateTime().nullable().optional().describe('The next review date a reviewer set when retaining the record; the review is on the later of this and the computed date.'),
    asOf: dateOrDateTime().describe('Today, passed in.'),
    parameters: parametersField,
  })
  .superRefine((v, ctx) => {
    if (!isValidDateInput(v.asOf)) return;
    if (v.subjectDateOfBirth && isValidDateInput(v.subjectDateOfBirth) && compareDates(v.subjectDateOfBirth, v.asOf) > 0) {
      ctx.addIssue({ code: 'custom', path: ['subjectDateOfBirth'], message: 'Cannot be after asOf' });
    }
  });
export type RetentionInput = z.infer<typeof retentionInput>;

export const retentionOutput = z.object({
  group: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  groupName: z.string(),
  because: z.array(z.string()),
  reviewFrom: z.string().describe('The date the period runs from: the later of finalisation and last activity.'),
  reviewOn: z.string(),
  retainUntil: z.string().nullable().describe('Group 1: the day the subject is deemed 100 years old; null when not Group 1 or unknown.'),
  due: z.boolean(),
  erasure: z.object({ allowed: z.boolean(), refusals: z.array(z.string()) }),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type RetentionOutput = z.infer<typeof retentionOutput>;

const later = (a: string, b: string) => (compareDates(a, b) >= 0 ? a : b);
const earlier = (a: string, b: string) => (compareDates(a, b) <= 0 ? a : b);

/** The MoPI group of an occurrence and why. */
export function retentionGroup(input: RetentionInput): { group: MopiGroup; because: string[] } {
  const p = parametersOrDefault(input.parameters);
  const one: string[] = [];
  if (input.mappaSubject) one.push('the subject is managed under MAPPA');
  if (input.potentiallyDangerousPerson) one.push('the subject is managed as a potentially dangerous person');
  if (input.stalkingProtectionOrder && p.mopiSpoSubjectGroup1) one.push('the subject has a Stalking Protection Order (force-configured as a public protection matter)');
  if (input.offence && p.mopiGroup1Offences.includes(input.offence)) one.push(`${input.offence} is a serious specified offence (force-configured)`);
  if (one.length) return { group: 1, because: one };
  const two: string[] = [];
  if (input.offence && p.mopiGroup2Offences.includes(input.offence)) two.push(`${input.offence} is a serious offence (force-configured)`);
  if (input.threatToLife && p.mopiThreatToLifeGroup2) two.push('a threat to life was recorded');
  if (input.riskGrade === 'high' && p.mopiHighRiskGroup2) two.push('the risk of serious harm was graded high');
  if (two.length) return { group: 2, because: two };
  return { group: 3, because: [input.offence ? `${input.offence} with no public protection, serious or violent factor` : 'no crime recorded'] };
}

export function decideRetention(input: RetentionInput): RetentionOutput {
  const p = parametersOrDefault(input.parameters);
  const { group, because } = retentionGroup(input);
  const asOf = toDateOnly(input.asOf);
  const reviewFrom = toDateOnly(input.finalisedOn ? later(input.finalisedOn, input.lastActivityOn) : input.lastActivityOn);
  let reviewOn: string;
  let retainUntil: string | null = null;
  if (group === 1) {
    reviewOn = addMonths(reviewFrom, 12 * p.mopiGroup1ReviewYears);
    if (input.subjectDateOfBirth) {
      retainUntil = addMonths(input.subjectDateOfBirth, 12 * p.mopiGroup1RetainUntilAge);
      reviewOn = earlier(reviewOn, later(retainUntil, reviewFrom));
    }
  } else if (group === 2) {
    reviewOn = addMonths(reviewFrom, 12 * p.mopiGroup2ReviewYears);
  } else {
    reviewOn = addMonths(reviewFrom, 12 * p.mopiGroup3ClearPeriodYears);
  }
  if (input.nextReviewSetOn) reviewOn = later(reviewOn, toDateOnly(input.nextReviewSetOn));
  const due = compareDates(reviewOn, asOf) <= 0;
  const refusals: string[] = [];
  if (!due) refusals.push(`The review is not due until ${reviewOn}`);
  if (!input.finalisedOn) refusals.push('The occurrence is not finalised: an open investigation is never erased');
  if (group === 1) {
    if (!retainUntil) refusals.push(`Group 1 records are kept until the subject is deemed ${p.mopiGroup1RetainUntilAge} years old, and the subject's date of birth is not known`);
    else if (compareDates(retainUntil, asOf) > 0) refusals.push(`Group 1 records are kept until the subject is deemed ${p.mopiGroup1RetainUntilAge} years old, on ${retainUntil}`);
  }
  const period =
    group === 1
      ? `reviewed every ${p.mopiGroup1ReviewYears} years and kept until the subject is deemed ${p.mopiGroup1RetainUntilAge}${retainUntil ? ` (${retainUntil})` : ' (date of birth not known)'}`
      : group === 2
        ? `reviewed every ${p.mopiGroup2ReviewYears} years`
        : `a ${p.mopiGroup3ClearPeriodYears}-year clear period`;
  return {
    group,
    groupName: mopiGroupNames[group],
    because,
    reviewFrom,
    reviewOn,
    retainUntil,
    due,
    erasure: { allowed: refusals.length === 0, refusals },
    requirements: ['XC-03'],
    explanation: `MoPI ${mopiGroupNames[group]} because ${because.join('; ')}: ${period}, from ${reviewFrom}. Review ${due ? 'due' : 'not yet due'} (${reviewOn}).${refusals.length && due ? ` Erasure refused: ${refusals.join('; ')}.` : ''}`,
  };
}

export const retentionDecision = defineDecision<RetentionInput, RetentionOutput>({
  name: 'retention',
  summary: 'MoPI retention of an occurrence: its group (1 public protection, 2 serious or violent, 3 other), its review date, and whether it may be erased at review.',
  requirements: ['XC-03'],
  input: retentionInput,
  output: retentionOutput,
  decide: decideRetention,
});
