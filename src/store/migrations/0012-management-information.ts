import type { Kysely } from 'kysely';
import type { DialectKind } from './types';

/**
 * Indexes for management information and the compliance report: each figure counts a range of
 * one of these keys (finalisation time, task due time, log entries of one action over time) and
 * the breach check looks orders' breaches up by the order. Additive only.
 */
export async function managementInformationMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  void kind;
  await db.schema.createIndex('occurrences_finalised').on('occurrences').columns(['finalised_at', 'district']).execute();
  await db.schema.createIndex('occurrences_breach_of_spo').on('occurrences').column('breach_of_spo_id').execute();
  await db.schema.createIndex('tasks_due').on('tasks').columns(['due_at', 'requirement']).execute();
  await db.schema.createIndex('tasks_requirement_due').on('tasks').columns(['requirement', 'due_at']).execute();
  await db.schema.createIndex('log_entries_action_at').on('log_entries').columns(['action', 'at']).execute();
}
