import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import type { District, OccurrenceStatus, ReportChannel, CallGrade } from '../../domain/occurrence';
import { setTasksRestricted } from './tasks';
import { isPostgres } from './dialect';

export interface OccurrenceRecord {
  id: string;
  reference: string;
  district: District;
  receivedAt: string;
  channel: ReportChannel;
  callGrade: CallGrade;
  location: string;
  firstAccount: string;
  status: OccurrenceStatus;
  restricted: boolean;
  createdBy: string;
  createdByName?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  classification: string | null;
  offence: string | null;
  principalCrime: string | null;
  crimeRecordedAt: string | null;
  cyberFlag: boolean;
  threatToLife: boolean;
  dutyInspectorNotifiedAt: string | null;
  workforceInvolved: boolean;
  attendingOfficerId: string | null;
  evidenceAdviceGiven: boolean;
  attendanceMessage: string | null;
  victimSupportsProsecution: boolean;
  relationship: string | null;
  adultAtRisk: boolean;
  honourBasedAbuse: boolean;
  coerciveControl: boolean;
  prolongedCourse: boolean;
  cumulativeImpact: boolean;
  perpetratorEscalation: boolean;
  proportionateInvestigationComplete: boolean;
  reviewer: string | null;
  allocatedUnit: string | null;
  officerInChargeId: string | null;
  triagedAt: string | null;
  outcome: string | null;
  outcomeRationale: string | null;
  finalisedAt: string | null;
  victimContactEveryDays: number | null;
  /** BR-01: a breach occurrence's order (its Stalking Protection Order case) and the occurrence the order was made on. */
  breachOfSpoId: string | null;
  parentOccurrenceId: string | null;
}

type Row = Database['occurrences'];

function toOccurrence(row: Row & { created_by_name?: string | null }): OccurrenceRecord {
  const rec: OccurrenceRecord = {
    id: row.id,
    reference: row.reference,
    district: row.district as District,
    receivedAt: row.received_at,
    channel: row.channel as ReportChannel,
    callGrade: row.call_grade as CallGrade,
    location: row.location,
    firstAccount: row.first_account,
    status: row.status as OccurrenceStatus,
    restricted: Number(row.restricted) === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    classification: row.classification ?? null,
    offence: row.offence ?? null,
    principalCrime: row.principal_crime ?? null,
    crimeRecordedAt: row.crime_recorded_at ?? null,
    cyberFlag: Number(row.cyber_flag ?? 0) === 1,
    threatToLife: Number(row.threat_to_life ?? 0) === 1,
    dutyInspectorNotifiedAt: row.duty_inspector_notified_at ?? null,
    workforceInvolved: Number(row.workforce_involved ?? 0) === 1,
    attendingOfficerId: row.attending_officer_id ?? null,
    evidenceAdviceGiven: Number(row.evidence_advice_given ?? 0) === 1,
    attendanceMessage: row.attendance_message ?? null,
    victimSupportsProsecution: Number(row.victim_supports_prosecution ?? 1) === 1,
    relationship: row.relationship ?? null,
    adultAtRisk: Number(row.adult_at_risk ?? 0) === 1,
    honourBasedAbuse: Number(row.honour_based_abuse ?? 0) === 1,
    coerciveControl: Number(row.coercive_control ?? 0) === 1,
    prolongedCourse: Number(row.prolonged_course ?? 0) === 1,
    cumulativeImpact: Number(row.cumulative_impact ?? 0) === 1,
    perpetratorEscalation: Number(row.perpetrator_escalation ?? 0) === 1,
    proportionateInvestigationComplete: Number(row.proportionate_investigation_complete ?? 0) === 1,
    reviewer: row.reviewer ?? null,
    allocatedUnit: row.allocated_unit ?? null,
    officerInChargeId: row.officer_in_charge_id ?? null,
    triagedAt: row.triaged_at ?? null,
    outcome: row.outcome ?? null,
    outcomeRationale: row.outcome_rationale ?? null,
    finalisedAt: row.finalised_at ?? null,
    victimContactEveryDays: row.victim_contact_every_days == null ? null : Number(row.victim_contact_every_days),
    breachOfSpoId: row.breach_of_spo_id ?? null,
    parentOccurrenceId: row.parent_occurrence_id ?? null,
  };
  if (row.created_by_name) rec.createdByName = row.created_by_name;
  return rec;
}

/** Takes the next sequence number for a district and year. Numbers are never reused: a rolled-back transaction returns its number unused. */
export async function nextReferenceSequence(trx: Kysely<Database>, district: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('reference_sequences')
    .values({ district, year, last_value: 1 })
    .onConflict((oc) =>
      oc.columns(['district', 'year']).doUpdateSet({ last_value: sql`reference_sequences.last_value + 1` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value);
}

/**
 * A word as stored for search and as searched for: lower case, accents folded, and a light
 * stemming so "loitering", "loiters" and "loitered" all find "loiter".
 */
export function searchTerm(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w;
}

/** The search terms of a text, de-duplicated. */
export function searchTerms(text: string, max = 400): string[] {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2 && w.length <= 40)
    .map(searchTerm);
  return [...new Set(words)].slice(0, max);
}

export async function insertOccurrence(trx: Kysely<Database>, row: Row): Promise<void> {
  await trx.insertInto('occurrences').values(row).execute();
  const terms = searchTerms(row.first_account + ' ' + row.location);
  if (terms.length) {
    await trx
      .insertInto('occurrence_search_terms')
      .values(terms.map((term) => ({ term, occurrence_id: row.id, received_at: row.received_at })))
      .execute();
  }
}

function withCreator(db: Kysely<Database>) {
  return db
    .selectFrom('occurrences')
    .leftJoin('users', 'users.id', 'occurrences.created_by')
    .selectAll('occurrences')
    .select('users.display_name as created_by_name');
}

export type OccurrenceChanges = Partial<Omit<Row, 'id' | 'reference' | 'created_by' | 'created_at' | 'version'>>;

/**
 * Changes an occurrence if it is still at the version the user saw: bumps the version. Returns
 * false when someone else changed it first (the caller reports a conflict; nothing is written).
 */
export async function updateOccurrence(trx: Kysely<Database>, id: string, expectedVersion: number, changes: OccurrenceChanges): Promise<boolean> {
  const r = await trx
    .updateTable('occurrences')
    .set({ ...changes, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  const changed = Number(r.numUpdatedRows) === 1;
  if (changed && changes.restricted !== undefined) await setTasksRestricted(trx, id, Number(changes.restricted) === 1);
  return changed;
}

export async function findOccurrenceById(db: Kysely<Database>, id: string): Promise<OccurrenceRecord | undefined> {
  const row = await withCreator(db).where('occurrences.id', '=', id).executeTakeFirst();
  return row ? toOccurrence(row) : undefined;
}

export async function findOccurrenceByReference(db: Kysely<Database>, reference: string): Promise<OccurrenceRecord | undefined> {
  const row = await withCreator(db).where('occurrences.reference', '=', reference).executeTakeFirst();
  return row ? toOccurrence(row) : undefined;
}

export interface OccurrenceListFilter {
  reference?: string;
  text?: string;
  district?: District;
  status?: OccurrenceStatus;
  includeRestricted: boolean;
}

export interface Cursor {
  receivedAt: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.receivedAt, c.id])).toString('base64url');
}

export function decodeCursor(s: string): Cursor | undefined {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return { receivedAt: v[0], id: v[1] };
    }
  } catch {
    /* not a cursor */
  }
  return undefined;
}

export interface OccurrencePage {
  occurrences: OccurrenceRecord[];
  next?: string;
}

/**
 * Newest first, by key (received time, id): the same cost on page 1 and page 10,000. A text
 * search is driven by its longest word's index entries, newest first, and checks the other
 * words and filters row by row, so it pages by key too.
 */
export async function listOccurrences(
  db: Kysely<Database>,
  filter: OccurrenceListFilter,
  page: { after?: Cursor; limit: number },
): Promise<OccurrencePage> {
  const words = filter.text ? searchTerms(filter.text, 6).sort((a, b) => b.length - a.length) : [];
  const [driver, ...others] = words;
  let q = driver
    ? db
        .selectFrom('occurrence_search_terms as t')
        .innerJoin('occurrences', 'occurrences.id', 't.occurrence_id')
        .leftJoin('users', 'users.id', 'occurrences.created_by')
        .selectAll('occurrences')
        .select('users.display_name as created_by_name')
        .where('t.term', '=', driver) as unknown as ReturnType<typeof withCreator>
    : withCreator(db);
  // Ordering and paging columns: the search term's copy of the key when driven by a word.
  const at = sql.ref(driver ? 't.received_at' : 'occurrences.received_at');
  const id = sql.ref(driver ? 't.occurrence_id' : 'occurrences.id');
  if (!filter.includeRestricted) q = q.where('occurrences.restricted', '=', 0);
  if (filter.reference) q = q.where('occurrences.reference', '=', filter.reference);
  if (filter.district) q = q.where('occurrences.district', '=', filter.district);
  if (filter.status) q = q.where('occurrences.status', '=', filter.status);
  for (const word of others) {
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('occurrence_search_terms as o')
          .select('o.term')
          .where('o.term', '=', word)
          .whereRef('o.occurrence_id', '=', 'occurrences.id'),
      ),
    );
  }
  const after = page.after;
  // Row-value comparison, so both databases seek the index rather than scan.
  if (after) q = q.where(sql<boolean>`(${at}, ${id}) < (${after.receivedAt}, ${after.id})`);
  const rows = await q.orderBy(at, 'desc').orderBy(id, 'desc').limit(page.limit + 1).execute();
  const occurrences = rows.slice(0, page.limit).map(toOccurrence);
  const last = occurrences[occurrences.length - 1];
  const result: OccurrencePage = { occurrences };
  if (rows.length > page.limit && last) result.next = encodeCursor({ receivedAt: last.receivedAt, id: last.id });
  return result;
}

/** Rebuilds an occurrence's search words from its first account and location (after either changes). */
export async function replaceSearchTerms(trx: Kysely<Database>, occurrenceId: string): Promise<void> {
  const row = await trx
    .selectFrom('occurrences')
    .select(['first_account', 'location', 'received_at'])
    .where('id', '=', occurrenceId)
    .executeTakeFirstOrThrow();
  await trx.deleteFrom('occurrence_search_terms').where('occurrence_id', '=', occurrenceId).execute();
  const terms = searchTerms(row.first_account + ' ' + row.location);
  if (terms.length) {
    await trx
      .insertInto('occurrence_search_terms')
      .values(terms.map((term) => ({ term, occurrence_id: occurrenceId, received_at: row.received_at })))
      .execute();
  }
}

/** Marks an occurrence restricted (need-to-know, ID-08) or not. The caller writes the log entry in the same transaction. */
export async function setOccurrenceRestricted(trx: Kysely<Database>, occurrenceId: string, restricted: boolean): Promise<void> {
  await trx.updateTable('occurrences').set({ restricted: restricted ? 1 : 0 }).where('id', '=', occurrenceId).execute();
  await setTasksRestricted(trx, occurrenceId, restricted);
}

/** Rows per INSERT statement in bulk writes: well inside both databases' parameter limits. */
const OCCURRENCE_ROWS_PER_STATEMENT = 500;
const SEARCH_TERM_ROWS_PER_STATEMENT = 3000;

/**
 * Inserts many occurrences with their search words, as insertOccurrence does one by one, in
 * multi-row statements. For bulk writers (conduct generate, imports): call it inside the
 * transaction that also writes their log entries. Returns the number of search terms written.
 */
export async function insertOccurrences(trx: Kysely<Database>, rows: readonly Row[]): Promise<number> {
  for (let i = 0; i < rows.length; i += OCCURRENCE_ROWS_PER_STATEMENT) {
    await trx.insertInto('occurrences').values(rows.slice(i, i + OCCURRENCE_ROWS_PER_STATEMENT)).execute();
  }
  const terms: Database['occurrence_search_terms'][] = [];
  for (const row of rows) {
    for (const term of searchTerms(row.first_account + ' ' + row.location)) terms.push({ term, occurrence_id: row.id, received_at: row.received_at });
  }
  for (let i = 0; i < terms.length; i += SEARCH_TERM_ROWS_PER_STATEMENT) {
    await trx.insertInto('occurrence_search_terms').values(terms.slice(i, i + SEARCH_TERM_ROWS_PER_STATEMENT)).execute();
  }
  return terms.length;
}

/**
 * Takes the next `count` sequence numbers for a district and year at once; returns the first.
 * Like nextReferenceSequence, numbers are never reused.
 */
export async function reserveReferenceSequences(trx: Kysely<Database>, district: string, year: number, count: number): Promise<number> {
  const row = await trx
    .insertInto('reference_sequences')
    .values({ district, year, last_value: count })
    .onConflict((oc) => oc.columns(['district', 'year']).doUpdateSet({ last_value: sql`reference_sequences.last_value + ${count}` }))
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value) - count + 1;
}

/** Whether any occurrence is recorded at all (cheap at any size). */
export async function hasOccurrences(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('occurrences').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** How many occurrences are recorded. */
export async function countOccurrences(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('occurrences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * One change to a case at a time: on PostgreSQL the occurrence row is locked until the change's
 * transaction ends, so a second change waits and then reconciles the case's tasks from what the
 * first committed (SQLite runs one writer at a time already). True when it locked.
 */
export async function lockOccurrenceForChange(trx: Kysely<Database>, id: string): Promise<boolean> {
  if (!isPostgres(trx)) return false;
  await trx.selectFrom('occurrences').select('id').where('id', '=', id).forUpdate().execute();
  return true;
}
