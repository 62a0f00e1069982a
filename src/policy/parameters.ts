/**
 * Force-configurable policy parameters. Where the policy gives a number it is the default
 * here; where the policy is silent (marked ASSUMPTION in the catalogue, or "(configurable)" /
 * "(confirm)" in the domain facts) the value is a default a force may change without code.
 *
 * Every decision that uses a parameter takes an optional `parameters` input field: a partial
 * object, each missing value filled from these defaults. Nothing here is read from the
 * environment: the app passes the force's settings in.
 */
import { z } from 'zod';

function months(fallback: number) {
  return z
    .number({ error: `Give a whole number of months` })
    .int({ error: `Give a whole number of months` })
    .min(0, { error: `Cannot be negative` })
    .max(120, { error: `At most 120 months` })
    .default(fallback);
}

function whole(fallback: number, min: number, max: number) {
  return z
    .number({ error: `Give a whole number` })
    .int({ error: `Give a whole number` })
    .min(min, { error: `At least ${min}` })
    .max(max, { error: `At most ${max}` })
    .default(fallback);
}

/** A time of day, HH:MM (24-hour). */
function clockTime(fallback: string) {
  return z
    .string({ error: 'Give a time of day as HH:MM' })
    .max(5, { error: 'Give a time of day as HH:MM (24-hour)' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Give a time of day as HH:MM (24-hour)' })
    .default(fallback);
}

export const policyParametersSchema = z
  .strictObject({
    // Flags (FL-02, FL-03) ---------------------------------------------------------------------
    /** FL-03 ASSUMPTION: the policy's table of flag durations is not in the source. Default 12 months. */
    flagDurationMonths: months(12).describe('FL-03 (ASSUMPTION, force-configured): flag duration in months'),
    /** FL-03 ASSUMPTION: "extended for the appropriate duration as per the table above". Default 12 months. */
    flagExtensionMonths: months(12).describe('FL-03 (ASSUMPTION, force-configured): flag extension in months'),
    /** FL-02: "Flags will be reviewed within 1 month prior to their expiry." */
    flagReviewWindowMonths: months(1).describe('FL-02: the review window before expiry, in months'),

    // Recording (ID-07) ------------------------------------------------------------------------
    /** ID-07: NCRS recording decision within 24 hours of the report. */
    recordingDecisionHours: whole(24, 1, 240),

    // Victims' Code (IO-04, XC-01) -------------------------------------------------------------
    /** Victims' Code enhanced rights: within 1 working day. Stalking victims get the enhanced service (XC-01). */
    victimUpdateEnhancedWorkingDays: whole(1, 0, 30),
    /** Victims' Code standard rights: within 5 working days. */
    victimUpdateStandardWorkingDays: whole(5, 0, 30),
    /**
     * IO-12: "agreeing to contact the victim in the near future": the agreed re-contact falls at
     * most this many calendar days after the withdrawal. The policy gives no number (ASSUMPTION,
     * force-configured): 28 days, time to access support and see whether the stalking goes on.
     */
    withdrawalReContactMaxDays: whole(28, 1, 365).describe('IO-12 (force-configured): the "near future": the latest re-contact after a victim withdraws, in calendar days'),

    // Risk: DASH banding and MARAC (AO-02, SV-02, TS-05) ---------------------------------------
    /** DASH banding: 1-9 "yes" standard, 10-13 medium, 14+ high. First yes count that is medium. */
    dashMediumFromYesCount: whole(10, 1, 27),
    /** First yes count that is high. */
    dashHighFromYesCount: whole(14, 1, 27),
    /** MARAC "yes" route: 14 or more "yes" answers (configurable). */
    maracYesThreshold: whole(14, 1, 27),
    /**
     * MARAC escalation route: commonly 3 or more incidents in 12 months. The risk decision takes
     * the count of incidents in the last 12 months (a force using 6 months passes that count).
     */
    maracEscalationIncidents: whole(3, 1, 100),
    /** SC-05: stalking screening "many yes answers": this many or more prompts specialist stalking support. */
    stalkingScreeningReferralYesCount: whole(5, 1, 11),

    // SPOs (SP-08, SP-09, SP-11, SP-12, SP-04) -------------------------------------------------
    /** SP-08: initial visit within seven days of the SPO being granted. */
    spoInitialVisitDays: whole(7, 0, 365),
    /** SP-09: renewal "no later than three months before the SPO expires". */
    spoRenewalLeadMonths: months(3),
    /** SP-11: notify the new force "as soon as practicable": default 1 calendar day (configurable). */
    movedOutNotifyNewForceDays: whole(1, 0, 365),
    /** SP-12: an offender manager allocated within seven days of the subject moving in. */
    movedInAllocateOffenderManagerDays: whole(7, 0, 365),
    /** SP-12: an initial visit within 14 days of the subject moving in. */
    movedInInitialVisitDays: whole(14, 0, 365),
    /** Stalking Protection Act 2019: the subject notifies name and address within 3 days of service. */
    spoNotificationDays: whole(3, 0, 365),
    /**
     * SP-10: supervisor reviews "periodically (frequency by duration and risk)". The policy gives
     * no numbers: this system reviews a high-risk subject monthly and any other quarterly, and
     * schedules no review after the order expires (force-configured).
     */
    spoReviewHighRiskMonths: whole(1, 1, 24),
    spoReviewStandardMonths: whole(3, 1, 24),
    /** SP-13: an order may not be discharged within 2 years of being made without consent (Stalking Protection Act 2019). */
    spoDischargeConsentMonths: months(24),

    // SPO obligations (SC-04, SP-03 to SP-13, BR-01 to BR-03; spo-obligations.ts) ------------------
    // The policy gives no time for most SPO steps: each window below is this system's default,
    // force-configured, so that no step is due the moment it falls to someone.
    /** SC-04: the SCU decides a referral (approve, return, decline) within this many days. */
    spoScuDecisionDays: whole(2, 1, 60).describe('SC-04 (force-configured): days the SCU has to decide an SPO referral'),
    /** SP-06: where respondent and victim live in different force areas, Legal Services and the victim's force are consulted within this many days of the referral. */
    spoCrossBorderConsultationDays: whole(7, 1, 60).describe('SP-06 (force-configured): days to consult Legal Services and the victim’s force'),
    /** SP-03: once the SCU approves, the officer in charge sends the application (SPO1) for authority within this many days. */
    spoApplicationDays: whole(7, 1, 60).describe('SP-03 (force-configured): days from SCU approval to the application for authority'),
    /** SP-04: the authorising superintendent decides within this many days of the application. */
    spoAuthorityDays: whole(2, 1, 60).describe('SP-04 (force-configured): days the superintendent has to decide authority'),
    /** BR-03: the risk is reassessed within this many hours of an application being made. */
    spoApplicationRiskReassessmentHours: whole(24, 1, 240).describe('BR-03 (force-configured): hours to reassess the risk after an SPO application'),
    /** SP-05, SP-06: the national record is updated (and a cross-border order passed to the victim's force) within this many days of the order. */
    spoGrantActionsDays: whole(1, 1, 30).describe('SP-05, SP-06 (force-configured): days to update the national record and pass the order to the victim’s force'),
    /** SP-07: an offender manager is allocated within this many days of the order being made. */
    spoAllocateOffenderManagerDays: whole(2, 1, 30).describe('SP-07 (force-configured): days to allocate an offender manager after the order'),
    /** SP-07: after a variation, the Subject Management Plan is updated within this many days. */
    spoPlanUpdateDays: whole(7, 1, 60).describe('SP-07 (force-configured): days to update the plan after a variation'),
    /** SP-09: the SCU decides on a renewal request within this many days. */
    spoRenewalDecisionDays: whole(7, 1, 60).describe('SP-09 (force-configured): days the SCU has to decide on a renewal request'),
    /** SP-13: each step of a discharge application (SCU report, legal advice, decision) within this many days of the last. */
    spoDischargeStepDays: whole(7, 1, 60).describe('SP-13 (force-configured): days for each step of a discharge application'),
    /** BR-02: "making an urgent arrest must be the standard response": the arrest is due within this many hours of the breach being recorded. */
    breachArrestHours: whole(4, 1, 72).describe('BR-02 (force-configured): hours to make the urgent arrest after a breach is recorded'),
    /** BR-03: "urgent action must be taken when orders are breached": the risk is reassessed within this many hours. */
    breachRiskReassessmentHours: whole(4, 1, 72).describe('BR-03 (force-configured): hours to reassess the risk after a breach'),
    /** BR-02: out of hours (Europe/London local time) the urgent arrest falls to the duty inspector: from this time ... */
    breachOutOfHoursFrom: clockTime('18:00').describe('BR-02 (force-configured): out of hours start, HH:MM Europe/London'),
    /** ... until this time the next morning. */
    breachOutOfHoursTo: clockTime('08:00').describe('BR-02 (force-configured): out of hours end, HH:MM Europe/London'),
    /** BR-02: weekends and England and Wales bank holidays are out of hours all day. */
    breachOutOfHoursWeekends: z.boolean({ error: 'Answer true or false' }).default(true).describe('BR-02 (force-configured): weekends and bank holidays are out of hours'),

    // Bail (IO-10) -----------------------------------------------------------------------------
    /** PACE pre-charge bail: initial period 3 months (confirm). */
    preChargeBailInitialMonths: months(3),
    /** Extension to 6 months by an inspector (confirm). */
    preChargeBailInspectorMonths: months(6),
    /** Extension to 9 months by a superintendent; beyond that a magistrates' court (confirm). */
    preChargeBailSuperintendentMonths: months(9),

    // Informal out-of-court disposals (IO-06) -----------------------------------------------------
    /**
     * IO-06: "Not using no action or informal action (e.g. words of advice) in stalking cases,
     * even at the victim's request." A community resolution is an informal out-of-court disposal,
     * so by default it is refused for stalking, as a suspect action and as an outcome. A force may
     * set otherwise (its own choice, not the policy's).
     */
    stalkingCommunityResolutionAllowed: z
      .boolean({ error: 'Answer true or false' })
      .default(false)
      .describe('IO-06 (force-configured): whether a community resolution may be used in a stalking case (the policy refuses informal action; default no)'),

    // Obligation windows -------------------------------------------------------------------------
    // Where the policy says "immediately", "promptly" or gives no time, the window a task is due
    // in is force-configured here, so that nothing is overdue the moment it is created.
    /** CS-01: an emergency deployment is due this many minutes after the report (the force's emergency response target). */
    emergencyDeploymentMinutes: whole(15, 1, 240),
    /** CS-05: a priority call's officer is assigned within this many minutes. */
    priorityDeploymentMinutes: whole(60, 1, 1440),
    /** CS-05: a scheduled call's officer is assigned within this many hours. */
    scheduledDeploymentHours: whole(24, 1, 240),
    /** AO-01: a non-emergency attendance, and the primary investigation with it, within this many hours of assignment. */
    attendWithinHours: whole(24, 1, 240),
    /** AO-08: "notified immediately": the duty inspector is told within this many minutes of the threat to life being marked. */
    dutyInspectorNotificationMinutes: whole(60, 1, 1440),
    /** SV-02: a supervisor endorses each DASH grading within this many hours (also the MARAC and support referral window). */
    riskEndorsementHours: whole(24, 1, 240),
    /** TS-05: the SCU is liaised with within this many hours of a high grading. */
    scuLiaisonHours: whole(24, 1, 240),
    /** SV-01: a triaged crime is allocated within this many hours. */
    allocationHours: whole(24, 1, 240),
    /** IO-02: the officer in charge reviews the DASH and safety plan within this many hours of allocation. */
    safetyPlanReviewHours: whole(24, 1, 240),
    /** XC-01: the victim's contact plan is agreed within this many days of allocation. */
    contactPlanDays: whole(2, 1, 30),
    /** SV-03: the first supervisor review falls this many days after allocation. */
    supervisorReviewDays: whole(14, 1, 90),
    /** IO-13: support services are updated within this many days of a decision not to proceed. */
    supportServicesUpdateDays: whole(2, 1, 30),
    /** XC-02: a video-recorded interview is held within this many days of being assigned. */
    videoInterviewDays: whole(3, 1, 60),

    // Finalisation (AL-06, AL-08) --------------------------------------------------------------
    /**
     * AL-06: "a thorough rationale as to why no further investigation will take place". The
     * policy does not define thorough. The system counts the rationale's substance: its letters
     * and digits once spaces, punctuation and stock phrases ("no evidence", "NFA", "no further
     * action", "victim does not support" ...) are set aside, and asks for at least this many
     * (default 80: two or three plain sentences saying what was done and why nothing more
     * would help). A supervisor still reads it; see `rationaleSubstance` in finalisation.ts.
     */
    thoroughRationaleMinChars: whole(80, 1, 5000).describe('AL-06: the least substance (letters and digits, stock phrases aside) of a thorough rationale'),
    /**
     * AL-08: "Any stalking crime not investigated within specialist crime units (i.e. DAT, Adult
     * Safeguarding or CID) must be finalised by a detective sergeant." The default is the
     * policy's own: a detective sergeant only. A force may widen it by this parameter (e.g. to
     * let a detective inspector finalise too); that is the force's choice, not the policy's.
     */
    al08FinalisingRanks: z
      .array(z.enum(['PC', 'DC', 'PS', 'DS', 'INSP', 'DI', 'SUPT', 'STAFF']), { error: 'Give a list of ranks' })
      .min(1, { error: 'At least one rank' })
      .default(['DS'])
      .describe('AL-08: the ranks that may finalise a stalking crime investigated outside the specialist units (the policy says a detective sergeant; a force may widen it)'),

    // Referrals (IO-14) ------------------------------------------------------------------------
    /** IO-14: a "serial stalking offender" for PDP purposes: stalking of this many or more separate victims (ASSUMPTION). */
    serialStalkerVictimCount: whole(2, 2, 100),

    // Intelligence and SCU case reviews (AO-09, FL-01, SC-03) ---------------------------------------
    /** FL-01, AO-09: intelligence on a flagged person tasks the flag's owner, due within this many hours (ASSUMPTION: the policy gives no time). */
    flagHitReviewHours: whole(24, 1, 240).describe('FL-01 (force-configured): hours the flag owner has to act on intelligence about a flagged person'),
    /** SC-03: an action from an SCU case review, tasked to the officer in charge, is due this many calendar days later unless the reviewer sets a date (ASSUMPTION). */
    caseReviewActionDays: whole(7, 1, 90).describe('SC-03 (force-configured): calendar days to complete an action from an SCU case review'),

    // Emerging threats (DI-01) -----------------------------------------------------------------
    // The policy says only "regularly interrogating intelligence to identify any emerging stalking
    // threats": every window and count below is this system's default, force-configured.
    /** DI-01, IO-14: a serial perpetrator is a suspect against serialStalkerVictimCount or more victims in this many months. */
    serialPerpetratorWindowMonths: months(12).describe('DI-01 (force-configured): serial perpetrators are looked for over this many months'),
    /** DI-01: repeat victims are looked for over this many months. */
    repeatVictimWindowMonths: months(12).describe('DI-01 (force-configured): repeat victims are looked for over this many months'),
    /** DI-01: a repeat victim is the victim in this many or more occurrences in the window ... */
    repeatVictimOccurrenceCount: whole(2, 2, 100),
    /** DI-01: ... or of this many or more different suspects in the window. */
    repeatVictimSuspectCount: whole(2, 2, 100),
    /** DI-01, ID-05: escalation compares the incidents of a course of conduct in the last this-many days ... */
    escalationRecentDays: whole(30, 1, 365),
    /** ... with those in this many days before them. */
    escalationPriorDays: whole(90, 1, 730),
    /** A rising rate needs at least this many incidents in the recent period (a course of conduct is two or more occasions, ID-02). */
    escalationMinimumRecentIncidents: whole(2, 1, 100),
    /** DI-01, BR-01, FL-01: SPO breaches and notify-if flag hits are shown for this many days. */
    breachAndFlagHitDays: whole(7, 1, 90),

    // Retention: MoPI groups (domain facts "Information management", confirm; retention.ts) ---
    /** MoPI Group 1 (certain public protection matters): reviewed periodically, every this many years. */
    mopiGroup1ReviewYears: whole(10, 1, 100),
    /** MoPI Group 1: retained until the subject is deemed this many years old. */
    mopiGroup1RetainUntilAge: whole(100, 50, 150),
    /** MoPI Group 2 (other sexual, violent or serious offences): reviewed every this many years. */
    mopiGroup2ReviewYears: whole(10, 1, 100),
    /** MoPI Group 3 (all other offences): the clear period in years. */
    mopiGroup3ClearPeriodYears: whole(6, 1, 100),
    /** Offences that put a record in Group 1 (ASSUMPTION, confirm: s4 and s4A are serious specified offences, CJA 2003 Sch 15, 10-year maximum). */
    mopiGroup1Offences: z.array(z.enum(['s2', 's2A', 's4', 's4A'], { error: 'Must be one of s2, s2A, s4, s4A' }), { error: 'Give a list of offences' }).default(['s4', 's4A']),
    /** Offences that put a record in Group 2 (none by default). */
    mopiGroup2Offences: z.array(z.enum(['s2', 's2A', 's4', 's4A'], { error: 'Must be one of s2, s2A, s4, s4A' }), { error: 'Give a list of offences' }).default([]),
    /** ASSUMPTION: the subject of a Stalking Protection Order is a public protection matter (Group 1). */
    mopiSpoSubjectGroup1: z.boolean({ error: 'Answer true or false' }).default(true),
    /** ASSUMPTION: a recorded threat to life makes the record violent (Group 2 at least). */
    mopiThreatToLifeGroup2: z.boolean({ error: 'Answer true or false' }).default(true),
    /** ASSUMPTION: a high DASH grade (risk of serious harm) makes the record Group 2 at least. */
    mopiHighRiskGroup2: z.boolean({ error: 'Answer true or false' }).default(true),
  })
  .superRefine((p, ctx) => {
    // Refinements run even when a field has failed: compare only numbers.
    const numbers = [p.dashHighFromYesCount, p.dashMediumFromYesCount, p.preChargeBailInitialMonths, p.preChargeBailInspectorMonths, p.preChargeBailSuperintendentMonths];
    if (!numbers.every((n) => typeof n === 'number')) return;
    if (p.dashHighFromYesCount <= p.dashMediumFromYesCount) {
      ctx.addIssue({ code: 'custom', path: ['dashHighFromYesCount'], message: 'Must be above dashMediumFromYesCount' });
    }
    if (p.preChargeBailInspectorMonths < p.preChargeBailInitialMonths) {
      ctx.addIssue({ code: 'custom', path: ['preChargeBailInspectorMonths'], message: 'Cannot be shorter than the initial period' });
    }
    if (p.preChargeBailSuperintendentMonths < p.preChargeBailInspectorMonths) {
      ctx.addIssue({ code: 'custom', path: ['preChargeBailSuperintendentMonths'], message: 'Cannot be shorter than the inspector extension' });
    }
  });

export type PolicyParameters = z.output<typeof policyParametersSchema>;
export type PolicyParametersInput = z.input<typeof policyParametersSchema>;

/** The defaults, as the policy (and, where it is silent, this system) sets them. */
export const defaultParameters: PolicyParameters = Object.freeze(policyParametersSchema.parse({}));

/** The optional `parameters` field every decision that uses parameters accepts. */
export const parametersField = policyParametersSchema.optional().describe('Force-configured policy parameters; any missing value takes its default.');

/** The parameters to use: the validated input's, or the defaults. */
export function parametersOrDefault(p: PolicyParameters | undefined): PolicyParameters {
  return p ?? defaultParameters;
}
