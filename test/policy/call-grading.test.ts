import { describe, expect, it } from 'vitest';
import { callGradingDecision } from '../../src/policy/call-grading.js';
import { cited, decide } from './support.js';

const grade = (input: Record<string, unknown>) => decide(callGradingDecision, input);

describe('callGrading', () => {
  it('CS-01: "An emergency response must be provided where it is apparent that the caller or victim is at risk of immediate harm"', () => {
    const out = grade({ immediateRiskOfHarm: true, proposedGrade: 'emergency' });
    expect(out).toMatchObject({ minimumGrade: 'emergency', allowed: true });
    for (const proposedGrade of ['priority', 'scheduled', 'resolve_without_deployment']) {
      const low = grade({ immediateRiskOfHarm: true, proposedGrade });
      expect(low.allowed).toBe(false);
      expect(cited(low)).toEqual(['CS-01']);
    }
  });

  it('CS-01: a threat to life is a risk of immediate harm, and prompts the Threats to Life procedure (AO-08)', () => {
    const out = grade({ immediateRiskOfHarm: false, threatToLife: true, proposedGrade: 'priority' });
    expect(out.allowed).toBe(false);
    expect(out.prompts.map((p) => p.requirement)).toContain('AO-08');
  });

  it('CS-01: "Grading calls for service appropriately based on threat, risk and harm": without immediate harm the handler grades', () => {
    const out = grade({ immediateRiskOfHarm: false, proposedGrade: 'scheduled' });
    expect(out).toMatchObject({ allowed: true, minimumGrade: 'resolve_without_deployment' });
    expect(out.requirements).toContain('CS-01');
  });

  it('CS-04: "Advising the victim or caller about preserving any potential evidence until the police arrive"; CS-05: tell them officers are despatched', () => {
    const prompts = grade({ immediateRiskOfHarm: false }).prompts.map((p) => p.requirement);
    expect(prompts).toEqual(expect.arrayContaining(['CS-04', 'CS-05']));
  });
});
