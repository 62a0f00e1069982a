/**
 * How Conduct reads the policy where it is silent or vague. Every such choice is a
 * force-configured parameter (parameters.ts); this module says, for each one, which
 * requirements it serves, what the policy says or leaves open, and how the system reads it,
 * so the Policy page can list every interpretation with its default and the value in force.
 *
 * Every parameter must have an entry: the record below is typed over the schema's keys, and
 * test/policy/interpretations.test.ts also checks it at run time (and that every requirement
 * ID named is in the catalogue). Pure: no I/O.
 */
import { defaultParameters, policyParametersSchema, type PolicyParameters } from './parameters.js';

/** The name of a force-configured parameter. */
export type PolicyParameterName = keyof typeof policyParametersSchema.shape;

/** What a number counts, for showing it in words. */
export type InterpretationUnit =
  | 'minutes'
  | 'hours'
  | 'days'
  | 'working days'
  | 'months'
  | 'years'
  | 'characters'
  | 'yes answers'
  | 'incidents'
  | 'victims'
  | 'occurrences'
  | 'suspects';

export interface Interpretation {
  /** The setting's name in words, e.g. "Recording decision". */
  readonly setting: string;
  /** The requirement IDs it serves (catalogue IDs); empty where the rule sits outside the catalogue. */
  readonly requirements: readonly string[];
  /** Plain English: what the policy says or leaves open, and how the system reads it. */
  readonly interpretation: string;
  /** What a number counts. */
  readonly unit?: InterpretationUnit;
  /** Where the requirements are empty: the source the rule comes from instead. */
  readonly source?: string;
}

const mopi = 'Management of Police Information (MoPI) retention rules';

/** Every parameter's interpretation, in the order the parameters are defined. */
export const interpretations: Readonly<Record<PolicyParameterName, Interpretation>> = {
  // Flags
  flagDurationMonths: {
    setting: 'Notify-if flag duration',
    requirements: ['FL-03'],
    interpretation: 'FL-03 sets flag durations "by circumstance", but the policy’s table of durations is not in the source. A notify-if flag expires this long after it is set, unless the officer gives an expiry date.',
    unit: 'months',
  },
  flagExtensionMonths: {
    setting: 'Notify-if flag extension',
    requirements: ['FL-02', 'FL-03'],
    interpretation: 'FL-02 extends a flag "for the appropriate duration" where further stalking incidents have occurred, without saying how long. A flag extended at review runs on this long from its old expiry.',
    unit: 'months',
  },
  flagReviewWindowMonths: {
    setting: 'Flag review window',
    requirements: ['FL-02'],
    interpretation: 'FL-02: flags are reviewed "within 1 month prior to their expiry". The review opens this long before the flag expires and is due on the expiry date.',
    unit: 'months',
  },

  // Recording
  recordingDecisionHours: {
    setting: 'Recording decision',
    requirements: ['ID-07', 'BR-01'],
    interpretation: 'ID-07: the crime recording decision is made within 24 hours of the report, per the National Crime Recording Standard. The same time is given to record a breach of a Stalking Protection Order, and any other offences it discloses, as crimes (BR-01).',
    unit: 'hours',
  },

  // Victims' Code
  victimUpdateEnhancedWorkingDays: {
    setting: 'Telling the victim (enhanced service)',
    requirements: ['IO-04', 'XC-01'],
    interpretation: 'IO-04 says "promptly inform the victim" when the suspect is arrested, released, charged or bailed. Stalking victims receive the Victims’ Code enhanced service (XC-01), so they are told within this many working days (weekends and England and Wales bank holidays not counted).',
    unit: 'working days',
  },
  victimUpdateStandardWorkingDays: {
    setting: 'Telling the victim (standard service)',
    requirements: ['IO-04'],
    interpretation: 'IO-04 "promptly inform the victim": where a case is not stalking (harassment), the victim is told within the Victims’ Code standard service time, in working days.',
    unit: 'working days',
  },
  withdrawalReContactMaxDays: {
    setting: 'Re-contact after a victim withdraws',
    requirements: ['IO-12'],
    interpretation: 'IO-12: when a victim withdraws, a date is agreed, if possible, to contact them "in the near future", which the policy does not define. The agreed date must fall after the withdrawal and no more than this many calendar days after it; where no date could be agreed, the reason is recorded instead.',
    unit: 'days',
  },

  // Risk
  dashMediumFromYesCount: {
    setting: 'DASH grade: medium from',
    requirements: ['AO-02', 'SV-02'],
    interpretation: 'The policy requires a DASH risk assessment (AO-02) but gives no banding. A DASH with at least this many "yes" answers of 27 is graded medium; professional judgement may raise a grade, never lower it.',
    unit: 'yes answers',
  },
  dashHighFromYesCount: {
    setting: 'DASH grade: high from',
    requirements: ['AO-02', 'SV-02'],
    interpretation: 'A DASH with at least this many "yes" answers of 27 is graded high (it must be above the medium band). Professional judgement may raise a grade, never lower it.',
    unit: 'yes answers',
  },
  maracYesThreshold: {
    setting: 'MARAC referral: “yes” answers',
    requirements: ['TS-05'],
    interpretation: 'The policy does not set the criteria for a Multi-Agency Risk Assessment Conference (MARAC) referral. A domestic case whose DASH has at least this many "yes" answers meets the "yes count" route, and a referral is prompted.',
    unit: 'yes answers',
  },
  maracEscalationIncidents: {
    setting: 'MARAC referral: escalation',
    requirements: ['TS-05'],
    interpretation: 'The MARAC escalation route is read as this many or more incidents in the last 12 months; a domestic case that meets it is prompted for referral.',
    unit: 'incidents',
  },
  stalkingScreeningReferralYesCount: {
    setting: 'Specialist stalking support: screening answers',
    requirements: ['SC-05'],
    interpretation: 'SC-05 prompts referral to specialist stalking support services without saying when. The prompt is given when at least this many of the 11 stalking screening answers are "yes", or when a threat of violence comes with escalation.',
    unit: 'yes answers',
  },

  // Stalking Protection Orders
  spoInitialVisitDays: {
    setting: 'Initial visit after an order',
    requirements: ['SP-08'],
    interpretation: 'SP-08: the initial visit to the subject is made within 7 days of the order being granted, counted in calendar days; later visits follow the subject management plan.',
    unit: 'days',
  },
  spoRenewalLeadMonths: {
    setting: 'Renewal request before expiry',
    requirements: ['SP-09'],
    interpretation: 'SP-09: a renewal is requested in writing to the SCU "no later than three months before the SPO expires". The request falls due this long before the order’s expiry.',
    unit: 'months',
  },
  movedOutNotifyNewForceDays: {
    setting: 'Subject moves out: tell the new force',
    requirements: ['SP-11'],
    interpretation: 'SP-11 says the new force is notified "as soon as practicable". This is read as within this many calendar days of the subject moving out.',
    unit: 'days',
  },
  movedInAllocateOffenderManagerDays: {
    setting: 'Subject moves in: offender manager',
    requirements: ['SP-12'],
    interpretation: 'SP-12: an offender manager is allocated within 7 days of the subject moving into the force area, counted in calendar days.',
    unit: 'days',
  },
  movedInInitialVisitDays: {
    setting: 'Subject moves in: initial visit',
    requirements: ['SP-12'],
    interpretation: 'SP-12: an initial visit is completed within 14 days of the subject moving into the force area, counted in calendar days.',
    unit: 'days',
  },
  spoNotificationDays: {
    setting: 'Subject’s notification after service',
    requirements: ['SP-07'],
    interpretation: 'SP-07 asks for notification requirements to be recorded; the Stalking Protection Act 2019 gives the subject 3 days from service of the order to notify their name and home address in person.',
    unit: 'days',
  },
  spoReviewHighRiskMonths: {
    setting: 'Subject management review (high risk)',
    requirements: ['SP-10'],
    interpretation: 'SP-10: supervisors review the subject management pack "periodically (frequency by duration and risk)", with no numbers given. A high-risk subject is reviewed this often; no review is scheduled after the order expires.',
    unit: 'months',
  },
  spoReviewStandardMonths: {
    setting: 'Subject management review (other risk)',
    requirements: ['SP-10'],
    interpretation: 'SP-10 gives no review frequency. A subject who is not high risk is reviewed this often; no review is scheduled after the order expires.',
    unit: 'months',
  },
  spoDischargeConsentMonths: {
    setting: 'Discharge only with consent within',
    requirements: ['SP-13'],
    interpretation: 'SP-13 covers a subject’s discharge application; the Stalking Protection Act 2019 does not let an order be discharged within 2 years of being made without the consent of the subject and the chief officer. Within this period a discharge is refused unless both consents are recorded.',
    unit: 'months',
  },

  // SPO steps the policy gives no time for
  spoScuDecisionDays: {
    setting: 'SCU decision on an order referral',
    requirements: ['SC-04'],
    interpretation: 'SC-04: referrals for a Stalking Protection Order land in the SCU’s queue for a decision, with no time given. The SCU approves, returns or declines within this many days.',
    unit: 'days',
  },
  spoCrossBorderConsultationDays: {
    setting: 'Cross-border consultation',
    requirements: ['SP-06'],
    interpretation: 'SP-06: where respondent and victim live in different force areas, Legal Services and the victim’s force are consulted, with no time given. This is due within this many days of the referral.',
    unit: 'days',
  },
  spoApplicationDays: {
    setting: 'Application for authority',
    requirements: ['SP-03'],
    interpretation: 'SP-03: once the SCU approves, the statement and application go to a superintendent for authority, with no time given. The officer in charge sends them within this many days of the approval.',
    unit: 'days',
  },
  spoAuthorityDays: {
    setting: 'Superintendent’s authority',
    requirements: ['SP-04'],
    interpretation: 'SP-04: the authorising officer decides whether the order is necessary, proportionate and justified, with no time given. The decision is due within this many days of the application.',
    unit: 'days',
  },
  spoApplicationRiskReassessmentHours: {
    setting: 'Risk reassessment after an application',
    requirements: ['BR-03'],
    interpretation: 'BR-03: an application for an order may trigger escalation, so the risk is reassessed when it is made. This is due within this many hours of the application.',
    unit: 'hours',
  },
  spoGrantActionsDays: {
    setting: 'Records after an order is made',
    requirements: ['SP-05', 'SP-06'],
    interpretation: 'SP-05 and SP-06: a granted order updates the national record and, across a border, its details go to the victim’s force, with no time given. Both are due within this many days of the order; the same time applies to records after a discharge.',
    unit: 'days',
  },
  spoAllocateOffenderManagerDays: {
    setting: 'Offender manager after an order',
    requirements: ['SP-07'],
    interpretation: 'SP-07: subjects of orders are managed by an offender manager, with no time given for allocation. An offender manager is allocated within this many days of the order being made.',
    unit: 'days',
  },
  spoPlanUpdateDays: {
    setting: 'Plan update after a variation',
    requirements: ['SP-07', 'SP-14'],
    interpretation: 'SP-07: the subject management pack is re-issued when the order’s requirements change, with no time given. After a variation (SP-14) the plan is updated within this many days.',
    unit: 'days',
  },
  spoRenewalDecisionDays: {
    setting: 'SCU decision on a renewal',
    requirements: ['SP-09'],
    interpretation: 'SP-09: a renewal request goes to the SCU so that legal advice can be sought, with no time given for its decision. The SCU decides within this many days of the request.',
    unit: 'days',
  },
  spoDischargeStepDays: {
    setting: 'Each step of a discharge application',
    requirements: ['SP-13'],
    interpretation: 'SP-13 lists the steps of a discharge application (the SCU report with the offender manager, legal advice, the decision) but no times. Each step is due within this many days of the one before.',
    unit: 'days',
  },
  breachArrestHours: {
    setting: 'Urgent arrest after a breach',
    requirements: ['BR-02'],
    interpretation: 'BR-02: "making an urgent arrest must be the standard response" to a breach, with no time given. The arrest is due within this many hours of the breach being recorded.',
    unit: 'hours',
  },
  breachRiskReassessmentHours: {
    setting: 'Risk reassessment after a breach',
    requirements: ['BR-03'],
    interpretation: 'BR-03: "urgent action must be taken when orders are breached" and the risk is reassessed. The reassessment is due within this many hours of the breach being recorded.',
    unit: 'hours',
  },
  breachOutOfHoursFrom: {
    setting: 'Out of hours starts',
    requirements: ['BR-02'],
    interpretation: 'BR-02 does not say who makes the urgent arrest. In working hours it falls to the order’s officer in charge; out of hours (from this time, UK time) it falls to the duty inspector.',
  },
  breachOutOfHoursTo: {
    setting: 'Out of hours ends',
    requirements: ['BR-02'],
    interpretation: 'Out of hours for the urgent arrest after a breach ends at this time the next morning (UK time); from then the order’s officer in charge is tasked.',
  },
  breachOutOfHoursWeekends: {
    setting: 'Weekends and bank holidays are out of hours',
    requirements: ['BR-02'],
    interpretation: 'Whether weekends and England and Wales bank holidays count as out of hours all day, so that an urgent arrest after a breach then falls to the duty inspector.',
  },

  // Bail
  preChargeBailInitialMonths: {
    setting: 'Pre-charge bail: first period',
    requirements: ['IO-10'],
    interpretation: 'IO-10 asks officers to consider release on bail with conditions, without the periods. Pre-charge bail is read as running this long from the day it is given, by PACE; before it ends the suspect is charged, released or the bail extended.',
    unit: 'months',
  },
  preChargeBailInspectorMonths: {
    setting: 'Pre-charge bail: inspector’s extension',
    requirements: ['IO-10'],
    interpretation: 'An inspector may extend pre-charge bail to this long from the day it was given (PACE).',
    unit: 'months',
  },
  preChargeBailSuperintendentMonths: {
    setting: 'Pre-charge bail: superintendent’s extension',
    requirements: ['IO-10'],
    interpretation: 'A superintendent may extend pre-charge bail to this long from the day it was given; beyond it only a magistrates’ court can (PACE).',
    unit: 'months',
  },

  // Informal out-of-court disposals
  stalkingCommunityResolutionAllowed: {
    setting: 'Community resolution in a stalking case',
    requirements: ['IO-06'],
    interpretation: 'IO-06: "no action or informal action (e.g. words of advice)" is not used in stalking cases, even at the victim’s request, but the policy does not name a community resolution. It is read as an informal out-of-court disposal, so by default it is refused for stalking, both as an action against the suspect and as an outcome. A force that allows it does so as its own choice, not the policy’s. A caution is a formal disposal and is not affected.',
  },

  // Windows where the policy says "immediately", "promptly" or gives no time
  emergencyDeploymentMinutes: {
    setting: 'Emergency response',
    requirements: ['CS-01'],
    interpretation: 'CS-01: an emergency response where the caller or victim is at risk of immediate harm, with no time given. An officer is deployed within the force’s emergency response target, this many minutes from the report (or from assignment, for attendance).',
    unit: 'minutes',
  },
  priorityDeploymentMinutes: {
    setting: 'Priority call: officer assigned',
    requirements: ['CS-05'],
    interpretation: 'CS-05: the caller is told officers are despatched or when they will arrive, with no time given. A priority call has an officer assigned within this many minutes of the report.',
    unit: 'minutes',
  },
  scheduledDeploymentHours: {
    setting: 'Scheduled call: officer assigned',
    requirements: ['CS-05'],
    interpretation: 'CS-05 gives no time for a call that is neither emergency nor priority. A scheduled call has an officer assigned within this many hours of the report.',
    unit: 'hours',
  },
  attendWithinHours: {
    setting: 'Attendance and primary investigation',
    requirements: ['AO-01'],
    interpretation: 'AO-01 sets out the primary investigation but no time for it. A non-emergency attendance, and the primary investigation with it, is due within this many hours of the officer being assigned.',
    unit: 'hours',
  },
  dutyInspectorNotificationMinutes: {
    setting: 'Threat to life: duty inspector told',
    requirements: ['AO-08'],
    interpretation: 'AO-08: where there is a threat to life the duty inspector is notified "immediately". This is read as within this many minutes of the threat to life being recorded, so the task is not overdue the moment it opens.',
    unit: 'minutes',
  },
  riskEndorsementHours: {
    setting: 'Supervisor endorses the risk grade',
    requirements: ['SV-02', 'TS-05', 'SC-05'],
    interpretation: 'SV-02: a supervisor endorses each DASH risk grade, with no time given. The endorsement is due within this many hours of the assessment; the same window applies to a prompted MARAC referral (TS-05) and a specialist support referral (SC-05).',
    unit: 'hours',
  },
  scuLiaisonHours: {
    setting: 'SCU liaison for high risk',
    requirements: ['TS-05'],
    interpretation: 'TS-05: liaise with the SCU where risk is assessed as high, with no time given. The liaison is due within this many hours of the high grade.',
    unit: 'hours',
  },
  allocationHours: {
    setting: 'Allocation after triage',
    requirements: ['SV-01'],
    interpretation: 'SV-01 asks for an investigation and allocation plan per case, with no time given. A triaged crime is allocated within this many hours of triage.',
    unit: 'hours',
  },
  safetyPlanReviewHours: {
    setting: 'Officer in charge reviews the DASH and safety plan',
    requirements: ['IO-02'],
    interpretation: 'IO-02: the investigating officer reviews the DASH and keeps a safety plan, with no time given. The review is due within this many hours of allocation.',
    unit: 'hours',
  },
  contactPlanDays: {
    setting: 'Victim contact plan agreed',
    requirements: ['XC-01'],
    interpretation: 'XC-01: contact with the victim is logged against its due dates, but the policy does not say when the frequency is agreed. The contact plan is agreed with the victim within this many days of allocation.',
    unit: 'days',
  },
  supervisorReviewDays: {
    setting: 'First supervisor review',
    requirements: ['SV-03'],
    interpretation: 'SV-03 asks for "regular" risk reassessment and supervision without a frequency. The first supervisor review of the investigation and the risk falls this many days after allocation.',
    unit: 'days',
  },
  supportServicesUpdateDays: {
    setting: 'Support services told of no further action',
    requirements: ['IO-13'],
    interpretation: 'IO-13: where the victim engages with support services, they are updated, especially when the case is finalised with no further action; no time is given. The update is due within this many days of that decision.',
    unit: 'days',
  },
  videoInterviewDays: {
    setting: 'Video-recorded interview',
    requirements: ['XC-02'],
    interpretation: 'XC-02: video-recorded interviews are held by a trained officer, with no time given. The interview is due within this many days of being assigned.',
    unit: 'days',
  },

  // Finalisation
  thoroughRationaleMinChars: {
    setting: 'A thorough rationale for no further action',
    requirements: ['AL-06'],
    interpretation: 'AL-06 does not define "thorough". The rationale must have at least this many letters and digits of substance once spaces, punctuation and stock phrases ("no evidence", "NFA", "victim does not support" and the like) are set aside: two or three plain sentences saying what was done and why nothing more would help. A supervisor still reads it.',
    unit: 'characters',
  },
  al08FinalisingRanks: {
    setting: 'Who may finalise outside the specialist units',
    requirements: ['AL-08'],
    interpretation: 'AL-08: a stalking crime investigated outside the specialist units (DA team, Adult Safeguarding, CID) is finalised "by a detective sergeant". Only these ranks may finalise it. The default is the policy’s own, a detective sergeant (DS); a force may widen it, for example to a detective inspector (DI), as its own choice.',
  },

  // Referrals
  serialStalkerVictimCount: {
    setting: 'A serial stalking offender',
    requirements: ['IO-14', 'DI-01'],
    interpretation: 'IO-14 refers "a serial stalking offender" to the Potentially Dangerous Persons process without defining serial. A suspect of stalking against at least this many separate victims is read as serial, for that referral and for the emerging threats list (DI-01).',
    unit: 'victims',
  },

  // Intelligence and SCU case reviews
  flagHitReviewHours: {
    setting: 'Acting on intelligence about a flagged person',
    requirements: ['FL-01', 'AO-09'],
    interpretation: 'FL-01 and AO-09: intelligence on a person with a notify-if flag tasks the flag’s owner, with no time given. The owner acts on it within this many hours.',
    unit: 'hours',
  },
  caseReviewActionDays: {
    setting: 'Action from an SCU case review',
    requirements: ['SC-03'],
    interpretation: 'SC-03: the SCU’s case reviews set actions for the officer in charge, with no time given. Each action is due this many calendar days later unless the reviewer sets a date.',
    unit: 'days',
  },

  // Emerging threats
  serialPerpetratorWindowMonths: {
    setting: 'Emerging threats: serial perpetrators over',
    requirements: ['DI-01'],
    interpretation: 'DI-01 says only "regular interrogation of intelligence to find emerging stalking threats". Serial perpetrators are looked for over the last this-many months.',
    unit: 'months',
  },
  repeatVictimWindowMonths: {
    setting: 'Emerging threats: repeat victims over',
    requirements: ['DI-01'],
    interpretation: 'DI-01 does not define a repeat victim. Repeat victims are looked for over the last this-many months.',
    unit: 'months',
  },
  repeatVictimOccurrenceCount: {
    setting: 'Repeat victim: occurrences',
    requirements: ['DI-01'],
    interpretation: 'A person is a repeat victim when they are the victim in at least this many occurrences in the window.',
    unit: 'occurrences',
  },
  repeatVictimSuspectCount: {
    setting: 'Repeat victim: different suspects',
    requirements: ['DI-01'],
    interpretation: 'A person is also a repeat victim when targeted by at least this many different suspects in the window.',
    unit: 'suspects',
  },
  escalationRecentDays: {
    setting: 'Escalation: recent period',
    requirements: ['DI-01', 'ID-05'],
    interpretation: 'DI-01 looks for escalation and ID-05 shows cumulative risk, without defining either. Escalation compares a course of conduct’s incidents in the last this-many days with the period before.',
    unit: 'days',
  },
  escalationPriorDays: {
    setting: 'Escalation: earlier period',
    requirements: ['DI-01', 'ID-05'],
    interpretation: 'The earlier period the recent incidents are compared with, this many days before the recent period.',
    unit: 'days',
  },
  escalationMinimumRecentIncidents: {
    setting: 'Escalation: least recent incidents',
    requirements: ['DI-01', 'ID-02'],
    interpretation: 'A rising rate counts as escalation only with at least this many incidents in the recent period (a course of conduct is two or more occasions, ID-02).',
    unit: 'incidents',
  },
  breachAndFlagHitDays: {
    setting: 'Emerging threats: recent breaches and flag hits',
    requirements: ['DI-01', 'BR-01', 'FL-01'],
    interpretation: 'DI-01 names breaches as an emerging threat without a period. Breaches of Stalking Protection Orders, and occurrences naming a person with a notify-if flag, are listed for this many days.',
    unit: 'days',
  },

  // Retention (MoPI)
  mopiGroup1ReviewYears: {
    setting: 'Retention group 1: review every',
    requirements: [],
    source: mopi,
    interpretation: 'The stalking policy says nothing of retention; MoPI group 1 (certain public protection matters) records are "reviewed periodically". They are reviewed this often.',
    unit: 'years',
  },
  mopiGroup1RetainUntilAge: {
    setting: 'Retention group 1: kept until the subject’s age',
    requirements: [],
    source: mopi,
    interpretation: 'MoPI group 1 records are kept until the subject is deemed this old; a record whose subject’s date of birth is not known is reviewed without end.',
    unit: 'years',
  },
  mopiGroup2ReviewYears: {
    setting: 'Retention group 2: review every',
    requirements: [],
    source: mopi,
    interpretation: 'MoPI group 2 (other sexual, violent or serious offences) records are reviewed this often.',
    unit: 'years',
  },
  mopiGroup3ClearPeriodYears: {
    setting: 'Retention group 3: clear period',
    requirements: [],
    source: mopi,
    interpretation: 'MoPI group 3 (all other offences) records are reviewed after a clear period of this many years; any further activity on the record starts the period again.',
    unit: 'years',
  },
  mopiGroup1Offences: {
    setting: 'Offences that put a record in retention group 1',
    requirements: [],
    source: mopi,
    interpretation: 'MoPI puts serious specified offences in group 1. By default s4 and s4A (putting people in fear of violence, and stalking involving fear of violence or serious alarm or distress) are read as such, being specified violent offences with a 10-year maximum.',
  },
  mopiGroup2Offences: {
    setting: 'Offences that put a record in retention group 2',
    requirements: [],
    source: mopi,
    interpretation: 'Offences read as "other serious offences" for MoPI group 2. By default none: such records reach group 2 by what the case shows (a threat to life or a high risk grade).',
  },
  mopiSpoSubjectGroup1: {
    setting: 'A Stalking Protection Order subject is retention group 1',
    requirements: [],
    source: mopi,
    interpretation: 'MoPI group 1 covers public protection matters. The subject of a Stalking Protection Order is read as one, as an order is made because the subject poses a risk of stalking harm.',
  },
  mopiThreatToLifeGroup2: {
    setting: 'A threat to life makes a record retention group 2',
    requirements: [],
    source: mopi,
    interpretation: 'MoPI group 2 covers violent offences. A recorded threat to life is read as making the record violent, so at least group 2.',
  },
  mopiHighRiskGroup2: {
    setting: 'A high risk grade makes a record retention group 2',
    requirements: [],
    source: mopi,
    interpretation: 'A high DASH grade (a risk of serious harm) is read as making the record at least MoPI group 2.',
  },
};

/** A row of the Policy page's "How Conduct reads the policy" table. */
export interface InterpretationRow {
  readonly name: PolicyParameterName;
  /** The setting in words. */
  readonly setting: string;
  readonly requirements: readonly string[];
  /** Where there are no requirement IDs: the source of the rule. */
  readonly source?: string;
  readonly interpretation: string;
  /** The default, in words: "24 hours", "DS, DI", "Yes". */
  readonly defaultValue: string;
  /** The value in force, in words. */
  readonly valueInForce: string;
  /** Whether the force has changed the value from its default. */
  readonly changed: boolean;
}

const singular: Readonly<Record<InterpretationUnit, string>> = {
  minutes: 'minute',
  hours: 'hour',
  days: 'day',
  'working days': 'working day',
  months: 'month',
  years: 'year',
  characters: 'character',
  'yes answers': '“yes” answer',
  incidents: 'incident',
  victims: 'victim',
  occurrences: 'occurrence',
  suspects: 'suspect',
};

function unitWords(unit: InterpretationUnit, n: number): string {
  if (n === 1) return singular[unit];
  return unit === 'yes answers' ? '“yes” answers' : unit;
}

/** A parameter's value in words: "24 hours", "1 working day", "DS, DI", "None", "Yes", "18:00". */
export function parameterValueInWords(value: unknown, unit?: InterpretationUnit): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return unit ? `${value} ${unitWords(unit, value)}` : String(value);
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : 'None';
  return String(value);
}

/**
 * Every interpretation as a row, in the order the parameters are defined, with its default and
 * the value in force (the force's parameters; the defaults when none are given).
 */
export function interpretationRows(inForce: PolicyParameters = defaultParameters): InterpretationRow[] {
  return (Object.keys(policyParametersSchema.shape) as PolicyParameterName[]).map((name) => {
    // A parameter added without an entry still shows (the test fails until it is explained).
    const entry: Interpretation = (interpretations[name] as Interpretation | undefined) ?? { setting: name, requirements: [], interpretation: 'Not yet explained.' };
    const defaultValue = parameterValueInWords(defaultParameters[name], entry.unit);
    const valueInForce = parameterValueInWords(inForce[name], entry.unit);
    return {
      name,
      setting: entry.setting,
      requirements: entry.requirements,
      ...(entry.source ? { source: entry.source } : {}),
      interpretation: entry.interpretation,
      defaultValue,
      valueInForce,
      changed: valueInForce !== defaultValue,
    };
  });
}
