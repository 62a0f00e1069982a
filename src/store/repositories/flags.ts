import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { insertMany } from './bulk';

export interface FlagRecord {
  id: string;
  personId: string;
  occurrenceId: string | null;
  reason: string;
  notify: string;
  startsOn: string;
  expiresOn: string;
  status: string;
  reviewOutcome: string | null;
  /** Who set the flag: its owner, tasked when intelligence arrives on the person (FL-01, AO-09). */
  createdBy: string;
  version: number;
}

const toFlag = (r: Database['person_flags']): FlagRecord => ({
  id: r.id,
  personId: r.person_id,
  occurrenceId: r.occurrence_id,
  reason: r.reason,
  notify: r.notify,
  startsOn: r.starts_on,
  expiresOn: r.expires_on,
  status: r.status,
  reviewOutcome: r.review_outcome,
  createdBy: r.created_by,
  version: Number(r.version),
});

export async function insertFlag(trx: Kysely<Database>, row: Database['person_flags']): Promise<void> {
  await trx.insertInto('person_flags').values(row).execute();
}

/** Many flags at once (bulk writers). */
export async function insertFlags(trx: Kysely<Database>, rows: readonly Database['person_flags'][]): Promise<number> {
  return insertMany(trx, 'person_flags', rows);
}

export async function findFlag(db: Kysely<Database>, id: string): Promise<FlagRecord | undefined> {
  const r = await db.selectFrom('person_flags').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toFlag(r) : undefined;
}

/** Active flags of these people (CS-06: shown wherever the person is searched or listed). */
export async function activeFlagsOf(db: Kysely<Database>, personIds: string[]): Promise<FlagRecord[]> {
  if (!personIds.length) return [];
  const rows = await db.selectFrom('person_flags').selectAll().where('person_id', 'in', personIds).where('status', '=', 'active').orderBy('expires_on').execute();
  return rows.map(toFlag);
}

export async function updateFlagRow(trx: Kysely<Database>, id: string, version: number, set: Partial<Database['person_flags']>): Promise<boolean> {
  const r = await trx.updateTable('person_flags').set({ ...set, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** FL-02: stalking incidents recorded since a date in any occurrence where this person is the suspect. */
export async function stalkingIncidentDatesSince(db: Kysely<Database>, personId: string, since: string): Promise<string[]> {
  const rows = await db
    .selectFrom('incidents')
    .innerJoin('parties', (j) => j.onRef('parties.occurrence_id', '=', 'incidents.occurrence_id'))
    .select('incidents.occurred_at')
    .where('parties.person_id', '=', personId)
    .where('parties.role', '=', 'suspect')
    .where('parties.removed_in_error_at', 'is', null)
    .where('incidents.occurred_at', '>=', since)
    .orderBy('incidents.occurred_at')
    .execute();
  return rows.map((r) => r.occurred_at);
}
