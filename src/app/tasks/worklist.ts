import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { entitledToRestricted } from '../../auth/record-access';
import { appendLog } from '../../store/repositories/log';
import { closeTaskRow, findTask, reopenTaskRow, teamTaskPage, worklistPage, type TaskPage, type TaskRecord, type TaskVisibility } from '../../store/repositories/tasks';
import { districts } from '../../domain/occurrence';
import { unitTypes } from '../../domain/units';
import { canSeeOccurrence } from '../intake/occurrence-queries';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { ConflictError, ForbiddenError, NotFoundError, PolicyViolationError } from '../errors';
import { changeOccurrence } from '../intake/occurrence-change';
import { nowIso, parseInput, permit, type AppDeps } from '../context';

export interface WorklistTask extends TaskRecord {
  overdue: boolean;
}

/** Tasks on one page of a worklist. */
export const worklistPageSize = 50;

export interface WorklistView<T extends WorklistTask = WorklistTask> {
  tasks: T[];
  /** Tasks on the whole list, and of those, how many are overdue. */
  total: number;
  overdue: number;
  /** 1-based page shown, and how many pages there are (at least 1). */
  page: number;
  pages: number;
}

function visible(actor: Actor, t: TaskRecord): boolean {
  // A task of no case (a flag's review, intelligence on a flagged person): only for whoever it is for, or closed it.
  if (!t.occurrenceId) return mayHandle(actor, t) || t.completedBy === actor.id;
  return canSeeOccurrence(actor, { restricted: t.restricted, createdBy: t.occurrenceCreatedBy, attendingOfficerId: t.attendingOfficerId } as never);
}

function visibilityOf(actor: Actor): TaskVisibility {
  return { all: entitledToRestricted(actor), userId: actor.id };
}

function pageOf(requested: number | undefined): number {
  return requested && Number.isInteger(requested) && requested >= 1 ? requested : 1;
}

function view<T extends TaskRecord>(found: TaskPage<T>, page: number, now: string): WorklistView<T & { overdue: boolean }> {
  return {
    tasks: found.tasks.map((t) => ({ ...t, overdue: t.status === 'open' && t.dueAt < now })),
    total: found.total,
    overdue: found.overdue,
    page,
    pages: Math.max(1, Math.ceil(found.total / worklistPageSize)),
  };
}

/**
 * The user's worklist: tasks for them or their role (in their district), overdue first, then by
 * due time, a page at a time. Restricted occurrences' tasks only for those entitled (ID-08); the
 * counts are of the whole list.
 */
export async function worklist(deps: AppDeps, actor: Actor, options: { status?: 'open' | 'done'; page?: number } = {}): Promise<WorklistView> {
  permit(actor, 'worklist.view');
  const now = nowIso(deps);
  const page = pageOf(options.page);
  const found = await worklistPage(
    deps.store.db,
    { userId: actor.id, role: actor.role, district: actor.district, visibility: visibilityOf(actor) },
    { status: options.status ?? 'open', now, limit: worklistPageSize, offset: (page - 1) * worklistPageSize },
  );
  return view(found, page, now);
}

/** Roles that supervise a team and may see its worklist. */
const supervisorRoles = ['supervisory_officer', 'triaging_supervisor', 'offender_manager_supervisor', 'duty_inspector'];

export const teamWorklistInput = z
  .object({
    district: z.enum(districts, { message: `District must be one of ${districts.join(', ')}` }).optional().or(z.literal('').transform(() => undefined)),
    unitType: z.enum(unitTypes, { message: 'Unknown unit' }).optional().or(z.literal('').transform(() => undefined)),
  })
  .strict();

/** A supervisor's view of their team's open tasks, filterable by district and unit, with counts (overdue first). */
export async function teamWorklist(deps: AppDeps, actor: Actor, raw: unknown, options: { page?: number } = {}) {
  permit(actor, 'worklist.view');
  if (!supervisorRoles.includes(actor.role)) throw new ForbiddenError('Only supervisors see a team worklist');
  const filter = parseInput(teamWorklistInput, raw);
  const now = nowIso(deps);
  const page = pageOf(options.page);
  const team = { district: filter.district ?? actor.district, unitType: filter.unitType ?? null };
  const found = await teamTaskPage(deps.store.db, { ...team, visibility: visibilityOf(actor) }, { now, limit: worklistPageSize, offset: (page - 1) * worklistPageSize });
  return { ...view(found, page, now), filter: team };
}

export function canSeeTeamWorklist(actor: Actor): boolean {
  return supervisorRoles.includes(actor.role);
}

export const completeTaskInput = z
  .object({
    note: z
      .string({ message: 'Say what was done, or why it is not needed' })
      .trim()
      .min(5, 'Say what was done, or why it is not needed (at least 5 characters)')
      .max(2000, 'Must be 2,000 characters or fewer'),
  })
  .strict();

/** Who may close or reopen a task by hand: its assignee, someone of its assigned role, or a supervisor of the case's district. */
export function mayHandle(actor: Actor, task: Pick<TaskRecord, 'assigneeUserId' | 'assigneeRole' | 'district'>): boolean {
  if (task.assigneeUserId ? task.assigneeUserId === actor.id : task.assigneeRole === actor.role) return true;
  return supervisorRoles.includes(actor.role) && (!actor.district || actor.district === task.district);
}

async function visibleTask(deps: AppDeps, actor: Actor, taskId: string): Promise<TaskRecord> {
  const task = z.string().uuid().safeParse(taskId).success ? await findTask(deps.store.db, taskId) : undefined;
  if (!task || !visible(actor, task)) throw new NotFoundError('No such task');
  return task;
}

/**
 * Closes a task by hand, always with a note saying what was done or why it is not needed. An
 * obligation that only the act itself fulfils (recording the crime, deploying an officer,
 * endorsing the risk) cannot be closed by hand: the refusal names its requirement and what
 * closes it. One that may be "not applicable" is closed as such, with the note as the reason.
 * It goes through the case's one door, so its log entry and the reconciled tasks commit together.
 */
export async function completeTask(deps: AppDeps, actor: Actor, taskId: string, raw: unknown): Promise<TaskRecord> {
  permit(actor, 'task.complete');
  const input = parseInput(completeTaskInput, raw);
  const task = await visibleTask(deps, actor, taskId);
  if (!mayHandle(actor, task)) throw new ForbiddenError('This task is assigned to someone else');
  if (task.status !== 'open') throw new ConflictError('This task is already done');
  if (task.byHand === 'never') {
    throw new PolicyViolationError([{ requirement: task.requirement, message: `“${task.title}” closes itself when the work is recorded (${task.fulfilledBy ?? 'the act it asks for'}): it cannot be marked done by hand` }]);
  }
  const closure = task.byHand === 'not_applicable' ? 'not_applicable' : 'done';
  const close = async (trx: Kysely<Database>, now: string) => {
    if (!(await closeTaskRow(trx, task.id, { by: actor.id, at: now, note: input.note, closure }))) throw new ConflictError('This task is already done');
  };
  const change = { field: 'task', before: task.title, after: closure === 'not_applicable' ? 'not applicable' : 'done' };
  if (task.occurrenceId) {
    await changeOccurrence(deps, actor, task.occurrenceId, {
      action: closure === 'not_applicable' ? 'task.closed_not_applicable' : 'task.completed',
      requirements: [task.requirement],
      reason: input.note,
      run: async (ctx) => {
        await close(ctx.trx, ctx.now);
        ctx.logged.push(change);
        return { result: undefined };
      },
    });
  } else {
    const now = nowIso(deps);
    await deps.store.db.transaction().execute(async (trx) => {
      await close(trx, now);
      await appendLog(trx, { actor, kind: 'change', subjectType: 'task', subjectId: task.id, occurrenceId: null, action: 'task.completed', at: now, changes: [change], reason: input.note, requirements: [task.requirement] });
    });
  }
  return (await findTask(deps.store.db, task.id))!;
}

export const reopenTaskInput = z
  .object({
    reason: z
      .string({ message: 'Say why the task was closed in error' })
      .trim()
      .min(5, 'Say why the task was closed in error (at least 5 characters)')
      .max(2000, 'Must be 2,000 characters or fewer'),
  })
  .strict();

/**
 * A correction: a task closed by hand in error is opened again, with the reason, by whoever
 * closed it or a supervisor. Its obligation is derived afresh in the same transaction, so an
 * obligation the case has since fulfilled closes again at once, naming that.
 */
export async function reopenTask(deps: AppDeps, actor: Actor, taskId: string, raw: unknown): Promise<TaskRecord> {
  permit(actor, 'task.complete');
  const input = parseInput(reopenTaskInput, raw);
  const task = await visibleTask(deps, actor, taskId);
  if (task.completedBy !== actor.id && !mayHandle(actor, task)) throw new ForbiddenError('Only whoever closed this task, or a supervisor, may open it again');
  if (task.status !== 'done' || (task.closure !== 'done' && task.closure !== 'not_applicable')) {
    throw new ConflictError('Only a task closed by hand can be opened again: this one is open, or was closed by the work being recorded');
  }
  const change = { field: 'task', before: `${task.title}: ${task.closure === 'not_applicable' ? 'not applicable' : 'done'}`, after: 'open again' };
  if (task.occurrenceId) {
    await changeOccurrence(deps, actor, task.occurrenceId, {
      action: 'task.reopened',
      requirements: [task.requirement],
      reason: input.reason,
      run: async (ctx) => {
        if (!(await reopenTaskRow(ctx.trx, task.id))) throw new ConflictError('This task changed since you opened it: reload and try again');
        ctx.logged.push(change);
        return { result: undefined };
      },
    });
  } else {
    const now = nowIso(deps);
    await deps.store.db.transaction().execute(async (trx) => {
      if (!(await reopenTaskRow(trx, task.id))) throw new ConflictError('This task changed since you opened it: reload and try again');
      await appendLog(trx, { actor, kind: 'change', subjectType: 'task', subjectId: task.id, occurrenceId: null, action: 'task.reopened', at: now, changes: [change], reason: input.reason, requirements: [task.requirement] });
    });
  }
  return (await findTask(deps.store.db, task.id))!;
}

/**
 * One task, for the page that closes or reopens it by hand: only for whoever may close it (its
 * assignee, its role, a supervisor of its district) or closed it; anyone else gets "not found",
 * so the page is never a way to read another case's work.
 */
export async function taskForClosing(deps: AppDeps, actor: Actor, taskId: string): Promise<TaskRecord & { mayHandle: boolean }> {
  permit(actor, 'task.complete');
  const task = await visibleTask(deps, actor, taskId);
  if (!mayHandle(actor, task) && task.completedBy !== actor.id) throw new NotFoundError('No such task');
  return { ...task, mayHandle: true };
}
