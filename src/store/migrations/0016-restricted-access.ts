import type { Kysely } from 'kysely';
import type { DialectKind } from './types';

/**
 * ID-08: restricted crimes awaiting triage are listed for the DA team's DS (whatever their
 * recorded reviewer) from their own index range: the restricted mark first, so the few restricted
 * records are read without walking every recorded crime in the force.
 */
export async function restrictedAccessMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  void kind;
  await db.schema.createIndex('occurrences_restricted_queue').on('occurrences').columns(['restricted', 'status', 'district', 'received_at']).execute();
}
