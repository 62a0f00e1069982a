import { describe, expect, it } from 'vitest';
import { classificationDecision } from '../../src/policy/classification.js';
import { decide, fields, refused } from './support.js';

const base = {
  fixated: true,
  obsessive: false,
  unwanted: true,
  repeated: true,
  occasions: 3,
  fearOfViolenceOccasions: 0,
  seriousAlarmOrDistress: false,
  exPartner: false,
};
const classify = (over: Partial<typeof base>) => decide(classificationDecision, { ...base, ...over });

describe('classification', () => {
  it('ID-01: stalking is harassment where the perpetrator is "fixated or obsessed with the victim and the behaviours are unwanted and repeated"', () => {
    const out = classify({});
    expect(out).toMatchObject({ classification: 'stalking', offence: 's2A' });
    expect(out.requirements).toContain('ID-01');
    expect(out.explanation).toMatch(/FOUR/);
    expect(out.fourElementsPresent).toEqual(['fixated', 'unwanted', 'repeated']);
  });

  it('ID-01: obsessive (rather than fixated) with unwanted and repeated is stalking', () => {
    expect(classify({ fixated: false, obsessive: true }).classification).toBe('stalking');
  });

  it('ID-01: neither fixated nor obsessive is harassment, not stalking', () => {
    const out = classify({ fixated: false, obsessive: false });
    expect(out).toMatchObject({ classification: 'harassment', offence: 's2' });
    expect(out.explanation).toMatch(/not fixated or obsessive/);
  });

  it('ID-01: fixated but not unwanted, or not repeated, fails the FOUR test and is harassment', () => {
    expect(classify({ unwanted: false }).classification).toBe('harassment');
    expect(classify({ repeated: false }).classification).toBe('harassment');
  });

  it('ID-02: "A course of conduct needs at least two occasions": one occasion is neither stalking nor harassment', () => {
    for (const occasions of [0, 1]) {
      const out = classify({ occasions, fearOfViolenceOccasions: 0, exPartner: true });
      expect(out).toMatchObject({ classification: 'none', offence: null });
      expect(out.requirements).toContain('ID-02');
      expect(out.explanation).toMatch(/at least two occasions/);
    }
  });

  it('ID-02: two occasions is enough for a course of conduct', () => {
    expect(classify({ occasions: 2 }).classification).toBe('stalking');
  });

  it('ID-02: s4 is "putting people in fear of violence (fear on at least two occasions)" for harassment', () => {
    const out = classify({ fixated: false, fearOfViolenceOccasions: 2 });
    expect(out).toMatchObject({ classification: 'harassment', offence: 's4' });
  });

  it('ID-02: fear of violence on only one occasion stays s2 / s2A', () => {
    expect(classify({ fixated: false, fearOfViolenceOccasions: 1 }).offence).toBe('s2');
    expect(classify({ fearOfViolenceOccasions: 1 }).offence).toBe('s2A');
  });

  it('ID-02: s4A is "stalking involving fear of violence" on at least two occasions', () => {
    expect(classify({ fearOfViolenceOccasions: 2 }).offence).toBe('s4A');
  });

  it('ID-02: s4A is also stalking involving "serious alarm or distress"', () => {
    const out = classify({ seriousAlarmOrDistress: true });
    expect(out.offence).toBe('s4A');
    expect(out.explanation).toMatch(/serious alarm or distress/);
  });

  it('ID-02: serious alarm or distress alone does not make harassment s4 (s4 is fear of violence only)', () => {
    expect(classify({ fixated: false, seriousAlarmOrDistress: true }).offence).toBe('s2');
  });

  it('ID-04: "All ex-partner harassment should still be recorded as stalking in the first instance"', () => {
    const out = classify({ fixated: false, obsessive: false, exPartner: true });
    expect(out).toMatchObject({ classification: 'stalking', offence: 's2A', recordedAsStalkingBecauseExPartner: true });
    expect(out.requirements).toContain('ID-04');
    expect(out.explanation).toMatch(/ex-partner/);
  });

  it('ID-04: ex-partner harassment with fear of violence twice is recorded as s4A', () => {
    expect(classify({ fixated: false, unwanted: false, exPartner: true, fearOfViolenceOccasions: 3 }).offence).toBe('s4A');
  });

  it('ID-02: fearOfViolenceOccasions cannot exceed occasions: refused naming the field', () => {
    const issues = refused(classificationDecision, { ...base, occasions: 2, fearOfViolenceOccasions: 3 });
    expect(fields(issues)).toEqual(['fearOfViolenceOccasions']);
  });

  it('ID-01: the FOUR answers must be true or false; a missing one is refused by name', () => {
    const { fixated: _omit, ...rest } = base;
    expect(fields(refused(classificationDecision, rest))).toContain('fixated');
    expect(fields(refused(classificationDecision, { ...base, unwanted: 'yes' }))).toContain('unwanted');
    expect(fields(refused(classificationDecision, { ...base, occasions: -1 }))).toContain('occasions');
    expect(fields(refused(classificationDecision, { ...base, occasions: 2.5 }))).toContain('occasions');
  });
});
