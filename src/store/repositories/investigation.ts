import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export async function insertPlanItems(trx: Kysely<Database>, rows: Database['investigation_plan_items'][]): Promise<void> {
  if (rows.length) await trx.insertInto('investigation_plan_items').values(rows).execute();
}

export async function listPlanItems(db: Kysely<Database>, occurrenceId: string) {
  return db.selectFrom('investigation_plan_items').selectAll().where('occurrence_id', '=', occurrenceId).orderBy('created_at').orderBy('id').execute();
}

export async function updatePlanItemRow(trx: Kysely<Database>, occurrenceId: string, id: string, values: { status: string; note: string | null; updated_at: string }): Promise<boolean> {
  const r = await trx.updateTable('investigation_plan_items').set(values).where('id', '=', id).where('occurrence_id', '=', occurrenceId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertSuspectAction(trx: Kysely<Database>, row: Database['suspect_actions']): Promise<void> {
  await trx.insertInto('suspect_actions').values(row).execute();
}

export async function listSuspectActions(db: Kysely<Database>, occurrenceId: string) {
  return db
    .selectFrom('suspect_actions')
    .innerJoin('users', 'users.id', 'suspect_actions.recorded_by')
    .selectAll('suspect_actions')
    .select('users.display_name')
    .where('occurrence_id', '=', occurrenceId)
    .orderBy('at', 'desc')
    .execute();
}

export async function insertVictimContact(trx: Kysely<Database>, row: Database['victim_contacts']): Promise<void> {
  await trx.insertInto('victim_contacts').values(row).execute();
}

export async function listVictimContacts(db: Kysely<Database>, occurrenceId: string) {
  return db
    .selectFrom('victim_contacts')
    .innerJoin('users', 'users.id', 'victim_contacts.recorded_by')
    .selectAll('victim_contacts')
    .select('users.display_name')
    .where('occurrence_id', '=', occurrenceId)
    .orderBy('at', 'desc')
    .execute();
}

export async function upsertReferral(trx: Kysely<Database>, row: Database['referrals']): Promise<void> {
  await trx
    .insertInto('referrals')
    .values(row)
    .onConflict((oc) => oc.columns(['occurrence_id', 'kind']).doUpdateSet({ status: row.status, note: row.note, reason: row.reason, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}

export async function listReferrals(db: Kysely<Database>, occurrenceId: string) {
  return db.selectFrom('referrals').selectAll().where('occurrence_id', '=', occurrenceId).orderBy('kind').execute();
}

/**
 * TS-01: recorded or reopened crimes awaiting triage by one kind of reviewer, in a district, oldest first.
 * Restricted crimes (ID-08) are never in it unless `includeRestricted`: the caller asks for them
 * only for a reviewer entitled to them, and then gets every restricted crime awaiting triage in
 * the district whatever its recorded reviewer (they are all reviewed the Domestic Abuse way).
 * Each part reads its own index range: ordinary crimes by status and reviewer, the few
 * restricted ones by the restricted mark.
 */
export async function triageQueueRows(db: Kysely<Database>, reviewer: 'DA_DS' | 'CID_DS', district: string | null, options: { includeRestricted?: boolean; limit?: number } = {}) {
  const limit = options.limit ?? 200;
  const waiting = () => {
    let q = db.selectFrom('occurrences').selectAll().where('status', 'in', ['recorded', 'reopened']);
    if (district) q = q.where('district', '=', district);
    return q;
  };
  const ordinary = await waiting().where('reviewer', '=', reviewer).where('restricted', '=', 0).orderBy('received_at').limit(limit).execute();
  if (!options.includeRestricted) return ordinary;
  const restricted = await waiting().where('restricted', '=', 1).orderBy('received_at').limit(limit).execute();
  const byReceived = (a: { received_at: string; id: string }, b: { received_at: string; id: string }) =>
    a.received_at < b.received_at ? -1 : a.received_at > b.received_at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return [...ordinary, ...restricted].sort(byReceived).slice(0, limit);
}

/** Stalking crimes recorded since a time, optionally domestic or not (SC-01, SC-02). */
export async function stalkingCrimesSince(db: Kysely<Database>, since: string, domestic: boolean, limit = 500) {
  const da = ['intimate_partner', 'ex_intimate_partner', 'family_member'];
  let q = db.selectFrom('occurrences').selectAll().where('offence', 'in', ['s2A', 's4A']).where('crime_recorded_at', '>=', since).where('status', '!=', 'finalised');
  q = domestic ? q.where('relationship', 'in', da) : q.where((eb) => eb.or([eb('relationship', 'not in', da), eb('relationship', 'is', null)]));
  return q.orderBy('crime_recorded_at', 'desc').limit(limit).execute();
}

/** XC-02: a video-recorded interview assigned to an ABE-trained officer. */
export async function insertVideoInterview(trx: Kysely<Database>, row: Database['video_interviews']): Promise<void> {
  await trx.insertInto('video_interviews').values(row).execute();
}
