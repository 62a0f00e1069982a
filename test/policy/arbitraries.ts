/**
 * fast-check arbitraries producing VALID inputs for every decision, by decision name. The
 * property suites use them to show every output cites a requirement, matches its output
 * schema, and that broken versions of valid inputs are refused naming the field.
 */
import fc from 'fast-check';
import { callGrades } from '../../src/policy/call-grading.js';
import { deadlineEvents } from '../../src/policy/deadlines.js';
import { outcomes } from '../../src/policy/finalisation.js';
import { occurrenceStatuses } from '../../src/policy/occurrence-progression.js';
import { crimeCodes } from '../../src/policy/principal-crime.js';
import { dashQuestionIds, riskAnswers, stalkingScreeningQuestionIds } from '../../src/policy/risk-questions.js';
import { searchPowerKinds } from '../../src/policy/search-powers.js';
import { suspectActions } from '../../src/policy/suspect-management.js';
import { primaryInvestigationItems } from '../../src/policy/primary-investigation.js';
import { offences, ranks, relationships, riskGrades, units } from '../../src/policy/vocabulary.js';

const MS_PER_DAY = 86_400_000;

/** A day between 2018 and 2035 as 'YYYY-MM-DD'. */
export const dateOnly = fc
  .integer({ min: Date.UTC(2018, 0, 1) / MS_PER_DAY, max: Date.UTC(2035, 11, 31) / MS_PER_DAY })
  .map((day) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10));

/** An instant between 2018 and 2035 as an ISO date-time with Z. */
export const dateTime = fc
  .integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2035, 11, 31, 23, 59, 59) })
  .map((ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));

export const dateOrDateTime = fc.oneof(dateOnly, dateTime);

const partialParameters = fc.option(
  fc.record(
    {
      thoroughRationaleMinChars: fc.integer({ min: 1, max: 200 }),
      flagDurationMonths: fc.integer({ min: 1, max: 36 }),
      flagExtensionMonths: fc.integer({ min: 1, max: 36 }),
      victimUpdateEnhancedWorkingDays: fc.integer({ min: 0, max: 5 }),
      victimUpdateStandardWorkingDays: fc.integer({ min: 0, max: 10 }),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

function withParameters<T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<T & { parameters?: object }> {
  return fc.tuple(arb, partialParameters).map(([input, parameters]) => (parameters === undefined ? input : { ...input, parameters }));
}

const answers = (ids: readonly string[]) => fc.record(Object.fromEntries(ids.map((id) => [id, fc.constantFrom(...riskAnswers)])));

export const classificationInput = fc
  .record({
    fixated: fc.boolean(),
    obsessive: fc.boolean(),
    unwanted: fc.boolean(),
    repeated: fc.boolean(),
    occasions: fc.nat(40),
    seriousAlarmOrDistress: fc.boolean(),
    exPartner: fc.boolean(),
    alarmOrDistress: fc.boolean(),
    actsAssociatedWithStalking: fc.boolean(),
    knewOrOughtToKnow: fc.boolean(),
  }, { requiredKeys: ['fixated', 'obsessive', 'unwanted', 'repeated', 'occasions', 'seriousAlarmOrDistress', 'exPartner'] })
  // Serious alarm or distress is alarm or distress: never answered no alongside it.
  .map((r) => (r.seriousAlarmOrDistress && r.alarmOrDistress === false ? { ...r, alarmOrDistress: true } : r))
  .chain((r) => fc.integer({ min: 0, max: r.occasions }).map((fearOfViolenceOccasions) => ({ ...r, fearOfViolenceOccasions })));

export const allocationInput = fc.record({
  offence: fc.constantFrom('s2A', 's4A'),
  relationship: fc.constantFrom(...relationships),
  adultAtRisk: fc.boolean(),
  honourBasedAbuse: fc.boolean(),
  coerciveControl: fc.boolean(),
  prolongedCourseOfConduct: fc.boolean(),
  significantCumulativeImpact: fc.boolean(),
  perpetratorEscalation: fc.boolean(),
});

export const finalisationInput = withParameters(
  fc.record({
    offence: fc.constantFrom(...offences),
    unit: fc.constantFrom(...units),
    outcome: fc.constantFrom(...outcomes),
    rationale: fc.string({ maxLength: 120 }),
    proportionateInvestigationComplete: fc.boolean(),
    finalisedByRank: fc.constantFrom(...ranks),
    suspectNamed: fc.boolean(),
    suspectArrestedOrInterviewed: fc.boolean(),
    suspectCharged: fc.boolean(),
    victimSupportsAction: fc.option(fc.boolean(), { nil: null }),
  }),
);

export const deadlinesInput = withParameters(
  fc.record(
    {
      event: fc.constantFrom(...deadlineEvents),
      at: dateOrDateTime,
      enhancedService: fc.boolean(),
    },
    { requiredKeys: ['event', 'at'] },
  ),
);

export const riskInput = withParameters(
  fc
    .record(
      {
        answers: answers(dashQuestionIds),
        stalkingScreening: answers(stalkingScreeningQuestionIds),
        victimEngaged: fc.boolean(),
        professionalJudgementGrade: fc.constantFrom(...riskGrades),
        incidentsLast12Months: fc.nat(20),
        previousMaracReferral: fc.boolean(),
        domestic: fc.boolean(),
      },
      { requiredKeys: ['answers', 'victimEngaged'] },
    )
    .map((r) => (r.victimEngaged ? r : { ...r, completedFromRecordsAndObservation: true })),
);

export const spoConsiderationInput = fc.record({
  offence: fc.constantFrom(...offences, 'none'),
  actsAssociatedWithStalking: fc.boolean(),
  posesRiskOfStalking: fc.boolean(),
  orderNecessaryToProtect: fc.boolean(),
});

export const spoAuthorityInput = fc.record(
  {
    necessary: fc.boolean(),
    proportionate: fc.boolean(),
    justified: fc.boolean(),
    humanRightsOfVictimConsidered: fc.boolean(),
    humanRightsOfRespondentConsidered: fc.boolean(),
    rationale: fc.string({ maxLength: 60 }),
    authorisingRank: fc.constantFrom(...ranks),
    scuApprovedReferral: fc.boolean(),
  },
  { requiredKeys: ['necessary', 'proportionate', 'justified', 'humanRightsOfVictimConsidered', 'humanRightsOfRespondentConsidered', 'rationale', 'authorisingRank', 'scuApprovedReferral'] },
);

export const flagReviewInput = withParameters(
  fc
    .record({
      flagStart: dateOnly,
      expiryAfter: fc.option(fc.integer({ min: 1, max: 800 }), { nil: undefined }),
      asOfAfter: fc.integer({ min: 0, max: 900 }),
      incidents: fc.oneof(fc.nat(10), fc.array(dateOnly, { maxLength: 5 })),
    })
    .map(({ flagStart, expiryAfter, asOfAfter, incidents }) => {
      const start = Date.parse(`${flagStart}T00:00:00Z`);
      const day = (n: number) => new Date(start + n * MS_PER_DAY).toISOString().slice(0, 10);
      return {
        flagStart,
        ...(expiryAfter === undefined ? {} : { expiry: day(expiryAfter) }),
        asOf: day(asOfAfter),
        furtherStalkingIncidents: incidents,
      };
    }),
);

export const referralsInput = withParameters(
  fc.record(
    {
      stalking: fc.boolean(),
      domestic: fc.boolean(),
      intimatePartner: fc.boolean(),
      riskGrade: fc.constantFrom(...riskGrades),
      maracRouteMet: fc.boolean(),
      stalkingVictimsOfSuspect: fc.nat(6),
      mappaCategory1RegisteredSexOffender: fc.boolean(),
      mappaCategory2ViolentOrSexualOffenderSentenced12MonthsOrMore: fc.boolean(),
      mappaCategory3OtherDangerousOffender: fc.boolean(),
      presentLikelihoodOfSeriousHarm: fc.boolean(),
      suspectHistoryOfAbuseOrViolence: fc.boolean(),
      suspectHasAccessToChildren: fc.boolean(),
      childSexOffenceConcern: fc.boolean(),
      othersAtRisk: fc.boolean(),
      victimEngagingWithSupport: fc.boolean(),
      notifyIfFlagInPlace: fc.boolean(),
    },
    { requiredKeys: [
      'stalking', 'domestic', 'intimatePartner', 'riskGrade', 'stalkingVictimsOfSuspect', 'mappaCategory1RegisteredSexOffender',
      'mappaCategory2ViolentOrSexualOffenderSentenced12MonthsOrMore', 'mappaCategory3OtherDangerousOffender', 'presentLikelihoodOfSeriousHarm',
      'suspectHistoryOfAbuseOrViolence', 'suspectHasAccessToChildren', 'childSexOffenceConcern', 'othersAtRisk', 'victimEngagingWithSupport',
    ] },
  ),
);

export const suspectManagementInput = withParameters(
  fc
    .record(
      {
        offence: fc.constantFrom(...offences),
        action: fc.constantFrom(...suspectActions),
        victimRequestedInformalAction: fc.boolean(),
        arrestNecessary: fc.boolean(),
        victimConsultedOnBail: fc.boolean(),
        referredToCps: fc.boolean(),
        at: dateOrDateTime,
      },
      { requiredKeys: ['offence', 'action', 'at'] },
    )
    .map((r) => (r.action.startsWith('bail_') ? r : { ...r, at: undefined }))
    .map(({ at, ...rest }) => (at === undefined ? rest : { ...rest, at })),
);

export const callGradingInput = fc.record(
  { immediateRiskOfHarm: fc.boolean(), threatToLife: fc.boolean(), proposedGrade: fc.constantFrom(...callGrades) },
  { requiredKeys: ['immediateRiskOfHarm'] },
);

export const principalCrimeInput = fc.record(
  { offences: fc.array(fc.constantFrom(...crimeCodes), { minLength: 1, maxLength: 8 }), damageValuePounds: fc.integer({ min: 0, max: 100_000 }) },
  { requiredKeys: ['offences'] },
);

export const searchPowersInput = fc.record({ offence: fc.constantFrom(...offences), proposedPower: fc.constantFrom(...searchPowerKinds) }, { requiredKeys: ['offence'] });

export const occurrenceProgressionInput = fc.record(
  {
    from: fc.constantFrom(...occurrenceStatuses),
    to: fc.constantFrom(...occurrenceStatuses),
    offence: fc.constantFrom(...offences, null),
    dashCompleted: fc.boolean(),
    dashEndorsed: fc.boolean(),
    threatToLife: fc.boolean(),
    dutyInspectorNotified: fc.boolean(),
    proportionateInvestigationComplete: fc.boolean(),
  },
  { requiredKeys: ['from', 'to', 'dashCompleted', 'dashEndorsed', 'threatToLife', 'dutyInspectorNotified', 'proportionateInvestigationComplete'] },
);

export const victimWithdrawalInput = withParameters(
  fc.record(
    {
      rationale: fc.string({ maxLength: 40 }),
      supportContactDetailsGiven: fc.boolean(),
      fullWithdrawalStatementObtained: fc.boolean(),
      withdrawnAt: dateOnly,
      reContactDate: dateOnly,
      reContactNotPossibleReason: fc.string({ maxLength: 40 }),
    },
    { requiredKeys: ['rationale', 'supportContactDetailsGiven', 'fullWithdrawalStatementObtained'] },
  ),
);

export const victimDoesNotSupportInput = fc.record({
  reasons: fc.string({ maxLength: 40 }),
  supportReferralOffered: fc.boolean(),
  advisedInvestigationContinues: fc.boolean(),
  advisedCivilOrders: fc.boolean(),
  advisedMayReContact: fc.boolean(),
  remindedNoWordsOfAdvice: fc.boolean(),
});

export const breachPenaltyInput = fc.record({
  convictionDate: dateOnly.filter((d) => d >= '2020-01-20'),
});

export const chargeReviewInput = fc.record(
  {
    proposedCharge: fc.constantFrom(...offences),
    facts: classificationInput,
    injury: fc.constantFrom('none', 'minor', 'serious'),
    provableIntent: fc.boolean(),
    persistentOccasions: fc.nat(10),
    reasonForLesserCharge: fc.string({ maxLength: 30 }),
  },
  { requiredKeys: ['proposedCharge', 'facts', 'injury', 'provableIntent'] },
);

/** A valid-input arbitrary for every registered decision. */
export const primaryInvestigationInput = fc.record(
  {
    threatToLife: fc.boolean(),
    victimDoesNotSupport: fc.boolean(),
    items: fc.dictionary(
      fc.constantFrom(...primaryInvestigationItems.map((i) => i.key)),
      fc.record({ status: fc.constantFrom('outstanding', 'done', 'not_applicable'), reason: fc.string({ maxLength: 40 }) }, { requiredKeys: ['status'] }),
    ),
  },
  { requiredKeys: ['threatToLife', 'victimDoesNotSupport'] },
);

export const investigationPlanInput = fc.record({
  offence: fc.constantFrom(...offences),
  domestic: fc.boolean(),
  victimSupportsProsecution: fc.boolean(),
  digitalEvidence: fc.boolean(),
  suspectLinksOutsideForce: fc.boolean(),
  callsToPolice: fc.boolean(),
  vulnerableOrIntimidatedWitnesses: fc.boolean(),
  riskGrade: fc.constantFrom('standard', 'medium', 'high', null),
});

/** MoPI retention: an occurrence's facts, open or finalised, with or without the subject's date of birth. */
export const retentionInput = withParameters(
  fc.record({
    offence: fc.constantFrom(...offences, null),
    stalkingProtectionOrder: fc.boolean(),
    mappaSubject: fc.boolean(),
    potentiallyDangerousPerson: fc.boolean(),
    riskGrade: fc.constantFrom(...riskGrades, null),
    threatToLife: fc.boolean(),
    finalisedOn: fc.option(dateOrDateTime, { nil: null }),
    lastActivityOn: dateOrDateTime,
    subjectDateOfBirth: fc.option(fc.integer({ min: Date.UTC(1920, 0, 1) / MS_PER_DAY, max: Date.UTC(2010, 0, 1) / MS_PER_DAY }).map((d) => new Date(d * MS_PER_DAY).toISOString().slice(0, 10)), { nil: null }),
    asOf: fc.integer({ min: Date.UTC(2018, 0, 1) / MS_PER_DAY, max: Date.UTC(2060, 0, 1) / MS_PER_DAY }).map((d) => new Date(d * MS_PER_DAY).toISOString().slice(0, 10)),
  }),
);

/** Obligations: a case's facts at any stage, from a fresh report to a finalised crime, and the time to judge them. */
const someone = fc.constantFrom('user-handler', 'user-officer', 'user-ds', 'user-oic');
const maybeTime = fc.option(dateTime, { nil: null });
export const obligationsInput = withParameters(
  fc.record({
    facts: fc.record({
      occurrence: fc.record({
        receivedAt: dateTime,
        callGrade: fc.constantFrom(...callGrades),
        district: fc.constantFrom('leeds', 'bradford'),
        status: fc.constantFrom(...occurrenceStatuses),
        recordedBy: someone,
        crimeRecordedAt: maybeTime,
        attendingOfficerId: fc.option(someone, { nil: null }),
        attendanceAssignedAt: maybeTime,
        threatToLifeMarkedAt: maybeTime,
        dutyInspectorNotifiedAt: maybeTime,
        triagedAt: maybeTime,
        triagedBy: fc.option(someone, { nil: null }),
        officerInChargeId: fc.option(someone, { nil: null }),
        allocatedAt: maybeTime,
        victimContactPlanAgreedAt: maybeTime,
        victimContactEveryDays: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
        finalisedAt: maybeTime,
        finalisedWithoutProceeding: fc.boolean(),
      }),
      stalking: fc.boolean(),
      riskAssessments: fc.array(
        fc.record({
          id: fc.uuid(),
          sequence: fc.integer({ min: 1, max: 9 }),
          assessedAt: dateTime,
          grade: fc.constantFrom(...riskGrades),
          endorsedAt: maybeTime,
          endorsedGrade: fc.option(fc.constantFrom(...riskGrades), { nil: null }),
          maracRoutes: fc.array(fc.constantFrom('yes_count', 'professional_judgement', 'escalation'), { maxLength: 2 }),
          specialistSupportReferral: fc.boolean(),
        }),
        { maxLength: 3 },
      ),
      referrals: fc.array(fc.record({ kind: fc.constantFrom('marac', 'specialist_stalking_support', 'mappa'), status: fc.constantFrom('to_consider', 'made', 'declined', 'not_required'), updatedAt: dateTime }), { maxLength: 3 }),
      suspectEvents: fc.array(fc.record({ id: fc.uuid(), action: fc.constantFrom(...suspectActions), at: dateTime, recordedBy: someone }), { maxLength: 4 }),
      victimContacts: fc.array(fc.record({ id: fc.uuid(), at: dateTime, contacted: fc.boolean() }), { maxLength: 3 }),
      victimRecontacts: fc.array(fc.record({ id: fc.uuid(), due: dateTime, recordedAt: dateTime, recordedBy: someone }), { maxLength: 2 }),
      videoInterviews: fc.array(fc.record({ id: fc.uuid(), witness: fc.constantFrom('the victim', 'a neighbour'), officerId: someone, assignedAt: dateTime }), { maxLength: 2 }),
      caseReviewActions: fc.array(fc.record({ id: fc.uuid(), text: fc.constantFrom('Chase the phone download', 'Seek CCTV'), due: dateTime, recordedAt: dateTime }), { maxLength: 2 }),
      closedByHand: fc.array(fc.record({ key: fc.constantFrom('scu_liaison', 'supervisor_review', 'assign_attending_officer'), at: dateTime }), { maxLength: 2 }),
    }),
    at: dateTime,
  }),
);

export const validInputs: Readonly<Record<string, fc.Arbitrary<object>>> = {
  investigationPlan: investigationPlanInput,
  primaryInvestigation: primaryInvestigationInput,
  classification: classificationInput,
  allocation: allocationInput,
  finalisation: finalisationInput,
  deadlines: deadlinesInput,
  risk: riskInput,
  spoConsideration: spoConsiderationInput,
  spoAuthority: spoAuthorityInput,
  flagReview: flagReviewInput,
  referrals: referralsInput,
  suspectManagement: suspectManagementInput,
  callGrading: callGradingInput,
  principalCrime: principalCrimeInput,
  searchPowers: searchPowersInput,
  occurrenceProgression: occurrenceProgressionInput,
  victimWithdrawal: victimWithdrawalInput,
  victimDoesNotSupport: victimDoesNotSupportInput,
  breachPenalty: breachPenaltyInput,
  chargeReview: chargeReviewInput,
  retention: retentionInput,
  obligations: obligationsInput,
};
