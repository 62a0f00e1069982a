import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { checkVictimDoesNotSupport, victimDoesNotSupportInput } from '../../policy/victim';
import { insertVictimPosition } from '../../store/repositories/intake';
import { completeTaskRow, openTaskOf } from '../../store/repositories/tasks';
import { randomUUID } from 'node:crypto';
import { PolicyViolationError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from './occurrence-change';

export const threatToLifeInput = z.object({ details: z.string().trim().min(1, 'Record the information about the threat to life').max(5000) }).strict();

/**
 * AO-08: a threat to life. The Threats to Life procedure applies and the duty inspector must be
 * notified immediately: a task due now goes to the duty inspectors, and the record cannot move
 * on until the notification is recorded.
 */
export async function markThreatToLife(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.update');
  const input = parseInput(threatToLifeInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'threat_to_life.marked',
    requirements: ['AO-08', 'XC-04'],
    reason: input.details,
    run: async (ctx) => {
      if (ctx.occurrence.threatToLife) throw new ValidationError([{ field: 'details', message: 'A threat to life is already marked on this occurrence' }]);
      return { changes: { threat_to_life: 1 }, result: undefined };
    },
  });
}

export const dutyInspectorNotifiedInput = z
  .object({ inspectorName: z.string().trim().min(1, 'Enter the duty inspector’s name').max(120), note: z.string().trim().max(2000).optional() })
  .strict();

/** AO-08: records that the duty inspector was notified; completes the notification task. */
export async function recordDutyInspectorNotified(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.update');
  const input = parseInput(dutyInspectorNotifiedInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'duty_inspector.notified',
    requirements: ['AO-08'],
    reason: `Duty inspector notified: ${input.inspectorName}${input.note ? `. ${input.note}` : ''}`,
    run: async ({ trx, occurrence, now }) => {
      if (!occurrence.threatToLife) throw new ValidationError([{ field: 'inspectorName', message: 'No threat to life is marked on this occurrence' }]);
      if (occurrence.dutyInspectorNotifiedAt) throw new ValidationError([{ field: 'inspectorName', message: 'The notification is already recorded' }]);
      return { changes: { duty_inspector_notified_at: now }, result: undefined };
    },
  });
}

export const workforceInput = z.object({ reason: z.string().trim().min(1, 'Record why the force’s workforce is involved').max(2000) }).strict();

/**
 * ID-08: stalking or harassment involving a member of the force's workforce is handled under the
 * Domestic Abuse policy: the record becomes restricted (need to know) and marked.
 */
export async function markWorkforceInvolvement(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.update');
  const input = parseInput(workforceInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'workforce_involvement.marked',
    requirements: ['ID-08', 'XC-04'],
    reason: input.reason,
    run: async () => ({ changes: { workforce_involved: 1, restricted: 1 }, result: undefined }),
  });
}

/**
 * AO-10: the victim does not support prosecution. All of it must be recorded before it saves:
 * reasons, support referral offered, and the four things the victim must be told.
 */
export async function recordVictimDoesNotSupport(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.update');
  const input = parseInput(victimDoesNotSupportInput, raw);
  const verdict = checkVictimDoesNotSupport(input);
  if (!verdict.allowed) throw new PolicyViolationError(verdict.violations);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'victim_position.recorded',
    requirements: verdict.requirements,
    reason: `Victim does not support prosecution: ${input.reasons}`,
    run: async ({ trx, occurrence, now }) => {
      await insertVictimPosition(trx, { id: randomUUID(), occurrence_id: occurrence.id, record: JSON.stringify(input), recorded_by: actor.id, recorded_at: now });
      const open = await openTaskOf(trx, occurrence.id, 'victim_does_not_support');
      if (open) await completeTaskRow(trx, open.id, actor.id, now, null);
      return { changes: { victim_supports_prosecution: 0 }, result: { prompts: verdict.prompts } };
    },
  });
}
