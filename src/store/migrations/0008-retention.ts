import type { Kysely } from 'kysely';
import { columnTypes, type DialectKind } from './types';

/**
 * MoPI retention (src/policy/retention.ts): each occurrence's group and review date, and the
 * reviews of it (retain with the next review date, or erase). An erased occurrence keeps its
 * row here as the tombstone: when, by whom and why. Dates without a time ('YYYY-MM-DD') are
 * text on both dialects. Additive only. Existing occurrences get their rows from
 * `conduct retention refresh` (the policy computes them; a migration stays frozen).
 */
export async function retentionMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema
    .createTable('occurrence_retention')
    .addColumn('occurrence_id', 'text', (c) => c.primaryKey().references('occurrences.id'))
    .addColumn('mopi_group', 'integer', (c) => c.notNull())
    .addColumn('because', t.json, (c) => c.notNull())
    .addColumn('review_from', 'text', (c) => c.notNull())
    .addColumn('review_due_on', 'text', (c) => c.notNull())
    .addColumn('retain_until', 'text')
    .addColumn('next_review_set_on', 'text')
    .addColumn('computed_at', t.timestamp, (c) => c.notNull())
    .addColumn('erased_at', t.timestamp)
    .addColumn('erased_by', 'text', (c) => c.references('users.id'))
    .addColumn('erasure_reason', 'text')
    .execute();
  // The review worklist: what is due, oldest first, by key.
  await db.schema.createIndex('occurrence_retention_due').on('occurrence_retention').columns(['review_due_on', 'occurrence_id']).execute();

  await db.schema
    .createTable('retention_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurrence_id', 'text', (c) => c.notNull().references('occurrences.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('mopi_group', 'integer', (c) => c.notNull())
    .addColumn('next_review_on', 'text')
    .addColumn('reviewed_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('reviewed_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('retention_reviews_occurrence').on('retention_reviews').columns(['occurrence_id', 'reviewed_at']).execute();
}
