/**
 * The bench's results as JSON and markdown, and the README's "Performance" section, which shows
 * the latest result for each dialect and size in bench/results/.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyBenchResult } from './policy';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null; mean: number | null };
  statuses: Record<string, number>;
  unexpected: number;
  errors: number;
  warmupRequests: number;
  /** The server's CPU time (user + system) per request over warm-up and run: steadier than req/s on a shared machine. */
  serverCpuMsPerRequest?: number;
}

export interface HttpResult {
  key: string;
  name: string;
  available: boolean;
  notYet?: string;
  result?: LoadResult;
  /** Requests per second as a share of the bare route's. */
  vsBare?: number;
}

export interface TargetResult {
  name: string;
  target: string;
  result: string;
  met: boolean | null;
}

export interface BenchResults {
  dialect: 'sqlite' | 'postgres';
  occurrences: number;
  seed: number;
  ranAt: string;
  /** The commit measured (absent from results written before it was recorded). */
  commit?: string;
  wallSeconds: number;
  machine: Machine;
  settings: { connections: number; durationSeconds: number; warmupSeconds: number };
  generation: {
    seconds: number;
    occurrencesPerSecond: number;
    rows: { users: number; occurrences: number; searchTerms: number; logEntries: number };
    raw: { seconds: number; occurrencesPerSecond: number; rows: number };
    /** Generation rate as a share of the raw insert rate. */
    ratio: number;
  };
  http: HttpResult[];
  server: { rssMB: number; peakRssMB: number };
  policy: PolicyBenchResult;
  /** In-process queries: the first run (ms) and a second straight after (againMs). */
  queries: { key: string; name: string; available: boolean; notYet?: string; ms?: number; againMs?: number; targetMs?: number }[];
  targets: TargetResult[];
}

const n = (x: number) => Math.round(x).toLocaleString('en-GB');
const ms = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x < 10 ? x.toFixed(1) : n(x));
const pct = (x: number) => `${Math.round(x * 100)}%`;
const dialectName = (d: string) => (d === 'postgres' ? 'PostgreSQL' : 'SQLite');
const met = (m: boolean | null) => (m === null ? 'not yet available' : m ? '**met**' : '**missed**');

export function evaluateTargets(r: Omit<BenchResults, 'targets'>): TargetResult[] {
  const http = (key: string) => r.http.find((h) => h.key === key);
  const p95 = (key: string, limit: number, name: string): TargetResult => {
    const h = http(key);
    const v = h?.result?.latencyMs.p95;
    if (!h?.available || v === null || v === undefined) return { name, target: `p95 < ${limit} ms`, result: h?.notYet ? `not yet available (${h.notYet})` : 'not measured', met: null };
    return { name, target: `p95 < ${limit} ms`, result: `${ms(v)} ms`, met: v < limit && h.result!.unexpected === 0 };
  };
  const page = http('occurrence_page');
  return [
    p95('occurrence_page', 50, 'Occurrence page, 20 connections'),
    p95('worklist', 50, 'Worklist, 20 connections'),
    p95('person_search', 50, 'Person search, 20 connections'),
    p95('create_occurrence', 100, 'Create occurrence (API), 20 connections'),
    {
      name: 'Occurrence page throughput vs bare Fastify route',
      target: '≥ 25%',
      result: page?.vsBare !== undefined ? `${pct(page.vsBare)} (${n(page.result!.requestsPerSecond)} vs ${n(http('bare')!.result!.requestsPerSecond)} req/s)` : 'not measured',
      met: page?.vsBare !== undefined ? page.vsBare >= 0.25 : null,
    },
    {
      name: 'Generation vs raw driver inserts of the same rows',
      target: '≥ 50%',
      result: `${pct(r.generation.ratio)} (${n(r.generation.occurrencesPerSecond)} vs ${n(r.generation.raw.occurrencesPerSecond)} occurrences/s)`,
      met: r.generation.ratio >= 0.5,
    },
    {
      name: 'Policy decisions vs json-rules-engine (allocation)',
      target: '≥ 10x',
      result: `${r.policy.ratio}x (${n(r.policy.conductPerSecond)} vs ${n(r.policy.jsonRulesEnginePerSecond)} per second)${r.policy.agreeOnEveryInput ? '' : '; the two DISAGREE on some inputs'}`,
      met: r.policy.agreeOnEveryInput && r.policy.ratio >= 10,
    },
    { name: 'Server RSS after the run', target: '< 300 MB', result: `${n(r.server.rssMB)} MB (peak ${n(r.server.peakRssMB)} MB)`, met: r.server.rssMB < 300 },
  ];
}

export function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory, Node ${m.node}, ${m.os}`;
}

/** The full markdown report of one run. */
export function markdown(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(`## ${dialectName(r.dialect)}, ${n(r.occurrences)} occurrences`, '');
  lines.push(`Ran ${r.ranAt.slice(0, 16).replace('T', ' ')} UTC${r.commit ? ` at commit ${r.commit}` : ''} in ${Math.round(r.wallSeconds)} s on ${machineLine(r.machine)}. Seed ${r.seed}. HTTP: ${r.settings.connections} connections, ${r.settings.durationSeconds} s per route after a ${r.settings.warmupSeconds} s warm-up.`, '');
  lines.push('| Target | Goal | Result | |', '|---|---|---|---|');
  for (const t of r.targets) lines.push(`| ${t.name} | ${t.target} | ${t.result} | ${met(t.met)} |`);
  lines.push(
    '',
    `| HTTP, ${r.settings.connections} connections | req/s | p50 ms | p95 ms | p99 ms | vs bare | server CPU ms/request | non-expected responses |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const h of r.http) {
    if (!h.available || !h.result) {
      lines.push(`| ${h.name} | not yet available (${h.notYet}) | | | | | | |`);
      continue;
    }
    const l = h.result.latencyMs;
    const cpu = h.result.serverCpuMsPerRequest;
    lines.push(
      `| ${h.name} | ${n(h.result.requestsPerSecond)} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${h.vsBare !== undefined ? pct(h.vsBare) : ''} | ${cpu === undefined ? '' : cpu.toFixed(2)} | ${h.result.unexpected + h.result.errors} |`,
    );
  }
  const g = r.generation;
  lines.push('', '| Other measurement | Result | Baseline (same run) |', '|---|---|---|');
  lines.push(
    `| Generation | ${n(g.rows.occurrences)} occurrences, ${n(g.rows.searchTerms)} search terms, ${n(g.rows.logEntries)} log entries in ${g.seconds.toFixed(1)} s: ${n(g.occurrencesPerSecond)} occurrences/s | raw driver inserts of the same ${n(g.raw.rows)} rows: ${g.raw.seconds.toFixed(1)} s, ${n(g.raw.occurrencesPerSecond)} occurrences/s |`,
  );
  lines.push(
    `| Policy decisions (allocation, validated input) | ${n(r.policy.conductPerSecond)}/s (decide alone ${n(r.policy.conductDecideOnlyPerSecond)}/s) | json-rules-engine: ${n(r.policy.jsonRulesEnginePerSecond)}/s; ${r.policy.agreeOnEveryInput ? `same answer on all ${r.policy.inputs} inputs` : 'DISAGREE on some inputs'} |`,
  );
  lines.push(`| Server memory after the run | RSS ${n(r.server.rssMB)} MB, peak ${n(r.server.peakRssMB)} MB | |`);
  for (const q of r.queries) {
    lines.push(q.available && q.ms !== undefined ? `| ${q.name} | ${n(q.ms)} ms; again straight after: ${n(q.againMs ?? 0)} ms | |` : `| ${q.name} | not yet available (${q.notYet}) | |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Every run's latest result in bench/results, SQLite first, smaller first. */
export function latestResults(dir: string): BenchResults[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^(sqlite|postgres)-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as BenchResults)
    .sort((a, b) => (a.dialect === b.dialect ? a.occurrences - b.occurrences : a.dialect === 'sqlite' ? -1 : 1));
}

/** The README section: one column per dialect and size, one row per target, then the machine each ran on. */
export function readmeSection(results: BenchResults[]): string {
  if (results.length === 0) return 'No results yet: run `npm run bench`.\n';
  const head = results.map((r) => `${dialectName(r.dialect)}, ${n(r.occurrences)}`);
  const lines = [`| Target | Goal | ${head.join(' | ')} |`, `|---|---|${results.map(() => '---|').join('')}`];
  const names = results[0]!.targets.map((t) => t.name);
  for (const [i, name] of names.entries()) {
    const goal = results[0]!.targets[i]!.target;
    const cells = results.map((r) => {
      const t = r.targets.find((x) => x.name === name);
      if (!t) return '';
      if (t.met === null) return 'not yet available';
      return `${t.result.replace(/ \(.*$/, '')} ${t.met ? '(met)' : '(**missed**)'}`;
    });
    lines.push(`| ${name} | ${goal} | ${cells.join(' | ')} |`);
  }
  const rps = (key: string) => results.map((r) => {
    const h = r.http.find((x) => x.key === key);
    return h?.result ? `${n(h.result.requestsPerSecond)} req/s, p95 ${ms(h.result.latencyMs.p95)} ms` : 'not yet available';
  });
  for (const key of ['bare', 'occurrence_list_filter', 'occurrence_text_search', 'policy_decision']) {
    const name = results[0]!.http.find((h) => h.key === key)?.name ?? key;
    lines.push(`| ${name} | | ${rps(key).join(' | ')} |`);
  }
  for (const key of ['deadline_sweep', 'emerging_threats']) {
    const name = results[0]!.queries.find((q) => q.key === key)?.name ?? key;
    const cell = (r: BenchResults) => {
      const q = r.queries.find((x) => x.key === key);
      return q?.available && q.ms !== undefined ? `${n(q.ms)} ms` : 'not yet available';
    };
    lines.push(`| ${name} | | ${results.map(cell).join(' | ')} |`);
  }
  lines.push('');
  for (const r of results) {
    lines.push(`- ${dialectName(r.dialect)}, ${n(r.occurrences)} occurrences: ${r.ranAt.slice(0, 10)}${r.commit ? `, commit ${r.commit}` : ''}, ${machineLine(r.machine)}; details in [bench/results/${r.dialect}-${r.occurrences}.md](bench/results/${r.dialect}-${r.occurrences}.md).`);
  }
  return `${lines.join('\n')}\n`;
}

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Replaces only what lies between the README's bench markers; returns false if they are missing. */
export function updateReadme(readmePath: string, section: string): boolean {
  const text = readFileSync(readmePath, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return false;
  writeFileSync(readmePath, `${text.slice(0, a + START.length)}\n${section}${text.slice(b)}`);
  return true;
}
