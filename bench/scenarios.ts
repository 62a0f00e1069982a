/**
 * What the bench measures. Each HTTP scenario says how to load the server (paths, method,
 * headers, body, the status every response must have); each query scenario how to time a query
 * in-process. One not built yet says so, and the report shows it as "not yet available" rather
 * than a number: give it a `load` (or `run`) when its feature lands.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../src/store/db';
import { districts, occurrenceStatuses } from '../src/domain/occurrence';
import { sweepDeadlines } from '../src/jobs/deadline-sweep';
import type { Actor } from '../src/domain/actor';
import { emergingThreatThresholds, emergingThreatWindows } from '../src/policy/emerging-threats';
import { breachesByCourse, coursesOfConductWithIncidents, flagHitCandidates, recentBreaches, repeatVictimCandidates, serialPerpetratorCandidates } from '../src/store/repositories/emerging-threats';
import { listEmergingThreats } from '../src/app/intelligence/emerging-threats';

/** What the harness knows when it builds the scenarios. */
export interface BenchContext {
  /** A signed-in investigator's session cookie header (pages). */
  cookie: string;
  /** A call handler's API bearer token. */
  token: string;
  /** References of occurrences the investigator may open, in a seeded random order. */
  references: string[];
  /** The session cookie of the generated user with the most open tasks on their worklist. */
  worklistCookie: string;
  /** Person searches (query strings) for names of generated people, some misspelt, some with a date of birth. */
  personSearches: string[];
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
  {
    key: 'worklist',
    name: 'Worklist (HTML)',
    p95TargetMs: 50,
    load: (ctx) => ({ method: 'GET', paths: ['/worklist'], headers: { cookie: ctx.worklistCookie }, expectStatus: 200 }),
  },
  {
    key: 'person_search',
    name: 'Person search (HTML)',
    p95TargetMs: 50,
    load: (ctx) => ({ method: 'GET', paths: ctx.personSearches.map((q) => `/people?${q}`), headers: { cookie: ctx.cookie }, expectStatus: 200 }),
  },
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
  /** The target for one run, where it sets one. */
  targetMs?: number;
}

/** In-process queries timed over the whole data set. */
export const queryScenarios: QueryScenario[] = [
  // Every open task read, the overdue ones escalated (once: a second run finds them done). Runs after the HTTP scenarios: it writes.
  { key: 'deadline_sweep', name: 'Deadline sweep over all open tasks', run: async (store) => void (await sweepDeadlines({ store, clock: () => new Date() })) },
  // DI-01: each emerging-threat query over the whole force, as of its newest occurrence, for a user who may not see restricted records.
  ...emergingThreatScenarios(),
];

/** The emerging-threat queries (DI-01), each timed alone, then the whole list as the DIU analyst's page builds it. Target 2,000 ms each. */
function emergingThreatScenarios(): QueryScenario[] {
  const asOf = async (store: Store) => {
    const r = await store.db.selectFrom('occurrences').select((eb) => eb.fn.max('received_at').as('at')).executeTakeFirst();
    return r?.at ? new Date(r.at).toISOString() : new Date().toISOString();
  };
  const scenario = (key: string, name: string, run: (store: Store, at: string) => Promise<unknown>): QueryScenario => ({ key, name, targetMs: 2000, run: async (store) => void (await run(store, await asOf(store))) });
  const th = emergingThreatThresholds();
  return [
    scenario('emerging_threats_serial', 'Emerging threats: serial perpetrators (12 months)', (store, at) => serialPerpetratorCandidates(store.db, { since: emergingThreatWindows(at).serialSince, until: at, includeRestricted: false, minVictims: th.serialVictims })),
    scenario('emerging_threats_repeat', 'Emerging threats: repeat victims (12 months)', (store, at) => repeatVictimCandidates(store.db, { since: emergingThreatWindows(at).repeatSince, until: at, includeRestricted: false, minOccurrences: th.repeatOccurrences, minSuspects: th.repeatSuspects })),
    scenario('emerging_threats_escalation', 'Emerging threats: escalating courses of conduct (30 against 90 days)', async (store, at) => {
      const w = emergingThreatWindows(at);
      await coursesOfConductWithIncidents(store.db, { priorSince: w.escalationPriorSince, recentSince: w.escalationRecentSince, until: at, includeRestricted: false, minRecent: th.escalationMinimumRecent });
      await breachesByCourse(store.db, { since: w.escalationRecentSince, until: at, includeRestricted: false });
    }),
    scenario('emerging_threats_breaches', 'Emerging threats: SPO breaches and notify-if flag hits (7 days)', async (store, at) => {
      const w = { since: emergingThreatWindows(at).breachSince, until: at, includeRestricted: false };
      await recentBreaches(store.db, w);
      await flagHitCandidates(store.db, w);
    }),
    scenario('emerging_threats', 'Emerging threats: the whole list as the DIU analyst sees it', (store, at) => listEmergingThreats({ store, clock: () => new Date(at) }, benchAnalyst, {})),
  ];
}

/** The DIU analyst the list is built for (its read is logged under this id, as any user's would be). */
const benchAnalyst: Actor = { id: 'bench-diu-analyst', username: 'bench.diu.analyst', displayName: 'Bench DIU analyst', role: 'diu_analyst', rank: 'STAFF', district: null, unit: 'District Intelligence Unit' };

/** A plausible misspelling for the typo-tolerant person search: two neighbouring letters swapped. */
export function typo(name: string, seed: number): string {
  if (name.length < 4) return name;
  const i = 1 + (createHash('sha256').update(`${seed}:${name}`).digest().readUInt32LE(0) % (name.length - 2));
  return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
}

/** The same list in a seeded order, so every run loads the server the same way. */
export function seeded<T>(seed: number, list: readonly T[]): T[] {
  return list
    .map((item, i) => ({ item, key: createHash('sha256').update(`${seed}:${i}`).digest().readUInt32LE(0) }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.item);
}
