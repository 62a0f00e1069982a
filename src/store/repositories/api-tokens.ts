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

/**
 * Records when a token was last used, to the minute: an update that changes nothing writes
 * nothing, so a busy API client costs one disk write a minute rather than one per request.
 */
export async function touchApiToken(db: Kysely<Database>, id: string, at: string): Promise<void> {
  const minuteBefore = new Date(Date.parse(at) - 60_000).toISOString();
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', minuteBefore)]))
    .execute();
}
