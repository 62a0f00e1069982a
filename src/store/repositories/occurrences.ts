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

/** Lower-cased words of a text, as stored for search and as searched for. */
export function searchTerms(text: string, max = 400): string[] {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 2 && w.length <= 40);
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

/** Newest first, by key (received time, id): the same cost on page 1 and page 10,000. */
export async function listOccurrences(
  db: Kysely<Database>,
  filter: OccurrenceListFilter,
  page: { after?: Cursor; limit: number },
): Promise<OccurrencePage> {
  let q = withCreator(db);
  if (!filter.includeRestricted) q = q.where('occurrences.restricted', '=', 0);
  if (filter.reference) q = q.where('occurrences.reference', '=', filter.reference);
  if (filter.district) q = q.where('occurrences.district', '=', filter.district);
  if (filter.status) q = q.where('occurrences.status', '=', filter.status);
  const words = filter.text ? searchTerms(filter.text, 6) : [];
  for (const word of words) {
    q = q.where('occurrences.id', 'in', (eb) =>
      eb
        .selectFrom('occurrence_search_terms')
        .select('occurrence_search_terms.occurrence_id')
        .where('occurrence_search_terms.term', '>=', word)
        .where('occurrence_search_terms.term', '<', word + '\uffff'),
    );
  }
  const after = page.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('occurrences.received_at', '<', after.receivedAt),
        eb.and([eb('occurrences.received_at', '=', after.receivedAt), eb('occurrences.id', '<', after.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('occurrences.received_at', 'desc')
    .orderBy('occurrences.id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const occurrences = rows.slice(0, page.limit).map(toOccurrence);
  const last = occurrences[occurrences.length - 1];
  const result: OccurrencePage = { occurrences };
  if (rows.length > page.limit && last) result.next = encodeCursor({ receivedAt: last.receivedAt, id: last.id });
  return result;
}
