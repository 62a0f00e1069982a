/**
 * conduct sweep-deadlines [--as-of ISO] [--dry-run]
 *
 * Escalates every open task past its due time, once, to its team's supervisor (jobs/deadline-sweep.ts).
 * The server does this every few minutes; the command is for a server run without it, and for a check.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openApp } from '../main';
import { ValidationError } from '../app/errors';
import { sweepDeadlines } from '../jobs/deadline-sweep';
import { UsageError } from './usage-error';

const usage = 'Usage: conduct sweep-deadlines [--as-of ISO] [--dry-run]';

export async function sweepDeadlinesCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { 'as-of': { type: 'string' }, 'dry-run': { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}". ${usage}`);
  const asOf = values['as-of'];
  if (asOf !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(asOf) || Number.isNaN(Date.parse(asOf)))) {
    throw new UsageError(`--as-of must be an ISO 8601 date-time, e.g. 2026-03-02T14:05:00Z (got "${asOf}")`);
  }
  const { deps, store } = await openApp(loadConfig());
  try {
    const report = await sweepDeadlines(deps, { ...(asOf ? { asOf } : {}), dryRun: values['dry-run'] });
    const n = (x: number) => x.toLocaleString('en-GB');
    const roles = Object.entries(report.byRole)
      .sort((a, b) => b[1] - a[1])
      .map(([role, count]) => `${role} ${n(count)}`)
      .join(', ');
    process.stdout.write(
      `${report.dryRun ? 'Would escalate' : 'Escalated'} ${n(report.escalated)} overdue task${report.escalated === 1 ? '' : 's'} as of ${report.asOf}` +
        `${roles ? ` (${roles})` : ''}; ${n(report.overdue)} open past due, ${n(report.alreadyEscalated)} already escalated\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof ValidationError) {
      const field = (f: string) => (f === 'asOf' ? '--as-of' : f === 'dryRun' ? '--dry-run' : f);
      throw new UsageError(err.issues.map((i) => `${field(i.field)}: ${i.message}`).join('; '));
    }
    throw err;
  } finally {
    await store.close();
  }
}
