/**
 * The deadline sweep: every open task past its due time is escalated, once, to the supervisor of
 * the team it belongs to. Each escalation is an occurrence-log entry naming the task's own
 * requirement ID (XC-03) and a task for the supervising role in the task's district, due within a
 * day, carrying the same requirement ID, so the missed deadline shows on the supervisor's worklist
 * and in the log of the case.
 *
 * Exactly once, on one node or many: the escalation task's id is derived from the overdue task's
 * id, so a second sweep (or another server sweeping at the same moment) finds it already there
 * and writes nothing. Escalations themselves are not escalated again.
 *
 * Restricted occurrences (ID-08): the escalation goes to the Detective Superintendent
 * (Safeguarding), who may see restricted records, and its title names no one.
 *
 * A scheduled job, not a user action: it runs as the system actor.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Role } from '../domain/roles';
import { systemActor } from '../domain/actor';
import type { AppDeps } from '../app/context';
import { parseInput } from '../app/context';
import { ValidationError } from '../app/errors';
import { appendLogEntries, type LogEntryInput } from '../store/repositories/log';
import { existingTaskIds, insertTasksIfAbsent, overdueOpenTasks, type OverdueTask } from '../store/repositories/tasks';
import type { Database } from '../store/schema';

export const ESCALATION_ACTION = 'deadline_escalation';

/** How long the supervisor has to act on an escalation. */
const ESCALATION_DUE_HOURS = 24;
/** Tasks read and escalated per transaction. */
const PAGE = 500;

/**
 * Who supervises each role's work: the team's supervisor in the same district (patrol and call
 * handling: the patrol sergeant; investigators: their team's DS; offender managers: their DS),
 * and above a supervisor, the next rank up. Force-wide roles go to the Detective Superintendent
 * (Safeguarding), who leads the force's response.
 */
export const supervisorOf: Readonly<Partial<Record<Role, Role>>> = {
  call_handler: 'supervisory_officer',
  attending_officer: 'supervisory_officer',
  supervisory_officer: 'duty_inspector',
  investigating_officer: 'triaging_supervisor',
  triaging_supervisor: 'detective_superintendent_safeguarding',
  da_offender_manager: 'offender_manager_supervisor',
  offender_manager_supervisor: 'detective_superintendent_safeguarding',
  duty_inspector: 'authorising_superintendent',
  diu_analyst: 'detective_superintendent_safeguarding',
  scu_officer: 'detective_superintendent_safeguarding',
};
const FORCE_LEAD: Role = 'detective_superintendent_safeguarding';
/** Roles that work force-wide: their escalations carry no district. */
const forceWideRoles: readonly Role[] = ['detective_superintendent_safeguarding', 'scu_officer', 'legal_services', 'auditor', 'administrator'];

export const sweepDeadlinesInput = z
  .object({
    asOf: z.iso.datetime({ offset: true, message: 'Enter a date and time in ISO 8601 format, e.g. 2026-03-02T14:05:00Z' }).optional().describe('Escalate tasks due before this instant (default: now)'),
    dryRun: z.boolean({ message: 'Answer true or false' }).optional().describe('Count what would be escalated without writing anything'),
  })
  .strict();

export interface SweepReport {
  asOf: string;
  /** Open tasks past due (escalations themselves left out). */
  overdue: number;
  /** Escalated by this sweep. */
  escalated: number;
  /** Escalated by an earlier sweep (or another node): left alone. */
  alreadyEscalated: number;
  /** Escalations by the role they went to. */
  byRole: Record<string, number>;
  dryRun: boolean;
}

/** The escalation task's id: derived from the overdue task's, so it can exist only once. */
export function escalationTaskId(taskId: string): string {
  const h = createHash('sha256').update(`deadline-escalation:${taskId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** Where an overdue task goes: the supervising role, and its district (none for force-wide roles). */
export function escalationTarget(task: Pick<OverdueTask, 'assigneeRole' | 'assigneeUserRole' | 'district' | 'restricted'>): { role: Role; district: string | null } {
  if (task.restricted) return { role: FORCE_LEAD, district: null };
  const owner = (task.assigneeUserRole ?? task.assigneeRole) as Role | null;
  const role = (owner && supervisorOf[owner]) || FORCE_LEAD;
  return { role, district: forceWideRoles.includes(role) ? null : task.district };
}

function escalationTitle(task: OverdueTask): string {
  if (task.restricted) return `Overdue task on a restricted occurrence (${task.requirement}): see that it is done`;
  return `Overdue: ${task.title} (due ${task.dueAt.slice(0, 16).replace('T', ' ')}, ${task.requirement})`.slice(0, 500);
}

/** Finds every open task past due and not yet escalated, and escalates each once. */
export async function sweepDeadlines(deps: AppDeps, raw: unknown = {}): Promise<SweepReport> {
  const input = parseInput(sweepDeadlinesInput, raw);
  const clock = deps.clock();
  const asOf = input.asOf ? new Date(input.asOf).toISOString() : clock.toISOString();
  if (Date.parse(asOf) > clock.getTime() + 5 * 60_000) throw new ValidationError([{ field: 'asOf', message: 'Must not be in the future: only tasks already overdue are escalated' }]);
  const db = deps.store.db;
  const report: SweepReport = { asOf, overdue: 0, escalated: 0, alreadyEscalated: 0, byRole: {}, dryRun: input.dryRun ?? false };
  const dueAt = new Date(Date.parse(asOf) + ESCALATION_DUE_HOURS * 3_600_000).toISOString();
  let after: { dueAt: string; id: string } | undefined;
  for (;;) {
    const page = await overdueOpenTasks(db, { asOf, excludeActions: [ESCALATION_ACTION], after, limit: PAGE });
    if (!page.length) break;
    const last = page[page.length - 1]!;
    after = { dueAt: last.dueAt, id: last.id };
    report.overdue += page.length;
    const done = await existingTaskIds(db, page.map((t) => escalationTaskId(t.id)));
    const todo = page.filter((t) => !done.has(escalationTaskId(t.id)));
    report.alreadyEscalated += page.length - todo.length;
    if (report.dryRun) {
      for (const t of todo) {
        const role = escalationTarget(t).role;
        report.byRole[role] = (report.byRole[role] ?? 0) + 1;
      }
      report.escalated += todo.length;
    } else if (todo.length) {
      await db.transaction().execute(async (trx) => {
        const rows: Database['tasks'][] = todo.map((t) => {
          const target = escalationTarget(t);
          return {
            id: escalationTaskId(t.id),
            occurrence_id: t.occurrenceId,
            action: ESCALATION_ACTION,
            title: escalationTitle(t),
            requirement: t.requirement,
            assignee_role: target.role,
            assignee_user_id: null,
            district: target.district,
            due_at: dueAt,
            status: 'open',
            created_at: asOf,
            completed_at: null,
            completed_by: null,
            outcome_note: null,
          };
        });
        const inserted = await insertTasksIfAbsent(trx, rows);
        const entries: LogEntryInput[] = [];
        for (const [k, t] of todo.entries()) {
          const row = rows[k]!;
          if (!inserted.has(row.id)) {
            report.alreadyEscalated += 1;
            continue;
          }
          report.escalated += 1;
          report.byRole[row.assignee_role!] = (report.byRole[row.assignee_role!] ?? 0) + 1;
          entries.push({
            actor: systemActor,
            kind: 'change',
            subjectType: 'task',
            subjectId: t.id,
            occurrenceId: t.occurrenceId,
            action: 'task.escalated',
            at: asOf,
            changes: [
              { field: 'escalatedTo', before: null, after: row.district ? `${row.assignee_role} (${row.district})` : row.assignee_role },
              { field: 'task', before: null, after: `${row.title} (due ${dueAt}, ${t.requirement})` },
            ],
            reason: `Past its due time (${t.dueAt}) and still open`,
            requirements: [t.requirement],
          });
        }
        await appendLogEntries(trx, entries);
      });
    }
    if (page.length < PAGE) break;
  }
  return report;
}

/** Runs the sweep every `everyMs` until stopped; a failed sweep is reported and the next one runs as usual. */
export function scheduleDeadlineSweep(deps: AppDeps, options: { everyMs: number; onResult?: (r: SweepReport) => void; onError?: (err: unknown) => void }): { stop: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (stopped || running) return;
    running = sweepDeadlines(deps)
      .then((r) => options.onResult?.(r), (err: unknown) => options.onError?.(err))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
