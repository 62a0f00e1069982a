/** Test helpers for the policy decisions: run through the schema, check the output schema. */
import { expect } from 'vitest';
import type { Decision, InputIssue } from '../../src/policy/registry.js';
import { issuesFromZod } from '../../src/policy/registry.js';

/** Validates the input like runDecision, decides, and checks the output against the decision's own output schema. */
export function decide<I, O>(decision: Decision<I, O>, input: unknown): O {
  const parsed = decision.input.safeParse(input);
  if (!parsed.success) throw new Error(`Input refused: ${JSON.stringify(issuesFromZod(parsed.error))}`);
  const output = decision.decide(parsed.data);
  const checked = decision.output.safeParse(output);
  if (!checked.success) throw new Error(`Output does not match its schema: ${JSON.stringify(issuesFromZod(checked.error))}`);
  return output;
}

/** The input issues for an input that must be refused. */
export function refused<I, O>(decision: Decision<I, O>, input: unknown): InputIssue[] {
  const parsed = decision.input.safeParse(input);
  expect(parsed.success, `expected ${JSON.stringify(input)} to be refused`).toBe(false);
  return parsed.success ? [] : issuesFromZod(parsed.error);
}

export function fields(issues: InputIssue[]): string[] {
  return issues.map((i) => i.field);
}

export function cited(output: { violations: { requirement: string }[] }): string[] {
  return output.violations.map((v) => v.requirement);
}
