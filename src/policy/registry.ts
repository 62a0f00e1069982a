import { z } from 'zod';

/**
 * A policy decision: a pure function from a validated input to an output that names
 * the requirement IDs (../requirements.ts) that produced it. No I/O, no clock reads:
 * where time matters it is part of the input.
 */
export interface Decision<I = unknown, O = unknown> {
  /** Fixed public name, e.g. "classification". Used by CLI, API and pages. */
  readonly name: string;
  /** One sentence a detective sergeant would recognise. */
  readonly summary: string;
  /** Every requirement ID this decision implements. */
  readonly requirements: readonly string[];
  readonly input: z.ZodType<I>;
  readonly output: z.ZodType<O>;
  decide(input: I): O;
}

export function defineDecision<I, O>(d: Decision<I, O>): Decision<I, O> {
  return d;
}

/** One problem with an input, naming the field (dot path) that is wrong. */
export interface InputIssue {
  field: string;
  message: string;
}

export type DecisionRun =
  | { ok: true; result: unknown }
  | { ok: false; kind: 'unknown_decision'; message: string }
  | { ok: false; kind: 'invalid_input'; message: string; issues: InputIssue[] };

/** A dot path; an empty key is shown as "" so every issue names a field. */
function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((k) => (String(k) === '' ? '""' : String(k))).join('.');
}

export function issuesFromZod(error: z.ZodError): InputIssue[] {
  return error.issues.flatMap((issue) => {
    // An unknown field is named itself (e.g. "colour"), not by the object that holds it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: fieldPath([...issue.path, key]),
        message: `Unknown field "${key}": it is not part of this input`,
      }));
    }
    return [{ field: issue.path.length ? fieldPath(issue.path) : '(input)', message: issue.message }];
  });
}

/** Validates a raw (untrusted) input against the decision's schema and runs it. Never throws on bad input. */
export function runDecision(registry: ReadonlyMap<string, Decision<any, any>>, name: string, raw: unknown): DecisionRun {
  const decision = registry.get(name);
  if (!decision) {
    return { ok: false, kind: 'unknown_decision', message: `No decision named "${name}". Known: ${[...registry.keys()].join(', ')}` };
  }
  const parsed = decision.input.safeParse(raw);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    return {
      ok: false,
      kind: 'invalid_input',
      message: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
      issues,
    };
  }
  return { ok: true, result: decision.decide(parsed.data) };
}
