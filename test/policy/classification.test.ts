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

  it('ID-01: fixated but not repeated fails the FOUR test and is harassment', () => {
    expect(classify({ repeated: false }).classification).toBe('harassment');
  });

  const harassmentDefinition =
    'Harassment includes conduct directed at, or towards, an individual by another, that causes a person to feel alarmed or distressed, or in more serious cases to fear that violence may be used against them or another person.';

  it(`ID-02: "${harassmentDefinition}": wanted conduct, however often, is neither stalking nor harassment`, () => {
    const out = classify({ unwanted: false, occasions: 5 });
    expect(out).toMatchObject({ classification: 'none', offence: null });
    expect(out.requirements).toContain('ID-02');
    expect(out.explanation).toContain(harassmentDefinition);
    expect(out.explanation).toMatch(/Wanted conduct, however often repeated, is neither stalking nor harassment/);
  });

  it(`ID-02: "${harassmentDefinition}": conduct that caused no alarm or distress (and no fear of violence) is not harassment`, () => {
    const out = decide(classificationDecision, { ...base, alarmOrDistress: false });
    expect(out).toMatchObject({ classification: 'none', offence: null });
    expect(out.explanation).toContain(harassmentDefinition);
    // Fear of violence is the "more serious" harm: harassment is made out even without alarm or distress answered yes.
    expect(decide(classificationDecision, { ...base, alarmOrDistress: false, fearOfViolenceOccasions: 1 }).offence).toBe('s2A');
    // Not answered: taken as yes, and the explanation says so.
    expect(classify({}).explanation).toMatch(/Not answered, so taken as yes: that the conduct caused alarm or distress; that the suspect knew or ought to have known/);
    expect(fields(refused(classificationDecision, { ...base, alarmOrDistress: false, seriousAlarmOrDistress: true }))).toEqual(['alarmOrDistress']);
  });

  it('ID-02: "which they know, or ought to know, amounts to harassment": answered no, no offence under the Act is made out', () => {
    const out = decide(classificationDecision, { ...base, knewOrOughtToKnow: false, exPartner: true });
    expect(out).toMatchObject({ classification: 'none', offence: null, recordedAsStalkingBecauseExPartner: false });
    expect(out.explanation).toMatch(/know, or ought to know, amounts to harassment/);
    expect(decide(classificationDecision, { ...base, knewOrOughtToKnow: true, alarmOrDistress: true }).explanation).not.toMatch(/Not answered/);
  });

  it('ID-02: s2A needs "the acts or omissions involved are ones associated with stalking": answered no, FOUR conduct is harassment', () => {
    const out = decide(classificationDecision, { ...base, actsAssociatedWithStalking: false });
    expect(out).toMatchObject({ classification: 'harassment', offence: 's2' });
    expect(out.explanation).toMatch(/the acts or omissions involved are ones associated with stalking/);
    expect(decide(classificationDecision, { ...base, actsAssociatedWithStalking: true }).offence).toBe('s2A');
    const withoutFour = decide(classificationDecision, { ...base, fixated: false, actsAssociatedWithStalking: true });
    expect(withoutFour).toMatchObject({ classification: 'harassment', offence: 's2' });
    expect(withoutFour.explanation).toMatch(/revisit the FOUR judgement/);
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
    expect(classify({ fixated: false, exPartner: true, fearOfViolenceOccasions: 3 }).offence).toBe('s4A');
  });

  it('ID-04: "All ex-partner harassment should still be recorded as stalking": the harassment must be made out first', () => {
    const wanted = classify({ unwanted: false, exPartner: true });
    expect(wanted).toMatchObject({ classification: 'none', offence: null, recordedAsStalkingBecauseExPartner: false });
    expect(wanted.requirements).not.toContain('ID-04');
    expect(wanted.explanation).toMatch(/"All ex-partner harassment should still be recorded as stalking in the first instance." applies to harassment: the harassment must be made out first/);
    const noDistress = decide(classificationDecision, { ...base, fixated: false, exPartner: true, alarmOrDistress: false });
    expect(noDistress).toMatchObject({ classification: 'none', offence: null });
    // Not repeated (FOUR not met) but harassment on two occasions: the ex-partner rule records it as stalking.
    const notRepeated = classify({ repeated: false, exPartner: true, occasions: 2 });
    expect(notRepeated).toMatchObject({ classification: 'stalking', offence: 's2A', recordedAsStalkingBecauseExPartner: true });
    // Wanted conduct with fear of violence twice is s4 on its own terms, never stalking by the ex-partner rule.
    const s4 = classify({ unwanted: false, exPartner: true, fearOfViolenceOccasions: 2 });
    expect(s4).toMatchObject({ classification: 'harassment', offence: 's4', recordedAsStalkingBecauseExPartner: false });
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
