import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/context';
import { ValidationError } from '../../app/errors';
import { reviewerOfCrime, triageOccurrence, triageQueue } from '../../app/investigation/triage';
import { entitledToRestricted } from '../../auth/record-access';
import { allocateOfficerInCharge } from '../../app/investigation/allocation';
import { recordSuspectAction } from '../../app/investigation/suspect';
import { agreeVictimContactPlan, contactMethods, contactOutcomes, recordVictimContact, recordVictimWithdrawal } from '../../app/investigation/victim-care';
import { assignVideoInterview, considerReferrals, finaliseOccurrence, recordReferralStatus, recordTraining, trainingRecords, updateInvestigationPlan } from '../../app/investigation/case-management';
import { allocate } from '../../policy/allocation';
import { outcomes } from '../../policy/finalisation';
import { homeOfficeOutcome } from '../../policy/outcomes';
import { suspectActions } from '../../policy/suspect-management';
import { referralKinds } from '../../policy/referrals';
import { isStalking, relationships, unitNames, units, type Relationship } from '../../policy/vocabulary';
import { listPlanItems, listReferrals, listSuspectActions, listVictimContacts } from '../../store/repositories/investigation';
import { tasksOfOccurrence } from '../../store/repositories/tasks';
import { listUsers } from '../../store/repositories/users';
import type { OccurrenceRecord } from '../../store/repositories/occurrences';
import { formatDateTime, londonParts, londonToUtc } from '../../domain/time';
import { pageContext } from '../server';
import { takeFlash } from '../access';
import { paths } from '../paths';
import { formFields } from '../forms';
import { presentOccurrence } from '../presenters';
import { occurrencePages, why } from './intake';
import { presentCaseReview, renderScuPage } from './scu';
import { caseReviewsOfOccurrence } from '../../store/repositories/scu';

const yes = (v: string | undefined) => v === 'yes' || v === 'true' || v === 'on';
/** Words for the codes these pages list; anything else reads as its words. */
const wordLabels: Record<string, string> = {
  bail_s37_2: 'Bail without charge (PACE s37(2))',
  bail_s37_7: 'Bail for the CPS charging decision (PACE s37(7))',
  mappa: 'MAPPA',
  pdp: 'Potentially dangerous person (PDP)',
  marac: 'MARAC',
  specialist_stalking_support: 'Specialist stalking support service',
  crime_prevention: 'Force Crime Prevention Team',
  dvds: 'Domestic Violence Disclosure Scheme (Clare’s Law)',
  csods: 'Child Sex Offender Disclosure Scheme',
  common_law_disclosure: 'Common-law disclosure',
};
const label = (s: string) => wordLabels[s] ?? s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** The allocation decision on the facts as recorded (shown on the triage and re-triage pages before the DS answers). */
export function recordedAllocation(o: OccurrenceRecord) {
  if (!isStalking(o.offence as never)) return null;
  const rel = (o.relationship ?? 'other') as Relationship;
  return allocate({ offence: o.offence as 's2A' | 's4A', relationship: rel, adultAtRisk: o.adultAtRisk, honourBasedAbuse: o.honourBasedAbuse, coerciveControl: o.coerciveControl, prolongedCourseOfConduct: o.prolongedCourse, significantCumulativeImpact: o.cumulativeImpact, perpetratorEscalation: o.perpetratorEscalation });
}

/** The choices the triage and re-triage forms offer: the suspect's relationship to the victim and the four investigating units. */
export const allocationChoices = {
  relationships: relationships.map((r) => ({ value: r, text: label(r) })),
  units: units.map((u) => ({ value: u, text: unitNames[u] })),
};

/** The allocation decision's facts and the answers to what it proposes, as the triage and re-triage forms post them. */
export function allocationAnswers(v: Record<string, string>) {
  return {
    relationship: v.relationship ?? '',
    adultAtRisk: yes(v.adultAtRisk),
    honourBasedAbuse: yes(v.honourBasedAbuse),
    coerciveControl: yes(v.coerciveControl),
    prolongedCourseOfConduct: yes(v.prolongedCourseOfConduct),
    significantCumulativeImpact: yes(v.significantCumulativeImpact),
    perpetratorEscalation: yes(v.perpetratorEscalation),
    ...(v.reclassifyToS4A ? { reclassifyToS4A: v.reclassifyToS4A === 'yes' } : {}),
    ...(v.unit ? { unit: v.unit } : {}),
    ...(v.overrideReason ? { overrideReason: v.overrideReason } : {}),
  };
}

function nowFromForm(v: Record<string, string>, prefix: string, clock: () => Date): string | undefined {
  const d = v[`${prefix}-day`], m = v[`${prefix}-month`], y = v[`${prefix}-year`], t = /^(\d{1,2})[:.](\d{2})$/.exec((v[`${prefix}-time`] ?? '').trim());
  if (!d && !m && !y) return clock().toISOString();
  if (!d || !m || !y || !t) return undefined;
  return londonToUtc(Number(y), Number(m), Number(d), Number(t[1]), Number(t[2]))?.toISOString();
}

export async function registerInvestigationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { render, submit } = occurrencePages(deps);
  const occ = (r: string) => paths.occurrence(r);

  // ---- triage (TS-01, TS-02, AL-01 to AL-05) ------------------------------------------------
  app.get(paths.triage(), { config: { access: 'triage' } }, async (request, reply) => {
    const queue = await triageQueue(deps, request.actor!, { accessReasons: request.session.accessReasons });
    return reply.view('triage-queue.njk', pageContext(request, reply, {
      title: 'Triage queue',
      flash: takeFlash(request),
      reviewer: queue.reviewer,
      rows: queue.occurrences.map((x) => ({ ...presentOccurrence(x.occurrence), riskGrade: x.riskGrade, endorsed: x.endorsed })),
      // ID-08: restricted crimes awaiting triage open only once the DS gives their reason.
      awaitingReason: queue.awaitingReason.map((x) => ({ ...x, receivedLabel: formatDateTime(x.receivedAt), href: `${paths.occurrence(x.reference)}/access-reason?next=triage` })),
    }));
  });

  const triageData = async (o: OccurrenceRecord) => {
    return {
      heading: 'Triage',
      proposal: recordedAllocation(o),
      reviewerNeeded: reviewerOfCrime(o, o.relationship),
      restrictedToDaTeam: o.restricted,
      ...allocationChoices,
      why: why(['TS-01', 'TS-02', 'TS-05', 'AL-01', 'AL-02', 'AL-03', 'AL-04', 'AL-05']),
    };
  };
  app.get<{ Params: { reference: string } }>('/occurrences/:reference/triage', { config: { access: 'triage' } }, async (request, reply) =>
    render(request, reply, 'occurrences/triage.njk', 'investigation', 'Opened for triage', async (o) => ({ ...(await triageData(o)), values: { relationship: o.relationship ?? '' } })),
  );
  app.post<{ Params: { reference: string } }>('/occurrences/:reference/triage', { config: { access: 'triage' } }, async (request, reply) => {
    const v = formFields(request.body);
    const input = {
      ...allocationAnswers(v),
      threatRiskHarmComplexity: v.threatRiskHarmComplexity ?? '',
      suspectLinksOutsideForce: yes(v.suspectLinksOutsideForce),
      vulnerableOrIntimidatedWitnesses: yes(v.vulnerableOrIntimidatedWitnesses),
    };
    return submit(request, reply, {
      run: () => triageOccurrence(deps, request.actor!, request.params.reference, input),
      flash: 'Triage recorded: allocate an officer in charge',
      redirect: `${occ(request.params.reference)}/investigation`,
      field: 'threatRiskHarmComplexity',
      rerender: (errors) => render(request, reply, 'occurrences/triage.njk', 'investigation', 'Triage (refused)', async (o) => ({ ...(await triageData(o)), values: v, ...errors }), 400),
    });
  });

  // ---- the investigation page ---------------------------------------------------------------
  const investigationData = async (request: FastifyRequest, o: OccurrenceRecord) => {
    const db = deps.store.db;
    const users = await listUsers(db);
    const now = deps.clock().toISOString();
    const openTasks = (await tasksOfOccurrence(db, o.id)).filter((t) => t.status === 'open');
    const london = londonParts(deps.clock());
    return {
      heading: 'Investigation',
      officerInCharge: users.find((u) => u.id === o.officerInChargeId),
      officers: users.filter((u) => u.active && u.role === 'investigating_officer' && (!o.allocatedUnit || u.unitType === o.allocatedUnit) && (!u.district || u.district === o.district) && (!o.restricted || entitledToRestricted(u))),
      abeOfficers: users.filter((u) => u.active && u.abeTrainedOn && (!u.district || u.district === o.district)),
      unitName: o.allocatedUnit ? (unitNames as Record<string, string>)[o.allocatedUnit] ?? o.allocatedUnit : null,
      plan: await listPlanItems(db, o.id),
      suspectActions: (await listSuspectActions(db, o.id)).map((a) => ({ ...a, when: formatDateTime(a.at), label: label(a.action) })),
      contacts: (await listVictimContacts(db, o.id)).map((c) => ({ ...c, when: formatDateTime(c.at) })),
      urgentArrestOpen: openTasks.some((t) => t.action === 'urgent_arrest'),
      informTasks: openTasks.filter((t) => t.action === 'inform_victim' || t.action === 'scheduled_victim_contact' || t.action === 'spo_inform_victim').map((t) => ({ ...t, dueLabel: formatDateTime(t.dueAt), overdue: t.dueAt < now })),
      referrals: (await listReferrals(db, o.id)).map((r) => ({ ...r, kindLabel: label(r.kind) })),
      // Any referral can be recorded, whether or not the check proposed it (a MARAC or support referral owed from the DASH).
      referralKindItems: referralKinds.map((k) => ({ value: k, text: label(k) })),
      scuReviews: (await caseReviewsOfOccurrence(db, o.id)).map(presentCaseReview),
      actionOptions: suspectActions.map((a) => ({ value: a, text: label(a) })),
      methods: contactMethods.map((m) => ({ value: m, text: label(m) })),
      contactOutcomes: contactOutcomes.map((m) => ({ value: m, text: label(m) })),
      outcomes: outcomes.map((x) => ({ value: x, text: `${homeOfficeOutcome[x].code ? `Outcome ${homeOfficeOutcome[x].code}: ` : ''}${homeOfficeOutcome[x].name}` })),
      today: { day: london.day, month: london.month, year: london.year },
      ho: o.outcome ? homeOfficeOutcome[o.outcome as keyof typeof homeOfficeOutcome] : null,
      why: why(['IO-04', 'IO-06', 'IO-08', 'IO-10', 'IO-12', 'IO-13', 'AL-06', 'AL-07', 'AL-08', 'XC-01', 'XC-02']),
    };
  };
  app.get<{ Params: { reference: string } }>('/occurrences/:reference/investigation', { config: { access: 'occurrence.view' } }, async (request, reply) =>
    render(request, reply, 'occurrences/investigation.njk', 'investigation', 'Viewed investigation', async (o) => ({ ...(await investigationData(request, o)), values: {} })),
  );

  const post = (path: string, access: 'allocate' | 'investigate' | 'finalise', field: string, flash: string, run: (ref: string, v: Record<string, string>, request: FastifyRequest) => Promise<unknown>) =>
    app.post<{ Params: { reference: string } }>(`/occurrences/:reference/${path}`, { config: { access } }, async (request, reply) => {
      const v = formFields(request.body);
      return submit(request, reply, {
        run: () => run(request.params.reference, v, request),
        flash,
        redirect: `${occ(request.params.reference)}/investigation`,
        field,
        rerender: (errors) => render(request, reply, 'occurrences/investigation.njk', 'investigation', 'Investigation (refused change)', async (o) => ({ ...(await investigationData(request, o)), values: v, form: path, ...errors }), 400),
      });
    });

  post('allocate', 'allocate', 'officerId', 'Officer in charge allocated', (ref, v, r) => allocateOfficerInCharge(deps, r.actor!, ref, { officerId: v.officerId ?? '' }));
  post('plan', 'investigate', 'line', 'Investigation plan updated', (ref, v, r) => updateInvestigationPlan(deps, r.actor!, ref, { ...(v.itemId ? { itemId: v.itemId } : {}), ...(v.line ? { line: v.line } : {}), status: v.status ?? '', ...(v.note ? { note: v.note } : {}) }));
  post('suspect-actions', 'investigate', 'action', 'Suspect action recorded', (ref, v, r) => {
    const at = nowFromForm(v, 'at', deps.clock);
    if (!at) throw new ValidationError([{ field: 'at', message: 'Enter a real date and a 24-hour time, for example 14:05' }]);
    return recordSuspectAction(deps, r.actor!, ref, {
      action: v.action ?? '',
      at,
      ...(v.conditions ? { conditions: v.conditions } : {}),
      ...(v.victimConsultedOnBail ? { victimConsultedOnBail: yes(v.victimConsultedOnBail) } : {}),
      ...(v.referredToCps ? { referredToCps: yes(v.referredToCps) } : {}),
      ...(v.victimRequestedInformalAction ? { victimRequestedInformalAction: yes(v.victimRequestedInformalAction) } : {}),
      ...(v.note ? { note: v.note } : {}),
    });
  });
  post('victim-contacts', 'investigate', 'note', 'Contact with the victim recorded', (ref, v, r) => recordVictimContact(deps, r.actor!, ref, { ...(v.taskId ? { taskId: v.taskId } : {}), method: v.method ?? '', outcome: v.outcome ?? '', note: v.note ?? '' }));
  post('contact-plan', 'investigate', 'everyDays', 'Victim contact plan agreed', (ref, v, r) => agreeVictimContactPlan(deps, r.actor!, ref, { everyDays: v.everyDays ?? '' }));
  post('withdrawal', 'investigate', 'rationale', 'Victim withdrawal recorded', (ref, v, r) =>
    recordVictimWithdrawal(deps, r.actor!, ref, {
      rationale: v.rationale ?? '',
      supportContactDetailsGiven: yes(v.supportContactDetailsGiven),
      fullWithdrawalStatementObtained: yes(v.fullWithdrawalStatementObtained),
      ...(v.reContactDate ? { reContactDate: v.reContactDate } : {}),
      ...(v.reContactNotPossibleReason ? { reContactNotPossibleReason: v.reContactNotPossibleReason } : {}),
    }),
  );
  post('referrals/consider', 'investigate', 'stalkingVictimsOfSuspect', 'Referrals to consider updated', (ref, v, r) =>
    considerReferrals(deps, r.actor!, ref, {
      stalkingVictimsOfSuspect: v.stalkingVictimsOfSuspect ?? '',
      mappaCategory1RegisteredSexOffender: yes(v.mappa1),
      mappaCategory2ViolentOrSexualOffenderSentenced12MonthsOrMore: yes(v.mappa2),
      mappaCategory3OtherDangerousOffender: yes(v.mappa3),
      presentLikelihoodOfSeriousHarm: yes(v.presentLikelihoodOfSeriousHarm),
      suspectHistoryOfAbuseOrViolence: yes(v.suspectHistoryOfAbuseOrViolence),
      suspectHasAccessToChildren: yes(v.suspectHasAccessToChildren),
      childSexOffenceConcern: yes(v.childSexOffenceConcern),
      othersAtRisk: yes(v.othersAtRisk),
      victimEngagingWithSupport: yes(v.victimEngagingWithSupport),
    }),
  );
  post('referrals', 'investigate', 'note', 'Referral updated', (ref, v, r) => recordReferralStatus(deps, r.actor!, ref, { kind: v.kind ?? '', status: v.status ?? '', note: v.note ?? '' }));
  post('video-interview', 'investigate', 'officerId', 'Video-recorded interview assigned', (ref, v, r) => assignVideoInterview(deps, r.actor!, ref, { officerId: v.officerId ?? '', witness: v.witness ?? '' }));
  post('finalise', 'finalise', 'outcome', 'Crime finalised', (ref, v, r) =>
    finaliseOccurrence(deps, r.actor!, ref, { outcome: v.outcome ?? '', rationale: v.rationale ?? '', proportionateInvestigationComplete: yes(v.proportionateInvestigationComplete) }),
  );

  // ---- SCU lists and training records -------------------------------------------------------
  app.get(paths.scu(), { config: { access: 'scu.lists' } }, async (request, reply) => {
    return renderScuPage(deps, request, reply);
  });
  app.get(paths.training(), { config: { access: 'training.manage' } }, async (request, reply) =>
    reply.view('training.njk', pageContext(request, reply, { title: 'Training records', flash: takeFlash(request), users: await trainingRecords(deps, request.actor!), why: why(['XC-02', 'XC-05']) })),
  );
  app.post<{ Params: { id: string } }>('/training/:id', { config: { access: 'training.manage' } }, async (request, reply) => {
    const v = formFields(request.body);
    try {
      await recordTraining(deps, request.actor!, request.params.id, { abeTrainedOn: v.abeTrainedOn ?? '', elearningCompletedOn: v.elearningCompletedOn ?? '' });
      request.session.flash = { heading: 'Training recorded' };
      return reply.redirect(paths.training(), 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      reply.code(400);
      return reply.view('training.njk', pageContext(request, reply, { title: 'Training records', users: await trainingRecords(deps, request.actor!), errorList: err.issues.map((i) => ({ text: i.message, href: `#${i.field}-${request.params.id}` })), why: why(['XC-02', 'XC-05']) }));
    }
  });
}
