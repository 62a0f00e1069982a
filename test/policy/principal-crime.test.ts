import { describe, expect, it } from 'vitest';
import { crimeSeriousness, principalCrimeDecision } from '../../src/policy/principal-crime.js';
import { decide, fields, refused } from './support.js';

const principal = (offences: string[]) => decide(principalCrimeDecision, { offences });

describe('principalCrime', () => {
  it('ID-03: "only the principal crime (most serious crime) needs to be recorded"', () => {
    const out = principal(['s2A', 'criminal_damage', 's4A', 'common_assault']);
    expect(out.principal).toBe('s4A');
    expect(out.alsoRecord).toEqual([]);
    expect(out.requirements).toEqual(['ID-03']);
    expect(out.explanation).toMatch(/most serious/);
    expect(out.ranked[0]?.offence).toBe('s4A');
  });

  it('ID-03: "In most cases this is likely to be the stalking and harassment, or controlling and coercive behaviour": behavioural crimes win ties', () => {
    expect(principal(['threats_to_kill', 's4A']).principal).toBe('s4A');
    expect(principal(['abh_s47', 'coercive_control']).principal).toBe('coercive_control');
    expect(principal(['common_assault', 's2A']).principal).toBe('s2A');
    expect(principal(['s4', 's4A']).principal).toBe('s4A');
  });

  it('ID-03: where another offence carries more, it is principal and the explanation says to check the course of conduct', () => {
    const out = principal(['s2A', 'malicious_communications']);
    expect(out.principal).toBe('malicious_communications');
    expect(out.explanation).toMatch(/s4A/);
  });

  it('ID-03: a breach of a Stalking Protection Order is recorded "each time", in addition to the principal crime (BR-01)', () => {
    const out = principal(['s4A', 'spo_breach', 'restraining_order_breach']);
    expect(out.principal).toBe('s4A');
    expect(out.alsoRecord).toEqual(['restraining_order_breach', 'spo_breach']);
    expect(out.requirements).toContain('BR-01');
    expect(principal(['spo_breach']).principal).toBe('spo_breach');
  });

  it('ID-03: the seriousness table carries maximum penalties from the domain facts (s4/s4A 10 years, s2/s2A 6 months)', () => {
    const max = (code: string) => crimeSeriousness.find((c) => c.code === code)?.maximumMonths;
    expect([max('s4A'), max('s4'), max('s2A'), max('s2'), max('spo_breach'), max('coercive_control')]).toEqual([120, 120, 6, 6, 60, 60]);
  });

  it('ID-03: an unknown offence code or an empty list is refused', () => {
    expect(fields(refused(principalCrimeDecision, { offences: ['s4A', 'jaywalking'] }))).toEqual(['offences.1']);
    expect(fields(refused(principalCrimeDecision, { offences: [] }))).toEqual(['offences']);
  });
});
