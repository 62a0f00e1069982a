import { describe, expect, it } from 'vitest';
import { defaultParameters, policyParametersSchema } from '../../src/policy/parameters.js';
import { issuesFromZod } from '../../src/policy/registry.js';

describe('policy parameters', () => {
  it('FL-03: defaults follow the policy and, where it is silent, the documented assumptions', () => {
    expect(defaultParameters).toMatchObject({
      flagDurationMonths: 12,
      flagExtensionMonths: 12,
      flagReviewWindowMonths: 1,
      recordingDecisionHours: 24,
      victimUpdateEnhancedWorkingDays: 1,
      victimUpdateStandardWorkingDays: 5,
      maracYesThreshold: 14,
      maracEscalationIncidents: 3,
      dashMediumFromYesCount: 10,
      dashHighFromYesCount: 14,
      spoRenewalLeadMonths: 3,
      spoInitialVisitDays: 7,
      movedInAllocateOffenderManagerDays: 7,
      movedInInitialVisitDays: 14,
      movedOutNotifyNewForceDays: 1,
      preChargeBailInitialMonths: 3,
      preChargeBailInspectorMonths: 6,
      preChargeBailSuperintendentMonths: 9,
      thoroughRationaleMinChars: 80,
      al08FinalisingRanks: ['DS'],
    });
  });

  it('FL-03: a force overrides some values; the rest keep their defaults', () => {
    const p = policyParametersSchema.parse({ flagDurationMonths: 6 });
    expect(p.flagDurationMonths).toBe(6);
    expect(p.flagExtensionMonths).toBe(12);
  });

  it('IO-10: inconsistent or unknown parameters are refused naming the field', () => {
    const bad = policyParametersSchema.safeParse({ preChargeBailInspectorMonths: 2, colour: 'blue' });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(issuesFromZod(bad.error).map((i) => i.field).sort()).toEqual(['colour', 'preChargeBailInspectorMonths']);
  });
});
