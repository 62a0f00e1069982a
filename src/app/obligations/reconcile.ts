import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { defaultParameters } from '../../policy/parameters';
import { deriveObligations, obligationCatalogue, type Obligation, type Owner } from '../../policy/obligations';
import { englandAndWalesBankHolidays } from '../../policy/calendar';
import type { FieldChange } from '../../store/repositories/log';
import { loadObligationFacts } from '../../store/repositories/obligation-facts';
import { closeTaskRow, insertTask, markTaskLegacy, openTasksOfOccurrence, updateOpenTaskRow } from '../../store/repositories/tasks';
import type { Database } from '../../store/schema';

/** The task actions that follow derived obligations; any other task is left as it is. */
export const derivedActions: ReadonlySet<string> = new Set(obligationCatalogue.map((c) => c.action));

/**
 * Changes after which an obligation that is no longer derived was not met but ended: the crime
 * was finalised, or reopened (what its finalisation owed, telling the victim and support services
 * of the decision, is owed no more), or the case moved to another unit or officer. Its task closes
 * as 'ended' (never counted as met in compliance); any other change that removes an obligation
 * fulfilled it.
 */
const endingEvents: ReadonlySet<string> = new Set(['occurrence.finalised', 'occurrence.reopened', 'occurrence.retriaged', 'occurrence.reallocated', 'party.removed_in_error']);

/** What happened, in words, for the note on a task it fulfilled: "crime.recorded" becomes "crime recorded". */
export function eventWords(action: string): string {
  return action.replace(/[._]/g, ' ');
}

function assignee(owner: Owner): { assignee_user_id: string | null; assignee_role: string | null } {
  return 'userId' in owner ? { assignee_user_id: owner.userId, assignee_role: null } : { assignee_user_id: null, assignee_role: owner.role };
}

/** The obligations of one case as they stand after a change (the derivation, over facts read in this transaction). */
export async function obligationsOfCase(trx: Kysely<Database>, occurrenceId: string, current?: { action: string; at: string; by?: string | null }): Promise<Omit<Obligation, 'overdue'>[]> {
  const facts = await loadObligationFacts(trx, occurrenceId, current);
  return facts ? deriveObligations(facts, defaultParameters, englandAndWalesBankHolidays) : [];
}

/**
 * Keeps a case's open tasks equal to its obligations, inside the transaction of the change that
 * may have altered them. A new obligation opens a task (or takes over a task of the same kind
 * written before obligations were derived); an open task whose obligation the change fulfilled
 * closes, naming the event; a due time, owner or title that moved, moves. Returns the lines for
 * the change's log entry. Tasks of other kinds (SPO, flags, escalations) are not touched.
 */
export async function reconcileObligations(
  trx: Kysely<Database>,
  c: { occurrenceId: string; district: string; now: string; actorId: string | null; cause: string },
): Promise<FieldChange[]> {
  const obligations = await obligationsOfCase(trx, c.occurrenceId, { action: c.cause, at: c.now, by: c.actorId });
  const open = await openTasksOfOccurrence(trx, c.occurrenceId);
  const byKey = new Map(obligations.map((o) => [o.key, o]));
  const logged: FieldChange[] = [];
  const matched = new Set<string>();

  for (const t of open) {
    if (!t.obligation_key) continue;
    const o = byKey.get(t.obligation_key);
    if (!o || matched.has(o.key)) {
      const ended = endingEvents.has(c.cause);
      await closeTaskRow(trx, t.id, { by: c.actorId, at: c.now, note: `${ended ? 'No longer owed' : 'Fulfilled'}: ${eventWords(c.cause)}`, closure: ended ? 'ended' : 'fulfilled' });
      logged.push({ field: 'task', before: t.title, after: `${ended ? 'no longer owed' : 'done'} (${eventWords(c.cause)})` });
      continue;
    }
    matched.add(o.key);
    await follow(trx, t, o, logged);
  }

  // Tasks written before obligations were derived: take over one of the same kind, else mark it legacy.
  for (const t of open) {
    if (t.obligation_key || !derivedActions.has(t.action)) continue;
    const o = obligations.find((x) => x.action === t.action && !matched.has(x.key));
    if (o) {
      matched.add(o.key);
      await follow(trx, t, o, logged, true);
    } else if (Number(t.legacy) !== 1) {
      await markTaskLegacy(trx, t.id);
    }
  }

  for (const o of obligations) {
    if (matched.has(o.key)) continue;
    await insertTask(trx, {
      id: randomUUID(),
      occurrence_id: c.occurrenceId,
      action: o.action,
      title: o.title,
      requirement: o.requirement,
      ...assignee(o.owner),
      // A role's task is in the owner's district; a force-wide role's (district null) reaches that role in every district.
      district: 'role' in o.owner ? o.owner.district : c.district,
      due_at: o.dueAt,
      status: 'open',
      created_at: c.now,
      completed_at: null,
      completed_by: null,
      outcome_note: null,
      obligation_key: o.key,
      closure: null,
      legacy: 0,
      by_hand: o.byHand,
      fulfilled_by: o.fulfilledBy,
    });
    logged.push({ field: 'task', before: null, after: `${o.title} (due ${o.dueAt}, ${o.requirement})` });
  }
  return logged;
}

async function follow(
  trx: Kysely<Database>,
  t: Awaited<ReturnType<typeof openTasksOfOccurrence>>[number],
  o: Omit<Obligation, 'overdue'>,
  logged: FieldChange[],
  adopt = false,
): Promise<void> {
  const a = assignee(o.owner);
  const due = new Date(t.due_at).toISOString();
  const same =
    !adopt && t.title === o.title && t.requirement === o.requirement && due === o.dueAt && t.assignee_user_id === a.assignee_user_id && t.assignee_role === a.assignee_role && t.by_hand === o.byHand && t.fulfilled_by === o.fulfilledBy;
  if (same) return;
  await updateOpenTaskRow(trx, t.id, { obligation_key: o.key, title: o.title, requirement: o.requirement, ...a, due_at: o.dueAt, legacy: 0, by_hand: o.byHand, fulfilled_by: o.fulfilledBy });
  if (due !== o.dueAt) logged.push({ field: 'taskDue', before: `${t.title} (due ${due})`, after: `${o.title} (due ${o.dueAt})` });
  else if (t.assignee_user_id !== a.assignee_user_id || t.assignee_role !== a.assignee_role) logged.push({ field: 'taskOwner', before: t.title, after: o.title });
}
