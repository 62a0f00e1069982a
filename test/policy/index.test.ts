/**
 * The decision registry as a whole: every decision is registered and documented, its JSON
 * Schemas build, every output cites requirements, and junk never gets through or throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionCatalogue, decisions, runDecision } from '../../src/policy/index.js';
import { requirementById } from '../../src/policy/requirements.js';
import { validInputs } from './arbitraries.js';

const names = [...decisions.keys()];

describe('the decision registry', () => {
  it('registers the fixed-contract decisions and the guards by name', () => {
    for (const name of [
      'classification', 'allocation', 'finalisation', 'deadlines', 'risk', 'spoConsideration', 'spoAuthority', 'flagReview', 'referrals',
      'suspectManagement', 'callGrading', 'principalCrime', 'searchPowers', 'occurrenceProgression', 'victimWithdrawal',
      'victimDoesNotSupport', 'breachPenalty', 'chargeReview',
    ]) {
      expect(decisions.has(name), name).toBe(true);
    }
    expect(Object.keys(validInputs).sort()).toEqual([...names].sort());
  });

  it('every decision names only requirement IDs that exist in the catalogue', () => {
    for (const d of decisions.values()) {
      expect(d.requirements.length, d.name).toBeGreaterThan(0);
      for (const id of d.requirements) expect(requirementById(id), `${d.name}: ${id}`).toBeDefined();
      expect(d.summary.length).toBeGreaterThan(10);
    }
  });

  it('decisionCatalogue builds a JSON Schema for every input and output without throwing', () => {
    const catalogue = decisionCatalogue();
    expect(catalogue.map((c) => c.name)).toEqual(names);
    for (const entry of catalogue) {
      expect(entry.inputSchema.type, entry.name).toBe('object');
      expect(entry.inputSchema.additionalProperties, `${entry.name} input rejects unknown fields`).toBe(false);
      expect(entry.outputSchema.type, entry.name).toBe('object');
      expect(JSON.parse(JSON.stringify(entry.inputSchema))).toEqual(entry.inputSchema);
    }
  });

  it('runDecision reports an unknown decision by name', () => {
    const run = runDecision(decisions, 'noSuchDecision', {});
    expect(run).toMatchObject({ ok: false, kind: 'unknown_decision' });
  });
});

describe('properties of every decision', () => {
  for (const name of names) {
    const arb = validInputs[name] as fc.Arbitrary<object>;

    it(`${name}: every output for a valid input cites at least one catalogued requirement and matches its output schema`, () => {
      const decision = decisions.get(name)!;
      fc.assert(
        fc.property(arb, (input) => {
          const run = runDecision(decisions, name, input);
          if (!run.ok) throw new Error(`valid input refused: ${JSON.stringify(input)} ${run.message}`);
          expect(decision.output.safeParse(run.result).success).toBe(true);
          const result = run.result as Record<string, unknown>;
          const ids = new Set<string>();
          for (const id of (result.requirements as string[] | undefined) ?? []) ids.add(id);
          for (const key of ['violations', 'deadlines', 'referrals', 'prompts', 'missingConditions']) {
            for (const item of (result[key] as { requirement: string }[] | undefined) ?? []) ids.add(item.requirement);
          }
          expect(ids.size).toBeGreaterThan(0);
          for (const id of ids) expect(requirementById(id), id).toBeDefined();
          const why = typeof result.explanation === 'string' ? result.explanation : '';
          expect(why.length).toBeGreaterThan(0);
        }),
        { numRuns: 150 },
      );
    });

    it(`${name}: arbitrary junk is refused as invalid_input naming a field, and never throws`, () => {
      fc.assert(
        fc.property(fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), (junk) => {
          const run = runDecision(decisions, name, junk);
          expect(run.ok).toBe(false);
          if (run.ok || run.kind !== 'invalid_input') throw new Error('expected invalid_input');
          expect(run.issues.length).toBeGreaterThan(0);
          for (const issue of run.issues) {
            expect(issue.field.length).toBeGreaterThan(0);
            expect(issue.message.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 150 },
      );
    });

    it(`${name}: a missing, mistyped or unknown field is refused naming that field`, () => {
      const required = new Set((decisionCatalogue().find((c) => c.name === name)!.inputSchema.required as string[] | undefined) ?? []);
      // Values no field accepts. (A Date or Map given for the all-defaults `parameters` object is
      // read by Zod as an object with no fields, i.e. the defaults; JSON input cannot carry one.)
      const wrongValue = fc.constantFrom<unknown>({ '\u0000junk': true }, Symbol('junk'), () => 1, Number.NaN, [[['junk']]], -1.5);
      fc.assert(
        fc.property(arb, fc.nat(), wrongValue, fc.string({ minLength: 1, maxLength: 12 }), (input, pick, bad, extraSuffix) => {
          const keys = Object.keys(input);
          const key = keys[pick % keys.length]!;
          const names = (run: ReturnType<typeof runDecision>) => (run.ok || run.kind !== 'invalid_input' ? [] : run.issues.map((i) => i.field));
          const namesKey = (fieldsNamed: string[]) => fieldsNamed.some((f) => f === key || f.startsWith(`${key}.`));

          // Missing: a required field must be refused by name; an optional one may be left out.
          const missing = { ...input } as Record<string, unknown>;
          delete missing[key];
          const missingRun = runDecision(decisions, name, missing);
          if (required.has(key)) {
            expect(missingRun.ok).toBe(false);
            expect(namesKey(names(missingRun))).toBe(true);
          }

          // Wrong type.
          const wrong = { ...input, [key]: bad };
          const wrongRun = runDecision(decisions, name, wrong);
          expect(wrongRun.ok).toBe(false);
          expect(namesKey(names(wrongRun))).toBe(true);

          // Unknown field.
          const extraKey = `zz_${extraSuffix}`;
          const extraRun = runDecision(decisions, name, { ...input, [extraKey]: true });
          expect(extraRun.ok).toBe(false);
          expect(names(extraRun)).toContain(extraKey);
        }),
        { numRuns: 120 },
      );
    });
  }
});
