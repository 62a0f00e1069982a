import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { insertMany } from './bulk';

export interface PersonRecord {
  id: string;
  surname: string | null;
  forenames: string | null;
  dateOfBirth: string | null;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  description: string | null;
  createdAt: string;
  version: number;
}

type Row = Database['people'];

export function toPerson(row: Row): PersonRecord {
  return {
    id: row.id,
    surname: row.surname,
    forenames: row.forenames,
    dateOfBirth: row.date_of_birth,
    address: row.address,
    postcode: row.postcode,
    phone: row.phone,
    description: row.description,
    createdAt: row.created_at,
    version: Number(row.version),
  };
}

/** A phonetic key for surnames (Soundex), so "Smyth" and "Smith" meet in one index lookup. */
export function surnameKey(surname: string): string {
  const s = surname.toUpperCase().normalize('NFKD').replace(/[^A-Z]/g, '');
  if (!s) return '';
  const codes: Record<string, string> = { B: '1', F: '1', P: '1', V: '1', C: '2', G: '2', J: '2', K: '2', Q: '2', S: '2', X: '2', Z: '2', D: '3', T: '3', L: '4', M: '5', N: '5', R: '6' };
  let out = s[0]!;
  let last = codes[s[0]!] ?? '';
  for (const ch of s.slice(1)) {
    const code = codes[ch] ?? '';
    if (code && code !== last) out += code;
    if (ch !== 'H' && ch !== 'W') last = code;
    if (out.length === 4) break;
  }
  return out.padEnd(4, '0');
}

export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('44') ? `0${digits.slice(2)}` : digits;
}

export function normalisePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/\s+/g, '');
}

export async function insertPerson(trx: Kysely<Database>, row: Row): Promise<void> {
  await trx.insertInto('people').values(row).execute();
}

/** Many people at once (bulk writers): as insertPerson, in multi-row statements. */
export async function insertPeople(trx: Kysely<Database>, rows: readonly Row[]): Promise<number> {
  return insertMany(trx, 'people', rows);
}

export async function findPersonById(db: Kysely<Database>, id: string): Promise<PersonRecord | undefined> {
  const row = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPerson(row) : undefined;
}

/** People who might be the one searched for: same date of birth, sound-alike surname, postcode or phone. Ranked by the caller. */
export async function findPersonCandidates(
  db: Kysely<Database>,
  q: { surnameKey?: string; dateOfBirth?: string; postcode?: string; phone?: string },
  limit = 500,
): Promise<PersonRecord[]> {
  const query = db.selectFrom('people').selectAll().where((eb) => {
    const conds = [];
    if (q.dateOfBirth) conds.push(eb('date_of_birth', '=', q.dateOfBirth));
    if (q.surnameKey) conds.push(eb('surname_key', '=', q.surnameKey));
    if (q.postcode) conds.push(eb('postcode', '=', q.postcode));
    if (q.phone) conds.push(eb('phone', '=', q.phone));
    return eb.or(conds); // an empty OR is false: no criteria, no candidates
  });
  const rows = await query.limit(limit).execute();
  return rows.map(toPerson);
}

export async function insertMarker(trx: Kysely<Database>, row: Database['person_markers']): Promise<void> {
  await trx.insertInto('person_markers').values(row).execute();
}

export async function markersFor(db: Kysely<Database>, personIds: string[]): Promise<Map<string, { marker: string; note: string | null }[]>> {
  const out = new Map<string, { marker: string; note: string | null }[]>();
  if (!personIds.length) return out;
  const rows = await db.selectFrom('person_markers').select(['person_id', 'marker', 'note']).where('person_id', 'in', personIds).execute();
  for (const r of rows) {
    const list = out.get(r.person_id) ?? [];
    list.push({ marker: r.marker, note: r.note });
    out.set(r.person_id, list);
  }
  return out;
}

export interface PersonOccurrenceLink {
  personId: string;
  role: string;
  occurrenceId: string;
  reference: string;
  restricted: boolean;
  createdBy: string;
  attendingOfficerId: string | null;
  receivedAt: string;
  offence: string | null;
}

/** Every occurrence each person is a party to (callers filter restricted ones by entitlement). */
export async function occurrencesOfPeople(db: Kysely<Database>, personIds: string[]): Promise<PersonOccurrenceLink[]> {
  if (!personIds.length) return [];
  const rows = await db
    .selectFrom('parties')
    .innerJoin('occurrences', 'occurrences.id', 'parties.occurrence_id')
    .select([
      'parties.person_id',
      'parties.role',
      'occurrences.id',
      'occurrences.reference',
      'occurrences.restricted',
      'occurrences.created_by',
      'occurrences.attending_officer_id',
      'occurrences.received_at',
      'occurrences.offence',
    ])
    .where('parties.person_id', 'in', personIds)
    .orderBy('occurrences.received_at', 'desc')
    .execute();
  return rows.map((r) => ({
    personId: r.person_id,
    role: r.role,
    occurrenceId: r.id,
    reference: r.reference,
    restricted: Number(r.restricted) === 1,
    createdBy: r.created_by,
    attendingOfficerId: r.attending_officer_id ?? null,
    receivedAt: r.received_at,
    offence: r.offence ?? null,
  }));
}
