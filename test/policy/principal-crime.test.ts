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

  const mostCases = 'In most cases this is likely to be the stalking and harassment, or controlling and coercive behaviour';

  it(`ID-03: "${mostCases}": malicious communications and improper use of a network are counted within the harassment class and never displace stalking or harassment`, () => {
    for (const behavioural of ['s2A', 's2']) {
      const out = principal([behavioural, 'malicious_communications', 'improper_use_of_communications']);
      expect(out.principal, behavioural).toBe(behavioural);
      expect(out.explanation).toContain(`"${mostCases}"`);
      expect(out.explanation).toMatch(/malicious communications .*counted within the harassment class/);
    }
    // Alone, malicious communications is its own principal crime.
    expect(principal(['malicious_communications', 'common_assault']).principal).toBe('malicious_communications');
  });

  it(`ID-03: "${mostCases}": criminal damage not exceeding £5,000 is summary-only (3 months) and does not displace stalking; without a value it is taken as not exceeding £5,000`, () => {
    const noValue = principal(['s2A', 'criminal_damage']);
    expect(noValue.principal).toBe('s2A');
    expect(noValue.ranked.find((r) => r.offence === 'criminal_damage')?.maximumMonths).toBe(3);
    expect(noValue.explanation).toContain(`"${mostCases}"`);
    expect(noValue.explanation).toMatch(/No value is given for the criminal damage.*If the damage is worth more, give its value/);
    const low = decide(principalCrimeDecision, { offences: ['s2', 'criminal_damage'], damageValuePounds: 5000 });
    expect(low.principal).toBe('s2');
    expect(low.explanation).toMatch(/£5000 \(not more than £5,000\), so it is triable only summarily/);
  });

  it('ID-03: a clearly more serious offence is principal, and the explanation says why and to check the course of conduct', () => {
    const damage = decide(principalCrimeDecision, { offences: ['s2A', 'criminal_damage'], damageValuePounds: 12_000 });
    expect(damage.principal).toBe('criminal_damage');
    expect(damage.ranked[0]).toMatchObject({ offence: 'criminal_damage', maximumMonths: 120 });
    expect(damage.explanation).toMatch(/clearly more serious offence is disclosed: criminal damage .* carries a maximum of 10 years, more than stalking \(PHA 1997 s2A\) \(6 months\)/);
    expect(damage.explanation).toMatch(/s4A/);
    // s4A (10 years) and criminal damage over £5,000 (10 years): the behavioural crime wins the tie.
    expect(decide(principalCrimeDecision, { offences: ['s4A', 'criminal_damage'], damageValuePounds: 12_000 }).principal).toBe('s4A');
    expect(principal(['s2A', 'abh_s47']).principal).toBe('abh_s47');
  });

  it('ID-03: a damage value must be a number of pounds, zero or more', () => {
    expect(fields(refused(principalCrimeDecision, { offences: ['s2A', 'criminal_damage'], damageValuePounds: -1 }))).toEqual(['damageValuePounds']);
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
