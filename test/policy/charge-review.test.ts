import { describe, expect, it } from 'vitest';
import { chargeReviewDecision } from '../../src/policy/charge-review.js';
import { cited, decide, fields, refused } from './support.js';

const facts = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 6, fearOfViolenceOccasions: 3, seriousAlarmOrDistress: true, exPartner: false };
const review = (over: Record<string, unknown>) => decide(chargeReviewDecision, { proposedCharge: 's4A', facts, injury: 'none', provableIntent: true, ...over });

describe('chargeReview', () => {
  it('IO-09: "Ensuring that the charges preferred reflect the seriousness and persistence of the suspect\'s behaviour"', () => {
    const out = review({});
    expect(out).toMatchObject({ allowed: true, supportedOffence: 's4A', reflectsSeriousness: true });
    const lesser = review({ proposedCharge: 's2A' });
    expect(lesser.allowed).toBe(false);
    expect(cited(lesser)).toEqual(['IO-09']);
  });

  it('IO-09: a lesser charge is allowed when the reason is recorded', () => {
    const out = review({ proposedCharge: 's2A', reasonForLesserCharge: 'CPS advice: fear on the second occasion cannot be proved.' });
    expect(out).toMatchObject({ allowed: true, reflectsSeriousness: false });
  });

  it('IO-09: a charge more serious than the recorded facts support is not provable', () => {
    const out = review({ proposedCharge: 's4A', facts: { ...facts, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false } });
    expect(out.allowed).toBe(false);
    expect(out.supportedOffence).toBe('s2A');
  });

  it('IO-09: "Provable intent" and "Severity of the injury and harm suffered by the victim" are prompted', () => {
    const out = review({ provableIntent: false, injury: 'serious' });
    expect(out.prompts.map((p) => p.message).join(' ')).toMatch(/ought to have known/);
    expect(out.prompts.map((p) => p.message).join(' ')).toMatch(/serious injury/);
  });

  it('ID-04: "All ex-partner harassment should still be recorded as stalking in the first instance" is a recording rule, not a charging standard', () => {
    const exPartnerHarassment = { ...facts, fixated: false, obsessive: false, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true };
    // An s2 charge for ex-partner harassment that does not meet FOUR needs no reason: s2 is what the facts support.
    const s2 = review({ proposedCharge: 's2', facts: exPartnerHarassment });
    expect(s2).toMatchObject({ allowed: true, supportedOffence: 's2', reflectsSeriousness: true, violations: [] });
    expect(s2.prompts.find((p) => p.requirement === 'ID-04')?.message).toMatch(/"All ex-partner harassment should still be recorded as stalking in the first instance": the crime is recorded as s2A, but that is a recording rule, not a charging standard/);
    expect(s2.requirements).toContain('ID-04');
    // Stalking charged on the recording rule alone is more than the facts prove.
    const s2a = review({ proposedCharge: 's2A', facts: exPartnerHarassment });
    expect(s2a.allowed).toBe(false);
    expect(s2a.violations[0]?.message).toMatch(/support s2, not s2A/);
    // Ex-partner stalking that meets FOUR still supports s2A, and no recording-rule prompt is given.
    const stalking = review({ proposedCharge: 's2A', facts: { ...exPartnerHarassment, fixated: true } });
    expect(stalking).toMatchObject({ allowed: true, supportedOffence: 's2A' });
    expect(stalking.prompts.map((p) => p.requirement)).not.toContain('ID-04');
  });

  it('ID-02: no course of conduct, no Protection from Harassment Act charge', () => {
    const out = review({ facts: { ...facts, occasions: 1, fearOfViolenceOccasions: 1 } });
    expect(cited(out)).toEqual(['ID-02']);
  });

  it('IO-09: the facts are validated as for classification, naming the nested field', () => {
    expect(fields(refused(chargeReviewDecision, { proposedCharge: 's4A', facts: { ...facts, fearOfViolenceOccasions: 9 }, injury: 'none', provableIntent: true }))).toEqual([
      'facts.fearOfViolenceOccasions',
    ]);
  });
});
