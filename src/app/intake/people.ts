import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { partyRoles, personMarkers, reporterCapacities } from '../../domain/intake';
import {
  findPersonById,
  findPeopleByIds,
  findPersonCandidates,
  insertMarker,
  insertPerson,
  markersFor,
  normalisePhone,
  normalisePostcode,
  occurrencesOfPeople,
  surnameKey,
  type PersonRecord,
} from '../../store/repositories/people';
import { insertParty, listParties, restorePartyRemovedInError } from '../../store/repositories/intake';
import { activeFlagsOf } from '../../store/repositories/flags';
import { ConflictError, NotFoundError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from './occurrence-change';
import { canSeeOccurrence } from './occurrence-queries';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

const dateOfBirth = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date of birth as YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'Date of birth must be a real date')
  .optional()
  .or(z.literal('').transform(() => undefined));

export const personSearchInput = z
  .object({
    surname: optionalText(80),
    forenames: optionalText(120),
    dateOfBirth,
    address: optionalText(300),
    postcode: optionalText(10),
    phone: optionalText(30),
  })
  .strict()
  .refine((v) => v.surname || v.dateOfBirth || v.postcode || v.phone, { message: 'Enter a surname, date of birth, postcode or phone number to search', path: ['surname'] });

/** Jaro-Winkler similarity of two names, 0 to 1: tolerant of typing slips and transpositions. */
export function nameSimilarity(a: string, b: string): number {
  const s1 = a.toLowerCase();
  const s2 = b.toLowerCase();
  if (!s1.length || !s2.length) return 0;
  if (s1 === s2) return 1;
  const range = Math.max(0, Math.floor(Math.max(s1.length, s2.length) / 2) - 1);
  const m1 = new Array<boolean>(s1.length).fill(false);
  const m2 = new Array<boolean>(s2.length).fill(false);
  let matches = 0;
  for (let i = 0; i < s1.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(s2.length, i + range + 1); j++) {
      if (!m2[j] && s1[i] === s2[j]) {
        m1[i] = m2[j] = true;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < s1.length; i++) {
    if (!m1[i]) continue;
    while (!m2[k]) k++;
    if (s1[i] !== s2[k]) t++;
    k++;
  }
  const jaro = (matches / s1.length + matches / s2.length + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && s1[prefix] === s2[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

export interface PersonMatch {
  person: PersonRecord;
  score: number;
  markers: { marker: string; note: string | null }[];
  flags: { notify: string; expiresOn: string }[];
  occurrences: { reference: string; role: string; receivedAt: string; offence: string | null }[];
  hiddenOccurrences: number;
}

/**
 * CS-06: search the force's records for a person before adding them, so one person is one
 * record. Candidates share a date of birth, a sound-alike surname, a postcode or a phone; they are
 * ranked by name similarity and the other details. Results show warning markers and the person's
 * other occurrences (restricted ones only to those entitled to see them).
 */
export async function searchPeople(deps: AppDeps, actor: Actor, raw: unknown): Promise<PersonMatch[]> {
  permit(actor, 'person.search');
  const q = parseInput(personSearchInput, raw);
  const db = deps.store.db;
  const criteria: Parameters<typeof findPersonCandidates>[1] = {};
  if (q.surname) {
    criteria.surname = q.surname;
    criteria.surnameKey = surnameKey(q.surname);
    if (q.forenames) criteria.forenames = q.forenames;
  }
  if (q.dateOfBirth) criteria.dateOfBirth = q.dateOfBirth;
  if (q.postcode) criteria.postcode = normalisePostcode(q.postcode);
  if (q.phone) criteria.phone = normalisePhone(q.phone);
  if (q.address) criteria.withAddress = true;
  const candidates = await findPersonCandidates(db, criteria);
  const ranked = candidates
    .map((p) => {
      let score = 0;
      if (q.surname && p.surname) score += 4 * nameSimilarity(q.surname, p.surname);
      if (q.forenames && p.forenames) score += 2 * nameSimilarity(q.forenames, p.forenames);
      if (q.dateOfBirth && p.dateOfBirth === q.dateOfBirth) score += 3;
      if (q.postcode && p.postcode === normalisePostcode(q.postcode)) score += 1.5;
      if (q.phone && p.phone === normalisePhone(q.phone)) score += 2;
      if (q.address && p.address && nameSimilarity(q.address, p.address) > 0.85) score += 1;
      return { candidate: p, score };
    })
    .filter((m) => !q.surname || !m.candidate.surname || nameSimilarity(q.surname, m.candidate.surname) > 0.7 || m.score >= 3)
    .sort((a, b) => b.score - a.score || a.candidate.id.localeCompare(b.candidate.id))
    .slice(0, 10);
  const ids = ranked.map((m) => m.candidate.id);
  const records = new Map((await findPeopleByIds(db, ids)).map((p) => [p.id, p]));
  const scored = ranked.filter((m) => records.has(m.candidate.id)).map((m) => ({ person: records.get(m.candidate.id)!, score: m.score }));
  const [markers, links, flags] = await Promise.all([markersFor(db, ids), occurrencesOfPeople(db, ids), activeFlagsOf(db, ids)]);
  return scored.map((m) => {
    const mine = links.filter((l) => l.personId === m.person.id);
    const visible = mine.filter((l) =>
      canSeeOccurrence(actor, { restricted: l.restricted, createdBy: l.createdBy, attendingOfficerId: l.attendingOfficerId } as never),
    );
    return {
      ...m,
      markers: markers.get(m.person.id) ?? [],
      flags: flags.filter((f) => f.personId === m.person.id).map((f) => ({ notify: f.notify, expiresOn: f.expiresOn })),
      occurrences: visible.map((l) => ({ reference: l.reference, role: l.role, receivedAt: l.receivedAt, offence: l.offence })),
      hiddenOccurrences: mine.length - visible.length,
    };
  });
}

export const addPartyInput = z
  .object({
    role: z.enum(partyRoles, { message: 'Select the person’s role: victim, person reporting, witness or suspect' }),
    capacity: z.enum(reporterCapacities, { message: 'Select the capacity in which they report' }).optional().or(z.literal('').transform(() => undefined)),
    personId: z.string().uuid('Choose a person from the search results').optional().or(z.literal('').transform(() => undefined)),
    surname: optionalText(80),
    forenames: optionalText(120),
    dateOfBirth,
    address: optionalText(300),
    postcode: optionalText(10),
    phone: optionalText(30),
    description: optionalText(1000),
    markers: z.array(z.enum(personMarkers, { message: 'Unknown warning marker' })).max(personMarkers.length).default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.role === 'reporter' && !v.capacity) ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'Select the capacity in which the person reports (CS-03)' });
    if (!v.personId && !v.surname && !(v.role === 'suspect' && v.description)) {
      ctx.addIssue({
        code: 'custom',
        path: ['surname'],
        message: v.role === 'suspect' ? 'Enter the suspect’s surname, or a description if they are not known' : 'Enter the person’s surname',
      });
    }
  });

/**
 * CS-03: adds a person to an occurrence as victim, person reporting (with their capacity),
 * witness or suspect: an existing person chosen from the search, or a new one.
 */
export async function addParty(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.update');
  const input = parseInput(addPartyInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'party.added',
    requirements: ['CS-03', 'CS-06'],
    run: async ({ trx, occurrence, now, logged }) => {
      let personId = input.personId;
      let name: string;
      if (personId) {
        const person = await findPersonById(trx, personId);
        if (!person) throw new NotFoundError('That person is not on record: search again');
        name = [person.forenames, person.surname].filter(Boolean).join(' ') || person.description || 'Unknown person';
        const existing = await listParties(trx, occurrence.id);
        if (existing.some((p) => p.person.id === personId && p.role === input.role)) {
          throw new ConflictError(`${name} is already a ${input.role} on this occurrence`);
        }
      } else {
        personId = randomUUID();
        await insertPerson(trx, {
          id: personId,
          surname: input.surname ?? null,
          forenames: input.forenames ?? null,
          date_of_birth: input.dateOfBirth ?? null,
          address: input.address ?? null,
          postcode: input.postcode ? normalisePostcode(input.postcode) : null,
          phone: input.phone ? normalisePhone(input.phone) : null,
          description: input.description ?? null,
          surname_key: input.surname ? surnameKey(input.surname) : null,
          created_at: now,
          created_by: actor.id,
          version: 1,
        });
        for (const marker of input.markers) {
          await insertMarker(trx, { id: randomUUID(), person_id: personId, marker, note: null, created_at: now, created_by: actor.id });
        }
        name = [input.forenames, input.surname].filter(Boolean).join(' ') || input.description || 'Unknown person';
      }
      const capacity = input.role === 'reporter' ? (input.capacity ?? null) : null;
      // A person removed in error and now added again in that role: their party row comes back (one per person and role).
      if (!input.personId || !(await restorePartyRemovedInError(trx, occurrence.id, personId, input.role, capacity))) {
        await insertParty(trx, { id: randomUUID(), occurrence_id: occurrence.id, person_id: personId, role: input.role, capacity, created_at: now, created_by: actor.id });
      }
      logged.push({ field: input.role, before: null, after: `${name}${input.role === 'reporter' ? ` (${input.capacity})` : ''}` });
      if (input.markers.length && !input.personId) logged.push({ field: 'warningMarkers', before: null, after: input.markers.join(', ') });
      return { result: { personId } };
    },
  });
}
