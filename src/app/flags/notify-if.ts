import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { addMonths } from '../../policy/calendar';
import { reviewFlag } from '../../policy/flags';
import { defaultParameters } from '../../policy/parameters';
import { activeFlagsOf, findFlag, insertFlag, stalkingIncidentDatesSince, updateFlagRow, type FlagRecord } from '../../store/repositories/flags';
import { listParties } from '../../store/repositories/intake';
import { completeTaskRow, insertTask, openTaskOf } from '../../store/repositories/tasks';
import { appendLog } from '../../store/repositories/log';
import { ConflictError, NotFoundError, PolicyViolationError, ValidationError } from '../errors';
import { nowIso, parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence, loadVisibleOccurrence } from '../intake/occurrence-change';

export const addFlagInput = z
  .object({
    personId: z.string().uuid('Choose the person to flag'),
    reason: z.string().trim().min(1, 'Record why the flag is needed').max(2000, 'Must be 2,000 characters or fewer'),
    notify: z.string().trim().min(1, 'Record who is to be notified and what to do (e.g. task the SCU)').max(500),
  })
  .strict();

/**
 * FL-01, FL-03: a 'notify if' flag on a suspect, tasking the SCU. Its duration is the force's
 * configured default (FL-03 is an ASSUMPTION: the policy's table of durations is not in the
 * source). A review task opens a month before expiry (FL-02).
 */
export async function addNotifyIfFlag(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.update');
  const input = parseInput(addFlagInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'notify_if_flag.added',
    requirements: ['FL-01', 'FL-03'],
    reason: input.reason,
    run: async (ctx) => {
      const party = (await listParties(ctx.trx, ctx.occurrence.id)).find((p) => p.person.id === input.personId && p.role === 'suspect');
      if (!party) throw new ValidationError([{ field: 'personId', message: 'A notify-if flag goes on a suspect in this occurrence' }]);
      if ((await activeFlagsOf(ctx.trx, [input.personId])).length) throw new ConflictError('This person already has an active notify-if flag: review or extend it instead');
      const startsOn = ctx.now.slice(0, 10);
      const expiresOn = addMonths(startsOn, defaultParameters.flagDurationMonths);
      const id = randomUUID();
      await insertFlag(ctx.trx, { id, person_id: input.personId, occurrence_id: ctx.occurrence.id, reason: input.reason, notify: input.notify, starts_on: startsOn, expires_on: expiresOn, status: 'active', review_outcome: null, created_at: ctx.now, created_by: actor.id, updated_at: ctx.now, version: 1 });
      const opens = addMonths(expiresOn, -1);
      await ctx.task({ action: 'flag_review', title: `Review the notify-if flag on ${[party.person.forenames, party.person.surname].filter(Boolean).join(' ')} (review window opens ${opens})`, requirement: 'FL-02', dueAt: `${expiresOn}T09:00:00.000Z`, assigneeRole: 'scu_officer' });
      ctx.logged.push({ field: 'notifyIfFlag', before: null, after: `${startsOn} to ${expiresOn}: ${input.notify}` });
      return { result: { id, expiresOn } };
    },
  });
}

export const reviewFlagInput = z.object({ version: z.coerce.number().int().min(1), note: z.string().trim().max(2000).optional() }).strict();

/**
 * FL-02: reviewed within the month before expiry. No further stalking incidents since the flag
 * was set: it is removed. Further incidents: it is extended for the configured duration.
 */
export async function reviewNotifyIfFlag(deps: AppDeps, actor: Actor, occurrenceRef: string, flagId: string, raw: unknown): Promise<FlagRecord> {
  permit(actor, 'occurrence.update');
  const input = parseInput(reviewFlagInput, raw);
  const db = deps.store.db;
  // The flag is reviewed from an occurrence the user may see, on a person who is a party to it.
  const occurrence = await loadVisibleOccurrence(db, actor, occurrenceRef);
  const flag = await findFlag(db, flagId);
  const parties = await listParties(db, occurrence.id);
  if (!flag || flag.status !== 'active' || !parties.some((p) => p.person.id === flag.personId)) throw new NotFoundError('No active flag with that id');
  const today = nowIso(deps).slice(0, 10);
  const incidents = await stalkingIncidentDatesSince(db, flag.personId, flag.startsOn);
  const decision = reviewFlag({ flagStart: flag.startsOn, expiry: flag.expiresOn, asOf: today, furtherStalkingIncidents: incidents.map((d) => d.slice(0, 10)) });
  if (decision.recommendation === 'not_yet_due') throw new PolicyViolationError([{ requirement: 'FL-02', message: `${decision.explanation}` }]);
  const now = nowIso(deps);
  await db.transaction().execute(async (trx) => {
    const set = decision.recommendation === 'extend' ? { expires_on: decision.newExpiry!, review_outcome: 'extended', updated_at: now } : { status: 'removed', review_outcome: 'removed', updated_at: now };
    if (!(await updateFlagRow(trx, flag.id, input.version, set))) throw new ConflictError('This flag changed since you opened it: reload and try again');
    const open = flag.occurrenceId ? await openTaskOf(trx, flag.occurrenceId, 'flag_review') : undefined;
    if (open) await completeTaskRow(trx, open.id, actor.id, now, decision.recommendation);
    if (decision.recommendation === 'extend') {
      await insertTask(trx, { id: randomUUID(), occurrence_id: flag.occurrenceId, action: 'flag_review', title: `Review the extended notify-if flag (review window opens ${addMonths(decision.newExpiry!, -1)})`, requirement: 'FL-02', assignee_role: 'scu_officer', assignee_user_id: null, district: null, due_at: `${decision.newExpiry}T09:00:00.000Z`, status: 'open', created_at: now, completed_at: null, completed_by: null, outcome_note: null });
    }
    await appendLog(trx, {
      actor,
      kind: 'change',
      subjectType: 'person_flag',
      subjectId: flag.id,
      occurrenceId: flag.occurrenceId,
      action: `notify_if_flag.${decision.recommendation === 'extend' ? 'extended' : 'removed'}`,
      at: now,
      changes: [{ field: 'notifyIfFlag', before: `active to ${flag.expiresOn}`, after: decision.recommendation === 'extend' ? `extended to ${decision.newExpiry}` : 'removed' }],
      reason: `${decision.explanation}${input.note ? ` ${input.note}` : ''}`,
      requirements: decision.requirements,
    });
  });
  return (await findFlag(db, flag.id))!;
}
