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

// ---- corrections (TS-01, TS-02, AL-01 to AL-05, CS-03, XC-03) -------------------------------

/**
 * Corrections are transitions too: each is made with a reason (XC-03: the log says who, what and
 * why) and only from the statuses where it makes sense; the status it leads to is guarded as any
 * other move to that status (AO-08, AO-02, SV-02, ID-01).
 *
 * - retriage (TS-01, TS-02, AL-01 to AL-05): the allocation decision runs again on corrected facts.
 *   From triaged, allocated or under investigation. When the unit changes and an officer in charge
 *   of the old unit was allocated, the crime goes back to triaged, to be allocated in its new unit
 *   (AL-02: only an officer of the allocated unit investigates); otherwise its status stays.
 * - reallocate (SV-01, AL-02, AL-05): another officer in charge, of the same unit, never patrol or
 *   neighbourhood. From allocated or under investigation; the status stays.
 * - reopen (TS-01): a finalised crime is reopened (finalised -> reopened, as the progression
 *   allows); the old outcome stays in the log. From reopened it is triaged, allocated or investigated again.
 * - removeParty (CS-03, ID-05): a person added in error leaves the case (the record and the log keep
 *   them). Any status but finalised: a finalised crime is reopened first.
 */
export const corrections = ['retriage', 'reallocate', 'reopen', 'removeParty'] as const;
export type Correction = (typeof corrections)[number];

export const correctableFrom: Readonly<Record<Correction, readonly OccurrenceStatus[]>> = {
  retriage: ['triaged', 'allocated', 'under_investigation'],
  reallocate: ['allocated', 'under_investigation'],
  reopen: ['finalised'],
  removeParty: ['reported', 'recorded', 'triaged', 'allocated', 'under_investigation', 'reopened'],
};

const correctionRequirements: Readonly<Record<Correction, readonly string[]>> = {
  retriage: ['TS-01', 'TS-02', 'AL-01', 'AL-02', 'AL-03', 'AL-04', 'AL-05', 'XC-03'],
  reallocate: ['SV-01', 'AL-02', 'AL-05', 'XC-03'],
  reopen: ['TS-01', 'XC-03'],
  removeParty: ['CS-03', 'ID-05', 'XC-03'],
};

const correctionNames: Readonly<Record<Correction, string>> = {
  retriage: 're-triaged',
  reallocate: 'reallocated',
  reopen: 'reopened',
  removeParty: 'corrected by removing a person added in error',
};

const whenCorrectable: Readonly<Record<Correction, string>> = {
  retriage: 'a crime is re-triaged once it has been triaged and until it is finalised (a recorded or reopened crime is triaged in the usual way)',
  reallocate: 'a crime is reallocated once it has an officer in charge and until it is finalised (a triaged crime is allocated in the usual way)',
  reopen: 'only a finalised crime is reopened',
  removeParty: 'reopen a finalised crime before removing a person added in error',
};

/** Where a correction leaves the status (pure: the facts are given). */
export function correctionTarget(correction: Correction, from: OccurrenceStatus, facts: { unitChanged?: boolean; hasOfficerInCharge?: boolean } = {}): OccurrenceStatus {
  if (correction === 'reopen') return 'reopened';
  if (correction === 'retriage' && facts.unitChanged && (facts.hasOfficerInCharge || from === 'allocated' || from === 'under_investigation')) return 'triaged';
  return from;
}

export type CorrectionInput = Omit<OccurrenceProgressionInput, 'to'> & {
  correction: Correction;
  /** Re-triage: the allocation decision (or the DS's recorded override) gives another unit. */
  unitChanged?: boolean;
  hasOfficerInCharge?: boolean;
};

export interface CorrectionOutput extends OccurrenceProgressionOutput {
  to: OccurrenceStatus;
}

/**
 * May this correction be made now, and to which status? The correction's own status rule (TS-01)
 * and, when the status moves, every guard of the status it moves to.
 */
export function checkCorrection(input: CorrectionInput): CorrectionOutput {
  const { correction, from } = input;
  const to = correctionTarget(correction, from, input);
  const violations: Violation[] = [];
  if (!correctableFrom[correction].includes(from)) {
    violations.push({ requirement: 'TS-01', message: `This crime is ${words(from)}: ${whenCorrectable[correction]}.` });
  } else {
    // The move itself is the correction's (checked above); the guards of the status it leads to (or
    // stays at) still apply: a case with a threat to life not yet notified (AO-08) is not re-triaged
    // or reallocated either.
    const guards = checkProgression({
      from,
      to,
      offence: input.offence,
      dashCompleted: input.dashCompleted,
      dashEndorsed: input.dashEndorsed,
      threatToLife: input.threatToLife,
      dutyInspectorNotified: input.dutyInspectorNotified,
      proportionateInvestigationComplete: input.proportionateInvestigationComplete,
    });
    violations.push(...guards.violations.filter((v) => v.requirement !== 'TS-01'));
  }
  const allowed = violations.length === 0;
  return {
    allowed,
    to,
    violations,
    requirements: [...new Set([...correctionRequirements[correction], ...violations.map((v) => v.requirement)])],
    explanation: allowed
      ? `The crime may be ${correctionNames[correction]}${to !== from ? `: it moves from ${words(from)} to ${words(to)}` : ''}.`
      : `The crime cannot be ${correctionNames[correction]}: ${violations.map((v) => `${v.requirement} ${v.message}`).join(' ')}`,
  };
}
