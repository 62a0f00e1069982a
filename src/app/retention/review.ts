import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { can } from '../../auth/permissions';
import { addMonths } from '../../policy/calendar';
import { defaultParameters } from '../../policy/parameters';
import type { RetentionOutput } from '../../policy/retention';
import { appendLog, ERASURE_ACTION, LogIntegrityError, redactOccurrenceLog, REDACTED, REDACTIONS_FIELD } from '../../store/repositories/log';
import { updateOccurrence } from '../../store/repositories/occurrences';
import { eraseOccurrenceContent, findRetention, insertRetentionReview, markErased, retentionReviews, setNextReview, type RetentionRecord, type RetentionReviewRecord } from '../../store/repositories/retention';
import { ConflictError, ForbiddenError, PolicyViolationError, ValidationError } from '../errors';
import { nowIso, parseInput, permit, type AppDeps } from '../context';
import { loadVisibleOccurrence } from '../intake/occurrence-change';
import { refreshRetention } from './refresh';

const dateOnly = z
  .string({ message: 'Enter the date of the next review' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date of the next review as a real date')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'Enter the date of the next review as a real date');

/** A review decision: retain (with the reason and the next review date) or erase (with the reason, and the reference typed again). */
export const retentionReviewInput = z.discriminatedUnion(
  'decision',
  [
    z
      .object({
        decision: z.literal('retain'),
        reason: z.string({ message: 'Give the reason for keeping the record' }).trim().min(10, 'Give the reason for keeping the record (at least 10 characters)').max(2000, 'Must be 2,000 characters or fewer'),
        nextReviewOn: dateOnly,
      })
      .strict(),
    z
      .object({
        decision: z.literal('erase'),
        reason: z.string({ message: 'Give the reason for erasing the record' }).trim().min(20, 'Give the reason for erasing the record (at least 20 characters, no personal details)').max(2000, 'Must be 2,000 characters or fewer'),
        confirmReference: z.string({ message: 'Type the occurrence reference to confirm the erasure' }).trim().max(40, 'Type the occurrence reference to confirm the erasure'),
      })
      .strict(),
  ],
  { error: 'Select retain or erase' },
);

/**
 * Log fields whose values carry no personal data (codes, grades, statuses, dates): they stay in
 * the log after an erasure. Every other value, and every free-text reason, is redacted.
 */
const nonPersonalLogFields = new Set([
  'status', 'offence', 'classification', 'principalCrime', 'callGrade', 'channel', 'restricted', 'workforceInvolved', 'cyberFlag', 'threatToLife',
  'riskGrade', 'dashYesCount', 'endorsedGrade', 'homeOfficeOutcome', 'outcome', 'fourElementsPresent', 'otherOffences', 'referralsToConsider',
  'reviewer', 'allocatedUnit', 'crimeRecordedAt', 'triagedAt', 'finalisedAt', 'proportionateInvestigationComplete', 'victimSupportsProsecution',
  'evidenceAdviceGiven', 'investigationPlan', 'spoStatus', 'mopiGroup', 'reviewDueOn',
]);
const keepInLog = (field: string) => nonPersonalLogFields.has(field) || /^referral\.[a-z_]+$/.test(field);

export interface RetentionView {
  record: RetentionRecord;
  verdict: RetentionOutput;
  reviews: RetentionReviewRecord[];
  mayErase: boolean;
}

/** An occurrence's MoPI group, review date and past reviews, for a reviewer (refreshed first). */
export async function retentionOf(deps: AppDeps, actor: Actor, reference: string): Promise<RetentionView> {
  permit(actor, 'retention.review');
  const now = nowIso(deps);
  const occurrence = await loadVisibleOccurrence(deps.store.db, actor, reference);
  return deps.store.db.transaction().execute(async (trx) => {
    const existing = await findRetention(trx, occurrence.id);
    if (existing?.erasedAt) {
      return { record: existing, verdict: erasedVerdict(existing), reviews: await retentionReviews(trx, occurrence.id), mayErase: false };
    }
    const fresh = (await refreshRetention(trx, occurrence.id, now))!;
    return { record: fresh.record, verdict: fresh.verdict, reviews: await retentionReviews(trx, occurrence.id), mayErase: can(actor.role, 'retention.erase') };
  });
}

function erasedVerdict(r: RetentionRecord): RetentionOutput {
  return {
    group: r.group,
    groupName: `Group ${r.group}`,
    because: r.because,
    reviewFrom: r.reviewFrom,
    reviewOn: r.reviewDueOn,
    retainUntil: r.retainUntil,
    due: false,
    erasure: { allowed: false, refusals: ['The record is already erased'] },
    requirements: ['XC-03'],
    explanation: `Erased on ${r.erasedAt?.slice(0, 10)}`,
  };
}

/**
 * Records a retention review. Retain: the reason and the next review date (after today, within
 * the group's review period) are kept, and the record leaves the worklist until then. Erase
 * (action retention.erase): only when the policy allows it (due, finalised, Group 1 only once
 * the subject is deemed 100), with a reason and the reference typed again. The personal content
 * goes (eraseOccurrenceContent), the earlier log entries' personal values are redacted by the
 * verified method in log.ts, and one log entry records who, when, why and which fields (never
 * their values). The reference, dates, offence, status and outcome stay as the tombstone.
 */
export async function recordRetentionReview(deps: AppDeps, actor: Actor, reference: string, raw: unknown): Promise<{ decision: 'retain' | 'erase'; reference: string; nextReviewOn?: string; erasedFields?: string[] }> {
  permit(actor, 'retention.review');
  const input = parseInput(retentionReviewInput, raw);
  if (input.decision === 'erase' && !can(actor.role, 'retention.erase')) throw new ForbiddenError('Your role may not erase records (retention.erase)');
  const now = nowIso(deps);
  const today = now.slice(0, 10);
  return deps.store.db.transaction().execute(async (trx) => {
    const occurrence = await loadVisibleOccurrence(trx, actor, reference);
    const { record, verdict, facts } = (await refreshRetention(trx, occurrence.id, now))!;
    if (!verdict.due) throw new PolicyViolationError([{ requirement: 'XC-03', message: `This record's MoPI review is not due until ${record.reviewDueOn}` }]);

    if (input.decision === 'retain') {
      const period = record.group === 1 ? defaultParameters.mopiGroup1ReviewYears : record.group === 2 ? defaultParameters.mopiGroup2ReviewYears : defaultParameters.mopiGroup3ClearPeriodYears;
      const latest = addMonths(today, 12 * period);
      if (input.nextReviewOn <= today) throw new ValidationError([{ field: 'nextReviewOn', message: 'The next review must be after today' }]);
      if (input.nextReviewOn > latest) throw new ValidationError([{ field: 'nextReviewOn', message: `The next review must be no later than ${latest} (the ${record.group === 3 ? 'clear period' : 'review period'} of MoPI Group ${record.group})` }]);
      await insertRetentionReview(trx, { id: randomUUID(), occurrence_id: occurrence.id, decision: 'retain', reason: input.reason, mopi_group: record.group, next_review_on: input.nextReviewOn, reviewed_by: actor.id, reviewed_at: now });
      await setNextReview(trx, occurrence.id, input.nextReviewOn, input.nextReviewOn > verdict.reviewOn ? input.nextReviewOn : verdict.reviewOn);
      await appendLog(trx, {
        actor,
        kind: 'change',
        subjectType: 'occurrence',
        subjectId: occurrence.id,
        occurrenceId: occurrence.id,
        action: 'retention.retained',
        at: now,
        changes: [
          { field: 'mopiGroup', before: null, after: record.group },
          { field: 'reviewDueOn', before: record.reviewDueOn, after: input.nextReviewOn },
        ],
        reason: input.reason,
        requirements: ['XC-03'],
      });
      return { decision: 'retain' as const, reference: occurrence.reference, nextReviewOn: input.nextReviewOn };
    }

    if (input.confirmReference !== occurrence.reference) throw new ValidationError([{ field: 'confirmReference', message: `Type the reference ${occurrence.reference} to confirm the erasure` }]);
    const refusals = verdict.erasure.refusals.map((message) => ({ requirement: 'XC-03', message }));
    if (facts.spoCases) refusals.push({ requirement: 'XC-03', message: 'This occurrence holds Stalking Protection Order records, which are not erased here' });
    if (refusals.length) throw new PolicyViolationError(refusals);

    await insertRetentionReview(trx, { id: randomUUID(), occurrence_id: occurrence.id, decision: 'erase', reason: input.reason, mopi_group: record.group, next_review_on: null, reviewed_by: actor.id, reviewed_at: now });
    const erasedFields = await eraseOccurrenceContent(trx, occurrence.id);
    let redactions;
    try {
      redactions = await redactOccurrenceLog(trx, occurrence.id, keepInLog);
    } catch (err) {
      if (err instanceof LogIntegrityError) throw new ConflictError(err.message);
      throw err;
    }
    if (!(await updateOccurrence(trx, occurrence.id, occurrence.version, { updated_at: now }))) {
      throw new ConflictError('This occurrence was changed by someone else since you opened it: reload it and try again');
    }
    await markErased(trx, occurrence.id, actor.id, now, input.reason);
    await appendLog(trx, {
      actor,
      kind: 'change',
      subjectType: 'occurrence',
      subjectId: occurrence.id,
      occurrenceId: occurrence.id,
      action: ERASURE_ACTION,
      at: now,
      changes: [
        { field: 'mopiGroup', before: null, after: record.group },
        ...erasedFields.map((field) => ({ field, before: null, after: REDACTED })),
        { field: REDACTIONS_FIELD, before: null, after: redactions },
      ],
      reason: input.reason,
      requirements: ['XC-03'],
    });
    return { decision: 'erase' as const, reference: occurrence.reference, erasedFields };
  });
}
