import { describe, expect, it } from 'vitest';
import { referralsDecision } from '../../src/policy/referrals.js';
import { decide } from './support.js';

const base = {
  stalking: true,
  domestic: false,
  intimatePartner: false,
  riskGrade: 'standard',
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
const refer = (over: Record<string, unknown>) => decide(referralsDecision, { ...base, ...over });
const kinds = (over: Record<string, unknown>) => refer(over).referrals.map((r) => r.referral);

describe('referrals', () => {
  it('IO-14: "Consider making a referral to MAPPA in all cases where the criteria is met"', () => {
    for (const category of ['mappaCategory1RegisteredSexOffender', 'mappaCategory2ViolentOrSexualOffenderSentenced12MonthsOrMore', 'mappaCategory3OtherDangerousOffender']) {
      const out = refer({ [category]: true });
      expect(out.referrals.find((r) => r.referral === 'mappa')).toMatchObject({ requirement: 'IO-14' });
    }
    expect(kinds({})).not.toContain('mappa');
  });

  it('IO-14: "a referral into the Potentially Dangerous Persons (PDP) process where a serial stalking offender who meets the criteria is identified"', () => {
    expect(kinds({ stalkingVictimsOfSuspect: 2, presentLikelihoodOfSeriousHarm: true })).toContain('pdp');
    expect(kinds({ stalkingVictimsOfSuspect: 1, presentLikelihoodOfSeriousHarm: true })).not.toContain('pdp');
    expect(kinds({ stalkingVictimsOfSuspect: 3, presentLikelihoodOfSeriousHarm: false })).not.toContain('pdp');
    // PDP is for those not eligible for MAPPA.
    expect(kinds({ stalkingVictimsOfSuspect: 3, presentLikelihoodOfSeriousHarm: true, mappaCategory3OtherDangerousOffender: true })).toEqual(
      expect.arrayContaining(['mappa']),
    );
    expect(kinds({ stalkingVictimsOfSuspect: 3, presentLikelihoodOfSeriousHarm: true, mappaCategory3OtherDangerousOffender: true })).not.toContain('pdp');
  });

  it('IO-11: "Domestic Violence Disclosure Scheme" for an intimate partner with a history of abuse', () => {
    expect(refer({ intimatePartner: true, domestic: true, suspectHistoryOfAbuseOrViolence: true }).referrals.find((r) => r.referral === 'dvds')).toMatchObject({ requirement: 'IO-11' });
    expect(kinds({ intimatePartner: true, domestic: true })).not.toContain('dvds');
  });

  it('IO-11: "Child Sex Offender Disclosure scheme" where the suspect has access to children and there is a child sex offence concern', () => {
    expect(kinds({ suspectHasAccessToChildren: true, childSexOffenceConcern: true })).toContain('csods');
    expect(kinds({ suspectHasAccessToChildren: true })).not.toContain('csods');
  });

  it('IO-11: "common law powers of disclosure" where others are at risk, or the suspect is a serial stalker', () => {
    expect(kinds({ othersAtRisk: true })).toContain('common_law_disclosure');
    expect(kinds({ stalkingVictimsOfSuspect: 2 })).toContain('common_law_disclosure');
    expect(kinds({})).not.toContain('common_law_disclosure');
  });

  it('SC-05: "Promoting the use of appropriate specialist stalking support services" in every stalking case', () => {
    expect(refer({}).referrals.find((r) => r.referral === 'specialist_stalking_support')).toMatchObject({ requirement: 'SC-05' });
    expect(kinds({ stalking: false })).not.toContain('specialist_stalking_support');
  });

  it('AO-04: "Individuals must consider referring the victim to the Force Crime Prevention Team"', () => {
    expect(refer({ stalking: false }).referrals.find((r) => r.referral === 'crime_prevention')).toMatchObject({ requirement: 'AO-04' });
  });

  it('SV-03: MARAC for high-risk domestic abuse, or where a MARAC route is met; not for non-domestic stalking', () => {
    expect(kinds({ domestic: true, riskGrade: 'high' })).toContain('marac');
    expect(kinds({ domestic: true, riskGrade: 'medium', maracRouteMet: true })).toContain('marac');
    expect(kinds({ domestic: false, riskGrade: 'high' })).not.toContain('marac');
    expect(kinds({ domestic: true, riskGrade: 'medium' })).not.toContain('marac');
    // "multi-agency meeting for high-risk domestic abuse victims": a route met does not refer a non-domestic case.
    expect(kinds({ domestic: false, riskGrade: 'medium', maracRouteMet: true })).not.toContain('marac');
    expect(refer({ domestic: true, riskGrade: 'high' }).referrals.find((r) => r.referral === 'marac')?.reason).toMatch(/High-risk domestic abuse: refer to MARAC/);
  });

  it('TS-05: "Liaising with the Stalking Coordination Unit where the risk is assessed as high"', () => {
    expect(refer({ riskGrade: 'high' }).prompts.map((p) => p.requirement)).toContain('TS-05');
    expect(refer({ riskGrade: 'medium' }).prompts.map((p) => p.requirement)).not.toContain('TS-05');
  });

  it('FL-01: "Consider adding a \'notify if\' flag and tasking to the Stalking Coordination Unit"', () => {
    expect(refer({}).prompts.map((p) => p.requirement)).toContain('FL-01');
    expect(refer({ notifyIfFlagInPlace: true }).prompts.map((p) => p.requirement)).not.toContain('FL-01');
  });

  it('IO-13: "If it is known that a victim is engaging in support ... efforts must be made by the OIC to update these services"', () => {
    expect(refer({ victimEngagingWithSupport: true }).prompts.map((p) => p.requirement)).toContain('IO-13');
  });

  it('IO-14: the serial stalker threshold is a force parameter', () => {
    expect(kinds({ stalkingVictimsOfSuspect: 2, presentLikelihoodOfSeriousHarm: true, parameters: { serialStalkerVictimCount: 3 } })).not.toContain('pdp');
  });
});
