import type { Kysely } from 'kysely';
import { columnTypes, type DialectKind } from './types';

/** Stalking Protection Orders from consideration to order, management visits, and breach records linked to the order. */
export async function spoMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema
    .createTable('spo_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('respondent_person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('consideration', t.json, (c) => c.notNull())
    .addColumn('referral', t.json)
    .addColumn('scu_decision', t.json)
    .addColumn('application', t.json)
    .addColumn('authority', t.json)
    .addColumn('court', t.json)
    .addColumn('order_type', 'text')
    .addColumn('granted_on', 'text')
    .addColumn('expires_on', 'text')
    .addColumn('terms', t.json)
    .addColumn('offender_manager_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('spo_cases_occurrence').on('spo_cases').column('occurrence_id').execute();
  await db.schema.createIndex('spo_cases_status').on('spo_cases').columns(['status', 'expires_on']).execute();

  await db.schema
    .createTable('spo_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('spo_id', 'text', (c) => c.notNull().references('spo_cases.id'))
    .addColumn('visited_on', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', t.timestamp, (c) => c.notNull())
    .execute();

  // BR-01: each breach is its own crime record, linked to the order and the original crime.
  await db.schema.alterTable('occurrences').addColumn('breach_of_spo_id', 'text').execute();
  await db.schema.alterTable('occurrences').addColumn('parent_occurrence_id', 'text').execute();
}
