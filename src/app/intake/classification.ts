import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { classificationInput, classify, type ClassificationOutput } from '../../policy/classification';
import { choosePrincipalCrime, crimeCodes } from '../../policy/principal-crime';
import { offences, relationships } from '../../policy/vocabulary';
import { reviewerFor } from '../investigation/triage';
import { insertClassification } from '../../store/repositories/intake';
import { progressionViolations } from './progression';
import { completeTaskRow, openTaskOf } from '../../store/repositories/tasks';
import { PolicyViolationError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from './occurrence-change';

export const classifyOccurrenceInput = z
  .object({
    answers: classificationInput,
    /** The offence the officer records: the proposal, or a different one with a reason. */
    offence: z.enum(offences, { message: 'Select the offence to record' }).nullable(),
    differenceReason: z.string().trim().max(2000, 'Must be 2,000 characters or fewer').optional(),
    otherOffences: z.array(z.enum(crimeCodes, { message: 'Unknown offence' })).max(20).default([]),
    /** ID-03: the value of any criminal damage, in pounds: not over £5,000 it is summary-only (optional). */
    damageValuePounds: z.number({ message: 'Give the value in pounds, e.g. 250' }).min(0, 'Cannot be negative').max(1_000_000_000, 'Too large').optional(),
    /** Decides who reviews the crime (AL-01): a DA-team DS for domestic stalking, a CID DS otherwise. */
    relationship: z.enum(relationships, { message: 'Select the suspect’s relationship to the victim' }).optional(),
  })
  .strict();

/**
 * ID-01 to ID-04: the FOUR answers and the fear/alarm questions go to the classification
 * decision, which proposes stalking or harassment and the offence. The officer confirms it or
 * records why they differ. Other offences disclosed are listed and the principal crime chosen
 * (ID-03).
 */
export async function classifyOccurrence(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown): Promise<{ proposal: ClassificationOutput; principalCrime: string | null }> {
  permit(actor, 'occurrence.update');
  const input = parseInput(classifyOccurrenceInput, raw);
  const proposal = classify(input.answers);
  const differs = input.offence !== proposal.offence;
  if (differs && !input.differenceReason) {
    throw new ValidationError([{ field: 'differenceReason', message: `The policy proposes ${proposal.offence ?? 'no offence'}: record why you differ (${proposal.requirements.join(', ')})` }]);
  }
  const offence = input.offence;
  const principal = offence || input.otherOffences.length ? choosePrincipalCrime({ offences: [...(offence ? [offence] : []), ...input.otherOffences], ...(input.damageValuePounds !== undefined ? { damageValuePounds: input.damageValuePounds } : {}) }) : null;
  const classificationOf = (o: string | null) => (o === 's2A' || o === 's4A' ? 'stalking' : o === 's2' || o === 's4' ? 'harassment' : 'none');
  await changeOccurrence(deps, actor, occurrenceRef, {
    action: 'occurrence.classified',
    requirements: [...proposal.requirements, ...(principal ? principal.requirements : [])].filter((v, i, a) => a.indexOf(v) === i),
    reason: differs ? `Differs from the proposal (${proposal.offence ?? 'none'}): ${input.differenceReason}` : proposal.explanation,
    run: async ({ trx, occurrence, now, logged }) => {
      await insertClassification(trx, {
        id: randomUUID(),
        occurrence_id: occurrence.id,
        answers: JSON.stringify(input.answers),
        proposed_classification: proposal.classification,
        proposed_offence: proposal.offence,
        confirmed_offence: offence,
        difference_reason: differs ? (input.differenceReason ?? null) : null,
        other_offences: JSON.stringify(input.otherOffences),
        principal_crime: principal?.principal ?? null,
        assessed_by: actor.id,
        assessed_at: now,
      });
      logged.push({ field: 'fourElementsPresent', before: null, after: proposal.fourElementsPresent.join(', ') || 'none' });
      if (input.otherOffences.length) logged.push({ field: 'otherOffences', before: null, after: input.otherOffences.join(', ') });
      if (input.damageValuePounds !== undefined) logged.push({ field: 'damageValuePounds', before: null, after: String(input.damageValuePounds) });
      return {
        changes: {
          classification: classificationOf(offence),
          offence,
          principal_crime: principal?.principal ?? null,
          ...(input.relationship ? { relationship: input.relationship } : {}),
          // A recorded crime not yet triaged waits for the reviewer its relationship names (AL-01): one
          // recorded or corrected after the crime was recorded moves it to that DS's queue.
          ...(input.relationship && occurrence.status === 'recorded' ? { reviewer: reviewerFor(input.relationship) } : {}),
        },
        result: undefined,
      };
    },
  });
  return { proposal, principalCrime: principal?.principal ?? null };
}

/**
 * ID-07, CS-07: records the crime (status reported -> recorded) once it is classified. The
 * occurrence progression guard runs first: a threat to life blocks it until the duty
 * inspector's notification is recorded (AO-08). Completes the recording-decision task.
 */
export async function recordCrime(deps: AppDeps, actor: Actor, occurrenceRef: string) {
  permit(actor, 'crime.record');
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'crime.recorded',
    requirements: ['ID-07', 'CS-07'],
    run: async ({ trx, occurrence, now }) => {
      if (!occurrence.offence) throw new PolicyViolationError([{ requirement: 'ID-01', message: 'Classify the report (stalking or harassment, and the offence) before recording the crime' }]);
      const violations = await progressionViolations(trx, occurrence, 'recorded');
      if (violations.length) throw new PolicyViolationError(violations);
      const task = await openTaskOf(trx, occurrence.id, 'recording_decision');
      const late = task ? task.dueAt < now : false;
      // The recorded crime goes to its reviewer's triage queue (AL-01).
      return { changes: { status: 'recorded', crime_recorded_at: now, reviewer: reviewerFor(occurrence.relationship) }, result: { late } };
    },
  });
}
