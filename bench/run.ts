/**
 * npm run bench [-- --db sqlite|postgres] [--occurrences N] [--duration S] [--warmup S]
 *                  [--connections C] [--seed S] [--profile] [--only KEY,KEY] [--keep]
 * npm run bench -- --readme    (only rewrites the README's Performance section from bench/results)
 *
 * On a fresh database: generates the synthetic force, then measures generation against raw
 * driver inserts, HTTP routes against a bare Fastify route (autocannon, server in its own
 * process), policy decisions against json-rules-engine, and the server's memory. Writes
 * bench/results/<dialect>-<occurrences>.json and .md and the README's Performance section.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrate, openStore, type DatabaseTarget } from '../src/store/db';
import { DEMO_PASSWORD } from '../src/app/admin/seed-demo';
import { createApiToken } from '../src/app/admin/users';
import { generateSyntheticForce, syntheticUsername } from '../src/app/admin/synthetic-force';
import { defaultGenerationClock, progressReporter } from '../src/cli/generate';
import { rawInsertBaseline } from './raw-insert';
import { benchPolicy } from './policy';
import { httpScenarios, queryScenarios, seeded, typo, type BenchContext } from './scenarios';
import { evaluateTargets, latestResults, markdown, readmeSection, updateReadme, type BenchResults, type HttpResult, type LoadResult } from './report';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench', 'results');
const scratch = join(resultsDir, 'tmp');

class UsageError extends Error {}

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      db: { type: 'string', default: 'sqlite' },
      occurrences: { type: 'string', default: '50000' },
      duration: { type: 'string', default: '15' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      profile: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
      readme: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const whole = (name: string, v: string, min: number, max: number) => {
    const x = /^\d+$/.test(v.replace(/_/g, '')) ? Number(v.replace(/_/g, '')) : NaN;
    if (!(x >= min && x <= max)) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${v}")`);
    return x;
  };
  if (values.db !== 'sqlite' && values.db !== 'postgres') throw new UsageError(`--db must be sqlite or postgres (got "${values.db}")`);
  const duration = whole('duration', values.duration, 1, 600);
  return {
    dialect: values.db as 'sqlite' | 'postgres',
    occurrences: whole('occurrences', values.occurrences, 100, 10_000_000),
    duration,
    warmup: values.warmup === undefined ? Math.min(3, duration) : whole('warmup', values.warmup, 0, 60),
    connections: whole('connections', values.connections, 1, 1000),
    seed: whole('seed', values.seed, 0, 0xffffffff),
    profile: values.profile ?? false,
    keep: values.keep ?? false,
    /** While profiling: only these HTTP scenarios (comma-separated keys); the bare baseline always runs. */
    only: values.only ? new Set(['bare', ...values.only.split(',')]) : undefined,
    readme: values.readme ?? false,
  };
}

const say = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** The commit measured, and whether the working tree had changes on top of it (undefined outside git). */
function measuredCommit(): string | undefined {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const sha = git('rev-parse', '--short', 'HEAD');
    // The code and its dependencies only: the bench rewrites README.md and bench/results itself.
    const changed = git('status', '--porcelain', '--', 'src', 'bench', 'package.json', 'package-lock.json', 'tsconfig.json', ':(exclude)bench/results');
    return changed ? `${sha} with uncommitted changes` : sha;
  } catch {
    return undefined;
  }
}

/** Fresh databases for the run, removed again afterwards. */
async function freshDatabases(dialect: 'sqlite' | 'postgres', runDir: string): Promise<{ main: DatabaseTarget; raw: DatabaseTarget; dropRaw: () => Promise<void>; dropAll: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    mkdirSync(runDir, { recursive: true });
    const file = (name: string) => join(runDir, name);
    const remove = (name: string) => {
      for (const s of ['', '-wal', '-shm']) rmSync(file(name) + s, { force: true });
    };
    return {
      main: { kind: 'sqlite', file: file('conduct.sqlite') },
      raw: { kind: 'sqlite', file: file('raw.sqlite') },
      dropRaw: async () => remove('raw.sqlite'),
      dropAll: async () => {
        remove('raw.sqlite');
        remove('conduct.sqlite');
      },
    };
  }
  const admin = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!admin) throw new UsageError('--db postgres needs TEST_DATABASE_URL (or DATABASE_URL): a server where the bench may create and drop databases');
  const suffix = randomBytes(5).toString('hex');
  const names = { main: `conduct_bench_${suffix}`, raw: `conduct_bench_raw_${suffix}` };
  const adminQuery = async (text: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  const urlOf = (name: string) => {
    const u = new URL(admin);
    u.pathname = `/${name}`;
    return u.toString();
  };
  await adminQuery(`create database ${names.main}`);
  await adminQuery(`create database ${names.raw}`);
  let rawDropped = false;
  const dropRaw = async () => {
    if (rawDropped) return;
    rawDropped = true;
    await adminQuery(`drop database if exists ${names.raw} with (force)`);
  };
  return {
    main: { kind: 'postgres', url: urlOf(names.main) },
    raw: { kind: 'postgres', url: urlOf(names.raw) },
    dropRaw,
    dropAll: async () => {
      await dropRaw();
      await adminQuery(`drop database if exists ${names.main} with (force)`);
    },
  };
}

function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
  };
}

/** Starts the server in its own process; resolves with its port once it listens. */
async function startServer(target: DatabaseTarget, profileDir: string | undefined, logFile: string): Promise<{ child: ChildProcess; port: number }> {
  const args = ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), join(root, 'bench', 'server.ts')];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', BENCH_DATABASE: JSON.stringify(target), BENCH_SESSION_SECRET: randomBytes(32).toString('hex') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr!.on('data', (d: Buffer) => {
    log += d.toString();
    if (log.length > 1_000_000) log = log.slice(-500_000);
  });
  child.on('exit', () => writeFileSync(logFile, log));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the bench server did not start within 60 s: ${log.slice(-2000)}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { port: number }).port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bench server exited (${code}) before listening: ${log.slice(-2000)}`));
    });
  });
  return { child, port };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** The server's resident memory now and at its peak, from /proc. */
function memoryOf(pid: number): { rssMB: number; peakRssMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMB: Math.round(kb('VmRSS') / 1024), peakRssMB: Math.round(kb('VmHWM') / 1024) };
}

/** The server's CPU time so far (user + system), in milliseconds, from /proc. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Signs in through the real pages and returns the session cookie header. */
async function signIn(base: string, username: string, password: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const cookie = form.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('The sign-in page had no CSRF token');
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: csrf }).toString(),
  });
  const signedIn = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (res.status !== 303 || !signedIn) throw new Error(`Signing in as ${username} failed (${res.status})`);
  return signedIn;
}

/** One autocannon run in its own process. */
async function load(spec: object, specFile: string): Promise<LoadResult> {
  writeFileSync(specFile, JSON.stringify(spec));
  const child = spawn(process.execPath, [join(root, 'bench', 'load.mjs'), specFile], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
}

async function main(): Promise<void> {
  const o = options();
  if (o.readme) {
    const updated = updateReadme(join(root, 'README.md'), readmeSection(latestResults(resultsDir)));
    say(updated ? 'rewrote the README Performance section from bench/results' : 'README.md has no bench:start and bench:end markers: nothing rewritten');
    return;
  }
  const commit = measuredCommit();
  const started = performance.now();
  const ranAt = new Date().toISOString();
  const runDir = join(scratch, `run-${o.dialect}-${process.pid}`);
  mkdirSync(runDir, { recursive: true });
  const dbs = await freshDatabases(o.dialect, runDir);
  let server: ChildProcess | undefined;
  let finished = false;
  const cleanup = async () => {
    if (server) await stopServer(server);
    if (o.keep) {
      say(`kept the databases and ${runDir.slice(root.length + 1)}`);
      return;
    }
    await dbs.dropAll();
    // The server's log and the load specs stay for a run that failed.
    if (finished) rmSync(runDir, { recursive: true, force: true });
    else say(`the server's log is in ${runDir.slice(root.length + 1)}`);
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });
  try {
    // 1. Generation, through the repositories.
    const store = openStore(dbs.main);
    await migrate(store);
    const deps = { store, clock: () => new Date() };
    say(`generating ${o.occurrences.toLocaleString('en-GB')} occurrences on a fresh ${o.dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'} database`);
    const progress = progressReporter(o.occurrences, process.stderr);
    const g0 = performance.now();
    const generated = await generateSyntheticForce(deps, { occurrences: o.occurrences, seed: o.seed, now: defaultGenerationClock(), password: DEMO_PASSWORD, onProgress: progress.update });
    const generationSeconds = (performance.now() - g0) / 1000;
    progress.done();

    // 2. Baseline: the same rows through the bare driver into another fresh database.
    say('inserting the same rows through the bare driver (baseline)');
    const rawStore = openStore(dbs.raw);
    await migrate(rawStore);
    await rawStore.close();
    const raw = await rawInsertBaseline(dbs.main, dbs.raw);
    await dbs.dropRaw();

    // 3. What the HTTP scenarios need: a token, a sample of references the investigator may open.
    const { token } = await createApiToken(deps, syntheticUsername('call.handler', 'leeds'), 'bench');
    const visible = await store.db.selectFrom('occurrences').select('reference').where('restricted', '=', 0).execute();
    const references = seeded(o.seed, visible.map((r) => r.reference)).slice(0, 2000);
    const worklistUser = await busiestWorklistUser(store);
    const personSearches = await personSearchQueries(store, o.seed);
    await store.close();

    // 4. HTTP, the server in its own process.
    const profileDir = o.profile ? join(scratch, `prof-${o.dialect}-${process.pid}`) : undefined;
    const started2 = await startServer(dbs.main, profileDir, join(runDir, 'server.log'));
    server = started2.child;
    const base = `http://127.0.0.1:${started2.port}`;
    const cookie = await signIn(base, syntheticUsername('investigator', 'leeds'), DEMO_PASSWORD);
    const worklistCookie = await signIn(base, worklistUser, DEMO_PASSWORD);
    say(`worklist as ${worklistUser}; ${personSearches.length} person searches`);
    const ctx: BenchContext = { cookie, token, references, worklistCookie, personSearches, seed: o.seed };
    const http: HttpResult[] = [];
    for (const s of httpScenarios) {
      if (o.only && s.load && !o.only.has(s.key)) continue;
      if (!s.load) {
        http.push({ key: s.key, name: s.name, available: false, notYet: s.notYet ?? 'not built yet' });
        continue;
      }
      const spec = s.load(ctx);
      const probe = await fetch(`${base}${spec.paths[0]}`, { method: spec.method, headers: spec.headers, body: spec.body, redirect: 'manual' });
      await probe.arrayBuffer();
      if (probe.status !== spec.expectStatus) throw new Error(`${s.name}: expected ${spec.expectStatus}, got ${probe.status} for ${spec.method} ${spec.paths[0]}`);
      say(`${s.name}: ${o.connections} connections, ${o.warmup} s warm-up + ${o.duration} s`);
      const cpuBefore = cpuMsOf(server.pid!);
      const result = await load(
        { ...spec, url: base, connections: o.connections, seconds: o.duration, warmupSeconds: o.warmup },
        join(runDir, `load-${s.key}.json`),
      );
      result.serverCpuMsPerRequest = Math.round(((cpuMsOf(server.pid!) - cpuBefore) / (result.requests + result.warmupRequests)) * 100) / 100;
      if (result.unexpected || result.errors) say(`  ${result.unexpected} responses other than ${spec.expectStatus} (${JSON.stringify(result.statuses)}), ${result.errors} errors`);
      http.push({ key: s.key, name: s.name, available: true, result });
    }
    const bare = http.find((h) => h.key === 'bare')?.result?.requestsPerSecond;
    for (const h of http) if (h.result && bare && h.key !== 'bare') h.vsBare = Math.round((h.result.requestsPerSecond / bare) * 1000) / 1000;
    const memory = memoryOf(server.pid!);
    await stopServer(server);
    server = undefined;
    if (profileDir) say(`server CPU profile in ${profileDir}`);

    // 5. Queries in-process, each timed once over the whole data set and once again straight after (after HTTP: the sweep writes).
    const queries: BenchResults['queries'] = [];
    {
      const qStore = openStore(dbs.main);
      try {
        for (const q of queryScenarios) {
          if (!q.run) {
            queries.push({ key: q.key, name: q.name, available: false, notYet: q.notYet ?? 'not built yet' });
            continue;
          }
          say(q.name);
          const t0 = performance.now();
          await q.run(qStore);
          const first = performance.now() - t0;
          const t1 = performance.now();
          await q.run(qStore);
          queries.push({ key: q.key, name: q.name, available: true, ms: Math.round(first), againMs: Math.round(performance.now() - t1), ...(q.targetMs ? { targetMs: q.targetMs } : {}) });
        }
      } finally {
        await qStore.close();
      }
    }

    // 6. Policy decisions in-process.
    say('policy decisions: conduct vs json-rules-engine');
    const policy = await benchPolicy(Math.min(3, o.duration));

    const partial: Omit<BenchResults, 'targets'> = {
      dialect: o.dialect,
      occurrences: o.occurrences,
      seed: o.seed,
      ranAt,
      ...(commit ? { commit } : {}),
      wallSeconds: 0,
      machine: machine(),
      settings: { connections: o.connections, durationSeconds: o.duration, warmupSeconds: o.warmup },
      generation: {
        seconds: Math.round(generationSeconds * 10) / 10,
        occurrencesPerSecond: Math.round(o.occurrences / generationSeconds),
        rows: { users: generated.users.created, occurrences: generated.occurrences, searchTerms: generated.searchTerms, logEntries: generated.logEntries },
        raw: { seconds: Math.round(raw.seconds * 10) / 10, occurrencesPerSecond: Math.round(raw.occurrences / raw.seconds), rows: raw.rows },
        ratio: Math.round((raw.seconds / generationSeconds) * 1000) / 1000,
      },
      http,
      server: memory,
      policy,
      queries,
    };
    partial.wallSeconds = Math.round((performance.now() - started) / 1000);
    const results: BenchResults = { ...partial, targets: evaluateTargets(partial) };
    const name = `${o.dialect}-${o.occurrences}`;
    // A partial or profiled run is scratch: it never replaces a committed result.
    const outDir = o.only || o.profile ? scratch : resultsDir;
    writeFileSync(join(outDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
    const md = markdown(results);
    writeFileSync(join(outDir, `${name}.md`), md);
    const readmeUpdated = outDir === resultsDir && updateReadme(join(root, 'README.md'), readmeSection(latestResults(resultsDir)));
    process.stdout.write(`\n${md}\n`);
    say(`wrote ${join(outDir, name).slice(root.length + 1)}.json and .md${readmeUpdated ? ' and the README Performance section' : ''}; ${partial.wallSeconds} s in all`);
    finished = true;
  } finally {
    await cleanup();
  }
}

/** The generated user with the most open tasks on their worklist (assigned to them, or to their role in their district). */
async function busiestWorklistUser(store: ReturnType<typeof openStore>): Promise<string> {
  const users = await store.db.selectFrom('users').select(['id', 'username', 'role', 'district']).execute();
  const byUser = await store.db.selectFrom('tasks').select(['assignee_user_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'open').where('assignee_user_id', 'is not', null).groupBy('assignee_user_id').execute();
  const byRole = await store.db.selectFrom('tasks').select(['assignee_role', 'district', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'open').where('assignee_user_id', 'is', null).groupBy(['assignee_role', 'district']).execute();
  let best = { username: syntheticUsername('investigator', 'leeds'), n: -1 };
  for (const u of users) {
    const mine = Number(byUser.find((r) => r.assignee_user_id === u.id)?.n ?? 0);
    const role = byRole.filter((r) => r.assignee_role === u.role && (!u.district || r.district === u.district || r.district === null)).reduce((s, r) => s + Number(r.n), 0);
    if (mine + role > best.n) best = { username: u.username, n: mine + role };
  }
  return best.username;
}

/** Searches for generated people by name: a third misspelt, a third with the date of birth as well. */
async function personSearchQueries(store: ReturnType<typeof openStore>, seed: number): Promise<string[]> {
  const people = await store.db.selectFrom('people').select(['id', 'forenames', 'surname', 'date_of_birth']).where('surname', 'is not', null).orderBy('id').limit(5000).execute();
  return seeded(seed, people)
    .slice(0, 300)
    .map((p, i) => {
      const q = new URLSearchParams({ search: 'yes', surname: i % 3 === 1 ? typo(p.surname!, seed) : p.surname!, forenames: p.forenames ?? '' });
      if (i % 3 === 2 && p.date_of_birth) q.set('dateOfBirth', p.date_of_birth);
      return q.toString();
    });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
});
