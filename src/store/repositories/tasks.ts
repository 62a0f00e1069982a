import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { insertMany } from './bulk';

export interface TaskRecord {
  id: string;
  occurrenceId: string | null;
  reference: string | null;
  action: string;
  title: string;
  requirement: string;
  assigneeRole: string | null;
  assigneeUserId: string | null;
  district: string | null;
  dueAt: string;
  status: string;
  createdAt: string;
  completedAt: string | null;
  completedBy: string | null;
  outcomeNote: string | null;
  restricted: boolean;
  occurrenceCreatedBy: string | null;
  attendingOfficerId: string | null;
}

type Row = Database['tasks'] & { reference: string | null; restricted: number | null; occ_created_by: string | null; attending_officer_id: string | null };

function toTask(r: Row): TaskRecord {
  return {
    id: r.id,
    occurrenceId: r.occurrence_id,
    reference: r.reference,
    action: r.action,
    title: r.title,
    requirement: r.requirement,
    assigneeRole: r.assignee_role,
    assigneeUserId: r.assignee_user_id,
    district: r.district,
    dueAt: r.due_at,
    status: r.status,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    completedBy: r.completed_by,
    outcomeNote: r.outcome_note,
    restricted: Number(r.restricted ?? 0) === 1,
    occurrenceCreatedBy: r.occ_created_by,
    attendingOfficerId: r.attending_officer_id ?? null,
  };
}

function withOccurrence(db: Kysely<Database>) {
  return db
    .selectFrom('tasks')
    .leftJoin('occurrences', 'occurrences.id', 'tasks.occurrence_id')
    .selectAll('tasks')
    .select(['occurrences.reference', 'occurrences.restricted', 'occurrences.created_by as occ_created_by', 'occurrences.attending_officer_id']);
}

export async function insertTask(trx: Kysely<Database>, row: Database['tasks']): Promise<void> {
  await trx.insertInto('tasks').values(row).execute();
}

/** Many tasks at once (bulk writers). */
export async function insertTasks(trx: Kysely<Database>, rows: readonly Database['tasks'][]): Promise<number> {
  return insertMany(trx, 'tasks', rows);
}

export async function findTask(db: Kysely<Database>, id: string): Promise<TaskRecord | undefined> {
  const r = await withOccurrence(db).where('tasks.id', '=', id).executeTakeFirst();
  return r ? toTask(r as Row) : undefined;
}

export async function tasksOfOccurrence(db: Kysely<Database>, occurrenceId: string): Promise<TaskRecord[]> {
  const rows = await withOccurrence(db).where('tasks.occurrence_id', '=', occurrenceId).orderBy('tasks.status', 'desc').orderBy('tasks.due_at').execute();
  return rows.map((r) => toTask(r as Row));
}

export async function openTaskOf(db: Kysely<Database>, occurrenceId: string, action: string): Promise<TaskRecord | undefined> {
  const r = await withOccurrence(db).where('tasks.occurrence_id', '=', occurrenceId).where('tasks.action', '=', action).where('tasks.status', '=', 'open').executeTakeFirst();
  return r ? toTask(r as Row) : undefined;
}

/** A worklist: open tasks assigned to the user, or to their role (in their district, or force-wide tasks), overdue first. */
export async function worklistTasks(
  db: Kysely<Database>,
  who: { userId: string; role: string; district: string | null },
  options: { status: 'open' | 'done'; limit: number },
): Promise<TaskRecord[]> {
  const rows = await withOccurrence(db)
    .where('tasks.status', '=', options.status)
    .where((eb) =>
      eb.or([
        eb('tasks.assignee_user_id', '=', who.userId),
        eb.and([
          eb('tasks.assignee_user_id', 'is', null),
          eb('tasks.assignee_role', '=', who.role),
          // Force-wide users (no district) see their role's tasks in every district.
          ...(who.district ? [eb.or([eb('tasks.district', '=', who.district), eb('tasks.district', 'is', null)])] : []),
        ]),
      ]),
    )
    .orderBy('tasks.due_at', options.status === 'open' ? 'asc' : 'desc')
    .limit(options.limit)
    .execute();
  return rows.map((r) => toTask(r as Row));
}

/** Marks an open task done; false if it was already done (someone else got there first). */
export async function completeTaskRow(trx: Kysely<Database>, id: string, by: string, at: string, note: string | null): Promise<boolean> {
  const r = await trx
    .updateTable('tasks')
    .set({ status: 'done', completed_at: at, completed_by: by, outcome_note: note })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function reassignOpenTasks(trx: Kysely<Database>, occurrenceId: string, action: string | readonly string[], userId: string): Promise<void> {
  const actions = typeof action === 'string' ? [action] : [...action];
  await trx.updateTable('tasks').set({ assignee_user_id: userId }).where('occurrence_id', '=', occurrenceId).where('action', 'in', actions).where('status', '=', 'open').execute();
}

/** Marks every open task of one action on an occurrence done; returns how many were open. */
export async function completeOpenTasksOf(trx: Kysely<Database>, occurrenceId: string, action: string, by: string, at: string, note: string | null): Promise<number> {
  const r = await trx
    .updateTable('tasks')
    .set({ status: 'done', completed_at: at, completed_by: by, outcome_note: note })
    .where('occurrence_id', '=', occurrenceId)
    .where('action', '=', action)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}


/** A team's open tasks: those of users in a district (and unit type), and role tasks in that district, overdue first. */
export async function teamTasks(db: Kysely<Database>, team: { district: string | null; unitType?: string | null; limit: number }): Promise<(TaskRecord & { assigneeName: string | null })[]> {
  let q = db
    .selectFrom('tasks')
    .leftJoin('occurrences', 'occurrences.id', 'tasks.occurrence_id')
    .leftJoin('users as assignee', 'assignee.id', 'tasks.assignee_user_id')
    .selectAll('tasks')
    .select(['occurrences.reference', 'occurrences.restricted', 'occurrences.created_by as occ_created_by', 'occurrences.attending_officer_id', 'assignee.display_name as assignee_name'])
    .where('tasks.status', '=', 'open');
  if (team.district) q = q.where('tasks.district', '=', team.district);
  if (team.unitType) q = q.where('assignee.unit_type', '=', team.unitType);
  const rows = await q.orderBy('tasks.due_at').limit(team.limit).execute();
  return rows.map((r) => ({ ...toTask(r as Row), assigneeName: (r as { assignee_name: string | null }).assignee_name }));
}

export interface OverdueTask {
  id: string;
  occurrenceId: string | null;
  action: string;
  title: string;
  requirement: string;
  assigneeRole: string | null;
  assigneeUserId: string | null;
  /** The assigned user's role, when the task is assigned to a person. */
  assigneeUserRole: string | null;
  district: string | null;
  dueAt: string;
  restricted: boolean;
}

/**
 * Open tasks due before `asOf`, oldest due first, a page at a time by key (due time, id), leaving
 * out tasks of the kinds given (the escalations themselves). The deadline sweep reads these.
 */
export async function overdueOpenTasks(
  db: Kysely<Database>,
  q: { asOf: string; excludeActions: readonly string[]; after?: { dueAt: string; id: string }; limit: number },
): Promise<OverdueTask[]> {
  let query = db
    .selectFrom('tasks')
    .leftJoin('occurrences', 'occurrences.id', 'tasks.occurrence_id')
    .leftJoin('users', 'users.id', 'tasks.assignee_user_id')
    .select([
      'tasks.id',
      'tasks.occurrence_id',
      'tasks.action',
      'tasks.title',
      'tasks.requirement',
      'tasks.assignee_role',
      'tasks.assignee_user_id',
      'users.role as assignee_user_role',
      'tasks.district',
      'tasks.due_at',
      'occurrences.restricted',
    ])
    .where('tasks.status', '=', 'open')
    .where('tasks.due_at', '<', q.asOf);
  if (q.excludeActions.length) query = query.where('tasks.action', 'not in', [...q.excludeActions]);
  const after = q.after;
  if (after) query = query.where((eb) => eb.or([eb('tasks.due_at', '>', after.dueAt), eb.and([eb('tasks.due_at', '=', after.dueAt), eb('tasks.id', '>', after.id)])]));
  const rows = await query.orderBy('tasks.due_at').orderBy('tasks.id').limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    occurrenceId: r.occurrence_id,
    action: r.action,
    title: r.title,
    requirement: r.requirement,
    assigneeRole: r.assignee_role,
    assigneeUserId: r.assignee_user_id,
    assigneeUserRole: r.assignee_user_role ?? null,
    district: r.district,
    dueAt: r.due_at,
    restricted: Number(r.restricted ?? 0) === 1,
  }));
}

/** Which of these task ids exist. */
export async function existingTaskIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('tasks').select('id').where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/**
 * Inserts tasks whose id is not taken yet and returns the ids it inserted: a task with a
 * derived id is created once however many writers try (another node got there first: skipped).
 */
export async function insertTasksIfAbsent(trx: Kysely<Database>, rows: readonly Database['tasks'][]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await trx
      .insertInto('tasks')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const r of inserted) out.add(r.id);
  }
  return out;
}
