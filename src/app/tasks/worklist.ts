import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { entitledToRestricted } from '../../auth/record-access';
import { appendLog } from '../../store/repositories/log';
import { completeTaskRow, findTask, teamTaskPage, worklistPage, type TaskPage, type TaskRecord, type TaskVisibility } from '../../store/repositories/tasks';
import { districts } from '../../domain/occurrence';
import { unitTypes } from '../../domain/units';
import { canSeeOccurrence } from '../intake/occurrence-queries';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
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
  if (!t.occurrenceId) return true;
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

export const completeTaskInput = z.object({ note: z.string().trim().max(2000, 'Must be 2,000 characters or fewer').optional() }).strict();

/** Marks a task done: only its assignee, or someone of its assigned role. */
export async function completeTask(deps: AppDeps, actor: Actor, taskId: string, raw: unknown): Promise<TaskRecord> {
  permit(actor, 'task.complete');
  const input = parseInput(completeTaskInput, raw);
  const db = deps.store.db;
  const task = await findTask(db, taskId);
  if (!task || !visible(actor, task)) throw new NotFoundError('No such task');
  const mine = task.assigneeUserId ? task.assigneeUserId === actor.id : task.assigneeRole === actor.role;
  if (!mine) throw new ForbiddenError('This task is assigned to someone else');
  const now = nowIso(deps);
  await db.transaction().execute(async (trx) => {
    if (!(await completeTaskRow(trx, task.id, actor.id, now, input.note ?? null))) throw new ConflictError('This task is already done');
    await appendLog(trx, {
      actor,
      kind: 'change',
      subjectType: 'task',
      subjectId: task.id,
      occurrenceId: task.occurrenceId,
      action: 'task.completed',
      at: now,
      changes: [{ field: 'task', before: task.title, after: 'done' }],
      reason: input.note ?? null,
      requirements: [task.requirement],
    });
  });
  return (await findTask(db, task.id))!;
}
