import { describe, expect, it } from 'vitest';
import { searchPowersDecision } from '../../src/policy/search-powers.js';
import { cited, decide } from './support.js';

const powers = (input: Record<string, unknown>) => decide(searchPowersDecision, input);

describe('searchPowers', () => {
  it('IO-07: "S2 of the act – Harassment is a summary offence and no power of entry exists to search for evidence"', () => {
    const out = powers({ offence: 's2' });
    expect(out).toMatchObject({ powers: [], s2bWarrantAvailable: false, powerOfEntryToSearchForEvidence: false });
    expect(out.explanation).toMatch(/no power of entry/);
    expect(cited(powers({ offence: 's2', proposedPower: 's2B_warrant' }))).toEqual(['IO-07']);
  });

  it('IO-07: "S2B of the act – Stalking creates a power of entry to search for evidence only for offences contrary to s2A"', () => {
    const out = powers({ offence: 's2A', proposedPower: 's2B_warrant' });
    expect(out).toMatchObject({ allowed: true, s2bWarrantAvailable: true });
    expect(out.powers.map((p) => p.power)).toEqual(['s2B_warrant']);
    expect(powers({ offence: 's2A', proposedPower: 'pace_s18' }).allowed).toBe(false);
  });

  it('IO-07: s2B is only for s2A: not for s4A or s4, which use the PACE powers as either-way offences', () => {
    for (const offence of ['s4', 's4A']) {
      const out = powers({ offence, proposedPower: 's2B_warrant' });
      expect(out.allowed).toBe(false);
      expect(out.s2bWarrantAvailable).toBe(false);
      expect(out.violations[0]?.message).toMatch(/only for s2A/);
      expect(out.powers.map((p) => p.power)).toEqual(['pace_s8_warrant', 'pace_s18', 'pace_s32']);
      expect(powers({ offence, proposedPower: 'pace_s8_warrant' }).allowed).toBe(true);
    }
  });
});
