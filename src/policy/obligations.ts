/**
 * Obligations: what the policy requires next on a case, derived from the case's facts.
 *
 * Nothing here is written by hand in a use case. After every change to a case the app gives
 * this decision the case's facts and the time, and keeps the case's tasks equal to what comes
 * back: a new obligation opens a task, an obligation that the change fulfilled closes its task,
 * a due time that moved, moves. Each obligation names its requirement ID, what must be done, by
 * whom (a person where the policy names one: the recording officer, the officer in charge, the
 * triaging detective sergeant; a team otherwise), when it opened and when it is due.
 *
 * Where the policy says "immediately" or "same day", the window is a force-configured parameter
 * (parameters.ts), never "due at the moment it is created".
 *
 * Some obligations are met by the act itself being recorded (the crime recorded, an officer
 * allocated, the victim contacted); those cannot be closed by hand. Others are met only by the
 * officer saying so ("liaised with the SCU", "safety plan reviewed"): they close by hand with a
 * note. A few may be closed by hand as not applicable, with a reason (`byHand`).
 */
import { z } from 'zod';
import { addCalendarDays, addHours, addMonths, addWorkingDays, bankHolidayCoverage, englandAndWalesBankHolidays, isWithinBankHolidayCoverage, type Holidays } from './calendar.js';
import { parametersField, parametersOrDefault, type PolicyParameters } from './parameters.js';
import { defineDecision } from './registry.js';
import { requirementId } from './vocabulary.js';
import { deriveSpoObligations, spoObligationCatalogue, spoOrderFactsSchema } from './spo-obligations.js';

const instant = z.iso.datetime({ offset: true, message: 'Enter a date and time in ISO 8601 format, e.g. 2026-03-02T14:05:00Z' });
const optionalInstant = instant.nullable().default(null);
const flag = z.boolean({ error: 'Answer true or false' });
/** An id, a name of a kind or a district: short text. */
const name = z.string().min(1, { error: 'Must not be empty' }).max(200, { error: 'Must be 200 characters or fewer' });
const text = z.string().max(2000, { error: 'Must be 2,000 characters or fewer' });
const riskGrade = z.enum(['standard', 'medium', 'high'], { error: 'Must be standard, medium or high' });

/** The facts of one case that obligations follow from. The app reads them from the record. */
export const caseFactsSchema = z.strictObject({
  occurrence: z.strictObject({
    receivedAt: instant.describe('When the report was received'),
    callGrade: z.enum(['emergency', 'priority', 'scheduled', 'resolve_without_deployment'], { error: 'Unknown call grade' }),
    district: name,
    status: z.enum(['reported', 'recorded', 'triaged', 'allocated', 'under_investigation', 'finalised', 'reopened'], { error: 'Unknown status' }),
    recordedBy: name.describe('Who recorded the report (ID-07: they make the crime recording decision)'),
    crimeRecordedAt: optionalInstant,
    attendingOfficerId: name.nullable().default(null),
    attendanceAssignedAt: optionalInstant,
    threatToLifeMarkedAt: optionalInstant,
    dutyInspectorNotifiedAt: optionalInstant,
    triagedAt: optionalInstant,
    triagedBy: name.nullable().default(null),
    officerInChargeId: name.nullable().default(null),
    allocatedAt: optionalInstant,
    victimContactPlanAgreedAt: optionalInstant,
    victimContactEveryDays: z.number().int().min(1).max(365).nullable().default(null),
    finalisedAt: optionalInstant,
    /** The outcome closed the case without a charge, so the victim (and support services) must be told (IO-04, IO-13). */
    finalisedWithoutProceeding: flag.default(false),
  }),
  stalking: flag.default(true).describe('Stalking (s2A/s4A) or not yet known: the Victims’ Code enhanced service applies (XC-01)'),
  riskAssessments: z
    .array(
      z.strictObject({
        id: name,
        sequence: z.number().int().min(1),
        assessedAt: instant,
        grade: riskGrade.describe('The officer’s grade'),
        endorsedAt: optionalInstant,
        endorsedGrade: riskGrade.nullable().default(null),
        maracRoutes: z.array(name).max(10).default([]),
        specialistSupportReferral: flag.default(false),
      }),
    )
    .default([]),
  referrals: z.array(z.strictObject({ kind: name, status: name, updatedAt: instant })).default([]),
  suspectEvents: z
    .array(
      z.strictObject({
        id: name,
        action: name.describe('What was done with the suspect, e.g. arrest, charge, bail_s37_2'),
        at: instant,
        recordedBy: name.describe('Who recorded it: they owe the victim the update while no officer in charge is allocated'),
      }),
    )
    .default([]),
  victimContacts: z.array(z.strictObject({ id: name, at: instant, contacted: flag })).default([]),
  victimRecontacts: z.array(z.strictObject({ id: name, due: instant, recordedAt: instant, recordedBy: name })).default([]),
  videoInterviews: z.array(z.strictObject({ id: name, witness: text, officerId: name, assignedAt: instant })).default([]),
  caseReviewActions: z.array(z.strictObject({ id: name, text: text, due: instant, recordedAt: instant })).default([]),
  /** Stalking Protection Orders on the case, from referral to discharge, and their breaches (spo-obligations.ts). */
  orders: z.array(spoOrderFactsSchema).default([]),
  /** Requirement IDs of the investigation plan's lines marked done (IO-02 safety plan reviewed, TS-05 SCU liaised with): the same work, recorded there. */
  planLinesDone: z.array(z.enum(['IO-02', 'TS-05'], { error: 'Must be IO-02 or TS-05' })).max(2).default([]),
  /** Obligations closed by hand (done, or not applicable with a reason), by key. */
  closedByHand: z.array(z.strictObject({ key: name, at: instant })).default([]),
});
export type CaseFacts = z.output<typeof caseFactsSchema>;

/** Who owes an obligation: a named person, or a role (in a district, or force-wide). */
export const ownerSchema = z.union([
  z.strictObject({ userId: z.string() }),
  z.strictObject({ role: z.string(), district: z.string().nullable() }),
]);
export type Owner = z.infer<typeof ownerSchema>;

export const obligationSchema = z.object({
  /** Stable within the case: the same obligation keeps its key from one change to the next. */
  key: z.string(),
  requirement: requirementId,
  /** snake_case, e.g. "recording_decision". */
  action: z.string(),
  title: z.string(),
  owner: ownerSchema,
  opensAt: z.string(),
  dueAt: z.string(),
  /** How it may be closed by hand: 'done' when the officer says so, 'not_applicable' only with a reason, 'never' when only the act itself closes it. */
  byHand: z.enum(['done', 'not_applicable', 'never']),
  /** What fulfils it, in words, for the task list and for a refused "mark done". */
  fulfilledBy: z.string(),
  overdue: z.boolean(),
  explanation: z.string(),
});
export type Obligation = z.infer<typeof obligationSchema>;

export const obligationsInput = z.strictObject({
  facts: caseFactsSchema,
  at: instant.describe('The time to judge what is overdue'),
  bankHolidays: z.array(z.iso.date({ error: 'Each must be a date YYYY-MM-DD' })).max(2000).optional(),
  parameters: parametersField,
}).superRefine((v, ctx) => {
  // Times that working days or bank holidays are counted from: England and Wales bank holidays are known for 1980 to 2200 only.
  if (v.bankHolidays) return;
  const f = v.facts;
  const times: [string | null | undefined, PropertyKey[]][] = [
    [f.occurrence.finalisedAt, ['facts', 'occurrence', 'finalisedAt']],
    ...(f.suspectEvents ?? []).map((e, i): [string, PropertyKey[]] => [e.at, ['facts', 'suspectEvents', i, 'at']]),
    ...(f.orders ?? []).flatMap((o, i): [string | null | undefined, PropertyKey[]][] =>
      o.kind === 'breach'
        ? [[o.recordedAt, ['facts', 'orders', i, 'recordedAt']]]
        : [...(o.grants ?? []).map((g, j): [string, PropertyKey[]] => [g.at, ['facts', 'orders', i, 'grants', j, 'at']]), [o.discharge?.decidedAt, ['facts', 'orders', i, 'discharge', 'decidedAt']]],
    ),
  ];
  for (const [at, path] of times) {
    if (at && !isWithinBankHolidayCoverage(at)) {
      ctx.addIssue({ code: 'custom', path, message: `England and Wales bank holidays are known for ${bankHolidayCoverage.from} to ${bankHolidayCoverage.to} only: give a time in those years, or the bank holidays to use (bankHolidays)` });
    }
  }
});
export type ObligationsInput = z.input<typeof obligationsInput>;

export const obligationsOutput = z.object({
  obligations: z.array(obligationSchema),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type ObligationsOutput = z.infer<typeof obligationsOutput>;

/** Every obligation this decision can derive: its requirement, who owns it, its due rule. */
export const obligationCatalogue = [
  { action: 'recording_decision', requirement: 'ID-07', owner: 'the officer who recorded the report', due: 'recordingDecisionHours (24) after the report was received' },
  { action: 'assign_attending_officer', requirement: 'CS-01 / CS-05', owner: 'call handlers of the district', due: 'the call grade’s deployment window after the report was received (emergencyDeploymentMinutes, priorityDeploymentMinutes, scheduledDeploymentHours)' },
  { action: 'attend', requirement: 'AO-01', owner: 'the attending officer', due: 'emergency: emergencyDeploymentMinutes after assignment; otherwise attendWithinHours (24)' },
  { action: 'notify_duty_inspector', requirement: 'AO-08', owner: 'duty inspectors', due: 'dutyInspectorNotificationMinutes (60) after the threat to life was marked' },
  { action: 'endorse_risk', requirement: 'SV-02', owner: 'supervisors of the district', due: 'riskEndorsementHours (24) after each DASH' },
  { action: 'scu_liaison', requirement: 'TS-05', owner: 'the triaging detective sergeant, or detective sergeants of the district before triage', due: 'scuLiaisonHours (24) after the risk was graded high' },
  { action: 'marac_referral', requirement: 'TS-05', owner: 'supervisors of the district', due: 'riskEndorsementHours (24) after the DASH that met a MARAC route' },
  { action: 'specialist_support_referral', requirement: 'SC-05', owner: 'the officer in charge, or supervisors of the district before allocation', due: 'riskEndorsementHours (24) after the DASH' },
  { action: 'allocate', requirement: 'SV-01', owner: 'the detective sergeant who triaged it', due: 'allocationHours (24) after triage' },
  { action: 'review_dash_safety_plan', requirement: 'IO-02', owner: 'the officer in charge', due: 'safetyPlanReviewHours (24) after allocation' },
  { action: 'agree_victim_contact_plan', requirement: 'XC-01', owner: 'the officer in charge', due: 'contactPlanDays (2) after allocation' },
  { action: 'supervisor_review', requirement: 'SV-03', owner: 'supervisors of the district', due: 'supervisorReviewDays (14) after allocation' },
  { action: 'scheduled_victim_contact', requirement: 'SV-03', owner: 'the officer in charge', due: 'the agreed number of days after the last contact (or the plan)' },
  { action: 'inform_victim', requirement: 'IO-04', owner: 'the officer in charge', due: 'Victims’ Code working days after the suspect event or decision not to proceed (1 enhanced, 5 standard), England and Wales bank holidays excluded' },
  { action: 'bail_expiry', requirement: 'IO-10', owner: 'the officer in charge', due: 'preChargeBailInitialMonths (3) after bail, unless charged or released' },
  { action: 'update_support_services', requirement: 'IO-13', owner: 'the officer in charge', due: 'supportServicesUpdateDays (2) after finalisation without proceeding' },
  { action: 'victim_recontact', requirement: 'IO-12', owner: 'the officer in charge', due: 'the re-contact date agreed at withdrawal' },
  { action: 'video_recorded_interview', requirement: 'XC-02', owner: 'the officer assigned', due: 'videoInterviewDays (3) after assignment' },
  { action: 'case_review_action', requirement: 'SC-03', owner: 'the officer in charge', due: 'the date the SCU reviewer set (default caseReviewActionDays, 7)' },
  ...spoObligationCatalogue,
] as readonly { action: string; requirement: string; owner: string; due: string }[];

/** The routes to MARAC in words, for the task's title (the DASH result stores them as names). */
const maracRouteWords: Readonly<Record<string, string>> = {
  yes_count: 'the number of “yes” answers',
  professional_judgement: 'the officer’s professional judgement',
  escalation: 'escalation',
  repeat: 'a repeat referral',
  high_risk: 'a high risk grade',
};

const bailActions = new Set(['bail_s37_2', 'bail_s37_7']);
/** A later suspect event that ends bail (IO-10): charged, released, or bailed again. */
const endsBail = new Set(['charge', 'released_no_further_action', 'released_under_investigation', 'bail_s37_2', 'bail_s37_7', 'no_action']);
/** Suspect events the victim must be told of (IO-04). */
const victimMustHear: Readonly<Record<string, string>> = {
  arrest: 'the suspect was arrested',
  voluntary_attendance: 'the suspect was interviewed under caution',
  bail_s37_2: 'the suspect was released on bail',
  bail_s37_7: 'the suspect was released on bail',
  released_under_investigation: 'the suspect was released under investigation',
  charge: 'the suspect was charged',
};

function later(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function iso(at: string): string {
  return new Date(at).toISOString();
}

type Draft = Omit<Obligation, 'overdue'>;

/** The derivation, rule by rule. Each rule reads the facts and adds what is still owed. */
export function deriveObligations(facts: CaseFacts, p: PolicyParameters, holidays: Holidays): Draft[] {
  const o = facts.occurrence;
  const out: Draft[] = [];
  const district = o.district;
  const finalised = o.status === 'finalised';
  const oic = o.officerInChargeId;
  const hours = (at: string, h: number) => iso(addHours(iso(at), h));
  const minutes = (at: string, m: number) => new Date(Date.parse(at) + m * 60_000).toISOString();
  const days = (at: string, d: number) => iso(addCalendarDays(iso(at), d));
  const workingDays = (at: string, d: number) => iso(addWorkingDays(iso(at), d, holidays));
  const add = (d: Draft) => out.push({ ...d, opensAt: iso(d.opensAt), dueAt: iso(d.dueAt) });

  // ID-07: the crime recording decision, by whoever recorded the report, within 24 hours (NCRS).
  if (!o.crimeRecordedAt && !finalised) {
    add({
      key: 'recording_decision',
      requirement: 'ID-07',
      action: 'recording_decision',
      title: 'Make the crime recording decision',
      owner: { userId: o.recordedBy },
      opensAt: o.receivedAt,
      dueAt: hours(o.receivedAt, p.recordingDecisionHours),
      byHand: 'never',
      fulfilledBy: 'recording the crime',
      explanation: `Crimes are recorded in line with NCRS: the crime recording decision is made within ${p.recordingDecisionHours} hours of the report (ID-07).`,
    });
  }

  // CS-01, CS-05: deploy an attending officer within the call grade's window.
  if (!o.attendingOfficerId && !finalised && o.callGrade !== 'resolve_without_deployment') {
    const emergency = o.callGrade === 'emergency';
    const due =
      o.callGrade === 'emergency' ? minutes(o.receivedAt, p.emergencyDeploymentMinutes) : o.callGrade === 'priority' ? minutes(o.receivedAt, p.priorityDeploymentMinutes) : hours(o.receivedAt, p.scheduledDeploymentHours);
    add({
      key: 'assign_attending_officer',
      requirement: emergency ? 'CS-01' : 'CS-05',
      action: 'assign_attending_officer',
      title: emergency ? 'Emergency: deploy an attending officer now' : 'Assign an attending officer',
      owner: { role: 'call_handler', district },
      opensAt: o.receivedAt,
      dueAt: due,
      byHand: emergency ? 'never' : 'not_applicable',
      fulfilledBy: 'assigning an attending officer',
      explanation: emergency
        ? `An emergency response where the caller or victim is at risk of immediate harm (CS-01): an officer is deployed within ${p.emergencyDeploymentMinutes} minutes (force-configured).`
        : `Tell the caller that officers are despatched, or when they will arrive (CS-05): an officer is assigned within the ${o.callGrade} window (force-configured).`,
    });
  }

  // AO-01: the attending officer attends and completes the primary investigation (the DASH, AO-02, shows it).
  if (o.attendingOfficerId && o.attendanceAssignedAt && facts.riskAssessments.length === 0 && !finalised) {
    const emergency = o.callGrade === 'emergency';
    add({
      key: `attend:${o.attendingOfficerId}`,
      requirement: 'AO-01',
      action: 'attend',
      title: emergency ? 'Attend now (emergency) and complete the primary investigation' : 'Attend and complete the primary investigation',
      owner: { userId: o.attendingOfficerId },
      opensAt: o.attendanceAssignedAt,
      dueAt: emergency ? minutes(o.attendanceAssignedAt, p.emergencyDeploymentMinutes) : hours(o.attendanceAssignedAt, p.attendWithinHours),
      byHand: 'done',
      fulfilledBy: 'recording the DASH risk assessment, or marking the attendance done',
      explanation: 'The attending officer completes the primary investigation checklist and the DASH risk assessment (AO-01, AO-02).',
    });
  }

  // AO-08: a threat to life: the duty inspector is notified (the record cannot move on until it is recorded).
  if (o.threatToLifeMarkedAt && !o.dutyInspectorNotifiedAt) {
    add({
      key: 'notify_duty_inspector',
      requirement: 'AO-08',
      action: 'notify_duty_inspector',
      title: 'Threat to life: notify the duty inspector',
      owner: { role: 'duty_inspector', district: null },
      opensAt: o.threatToLifeMarkedAt,
      dueAt: minutes(o.threatToLifeMarkedAt, p.dutyInspectorNotificationMinutes),
      byHand: 'never',
      fulfilledBy: 'recording that the duty inspector was notified',
      explanation: `Where there is a threat to life the duty inspector is notified immediately (AO-08), taken as within ${p.dutyInspectorNotificationMinutes} minutes (force-configured).`,
    });
  }

  // SV-02: every DASH grading is endorsed by a supervisor.
  for (const a of facts.riskAssessments) {
    if (a.endorsedAt) continue;
    add({
      key: `endorse_risk:${a.id}`,
      requirement: 'SV-02',
      action: 'endorse_risk',
      title: `Endorse the DASH risk grading (assessment ${a.sequence}, ${a.grade})`,
      owner: { role: 'supervisory_officer', district },
      opensAt: a.assessedAt,
      dueAt: hours(a.assessedAt, p.riskEndorsementHours),
      byHand: 'never',
      fulfilledBy: 'endorsing the risk grading',
      explanation: `The DASH assessment exists for every case and its risk grading is endorsed by a supervisor (SV-02), within ${p.riskEndorsementHours} hours (force-configured).`,
    });
  }

  const latest = [...facts.riskAssessments].sort((a, b) => b.sequence - a.sequence)[0];
  const referral = (kind: string) => facts.referrals.find((r) => r.kind === kind && r.status !== 'to_consider');

  // TS-05: liaise with the SCU where risk is assessed as high (the latest grading, endorsed or not).
  if (latest && (latest.endorsedGrade ?? latest.grade) === 'high' && !finalised && !facts.planLinesDone.includes('TS-05')) {
    const since = latest.endorsedGrade === 'high' && latest.grade !== 'high' ? latest.endorsedAt! : latest.assessedAt;
    add({
      key: 'scu_liaison',
      requirement: 'TS-05',
      action: 'scu_liaison',
      title: 'High risk: liaise with the Stalking Coordination Unit',
      owner: o.triagedBy ? { userId: o.triagedBy } : { role: 'triaging_supervisor', district },
      opensAt: since,
      dueAt: hours(since, p.scuLiaisonHours),
      byHand: 'done',
      fulfilledBy: 'marking the liaison done, with what was agreed (here or on the investigation plan)',
      explanation: `Liaise with the SCU where risk is assessed as high (TS-05), within ${p.scuLiaisonHours} hours (force-configured).`,
    });
  }

  // TS-05: a DASH that meets a MARAC route is referred to MARAC.
  if (latest && latest.maracRoutes.length && !referral('marac')) {
    add({
      key: 'marac_referral',
      requirement: 'TS-05',
      action: 'marac_referral',
      title: `Refer to MARAC (${latest.maracRoutes.map((r) => maracRouteWords[r] ?? r.replace(/_/g, ' ')).join(', ')})`,
      owner: { role: 'supervisory_officer', district },
      opensAt: latest.assessedAt,
      dueAt: hours(latest.assessedAt, p.riskEndorsementHours),
      byHand: 'never',
      fulfilledBy: 'recording the MARAC referral as made, declined or not required',
      explanation: 'The DASH met a route to the Multi-Agency Risk Assessment Conference: refer the case (TS-05).',
    });
  }

  // SC-05: offer a referral to specialist stalking support (safety planning).
  if (latest && facts.riskAssessments.some((a) => a.specialistSupportReferral) && !referral('specialist_stalking_support')) {
    const first = facts.riskAssessments.filter((a) => a.specialistSupportReferral).sort((a, b) => a.sequence - b.sequence)[0]!;
    // Before allocation the attending officer cannot record referrals: the district's supervisors own it.
    const owner = oic;
    add({
      key: 'specialist_support_referral',
      requirement: 'SC-05',
      action: 'specialist_support_referral',
      title: 'Offer a referral to specialist stalking support (safety planning)',
      owner: owner ? { userId: owner } : { role: 'supervisory_officer', district },
      opensAt: first.assessedAt,
      dueAt: hours(first.assessedAt, p.riskEndorsementHours),
      byHand: 'never',
      fulfilledBy: 'recording the specialist support referral as made, declined or not required',
      explanation: 'Prompt referral to specialist stalking support services for safety planning (SC-05).',
    });
  }

  // SV-01: the triaging DS allocates an officer in charge.
  if (o.triagedAt && !oic && !finalised) {
    add({
      key: 'allocate',
      requirement: 'SV-01',
      action: 'allocate',
      title: 'Allocate an officer in charge',
      owner: o.triagedBy ? { userId: o.triagedBy } : { role: 'triaging_supervisor', district },
      opensAt: o.triagedAt,
      dueAt: hours(o.triagedAt, p.allocationHours),
      byHand: 'never',
      fulfilledBy: 'allocating an officer in charge',
      explanation: `An investigation and allocation plan per case (SV-01): the crime is allocated within ${p.allocationHours} hours of triage (force-configured).`,
    });
  }

  if (oic && o.allocatedAt && !finalised) {
    // IO-02: the officer in charge reviews the DASH and the safety plan (marked done here or on the investigation plan).
    if (!facts.planLinesDone.includes('IO-02')) add({
      key: `review_dash_safety_plan:${oic}`,
      requirement: 'IO-02',
      action: 'review_dash_safety_plan',
      title: 'Review the DASH and make sure an effective safety plan is in place',
      owner: { userId: oic },
      opensAt: o.allocatedAt,
      dueAt: hours(o.allocatedAt, p.safetyPlanReviewHours),
      byHand: 'done',
      fulfilledBy: 'marking the review done, here or on the investigation plan',
      explanation: 'The officer in charge reviews the DASH and ensures an effective safety plan is in place (IO-02).',
    });
    // XC-01: the victim's contact plan (how often they will be updated).
    if (!o.victimContactEveryDays) {
      add({
        key: 'agree_victim_contact_plan',
        requirement: 'XC-01',
        action: 'agree_victim_contact_plan',
        title: 'Agree a contact plan with the victim (how often they will be updated)',
        owner: { userId: oic },
        opensAt: o.allocatedAt,
        dueAt: days(o.allocatedAt, p.contactPlanDays),
        byHand: 'never',
        fulfilledBy: 'recording the agreed contact plan',
        explanation: 'Stalking victims receive the Victims’ Code enhanced service (XC-01): agree how often they will be updated.',
      });
    }
    // SV-03: supervisor review of the investigation and the risk.
    add({
      key: 'supervisor_review',
      requirement: 'SV-03',
      action: 'supervisor_review',
      title: 'Supervisor review of the investigation and the risk',
      owner: { role: 'supervisory_officer', district },
      opensAt: o.allocatedAt,
      dueAt: days(o.allocatedAt, p.supervisorReviewDays),
      byHand: 'done',
      fulfilledBy: 'marking the review done, with its findings',
      explanation: `Supervisors review the investigation and the risk (SV-03), within ${p.supervisorReviewDays} days of allocation (force-configured).`,
    });
    // SV-03: scheduled updates at the agreed frequency, from the last contact.
    if (o.victimContactEveryDays && o.victimContactPlanAgreedAt) {
      const lastContact = facts.victimContacts.filter((c) => c.contacted).reduce<string | null>((m, c) => later(m, c.at), null);
      const from = later(o.victimContactPlanAgreedAt, lastContact)!;
      add({
        key: `scheduled_victim_contact:${iso(from)}`,
        requirement: 'SV-03',
        action: 'scheduled_victim_contact',
        title: `Update the victim (agreed every ${o.victimContactEveryDays} days)`,
        owner: { userId: oic },
        opensAt: from,
        dueAt: days(from, o.victimContactEveryDays),
        byHand: 'never',
        fulfilledBy: 'recording a contact with the victim',
        explanation: `The victim is updated at the frequency agreed with them: every ${o.victimContactEveryDays} days (SV-03, XC-01).`,
      });
    }
  }

  // IO-04: tell the victim of each suspect event within the Victims' Code time; IO-10: bail ends.
  const victimDays = facts.stalking ? p.victimUpdateEnhancedWorkingDays : p.victimUpdateStandardWorkingDays;
  const owner: Owner = oic ? { userId: oic } : { role: 'supervisory_officer', district };
  const contactedAfter = (at: string) => facts.victimContacts.some((c) => c.contacted && Date.parse(c.at) >= Date.parse(at));
  for (const e of facts.suspectEvents) {
    const what = victimMustHear[e.action];
    const owner: Owner = oic ? { userId: oic } : { userId: e.recordedBy };
    if (what && !contactedAfter(e.at)) {
      add({
        key: `inform_victim:${e.id}`,
        requirement: 'IO-04',
        action: 'inform_victim',
        title: `Inform the victim: ${what}`,
        owner,
        opensAt: e.at,
        dueAt: workingDays(e.at, victimDays),
        byHand: 'never',
        fulfilledBy: 'recording a contact with the victim',
        explanation: `Promptly inform the victim that ${what}: within ${victimDays} working day${victimDays === 1 ? '' : 's'} under the Victims’ Code ${facts.stalking ? 'enhanced service, which stalking victims receive (XC-01)' : 'standard service'}, not counting weekends and England and Wales bank holidays (IO-04), on the UK (Europe/London) date and by the same UK time of day.`,
      });
    }
    if (bailActions.has(e.action) && !finalised && !facts.suspectEvents.some((x) => x.id !== e.id && endsBail.has(x.action) && Date.parse(x.at) > Date.parse(e.at))) {
      const expiry = iso(addMonths(iso(e.at), p.preChargeBailInitialMonths));
      add({
        key: `bail_expiry:${e.id}`,
        requirement: 'IO-10',
        action: 'bail_expiry',
        title: 'Pre-charge bail ends: charge, release, or have it extended',
        owner,
        opensAt: e.at,
        dueAt: expiry,
        byHand: 'never',
        fulfilledBy: 'recording the charge, release or new bail',
        explanation: `Pre-charge bail ends ${p.preChargeBailInitialMonths} months after it was given unless extended (an inspector to ${p.preChargeBailInspectorMonths} months, a superintendent to ${p.preChargeBailSuperintendentMonths}, then a magistrates’ court) (IO-10).`,
      });
    }
  }

  // IO-04, IO-13: a decision not to proceed is told to the victim and to support services.
  if (finalised && o.finalisedWithoutProceeding && o.finalisedAt) {
    const who: Owner = oic ? { userId: oic } : { role: 'supervisory_officer', district };
    if (!contactedAfter(o.finalisedAt)) {
      add({
        key: `inform_victim:finalised:${iso(o.finalisedAt)}`,
        requirement: 'IO-04',
        action: 'inform_victim',
        title: 'Inform the victim of the decision not to proceed',
        owner: who,
        opensAt: o.finalisedAt,
        dueAt: workingDays(o.finalisedAt, victimDays),
        byHand: 'never',
        fulfilledBy: 'recording a contact with the victim',
        explanation: `The victim is told of a decision not to proceed within ${victimDays} working day${victimDays === 1 ? '' : 's'} (IO-04, Victims’ Code), counted on the UK (Europe/London) date and by the same UK time of day.`,
      });
    }
    add({
      key: `update_support_services:${iso(o.finalisedAt)}`,
      requirement: 'IO-13',
      action: 'update_support_services',
      title: 'Update any support services the victim engages with about the outcome',
      owner: who,
      opensAt: o.finalisedAt,
      dueAt: days(o.finalisedAt, p.supportServicesUpdateDays),
      byHand: 'done',
      fulfilledBy: 'marking it done, naming the services told (or that there are none)',
      explanation: 'Where the victim engages with support services, they are updated at no further action (IO-13).',
    });
  }

  // IO-12: the re-contact agreed when the victim withdrew.
  for (const r of facts.victimRecontacts) {
    if (facts.victimContacts.some((c) => c.contacted && Date.parse(c.at) > Date.parse(r.recordedAt))) continue;
    add({
      key: `victim_recontact:${r.id}`,
      requirement: 'IO-12',
      action: 'victim_recontact',
      title: 'Re-contact the victim: have they accessed support, any further incidents, would they now support a prosecution?',
      owner: oic ? { userId: oic } : { userId: r.recordedBy },
      opensAt: r.recordedAt,
      dueAt: r.due,
      byHand: 'never',
      fulfilledBy: 'recording a contact with the victim',
      explanation: 'When a victim withdraws, an agreed re-contact checks whether they have accessed support, any further incidents, and whether they would now support a prosecution (IO-12).',
    });
  }

  // XC-02: video-recorded interviews of vulnerable or intimidated witnesses.
  for (const v of facts.videoInterviews) {
    add({
      key: `video_recorded_interview:${v.id}`,
      requirement: 'XC-02',
      action: 'video_recorded_interview',
      title: `Video-recorded interview (ABE) of ${v.witness}`,
      owner: { userId: v.officerId },
      opensAt: v.assignedAt,
      dueAt: days(v.assignedAt, p.videoInterviewDays),
      byHand: 'done',
      fulfilledBy: 'marking the interview done',
      explanation: 'Vulnerable and intimidated witnesses are interviewed on video by a trained officer (XC-02).',
    });
  }

  // SC-03: actions from the SCU's case review, for the officer in charge.
  for (const a of facts.caseReviewActions) {
    add({
      key: `case_review_action:${a.id}`,
      requirement: 'SC-03',
      action: 'case_review_action',
      title: `SCU case review: ${a.text}`.slice(0, 500),
      owner,
      opensAt: a.recordedAt,
      dueAt: a.due,
      byHand: 'done',
      fulfilledBy: 'marking the action done',
      explanation: 'Bespoke case reviews by the Stalking Coordination Unit set actions against the crime (SC-03).',
    });
  }

  // SC-04, SP-04 to SP-14, BR-01 to BR-03: what each order on the case owes.
  for (const d of deriveSpoObligations(facts.orders, { district, officerInChargeId: oic, p, holidays })) add(d);

  const closed = new Set(facts.closedByHand.map((c) => c.key));
  return out.filter((d) => !closed.has(d.key));
}

export function decideObligations(raw: ObligationsInput): ObligationsOutput {
  const input = obligationsInput.parse(raw);
  const p = parametersOrDefault(input.parameters);
  const holidays: Holidays = input.bankHolidays ?? englandAndWalesBankHolidays;
  const at = Date.parse(input.at);
  const obligations = deriveObligations(input.facts, p, holidays).map((d) => ({ ...d, overdue: Date.parse(d.dueAt) < at }));
  // What is owed names its requirements; where nothing is, the requirements it was checked against.
  const requirements = obligations.length ? [...new Set(obligations.map((d) => d.requirement))].sort() : obligationRequirements;
  const overdue = obligations.filter((d) => d.overdue).length;
  return {
    obligations,
    requirements,
    explanation: obligations.length
      ? `${obligations.length} open obligation${obligations.length === 1 ? '' : 's'}${overdue ? `, ${overdue} overdue` : ''}: ${obligations.map((d) => `${d.title} (${d.requirement})`).join('; ')}.`
      : 'Nothing is owed on this case now.',
  };
}

const obligationRequirements = [...new Set(obligationCatalogue.flatMap((c) => c.requirement.split(' / ')))].sort();

export const obligationsDecision = defineDecision<ObligationsInput, ObligationsOutput>({
  name: 'obligations',
  summary: 'What the policy requires next on a case, by whom and by when, derived from the case’s facts and the time.',
  requirements: obligationRequirements,
  input: obligationsInput as unknown as z.ZodType<ObligationsInput>,
  output: obligationsOutput,
  decide: decideObligations,
});
