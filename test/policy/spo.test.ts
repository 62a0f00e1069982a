import { describe, expect, it } from 'vitest';
import { spoAuthorityDecision, spoConsiderationDecision } from '../../src/policy/spo.js';
import { cited, decide, fields, refused } from './support.js';

const conditions = { actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true };
const consider = (over: Record<string, unknown>) => decide(spoConsiderationDecision, { offence: 's2A', ...conditions, ...over });

describe('spoConsideration', () => {
  it('SP-01: "The police must consider applying for an order where it appears that" all three conditions are met', () => {
    const out = consider({});
    expect(out).toMatchObject({ considerApplication: true, missingConditions: [] });
    expect(out.requirements).toContain('SP-01');
    expect(out.explanation).toMatch(/SPOR1/);
  });

  for (const [condition, words] of [
    ['actsAssociatedWithStalking', 'The respondent has carried out acts associated with stalking'],
    ['posesRiskOfStalking', 'The respondent poses a risk of stalking'],
    ['orderNecessaryToProtect', 'There is reasonable cause to believe the order is necessary to protect the other person'],
  ] as const) {
    it(`SP-01: not yet shown that "${words}": the condition is listed as missing`, () => {
      const out = consider({ [condition]: false });
      expect(out.conditionsMet).toBe(false);
      expect(consider({ offence: 's2', [condition]: false }).considerApplication).toBe(false);
      expect(out.missingConditions).toEqual([expect.objectContaining({ condition, requirement: 'SP-01' })]);
      expect(out.missingConditions[0]?.message).toMatch(new RegExp(words.slice(0, 20)));
    });
  }

  it('SP-01: "Considering a SPO in all stalking cases": considered in every stalking case, whatever conditions are missing', () => {
    for (const offence of ['s2A', 's4A']) {
      const none = consider({ offence, actsAssociatedWithStalking: false, posesRiskOfStalking: false, orderNecessaryToProtect: false });
      expect(none).toMatchObject({ considerApplication: true, conditionsMet: false });
      expect(none.missingConditions).toHaveLength(3);
      expect(none.explanation).toContain('"Considering a SPO in all stalking cases"');
      expect(none.explanation).toMatch(/not yet shown/);
      const one = consider({ offence, posesRiskOfStalking: false });
      expect(one).toMatchObject({ considerApplication: true, conditionsMet: false });
      expect(one.missingConditions.map((m) => m.condition)).toEqual(['posesRiskOfStalking']);
    }
    // Outside stalking an order is considered where the three conditions appear.
    expect(consider({ offence: 's4', actsAssociatedWithStalking: false })).toMatchObject({ considerApplication: false, conditionsMet: false });
    expect(consider({ offence: 'none' })).toMatchObject({ considerApplication: true, conditionsMet: true });
  });

  it('SV-04: "In cases of stalking, considering seeking guidance and authorisation for a Stalking Protection Order (SPO) at an early stage"', () => {
    for (const offence of ['s2A', 's4A']) expect(consider({ offence }).prompts.map((p) => p.requirement)).toEqual(['SV-04']);
    expect(consider({ offence: 's2' }).prompts).toEqual([]);
    expect(consider({ offence: 'none' }).considerApplication).toBe(true);
  });
});

const authority = {
  necessary: true,
  proportionate: true,
  justified: true,
  humanRightsOfVictimConsidered: true,
  humanRightsOfRespondentConsidered: true,
  rationale: 'Escalating conduct after separation; prohibitions are the least needed to protect the victim.',
  authorisingRank: 'SUPT',
  scuApprovedReferral: true,
};
const authorise = (over: Record<string, unknown>) => decide(spoAuthorityDecision, { ...authority, ...over });

describe('spoAuthority', () => {
  it('SP-04: authorised where "a SPO is necessary, proportionate and justified ... considering the Human Rights of both the victim and the suspect"', () => {
    const out = authorise({ authorisingRank: 'SUPT' });
    expect(out).toMatchObject({ authorised: true, violations: [] });
    expect(out.requirements).toContain('SP-04');
  });

  for (const missing of ['necessary', 'proportionate', 'justified', 'humanRightsOfVictimConsidered', 'humanRightsOfRespondentConsidered']) {
    it(`SP-04: not authorised unless ${missing}`, () => {
      const out = authorise({ [missing]: false });
      expect(out.authorised).toBe(false);
      expect(cited(out)).toEqual(['SP-04']);
    });
  }

  it('SP-04: "the rationale is recorded": an empty rationale is not authorised', () => {
    const out = authorise({ rationale: '   ' });
    expect(out.authorised).toBe(false);
    expect(out.violations[0]?.message).toMatch(/rationale/);
  });

  it('SP-04: "the rationale is recorded" with substance: a word or a letter is not a rationale', () => {
    for (const rationale of ['x', 'Necessary', 'ok ok', 'Yes. Necessary.']) {
      const out = authorise({ rationale });
      expect(out.authorised).toBe(false);
      expect(out.violations).toEqual([expect.objectContaining({ requirement: 'SP-04', message: expect.stringMatching(/too brief/) })]);
    }
    expect(authorise({ rationale: 'Necessary and proportionate' }).authorised).toBe(true);
  });

  it('SP-03: "completing the overarching statement and application form (SPO1) for superintendent authority": the rank is required', () => {
    const { authorisingRank: _omitted, ...withoutRank } = authority;
    expect(fields(refused(spoAuthorityDecision, withoutRank))).toEqual(['authorisingRank']);
    for (const rank of ['PC', 'DS', 'INSP', 'DI', 'STAFF']) {
      const out = authorise({ authorisingRank: rank });
      expect(out.authorised).toBe(false);
      expect(out.violations[0]?.message).toContain('for superintendent authority');
    }
  });

  it('SP-03: "If the SPOR1 is approved, completing the overarching statement and application form (SPO1) for superintendent authority": no authority without the SCU’s approval', () => {
    const out = authorise({ scuApprovedReferral: false });
    expect(out.authorised).toBe(false);
    expect(cited(out)).toEqual(['SP-03']);
    expect(out.explanation).toContain('"If the SPOR1 is approved');
    const { scuApprovedReferral: _omitted, ...withoutApproval } = authority;
    expect(fields(refused(spoAuthorityDecision, withoutApproval))).toEqual(['scuApprovedReferral']);
  });

  it('SP-03: the SPO1 goes "for superintendent authority": an inspector cannot authorise', () => {
    const out = authorise({ authorisingRank: 'INSP' });
    expect(out.authorised).toBe(false);
    expect(cited(out)).toEqual(['SP-03']);
  });
});
