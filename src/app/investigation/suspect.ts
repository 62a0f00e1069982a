import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { computeDeadlines, type DeadlineEvent } from '../../policy/deadlines';
import { checkSuspectManagement, suspectActions, type SuspectAction } from '../../policy/suspect-management';
import { insertSuspectAction } from '../../store/repositories/investigation';
import { progressionViolations } from '../intake/progression';
import { PolicyViolationError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from '../intake/occurrence-change';
import { isStalking } from '../../policy/vocabulary';

/** Suspect events the victim must be told of (IO-04), by action. */
const victimEvent: Partial<Record<SuspectAction, DeadlineEvent>> = {
  arrest: 'suspect_arrested',
  voluntary_attendance: 'suspect_interviewed',
  bail_s37_2: 'suspect_bailed',
  bail_s37_7: 'suspect_bailed',
  released_under_investigation: 'suspect_released_under_investigation',
  charge: 'suspect_charged',
};

export const suspectActionInput = z
  .object({
    action: z.enum(suspectActions, { message: 'Select what was done with the suspect' }),
    at: z.iso.datetime({ offset: true, message: 'Enter when it happened' }),
    conditions: z.string().trim().max(2000, 'Must be 2,000 characters or fewer').optional(),
    victimConsultedOnBail: z.boolean().optional(),
    referredToCps: z.boolean().optional(),
    victimRequestedInformalAction: z.boolean().optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

/**
 * IO-06, IO-08, IO-10, IO-04: records suspect management. The suspect management decision runs
 * first: words of advice, harassment warnings, written warnings, mediation and no action are
 * refused for stalking even at the victim's request; bail needs the victim consulted first.
 * Every event the victim must hear of creates an "inform victim" task within the Victims' Code
 * enhanced-service time; bail creates its expiry and extension deadlines.
 */
export async function recordSuspectAction(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'investigate');
  const input = parseInput(suspectActionInput, raw);
  if (new Date(input.at).getTime() > deps.clock().getTime() + 5 * 60_000) throw new ValidationError([{ field: 'at', message: 'When it happened must not be in the future' }]);
  const isBail = input.action === 'bail_s37_2' || input.action === 'bail_s37_7';
  if (isBail && !input.conditions) throw new ValidationError([{ field: 'conditions', message: 'Record the bail conditions' }]);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'suspect_action.recorded',
    requirements: ['IO-06', ...(isBail ? ['IO-08', 'IO-10'] : []), 'IO-04'],
    reason: input.note ?? null,
    run: async (ctx) => {
      const o = ctx.occurrence;
      if (!o.offence) throw new PolicyViolationError([{ requirement: 'ID-01', message: 'Classify the crime before recording suspect management' }]);
      const verdict = checkSuspectManagement({
        offence: o.offence as never,
        action: input.action,
        ...(input.victimRequestedInformalAction !== undefined ? { victimRequestedInformalAction: input.victimRequestedInformalAction } : {}),
        ...(input.victimConsultedOnBail !== undefined ? { victimConsultedOnBail: input.victimConsultedOnBail } : {}),
        ...(input.referredToCps !== undefined ? { referredToCps: input.referredToCps } : {}),
        at: input.at,
      });
      if (!verdict.allowed) throw new PolicyViolationError(verdict.violations);
      const bailExpiry = verdict.deadlines.find((d) => d.action === 'bail_expiry');
      await insertSuspectAction(ctx.trx, {
        id: randomUUID(),
        occurrence_id: o.id,
        action: input.action,
        conditions: input.conditions ?? null,
        bail_expires_on: bailExpiry ? bailExpiry.due.slice(0, 10) : null,
        victim_consulted: input.victimConsultedOnBail ? 1 : 0,
        note: input.note ?? null,
        at: new Date(input.at).toISOString(),
        recorded_by: actor.id,
      });
      ctx.logged.push({ field: 'suspectAction', before: null, after: `${input.action}${input.conditions ? ` (${input.conditions})` : ''}` });
      // IO-04 (inform the victim, Victims' Code working days) and IO-10 (bail ends) follow from the suspect event (obligations).
      // The first suspect action moves an allocated crime to under investigation: that transition's guards run too (AO-08, AO-02, SV-02).
      if (o.status === 'allocated') {
        const blocked = await progressionViolations(ctx.trx, o, 'under_investigation');
        if (blocked.length) throw new PolicyViolationError(blocked);
      }
      const changes = o.status === 'allocated' ? { status: 'under_investigation' } : {};
      return { changes, result: { prompts: verdict.prompts, deadlines: verdict.deadlines } };
    },
  });
}
