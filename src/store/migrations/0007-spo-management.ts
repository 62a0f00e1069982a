import type { Kysely } from 'kysely';
import { columnTypes, type DialectKind } from './types';

/**
 * Managing a Stalking Protection Order (SP-07 to SP-14): the versioned subject management pack,
 * supervisor reviews, and on the order's case the management plan, the history of its terms,
 * renewal requests, moves between force areas and discharge. Additive only.
 */
export async function spoManagementMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const t = columnTypes(kind);
  // SP-07: a new version of the pack on every change of name, address or requirements; every version kept.
  await db.schema
    .createTable('spo_management_packs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('spo_id', 'text', (c) => c.notNull().references('spo_cases.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('names', t.json, (c) => c.notNull())
    .addColumn('home_address', 'text', (c) => c.notNull())
    .addColumn('requirements', t.json, (c) => c.notNull())
    .addColumn('changed', t.json, (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', t.timestamp, (c) => c.notNull())
    .addUniqueConstraint('spo_management_packs_version', ['spo_id', 'version'])
    .execute();

  // SP-10: supervisor reviews, each with the five review points.
  await db.schema
    .createTable('spo_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('spo_id', 'text', (c) => c.notNull().references('spo_cases.id'))
    .addColumn('reviewed_on', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('points', t.json, (c) => c.notNull())
    .addColumn('next_review_due', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('spo_reviews_spo').on('spo_reviews').columns(['spo_id', 'reviewed_on']).execute();

  for (const column of ['management_plan', 'term_history', 'renewal', 'moves', 'discharge']) {
    await db.schema.alterTable('spo_cases').addColumn(column, t.json).execute();
  }
}
