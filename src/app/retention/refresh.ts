import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import { decideRetention, type RetentionInput, type RetentionOutput } from '../../policy/retention';
import type { PolicyParameters } from '../../policy/parameters';
import { findRetention, occurrenceIdsAfter, retentionFacts, saveRetention, type RetentionFacts, type RetentionRecord } from '../../store/repositories/retention';
import { ConflictError } from '../errors';
import type { AppDeps } from '../context';

/** The retention decision's input from an occurrence's facts. The subject is the youngest suspect; any unknown date of birth makes it unknown. */
export function retentionInputOf(facts: RetentionFacts, asOf: string, nextReviewSetOn: string | null, parameters?: PolicyParameters): RetentionInput {
  const dobs = facts.suspectDatesOfBirth;
  const subjectDateOfBirth = dobs.length && dobs.every((d): d is string => !!d) ? [...dobs].sort().reverse()[0]! : null;
  const offence = (['s2', 's2A', 's4', 's4A'] as const).find((o) => o === facts.offence) ?? null;
  const riskGrade = (['standard', 'medium', 'high'] as const).find((g) => g === facts.riskGrade) ?? null;
  return {
    offence,
    stalkingProtectionOrder: facts.stalkingProtectionOrder,
    mappaSubject: facts.mappaSubject,
    potentiallyDangerousPerson: facts.potentiallyDangerousPerson,
    riskGrade,
    threatToLife: facts.threatToLife,
    finalisedOn: facts.finalisedAt,
    lastActivityOn: facts.lastActivityAt,
    subjectDateOfBirth,
    nextReviewSetOn,
    asOf,
    ...(parameters ? { parameters } : {}),
  };
}

/**
 * Recomputes an occurrence's MoPI group and review date (src/policy/retention.ts), in the
 * caller's transaction: every change to an occurrence calls it, so the date follows finalisation
 * and later activity. An erased occurrence is a tombstone: a change to it is refused.
 */
export async function refreshRetention(trx: Kysely<Database>, occurrenceId: string, now: string): Promise<{ record: RetentionRecord; verdict: RetentionOutput; facts: RetentionFacts } | undefined> {
  const existing = await findRetention(trx, occurrenceId);
  if (existing?.erasedAt) throw new ConflictError('This occurrence was erased under MoPI retention: it cannot be changed');
  const facts = await retentionFacts(trx, occurrenceId);
  if (!facts) return undefined;
  const verdict = decideRetention(retentionInputOf(facts, now, existing?.nextReviewSetOn ?? null));
  await saveRetention(trx, {
    occurrence_id: occurrenceId,
    mopi_group: verdict.group,
    because: JSON.stringify(verdict.because),
    review_from: verdict.reviewFrom,
    review_due_on: verdict.reviewOn,
    retain_until: verdict.retainUntil,
    next_review_set_on: existing?.nextReviewSetOn ?? null,
    computed_at: now,
  });
  const record = (await findRetention(trx, occurrenceId))!;
  return { record, verdict, facts };
}

/**
 * Computes the review date of every occurrence not yet erased (the backfill after migration 0008,
 * and after a force changes its MoPI parameters). Batches of `batch` occurrences, one
 * transaction each; safe to run again. Returns how many were computed.
 */
export async function refreshAllRetention(deps: AppDeps, batch = 500): Promise<number> {
  let after = '';
  let n = 0;
  const now = deps.clock().toISOString();
  for (;;) {
    const ids = await occurrenceIdsAfter(deps.store.db, after, batch);
    if (!ids.length) return n;
    await deps.store.db.transaction().execute(async (trx) => {
      for (const id of ids) {
        const existing = await findRetention(trx, id);
        if (existing?.erasedAt) continue;
        await refreshRetention(trx, id, now);
        n += 1;
      }
    });
    after = ids[ids.length - 1]!;
  }
}
