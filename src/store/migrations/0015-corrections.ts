import type { Kysely } from 'kysely';
import { columnTypes, type DialectKind } from './types';

/**
 * Corrections: a person added to an occurrence in error is marked so, never deleted. The party
 * row stays (the occurrence log names them and why they were removed); the case's people, its
 * course of conduct (ID-05) and the emerging-threat queries leave such parties out.
 *
 * Those queries join parties by (occurrence, role, person) and by (person, role) from their
 * indexes alone; the new indexes extend the two they replace with the removal time, so leaving
 * removed parties out still reads only the index.
 */
export async function correctionsMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema.alterTable('parties').addColumn('removed_in_error_at', t.timestamp).execute();
  await db.schema.alterTable('parties').addColumn('removed_in_error_by', 'text').execute();
  await db.schema.createIndex('parties_occurrence_role_current').on('parties').columns(['occurrence_id', 'role', 'person_id', 'removed_in_error_at']).execute();
  await db.schema.dropIndex('parties_occurrence_role').execute();
  await db.schema.createIndex('parties_person_current').on('parties').columns(['person_id', 'role', 'removed_in_error_at']).execute();
  await db.schema.dropIndex('parties_person').execute();
}
