import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export async function getSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Sets a value only if none is set; returns the value in force (safe when several servers start at once). */
export async function ensureSetting(db: Kysely<Database>, key: string, value: string): Promise<string> {
  await db.insertInto('app_settings').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await getSetting(db, key)) ?? value;
}
