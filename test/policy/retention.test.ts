import { describe, expect, it } from 'vitest';
import { decideRetention as decide, retentionInput, type RetentionInput } from '../../src/policy/retention';
import { decisions, runDecision } from '../../src/policy/index';

/** Through the input schema, as every caller of the decision goes: parameters take their defaults. */
const decideRetention = (input: Record<string, unknown>) => decide(retentionInput.parse(input));

const base: RetentionInput = {
  offence: 's2A',
  stalkingProtectionOrder: false,
  mappaSubject: false,
  potentiallyDangerousPerson: false,
  riskGrade: 'standard',
  threatToLife: false,
  finalisedOn: '2020-01-10T12:00:00Z',
  lastActivityOn: '2020-01-10T12:00:00Z',
  subjectDateOfBirth: '1980-05-01',
  asOf: '2026-03-02',
};

describe('MoPI retention (domain facts: Information management; the erasure logged, XC-03)', () => {
  it('Group 3: s2A stalking with no public protection, serious or violent factor has a 6-year clear period from finalisation', () => {
    const out = decideRetention(base);
    expect(out).toMatchObject({ group: 3, reviewFrom: '2020-01-10', reviewOn: '2026-01-10', due: true, retainUntil: null });
    expect(out.erasure).toEqual({ allowed: true, refusals: [] });
    expect(decideRetention({ ...base, offence: null })).toMatchObject({ group: 3, because: ['no crime recorded'] });
  });

  it('the clear period runs from the later of finalisation and last activity', () => {
    const out = decideRetention({ ...base, lastActivityOn: '2021-06-30T09:00:00Z' });
    expect(out).toMatchObject({ reviewFrom: '2021-06-30', reviewOn: '2027-06-30', due: false });
    expect(out.erasure.allowed).toBe(false);
    expect(out.erasure.refusals[0]).toContain('not due until 2027-06-30');
  });

  it('Group 2: a high risk grade or a threat to life is reviewed every 10 years', () => {
    expect(decideRetention({ ...base, riskGrade: 'high' })).toMatchObject({ group: 2, reviewOn: '2030-01-10', due: false });
    expect(decideRetention({ ...base, threatToLife: true })).toMatchObject({ group: 2, because: ['a threat to life was recorded'] });
    // Force-configured off: back to Group 3.
    expect(decideRetention({ ...base, riskGrade: 'high', parameters: { mopiHighRiskGroup2: false } }).group).toBe(3);
  });

  it('Group 1: an SPO, MAPPA, a PDP or an s4/s4A offence; reviewed every 10 years and kept until the subject is 100', () => {
    for (const facts of [{ stalkingProtectionOrder: true }, { mappaSubject: true }, { potentiallyDangerousPerson: true }, { offence: 's4A' as const }, { offence: 's4' as const }]) {
      const out = decideRetention({ ...base, ...facts });
      expect(out.group, JSON.stringify(facts)).toBe(1);
      expect(out).toMatchObject({ reviewOn: '2030-01-10', retainUntil: '2080-05-01' });
    }
  });

  it('Group 1: reviewed on the day the subject is deemed 100 when that comes before the periodic review; erasure only from then', () => {
    const old = { ...base, offence: 's4A' as const, subjectDateOfBirth: '1925-03-01' };
    const before = decideRetention({ ...old, asOf: '2024-12-31' });
    expect(before).toMatchObject({ group: 1, retainUntil: '2025-03-01', reviewOn: '2025-03-01', due: false });
    const at = decideRetention({ ...old, asOf: '2025-03-01' });
    expect(at.due).toBe(true);
    expect(at.erasure.allowed).toBe(true);
    // A Group 1 record due for its periodic review is kept while the subject is under 100.
    const young = decideRetention({ ...base, offence: 's4A', asOf: '2030-02-01' });
    expect(young.due).toBe(true);
    expect(young.erasure.allowed).toBe(false);
    expect(young.erasure.refusals.join(' ')).toContain('2080-05-01');
    // Unknown date of birth: reviewed every 10 years without end, never erased.
    const unknown = decideRetention({ ...base, offence: 's4A', subjectDateOfBirth: null, asOf: '2031-01-01' });
    expect(unknown).toMatchObject({ retainUntil: null, due: true });
    expect(unknown.erasure.refusals.join(' ')).toContain('date of birth is not known');
  });

  it('an open occurrence is never erased; a reviewer’s later next review date moves the review', () => {
    const open = decideRetention({ ...base, finalisedOn: null, lastActivityOn: '2019-01-01' });
    expect(open).toMatchObject({ due: true });
    expect(open.erasure.refusals).toEqual(['The occurrence is not finalised: an open investigation is never erased']);
    expect(decideRetention({ ...base, nextReviewSetOn: '2028-01-01' })).toMatchObject({ reviewOn: '2028-01-01', due: false });
  });

  it('periods are parameters: a force with a 7-year clear period', () => {
    expect(decideRetention({ ...base, parameters: { mopiGroup3ClearPeriodYears: 7 } }).reviewOn).toBe('2027-01-10');
  });

  it('is registered as the "retention" decision and refuses bad input naming the field', () => {
    expect(decisions.get('retention')?.requirements).toEqual(['XC-03']);
    const bad = runDecision(decisions, 'retention', { ...base, offence: 's99', subjectDateOfBirth: '1980-02-30' });
    expect(bad).toMatchObject({ ok: false, kind: 'invalid_input' });
    if (!bad.ok && bad.kind === 'invalid_input') expect(bad.issues.map((i) => i.field).sort()).toEqual(['offence', 'subjectDateOfBirth']);
  });
});
