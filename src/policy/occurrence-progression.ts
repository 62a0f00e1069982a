/**
 * Occurrence status transitions and the guards on them (AO-02, SV-02, AO-08, TS-03, ID-01).
 *
 * Statuses move reported -> recorded -> triaged -> allocated -> under_investigation ->
 * finalised; a finalised occurrence may be reopened, and a reopened one goes back to triage,
 * allocation or investigation.
 *
 * Guards:
 * - AO-08: "If there is a threat to life, referring to the Threats to Life policy ... and
 *   notifying the duty inspector immediately": while a threat to life is marked and the duty
 *   inspector's notification is not recorded, the record does not move at all.
 * - AO-02: the DASH is completed "for every report" before the crime is triaged (and stays a
 *   condition of every later status).
 * - SV-02: "Ensuring the DASH risk assessment has been completed in all cases and endorsing the
 *   risk grading": endorsed before the crime is allocated.
 * - ID-01 / ID-02: the crime is classified (an offence chosen) before triage, so the allocation
 *   rules can run.
 * - TS-03: "stalking crimes are not filed until a proportionate investigation has been
 *   completed": for stalking, finalised needs the proportionate investigation complete. (The
 *   outcome-specific finalisation rules are the finalisation decision.)
 */
import { z } from 'zod';
import { defineDecision } from './registry.js';
import { citedRequirements, isStalking, offences, oneOf, requirementId, violationSchema, yesNo, type Violation } from './vocabulary.js';

export const occurrenceStatuses = ['reported', 'recorded', 'triaged', 'allocated', 'under_investigation', 'finalised', 'reopened'] as const;
export type OccurrenceStatus = (typeof occurrenceStatuses)[number];

export const allowedTransitions: Readonly<Record<OccurrenceStatus, readonly OccurrenceStatus[]>> = {
  reported: ['recorded'],
  recorded: ['triaged'],
  triaged: ['allocated'],
  allocated: ['under_investigation'],
  under_investigation: ['finalised'],
  finalised: ['reopened'],
  reopened: ['triaged', 'allocated', 'under_investigation'],
};

/** Statuses from triage on: the DASH must exist (AO-02) and the offence be chosen (ID-01). */
const needsDash: readonly OccurrenceStatus[] = ['triaged', 'allocated', 'under_investigation', 'finalised'];
/** Statuses from allocation on: the DASH grading must be endorsed (SV-02). */
const needsEndorsement: readonly OccurrenceStatus[] = ['allocated', 'under_investigation', 'finalised'];

export const occurrenceProgressionInput = z.strictObject({
  from: oneOf(occurrenceStatuses),
  to: oneOf(occurrenceStatuses),
  offence: oneOf(offences).nullable().optional().describe('The classified offence, or null if not yet classified.'),
  dashCompleted: yesNo(),
  dashEndorsed: yesNo().describe('A supervisor has endorsed the DASH risk grading.'),
  threatToLife: yesNo(),
  dutyInspectorNotified: yesNo().describe('The duty inspector’s notification is recorded.'),
  proportionateInvestigationComplete: yesNo(),
});
export type OccurrenceProgressionInput = z.infer<typeof occurrenceProgressionInput>;

export const occurrenceProgressionOutput = z.object({
  allowed: z.boolean(),
  violations: z.array(violationSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type OccurrenceProgressionOutput = z.infer<typeof occurrenceProgressionOutput>;

const words = (s: OccurrenceStatus) => s.replaceAll('_', ' ');

export function checkProgression(input: OccurrenceProgressionInput): OccurrenceProgressionOutput {
  const violations: Violation[] = [];
  const { from, to } = input;

  if (!allowedTransitions[from].includes(to)) {
    violations.push({
      requirement: 'TS-01',
      message: `An occurrence cannot move from ${words(from)} to ${words(to)}; from ${words(from)} it can move to ${allowedTransitions[from].map(words).join(' or ')}.`,
    });
  }
  if (input.threatToLife && !input.dutyInspectorNotified) {
    violations.push({
      requirement: 'AO-08',
      message: 'Threat to life: follow the Threats to Life policy and record that the duty inspector was notified immediately; the record cannot move on until that is recorded.',
    });
  }
  if (needsDash.includes(to) && !input.dashCompleted) {
    violations.push({
      requirement: 'AO-02',
      message: 'Complete the DASH risk assessment first: it is completed for every report, including non-DA stalking, from police records and the officer’s observations if the victim will not engage.',
    });
  }
  if (needsEndorsement.includes(to) && !input.dashEndorsed) {
    violations.push({ requirement: 'SV-02', message: 'A supervisor must endorse the DASH risk grading before the crime is allocated.' });
  }
  if (needsDash.includes(to) && (input.offence === undefined || input.offence === null)) {
    violations.push({ requirement: 'ID-01', message: 'Classify the report (stalking or harassment, and the offence) before it is triaged.' });
  }
  if (to === 'finalised' && isStalking(input.offence) && !input.proportionateInvestigationComplete) {
    violations.push({ requirement: 'TS-03', message: '"Stalking crimes are not filed until a proportionate investigation has been completed."' });
  }

  const allowed = violations.length === 0;
  return {
    allowed,
    violations,
    requirements: citedRequirements(['AO-08', 'AO-02', 'SV-02', 'TS-03'], violations),
    explanation: allowed
      ? `The occurrence may move from ${words(from)} to ${words(to)}.`
      : `The occurrence cannot move from ${words(from)} to ${words(to)}: ${violations.map((v) => `${v.requirement} ${v.message}`).join(' ')}`,
  };
}

export const occurrenceProgressionDecision = defineDecision<OccurrenceProgressionInput, OccurrenceProgressionOutput>({
  name: 'occurrenceProgression',
  summary: 'May the occurrence move to the proposed status: DASH completed and endorsed, threat to life notified, proportionate investigation before filing.',
  requirements: ['AO-02', 'SV-02', 'AO-08', 'TS-03', 'ID-01', 'TS-01'],
  input: occurrenceProgressionInput,
  output: occurrenceProgressionOutput,
  decide: checkProgression,
});
