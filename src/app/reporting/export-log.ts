import type { Actor } from '../../domain/actor';
import { appendLogGrouped } from '../../store/repositories/log';
import { nowIso, type AppDeps } from '../context';
import type { ReportPeriod } from './period';

/**
 * An export of case information is a disclosure: the law-enforcement logging duty (XC-03) keeps
 * who exported what, for which period and district, and how many rows, committed before the
 * file is sent.
 */
export async function logExport(deps: AppDeps, actor: Actor, e: { what: string; period: ReportPeriod; rows: number }): Promise<void> {
  await appendLogGrouped(deps.store.db, {
    actor,
    kind: 'read',
    subjectType: 'report',
    subjectId: e.what.slice(0, 200),
    occurrenceId: null,
    action: 'report.exported',
    at: nowIso(deps),
    reason: `Exported to CSV: ${e.what}, ${e.period.from} to ${e.period.to}, ${e.period.district ?? 'force-wide'}, ${e.rows} row${e.rows === 1 ? '' : 's'}`,
    requirements: ['XC-03'],
  });
}
