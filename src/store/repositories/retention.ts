import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import { REDACTED } from './log';

export interface RetentionRecord {
  occurrenceId: string;
  group: 1 | 2 | 3;
  because: string[];
  reviewFrom: string;
  reviewDueOn: string;
  retainUntil: string | null;
  nextReviewSetOn: string | null;
  computedAt: string;
  erasedAt: string | null;
  erasedBy: string | null;
  erasureReason: string | null;
}

type Row = Database['occurrence_retention'];

function toRetention(row: Row): RetentionRecord {
  return {
    occurrenceId: row.occurrence_id,
    group: Number(row.mopi_group) as 1 | 2 | 3,
    because: JSON.parse(row.because) as string[],
    reviewFrom: row.review_from,
    reviewDueOn: row.review_due_on,
    retainUntil: row.retain_until,
    nextReviewSetOn: row.next_review_set_on,
    computedAt: row.computed_at,
    erasedAt: row.erased_at,
    erasedBy: row.erased_by,
    erasureReason: row.erasure_reason,
  };
}

/** What the retention decision needs to know about an occurrence, read in the caller's transaction. */
export interface RetentionFacts {
  offence: string | null;
  threatToLife: boolean;
  finalisedAt: string | null;
  lastActivityAt: string;
  stalkingProtectionOrder: boolean;
  mappaSubject: boolean;
  potentiallyDangerousPerson: boolean;
  riskGrade: string | null;
  /** Each suspect's date of birth (null where unknown). */
  suspectDatesOfBirth: (string | null)[];
  spoCases: number;
}

export async function retentionFacts(db: Kysely<Database>, occurrenceId: string): Promise<RetentionFacts | undefined> {
  const o = await db
    .selectFrom('occurrences')
    .select(['offence', 'threat_to_life', 'finalised_at', 'updated_at', 'breach_of_spo_id'])
    .where('id', '=', occurrenceId)
    .executeTakeFirst();
  if (!o) return undefined;
  const spo = await db.selectFrom('spo_cases').select(['order_type']).where('occurrence_id', '=', occurrenceId).execute();
  const referrals = await db.selectFrom('referrals').select(['kind']).where('occurrence_id', '=', occurrenceId).where('status', '=', 'made').execute();
  const risk = await db
    .selectFrom('risk_assessments')
    .select(['grade', 'officer_grade', 'endorsed_grade'])
    .where('occurrence_id', '=', occurrenceId)
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
  const suspects = await db
    .selectFrom('parties')
    .innerJoin('people', 'people.id', 'parties.person_id')
    .select(['people.date_of_birth'])
    .where('parties.occurrence_id', '=', occurrenceId)
    .where('parties.role', '=', 'suspect')
    .where('parties.removed_in_error_at', 'is', null)
    .execute();
  return {
    offence: o.offence ?? null,
    threatToLife: Number(o.threat_to_life ?? 0) === 1,
    finalisedAt: o.finalised_at ?? null,
    lastActivityAt: o.updated_at,
    stalkingProtectionOrder: Boolean(o.breach_of_spo_id) || spo.some((s) => s.order_type),
    mappaSubject: referrals.some((r) => r.kind === 'mappa'),
    potentiallyDangerousPerson: referrals.some((r) => r.kind === 'pdp'),
    riskGrade: risk ? (risk.endorsed_grade ?? risk.officer_grade ?? risk.grade) : null,
    suspectDatesOfBirth: suspects.map((s) => s.date_of_birth),
    spoCases: spo.length,
  };
}

export async function findRetention(db: Kysely<Database>, occurrenceId: string): Promise<RetentionRecord | undefined> {
  const row = await db.selectFrom('occurrence_retention').selectAll().where('occurrence_id', '=', occurrenceId).executeTakeFirst();
  return row ? toRetention(row) : undefined;
}

/** Writes an occurrence's group and review date (insert or replace). */
export async function saveRetention(trx: Kysely<Database>, row: Omit<Row, 'erased_at' | 'erased_by' | 'erasure_reason'>): Promise<void> {
  const { occurrence_id, ...rest } = row;
  await trx
    .insertInto('occurrence_retention')
    .values({ ...row, erased_at: null, erased_by: null, erasure_reason: null })
    .onConflict((oc) => oc.column('occurrence_id').doUpdateSet(rest))
    .execute();
  void occurrence_id;
}

/** Records the next review date a reviewer set (retain), and the review date that follows from it. */
export async function setNextReview(trx: Kysely<Database>, occurrenceId: string, nextReviewOn: string, reviewDueOn: string): Promise<void> {
  await trx.updateTable('occurrence_retention').set({ next_review_set_on: nextReviewOn, review_due_on: reviewDueOn }).where('occurrence_id', '=', occurrenceId).execute();
}

export async function markErased(trx: Kysely<Database>, occurrenceId: string, by: string, at: string, reason: string): Promise<void> {
  await trx.updateTable('occurrence_retention').set({ erased_at: at, erased_by: by, erasure_reason: reason }).where('occurrence_id', '=', occurrenceId).execute();
}

export interface DueReview {
  occurrenceId: string;
  reference: string;
  district: string;
  offence: string | null;
  status: string;
  restricted: boolean;
  receivedAt: string;
  group: 1 | 2 | 3;
  reviewDueOn: string;
  retainUntil: string | null;
}

export interface DueCursor {
  dueOn: string;
  id: string;
}

/** Reviews due on or before `today`, oldest first, by key; erased records are never listed. */
export async function dueReviews(
  db: Kysely<Database>,
  filter: { today: string; includeRestricted: boolean },
  page: { after?: DueCursor; limit: number },
): Promise<{ rows: DueReview[]; next?: DueCursor }> {
  let q = db
    .selectFrom('occurrence_retention as r')
    .innerJoin('occurrences as o', 'o.id', 'r.occurrence_id')
    .select(['r.occurrence_id', 'r.mopi_group', 'r.review_due_on', 'r.retain_until', 'o.reference', 'o.district', 'o.offence', 'o.status', 'o.restricted', 'o.received_at'])
    .where('r.review_due_on', '<=', filter.today)
    .where('r.erased_at', 'is', null);
  if (!filter.includeRestricted) q = q.where('o.restricted', '=', 0);
  if (page.after) q = q.where(sql<boolean>`(r.review_due_on, r.occurrence_id) > (${page.after.dueOn}, ${page.after.id})`);
  const rows = await q.orderBy('r.review_due_on', 'asc').orderBy('r.occurrence_id', 'asc').limit(page.limit + 1).execute();
  const out = rows.slice(0, page.limit).map((r) => ({
    occurrenceId: r.occurrence_id,
    reference: r.reference,
    district: r.district,
    offence: r.offence ?? null,
    status: r.status,
    restricted: Number(r.restricted) === 1,
    receivedAt: r.received_at,
    group: Number(r.mopi_group) as 1 | 2 | 3,
    reviewDueOn: r.review_due_on,
    retainUntil: r.retain_until,
  }));
  const last = out[out.length - 1];
  return rows.length > page.limit && last ? { rows: out, next: { dueOn: last.reviewDueOn, id: last.occurrenceId } } : { rows: out };
}

export interface RetentionReviewRecord {
  id: string;
  decision: 'retain' | 'erase';
  reason: string;
  group: number;
  nextReviewOn: string | null;
  reviewedBy: string;
  reviewedByName: string | null;
  reviewedAt: string;
}

export async function insertRetentionReview(trx: Kysely<Database>, row: Database['retention_reviews']): Promise<void> {
  await trx.insertInto('retention_reviews').values(row).execute();
}

export async function retentionReviews(db: Kysely<Database>, occurrenceId: string): Promise<RetentionReviewRecord[]> {
  const rows = await db
    .selectFrom('retention_reviews as v')
    .leftJoin('users as u', 'u.id', 'v.reviewed_by')
    .selectAll('v')
    .select('u.display_name')
    .where('v.occurrence_id', '=', occurrenceId)
    .orderBy('v.reviewed_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    decision: r.decision as 'retain' | 'erase',
    reason: r.reason,
    group: Number(r.mopi_group),
    nextReviewOn: r.next_review_on,
    reviewedBy: r.reviewed_by,
    reviewedByName: r.display_name ?? null,
    reviewedAt: r.reviewed_at,
  }));
}

/** Occurrence ids after `afterId`, in id order, for recomputing every review date in batches. */
export async function occurrenceIdsAfter(db: Kysely<Database>, afterId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('occurrences').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/**
 * Erases the personal content of an occurrence, in the erasure's transaction: the first account,
 * location and free-text notes; incidents' places and descriptions; search words; and the details
 * of people linked to no other occurrence (their markers go too). The reference, dates, offence,
 * status and outcome stay, as the tombstone. Returns the names of the fields that held content
 * (never their values), for the erasure's log entry.
 */
export async function eraseOccurrenceContent(trx: Kysely<Database>, occurrenceId: string): Promise<string[]> {
  const erased: string[] = [];
  const nonEmpty = async (table: keyof Database, column: string): Promise<boolean> => {
    const row = await trx
      .selectFrom(table as 'occurrences')
      .select(sql<number>`count(*)`.as('n'))
      .where('occurrence_id' as never, '=', occurrenceId as never)
      .where(sql.ref(column), 'is not', null)
      .where(sql.ref(column), '!=', REDACTED)
      .executeTakeFirstOrThrow();
    return Number(row.n) > 0;
  };

  const o = await trx.selectFrom('occurrences').select(['first_account', 'location', 'attendance_message', 'outcome_rationale']).where('id', '=', occurrenceId).executeTakeFirstOrThrow();
  const set: Partial<Database['occurrences']> = { first_account: REDACTED, location: REDACTED };
  erased.push('occurrence.firstAccount', 'occurrence.location');
  if (o.attendance_message) {
    set.attendance_message = null;
    erased.push('occurrence.attendanceMessage');
  }
  if (o.outcome_rationale) {
    set.outcome_rationale = REDACTED;
    erased.push('occurrence.outcomeRationale');
  }
  await trx.updateTable('occurrences').set(set).where('id', '=', occurrenceId).execute();
  const terms = await trx.deleteFrom('occurrence_search_terms').where('occurrence_id', '=', occurrenceId).executeTakeFirst();
  if (Number(terms.numDeletedRows) > 0) erased.push('occurrence.searchTerms');

  if (await nonEmpty('incidents', 'description')) {
    await trx.updateTable('incidents').set({ place: REDACTED, description: REDACTED }).where('occurrence_id', '=', occurrenceId).execute();
    erased.push('incident.place', 'incident.description');
  }

  // Free-text notes on the case's child records.
  const notes: [keyof Database, string, string][] = [
    ['victim_contacts', 'note', 'victimContact.note'],
    ['suspect_actions', 'note', 'suspectAction.note'],
    ['suspect_actions', 'conditions', 'suspectAction.conditions'],
    ['referrals', 'note', 'referral.note'],
    ['investigation_plan_items', 'note', 'investigationPlan.note'],
    ['tasks', 'outcome_note', 'task.outcomeNote'],
    ['checklist_items', 'reason', 'checklist.reason'],
    ['classification_assessments', 'difference_reason', 'classification.differenceReason'],
    ['risk_assessments', 'non_engagement_note', 'riskAssessment.nonEngagementNote'],
    ['risk_assessments', 'endorsement_note', 'riskAssessment.endorsementNote'],
  ];
  for (const [table, column, name] of notes) {
    if (!(await nonEmpty(table, column))) continue;
    await trx
      .updateTable(table as 'tasks')
      .set({ [column]: null } as never)
      .where('occurrence_id', '=', occurrenceId)
      .execute();
    erased.push(name);
  }
  const positions = await trx.updateTable('victim_positions').set({ record: JSON.stringify({ erased: true }) }).where('occurrence_id', '=', occurrenceId).executeTakeFirst();
  if (Number(positions.numUpdatedRows) > 0) erased.push('victimPosition.record');
  const flags = await trx.updateTable('person_flags').set({ reason: REDACTED, notify: REDACTED }).where('occurrence_id', '=', occurrenceId).executeTakeFirst();
  if (Number(flags.numUpdatedRows) > 0) erased.push('personFlag.reason', 'personFlag.notify');

  // People linked only to this occurrence: their details go; a person in another occurrence stays.
  const onlyHere = await trx
    .selectFrom('parties as p')
    .select('p.person_id')
    .where('p.occurrence_id', '=', occurrenceId)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('parties as q').select('q.id').whereRef('q.person_id', '=', 'p.person_id').where('q.occurrence_id', '!=', occurrenceId))),
    )
    .execute();
  const personIds = [...new Set(onlyHere.map((r) => r.person_id))];
  if (personIds.length) {
    await trx
      .updateTable('people')
      .set({ surname: null, forenames: null, date_of_birth: null, address: null, postcode: null, phone: null, description: REDACTED, surname_key: null })
      .where('id', 'in', personIds)
      .execute();
    await trx.deleteFrom('person_markers').where('person_id', 'in', personIds).execute();
    erased.push('person.surname', 'person.forenames', 'person.dateOfBirth', 'person.address', 'person.postcode', 'person.phone', 'person.description', 'person.markers');
  }
  return erased;
}
