import type { Kysely } from 'kysely';
import { columnTypes, type DialectKind } from './types';

/** 'Notify if' flags on a person (FL-01 to FL-03). */
export async function flagsMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema
    .createTable('person_flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
    .addColumn('occurrence_id', 'text', (c) => c.references('occurrences.id'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('notify', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('expires_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('review_outcome', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('person_flags_person').on('person_flags').columns(['person_id', 'status']).execute();
  await db.schema.createIndex('person_flags_expiry').on('person_flags').columns(['status', 'expires_on']).execute();
}
