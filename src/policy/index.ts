/**
 * The policy as code: every decision, by name, and a catalogue of them with JSON Schemas for
 * the API and the pages. Pure: nothing here reads a clock, a file or the environment.
 */
import { z } from 'zod';
import { allocationDecision } from './allocation.js';
import { breachPenaltyDecision } from './breach.js';
import { callGradingDecision } from './call-grading.js';
import { chargeReviewDecision } from './charge-review.js';
import { classificationDecision } from './classification.js';
import { deadlinesDecision } from './deadlines.js';
import { finalisationDecision } from './finalisation.js';
import { flagReviewDecision } from './flags.js';
import { occurrenceProgressionDecision } from './occurrence-progression.js';
import { principalCrimeDecision } from './principal-crime.js';
import { primaryInvestigationDecision } from './primary-investigation.js';
import { investigationPlanDecision } from './investigation-plan.js';
import { referralsDecision } from './referrals.js';
import { retentionDecision } from './retention.js';
import { obligationsDecision } from './obligations.js';
import type { Decision } from './registry.js';
import { riskDecision } from './risk.js';
import { searchPowersDecision } from './search-powers.js';
import { spoAuthorityDecision, spoConsiderationDecision } from './spo.js';
import { suspectManagementDecision } from './suspect-management.js';
import { victimDoesNotSupportDecision, victimWithdrawalDecision } from './victim.js';

export { defineDecision, issuesFromZod, runDecision, type Decision, type DecisionRun, type InputIssue } from './registry.js';
export { requirementById, requirementCatalogue, type Requirement, type RequirementKind } from './requirements.js';
export { defaultParameters, policyParametersSchema, type PolicyParameters } from './parameters.js';

const all: readonly Decision<any, any>[] = [
  classificationDecision,
  allocationDecision,
  finalisationDecision,
  deadlinesDecision,
  riskDecision,
  spoConsiderationDecision,
  spoAuthorityDecision,
  flagReviewDecision,
  referralsDecision,
  suspectManagementDecision,
  callGradingDecision,
  principalCrimeDecision,
  searchPowersDecision,
  occurrenceProgressionDecision,
  victimWithdrawalDecision,
  victimDoesNotSupportDecision,
  breachPenaltyDecision,
  chargeReviewDecision,
  primaryInvestigationDecision,
  investigationPlanDecision,
  retentionDecision,
  obligationsDecision,
];

/** Every policy decision, by its fixed public name. */
export const decisions: ReadonlyMap<string, Decision<any, any>> = new Map(all.map((d) => [d.name, d]));

export interface DecisionCatalogueEntry {
  name: string;
  summary: string;
  requirements: readonly string[];
  /** JSON Schema (draft 2020-12) of what the decision accepts. */
  inputSchema: Record<string, unknown>;
  /** JSON Schema (draft 2020-12) of what the decision returns. */
  outputSchema: Record<string, unknown>;
}

/** The decisions with their JSON Schemas, for the API's documentation and for forms. */
export function decisionCatalogue(): DecisionCatalogueEntry[] {
  return [...decisions.values()].map((d) => ({
    name: d.name,
    summary: d.summary,
    requirements: d.requirements,
    inputSchema: z.toJSONSchema(d.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    outputSchema: z.toJSONSchema(d.output, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>,
  }));
}
