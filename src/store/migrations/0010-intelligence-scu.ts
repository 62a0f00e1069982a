import type { Kysely } from 'kysely';
import { columnTypes, type DialectKind } from './types';

/**
 * Intelligence submissions on stalking nominals (AO-09) and the Stalking Coordination Unit's
 * bespoke case reviews of stalking crimes, with their digital lines of enquiry (SC-03).
 */
export async function intelligenceScuMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema
    .createTable('intelligence_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('occurrence_id', 'text', (c) => c.references('occurrences.id'))
    .addColumn('seen_at', t.timestamp, (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('subject_description', 'text')
    .addColumn('vehicle', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_detail', 'text')
    .addColumn('details', 'text')
    .addColumn('flag_id', 'text', (c) => c.references('person_flags.id'))
    .addColumn('flag_task_id', 'text')
    .addColumn('submitted_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('submitted_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('intelligence_submissions_person').on('intelligence_submissions').columns(['person_id', 'seen_at']).execute();
  await db.schema.createIndex('intelligence_submissions_occurrence').on('intelligence_submissions').column('occurrence_id').execute();

  await db.schema
    .createTable('scu_case_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('reviewed_at', t.timestamp, (c) => c.notNull())
    .addColumn('reviewer_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('recommendations', 'text', (c) => c.notNull())
    /** JSON: one row per digital line of enquiry (kind, status, detail). */
    .addColumn('digital_lines', t.json, (c) => c.notNull())
    /** JSON: actions (text, due, the OIC's task if one was set). */
    .addColumn('actions', t.json, (c) => c.notNull())
    .addColumn('next_review_on', 'text')
    .execute();
  await db.schema.createIndex('scu_case_reviews_occurrence').on('scu_case_reviews').columns(['occurrence_id', 'reviewed_at']).execute();
  await db.schema.createIndex('scu_case_reviews_reviewed').on('scu_case_reviews').column('reviewed_at').execute();
  await db.schema.createIndex('scu_case_reviews_next').on('scu_case_reviews').column('next_review_on').execute();
}
