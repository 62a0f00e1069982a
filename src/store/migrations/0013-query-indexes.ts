import type { Kysely } from 'kysely';
import type { DialectKind } from './types';

/**
 * Indexes shaped to two everyday reads, so their cost follows what is shown rather than the size
 * of the force:
 * - person matching (CS-06) ranks candidates from the index itself: a common surname's
 *   sound-alike group runs to thousands of people, and reading each whole record cost more than
 *   the search. It starts with the old surname index's column, which it replaces;
 * - a worklist counts its queues (a user's own tasks; a role's unassigned tasks in a district)
 *   from their indexes. Tasks now carry whether their occurrence is restricted (ID-08), kept by
 *   the repositories, so only those few are joined to their occurrence to see who may see them.
 *   The new task indexes extend the ones they replace.
 */
export async function queryIndexesMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  void kind;
  await db.schema.createIndex('people_surname_match').on('people').columns(['surname_key', 'surname', 'forenames', 'date_of_birth', 'postcode', 'phone', 'id']).execute();
  await db.schema.dropIndex('people_surname_key').execute();

  await db.schema.alterTable('tasks').addColumn('occurrence_restricted', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db
    .updateTable('tasks')
    .set({ occurrence_restricted: 1 })
    .where('occurrence_id', 'in', (eb: any) => eb.selectFrom('occurrences').select('id').where('restricted', '=', 1))
    .execute();
  await db.schema.createIndex('tasks_role_queue').on('tasks').columns(['status', 'assignee_role', 'district', 'assignee_user_id', 'due_at', 'occurrence_restricted']).execute();
  await db.schema.dropIndex('tasks_role_due').execute();
  await db.schema.createIndex('tasks_user_queue').on('tasks').columns(['assignee_user_id', 'status', 'due_at', 'occurrence_restricted']).execute();
  await db.schema.dropIndex('tasks_user_due').execute();
}
