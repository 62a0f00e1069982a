import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import type { District, OccurrenceStatus, ReportChannel, CallGrade } from '../../domain/occurrence';

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
