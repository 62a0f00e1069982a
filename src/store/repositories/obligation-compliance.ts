import { sql, type Kysely, type RawBuilder } from 'kysely';
import { obligationCatalogue } from '../../policy/obligations';
import type { Database } from '../schema';
import type { ReportScope } from './management-information';

/**
 * Compliance counted from obligations: the one query behind every deadline figure of the
 * compliance report and of management information, so the two always agree.
 *
 * What is counted: each task that stands for a deadline of the policy and opened in the period
 * (its `created_at`): the tasks of derived obligations (policy/obligations.ts, they carry an
 * `obligation_key`) and the deadline tasks still written by hand by a use case (flag reviews,
 * breach actions, orders not yet derived), whose actions no obligation derives. A task of a
 * derived kind written before obligations were derived (no key) is not counted: its due time
 * was set by hand, sometimes at the instant it was created, so it would count a deadline met
 * a minute later as missed.
 *
 * How each is counted, as of the report's time:
 * - met on time: closed as fulfilled or done, at or before its due time;
 * - met late: closed as fulfilled or done, after its due time;
 * - open and overdue: still open, due before now;
 * - open, not yet due: still open, due now or later;
 * - closed with a reason: closed by hand as not applicable, with the reason recorded.
 * The five add up to `applied`. Restricted cases (ID-08) are left out unless the scope
 * includes them; a district narrows to the case's district (or the task's, for a task of no case).
 */

type Raw = RawBuilder<unknown>;

/** The task actions that follow derived obligations (the same set the reconciler keeps). */
export const obligationActions: readonly string[] = [...new Set(obligationCatalogue.map((c) => c.action))];

export const obligationStates = ['metOnTime', 'metLate', 'openOverdue', 'openInTime', 'closedWithReason'] as const;
export type ObligationState = (typeof obligationStates)[number];

export interface ObligationComplianceRow {
  requirement: string;
  applied: number;
  metOnTime: number;
  metLate: number;
  openOverdue: number;
  openInTime: number;
  closedWithReason: number;
}

const list = (values: readonly string[]): Raw => sql`(${sql.join(values.map((v) => sql`${v}`))})`;
const met = sql`(t.status = 'done' and coalesce(t.closure, 'done') not in ('not_applicable', 'ended'))`;

/** The state of a counted task, over a task `t`; `now` is the time overdue is judged at. */
export function obligationState(state: ObligationState, now: string): Raw {
  switch (state) {
    case 'metOnTime':
      return sql`(${met} and t.completed_at <= t.due_at)`;
    case 'metLate':
      return sql`(${met} and t.completed_at > t.due_at)`;
    case 'openOverdue':
      return sql`(t.status = 'open' and t.due_at < ${now})`;
    case 'openInTime':
      return sql`(t.status = 'open' and t.due_at >= ${now})`;
    case 'closedWithReason':
      // Closed by hand as not applicable, or no longer owed because the case ended or moved on (never counted as met).
      return sql`(t.status = 'done' and t.closure in ('not_applicable', 'ended'))`;
  }
}

export const obligationRequirementIs = (id: string): Raw => sql`t.requirement = ${id}`;

/**
 * The tasks counted, over `tasks t left join occurrences o`: deadlines that opened in the
 * period, in the district, and restricted cases only for those entitled to them.
 */
export function obligationScope(s: ReportScope): Raw {
  const parts: Raw[] = [
    sql`t.created_at >= ${s.from}`,
    sql`t.created_at < ${s.to}`,
    sql`t.status in ('open', 'done')`,
    sql`(t.obligation_key is not null or t.action not in ${list(obligationActions)})`,
  ];
  if (s.district) parts.push(sql`coalesce(o.district, t.district) = ${s.district}`);
  // ID-08: restricted cases are neither counted nor listed for the unentitled.
  if (!s.includeRestricted) parts.push(sql`coalesce(o.restricted, 0) = 0`);
  return sql`(${sql.join(parts, sql` and `)})`;
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Per requirement, the deadlines that opened in the period and how each stands (see above). */
export async function obligationCompliance(db: Kysely<Database>, scope: ReportScope): Promise<ObligationComplianceRow[]> {
  const columns = obligationStates.map((s) => sql`coalesce(sum(case when ${obligationState(s, scope.now)} then 1 else 0 end), 0) as ${sql.ref(s)}`);
  const r = await sql<Record<string, unknown>>`select t.requirement as requirement, count(*) as applied, ${sql.join(columns)}
    from tasks t left join occurrences o on o.id = t.occurrence_id
    where ${obligationScope(scope)} group by t.requirement order by t.requirement`.execute(db);
  return r.rows.map((row) => ({
    requirement: String(row.requirement),
    applied: n(row.applied),
    metOnTime: n(row.metOnTime),
    metLate: n(row.metLate),
    openOverdue: n(row.openOverdue),
    openInTime: n(row.openInTime),
    closedWithReason: n(row.closedWithReason),
  }));
}

/** One requirement's figures, noughts when none opened. */
export function obligationRow(rows: readonly ObligationComplianceRow[], requirement: string): ObligationComplianceRow {
  return rows.find((r) => r.requirement === requirement) ?? { requirement, applied: 0, metOnTime: 0, metLate: 0, openOverdue: 0, openInTime: 0, closedWithReason: 0 };
}

/** The figures of a deadline as the reports name them (the drill-down's measure), and the state each counts. */
export const deadlineMeasureStates = { met: 'metOnTime', late: 'metLate', overdue: 'openOverdue', open: 'openInTime', closed: 'closedWithReason' } as const satisfies Record<string, ObligationState>;
export type DeadlineMeasure = keyof typeof deadlineMeasureStates | 'applied';

/** The predicate behind one deadline figure of one requirement: the same on both reports and in their drill-downs. */
export function deadlineFigureWhere(requirement: string, measure: DeadlineMeasure, now: string): Raw {
  const req = obligationRequirementIs(requirement);
  return measure === 'applied' ? req : sql`(${req} and ${obligationState(deadlineMeasureStates[measure], now)})`;
}

/** A row's value for a figure. */
export function deadlineFigureValue(row: ObligationComplianceRow, measure: DeadlineMeasure): number {
  return measure === 'applied' ? row.applied : row[deadlineMeasureStates[measure]];
}
