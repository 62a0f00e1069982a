import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../schema';

/**
 * The Stalking Coordination Unit's records and queries: bespoke case reviews (SC-03), SPO
 * referrals awaiting its decision (SC-04) and referral rates to specialist stalking support
 * services (SC-05).
 */

/** Who is asking, for row-level visibility of restricted occurrences (ID-08). */
export interface Visibility {
  /** May see every restricted occurrence (occurrence.view_restricted). */
  all: boolean;
  /** Otherwise restricted occurrences are shown only to the user who created them or attended. */
  userId: string;
}

/** ID-08 in SQL: the same rule as canSeeOccurrence, so counts and lists agree with the pages. */
function visibleOccurrence(v: Visibility) {
  return (eb: ExpressionBuilder<Database & { o: Database['occurrences'] }, 'o'>) =>
    v.all ? eb(eb.lit(1), '=', eb.lit(1)) : eb.or([eb('o.restricted', '=', 0), eb('o.created_by', '=', v.userId), eb('o.attending_officer_id', '=', v.userId)]);
}

export interface DigitalLine {
  kind: string;
  status: string;
  detail: string | null;
}

export interface ReviewAction {
  text: string;
  dueAt: string | null;
  /** Reviews before derived obligations named the task made for a tasked action. */
  taskId?: string | null;
  /** Tasked to the officer in charge: an obligation of the case (SC-03). */
  tasked?: boolean;
}

export interface CaseReviewRecord {
  id: string;
  occurrenceId: string;
  reference: string;
  district: string;
  restricted: boolean;
  occurrenceCreatedBy: string;
  attendingOfficerId: string | null;
  reviewedAt: string;
  reviewerId: string;
  reviewerName: string;
  findings: string;
  recommendations: string;
  digitalLines: DigitalLine[];
  actions: ReviewAction[];
  nextReviewOn: string | null;
}

export async function insertCaseReview(trx: Kysely<Database>, row: Database['scu_case_reviews']): Promise<void> {
  await trx.insertInto('scu_case_reviews').values(row).execute();
}

function reviews(db: Kysely<Database>) {
  return db
    .selectFrom('scu_case_reviews as r')
    .innerJoin('occurrences as o', 'o.id', 'r.occurrence_id')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .selectAll('r')
    .select(['o.reference', 'o.district', 'o.restricted', 'o.created_by as occ_created_by', 'o.attending_officer_id', 'u.display_name']);
}

type ReviewRow = Database['scu_case_reviews'] & { reference: string; district: string; restricted: number; occ_created_by: string; attending_officer_id: string | null | undefined; display_name: string };

function toReview(r: ReviewRow): CaseReviewRecord {
  return {
    id: r.id,
    occurrenceId: r.occurrence_id,
    reference: r.reference,
    district: r.district,
    restricted: Number(r.restricted) === 1,
    occurrenceCreatedBy: r.occ_created_by,
    attendingOfficerId: r.attending_officer_id ?? null,
    reviewedAt: r.reviewed_at,
    reviewerId: r.reviewer_id,
    reviewerName: r.display_name,
    findings: r.findings,
    recommendations: r.recommendations,
    digitalLines: JSON.parse(r.digital_lines) as DigitalLine[],
    actions: JSON.parse(r.actions) as ReviewAction[],
    nextReviewOn: r.next_review_on,
  };
}

/** The reviews of one crime, newest first. */
export async function caseReviewsOfOccurrence(db: Kysely<Database>, occurrenceId: string): Promise<CaseReviewRecord[]> {
  const rows = await reviews(db).where('r.occurrence_id', '=', occurrenceId).orderBy('r.reviewed_at', 'desc').orderBy('r.id').execute();
  return rows.map((r) => toReview(r as ReviewRow));
}

/** Reviews recorded since a time, newest first, that this user may see. */
export async function recentCaseReviews(db: Kysely<Database>, since: string, v: Visibility, limit = 100): Promise<CaseReviewRecord[]> {
  const rows = await reviews(db).where('r.reviewed_at', '>=', since).where(visibleOccurrence(v)).orderBy('r.reviewed_at', 'desc').orderBy('r.id').limit(limit).execute();
  return rows.map((r) => toReview(r as ReviewRow));
}

/** Each open crime's latest review whose next review falls on or before a date (SC-03), soonest first. */
export async function caseReviewsDue(db: Kysely<Database>, byDate: string, v: Visibility, limit = 100): Promise<CaseReviewRecord[]> {
  const rows = await reviews(db)
    .where('r.next_review_on', 'is not', null)
    .where('r.next_review_on', '<=', byDate)
    .where('o.status', '!=', 'finalised')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('scu_case_reviews as later').select('later.id').whereRef('later.occurrence_id', '=', 'r.occurrence_id').whereRef('later.reviewed_at', '>', 'r.reviewed_at'))),
    )
    .where(visibleOccurrence(v))
    .orderBy('r.next_review_on')
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map((r) => toReview(r as ReviewRow));
}

/** SC-04: SPO referrals (SPOR1) waiting for the SCU's decision, oldest first. */
export async function spoReferralsAwaitingDecision(db: Kysely<Database>, v: Visibility, limit = 100) {
  const rows = await db
    .selectFrom('spo_cases as s')
    .innerJoin('occurrences as o', 'o.id', 's.occurrence_id')
    .innerJoin('people as p', 'p.id', 's.respondent_person_id')
    .select(['s.id', 's.referral', 's.updated_at', 'o.reference', 'o.district', 'p.forenames', 'p.surname', 'p.description'])
    .where('s.status', '=', 'referred')
    .where(visibleOccurrence(v))
    .orderBy('s.updated_at')
    .orderBy('s.id')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const referral = r.referral ? (JSON.parse(r.referral) as { by?: string; at?: string }) : {};
    return {
      spoId: r.id,
      reference: r.reference,
      district: r.district,
      respondent: [r.forenames, r.surname].filter(Boolean).join(' ') || r.description || 'Unknown person',
      referredBy: referral.by ?? null,
      referredAt: referral.at ?? r.updated_at,
    };
  });
}

const stalkingOffences = ['s2A', 's4A'];

/** SC-05: per district, the stalking crimes recorded in [from, to) and how many had a referral to specialist stalking support made or declined. */
export async function supportReferralCounts(db: Kysely<Database>, from: string, to: string, v: Visibility) {
  const rows = await db
    .selectFrom('occurrences as o')
    .leftJoin('referrals as r', (j) => j.onRef('r.occurrence_id', '=', 'o.id').on('r.kind', '=', 'specialist_stalking_support'))
    .select((eb) => [
      'o.district',
      eb.fn.countAll<number>().as('crimes'),
      sql<number>`sum(case when ${sql.ref('r.status')} = 'made' then 1 else 0 end)`.as('referred'),
      sql<number>`sum(case when ${sql.ref('r.status')} = 'declined' then 1 else 0 end)`.as('declined'),
    ])
    .where('o.offence', 'in', stalkingOffences)
    .where('o.crime_recorded_at', '>=', from)
    .where('o.crime_recorded_at', '<', to)
    .where(visibleOccurrence(v))
    .groupBy('o.district')
    .orderBy('o.district')
    .execute();
  return rows.map((r) => ({ district: r.district, crimes: Number(r.crimes), referred: Number(r.referred ?? 0), declined: Number(r.declined ?? 0) }));
}

/** SC-05 drill-down: the stalking crimes in [from, to) with no referral to specialist stalking support made, oldest first. */
export async function crimesWithoutSupportReferral(db: Kysely<Database>, from: string, to: string, v: Visibility, district: string | undefined, limit = 200) {
  let q = db
    .selectFrom('occurrences as o')
    .leftJoin('referrals as r', (j) => j.onRef('r.occurrence_id', '=', 'o.id').on('r.kind', '=', 'specialist_stalking_support'))
    .select(['o.id', 'o.reference', 'o.district', 'o.offence', 'o.crime_recorded_at', 'o.status', 'o.officer_in_charge_id', 'r.status as referral_status', 'r.note as referral_note'])
    .where('o.offence', 'in', stalkingOffences)
    .where('o.crime_recorded_at', '>=', from)
    .where('o.crime_recorded_at', '<', to)
    .where((eb) => eb.or([eb('r.status', 'is', null), eb('r.status', '!=', 'made')]))
    .where(visibleOccurrence(v));
  if (district) q = q.where('o.district', '=', district);
  const rows = await q.orderBy('o.crime_recorded_at').orderBy('o.id').limit(limit).execute();
  return rows.map((r) => ({
    occurrenceId: r.id,
    reference: r.reference,
    district: r.district,
    offence: r.offence ?? null,
    crimeRecordedAt: r.crime_recorded_at ?? null,
    status: r.status,
    officerInChargeId: r.officer_in_charge_id ?? null,
    referralStatus: r.referral_status ?? null,
    referralNote: r.referral_note ?? null,
  }));
}

/** When each of these crimes was last reviewed by the SCU (SC-03), by occurrence id. */
export async function latestReviewDates(db: Kysely<Database>, occurrenceIds: string[]): Promise<Map<string, string>> {
  if (!occurrenceIds.length) return new Map();
  const rows = await db
    .selectFrom('scu_case_reviews')
    .select(['occurrence_id', (eb) => eb.fn.max('reviewed_at').as('last')])
    .where('occurrence_id', 'in', occurrenceIds)
    .groupBy('occurrence_id')
    .execute();
  return new Map(rows.map((r) => [r.occurrence_id, String(r.last)]));
}
