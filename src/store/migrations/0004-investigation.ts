import type { Kysely } from 'kysely';
import { columnTypes, type DialectKind } from './types';

/** Triage, allocation, the investigation plan, suspect management, victim contact, referrals, finalisation and training records. */
export async function investigationMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const t = columnTypes(kind);
  const addTo = async (table: string, name: string, type: any, notNullDefault?: number) =>
    db.schema
      .alterTable(table)
      .addColumn(name, type, (c) => (notNullDefault === undefined ? c : c.notNull().defaultTo(notNullDefault)))
      .execute();

  // Allocation facts (AL-01 to AL-05), the triage and allocation decisions, finalisation (AL-06 to AL-08).
  await addTo('occurrences', 'relationship', 'text');
  for (const flag of ['adult_at_risk', 'honour_based_abuse', 'coercive_control', 'prolonged_course', 'cumulative_impact', 'perpetrator_escalation', 'proportionate_investigation_complete']) {
    await addTo('occurrences', flag, t.flag, 0);
  }
  await addTo('occurrences', 'reviewer', 'text');
  await addTo('occurrences', 'allocated_unit', 'text');
  await addTo('occurrences', 'officer_in_charge_id', 'text');
  await addTo('occurrences', 'triaged_at', t.timestamp);
  await addTo('occurrences', 'triaged_by', 'text');
  await addTo('occurrences', 'outcome', 'text');
  await addTo('occurrences', 'outcome_rationale', 'text');
  await addTo('occurrences', 'finalised_at', t.timestamp);
  await addTo('occurrences', 'finalised_by', 'text');
  await addTo('occurrences', 'victim_contact_every_days', 'integer');
  await db.schema.createIndex('occurrences_status_reviewer').on('occurrences').columns(['status', 'reviewer', 'received_at']).execute();
  await db.schema.createIndex('occurrences_oic').on('occurrences').columns(['officer_in_charge_id', 'status']).execute();

  // Users: the kind of unit they work in (never patrol or neighbourhood for stalking, AL-05) and training (XC-02, XC-05).
  await addTo('users', 'unit_type', 'text');
  await addTo('users', 'abe_trained_on', 'text');
  await addTo('users', 'elearning_completed_on', 'text');

  await db.schema
    .createTable('investigation_plan_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('line', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('investigation_plan_items_occurrence').on('investigation_plan_items').column('occurrence_id').execute();

  await db.schema
    .createTable('suspect_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('conditions', 'text')
    .addColumn('bail_expires_on', 'text')
    .addColumn('victim_consulted', t.flag, (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('suspect_actions_occurrence').on('suspect_actions').columns(['occurrence_id', 'at']).execute();

  await db.schema
    .createTable('victim_contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('task_id', 'text', (c) => c.references('tasks.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('at', t.timestamp, (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('victim_contacts_occurrence').on('victim_contacts').columns(['occurrence_id', 'at']).execute();

  await db.schema
    .createTable('referrals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addUniqueConstraint('referrals_kind', ['occurrence_id', 'kind'])
    .execute();
}
