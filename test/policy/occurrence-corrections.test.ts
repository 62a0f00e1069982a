import { describe, expect, it } from 'vitest';
import { checkCorrection, correctableFrom, correctionTarget, type CorrectionInput } from '../../src/policy/occurrence-progression.js';

const facts = { offence: 's2A' as const, dashCompleted: true, dashEndorsed: true, threatToLife: false, dutyInspectorNotified: false, proportionateInvestigationComplete: true };
const check = (over: Partial<CorrectionInput> & Pick<CorrectionInput, 'correction' | 'from'>) => checkCorrection({ ...facts, ...over });

describe('corrections (TS-01, AL-01 to AL-05, CS-03, XC-03)', () => {
  it('TS-01: re-triage from triaged, allocated or under investigation; a new unit takes an allocated crime back to triaged, the same unit keeps its status', () => {
    for (const from of ['triaged', 'allocated', 'under_investigation'] as const) expect(check({ correction: 'retriage', from }).allowed, from).toBe(true);
    expect(check({ correction: 'retriage', from: 'allocated', unitChanged: true, hasOfficerInCharge: true }).to).toBe('triaged');
    expect(check({ correction: 'retriage', from: 'under_investigation', unitChanged: false, hasOfficerInCharge: true }).to).toBe('under_investigation');
    expect(correctionTarget('retriage', 'triaged', { unitChanged: true })).toBe('triaged');
    for (const from of ['reported', 'recorded', 'finalised', 'reopened'] as const) {
      const out = check({ correction: 'retriage', from });
      expect(out.allowed, from).toBe(false);
      expect(out.violations.map((v) => v.requirement)).toEqual(['TS-01']);
    }
  });

  it('TS-01: reopen only from finalised, to reopened; AO-08 still holds the record while a threat to life is not notified', () => {
    expect(check({ correction: 'reopen', from: 'finalised' })).toMatchObject({ allowed: true, to: 'reopened' });
    expect(check({ correction: 'reopen', from: 'under_investigation' }).allowed).toBe(false);
    const ttl = check({ correction: 'reopen', from: 'finalised', threatToLife: true, dutyInspectorNotified: false });
    expect(ttl.allowed).toBe(false);
    expect(ttl.violations.map((v) => v.requirement)).toEqual(['AO-08']);
  });

  it('AO-02, SV-02: a re-triage back to triaged runs the guards of triaged', () => {
    const out = check({ correction: 'retriage', from: 'allocated', unitChanged: true, hasOfficerInCharge: true, dashCompleted: false, dashEndorsed: false });
    expect(out.violations.map((v) => v.requirement)).toEqual(['AO-02']);
  });

  it('reallocation needs an officer in charge already; a person is removed at any status but finalised', () => {
    expect(correctableFrom.reallocate).toEqual(['allocated', 'under_investigation']);
    expect(check({ correction: 'reallocate', from: 'triaged' }).allowed).toBe(false);
    expect(check({ correction: 'removeParty', from: 'reported' }).allowed).toBe(true);
    expect(check({ correction: 'removeParty', from: 'finalised' }).violations[0]?.message).toContain('reopen a finalised crime');
    expect(check({ correction: 'removeParty', from: 'reported' }).requirements).toEqual(['CS-03', 'ID-05', 'XC-03']);
  });
});
