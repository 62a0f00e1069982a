/**
 * Risk: the DASH grade, MARAC referral routes, SCU liaison and specialist stalking support
 * (AO-02, SV-02, TS-05, SC-05).
 *
 * - AO-02: "Completing a ... (DASH) risk assessment, including for reports on non-DA related
 *   stalking. If the victim is unwilling to engage, the DASH must be completed using the
 *   information available on police systems and officer's own observations." Every one of the
 *   27 items must be answered (yes, no or not known); when the victim does not engage,
 *   `completedFromRecordsAndObservation` must be true, or the input is refused.
 * - Grade by "yes" count (force-configurable banding, default 1-9 standard, 10-13 medium, 14+
 *   high; 0 is standard). Professional judgement "may raise a grade, never lower it".
 * - SV-02: the grade must be endorsed by a supervisor: the output says so
 *   (`supervisorEndorsementRequired`), and occurrenceProgression enforces it.
 * - MARAC routes: yes_count (14+), professional_judgement (officer judges high),
 *   escalation (3+ incidents in 12 months), repeat (referred to MARAC in the last 12 months and
 *   a further incident now), high_risk (graded high otherwise). MARAC is for domestic abuse:
 *   whether the case is referred is decided in one place (marac.ts), which the referrals
 *   decision uses too. A non-domestic case is never marked for MARAC (`required` false, no
 *   routes; the reasons say which routes were met). `domestic` is optional: the policy's DASH is
 *   the domestic abuse assessment, completed "including for reports on non-DA related
 *   stalking", so when the relationship is not known the case is read as domestic and no
 *   MARAC route is lost.
 * - TS-05: "Liaising with the Stalking Coordination Unit where the risk is assessed as high."
 * - SC-05: the stalking screening points to specialist stalking support when it has many "yes"
 *   answers (parameter, default 5 of 11) or a threat of violence together with escalation
 *   (DASH 10 more often / 11 getting worse, or the MARAC escalation route).
 * - A threat of violence together with escalation also points to high risk (the screening rule,
 *   STALKING_SCREENING_HIGH_RISK_RULE): the grade is raised to high whatever the "yes" count,
 *   the reasons state the rule, and what follows a high grade follows (TS-05 SCU liaison). The
 *   policy: "Remain alert to threat, harm, risk and vulnerability throughout an investigation."
 */
import { z } from 'zod';
import { maracReferral, maracRoutes, type MaracRoute } from './marac.js';
import { parametersField, parametersOrDefault } from './parameters.js';
import { defineDecision } from './registry.js';
import {
  DASH_ESCALATION_QUESTIONS,
  DASH_VERSION,
  STALKING_SCREENING_HIGH_RISK_RULE,
  STALKING_THREATS_QUESTION,
  dashQuestionIds,
  riskAnswers,
  stalkingScreeningQuestionIds,
  type DashQuestionId,
  type RiskAnswer,
  type StalkingScreeningQuestionId,
} from './risk-questions.js';
import { count, oneOf, requirementId, riskGradeOrder, riskGrades, yesNo, type RiskGrade } from './vocabulary.js';

const answer = () => oneOf(riskAnswers);

function answerObject<const K extends readonly string[]>(ids: K) {
  const shape = Object.fromEntries(ids.map((id) => [id, answer()])) as { [P in K[number]]: ReturnType<typeof answer> };
  return z.strictObject(shape);
}

export { maracRoutes, type MaracRoute } from './marac.js';

export const riskInput = z
  .strictObject({
    questionSet: z.literal(DASH_VERSION, { error: `Only ${DASH_VERSION} is supported` }).optional(),
    answers: answerObject(dashQuestionIds).describe('Every DASH item answered yes, no or not_known.'),
    stalkingScreening: answerObject(stalkingScreeningQuestionIds).optional().describe('The 11 stalking screening questions, where stalking or harassment is present.'),
    victimEngaged: yesNo(),
    completedFromRecordsAndObservation: yesNo()
      .optional()
      .describe('AO-02: required (true) when the victim does not engage.'),
    professionalJudgementGrade: oneOf(riskGrades).optional(),
    incidentsLast12Months: count().optional(),
    previousMaracReferral: yesNo().optional().describe('Referred to MARAC in the last 12 months (repeat route).'),
    domestic: yesNo()
      .optional()
      .describe('Domestic abuse (the suspect is personally connected to the victim). MARAC is for domestic abuse only; when not known the DASH is read as domestic.'),
    parameters: parametersField,
  })
  .superRefine((v, ctx) => {
    if (v.victimEngaged === false && v.completedFromRecordsAndObservation !== true) {
      ctx.addIssue({
        code: 'custom',
        path: ['completedFromRecordsAndObservation'],
        message:
          'The victim did not engage, so record that the DASH was completed from police records and the officer\'s own observations (AO-02: "If the victim is unwilling to engage, the DASH must be completed using the information available on police systems and officer\'s own observations").',
      });
    }
  });
export type RiskInput = z.infer<typeof riskInput>;

export const riskOutput = z.object({
  questionSet: z.string(),
  grade: z.enum(riskGrades),
  /** The grade from the "yes" count alone, before professional judgement. */
  gradeFromYesCount: z.enum(riskGrades),
  yesCount: z.number().int(),
  notKnownCount: z.number().int(),
  stalkingScreeningYesCount: z.number().int().nullable(),
  maracReferral: z.object({ required: z.boolean(), routes: z.array(z.enum(maracRoutes)) }),
  scuLiaison: z.boolean(),
  specialistSupportReferral: z.boolean(),
  supervisorEndorsementRequired: z.boolean(),
  reasons: z.array(z.string()),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type RiskOutput = z.infer<typeof riskOutput>;

function countAnswers<K extends string>(answers: Readonly<Record<K, RiskAnswer>>, value: RiskAnswer): number {
  return (Object.values(answers) as RiskAnswer[]).filter((a) => a === value).length;
}

export function assessRisk(input: RiskInput): RiskOutput {
  const p = parametersOrDefault(input.parameters);
  const reasons: string[] = [];
  const requirements = ['AO-02', 'SV-02'];

  const answers: Readonly<Record<DashQuestionId, RiskAnswer>> = input.answers;
  const yesCount = countAnswers(answers, 'yes');
  const notKnownCount = countAnswers(answers, 'not_known');

  reasons.push(
    input.victimEngaged
      ? `DASH completed with the victim: ${yesCount} "yes" of 27.`
      : `The victim did not engage: the DASH was completed from police records and the officer's observations (AO-02): ${yesCount} "yes" of 27.`,
  );

  const gradeFromYesCount: RiskGrade = yesCount >= p.dashHighFromYesCount ? 'high' : yesCount >= p.dashMediumFromYesCount ? 'medium' : 'standard';
  reasons.push(
    `${yesCount} "yes" answers is ${gradeFromYesCount} on the force banding (medium from ${p.dashMediumFromYesCount}, high from ${p.dashHighFromYesCount}).`,
  );

  let grade = gradeFromYesCount;
  const pj = input.professionalJudgementGrade;
  if (pj !== undefined) {
    if (riskGradeOrder(pj) > riskGradeOrder(gradeFromYesCount)) {
      grade = pj;
      reasons.push(`Professional judgement raises the grade to ${pj}.`);
    } else if (riskGradeOrder(pj) < riskGradeOrder(gradeFromYesCount)) {
      reasons.push(`Professional judgement (${pj}) may raise a grade but never lower it: the grade stays ${gradeFromYesCount}.`);
    }
  }

  // The stalking screening rule: threats of violence with escalation point to high risk.
  const screening: Readonly<Record<StalkingScreeningQuestionId, RiskAnswer>> | undefined = input.stalkingScreening;
  const incidents = input.incidentsLast12Months;
  const escalationRoute = incidents !== undefined && incidents >= p.maracEscalationIncidents;
  const threatsWithEscalation =
    screening !== undefined && screening[STALKING_THREATS_QUESTION] === 'yes' && (DASH_ESCALATION_QUESTIONS.some((q) => answers[q] === 'yes') || escalationRoute);
  if (threatsWithEscalation && grade !== 'high') {
    grade = 'high';
    reasons.push(`${STALKING_SCREENING_HIGH_RISK_RULE} The grade is raised to high.`);
  }

  // MARAC routes.
  const routes: MaracRoute[] = [];
  if (yesCount >= p.maracYesThreshold) routes.push('yes_count');
  if (pj === 'high') routes.push('professional_judgement');
  if (escalationRoute) routes.push('escalation');
  if (input.previousMaracReferral === true) routes.push('repeat');
  // One answer for MARAC (marac.ts): domestic abuse only.
  const marac = maracReferral({ domestic: input.domestic ?? true, grade, routes });
  if (marac.reason) reasons.push(marac.reason);

  // TS-05.
  const scuLiaison = grade === 'high';
  if (scuLiaison) {
    requirements.push('TS-05');
    reasons.push('The risk is high: the triaging detective sergeant liaises with the Stalking Coordination Unit (TS-05).');
  }

  // SC-05.
  let stalkingScreeningYesCount: number | null = null;
  let specialistSupportReferral = false;
  if (screening) {
    stalkingScreeningYesCount = countAnswers(screening, 'yes');
    if (stalkingScreeningYesCount >= p.stalkingScreeningReferralYesCount) {
      specialistSupportReferral = true;
      reasons.push(`${stalkingScreeningYesCount} of 11 stalking screening answers are "yes" (${p.stalkingScreeningReferralYesCount} or more): refer to specialist stalking support (SC-05).`);
    } else if (threatsWithEscalation) {
      specialistSupportReferral = true;
      reasons.push('The stalker has threatened violence and the behaviour is escalating: refer to specialist stalking support (SC-05).');
    }
    requirements.push('SC-05');
  }

  reasons.push('A supervisor must endorse this risk grading (SV-02).');

  return {
    questionSet: DASH_VERSION,
    grade,
    gradeFromYesCount,
    yesCount,
    notKnownCount,
    stalkingScreeningYesCount,
    maracReferral: { required: marac.required, routes: marac.routes },
    scuLiaison,
    specialistSupportReferral,
    supervisorEndorsementRequired: true,
    reasons,
    requirements,
    explanation: `Risk is ${grade}. ${reasons.join(' ')}`,
  };
}

export const riskDecision = defineDecision<RiskInput, RiskOutput>({
  name: 'risk',
  summary: 'The DASH risk grade, MARAC referral routes, SCU liaison and specialist stalking support, from the DASH and stalking screening answers.',
  requirements: ['AO-02', 'SV-02', 'TS-05', 'SC-05'],
  input: riskInput,
  output: riskOutput,
  decide: assessRisk,
});
