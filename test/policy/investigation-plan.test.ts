import { describe, expect, it } from 'vitest';
import { investigationPlan } from '../../src/policy/investigation-plan';

const base = { offence: 's2A' as const, domestic: true, victimSupportsProsecution: true, digitalEvidence: false, suspectLinksOutsideForce: false, callsToPolice: false, vulnerableOrIntimidatedWitnesses: false, riskGrade: 'standard' as const };
const keys = (i: Parameters<typeof investigationPlan>[0]) => investigationPlan(i).lines.map((l) => l.key);

describe('investigation plan', () => {
  it('SV-01, IO-02: every plan reviews the DASH and safety plan and considers all lines of enquiry', () => {
    expect(keys(base)).toEqual(expect.arrayContaining(['review_dash', 'lines_of_enquiry', 'suspect_account']));
    expect(investigationPlan(base).requirements).toContain('SV-01');
  });
  it('IO-01: "evidence led prosecutions when a victim does not support"', () => {
    expect(keys(base)).not.toContain('evidence_led');
    expect(keys({ ...base, victimSupportsProsecution: false })).toContain('evidence_led');
  });
  it('IO-03: call recordings downloaded and PND searched "where the suspect has links outside of WYP"', () => {
    expect(keys({ ...base, callsToPolice: true, suspectLinksOutsideForce: true })).toEqual(expect.arrayContaining(['call_recordings', 'pnd_search']));
    expect(keys(base)).not.toContain('pnd_search');
  });
  it('SV-04: an SPO is considered early in stalking cases only', () => {
    expect(keys(base)).toContain('spo_consideration');
    expect(keys({ ...base, offence: 's2' })).not.toContain('spo_consideration');
  });
  it('IO-05, TS-05, SC-03: special measures, SCU liaison for high risk, digital lines of enquiry', () => {
    const k = keys({ ...base, vulnerableOrIntimidatedWitnesses: true, riskGrade: 'high', digitalEvidence: true });
    expect(k).toEqual(expect.arrayContaining(['special_measures', 'scu_liaison', 'digital_evidence']));
  });
});
