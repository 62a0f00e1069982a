/**
 * What the bench measures. Each HTTP scenario says how to load the server (paths, method,
 * headers, body, the status every response must have); each query scenario how to time a query
 * in-process. One not built yet says so, and the report shows it as "not yet available" rather
 * than a number: give it a `load` (or `run`) when its feature lands.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../src/store/db';
import { districts, occurrenceStatuses } from '../src/domain/occurrence';

/** What the harness knows when it builds the scenarios. */
export interface BenchContext {
  /** A signed-in investigator's session cookie header (pages). */
  cookie: string;
  /** A call handler's API bearer token. */
  token: string;
  /** References of occurrences the investigator may open, in a seeded random order. */
  references: string[];
  seed: number;
}

export interface LoadSpec {
  method: 'GET' | 'POST';
  /** Paths used in turn, one per request. */
  paths: string[];
  headers: Record<string, string>;
  body?: string;
  expectStatus: number;
}

export interface HttpScenario {
  key: string;
  name: string;
  /** The latency target for p95 at 20 connections, where it sets one. */
  p95TargetMs?: number;
  load?: (ctx: BenchContext) => LoadSpec;
  notYet?: string;
}

/** Words a detective would search first accounts for: some common, some rare, some places. */
export const searchWords = [
  'instagram', 'windscreen', 'tracking device', 'school gates', 'parcels', 'flowers', 'withheld', 'snapchat', 'bins', 'horn', 'voicemails',
  'headingley', 'keighley', 'halifax', 'dewsbury', 'pontefract', 'flowers windscreen', 'snapchat blocks', 'bail', 'locks changed', 'photographs',
];

export const httpScenarios: HttpScenario[] = [
  { key: 'bare', name: 'Bare Fastify route (baseline)', load: () => ({ method: 'GET', paths: ['/bench/bare'], headers: {}, expectStatus: 200 }) },
  {
    key: 'occurrence_page',
    name: 'Occurrence page (HTML)',
    p95TargetMs: 50,
    load: (ctx) => ({ method: 'GET', paths: ctx.references.map((r) => `/occurrences/${r}`), headers: { cookie: ctx.cookie }, expectStatus: 200 }),
  },
  { key: 'worklist', name: 'Worklist (HTML)', p95TargetMs: 50, notYet: 'the synthetic force has no tasks yet' },
  { key: 'person_search', name: 'Person search (HTML)', p95TargetMs: 50, notYet: 'the synthetic force has no people yet' },
  {
    key: 'occurrence_list_filter',
    name: 'Occurrence list, district and status filter (HTML)',
    load: (ctx) => ({
      method: 'GET',
      paths: seeded(
        ctx.seed,
        districts.flatMap((d) => occurrenceStatuses.map((s) => `/occurrences?district=${d}&status=${s}`)),
      ),
      headers: { cookie: ctx.cookie },
      expectStatus: 200,
    }),
  },
  {
    key: 'occurrence_text_search',
    name: 'Occurrence text search (HTML)',
    load: (ctx) => ({ method: 'GET', paths: seeded(ctx.seed, searchWords.map((w) => `/occurrences?text=${encodeURIComponent(w)}`)), headers: { cookie: ctx.cookie }, expectStatus: 200 }),
  },
  {
    key: 'create_occurrence',
    name: 'Create occurrence (API)',
    p95TargetMs: 100,
    load: (ctx) => ({
      method: 'POST',
      paths: ['/api/v1/occurrences'],
      headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        channel: '101',
        callGrade: 'priority',
        district: 'leeds',
        location: 'Otley Road, Headingley',
        firstAccount:
          'Caller states that her ex-partner has been waiting outside her address most evenings for the last three weeks and has sent over a hundred messages since Sunday. She is frightened to leave the house.',
      }),
      expectStatus: 201,
    }),
  },
  {
    key: 'policy_decision',
    name: 'Policy decision: allocation (API)',
    load: (ctx) => ({
      method: 'POST',
      paths: ['/api/v1/decisions/allocation'],
      headers: { authorization: `Bearer ${ctx.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        offence: 's2A',
        relationship: 'ex_intimate_partner',
        adultAtRisk: false,
        honourBasedAbuse: false,
        coerciveControl: true,
        prolongedCourseOfConduct: true,
        significantCumulativeImpact: false,
        perpetratorEscalation: false,
      }),
      expectStatus: 200,
    }),
  },
];

export interface QueryScenario {
  key: string;
  name: string;
  run?: (store: Store) => Promise<void>;
  notYet?: string;
}

/** In-process queries timed over the whole data set. */
export const queryScenarios: QueryScenario[] = [
  { key: 'deadline_sweep', name: 'Deadline sweep over all open tasks', notYet: 'no deadline sweep yet, and the synthetic force has no tasks' },
  { key: 'emerging_threats', name: 'Emerging-threat queries (serial perpetrators, repeat victims, escalation, breaches)', notYet: 'no emerging-threat queries yet' },
];

/** The same list in a seeded order, so every run loads the server the same way. */
export function seeded<T>(seed: number, list: readonly T[]): T[] {
  return list
    .map((item, i) => ({ item, key: createHash('sha256').update(`${seed}:${i}`).digest().readUInt32LE(0) }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}
