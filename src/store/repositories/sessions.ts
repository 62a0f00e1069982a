import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export async function getSession(db: Kysely<Database>, sid: string, now: string): Promise<unknown | undefined> {
  const row = await db.selectFrom('sessions').select(['data', 'expires_at']).where('sid', '=', sid).executeTakeFirst();
  if (!row) return undefined;
  if (row.expires_at <= now) {
    await db.deleteFrom('sessions').where('sid', '=', sid).execute();
    return undefined;
  }
  return JSON.parse(row.data);
}

export async function saveSession(
  db: Kysely<Database>,
  sid: string,
  data: unknown,
  userId: string | null,
  expiresAt: string,
): Promise<void> {
  const json = JSON.stringify(data);
  await db
    .insertInto('sessions')
    .values({ sid, data: json, user_id: userId, expires_at: expiresAt })
    .onConflict((oc) => oc.column('sid').doUpdateSet({ data: json, user_id: userId, expires_at: expiresAt }))
    .execute();
}

export async function deleteSession(db: Kysely<Database>, sid: string): Promise<void> {
  await db.deleteFrom('sessions').where('sid', '=', sid).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: string): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
