/**
 * The policy's own words, shared by the decisions: offences, units, ranks, outcomes, and the
 * small Zod fields every decision uses. Nothing here decides anything.
 */
import { z } from 'zod';
import { isValidDateInput } from './calendar.js';

// ---------------------------------------------------------------------------------------------
// Offences under the Protection from Harassment Act 1997 (ID-02)
// ---------------------------------------------------------------------------------------------

/** s2 harassment; s4 fear of violence; s2A stalking; s4A stalking with fear of violence or serious alarm or distress. */
export const offences = ['s2', 's2A', 's4', 's4A'] as const;
export type Offence = (typeof offences)[number];

/** "Stalking (s2A or s4A)": the policy's allocation and finalisation rules apply to these. */
export const stalkingOffences = ['s2A', 's4A'] as const;
export type StalkingOffence = (typeof stalkingOffences)[number];

export function isStalking(offence: Offence | null | undefined): offence is StalkingOffence {
  return offence === 's2A' || offence === 's4A';
}

export const offenceNames: Readonly<Record<Offence, string>> = {
  s2: 'harassment (s2)',
  s2A: 'stalking (s2A)',
  s4: 'putting people in fear of violence (s4)',
  s4A: 'stalking involving fear of violence or serious alarm or distress (s4A)',
};

/**
 * BR-01: a breach of a Stalking Protection Order is a crime of its own ('Breach of Stalking
 * Order', Stalking Protection Act 2019 s8), recorded each time, never subsumed by the principal
 * crime (ID-03). It is not a Protection from Harassment Act offence, so it is not in `offences`:
 * a breach occurrence records this code as its offence, classification and principal crime (the
 * same code as in the principal crime table).
 */
export const spoBreachOffence = 'spo_breach' as const;
export type RecordedOffence = Offence | typeof spoBreachOffence;

export const recordedOffenceNames: Readonly<Record<RecordedOffence, string>> = {
  ...offenceNames,
  spo_breach: 'breach of a Stalking Protection Order',
};

/** The plain-English name of the offence recorded on an occurrence (null when none is). */
export function offenceName(code: string | null | undefined): string | null {
  if (!code) return null;
  return (recordedOffenceNames as Record<string, string>)[code] ?? code;
}

// ---------------------------------------------------------------------------------------------
// Units and reviewers (Allocation and Finalisation)
// ---------------------------------------------------------------------------------------------

/**
 * The units a stalking crime may be investigated by. Patrol and neighbourhood policing (NPT)
 * are deliberately absent: "may be investigated by non-specialist investigation teams (but
 * not by patrol/NPT officers)".
 */
export const units = ['DA_TEAM', 'ADULT_SAFEGUARDING', 'CID', 'INVESTIGATION_TEAM'] as const;
export type Unit = (typeof units)[number];

/** "specialist crime units (i.e. DAT, Adult Safeguarding or CID)" */
export const specialistUnits: readonly Unit[] = ['DA_TEAM', 'ADULT_SAFEGUARDING', 'CID'];

export const unitNames: Readonly<Record<Unit, string>> = {
  DA_TEAM: 'DA team',
  ADULT_SAFEGUARDING: 'Adult Safeguarding',
  CID: 'CID',
  INVESTIGATION_TEAM: 'non-specialist investigation team',
};

export const reviewers = ['DA_DS', 'CID_DS'] as const;
export type Reviewer = (typeof reviewers)[number];
export const reviewerNames: Readonly<Record<Reviewer, string>> = {
  DA_DS: 'a detective sergeant from the DA team, or equivalent',
  CID_DS: 'a detective sergeant from CID',
};

export const relationships = [
  'intimate_partner',
  'ex_intimate_partner',
  'family_member',
  'acquaintance',
  'stranger',
  'other',
  'other_personally_connected',
] as const;
export type Relationship = (typeof relationships)[number];

export const relationshipNames: Readonly<Record<Relationship, string>> = {
  intimate_partner: 'intimate partner',
  ex_intimate_partner: 'ex-intimate partner',
  family_member: 'family member',
  acquaintance: 'acquaintance',
  stranger: 'stranger',
  other: 'other',
  other_personally_connected: 'other personally connected, e.g. parents of the same child who were never partners',
};

/**
 * Personally connected (Domestic Abuse Act 2021 s2): intimate partners and ex-partners, relatives
 * (family members), and others personally connected, such as two people who each are, or have
 * been, a parent of the same child though never partners ('other_personally_connected'). AL-03:
 * "coercive and controlling behaviour between other personally connected persons will only be
 * investigated by DA teams or equivalent".
 */
export const personallyConnectedRelationships: readonly Relationship[] = ['intimate_partner', 'ex_intimate_partner', 'family_member', 'other_personally_connected'];

export function isPersonallyConnected(relationship: Relationship): boolean {
  return personallyConnectedRelationships.includes(relationship);
}

/**
 * Domestic abuse (DA): the suspect is personally connected to the victim: an intimate partner,
 * ex-intimate partner, family member, or otherwise personally connected (e.g. a co-parent who
 * was never a partner). Abuse between personally connected persons is domestic abuse (Domestic
 * Abuse Act 2021 s1), so such stalking is reviewed by the DA team's DS (AL-01).
 */
export function isDomestic(relationship: Relationship): boolean {
  return isPersonallyConnected(relationship);
}

// ---------------------------------------------------------------------------------------------
// Ranks
// ---------------------------------------------------------------------------------------------

export const ranks = ['PC', 'DC', 'PS', 'DS', 'INSP', 'DI', 'SUPT', 'STAFF'] as const;
export type Rank = (typeof ranks)[number];

// ---------------------------------------------------------------------------------------------
// Risk
// ---------------------------------------------------------------------------------------------

export const riskGrades = ['standard', 'medium', 'high'] as const;
export type RiskGrade = (typeof riskGrades)[number];
export function riskGradeOrder(grade: RiskGrade): number {
  return riskGrades.indexOf(grade);
}

// ---------------------------------------------------------------------------------------------
// Zod fields shared by decisions
// ---------------------------------------------------------------------------------------------

/** A yes/no answer. Messages do not repeat the field name: runDecision reports the field. */
export function yesNo() {
  return z.boolean({ error: `Answer true or false` });
}

/** A whole number of zero or more. */
export function count() {
  return z
    .number({ error: `Give a whole number` })
    .int({ error: `Give a whole number` })
    .min(0, { error: `Cannot be negative` })
    .max(100_000, { error: `Too large` });
}

/** Free text such as a rationale: may be empty (the decision says whether that is enough). */
export function freeText() {
  return z.string({ error: `Give text (it may be empty)` }).max(20_000, { error: `Too long` });
}

/** One of a fixed list, with the list in the message. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `Must be one of ${values.join(', ')}` });
}

/**
 * A date ('YYYY-MM-DD') or an ISO 8601 date-time ('2026-04-03T09:30:00Z'). A date-time
 * without an offset is read as UTC. Impossible dates (2026-02-30) are refused.
 */
export function dateOrDateTime() {
  return z
    .string({ error: `Give a date (YYYY-MM-DD) or an ISO date-time` })
    .max(40, { error: 'A date or date-time is 40 characters or fewer' })
    .refine(isValidDateInput, {
      error: `Must be a real date (YYYY-MM-DD) or ISO date-time (e.g. 2026-04-03T09:30:00Z), years 1900 to 2199`,
    });
}

/** A requirement ID cited by an output, e.g. "AL-07". */
export const requirementId = z.string().regex(/^[A-Z]{2}-\d{2}$/);

export const violationSchema = z.object({ requirement: requirementId, message: z.string() });
export type Violation = z.infer<typeof violationSchema>;

export const promptSchema = z.object({ requirement: requirementId, message: z.string() });
export type Prompt = z.infer<typeof promptSchema>;

/** The unique requirement IDs of a list of violations or prompts, in first-seen order, after the given base IDs. */
export function citedRequirements(base: readonly string[], ...items: readonly { requirement: string }[][]): string[] {
  const ids = new Set<string>(base);
  for (const list of items) for (const item of list) ids.add(item.requirement);
  return [...ids];
}
