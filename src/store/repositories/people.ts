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

/** What ranking a search result needs of a person: read from the matching indexes, not the whole record. */
export interface PersonCandidate {
  id: string;
  surname: string | null;
  forenames: string | null;
  dateOfBirth: string | null;
  postcode: string | null;
  phone: string | null;
  /** Only when asked for (a search by address): it is not in the matching indexes. */
  address: string | null;
}

/** A name as typed, as stored by most records (each part capitalised), and in capitals. */
function spellingsOf(name: string): string[] {
  const typed = name.trim();
  const capitalised = typed.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  return [...new Set([typed, capitalised, typed.toUpperCase()])];
}

/**
 * CS-06: people who might be the one searched for: same date of birth, sound-alike surname, postcode or
 * phone; ranked by the caller. Each criterion is its own index lookup, capped at `limit` rows. A
 * common surname's sound-alike group runs to thousands in a force, so the exact surname is looked
 * up on its own first, and with the forenames typed before that. So a person whose names were
 * typed as recorded (or in capitals, or capitalised as most records are) is a candidate however
 * common the names: a force records thousands of people called Brown, hundreds of them with
 * forenames before William's in the index. A name recorded another way ("McDonald" typed
 * "mcdonald") is found by the sound-alike lookups, within their cap.
 */
export async function findPersonCandidates(
  db: Kysely<Database>,
  q: { surname?: string; forenames?: string; surnameKey?: string; dateOfBirth?: string; postcode?: string; phone?: string; withAddress?: boolean },
  limit = 500,
): Promise<PersonCandidate[]> {
  const columns = ['id', 'surname', 'forenames', 'date_of_birth', 'postcode', 'phone', ...(q.withAddress ? (['address'] as const) : [])] as const;
  const lookup = () => db.selectFrom('people').select(columns as unknown as ['id', 'surname', 'forenames', 'date_of_birth', 'postcode', 'phone']);
  const found = new Map<string, PersonCandidate>();
  const add = (rows: { id: string; surname: string | null; forenames: string | null; date_of_birth: string | null; postcode: string | null; phone: string | null }[]) => {
    for (const r of rows) {
      if (found.has(r.id)) continue;
      found.set(r.id, { id: r.id, surname: r.surname, forenames: r.forenames, dateOfBirth: r.date_of_birth, postcode: r.postcode, phone: r.phone, address: (r as { address?: string | null }).address ?? null });
    }
  };
  if (q.dateOfBirth) add(await lookup().where('date_of_birth', '=', q.dateOfBirth).limit(limit).execute());
  if (q.surnameKey) {
    if (q.surname) {
      const exactSurname = () => lookup().where('surname_key', '=', q.surnameKey!).where('surname', 'in', spellingsOf(q.surname!));
      if (q.forenames?.trim()) add(await exactSurname().where('forenames', 'in', spellingsOf(q.forenames)).limit(limit).execute());
      add(await exactSurname().limit(limit).execute());
    }
    add(await lookup().where('surname_key', '=', q.surnameKey).limit(limit).execute());
  }
  if (q.postcode) add(await lookup().where('postcode', '=', q.postcode).limit(limit).execute());
  if (q.phone) add(await lookup().where('phone', '=', q.phone).limit(limit).execute());
  return [...found.values()];
}

/** Whole records of the people given, in no particular order. */
export async function findPeopleByIds(db: Kysely<Database>, ids: readonly string[]): Promise<PersonRecord[]> {
  if (!ids.length) return [];
  const rows = await db.selectFrom('people').selectAll().where('id', 'in', [...ids]).execute();
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
    .where('parties.removed_in_error_at', 'is', null)
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
