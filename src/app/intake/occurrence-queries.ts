import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { districts, occurrenceStatuses } from '../../domain/occurrence';
import { can } from '../../auth/permissions';
import { entitledToRestricted } from '../../auth/record-access';
import { appendLogGrouped, listOccurrenceLog, type LogEntry } from '../../store/repositories/log';
import {
  decodeCursor,
  findOccurrenceById,
  findOccurrenceByReference,
  listOccurrences,
  type OccurrencePage,
  type OccurrenceRecord,
} from '../../store/repositories/occurrences';
import { AccessReasonRequiredError, NotFoundError, ValidationError } from '../errors';
import { nowIso, parseInput, permit, type AppDeps } from '../context';
import { referencePattern } from '../../domain/occurrence';

export interface OccurrenceView {
  occurrence: OccurrenceRecord;
  log: LogEntry[];
}

/**
 * May this user see this record at all? Restricted records (ID-08) are need-to-know: those
 * entitled to them (entitledToRestricted), and the user who created the record or attended.
 */
export function canSeeOccurrence(actor: Actor, occurrence: OccurrenceRecord): boolean {
  if (!can(actor.role, 'occurrence.view')) return false;
  if (occurrence.restricted && !entitledToRestricted(actor) && occurrence.createdBy !== actor.id && occurrence.attendingOfficerId !== actor.id) {
    return false;
  }
  return true;
}

/**
 * Reads an occurrence for a user. The read itself is logged (who, when, which record, why): the
 * law-enforcement logging duty covers consultation as well as change (XC-03). An unentitled user
 * gets "not found", never a hint that a restricted record exists.
 */
export async function readOccurrence(
  deps: AppDeps,
  actor: Actor,
  idOrReference: string,
  purpose: string,
  options: { logRead?: boolean; accessReason?: string | undefined } = {},
): Promise<OccurrenceRecord> {
  permit(actor, 'occurrence.view');
  const db = deps.store.db;
  const occurrence = referencePattern.test(idOrReference)
    ? await findOccurrenceByReference(db, idOrReference)
    : await findOccurrenceById(db, idOrReference);
  if (!occurrence || !canSeeOccurrence(actor, occurrence)) throw new NotFoundError('No occurrence with that reference');
  // ID-08: a restricted record is opened only with a recorded reason, which the read log keeps.
  const reason = options.accessReason?.trim().slice(0, 500);
  if (occurrence.restricted && !reason) throw new AccessReasonRequiredError(occurrence.reference);
  // A form re-shown after a refused change writes nothing: the page that showed the form logged the read.
  if (options.logRead === false) return occurrence;
  // Committed before the record is returned; busy servers commit many reads in one transaction.
  await appendLogGrouped(db, {
    actor,
    kind: 'read',
    subjectType: 'occurrence',
    subjectId: occurrence.id,
    occurrenceId: occurrence.id,
    action: 'occurrence.viewed',
    at: nowIso(deps),
    reason: occurrence.restricted ? `${purpose}. Reason for opening a restricted record: ${reason}` : purpose,
    requirements: occurrence.restricted ? ['XC-03', 'ID-08'] : ['XC-03'],
  });
  return occurrence;
}

/** Opens an occurrence with its log (changes, newest first). */
export async function openOccurrence(
  deps: AppDeps,
  actor: Actor,
  idOrReference: string,
  purpose = 'Viewed occurrence',
  options: { logRead?: boolean; accessReason?: string | undefined } = {},
): Promise<OccurrenceView> {
  const occurrence = await readOccurrence(deps, actor, idOrReference, purpose, options);
  const log = can(actor.role, 'log.view') ? await listOccurrenceLog(deps.store.db, occurrence.id, { kind: 'change' }) : [];
  return { occurrence, log };
}

export const occurrenceSearchInput = z
  .object({
    reference: z.string().trim().max(20).regex(referencePattern, 'Enter a reference like 13-2026-000123').optional().or(z.literal('').transform(() => undefined)),
    text: z.string().trim().max(200, 'Search text must be 200 characters or fewer').optional(),
    district: z.enum(districts, { message: `District must be one of ${districts.join(', ')}` }).optional().or(z.literal('').transform(() => undefined)),
    status: z.enum(occurrenceStatuses, { message: `Status must be one of ${occurrenceStatuses.join(', ')}` }).optional().or(z.literal('').transform(() => undefined)),
    after: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();
export type OccurrenceSearch = z.infer<typeof occurrenceSearchInput>;

export async function searchOccurrences(deps: AppDeps, actor: Actor, raw: unknown): Promise<OccurrencePage & { filter: OccurrenceSearch }> {
  permit(actor, 'occurrence.list');
  const filter = parseInput(occurrenceSearchInput, raw);
  const after = filter.after ? decodeCursor(filter.after) : undefined;
  if (filter.after && !after) throw new ValidationError([{ field: 'after', message: 'The page marker is not valid: start the search again' }]);
  const f: Parameters<typeof listOccurrences>[1] = { includeRestricted: entitledToRestricted(actor) };
  if (filter.reference) f.reference = filter.reference;
  if (filter.text) f.text = filter.text;
  if (filter.district) f.district = filter.district;
  if (filter.status) f.status = filter.status;
  const pageReq: { limit: number; after?: { receivedAt: string; id: string } } = { limit: filter.limit };
  if (after) pageReq.after = after;
  const page = await listOccurrences(deps.store.db, f, pageReq);
  return { ...page, filter };
}
