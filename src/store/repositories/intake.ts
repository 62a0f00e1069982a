import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import { insertMany } from './bulk';
import { toPerson, type PersonRecord } from './people';

// ---- parties -------------------------------------------------------------------------------

export interface PartyRecord {
  id: string;
  occurrenceId: string;
  role: string;
  capacity: string | null;
  person: PersonRecord;
}

export async function insertParty(trx: Kysely<Database>, row: Database['parties']): Promise<void> {
  await trx.insertInto('parties').values(row).execute();
}

/** Many parties at once (bulk writers): as insertParty, in multi-row statements. */
export async function insertParties(trx: Kysely<Database>, rows: readonly Database['parties'][]): Promise<number> {
  return insertMany(trx, 'parties', rows);
}

export async function listParties(db: Kysely<Database>, occurrenceId: string): Promise<PartyRecord[]> {
  const rows = await db
    .selectFrom('parties')
    .innerJoin('people', 'people.id', 'parties.person_id')
    .selectAll('people')
    .select(['parties.id as party_id', 'parties.occurrence_id', 'parties.role', 'parties.capacity'])
    .where('parties.occurrence_id', '=', occurrenceId)
    .where('parties.removed_in_error_at', 'is', null)
    .orderBy('parties.created_at')
    .execute();
  return rows.map((r) => ({ id: r.party_id, occurrenceId: r.occurrence_id, role: r.role, capacity: r.capacity, person: toPerson(r) }));
}

/** One party of an occurrence, with whether it was removed in error (corrections read removed ones too). */
export async function findPartyOfOccurrence(db: Kysely<Database>, occurrenceId: string, partyId: string): Promise<(PartyRecord & { removedInErrorAt: string | null }) | undefined> {
  const r = await db
    .selectFrom('parties')
    .innerJoin('people', 'people.id', 'parties.person_id')
    .selectAll('people')
    .select(['parties.id as party_id', 'parties.occurrence_id', 'parties.role', 'parties.capacity', 'parties.removed_in_error_at'])
    .where('parties.occurrence_id', '=', occurrenceId)
    .where('parties.id', '=', partyId)
    .executeTakeFirst();
  return r && { id: r.party_id, occurrenceId: r.occurrence_id, role: r.role, capacity: r.capacity, person: toPerson(r), removedInErrorAt: r.removed_in_error_at ?? null };
}

/** Marks a party as added in error: the row stays (the log names them); the case's queries leave it out. */
export async function markPartyRemovedInError(trx: Kysely<Database>, partyId: string, at: string, by: string): Promise<boolean> {
  const r = await trx.updateTable('parties').set({ removed_in_error_at: at, removed_in_error_by: by }).where('id', '=', partyId).where('removed_in_error_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A person removed in error and added again in the same role: their party row is restored (one row per person and role). */
export async function restorePartyRemovedInError(trx: Kysely<Database>, occurrenceId: string, personId: string, role: string, capacity: string | null): Promise<boolean> {
  const r = await trx
    .updateTable('parties')
    .set({ removed_in_error_at: null, removed_in_error_by: null, capacity })
    .where('occurrence_id', '=', occurrenceId)
    .where('person_id', '=', personId)
    .where('role', '=', role)
    .where('removed_in_error_at', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * ID-05: the course of conduct. Every occurrence in which one of this occurrence's victims and one
 * of its suspects are both parties, so history is never seen in isolation.
 */
export async function courseOfConductOccurrenceIds(db: Kysely<Database>, occurrenceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('parties as v')
    .innerJoin('parties as s', (j) => j.onRef('s.occurrence_id', '=', 'v.occurrence_id'))
    .select('v.occurrence_id')
    .distinct()
    .where('v.role', '=', 'victim')
    .where('s.role', '=', 'suspect')
    .where('v.removed_in_error_at', 'is', null)
    .where('s.removed_in_error_at', 'is', null)
    .where('v.person_id', 'in', (eb) => eb.selectFrom('parties').select('person_id').where('occurrence_id', '=', occurrenceId).where('role', '=', 'victim').where('removed_in_error_at', 'is', null))
    .where('s.person_id', 'in', (eb) => eb.selectFrom('parties').select('person_id').where('occurrence_id', '=', occurrenceId).where('role', '=', 'suspect').where('removed_in_error_at', 'is', null))
    .execute();
  const ids = rows.map((r) => r.occurrence_id);
  return ids.includes(occurrenceId) ? ids : [occurrenceId, ...ids];
}

// ---- incidents -----------------------------------------------------------------------------

export interface IncidentRecord {
  id: string;
  occurrenceId: string;
  reference: string;
  occurredAt: string;
  place: string;
  actType: string;
  channel: string;
  description: string;
  createdAt: string;
}

export async function insertIncident(trx: Kysely<Database>, row: Database['incidents']): Promise<void> {
  await trx.insertInto('incidents').values(row).execute();
}

/** Many incidents at once (bulk writers). */
export async function insertIncidents(trx: Kysely<Database>, rows: readonly Database['incidents'][]): Promise<number> {
  return insertMany(trx, 'incidents', rows);
}

/** Incidents of these occurrences, oldest first: the course of conduct's timeline. */
export async function listIncidents(db: Kysely<Database>, occurrenceIds: string[]): Promise<IncidentRecord[]> {
  if (!occurrenceIds.length) return [];
  const rows = await db
    .selectFrom('incidents')
    .innerJoin('occurrences', 'occurrences.id', 'incidents.occurrence_id')
    .selectAll('incidents')
    .select('occurrences.reference')
    .where('incidents.occurrence_id', 'in', occurrenceIds)
    .orderBy('incidents.occurred_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    occurrenceId: r.occurrence_id,
    reference: r.reference,
    occurredAt: r.occurred_at,
    place: r.place,
    actType: r.act_type,
    channel: r.channel,
    description: r.description,
    createdAt: r.created_at,
  }));
}

// ---- classification ------------------------------------------------------------------------

export interface ClassificationRecord {
  id: string;
  answers: Record<string, unknown>;
  proposedClassification: string;
  proposedOffence: string | null;
  confirmedOffence: string | null;
  differenceReason: string | null;
  otherOffences: string[];
  principalCrime: string | null;
  assessedBy: string;
  assessedByName: string;
  assessedAt: string;
}

export async function insertClassification(trx: Kysely<Database>, row: Database['classification_assessments']): Promise<void> {
  await trx.insertInto('classification_assessments').values(row).execute();
}

/** Many classification assessments at once (bulk writers). */
export async function insertClassifications(trx: Kysely<Database>, rows: readonly Database['classification_assessments'][]): Promise<number> {
  return insertMany(trx, 'classification_assessments', rows);
}

export async function listClassifications(db: Kysely<Database>, occurrenceId: string): Promise<ClassificationRecord[]> {
  const rows = await db
    .selectFrom('classification_assessments as c')
    .innerJoin('users', 'users.id', 'c.assessed_by')
    .selectAll('c')
    .select('users.display_name')
    .where('c.occurrence_id', '=', occurrenceId)
    .orderBy('c.assessed_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    answers: JSON.parse(r.answers) as Record<string, unknown>,
    proposedClassification: r.proposed_classification,
    proposedOffence: r.proposed_offence,
    confirmedOffence: r.confirmed_offence,
    differenceReason: r.difference_reason,
    otherOffences: JSON.parse(r.other_offences) as string[],
    principalCrime: r.principal_crime,
    assessedBy: r.assessed_by,
    assessedByName: r.display_name,
    assessedAt: r.assessed_at,
  }));
}

// ---- risk assessments ----------------------------------------------------------------------

export interface RiskAssessmentRecord {
  id: string;
  occurrenceId: string;
  sequence: number;
  questionSet: string;
  answers: Record<string, string>;
  screening: Record<string, string> | null;
  context: Record<string, string>;
  victimEngaged: boolean;
  nonEngagementNote: string | null;
  grade: string;
  officerGrade: string;
  result: { yesCount: number; reasons: string[]; requirements: string[]; explanation: string; maracReferral: { required: boolean; routes: string[] }; scuLiaison: boolean; specialistSupportReferral: boolean };
  assessedBy: string;
  assessedByName: string;
  assessedAt: string;
  endorsedBy: string | null;
  endorsedByName: string | null;
  endorsedAt: string | null;
  endorsedGrade: string | null;
  endorsementNote: string | null;
  version: number;
}

export async function insertRiskAssessment(trx: Kysely<Database>, row: Database['risk_assessments']): Promise<void> {
  await trx.insertInto('risk_assessments').values(row).execute();
}

/** Many DASH risk assessments at once (bulk writers). */
export async function insertRiskAssessments(trx: Kysely<Database>, rows: readonly Database['risk_assessments'][]): Promise<number> {
  return insertMany(trx, 'risk_assessments', rows);
}

export async function listRiskAssessments(db: Kysely<Database>, occurrenceId: string): Promise<RiskAssessmentRecord[]> {
  const rows = await db
    .selectFrom('risk_assessments as r')
    .innerJoin('users as a', 'a.id', 'r.assessed_by')
    .leftJoin('users as e', 'e.id', 'r.endorsed_by')
    .selectAll('r')
    .select(['a.display_name as assessed_by_name', 'e.display_name as endorsed_by_name'])
    .where('r.occurrence_id', '=', occurrenceId)
    .orderBy('r.sequence', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    occurrenceId: r.occurrence_id,
    sequence: Number(r.sequence),
    questionSet: r.question_set,
    answers: JSON.parse(r.answers) as Record<string, string>,
    screening: r.screening ? (JSON.parse(r.screening) as Record<string, string>) : null,
    context: JSON.parse(r.context) as Record<string, string>,
    victimEngaged: Number(r.victim_engaged) === 1,
    nonEngagementNote: r.non_engagement_note,
    grade: r.grade,
    officerGrade: r.officer_grade,
    result: JSON.parse(r.result) as RiskAssessmentRecord['result'],
    assessedBy: r.assessed_by,
    assessedByName: r.assessed_by_name,
    assessedAt: r.assessed_at,
    endorsedBy: r.endorsed_by,
    endorsedByName: r.endorsed_by_name ?? null,
    endorsedAt: r.endorsed_at,
    endorsedGrade: r.endorsed_grade,
    endorsementNote: r.endorsement_note,
    version: Number(r.version),
  }));
}

/** Records the supervisor's endorsement if the assessment is still at the version the supervisor saw. */
export async function endorseRiskAssessmentRow(
  trx: Kysely<Database>,
  id: string,
  expectedVersion: number,
  values: { endorsed_by: string; endorsed_at: string; endorsed_grade: string; endorsement_note: string | null },
): Promise<boolean> {
  const r = await trx
    .updateTable('risk_assessments')
    .set({ ...values, version: sql`version + 1` as unknown as number })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('endorsed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- checklist -----------------------------------------------------------------------------

export async function upsertChecklistItem(trx: Kysely<Database>, row: Database['checklist_items']): Promise<void> {
  await trx
    .insertInto('checklist_items')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['occurrence_id', 'item_key']).doUpdateSet({ status: row.status, reason: row.reason, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
    .execute();
}

export async function listChecklistItems(db: Kysely<Database>, occurrenceId: string) {
  return db.selectFrom('checklist_items').selectAll().where('occurrence_id', '=', occurrenceId).execute();
}

// ---- victim's position on prosecution ------------------------------------------------------

export async function insertVictimPosition(trx: Kysely<Database>, row: Database['victim_positions']): Promise<void> {
  await trx.insertInto('victim_positions').values(row).execute();
}

export async function latestVictimPosition(db: Kysely<Database>, occurrenceId: string) {
  return db.selectFrom('victim_positions').selectAll().where('occurrence_id', '=', occurrenceId).orderBy('recorded_at', 'desc').limit(1).executeTakeFirst();
}
