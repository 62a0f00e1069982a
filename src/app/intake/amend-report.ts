import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { callGrades, reportChannels } from '../../domain/occurrence';
import { findOccurrenceById, replaceSearchTerms, type OccurrenceChanges, type OccurrenceRecord } from '../../store/repositories/occurrences';
import { ValidationError } from '../errors';
import { parseInput, permit, type AppDeps, type ChangeOptions } from '../context';
import { changeOccurrence } from './occurrence-change';
import { recordOccurrenceInput } from './record-occurrence';

const reportFields = recordOccurrenceInput.shape;

/**
 * A correction to a report's details. `version` is the version the user saw: if anyone changed
 * the occurrence since, the change is refused (409) and nothing is written, so no one's update is
 * silently lost. Fields left out stay as they are; a reason is always required (XC-03).
 */
export const amendReportInput = z
  .object({
    version: z.number({ message: 'Version must be the whole number shown when the occurrence was opened' }).int('Version must be a whole number').min(1, 'Version must be 1 or more').max(2_147_483_647, 'Version is too large'),
    location: reportFields.location.optional(),
    firstAccount: reportFields.firstAccount.optional(),
    callGrade: reportFields.callGrade.optional(),
    channel: reportFields.channel.optional(),
    reason: z.string({ message: 'Enter the reason for the change' }).trim().min(1, 'Enter the reason for the change').max(1000, 'Reason must be 1,000 characters or fewer'),
  })
  .strict();
export type AmendReportInput = z.infer<typeof amendReportInput>;

/** The report's fields a correction may change, with their columns. */
const amendable = [
  ['location', 'location'],
  ['firstAccount', 'first_account'],
  ['callGrade', 'call_grade'],
  ['channel', 'channel'],
] as const;

/** Corrects an occurrence's report details (location, first account, call grade, channel). */
export async function amendReport(
  deps: AppDeps,
  actor: Actor,
  idOrReference: string,
  raw: unknown,
  options: ChangeOptions<OccurrenceRecord> = {},
): Promise<OccurrenceRecord> {
  permit(actor, 'occurrence.amend');
  const input = parseInput(amendReportInput, raw);
  const requirements = [
    ...(input.callGrade !== undefined ? ['CS-01'] : []),
    ...(input.firstAccount !== undefined ? ['CS-02'] : []),
    'XC-03',
  ];
  let saved: OccurrenceRecord | undefined;
  let wordsChanged = false;
  await changeOccurrence(deps, actor, idOrReference, {
    action: 'occurrence.amended',
    requirements,
    reason: input.reason,
    expectedVersion: input.version,
    run: async ({ occurrence }) => {
      const changes: OccurrenceChanges = {};
      for (const [field, column] of amendable) {
        const after = input[field];
        if (after !== undefined && after !== occurrence[field]) (changes as Record<string, string>)[column] = after;
      }
      if (Object.keys(changes).length === 0) {
        throw new ValidationError([{ field: '(input)', message: 'Change at least one of the report details: what was sent is the same as what is recorded' }]);
      }
      wordsChanged = changes.location !== undefined || changes.first_account !== undefined;
      return { changes, result: occurrence.id };
    },
    inTransaction: async (trx, id) => {
      if (wordsChanged) await replaceSearchTerms(trx, id);
      saved = await findOccurrenceById(trx, id);
      if (!saved) throw new Error('Occurrence vanished before commit');
      await options.inTransaction?.(trx, saved);
    },
  });
  return saved!;
}
