import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export async function insertApiToken(db: Kysely<Database>, row: Database['api_tokens']): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

/** The active (not revoked) token with this hash, and its user id. */
export async function findActiveApiToken(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'user_id'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiToken(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
