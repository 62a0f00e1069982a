import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Actor } from '../../domain/actor';
import type { Database } from '../../store/schema';
import { appendLog, type FieldChange } from '../../store/repositories/log';
import { findOccurrenceById, findOccurrenceByReference, lockOccurrenceForChange, updateOccurrence, type OccurrenceChanges, type OccurrenceRecord } from '../../store/repositories/occurrences';
import { insertTask } from '../../store/repositories/tasks';
import { referencePattern } from '../../domain/occurrence';
import { ConflictError, NotFoundError } from '../errors';
import { nowIso, type AppDeps } from '../context';
import { canSeeOccurrence } from './occurrence-queries';
import { refreshRetention } from '../retention/refresh';
import { derivedActions, reconcileObligations } from '../obligations/reconcile';
import { casesDependingOn } from '../../store/repositories/obligation-facts';

/** The occurrence, if this user may see it; otherwise "not found" (never a hint that it exists). */
export async function loadVisibleOccurrence(db: Kysely<Database>, actor: Actor, idOrReference: string): Promise<OccurrenceRecord> {
  const occurrence = referencePattern.test(idOrReference) ? await findOccurrenceByReference(db, idOrReference) : await findOccurrenceById(db, idOrReference);
  if (!occurrence || !canSeeOccurrence(actor, occurrence)) throw new NotFoundError('No occurrence with that reference');
  return occurrence;
}

export interface ChangeContext {
  trx: Kysely<Database>;
  occurrence: OccurrenceRecord;
  now: string;
  /** Extra lines for the log entry (child records: a person added, an incident recorded). */
  logged: FieldChange[];
  /**
   * Creates a task carrying the requirement that made it, for work that is not (yet) a derived
   * obligation; obligations (policy/obligations.ts) are never written here: they follow from the facts.
   */
  task(spec: { action: string; title: string; requirement: string; dueAt: string; assigneeRole?: string | null; assigneeUserId?: string | null }): Promise<string>;
}

const occurrenceFieldNames: Record<string, string> = {
  first_account: 'firstAccount',
  call_grade: 'callGrade',
  classification: 'classification',
  offence: 'offence',
  principal_crime: 'principalCrime',
  crime_recorded_at: 'crimeRecordedAt',
  cyber_flag: 'cyberFlag',
  threat_to_life: 'threatToLife',
  duty_inspector_notified_at: 'dutyInspectorNotifiedAt',
  workforce_involved: 'workforceInvolved',
  restricted: 'restricted',
  attending_officer_id: 'attendingOfficerId',
  evidence_advice_given: 'evidenceAdviceGiven',
  attendance_message: 'attendanceMessage',
  victim_supports_prosecution: 'victimSupportsProsecution',
  status: 'status',
};

/**
 * One change to an occurrence, the way every use case makes it: in one transaction, re-read the
 * record, run the change, update the occurrence if it is still at the version read (else a
 * conflict and nothing written), and write one occurrence log entry naming the requirements.
 */
export async function changeOccurrence<T>(
  deps: AppDeps,
  actor: Actor,
  idOrReference: string,
  spec: {
    action: string;
    requirements: string[];
    reason?: string | null;
    expectedVersion?: number;
    run: (ctx: ChangeContext) => Promise<{ changes?: OccurrenceChanges; result: T }>;
    /** Runs last, inside the transaction, after the update and the log entry (e.g. the API's Idempotency-Key record). */
    inTransaction?: (trx: Kysely<Database>, result: T) => Promise<void>;
  },
): Promise<T> {
  const now = nowIso(deps);
  return deps.store.db.transaction().execute(async (trx) => {
    let occurrence = await loadVisibleOccurrence(trx, actor, idOrReference);
    if (await lockOccurrenceForChange(trx, occurrence.id)) occurrence = (await findOccurrenceById(trx, occurrence.id)) ?? occurrence;
    if (spec.expectedVersion !== undefined && spec.expectedVersion !== occurrence.version) {
      throw new ConflictError('This occurrence was changed by someone else since you opened it: reload it and try again');
    }
    const logged: FieldChange[] = [];
    const ctx: ChangeContext = {
      trx,
      occurrence,
      now,
      logged,
      async task(t) {
        if (derivedActions.has(t.action)) throw new Error(`"${t.action}" is an obligation derived from the policy: it is never written by hand`);
        const id = randomUUID();
        await insertTask(trx, {
          id,
          occurrence_id: occurrence.id,
          action: t.action,
          title: t.title,
          requirement: t.requirement,
          assignee_role: t.assigneeRole ?? null,
          assignee_user_id: t.assigneeUserId ?? null,
          district: occurrence.district,
          due_at: t.dueAt,
          status: 'open',
          created_at: now,
          completed_at: null,
          completed_by: null,
          outcome_note: null,
        });
        logged.push({ field: 'task', before: null, after: `${t.title} (due ${t.dueAt}, ${t.requirement})` });
        return id;
      },
    };
    const { changes, result } = await spec.run(ctx);
    if (changes && Object.keys(changes).length) {
      const ok = await updateOccurrence(trx, occurrence.id, occurrence.version, { ...changes, updated_at: now });
      if (!ok) throw new ConflictError('This occurrence was changed by someone else since you opened it: reload it and try again');
      const before = occurrence as unknown as Record<string, unknown>;
      for (const [column, after] of Object.entries(changes)) {
        const field = occurrenceFieldNames[column] ?? column;
        let prior = before[field];
        if (typeof prior === 'boolean') prior = prior ? 1 : 0;
        if (prior !== after) logged.unshift({ field, before: prior ?? null, after: after ?? null });
      }
    }
    // The case's tasks follow its obligations as they stand after this change (one transaction).
    logged.push(...(await reconcileObligations(trx, { occurrenceId: occurrence.id, district: occurrence.district, now, actorId: actor.id, cause: spec.action })));
    await appendLog(trx, {
      actor,
      kind: 'change',
      subjectType: 'occurrence',
      subjectId: occurrence.id,
      occurrenceId: occurrence.id,
      action: spec.action,
      at: now,
      changes: logged,
      reason: spec.reason ?? null,
      requirements: spec.requirements,
    });
    // A breach crime's urgent arrest and reassessment follow its order's case (its officer in charge, a DASH there): they move with it.
    for (const dependent of await casesDependingOn(trx, occurrence.id)) {
      const lines = await reconcileObligations(trx, { occurrenceId: dependent.id, district: dependent.district, now, actorId: actor.id, cause: spec.action });
      if (lines.length) {
        await appendLog(trx, { actor, kind: 'change', subjectType: 'occurrence', subjectId: dependent.id, occurrenceId: dependent.id, action: 'obligations.followed', at: now, changes: lines, reason: `Followed a change on the order’s case ${occurrence.reference}`, requirements: ['BR-02', 'BR-03'] });
      }
    }
    // MoPI retention: the review date follows finalisation and later activity; an erased record is refused.
    await refreshRetention(trx, occurrence.id, now);
    await spec.inTransaction?.(trx, result);
    return result;
  });
}
