import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { insertMany } from './bulk';

export interface SpoCaseRecord {
  id: string;
  occurrenceId: string;
  respondentPersonId: string;
  status: string;
  consideration: Record<string, unknown>;
  referral: Record<string, unknown> | null;
  scuDecision: Record<string, unknown> | null;
  application: Record<string, unknown> | null;
  authority: Record<string, unknown> | null;
  court: Record<string, unknown> | null;
  orderType: string | null;
  grantedOn: string | null;
  expiresOn: string | null;
  terms: { kind: 'prohibition' | 'requirement'; text: string }[];
  offenderManagerId: string | null;
  managementPlan: SpoManagementPlan | null;
  termHistory: { terms: SpoTerm[]; until: string; reason: string; by: string }[];
  renewal: Record<string, unknown> | null;
  moves: { direction: 'in' | 'out'; movedOn: string; otherForce: string; note?: string; by: string; at: string }[];
  discharge: SpoDischarge | null;
  version: number;
}

export type SpoTerm = { kind: 'prohibition' | 'requirement'; text: string };
export interface SpoManagementPlan {
  visitFrequencyWeeks: number;
  items: { term: SpoTerm; action: string }[];
  intelligence?: string;
  by: string;
  at: string;
}
/** SP-13: the discharge stages, in order. */
export interface SpoDischarge {
  stage: 'received' | 'reported' | 'advised' | 'decided';
  application: Record<string, unknown>;
  report?: Record<string, unknown>;
  legalAdvice?: Record<string, unknown>;
  decision?: Record<string, unknown>;
}

const json = <T>(v: string | null): T | null => (v ? (JSON.parse(v) as T) : null);

function toSpo(r: Database['spo_cases']): SpoCaseRecord {
  return {
    id: r.id,
    occurrenceId: r.occurrence_id,
    respondentPersonId: r.respondent_person_id,
    status: r.status,
    consideration: JSON.parse(r.consideration) as Record<string, unknown>,
    referral: json(r.referral),
    scuDecision: json(r.scu_decision),
    application: json(r.application),
    authority: json(r.authority),
    court: json(r.court),
    orderType: r.order_type,
    grantedOn: r.granted_on,
    expiresOn: r.expires_on,
    terms: json(r.terms) ?? [],
    offenderManagerId: r.offender_manager_id,
    managementPlan: json(r.management_plan ?? null),
    termHistory: json(r.term_history ?? null) ?? [],
    renewal: json(r.renewal ?? null),
    moves: json(r.moves ?? null) ?? [],
    discharge: json(r.discharge ?? null),
    version: Number(r.version),
  };
}

export async function insertSpoCase(trx: Kysely<Database>, row: Database['spo_cases']): Promise<void> {
  await trx.insertInto('spo_cases').values(row).execute();
}

/** Many order cases at once (bulk writers). */
export async function insertSpoCases(trx: Kysely<Database>, rows: readonly Database['spo_cases'][]): Promise<number> {
  return insertMany(trx, 'spo_cases', rows);
}

export async function findSpoCase(db: Kysely<Database>, id: string): Promise<SpoCaseRecord | undefined> {
  const r = await db.selectFrom('spo_cases').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toSpo(r) : undefined;
}

export async function spoCasesOfOccurrence(db: Kysely<Database>, occurrenceId: string): Promise<SpoCaseRecord[]> {
  const rows = await db.selectFrom('spo_cases').selectAll().where('occurrence_id', '=', occurrenceId).orderBy('created_at').execute();
  return rows.map(toSpo);
}

/** BR-01: the breach occurrences (each its own crime) that name these orders, oldest first. */
export async function breachOccurrenceIdsOf(db: Kysely<Database>, spoIds: readonly string[]): Promise<{ spoId: string; occurrenceId: string }[]> {
  if (!spoIds.length) return [];
  const rows = await db
    .selectFrom('occurrences')
    .select(['id', 'breach_of_spo_id'])
    .where('breach_of_spo_id', 'in', [...new Set(spoIds)])
    .orderBy('received_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ spoId: r.breach_of_spo_id!, occurrenceId: r.id }));
}

/** Moves an order's case on if it is still at the version read; false when someone else moved it first. */
export async function updateSpoCase(trx: Kysely<Database>, id: string, version: number, set: Partial<Database['spo_cases']>): Promise<boolean> {
  const r = await trx.updateTable('spo_cases').set({ ...set, version: version + 1 }).where('id', '=', id).where('version', '=', version).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertSpoVisit(trx: Kysely<Database>, row: Database['spo_visits']): Promise<void> {
  await trx.insertInto('spo_visits').values(row).execute();
}

/** Many subject visits at once (bulk writers). */
export async function insertSpoVisits(trx: Kysely<Database>, rows: readonly Database['spo_visits'][]): Promise<number> {
  return insertMany(trx, 'spo_visits', rows);
}

/** The date of an order's latest subject visit, if any. */
export async function lastSpoVisitOn(db: Kysely<Database>, spoId: string): Promise<string | undefined> {
  const r = await db.selectFrom('spo_visits').select('visited_on').where('spo_id', '=', spoId).orderBy('visited_on', 'desc').executeTakeFirst();
  return r?.visited_on;
}

export async function spoVisits(db: Kysely<Database>, spoId: string) {
  return db.selectFrom('spo_visits').selectAll().where('spo_id', '=', spoId).orderBy('visited_on').execute();
}

/** SP-07: every version of the subject management pack, oldest first. */
export async function spoManagementPacks(db: Kysely<Database>, spoId: string) {
  const rows = await db.selectFrom('spo_management_packs').selectAll().where('spo_id', '=', spoId).orderBy('version').execute();
  return rows.map((r) => ({ id: r.id, version: Number(r.version), names: JSON.parse(r.names) as string[], homeAddress: r.home_address, requirements: JSON.parse(r.requirements) as string[], changed: JSON.parse(r.changed) as string[], recordedBy: r.recorded_by, recordedAt: r.recorded_at }));
}

export async function insertSpoManagementPack(trx: Kysely<Database>, row: Database['spo_management_packs']): Promise<void> {
  await trx.insertInto('spo_management_packs').values(row).execute();
}

/** SP-10: the supervisor reviews, oldest first. */
export async function spoReviews(db: Kysely<Database>, spoId: string) {
  const rows = await db.selectFrom('spo_reviews').selectAll().where('spo_id', '=', spoId).orderBy('reviewed_on').orderBy('recorded_at').execute();
  return rows.map((r) => ({ id: r.id, reviewedOn: r.reviewed_on, riskLevel: r.risk_level, points: JSON.parse(r.points) as Record<string, string>, nextReviewDue: r.next_review_due, recordedBy: r.recorded_by, recordedAt: r.recorded_at }));
}

export async function insertSpoReview(trx: Kysely<Database>, row: Database['spo_reviews']): Promise<void> {
  await trx.insertInto('spo_reviews').values(row).execute();
}
