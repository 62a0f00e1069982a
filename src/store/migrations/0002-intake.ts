import type { Kysely } from 'kysely';
import { columnTypes, type DialectKind } from './types';

/** People and parties, incidents, classification, DASH risk assessments, checklists and tasks (the intake journey). */
export async function intakeMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const t = columnTypes(kind);

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('surname', 'text')
    .addColumn('forenames', 'text')
    .addColumn('date_of_birth', 'text')
    .addColumn('address', 'text')
    .addColumn('postcode', 'text')
    .addColumn('phone', 'text')
    .addColumn('description', 'text')
    .addColumn('surname_key', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('people_dob').on('people').column('date_of_birth').execute();
  await db.schema.createIndex('people_surname_key').on('people').column('surname_key').execute();
  await db.schema.createIndex('people_postcode').on('people').column('postcode').execute();
  await db.schema.createIndex('people_phone').on('people').column('phone').execute();

  await db.schema
    .createTable('person_markers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('marker', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('person_markers_person').on('person_markers').column('person_id').execute();

  await db.schema
    .createTable('parties')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('capacity', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addUniqueConstraint('parties_unique', ['occurrence_id', 'person_id', 'role'])
    .execute();
  await db.schema.createIndex('parties_person').on('parties').columns(['person_id', 'role']).execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('occurred_at', t.timestamp, (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('act_type', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .execute();
  await db.schema.createIndex('incidents_occurrence').on('incidents').columns(['occurrence_id', 'occurred_at']).execute();

  await db.schema
    .createTable('classification_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('answers', t.json, (c) => c.notNull())
    .addColumn('proposed_classification', 'text', (c) => c.notNull())
    .addColumn('proposed_offence', 'text')
    .addColumn('confirmed_offence', 'text')
    .addColumn('difference_reason', 'text')
    .addColumn('other_offences', t.json, (c) => c.notNull())
    .addColumn('principal_crime', 'text')
    .addColumn('assessed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('assessed_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('classification_assessments_occurrence').on('classification_assessments').columns(['occurrence_id', 'assessed_at']).execute();

  await db.schema
    .createTable('risk_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('question_set', 'text', (c) => c.notNull())
    .addColumn('answers', t.json, (c) => c.notNull())
    .addColumn('screening', t.json)
    .addColumn('context', t.json, (c) => c.notNull())
    .addColumn('victim_engaged', t.flag, (c) => c.notNull())
    .addColumn('non_engagement_note', 'text')
    .addColumn('grade', 'text', (c) => c.notNull())
    .addColumn('officer_grade', 'text', (c) => c.notNull())
    .addColumn('result', t.json, (c) => c.notNull())
    .addColumn('assessed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('assessed_at', t.timestamp, (c) => c.notNull())
    .addColumn('endorsed_by', 'text', (c) => c.references('users.id'))
    .addColumn('endorsed_at', t.timestamp)
    .addColumn('endorsed_grade', 'text')
    .addColumn('endorsement_note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addUniqueConstraint('risk_assessments_sequence', ['occurrence_id', 'sequence'])
    .execute();

  await db.schema
    .createTable('checklist_items')
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('updated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('checklist_items_pk', ['occurrence_id', 'item_key'])
    .execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.references('occurrences.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('requirement', 'text', (c) => c.notNull())
    .addColumn('assignee_role', 'text')
    .addColumn('assignee_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('district', 'text')
    .addColumn('due_at', t.timestamp, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('completed_at', t.timestamp)
    .addColumn('completed_by', 'text', (c) => c.references('users.id'))
    .addColumn('outcome_note', 'text')
    .execute();
  await db.schema.createIndex('tasks_role_due').on('tasks').columns(['status', 'assignee_role', 'district', 'due_at']).execute();
  await db.schema.createIndex('tasks_user_due').on('tasks').columns(['assignee_user_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('tasks_occurrence').on('tasks').columns(['occurrence_id', 'status']).execute();

  await db.schema
    .createTable('victim_positions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('record', t.json, (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('victim_positions_occurrence').on('victim_positions').column('occurrence_id').execute();

  // Facts of the occurrence that rules read and pages show.
  const add = (name: string, type: Parameters<ReturnType<Kysely<any>['schema']['alterTable']>['addColumn']>[1], notNullDefault?: number) =>
    db.schema
      .alterTable('occurrences')
      .addColumn(name, type, (c) => (notNullDefault === undefined ? c : c.notNull().defaultTo(notNullDefault)))
      .execute();
  await add('classification', 'text');
  await add('offence', 'text');
  await add('principal_crime', 'text');
  await add('crime_recorded_at', t.timestamp);
  await add('cyber_flag', t.flag, 0);
  await add('threat_to_life', t.flag, 0);
  await add('duty_inspector_notified_at', t.timestamp);
  await add('workforce_involved', t.flag, 0);
  await add('attending_officer_id', 'text');
  await add('evidence_advice_given', t.flag, 0);
  await add('attendance_message', 'text');
  await add('victim_supports_prosecution', t.flag, 1);
}
