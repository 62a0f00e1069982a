import { describe, expect, it } from 'vitest';
import { referralsDecision } from '../../src/policy/referrals.js';
import { riskDecision } from '../../src/policy/risk.js';
import { STALKING_SCREENING_HIGH_RISK_RULE, dashQuestionIds, dashQuestionSet, stalkingScreeningQuestionIds, stalkingScreeningQuestionSet } from '../../src/policy/risk-questions.js';
import { decide, fields, refused } from './support.js';

type Answer = 'yes' | 'no' | 'not_known';
function dash(yes: number, rest: Answer = 'no'): Record<string, Answer> {
  return Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < yes ? 'yes' : rest]));
}
function screening(yesIds: string[]): Record<string, Answer> {
  return Object.fromEntries(stalkingScreeningQuestionIds.map((id) => [id, yesIds.includes(id) ? 'yes' : 'no']));
}
const referralFacts = {
  stalking: true,
  intimatePartner: false,
  stalkingVictimsOfSuspect: 1,
  mappaCategory1RegisteredSexOffender: false,
  mappaCategory2ViolentOrSexualOffenderSentenced12MonthsOrMore: false,
  mappaCategory3OtherDangerousOffender: false,
  presentLikelihoodOfSeriousHarm: false,
  suspectHistoryOfAbuseOrViolence: false,
  suspectHasAccessToChildren: false,
  childSexOffenceConcern: false,
  othersAtRisk: false,
  victimEngagingWithSupport: false,
};
const assess = (input: Record<string, unknown>) => decide(riskDecision, { answers: dash(0), victimEngaged: true, ...input });

describe('risk question sets', () => {
  it('AO-02: the police DASH (DASH-2009-police) has 27 numbered items and the stalking screening 11', () => {
    expect(dashQuestionSet.version).toBe('DASH-2009-police');
    expect(dashQuestionSet.questions.map((q) => q.number)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(stalkingScreeningQuestionSet.questions).toHaveLength(11);
    expect(new Set(dashQuestionSet.questions.map((q) => q.id)).size).toBe(27);
  });
});

describe('risk', () => {
  it('AO-02: "Completing a ... (DASH) risk assessment, including for reports on non-DA related stalking": every item must be answered', () => {
    const answers = dash(3);
    delete answers.dash_27;
    expect(fields(refused(riskDecision, { answers, victimEngaged: true }))).toEqual(['answers.dash_27']);
    expect(fields(refused(riskDecision, { answers: { ...dash(0), dash_28: 'yes' }, victimEngaged: true }))).toEqual(['answers.dash_28']);
    expect(fields(refused(riskDecision, { answers: { ...dash(0), dash_01: 'maybe' }, victimEngaged: true }))).toEqual(['answers.dash_01']);
  });

  it('AO-02: "If the victim is unwilling to engage, the DASH must be completed using the information available on police systems and officer\'s own observations"', () => {
    expect(fields(refused(riskDecision, { answers: dash(2), victimEngaged: false }))).toEqual(['completedFromRecordsAndObservation']);
    expect(fields(refused(riskDecision, { answers: dash(2), victimEngaged: false, completedFromRecordsAndObservation: false }))).toEqual(['completedFromRecordsAndObservation']);
    const out = assess({ answers: dash(2, 'not_known'), victimEngaged: false, completedFromRecordsAndObservation: true });
    expect(out.reasons[0]).toMatch(/police records and the officer's observations/);
    expect(out.requirements).toContain('AO-02');
    expect(out.notKnownCount).toBe(25);
  });

  it('SV-02: banding 1-9 "yes" standard, 10-13 medium, 14+ high, and the grading needs a supervisor\'s endorsement', () => {
    expect(assess({ answers: dash(0) }).grade).toBe('standard');
    expect(assess({ answers: dash(9) }).grade).toBe('standard');
    expect(assess({ answers: dash(10) }).grade).toBe('medium');
    expect(assess({ answers: dash(13) }).grade).toBe('medium');
    expect(assess({ answers: dash(14) }).grade).toBe('high');
    const out = assess({ answers: dash(10) });
    expect(out.supervisorEndorsementRequired).toBe(true);
    expect(out.requirements).toContain('SV-02');
    expect(out.yesCount).toBe(10);
  });

  it('SV-02: professional judgement "may raise a grade, never lower it"', () => {
    const raised = assess({ answers: dash(3), professionalJudgementGrade: 'high' });
    expect(raised).toMatchObject({ grade: 'high', gradeFromYesCount: 'standard' });
    const notLowered = assess({ answers: dash(15), professionalJudgementGrade: 'standard' });
    expect(notLowered.grade).toBe('high');
    expect(notLowered.explanation).toMatch(/never lower/);
  });

  it('SV-02: the banding is force-configurable', () => {
    expect(assess({ answers: dash(8), parameters: { dashMediumFromYesCount: 8, dashHighFromYesCount: 12 } }).grade).toBe('medium');
    expect(fields(refused(riskDecision, { answers: dash(0), victimEngaged: true, parameters: { dashMediumFromYesCount: 12, dashHighFromYesCount: 10 } }))).toEqual([
      'parameters.dashHighFromYesCount',
    ]);
  });

  it('TS-05: "Liaising with the Stalking Coordination Unit where the risk is assessed as high"', () => {
    expect(assess({ answers: dash(14) }).scuLiaison).toBe(true);
    expect(assess({ answers: dash(14) }).requirements).toContain('TS-05');
    expect(assess({ answers: dash(2), professionalJudgementGrade: 'high' }).scuLiaison).toBe(true);
    expect(assess({ answers: dash(12) }).scuLiaison).toBe(false);
  });

  it('SV-02: MARAC referral routes: 14+ yes, professional judgement, escalation (3+ in 12 months), repeat', () => {
    expect(assess({ answers: dash(14) }).maracReferral).toEqual({ required: true, routes: ['yes_count'] });
    expect(assess({ answers: dash(2), professionalJudgementGrade: 'high' }).maracReferral.routes).toEqual(['professional_judgement']);
    expect(assess({ incidentsLast12Months: 3 }).maracReferral.routes).toEqual(['escalation']);
    expect(assess({ incidentsLast12Months: 2 }).maracReferral.required).toBe(false);
    expect(assess({ previousMaracReferral: true }).maracReferral.routes).toEqual(['repeat']);
    expect(assess({}).maracReferral).toEqual({ required: false, routes: [] });
  });

  it('MARAC, "multi-agency meeting for high-risk domestic abuse victims": only a domestic case is marked for MARAC, one answer with the referrals decision', () => {
    const met = [{ answers: dash(14) }, { professionalJudgementGrade: 'high' }, { incidentsLast12Months: 3 }, { previousMaracReferral: true }];
    for (const facts of met) {
      const notDomestic = assess({ ...facts, domestic: false });
      expect(notDomestic.maracReferral).toEqual({ required: false, routes: [] });
      expect(notDomestic.explanation).toMatch(/MARAC is for high-risk domestic abuse: this case is not domestic, so it is not referred to MARAC although the .* route is met/);
      const domestic = assess({ ...facts, domestic: true });
      expect(domestic.maracReferral.required).toBe(true);
      // The DASH read without a relationship is the domestic abuse assessment: the routes stand.
      expect(assess(facts).maracReferral).toEqual(domestic.maracReferral);
      // The referrals decision gives the same answer from the same place.
      for (const isDomestic of [true, false]) {
        const out = assess({ ...facts, domestic: isDomestic });
        const referred = decide(referralsDecision, { ...referralFacts, domestic: isDomestic, riskGrade: out.grade, maracRouteMet: out.maracReferral.required }).referrals.some((r) => r.referral === 'marac');
        expect(referred, JSON.stringify(facts)).toBe(out.maracReferral.required);
      }
    }
    // High risk by the stalking screening rule is referred in a domestic case (route "high_risk").
    const screened = assess({ answers: { ...dash(0), dash_11: 'yes' as const }, stalkingScreening: screening(['sdash_06']), domestic: true });
    expect(screened.maracReferral).toEqual({ required: true, routes: ['high_risk'] });
  });

  it('SC-05: many stalking screening "yes" answers prompt referral to specialist stalking support', () => {
    const out = assess({ stalkingScreening: screening(['sdash_01', 'sdash_02', 'sdash_03', 'sdash_04', 'sdash_05']) });
    expect(out).toMatchObject({ specialistSupportReferral: true, stalkingScreeningYesCount: 5 });
    expect(out.requirements).toContain('SC-05');
    expect(assess({ stalkingScreening: screening(['sdash_01', 'sdash_02']) }).specialistSupportReferral).toBe(false);
  });

  it('SC-05: "any threat of violence with escalation" points to specialist stalking support', () => {
    const escalating = { ...dash(0), dash_11: 'yes' as const };
    expect(assess({ answers: escalating, stalkingScreening: screening(['sdash_06']) }).specialistSupportReferral).toBe(true);
    expect(assess({ answers: dash(0), stalkingScreening: screening(['sdash_06']) }).specialistSupportReferral).toBe(false);
    expect(assess({ answers: dash(0), incidentsLast12Months: 4, stalkingScreening: screening(['sdash_06']) }).specialistSupportReferral).toBe(true);
  });

  it('The screening rule: threats of violence with escalation point to high risk: "Remain alert to threat, harm, risk and vulnerability throughout an investigation." and TS-05 "Liaising with the Stalking Coordination Unit where the risk is assessed as high"', () => {
    for (const escalation of [{ answers: { ...dash(0), dash_10: 'yes' as const } }, { answers: { ...dash(0), dash_11: 'yes' as const } }, { incidentsLast12Months: 3 }]) {
      const out = assess({ ...escalation, stalkingScreening: screening(['sdash_06']) });
      expect(out).toMatchObject({ grade: 'high', gradeFromYesCount: 'standard', scuLiaison: true, specialistSupportReferral: true });
      expect(out.requirements).toEqual(expect.arrayContaining(['TS-05', 'SC-05']));
      expect(out.explanation).toContain(STALKING_SCREENING_HIGH_RISK_RULE);
      expect(out.explanation).toMatch(/threats of physical or sexual violence .* escalating .* high risk\. The grade is raised to high\./);
    }
    // Threats alone, or escalation alone, do not raise the grade; a grade already high stays high.
    expect(assess({ stalkingScreening: screening(['sdash_06']) }).grade).toBe('standard');
    expect(assess({ answers: { ...dash(0), dash_11: 'yes' as const }, stalkingScreening: screening(['sdash_01']) }).grade).toBe('standard');
    expect(assess({ answers: { ...dash(12), dash_11: 'yes' as const }, stalkingScreening: screening(['sdash_06']) })).toMatchObject({ grade: 'high', gradeFromYesCount: 'medium' });
    expect(assess({ answers: dash(14), stalkingScreening: screening(['sdash_06']) }).explanation).not.toContain(STALKING_SCREENING_HIGH_RISK_RULE);
  });

  it('AO-02: only the DASH-2009-police question set is accepted', () => {
    expect(fields(refused(riskDecision, { questionSet: 'DARA-2022', answers: dash(0), victimEngaged: true }))).toEqual(['questionSet']);
    expect(assess({ questionSet: 'DASH-2009-police' }).questionSet).toBe('DASH-2009-police');
  });
});
