import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { referencePattern } from '../../domain/occurrence';
import { can } from '../../auth/permissions';
import { computeDeadlines } from '../../policy/deadlines';
import { activeFlagsOf } from '../../store/repositories/flags';
import { listParties } from '../../store/repositories/intake';
import { insertIntelligence, intelligenceOfPerson, type IntelligenceRecord } from '../../store/repositories/intelligence';
import { appendLog, appendLogGrouped, type FieldChange } from '../../store/repositories/log';
import { findOccurrenceById } from '../../store/repositories/occurrences';
import { findPersonById, markersFor, occurrencesOfPeople, type PersonRecord } from '../../store/repositories/people';
import { insertTask } from '../../store/repositories/tasks';
import { findUserById } from '../../store/repositories/users';
import { NotFoundError, ValidationError } from '../errors';
import { nowIso, parseInput, permit, type AppDeps, type ChangeOptions } from '../context';
import { loadVisibleOccurrence } from '../intake/occurrence-change';
import { canSeeOccurrence } from '../intake/occurrence-queries';

/** Where the intelligence came from. */
export const intelligenceSources = ['officer_sighting', 'victim', 'witness', 'member_of_public', 'partner_agency', 'cctv', 'anpr', 'other'] as const;
export const intelligenceSourceLabels: Record<(typeof intelligenceSources)[number], string> = {
  officer_sighting: 'Officer’s own sighting',
  victim: 'The victim',
  witness: 'A witness',
  member_of_public: 'A member of the public',
  partner_agency: 'A partner agency',
  cctv: 'CCTV or doorbell camera',
  anpr: 'ANPR',
  other: 'Other',
};

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * AO-09: "Submitting intelligence when they encounter stalking nominals, particularly those who
 * have an active Niche Flag regarding stalking. Useful intelligence may include: subject
 * description; subject vehicle; time/date/location of sighting."
 */
export const intelligenceSubmissionInput = z
  .object({
    occurrenceReference: z
      .string()
      .trim()
      .max(20, 'Enter a reference like 13-2026-000123')
      .regex(referencePattern, 'Enter a reference like 13-2026-000123')
      .optional()
      .or(z.literal('').transform(() => undefined))
      .describe('The occurrence this intelligence relates to, if any: the person must be a party to it'),
    seenAt: z.iso.datetime({ offset: true, message: 'Enter the date and time of the sighting, e.g. 2026-03-02T14:05:00Z' }).describe('When the person was seen (or the intelligence relates to)'),
    location: z.string().trim().min(1, 'Enter where the person was seen').max(500, 'Location must be 500 characters or fewer'),
    subjectDescription: text(2000, 'Subject description').describe('How the person looked: clothing, build, demeanour'),
    vehicle: text(300, 'Vehicle').describe('The vehicle: registration, make, model, colour'),
    source: z.enum(intelligenceSources, { message: `Select the source of the intelligence: ${intelligenceSources.join(', ')}` }),
    sourceDetail: text(500, 'Source detail').describe('More about the source (e.g. the partner agency), if useful'),
    details: text(5000, 'What was seen or learned').describe('What was seen or learned, in the officer’s words'),
  })
  .strict();
export type IntelligenceSubmissionInput = z.infer<typeof intelligenceSubmissionInput>;

export interface SubmittedIntelligence {
  id: string;
  personId: string;
  occurrenceReference: string | null;
  seenAt: string;
  /** FL-01: the person had an active notify-if flag and its owner was tasked. */
  flagOwnerTasked: boolean;
  taskDueAt: string | null;
}

const nameOf = (p: PersonRecord) => [p.forenames, p.surname].filter(Boolean).join(' ') || p.description || 'Unknown person';

/**
 * AO-09, FL-01: any officer submits intelligence on a stalking nominal. It is linked to the
 * person (and to an occurrence the person is a party to, where given). Where the person has an
 * active notify-if flag, the flag's owner is tasked, due by the policy's deadline. The
 * submission, the task and the occurrence log entries are written in one transaction.
 */
export async function submitIntelligence(deps: AppDeps, actor: Actor, personId: string, raw: unknown, options: ChangeOptions<SubmittedIntelligence> = {}): Promise<SubmittedIntelligence> {
  permit(actor, 'intelligence.submit');
  const input = parseInput(
    intelligenceSubmissionInput.superRefine((v, ctx) => {
      const t = Date.parse(v.seenAt);
      if (t > deps.clock().getTime()) ctx.addIssue({ code: 'custom', path: ['seenAt'], message: 'The time of the sighting must not be in the future' });
      else if (t < Date.UTC(1997, 0, 1)) ctx.addIssue({ code: 'custom', path: ['seenAt'], message: 'The time of the sighting must be 1997 or later' });
      if (!v.subjectDescription && !v.vehicle && !v.details) {
        ctx.addIssue({ code: 'custom', path: ['details'], message: 'Enter what was seen or learned: a description of the subject, their vehicle, or the details' });
      }
    }),
    raw,
  );
  const now = nowIso(deps);
  const seenAt = new Date(input.seenAt).toISOString();
  return deps.store.db.transaction().execute(async (trx) => {
    const person = z.string().uuid().safeParse(personId).success ? await findPersonById(trx, personId) : undefined;
    if (!person) throw new NotFoundError('No person with that id');
    const name = nameOf(person);
    let occurrence: Awaited<ReturnType<typeof loadVisibleOccurrence>> | undefined;
    if (input.occurrenceReference) {
      try {
        occurrence = await loadVisibleOccurrence(trx, actor, input.occurrenceReference);
      } catch (err) {
        if (err instanceof NotFoundError) throw new ValidationError([{ field: 'occurrenceReference', message: 'No occurrence with that reference that you may see' }]);
        throw err;
      }
      if (!(await listParties(trx, occurrence.id)).some((p) => p.person.id === person.id)) {
        throw new ValidationError([{ field: 'occurrenceReference', message: `${name} is not a party to ${occurrence.reference}` }]);
      }
    }
    const [flag] = await activeFlagsOf(trx, [person.id]);
    const id = randomUUID();
    let taskId: string | null = null;
    let taskDueAt: string | null = null;
    const what = [input.subjectDescription, input.vehicle ? `vehicle ${input.vehicle}` : undefined].filter(Boolean).join('; ');
    const summary = `${name} seen ${seenAt} at ${input.location}${what ? ` (${what})` : ''}`;
    if (flag) {
      const deadline = computeDeadlines({ event: 'intelligence_submitted', at: now }).deadlines[0]!;
      const owner = await findUserById(trx, flag.createdBy);
      const flagOccurrence = flag.occurrenceId ? await findOccurrenceById(trx, flag.occurrenceId) : undefined;
      taskId = randomUUID();
      taskDueAt = deadline.due;
      const title = `Notify-if flag: intelligence on ${name}, seen at ${input.location}. Act on it as the flag asks (${flag.notify.slice(0, 200)})`;
      await insertTask(trx, {
        id: taskId,
        occurrence_id: flag.occurrenceId,
        action: 'flag_hit_review',
        title,
        requirement: 'FL-01',
        // The flag's owner; if their account is no longer active, the SCU.
        assignee_user_id: owner?.active ? owner.id : null,
        assignee_role: owner?.active ? null : 'scu_officer',
        district: flagOccurrence?.district ?? null,
        due_at: deadline.due,
        status: 'open',
        created_at: now,
        completed_at: null,
        completed_by: null,
        outcome_note: null,
      });
      // The flagged occurrence's log records the hit and the task, whoever submitted it.
      if (flag.occurrenceId && flag.occurrenceId !== occurrence?.id) {
        await appendLog(trx, {
          actor,
          kind: 'change',
          subjectType: 'person_flag',
          subjectId: flag.id,
          occurrenceId: flag.occurrenceId,
          action: 'notify_if_flag.hit',
          at: now,
          changes: [{ field: 'task', before: null, after: `${title} (due ${deadline.due}, FL-01)` }],
          reason: `Intelligence ${id} submitted on the flagged person`,
          requirements: ['AO-09', 'FL-01'],
        });
      }
    }
    await insertIntelligence(trx, {
      id,
      person_id: person.id,
      occurrence_id: occurrence?.id ?? null,
      seen_at: seenAt,
      location: input.location,
      subject_description: input.subjectDescription ?? null,
      vehicle: input.vehicle ?? null,
      source: input.source,
      source_detail: input.sourceDetail ?? null,
      details: input.details ?? null,
      flag_id: flag?.id ?? null,
      flag_task_id: taskId,
      submitted_by: actor.id,
      submitted_at: now,
    });
    const changes: FieldChange[] = [{ field: 'intelligence', before: null, after: summary }];
    if (taskId && flag?.occurrenceId === occurrence?.id) changes.push({ field: 'task', before: null, after: `Notify-if flag owner tasked (due ${taskDueAt}, FL-01)` });
    await appendLog(trx, {
      actor,
      kind: 'change',
      subjectType: 'person',
      subjectId: person.id,
      occurrenceId: occurrence?.id ?? null,
      action: 'intelligence.submitted',
      at: now,
      changes,
      reason: `Source: ${intelligenceSourceLabels[input.source]}${input.sourceDetail ? ` (${input.sourceDetail})` : ''}`,
      requirements: flag ? ['AO-09', 'FL-01'] : ['AO-09'],
    });
    const result: SubmittedIntelligence = { id, personId: person.id, occurrenceReference: occurrence?.reference ?? null, seenAt, flagOwnerTasked: Boolean(taskId), taskDueAt };
    await options.inTransaction?.(trx, result);
    return result;
  });
}

export interface PersonView {
  person: PersonRecord;
  markers: { marker: string; note: string | null }[];
  flags: { id: string; notify: string; reason: string; expiresOn: string }[];
  occurrences: { reference: string; role: string; receivedAt: string; offence: string | null }[];
  hiddenOccurrences: number;
  intelligence: IntelligenceRecord[];
  hiddenIntelligence: number;
}

/**
 * A person's record: warning markers, active flags, the occurrences they are a party to and the
 * intelligence submitted on them (CS-06, AO-09). Restricted occurrences (ID-08), and
 * intelligence submitted from them, show only to those entitled to see them; the read is logged.
 */
export async function openPersonRecord(deps: AppDeps, actor: Actor, personId: string, options: { logRead?: boolean } = {}): Promise<PersonView> {
  permit(actor, 'person.search');
  const db = deps.store.db;
  const person = z.string().uuid().safeParse(personId).success ? await findPersonById(db, personId) : undefined;
  if (!person) throw new NotFoundError('No person with that id');
  const [markers, links, flags, intelligence] = await Promise.all([markersFor(db, [person.id]), occurrencesOfPeople(db, [person.id]), activeFlagsOf(db, [person.id]), intelligenceOfPerson(db, person.id)]);
  const sees = (o: { restricted: boolean; createdBy: string | null; attendingOfficerId: string | null }) => can(actor.role, 'occurrence.view') && canSeeOccurrence(actor, o as never);
  const visibleLinks = links.filter((l) => sees(l));
  const visibleIntelligence = intelligence.filter((i) => !i.occurrenceId || sees({ restricted: i.restricted, createdBy: i.occurrenceCreatedBy, attendingOfficerId: i.attendingOfficerId }));
  if (options.logRead !== false) {
    await appendLogGrouped(db, {
      actor,
      kind: 'read',
      subjectType: 'person',
      subjectId: person.id,
      action: 'person.viewed',
      at: nowIso(deps),
      reason: `Viewed the person's record and ${visibleIntelligence.length} intelligence submission${visibleIntelligence.length === 1 ? '' : 's'}`,
      requirements: ['XC-03', 'AO-09'],
    });
  }
  return {
    person,
    markers: markers.get(person.id) ?? [],
    flags: flags.map((f) => ({ id: f.id, notify: f.notify, reason: f.reason, expiresOn: f.expiresOn })),
    occurrences: visibleLinks.map((l) => ({ reference: l.reference, role: l.role, receivedAt: l.receivedAt, offence: l.offence })),
    hiddenOccurrences: links.length - visibleLinks.length,
    intelligence: visibleIntelligence,
    hiddenIntelligence: intelligence.length - visibleIntelligence.length,
  };
}
