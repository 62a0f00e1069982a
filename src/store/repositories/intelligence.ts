import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** AO-09: an intelligence submission as the person's record shows it. */
export interface IntelligenceRecord {
  id: string;
  personId: string;
  occurrenceId: string | null;
  reference: string | null;
  /** The occurrence it came from is restricted (ID-08): shown only to those entitled to see it. */
  restricted: boolean;
  occurrenceCreatedBy: string | null;
  attendingOfficerId: string | null;
  seenAt: string;
  location: string;
  subjectDescription: string | null;
  vehicle: string | null;
  source: string;
  sourceDetail: string | null;
  details: string | null;
  flagId: string | null;
  flagTaskId: string | null;
  submittedBy: string;
  submittedByName: string;
  submittedAt: string;
}

export async function insertIntelligence(trx: Kysely<Database>, row: Database['intelligence_submissions']): Promise<void> {
  await trx.insertInto('intelligence_submissions').values(row).execute();
}

/** Every submission on a person, latest sighting first (callers filter restricted occurrences by entitlement). */
export async function intelligenceOfPerson(db: Kysely<Database>, personId: string, limit = 200): Promise<IntelligenceRecord[]> {
  const rows = await db
    .selectFrom('intelligence_submissions as i')
    .innerJoin('users as u', 'u.id', 'i.submitted_by')
    .leftJoin('occurrences as o', 'o.id', 'i.occurrence_id')
    .selectAll('i')
    .select(['u.display_name', 'o.reference', 'o.restricted', 'o.created_by as occ_created_by', 'o.attending_officer_id'])
    .where('i.person_id', '=', personId)
    .orderBy('i.seen_at', 'desc')
    .orderBy('i.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    occurrenceId: r.occurrence_id,
    reference: r.reference ?? null,
    restricted: Number(r.restricted ?? 0) === 1,
    occurrenceCreatedBy: r.occ_created_by ?? null,
    attendingOfficerId: r.attending_officer_id ?? null,
    seenAt: r.seen_at,
    location: r.location,
    subjectDescription: r.subject_description,
    vehicle: r.vehicle,
    source: r.source,
    sourceDetail: r.source_detail,
    details: r.details,
    flagId: r.flag_id,
    flagTaskId: r.flag_task_id,
    submittedBy: r.submitted_by,
    submittedByName: r.display_name,
    submittedAt: r.submitted_at,
  }));
}
