import { randomUUID } from 'node:crypto';
import { reconcileObligations } from '../obligations/reconcile';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { callGrades, districts, formatReference, reportChannels } from '../../domain/occurrence';
import { appendLog } from '../../store/repositories/log';
import { findOccurrenceById, insertOccurrence, nextReferenceSequence, type OccurrenceRecord } from '../../store/repositories/occurrences';
import { nowIso, parseInput, permit, type AppDeps, type ChangeOptions } from '../context';
import { refreshRetention } from '../retention/refresh';

const isoInstant = z.iso.datetime({ offset: true, message: 'Enter a date and time in ISO 8601 format, e.g. 2026-03-02T14:05:00Z' });

/** A new report, as the call handler records it (CS-01, CS-02, CS-07). */
export const recordOccurrenceInput = z
  .object({
    receivedAt: isoInstant.describe('When the report was received'),
    channel: z.enum(reportChannels, { message: `Select how the report came in: ${reportChannels.join(', ')}` }),
    callGrade: z.enum(callGrades, { message: `Select a call grade: ${callGrades.join(', ')}` }),
    district: z.enum(districts, { message: `Select a district: ${districts.join(', ')}` }),
    location: z.string().trim().min(1, 'Enter the location').max(500, 'Location must be 500 characters or fewer'),
    firstAccount: z
      .string()
      .trim()
      .min(1, 'Enter the first account')
      .max(20_000, 'First account must be 20,000 characters or fewer'),
  })
  .strict();
export type RecordOccurrenceInput = z.infer<typeof recordOccurrenceInput>;

/** Received time may not be in the future (5 minutes' clock skew allowed) nor before the Act (1997). */
function checkReceivedAt(receivedAt: string, now: Date): string | undefined {
  const t = new Date(receivedAt).getTime();
  if (t > now.getTime() + 5 * 60_000) return 'Received time must not be in the future';
  if (t < Date.UTC(1997, 0, 1)) return 'Received time must be 1997 or later';
  return undefined;
}

export async function recordOccurrence(deps: AppDeps, actor: Actor, raw: unknown, options: ChangeOptions<OccurrenceRecord> = {}): Promise<OccurrenceRecord> {
  permit(actor, 'occurrence.create');
  const input = parseInput(
    recordOccurrenceInput.superRefine((v, ctx) => {
      const problem = checkReceivedAt(v.receivedAt, deps.clock());
      if (problem) ctx.addIssue({ code: 'custom', path: ['receivedAt'], message: problem });
    }),
    raw,
  );
  const now = nowIso(deps);
  const receivedAt = new Date(input.receivedAt).toISOString();
  const id = randomUUID();
  return deps.store.db.transaction().execute(async (trx) => {
    const year = deps.clock().getUTCFullYear();
    const sequence = await nextReferenceSequence(trx, input.district, year);
    const reference = formatReference(input.district, year, sequence);
    await insertOccurrence(trx, {
      id,
      reference,
      district: input.district,
      received_at: receivedAt,
      channel: input.channel,
      call_grade: input.callGrade,
      location: input.location,
      first_account: input.firstAccount,
      status: 'reported',
      restricted: 0,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      version: 1,
    });
    // ID-07, CS-01, CS-05: what a new report owes (the recording decision, an attending officer) is derived, in this entry.
    const tasks = await reconcileObligations(trx, { occurrenceId: id, district: input.district, now, actorId: actor.id, cause: 'occurrence.reported' });
    await appendLog(trx, {
      actor,
      kind: 'change',
      subjectType: 'occurrence',
      subjectId: id,
      occurrenceId: id,
      action: 'occurrence.reported',
      at: now,
      changes: [
        { field: 'reference', before: null, after: reference },
        { field: 'receivedAt', before: null, after: receivedAt },
        { field: 'channel', before: null, after: input.channel },
        { field: 'callGrade', before: null, after: input.callGrade },
        { field: 'district', before: null, after: input.district },
        { field: 'location', before: null, after: input.location },
        { field: 'firstAccount', before: null, after: input.firstAccount },
        { field: 'status', before: null, after: 'reported' },
        ...tasks,
      ],
      reason: 'New report recorded',
      requirements: ['CS-01', 'CS-02', 'CS-07', 'XC-03'],
    });
    // MoPI retention: every record has a review date from the day it is made.
    await refreshRetention(trx, id, now);
    const saved = await findOccurrenceById(trx, id);
    if (!saved) throw new Error('Occurrence vanished before commit');
    await options.inTransaction?.(trx, saved);
    return saved;
  });
}
