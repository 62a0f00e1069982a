import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { partyRoleLabels, type PartyRole } from '../../domain/intake';
import { findPartyOfOccurrence, markPartyRemovedInError } from '../../store/repositories/intake';
import { ConflictError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from './occurrence-change';
import { correctionReason, refuseCorrectionUnless, seenVersion } from '../investigation/corrections';

export const removePartyInput = z
  .object({
    partyId: z.string({ message: 'Choose the person who was added in error' }).uuid('Choose the person who was added in error'),
    reason: correctionReason('removing this person'),
    version: seenVersion,
  })
  .strict();

const nameOf = (p: { forenames: string | null; surname: string | null; description: string | null }) =>
  [p.forenames, p.surname].filter(Boolean).join(' ') || p.description || 'Unknown person';

/**
 * CS-03, ID-05, XC-03: a person added to an occurrence in error is removed from it. Nothing is
 * deleted: the party is marked as added in error (who and when), the log entry names them and
 * the reason, and the person stays on record. The case's people, its course of conduct and the
 * emerging-threat queries leave them out. A finalised crime is reopened first.
 */
export async function removePartyAddedInError(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'party.remove');
  const input = parseInput(removePartyInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'party.removed_in_error',
    requirements: ['CS-03', 'ID-05', 'XC-03'],
    reason: input.reason,
    ...(input.version !== undefined ? { expectedVersion: input.version } : {}),
    run: async (ctx) => {
      await refuseCorrectionUnless(ctx.trx, ctx.occurrence, 'removeParty');
      const party = await findPartyOfOccurrence(ctx.trx, ctx.occurrence.id, input.partyId);
      if (!party) throw new ValidationError([{ field: 'partyId', message: 'Choose a person recorded on this occurrence' }]);
      const name = nameOf(party.person);
      const role = partyRoleLabels[party.role as PartyRole]?.toLowerCase() ?? party.role;
      if (party.removedInErrorAt || !(await markPartyRemovedInError(ctx.trx, party.id, ctx.now, actor.id))) {
        throw new ConflictError(`${name} was already removed from this occurrence as the ${role}`);
      }
      ctx.logged.push({ field: party.role, before: name, after: 'Removed: added in error' });
      return { result: { name, role: party.role } };
    },
  });
}
