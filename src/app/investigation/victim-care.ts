import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { checkVictimWithdrawal, victimWithdrawalInput } from '../../policy/victim';
import { insertVictimContact } from '../../store/repositories/investigation';
import { insertVictimPosition } from '../../store/repositories/intake';
import { completeTaskRow, findTask, openTaskOf } from '../../store/repositories/tasks';
import { PolicyViolationError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from '../intake/occurrence-change';

export const contactMethods = ['phone', 'in_person', 'email', 'letter', 'text'] as const;
export const contactOutcomes = ['contacted', 'no_answer', 'message_left'] as const;

export const victimContactInput = z
  .object({
    taskId: z.string().uuid().optional(),
    method: z.enum(contactMethods, { message: 'Select how you contacted the victim' }),
    outcome: z.enum(contactOutcomes, { message: 'Select the outcome of the contact' }),
    note: z.string().trim().min(1, 'Record what the victim was told').max(5000, 'Must be 5,000 characters or fewer'),
  })
  .strict();

/**
 * IO-04, XC-01: logs a contact or attempt with the victim. A successful contact against an
 * "inform victim" task completes it (late if past its Victims' Code due time); an attempt leaves
 * it open. With an agreed contact plan the next contact is scheduled.
 */
export async function recordVictimContact(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'investigate');
  const input = parseInput(victimContactInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'victim_contact.recorded',
    requirements: ['IO-04', 'XC-01'],
    reason: input.note,
    run: async (ctx) => {
      let late = false;
      if (input.taskId) {
        const task = await findTask(ctx.trx, input.taskId);
        if (!task || task.occurrenceId !== ctx.occurrence.id || task.status !== 'open') throw new ValidationError([{ field: 'taskId', message: 'That task is not open on this occurrence' }]);
        // A contact fulfils the victim updates owed before it (obligations); an attempt leaves them open.
        if (input.outcome === 'contacted') late = task.dueAt < ctx.now;
      }
      await insertVictimContact(ctx.trx, { id: randomUUID(), occurrence_id: ctx.occurrence.id, task_id: input.taskId ?? null, method: input.method, outcome: input.outcome, note: input.note, at: ctx.now, recorded_by: actor.id });
      ctx.logged.push({ field: 'victimContact', before: null, after: `${input.method}, ${input.outcome.replace('_', ' ')}` });
      return { result: { late } };
    },
  });
}

export const contactPlanInput = z.object({ everyDays: z.coerce.number().int('Whole days').min(1, 'At least every day').max(60, 'At most every 60 days') }).strict();

/** SV-03, XC-01: the contact frequency agreed with the victim; the first scheduled update becomes a task. */
export async function agreeVictimContactPlan(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'investigate');
  const input = parseInput(contactPlanInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'victim_contact_plan.agreed',
    requirements: ['SV-03', 'XC-01'],
    run: async (ctx) => {
      // The scheduled updates follow from the plan and the last contact (obligations).
      return { changes: { victim_contact_every_days: input.everyDays }, result: undefined };
    },
  });
}

/**
 * IO-12: the victim withdraws. Saved only with the rationale documented, support contact details
 * given, a full withdrawal statement with reasons, and an agreed re-contact date (or why not).
 * The re-contact becomes a task.
 */
export async function recordVictimWithdrawal(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'investigate');
  const parsed = parseInput(victimWithdrawalInput, raw);
  // IO-12 "in the near future" runs from the withdrawal: when the officer gives no time, it is now.
  const input = { ...parsed, withdrawnAt: parsed.withdrawnAt ?? deps.clock().toISOString() };
  const verdict = checkVictimWithdrawal(input);
  if (!verdict.allowed) throw new PolicyViolationError(verdict.violations);
  // The re-contact is agreed for the future: a date already passed would open the IO-12 task overdue.
  if (input.reContactDate !== undefined) {
    const now = deps.clock();
    const passed = input.reContactDate.length === 10 ? input.reContactDate <= now.toISOString().slice(0, 10) : Date.parse(input.reContactDate) <= now.getTime();
    if (passed) throw new ValidationError([{ field: 'reContactDate', message: 'The agreed re-contact date must be after today (IO-12)' }]);
  }
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'victim_withdrawal.recorded',
    requirements: verdict.requirements,
    reason: input.rationale,
    run: async (ctx) => {
      await insertVictimPosition(ctx.trx, { id: randomUUID(), occurrence_id: ctx.occurrence.id, record: JSON.stringify({ withdrawal: true, ...input }), recorded_by: actor.id, recorded_at: ctx.now });
      // IO-12: the agreed re-contact follows from the withdrawal record (obligations).
      return { changes: { victim_supports_prosecution: 0 }, result: { prompts: verdict.prompts } };
    },
  });
}
