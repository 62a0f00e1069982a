/**
 * Policy decisions per second: Conduct's allocation decision (validated input, as the API and
 * CLI run it) against the same rules written for json-rules-engine, a general-purpose engine a
 * team might otherwise pick. Both are first checked to agree on every possible input.
 */
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { decisions } from '../src/policy/index';
import { runDecision } from '../src/policy/registry';
import { allocate, type AllocationInput, type AllocationOutput } from '../src/policy/allocation';
import { relationships } from '../src/policy/vocabulary';

export interface PolicyBenchResult {
  decision: string;
  inputs: number;
  agreeOnEveryInput: boolean;
  disagreements: string[];
  conductPerSecond: number;
  conductDecideOnlyPerSecond: number;
  jsonRulesEnginePerSecond: number;
  ratio: number;
}

/** Every allocation input there is: 2 offences x 6 relationships x 2^6 yes/no answers. */
export function allAllocationInputs(): AllocationInput[] {
  const out: AllocationInput[] = [];
  for (const offence of ['s2A', 's4A'] as const) {
    for (const relationship of relationships) {
      for (let bits = 0; bits < 64; bits++) {
        out.push({
          offence,
          relationship,
          adultAtRisk: Boolean(bits & 1),
          honourBasedAbuse: Boolean(bits & 2),
          coerciveControl: Boolean(bits & 4),
          prolongedCourseOfConduct: Boolean(bits & 8),
          significantCumulativeImpact: Boolean(bits & 16),
          perpetratorEscalation: Boolean(bits & 32),
        });
      }
    }
  }
  return out;
}

const domestic = ['intimate_partner', 'ex_intimate_partner', 'family_member'];
const is = (fact: string, value: unknown) => ({ fact, operator: 'equal', value });

/** The allocation policy (AL-01 to AL-05) as json-rules-engine rules. The highest-ranked unit event wins, as the clauses are ordered. */
export const allocationRules: RuleProperties[] = [
  { conditions: { all: [{ fact: 'relationship', operator: 'in', value: domestic }] }, event: { type: 'reviewer', params: { reviewer: 'DA_DS' } } },
  { conditions: { all: [{ fact: 'relationship', operator: 'notIn', value: domestic }] }, event: { type: 'reviewer', params: { reviewer: 'CID_DS' } } },
  // s4A (AL-02)
  unit(9, 'DA_TEAM', 'AL-02', { all: [is('offence', 's4A'), { fact: 'relationship', operator: 'in', value: domestic }] }),
  unit(8, 'ADULT_SAFEGUARDING', 'AL-02', { all: [is('offence', 's4A'), { any: [is('adultAtRisk', true), is('honourBasedAbuse', true)] }] }),
  unit(7, 'CID', 'AL-02', { all: [is('offence', 's4A')] }),
  // s2A (AL-03, AL-04, AL-05)
  unit(6, 'DA_TEAM', 'AL-03', { all: [is('offence', 's2A'), { fact: 'relationship', operator: 'in', value: ['intimate_partner', 'ex_intimate_partner'] }] }),
  unit(5, 'DA_TEAM', 'AL-03', { all: [is('offence', 's2A'), is('relationship', 'family_member'), { any: [is('honourBasedAbuse', true), is('coerciveControl', true)] }] }),
  unit(4, 'ADULT_SAFEGUARDING', 'AL-04', { all: [is('offence', 's2A'), { any: [is('adultAtRisk', true), is('honourBasedAbuse', true)] }] }),
  unit(3, 'INVESTIGATION_TEAM', 'AL-05', { all: [is('offence', 's2A')] }),
  // AL-05: signals that the offence should be considered for reclassification, and where an s4A would go.
  { conditions: { any: [is('prolongedCourseOfConduct', true), is('significantCumulativeImpact', true), is('perpetratorEscalation', true)] }, event: { type: 'signal' } },
  { conditions: { all: [{ fact: 'relationship', operator: 'in', value: domestic }] }, event: { type: 'unitIfS4A', params: { rank: 3, unit: 'DA_TEAM' } } },
  { conditions: { any: [is('adultAtRisk', true), is('honourBasedAbuse', true)] }, event: { type: 'unitIfS4A', params: { rank: 2, unit: 'ADULT_SAFEGUARDING' } } },
  { conditions: { all: [is('offence', 's4A')] }, event: { type: 'unitIfS4A', params: { rank: 1, unit: 'CID' } } },
  { conditions: { all: [is('offence', 's2A')] }, event: { type: 'unitIfS4A', params: { rank: 1, unit: 'CID' } } },
];

function unit(rank: number, name: string, requirement: string, conditions: TopLevelCondition): RuleProperties {
  return { conditions, event: { type: 'unit', params: { rank, unit: name, requirement } } };
}

type Outcome = Pick<AllocationOutput, 'reviewer' | 'unit' | 'domestic' | 'considerReclassificationToS4A' | 'ifReclassifiedToS4A' | 'requirements'>;

export function allocationEngine(): Engine {
  return new Engine(allocationRules);
}

/** Runs the rules and reads the outcome from the events, as a team using the engine would. */
export async function allocateWithEngine(engine: Engine, input: AllocationInput): Promise<Outcome> {
  const { events } = await engine.run({ ...input });
  const best = (type: string) =>
    events.filter((e) => e.type === type).reduce<Record<string, unknown> | undefined>((a, e) => (!a || Number(e.params?.rank) > Number(a.rank) ? e.params : a), undefined);
  const reviewer = events.find((e) => e.type === 'reviewer')!.params!.reviewer as Outcome['reviewer'];
  const chosen = best('unit')!;
  const consider = chosen.requirement === 'AL-05' && events.some((e) => e.type === 'signal');
  const requirements = ['AL-01', String(chosen.requirement)];
  if (consider && !requirements.includes('AL-02')) requirements.push('AL-02');
  return {
    reviewer,
    unit: chosen.unit as Outcome['unit'],
    domestic: reviewer === 'DA_DS',
    considerReclassificationToS4A: consider,
    ...(consider ? { ifReclassifiedToS4A: { unit: best('unitIfS4A')!.unit as Outcome['unit'], reviewer } } : {}),
    requirements,
  };
}

function outcomeOf(o: AllocationOutput): Outcome {
  const { reviewer, unit: u, domestic: d, considerReclassificationToS4A, ifReclassifiedToS4A, requirements } = o;
  return { reviewer, unit: u, domestic: d, considerReclassificationToS4A, ...(ifReclassifiedToS4A ? { ifReclassifiedToS4A } : {}), requirements };
}

/** Calls f repeatedly for about `seconds` (after a short warm-up) and returns calls per second. */
async function rate(seconds: number, f: (i: number) => unknown | Promise<unknown>, isAsync: boolean): Promise<number> {
  const loop = async (ms: number) => {
    const end = performance.now() + ms;
    let i = 0;
    const started = performance.now();
    while (performance.now() < end) {
      // Check the clock every 256 calls so reading it costs nothing measurable.
      for (let k = 0; k < 256; k++, i++) {
        if (isAsync) await f(i);
        else f(i);
      }
    }
    return i / ((performance.now() - started) / 1000);
  };
  await loop(Math.min(1000, seconds * 250));
  return loop(seconds * 1000);
}

export async function benchPolicy(seconds: number): Promise<PolicyBenchResult> {
  const inputs = allAllocationInputs();
  const engine = allocationEngine();
  const disagreements: string[] = [];
  for (const input of inputs) {
    const ours = runDecision(decisions, 'allocation', input);
    if (!ours.ok) {
      disagreements.push(`${JSON.stringify(input)}: ${ours.message}`);
      continue;
    }
    const theirs = await allocateWithEngine(engine, input);
    if (JSON.stringify(outcomeOf(ours.result as AllocationOutput)) !== JSON.stringify(theirs)) {
      disagreements.push(`${JSON.stringify(input)}: conduct ${JSON.stringify(outcomeOf(ours.result as AllocationOutput))} engine ${JSON.stringify(theirs)}`);
    }
  }
  const conductPerSecond = await rate(seconds, (i) => runDecision(decisions, 'allocation', inputs[i % inputs.length]), false);
  const conductDecideOnlyPerSecond = await rate(seconds, (i) => allocate(inputs[i % inputs.length]!), false);
  const jsonRulesEnginePerSecond = await rate(seconds, (i) => engine.run({ ...inputs[i % inputs.length] }), true);
  return {
    decision: 'allocation',
    inputs: inputs.length,
    agreeOnEveryInput: disagreements.length === 0,
    disagreements: disagreements.slice(0, 5),
    conductPerSecond: Math.round(conductPerSecond),
    conductDecideOnlyPerSecond: Math.round(conductDecideOnlyPerSecond),
    jsonRulesEnginePerSecond: Math.round(jsonRulesEnginePerSecond),
    ratio: Math.round((conductPerSecond / jsonRulesEnginePerSecond) * 10) / 10,
  };
}
