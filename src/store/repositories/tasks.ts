import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../schema';
import { insertMany } from './bulk';
import { isPostgres } from './dialect';

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
  /** The derived obligation this task is for, if any (policy/obligations.ts). */
  obligationKey: string | null;
  /** How a closed task was closed: 'fulfilled', 'done' or 'not_applicable'; null while open or for tasks closed before 0014. */
  closure: string | null;
  /** A task from before obligations were derived that matches none. */
  legacy: boolean;
  /** How its obligation may be closed by hand: 'done', 'not_applicable' or 'never'; null for tasks that are not obligations. */
  byHand: string | null;
  /** What fulfils its obligation, in words. */
  fulfilledBy: string | null;
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
    obligationKey: r.obligation_key ?? null,
    closure: r.closure ?? null,
    legacy: Number(r.legacy ?? 0) === 1,
    byHand: r.by_hand ?? null,
    fulfilledBy: r.fulfilled_by ?? null,
  };
}

function withOccurrence(db: Kysely<Database>) {
  return db
    .selectFrom('tasks')
    .leftJoin('occurrences', 'occurrences.id', 'tasks.occurrence_id')
    .selectAll('tasks')
    .select(['occurrences.reference', 'occurrences.restricted', 'occurrences.created_by as occ_created_by', 'occurrences.attending_officer_id']);
}

/**
 * Which of these occurrences are restricted (ID-08), read so that the answer cannot go stale
 * before the tasks being written commit. On PostgreSQL the occurrence rows stay locked (FOR NO
 * KEY UPDATE, in id order) until this transaction ends: a restriction committing elsewhere is
 * waited for and then read, and one that starts later waits for these tasks and then marks them
 * (setTasksRestricted). SQLite runs one writer at a time, so a plain read is enough there.
 */
async function restrictedOccurrencesOf(trx: Kysely<Database>, rows: readonly Database['tasks'][]): Promise<Set<string>> {
  const ids = [...new Set(rows.map((r) => r.occurrence_id).filter((id): id is string => !!id))].sort();
  const restricted = new Set<string>();
  const lock = isPostgres(trx);
  for (let i = 0; i < ids.length; i += 500) {
    const q = trx.selectFrom('occurrences').select(['id', 'restricted']).where('id', 'in', ids.slice(i, i + 500)).orderBy('id');
    for (const r of await (lock ? q.forNoKeyUpdate() : q).execute()) if (Number(r.restricted) === 1) restricted.add(r.id);
  }
  return restricted;
}

/** The rows as stored: each carries whether its occurrence is restricted (never set by callers). */
async function withRestriction(trx: Kysely<Database>, rows: readonly Database['tasks'][]): Promise<Database['tasks'][]> {
  const restricted = await restrictedOccurrencesOf(trx, rows);
  return rows.map((r) => ({ ...r, occurrence_restricted: r.occurrence_id && restricted.has(r.occurrence_id) ? 1 : 0 }));
}

/** An occurrence was restricted or opened up again: its tasks follow (ID-08). */
export async function setTasksRestricted(trx: Kysely<Database>, occurrenceId: string, restricted: boolean): Promise<void> {
  await trx.updateTable('tasks').set({ occurrence_restricted: restricted ? 1 : 0 }).where('occurrence_id', '=', occurrenceId).execute();
}

export async function insertTask(trx: Kysely<Database>, row: Database['tasks']): Promise<void> {
  await trx.insertInto('tasks').values(await withRestriction(trx, [row])).execute();
}

/** Many tasks at once (bulk writers). */
export async function insertTasks(trx: Kysely<Database>, rows: readonly Database['tasks'][]): Promise<number> {
  return insertMany(trx, 'tasks', await withRestriction(trx, rows));
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

/** How many tasks, and how many of them due before `now`: a worklist's two counts. */
function tally(now: string) {
  // Any query whose rows include tasks (alone, or joined to their occurrence and assignee).
  return (eb: ExpressionBuilder<any, any>) => [
    eb.fn.countAll<number>().as('total'),
    eb.fn.sum<number>(eb.case().when('tasks.due_at', '<', now).then(1).else(0).end()).as('overdue'),
  ];
}

/** Who is asking, for row-level visibility of restricted occurrences (ID-08): the rule of canSeeOccurrence, in SQL. */
export interface TaskVisibility {
  /** May see every restricted occurrence (occurrence.view_restricted). */
  all: boolean;
  /** Otherwise a restricted occurrence's tasks are shown only to the user who created it or attended. */
  userId: string;
}

function visibleTask(v: TaskVisibility) {
  return (eb: ExpressionBuilder<Database & { occurrences: Database['occurrences'] }, 'tasks' | 'occurrences'>) =>
    v.all
      ? eb(eb.lit(1), '=', eb.lit(1))
      : eb.or([eb('tasks.occurrence_id', 'is', null), eb('occurrences.restricted', '=', 0), eb('occurrences.created_by', '=', v.userId), eb('occurrences.attending_officer_id', '=', v.userId)]);
}

export interface TaskPage<T extends TaskRecord = TaskRecord> {
  tasks: T[];
  /** Every task on the list, not just this page. */
  total: number;
  /** Of those, open and due before now. */
  overdue: number;
}

/**
 * A worklist, a page at a time: tasks assigned to the user, or to their role (in their district,
 * or force-wide tasks), soonest due first for open tasks (so overdue ones lead), latest first for
 * done ones. Each way a task reaches the user is its own index range (assignee; role and
 * district; role and no district), merged in due order, so a page costs its own rows and the
 * counts come from the indexes rather than from every open task in the force.
 */
export async function worklistPage(
  db: Kysely<Database>,
  who: { userId: string; role: string; district: string | null; visibility: TaskVisibility },
  options: { status: 'open' | 'done'; now: string; limit: number; offset: number },
): Promise<TaskPage> {
  const base = () => withOccurrence(db).where('tasks.status', '=', options.status).where(visibleTask(who.visibility));
  const roleTasks = () => base().where('tasks.assignee_user_id', 'is', null).where('tasks.assignee_role', '=', who.role);
  const ways = [base().where('tasks.assignee_user_id', '=', who.userId)];
  // Force-wide users (no district) see their role's tasks in every district.
  if (who.district) ways.push(roleTasks().where('tasks.district', '=', who.district), roleTasks().where('tasks.district', 'is', null));
  else ways.push(roleTasks());
  const [first, ...rest] = ways;
  const compound = rest.reduce((u, way) => u.unionAll(way), first!);
  const rows = await compound
    .orderBy('due_at', options.status === 'open' ? 'asc' : 'desc')
    .orderBy('id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  // Counts: each way in, from its index alone, less its tasks of restricted occurrences this user
  // may not see (the few marked restricted, joined to their occurrence).
  type Way = (q: SelectQueryBuilder<Database, 'tasks', object>) => SelectQueryBuilder<Database, 'tasks', object>;
  const roleWay = (district: string | null | undefined): Way => (q) => {
    const role = q.where('tasks.assignee_role', '=', who.role).where('tasks.assignee_user_id', 'is', null);
    return district === undefined ? role : district === null ? role.where('tasks.district', 'is', null) : role.where('tasks.district', '=', district);
  };
  const countWays: Way[] = [(q) => q.where('tasks.assignee_user_id', '=', who.userId)];
  if (who.district) countWays.push(roleWay(who.district), roleWay(null));
  else countWays.push(roleWay(undefined));
  // One statement: each way's tally, and (signed -1) the tally of its tasks hidden from this user (ID-08).
  const open = () => db.selectFrom('tasks').where('tasks.status', '=', options.status);
  const tallies = countWays.flatMap((way) => {
    const all = way(open()).select((eb) => [sql<number>`1`.as('sign'), ...tally(options.now)(eb)]);
    if (who.visibility.all) return [all];
    const userId = who.visibility.userId;
    const hidden = way(open().where('tasks.occurrence_restricted', '=', 1))
      .innerJoin('occurrences', 'occurrences.id', 'tasks.occurrence_id')
      .where('occurrences.restricted', '=', 1)
      .where('occurrences.created_by', '!=', userId)
      .where((eb) => eb.or([eb('occurrences.attending_officer_id', 'is', null), eb('occurrences.attending_officer_id', '!=', userId)]))
      .select((eb) => [sql<number>`-1`.as('sign'), ...tally(options.now)(eb)]);
    // Both select sign, total and overdue; only their FROM differs, which the union does not mind.
    return [all, hidden as unknown as typeof all];
  });
  const [firstTally, ...moreTallies] = tallies;
  const counted = await moreTallies.reduce((u, t) => u.unionAll(t), firstTally!).execute();
  const counts = { total: 0, overdue: 0 };
  for (const c of counted) {
    counts.total += Number(c.sign) * Number(c.total);
    counts.overdue += Number(c.sign) * Number(c.overdue ?? 0);
  }
  return {
    tasks: rows.map((r) => toTask(r as Row)),
    total: Number(counts.total),
    overdue: options.status === 'open' ? Number(counts.overdue ?? 0) : 0,
  };
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


/** A team's open tasks, a page at a time: those of users in a district (and unit type), and role tasks in that district, soonest due first. */
export async function teamTaskPage(
  db: Kysely<Database>,
  team: { district: string | null; unitType?: string | null; visibility: TaskVisibility },
  options: { now: string; limit: number; offset: number },
): Promise<TaskPage<TaskRecord & { assigneeName: string | null }>> {
  const base = () => {
    let q = db
      .selectFrom('tasks')
      .leftJoin('occurrences', 'occurrences.id', 'tasks.occurrence_id')
      .leftJoin('users as assignee', 'assignee.id', 'tasks.assignee_user_id')
      .where('tasks.status', '=', 'open')
      .where(visibleTask(team.visibility));
    if (team.district) q = q.where('tasks.district', '=', team.district);
    if (team.unitType) q = q.where('assignee.unit_type', '=', team.unitType);
    return q;
  };
  const rows = await base()
    .selectAll('tasks')
    .select(['occurrences.reference', 'occurrences.restricted', 'occurrences.created_by as occ_created_by', 'occurrences.attending_officer_id', 'assignee.display_name as assignee_name'])
    .orderBy('tasks.due_at')
    .orderBy('tasks.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  const counts = await base()
    .select(tally(options.now))
    .executeTakeFirstOrThrow();
  return {
    tasks: rows.map((r) => ({ ...toTask(r as Row), assigneeName: (r as { assignee_name: string | null }).assignee_name })),
    total: Number(counts.total),
    overdue: Number(counts.overdue ?? 0),
  };
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
  const stored = await withRestriction(trx, rows);
  for (let i = 0; i < stored.length; i += 500) {
    const inserted = await trx
      .insertInto('tasks')
      .values(stored.slice(i, i + 500))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const r of inserted) out.add(r.id);
  }
  return out;
}

// ---- derived obligations (policy/obligations.ts) ---------------------------------------------

/** A case's open tasks, as reconciling its obligations needs them. */
export async function openTasksOfOccurrence(trx: Kysely<Database>, occurrenceId: string) {
  return trx
    .selectFrom('tasks')
    .select(['id', 'action', 'title', 'requirement', 'assignee_role', 'assignee_user_id', 'due_at', 'obligation_key', 'legacy', 'by_hand', 'fulfilled_by'])
    .where('occurrence_id', '=', occurrenceId)
    .where('status', '=', 'open')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Closes an open task, saying how: fulfilled by an event, ended (the case no longer owes it), done by hand, or not applicable (with the note). */
export async function closeTaskRow(trx: Kysely<Database>, id: string, close: { by: string | null; at: string; note: string | null; closure: 'fulfilled' | 'ended' | 'done' | 'not_applicable' }): Promise<boolean> {
  const r = await trx
    .updateTable('tasks')
    .set({ status: 'done', completed_at: close.at, completed_by: close.by, outcome_note: close.note, closure: close.closure })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** An open task follows its obligation: key, title, owner and due time. */
export async function updateOpenTaskRow(
  trx: Kysely<Database>,
  id: string,
  values: { obligation_key: string; title: string; requirement: string; assignee_user_id: string | null; assignee_role: string | null; due_at: string; legacy: number; by_hand: string; fulfilled_by: string },
): Promise<void> {
  await trx.updateTable('tasks').set(values).where('id', '=', id).where('status', '=', 'open').execute();
}

/** Marks an open task from before derived obligations that matches none (kept open, shown as such). */
export async function markTaskLegacy(trx: Kysely<Database>, id: string): Promise<void> {
  await trx.updateTable('tasks').set({ legacy: 1 }).where('id', '=', id).where('status', '=', 'open').execute();
}

/** Opens a task closed by hand in error again (its obligation is then derived afresh). */
export async function reopenTaskRow(trx: Kysely<Database>, id: string): Promise<boolean> {
  const r = await trx
    .updateTable('tasks')
    .set({ status: 'open', completed_at: null, completed_by: null, outcome_note: null, closure: null })
    .where('id', '=', id)
    .where('status', '=', 'done')
    .where('closure', 'in', ['done', 'not_applicable'])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * A task closed by hand before obligations were derived (no key, no closure) is taken as that
 * obligation closed by hand, so work already marked done is not owed again. Returns whether one was.
 */
export async function adoptTaskClosedByHand(trx: Kysely<Database>, occurrenceId: string, action: string, key: string): Promise<boolean> {
  const old = await trx
    .selectFrom('tasks')
    .select('id')
    .where('occurrence_id', '=', occurrenceId)
    .where('action', '=', action)
    .where('status', '=', 'done')
    .where('obligation_key', 'is', null)
    .where('closure', 'is', null)
    .orderBy('completed_at', 'desc')
    .executeTakeFirst();
  if (!old) return false;
  await trx.updateTable('tasks').set({ obligation_key: key, closure: 'done' }).where('id', '=', old.id).execute();
  return true;
}
