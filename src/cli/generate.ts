/**
 * conduct generate --occurrences N [--seed S] [--now ISO] [--append]
 *
 * Fills the configured database with a synthetic force (see app/admin/synthetic-force.ts). Loaded
 * on demand by the conduct command: it needs the development dependencies (faker).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openApp } from '../main';
import { DEMO_PASSWORD } from '../app/admin/seed-demo';
import { passwordRule } from '../auth/passwords';
import { generateSyntheticForce, type SyntheticForceReport } from '../app/admin/synthetic-force';
import { UsageError } from './usage-error';

export const MAX_OCCURRENCES = 10_000_000;

export interface GenerateArguments {
  occurrences: number;
  seed: number;
  now: Date;
  append: boolean;
}

/** The generation clock when --now is not given: the start of today (UTC), so runs on the same day give identical rows. */
export function defaultGenerationClock(wallClock: Date = new Date()): Date {
  return new Date(Date.UTC(wallClock.getUTCFullYear(), wallClock.getUTCMonth(), wallClock.getUTCDate()));
}

/** Parses and checks the arguments; a UsageError (exit 2) names the option that is wrong. */
export function parseGenerateArguments(args: string[], wallClock: Date = new Date()): GenerateArguments {
  const { values, positionals } = parseArgs({
    args,
    options: {
      occurrences: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      append: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}". Usage: conduct generate --occurrences N [--seed S] [--now ISO] [--append]`);
  if (values.occurrences === undefined) throw new UsageError('--occurrences is required: conduct generate --occurrences N [--seed S]');
  const occurrences = wholeNumber(values.occurrences);
  if (occurrences === undefined || occurrences < 1 || occurrences > MAX_OCCURRENCES) {
    throw new UsageError(`--occurrences must be a whole number from 1 to ${MAX_OCCURRENCES.toLocaleString('en-GB')} (got "${values.occurrences}")`);
  }
  const seed = values.seed === undefined ? 1 : wholeNumber(values.seed);
  if (seed === undefined || seed < 0 || seed > 0xffffffff) throw new UsageError(`--seed must be a whole number from 0 to 4294967295 (got "${values.seed}")`);
  let now = defaultGenerationClock(wallClock);
  if (values.now !== undefined) {
    const m = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(values.now);
    const realDay = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === `${m[1]}-${m[2]}-${m[3]}`;
    const parsed = m && realDay ? new Date(values.now) : undefined;
    if (!parsed || Number.isNaN(parsed.getTime())) throw new UsageError(`--now must be a date or ISO 8601 date-time, e.g. 2026-03-02 or 2026-03-02T14:05:00Z (got "${values.now}")`);
    if (parsed.getTime() > wallClock.getTime() + 5 * 60_000) throw new UsageError('--now must not be in the future');
    if (parsed.getUTCFullYear() < 2004) throw new UsageError('--now must be 2004 or later: the seven years of reports before it start after the 1997 Act');
    now = parsed;
  }
  return { occurrences, seed, now, append: values.append ?? false };
}

function wholeNumber(text: string): number | undefined {
  const cleaned = text.replace(/_/g, '');
  return /^\d{1,10}$/.test(cleaned) ? Number(cleaned) : undefined;
}

export async function generateCommand(args: string[]): Promise<number> {
  const options = parseGenerateArguments(args);
  const password = process.env.CONDUCT_PASSWORD || DEMO_PASSWORD;
  if (password.length < passwordRule.minLength) throw new UsageError(`CONDUCT_PASSWORD must be at least ${passwordRule.minLength} characters`);
  const { deps, store } = await openApp(loadConfig());
  const progress = progressReporter(options.occurrences, process.stderr);
  try {
    const started = performance.now();
    const report = await generateSyntheticForce(deps, { ...options, password, onProgress: progress.update });
    progress.done();
    process.stdout.write(summary(report, (performance.now() - started) / 1000, store.describe, password === DEMO_PASSWORD));
    return 0;
  } finally {
    progress.done();
    await store.close();
  }
}

function summary(r: SyntheticForceReport, seconds: number, database: string, demoPassword: boolean): string {
  const n = (x: number) => x.toLocaleString('en-GB');
  const statuses = Object.entries(r.byStatus)
    .sort((a, b) => b[1] - a[1])
    .map(([s, c]) => `${s} ${n(c)}`)
    .join(', ');
  const lines = [
    `Generated a synthetic force in ${seconds.toFixed(1)} s (${n(Math.round(r.occurrences / seconds))} occurrences/s) into ${database}`,
    `  seed ${r.seed}, clock ${r.now}: same seed, clock and size give identical records`,
    `  users             ${n(r.users.created)} added${r.users.existing ? `, ${n(r.users.existing)} already there` : ''}`,
    `  occurrences       ${n(r.occurrences)} received ${r.from.slice(0, 10)} to ${r.now.slice(0, 10)}; ${n(r.restricted)} restricted`,
    `  statuses          ${statuses}`,
    `  search terms      ${n(r.searchTerms)}`,
    `  log entries       ${n(r.logEntries)}`,
    ...r.recordTypes.map((t) => `  ${t.name.padEnd(18)}${n(t.rows)}`),
    ...(r.notYetGenerated.length ? [`  not yet generated ${r.notYetGenerated.join(', ')}`] : []),
    `  planted threats   ${r.planted.serialPerpetrators.length} serial perpetrators, ${r.planted.repeatVictims.length} repeat victims, ${r.planted.escalations.length} escalating courses of conduct (DI-01)`,
    `Users are named like ${r.usernames[4]} and ${r.usernames[r.usernames.length - 4]}; every one's password is ${demoPassword ? `the demo password (${DEMO_PASSWORD})` : 'the one in CONDUCT_PASSWORD'}.`,
  ];
  return `${lines.join('\n')}\n`;
}

/** A progress bar with the rate on a terminal; a plain line at every 10% otherwise (logs, CI). */
export function progressReporter(total: number, stream: NodeJS.WriteStream) {
  const started = performance.now();
  let lastDraw = 0;
  let lastTenth = 0;
  let finished = false;
  const tty = Boolean(stream.isTTY);
  const n = (x: number) => x.toLocaleString('en-GB');
  const line = (done: number) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 && done > 0 ? `${Math.ceil((total - done) / rate)}s` : '–';
    return { pct: Math.floor((done / total) * 100), rate: Math.round(rate), eta };
  };
  return {
    update(done: number) {
      if (finished) return;
      const { pct, rate, eta } = line(done);
      if (tty) {
        const now = performance.now();
        if (done < total && now - lastDraw < 100) return;
        lastDraw = now;
        const width = 30;
        const filled = Math.round((done / total) * width);
        stream.write(`\r\x1b[2KGenerating [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%  ${n(done)}/${n(total)} occurrences  ${n(rate)}/s  ETA ${eta}`);
      } else {
        const tenth = Math.floor((done / total) * 10);
        if (tenth > lastTenth || (done === total && lastTenth < 10)) {
          lastTenth = tenth;
          stream.write(`generate: ${tenth * 10}% (${n(done)}/${n(total)} occurrences, ${n(rate)}/s)\n`);
        }
      }
    },
    done() {
      if (finished) return;
      finished = true;
      if (tty) stream.write('\n');
    },
  };
}
