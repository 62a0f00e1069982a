import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/schema';
import type { Actor } from '../../domain/actor';
import { considerSpo, authoriseSpo, spoRationaleShortfall } from '../../policy/spo';
import { addMonths } from '../../policy/calendar';
import { initialVisitOwed, nextVisitOwed, type SpoOrderOnCase } from '../../policy/spo-obligations';
import { defaultParameters } from '../../policy/parameters';
import { offences, ranks, recordedOffenceNames, spoBreachOffence } from '../../policy/vocabulary';
import { insertParty, listParties } from '../../store/repositories/intake';
import { findPersonById, type PersonRecord } from '../../store/repositories/people';
import { findSpoCase, insertSpoCase, insertSpoVisit, updateSpoCase, type SpoCaseRecord } from '../../store/repositories/spo';
import { activeFlagsOf, insertFlag } from '../../store/repositories/flags';
import { findUserById } from '../../store/repositories/users';
import { loadSpoOrderFacts } from '../../store/repositories/obligation-facts-spo';
import { findOccurrenceById, updateOccurrence, type OccurrenceRecord } from '../../store/repositories/occurrences';
import { appendLog, type FieldChange } from '../../store/repositories/log';
import { ConflictError, NotFoundError, PolicyViolationError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence, loadVisibleOccurrence, type ChangeContext } from '../intake/occurrence-change';
import { recordOccurrence } from '../intake/record-occurrence';
import { reconcileObligations } from '../obligations/reconcile';
import { reviewerFor } from '../investigation/triage';
import { refreshRetention } from '../retention/refresh';

/** Where each stage may be taken from. An illegal move (a court outcome before authority) is refused and writes nothing. */
const stageFrom: Record<string, readonly string[]> = {
  refer: ['considered', 'returned'],
  scu_decide: ['referred'],
  apply: ['approved'],
  authorise: ['awaiting_authority'],
  court: ['authorised', 'adjourned', 'interim'],
  manage: ['interim', 'full'],
  breach: ['interim', 'full'],
};

const statusLabel = (s: string) => s.replace(/_/g, ' ');

/** Loads an order's case of this occurrence and checks the stage may be taken from its status. */
async function spoAt(ctx: ChangeContext, spoId: string, stage: keyof typeof stageFrom): Promise<SpoCaseRecord> {
  const spo = await findSpoCase(ctx.trx, spoId);
  if (!spo || spo.occurrenceId !== ctx.occurrence.id) throw new NotFoundError('No Stalking Protection Order case with that id on this occurrence');
  if (!stageFrom[stage]!.includes(spo.status)) {
    throw new PolicyViolationError([{ requirement: 'SP-05', message: `The order's case is ${statusLabel(spo.status)}: this step comes only after ${stageFrom[stage]!.map(statusLabel).join(' or ')}` }]);
  }
  return spo;
}

async function move(ctx: ChangeContext, spo: SpoCaseRecord, set: Record<string, unknown>): Promise<void> {
  const json = Object.fromEntries(Object.entries(set).map(([k, v]) => [k, v !== null && typeof v === 'object' ? JSON.stringify(v) : v]));
  if (!(await updateSpoCase(ctx.trx, spo.id, spo.version, { ...json, updated_at: ctx.now }))) {
    throw new ConflictError('This order’s case changed since you opened it: reload and try again');
  }
  if (typeof set.status === 'string') ctx.logged.push({ field: 'spoStatus', before: spo.status, after: set.status });
}

/** The order's facts as the obligations read them, inside this change (policy/spo-obligations.ts). */
export async function orderFactsOf(ctx: ChangeContext, spoId: string): Promise<SpoOrderOnCase> {
  const found = (await loadSpoOrderFacts(ctx.trx, ctx.occurrence.id)).find((o): o is SpoOrderOnCase => o.kind === 'order' && o.id === spoId);
  if (!found) throw new NotFoundError('No Stalking Protection Order case with that id on this occurrence');
  return found;
}

const flag = z.boolean({ message: 'Answer yes or no' });

export const considerSpoInput = z
  .object({
    respondentPersonId: z.string().uuid('Choose the respondent (the suspect)'),
    actsAssociatedWithStalking: flag,
    posesRiskOfStalking: flag,
    orderNecessaryToProtect: flag,
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

/** SP-01, SV-04: an SPO is considered in every stalking case; the decision says whether to apply and why. */
export async function considerStalkingProtectionOrder(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.refer');
  const input = parseInput(considerSpoInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.considered',
    requirements: ['SP-01', 'SV-04'],
    reason: input.note ?? null,
    run: async (ctx) => {
      const parties = await listParties(ctx.trx, ctx.occurrence.id);
      if (!parties.some((p) => p.role === 'suspect' && p.person.id === input.respondentPersonId)) throw new ValidationError([{ field: 'respondentPersonId', message: 'The respondent must be a suspect in this occurrence' }]);
      const offence = (offences as readonly string[]).includes(ctx.occurrence.offence ?? '') ? (ctx.occurrence.offence as (typeof offences)[number]) : 'none';
      const decision = considerSpo({ offence, actsAssociatedWithStalking: input.actsAssociatedWithStalking, posesRiskOfStalking: input.posesRiskOfStalking, orderNecessaryToProtect: input.orderNecessaryToProtect });
      const id = randomUUID();
      await insertSpoCase(ctx.trx, {
        id,
        occurrence_id: ctx.occurrence.id,
        respondent_person_id: input.respondentPersonId,
        status: decision.conditionsMet ? 'considered' : 'not_pursued',
        consideration: JSON.stringify({ ...input, decision, by: actor.displayName, at: ctx.now }),
        referral: null,
        scu_decision: null,
        application: null,
        authority: null,
        court: null,
        order_type: null,
        granted_on: null,
        expires_on: null,
        terms: null,
        offender_manager_id: null,
        created_at: ctx.now,
        created_by: actor.id,
        updated_at: ctx.now,
        version: 1,
      });
      ctx.logged.push({ field: 'spoConsidered', before: null, after: decision.conditionsMet ? 'apply: the three conditions appear to be met' : `not pursued: ${decision.missingConditions.map((m) => m.condition).join(', ')}` });
      return { result: { id, decision } };
    },
  });
}

const term = z.object({ kind: z.enum(['prohibition', 'requirement']), text: z.string().trim().min(1).max(1000) }).strict();

export const referSpoInput = z
  .object({
    spoId: z.string().uuid(),
    personsToBeProtected: z.string().trim().min(1, 'Name the person or people to be protected').max(1000),
    actsAssociatedWithStalking: z.string().trim().min(1, 'Describe the acts associated with stalking').max(10_000),
    risk: z.string().trim().min(1, 'Describe the risk of stalking the respondent poses').max(10_000),
    whyNecessary: z.string().trim().min(1, 'Say why an order is necessary to protect them').max(10_000),
    proposedTerms: z.array(term).min(1, 'Propose at least one prohibition or requirement').max(30),
    crossBorder: z.boolean().default(false),
  })
  .strict();

/** SP-02, SC-04: the referral (SPOR1 content) goes to the SCU's queue for a decision. */
export async function referStalkingProtectionOrder(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.refer');
  const input = parseInput(referSpoInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.referred',
    requirements: ['SP-02', 'SC-04'],
    run: async (ctx) => {
      const spo = await spoAt(ctx, input.spoId, 'refer');
      // SC-04, SP-06: the SCU's decision (and a cross-border consultation) follow as obligations.
      await move(ctx, spo, { status: 'referred', referral: { ...input, by: actor.displayName, at: ctx.now } });
      return { result: undefined };
    },
  });
}

export const scuDecisionInput = z.object({ spoId: z.string().uuid(), decision: z.enum(['approve', 'return', 'decline'], { message: 'Approve, return or decline' }), reason: z.string().trim().min(1, 'Give the reasons').max(5000) }).strict();

/** SC-04, SP-03: the SCU approves, returns for more information, or declines with reasons; an approval owes the officer in charge the application. */
export async function decideSpoReferral(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.scu_decide');
  const input = parseInput(scuDecisionInput, raw);
  const status = { approve: 'approved', return: 'returned', decline: 'declined' }[input.decision];
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: `spo.referral_${status}`,
    requirements: ['SC-04', 'SP-03'],
    reason: input.reason,
    run: async (ctx) => {
      const spo = await spoAt(ctx, input.spoId, 'scu_decide');
      await move(ctx, spo, { status, scu_decision: { ...input, by: actor.displayName, at: ctx.now } });
      return { result: undefined };
    },
  });
}

export const applySpoInput = z.object({ spoId: z.string().uuid(), overarchingStatement: z.string().trim().min(1, 'Write the overarching statement').max(50_000), hearingRequested: z.string().trim().max(200).optional() }).strict();

/** SP-03, BR-03: the overarching statement and application (SPO1) go for superintendent authority; an application may trigger escalation, so risk is reassessed. */
export async function applyForStalkingProtectionOrder(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.refer');
  const input = parseInput(applySpoInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.application_prepared',
    requirements: ['SP-03', 'BR-03'],
    run: async (ctx) => {
      const spo = await spoAt(ctx, input.spoId, 'apply');
      // SP-04, BR-03: the superintendent's authority and the risk reassessment follow as obligations.
      await move(ctx, spo, { status: 'awaiting_authority', application: { ...input, by: actor.displayName, at: ctx.now } });
      return { result: undefined };
    },
  });
}

export const authoriseSpoInput = z
  .object({
    spoId: z.string().uuid(),
    necessary: flag,
    proportionate: flag,
    justified: flag,
    humanRightsOfVictimConsidered: flag,
    humanRightsOfRespondentConsidered: flag,
    rationale: z.string().trim().min(1, 'Record your rationale').max(10_000),
  })
  .strict();

/** SP-04: the authorising officer decides necessity, proportionality and justification, with both parties' human rights; the rationale is recorded. */
export async function decideSpoAuthority(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.authorise');
  const input = parseInput(authoriseSpoInput, raw);
  // SP-04: a rationale of substance is part of the form: a thin one is sent back, nothing written.
  const shortfall = spoRationaleShortfall(input.rationale);
  if (shortfall) throw new ValidationError([{ field: 'rationale', message: shortfall }]);
  // SP-03: the decider's rank and the SCU's approval of the referral are required inputs of the decision.
  const rank = (ranks as readonly string[]).includes(actor.rank) ? (actor.rank as (typeof ranks)[number]) : undefined;
  if (!rank) throw new PolicyViolationError([{ requirement: 'SP-03', message: 'Your rank is not recorded: the SPO1 goes to a superintendent for authority' }]);
  const { spoId, ...facts } = input;
  const scuApprovedReferral = (await findSpoCase(deps.store.db, spoId))?.scuDecision?.decision === 'approve';
  const decision = authoriseSpo({ ...facts, authorisingRank: rank, scuApprovedReferral });
  // Who may decide, and whether the application is for authority at all, refuse the step (nothing written); the merits are recorded.
  const notForAuthority = decision.violations.filter((v) => v.requirement === 'SP-03');
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: decision.authorised ? 'spo.authorised' : 'spo.authority_refused',
    requirements: decision.requirements,
    reason: input.rationale,
    run: async (ctx) => {
      const spo = await spoAt(ctx, spoId, 'authorise');
      if (notForAuthority.length) throw new PolicyViolationError(notForAuthority);
      await move(ctx, spo, { status: decision.authorised ? 'authorised' : 'refused', authority: { ...input, decision, by: actor.displayName, at: ctx.now } });
      return { result: decision };
    },
  });
}

export const courtOutcomeInput = z
  .object({
    spoId: z.string().uuid(),
    hearingDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the hearing date as YYYY-MM-DD'),
    outcome: z.enum(['interim', 'full', 'refused', 'adjourned'], { message: 'Select the court’s outcome' }),
    terms: z.array(term).max(30).default([]),
    /** A full order lasts a fixed period of at least 2 years, or until further order. */
    expiresOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the expiry as YYYY-MM-DD').optional(),
    untilFurtherOrder: z.boolean().default(false),
    crossBorder: z.boolean().default(false),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.outcome === 'interim' || v.outcome === 'full') && !v.terms.length) ctx.addIssue({ code: 'custom', path: ['terms'], message: 'Record each prohibition and requirement of the order' });
    if (v.outcome === 'full' && !v.untilFurtherOrder) {
      if (!v.expiresOn) ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'Enter the expiry, or that it lasts until further order' });
      else if (v.expiresOn < addMonths(v.hearingDate, 24)) ctx.addIssue({ code: 'custom', path: ['expiresOn'], message: 'A full order has effect for at least 2 years (Stalking Protection Act 2019)' });
    }
  });

/**
 * SP-05, SP-06, SP-07, SP-08, SP-09: the court's outcome. A granted order (interim or full) becomes
 * the court-order record with its terms (each order the court made is kept, in order) and a
 * notify-if flag on the respondent. What it sets going follows as obligations
 * (policy/spo-obligations.ts): update the national record, inform the victim, allocate an
 * offender manager, the initial visit within 7 days, a full order's renewal 3 months before expiry.
 */
export async function recordCourtOutcome(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.court');
  const input = parseInput(courtOutcomeInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: `spo.court_${input.outcome}`,
    requirements: ['SP-05', 'SP-07', 'SP-08', 'SP-09'],
    run: async (ctx) => {
      const spo = await spoAt(ctx, input.spoId, 'court');
      if (input.outcome === 'refused' || input.outcome === 'adjourned') {
        await move(ctx, spo, { status: input.outcome, court: { ...input, by: actor.displayName, at: ctx.now } });
        return { result: undefined };
      }
      if (spo.status === 'interim' && input.outcome === 'interim') throw new ValidationError([{ field: 'outcome', message: 'An interim order is already in place: record the full order, a refusal or an adjournment' }]);
      const expiresOn = input.outcome === 'full' ? (input.untilFurtherOrder ? null : input.expiresOn!) : null;
      const earlier = Array.isArray(spo.court?.grants) ? (spo.court.grants as unknown[]) : [];
      const grants = [...earlier, { orderType: input.outcome, grantedOn: input.hearingDate, at: ctx.now, crossBorder: input.crossBorder }];
      await move(ctx, spo, { status: input.outcome, order_type: input.outcome, granted_on: input.hearingDate, expires_on: expiresOn, terms: input.terms, court: { ...input, by: actor.displayName, at: ctx.now, grants } });
      // SP-07: a flag on the subject for the life of the order.
      if (!(await activeFlagsOf(ctx.trx, [spo.respondentPersonId])).length) {
        const startsOn = input.hearingDate;
        await insertFlag(ctx.trx, { id: randomUUID(), person_id: spo.respondentPersonId, occurrence_id: ctx.occurrence.id, reason: `Subject of a ${input.outcome} Stalking Protection Order`, notify: 'Task the DA Offender Manager and the SCU: possible breach of a Stalking Protection Order', starts_on: startsOn, expires_on: expiresOn ?? addMonths(startsOn, defaultParameters.flagDurationMonths), status: 'active', review_outcome: null, created_at: ctx.now, created_by: actor.id, updated_at: ctx.now, version: 1 });
        ctx.logged.push({ field: 'notifyIfFlag', before: null, after: 'Flag on the subject of the order' });
      }
      return { result: undefined };
    },
  });
}

export const allocateOmInput = z.object({ spoId: z.string().uuid(), offenderManagerId: z.string().uuid('Choose an offender manager') }).strict();

/** SP-07: an offender manager is allocated to manage the subject. */
export async function allocateOffenderManager(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.manage');
  const input = parseInput(allocateOmInput, raw);
  const om = await findUserById(deps.store.db, input.offenderManagerId);
  if (!om || om.role !== 'da_offender_manager') throw new ValidationError([{ field: 'offenderManagerId', message: 'Choose a DA offender manager' }]);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.offender_manager_allocated',
    requirements: ['SP-07'],
    run: async (ctx) => {
      const spo = await spoAt(ctx, input.spoId, 'manage');
      // The allocation obligation closes, and the offender manager's visits and renewal move to them.
      await move(ctx, spo, { offender_manager_id: om.id });
      ctx.logged.push({ field: 'offenderManager', before: null, after: om.displayName });
      return { result: undefined };
    },
  });
}

export const visitInput = z.object({ spoId: z.string().uuid(), visitedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the visit date as YYYY-MM-DD'), note: z.string().trim().min(1, 'Record the visit').max(10_000) }).strict();

/** SP-08: a visit to the subject; the first is the initial visit, due within 7 days of the order (14 after moving in). Later visits follow the plan (obligations). */
export async function recordSubjectVisit(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.manage');
  const input = parseInput(visitInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.visit_recorded',
    requirements: ['SP-08', 'SP-10'],
    reason: input.note,
    run: async (ctx) => {
      const spo = await spoAt(ctx, input.spoId, 'manage');
      // Whether this is the initial visit, and whether it is late, come from the obligation as it stood.
      const initial = initialVisitOwed(await orderFactsOf(ctx, spo.id), defaultParameters);
      await insertSpoVisit(ctx.trx, { id: randomUUID(), spo_id: spo.id, visited_on: input.visitedOn, kind: initial ? 'initial' : 'scheduled', note: input.note, recorded_by: actor.id, recorded_at: ctx.now });
      const late = initial ? `${input.visitedOn}T23:59:59.999Z` > initial.dueAt : false;
      const days = initial?.requirement === 'SP-12' ? defaultParameters.movedInInitialVisitDays : defaultParameters.spoInitialVisitDays;
      ctx.logged.push({ field: 'visit', before: null, after: `${initial ? `Initial visit (${late ? `later than ${days} days` : `within ${days} days`})` : 'Scheduled visit'} on ${input.visitedOn}` });
      // SP-08: later visits per the Subject Management Plan follow as an obligation from this one.
      const nextVisitDue = nextVisitOwed(await orderFactsOf(ctx, spo.id), defaultParameters)?.due ?? null;
      return { result: { kind: initial ? 'initial' : 'scheduled', late, nextVisitDue } };
    },
  });
}

export const breachInput = z
  .object({
    spoId: z.string().uuid(),
    receivedAt: z.iso.datetime({ offset: true, message: 'Enter when the breach was reported' }),
    location: z.string().trim().min(1, 'Enter where it happened').max(500),
    account: z.string().trim().min(1, 'Describe the breach').max(20_000),
    otherOffencesDisclosed: z.string().trim().max(2000).optional(),
  })
  .strict();

/**
 * BR-01 to BR-03: each breach is its own crime record ('Breach of Stalking Order'), born whole in
 * one transaction: the order's subject as suspect and the original crime's victims as victims (the
 * same person records, never copies), recorded at once as a breach of a Stalking Protection Order
 * (its own crime, never subsumed: ID-03), linked to the order and the original crime both ways
 * (the breach names its order; the order's breaches are the occurrences that name it), so the
 * course of conduct and the emerging threats see it. What the breach owes follows as obligations
 * of the breach's own case (policy/spo-obligations.ts): the urgent arrest (the officer in charge of
 * the order's case, or the duty inspector out of hours), the risk reassessed, and any other
 * offences disclosed recorded as well (HOCR).
 */
export async function recordSpoBreach(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'occurrence.create');
  const input = parseInput(breachInput, raw);
  // Checked first, written in one transaction with the new crime record below.
  const original = await loadVisibleOccurrence(deps.store.db, actor, occurrenceRef);
  const spo = await findSpoCase(deps.store.db, input.spoId);
  if (!spo || spo.occurrenceId !== original.id) throw new NotFoundError('No Stalking Protection Order case with that id on this occurrence');
  if (!stageFrom.breach!.includes(spo.status)) throw new PolicyViolationError([{ requirement: 'BR-01', message: `No order is in force (the case is ${statusLabel(spo.status)}): a breach needs an interim or full order` }]);
  const orderWords = `the ${spo.orderType ? `${spo.orderType} ` : ''}Stalking Protection Order made on ${original.reference}`;
  const made = await recordOccurrence(
    deps,
    actor,
    { receivedAt: input.receivedAt, channel: '101', callGrade: 'priority', district: original.district, location: input.location, firstAccount: `Breach of Stalking Order (order on ${original.reference}). ${input.account}${input.otherOffencesDisclosed ? ` Other offences disclosed: ${input.otherOffencesDisclosed}` : ''}` },
    {
      inTransaction: async (trx, breach) => {
        const now = breach.createdAt;
        // Still in force as this commits (an order discharged meanwhile is not breached).
        const current = await findSpoCase(trx, input.spoId);
        if (!current || !stageFrom.breach!.includes(current.status)) throw new PolicyViolationError([{ requirement: 'BR-01', message: 'The order is no longer in force: a breach needs an interim or full order' }]);
        const whole = await bornWhole(trx, actor, now, breach, original, spo, orderWords, input.otherOffencesDisclosed ?? null);
        await appendLog(trx, {
          actor,
          kind: 'change',
          subjectType: 'occurrence',
          subjectId: original.id,
          occurrenceId: original.id,
          action: 'spo.breach_recorded',
          at: now,
          changes: [{ field: 'breach', before: null, after: `${breach.reference}: breach of ${orderWords}, recorded as its own crime` }],
          reason: `Breach of Stalking Order crime ${breach.reference} recorded against ${whole.suspectName}`,
          requirements: ['BR-01', 'BR-02', 'BR-03'],
        });
        await refreshRetention(trx, breach.id, now);
      },
    },
  );
  // The record as made whole (the new report as first read did not yet name its order or people).
  return (await findOccurrenceById(deps.store.db, made.id)) ?? made;
}

/**
 * BR-01, ID-03: makes the new occurrence the breach crime, whole: the order's subject as suspect,
 * the victims of the order's occurrence as victims (the same person records), classified and
 * recorded as a breach of a Stalking Protection Order, naming its order and the original crime,
 * restricted when the original is (ID-08), with its own log entry naming BR-01.
 */
async function bornWhole(
  trx: Kysely<Database>,
  actor: Actor,
  now: string,
  breach: OccurrenceRecord,
  original: OccurrenceRecord,
  spo: SpoCaseRecord,
  orderWords: string,
  otherOffencesDisclosed: string | null,
): Promise<{ suspectName: string }> {
  const respondent = await findPersonById(trx, spo.respondentPersonId);
  if (!respondent) throw new NotFoundError('The subject of the order is not on record');
  const victims = new Map<string, PersonRecord>();
  for (const p of await listParties(trx, original.id)) if (p.role === 'victim' && p.person.id !== respondent.id) victims.set(p.person.id, p.person);
  const logged: FieldChange[] = [];
  const add = async (person: PersonRecord, role: 'suspect' | 'victim') => {
    await insertParty(trx, { id: randomUUID(), occurrence_id: breach.id, person_id: person.id, role, capacity: null, created_at: now, created_by: actor.id });
    logged.push({ field: role, before: null, after: personName(person) });
  };
  await add(respondent, 'suspect');
  for (const v of victims.values()) await add(v, 'victim');
  const changes = {
    breach_of_spo_id: spo.id,
    parent_occurrence_id: original.id,
    classification: spoBreachOffence,
    offence: spoBreachOffence,
    principal_crime: spoBreachOffence,
    status: 'recorded',
    crime_recorded_at: now,
    // The same people as the original crime: its relationship decides the reviewer (AL-01).
    relationship: original.relationship,
    reviewer: reviewerFor(original.relationship),
    ...(original.workforceInvolved ? { workforce_involved: 1 } : {}),
    ...(original.restricted ? { restricted: 1 } : {}),
    updated_at: now,
  };
  if (!(await updateOccurrence(trx, breach.id, breach.version, changes))) throw new ConflictError('The new breach record changed while it was being made: try again');
  logged.unshift(
    { field: 'breachOf', before: null, after: `${orderWords}` },
    { field: 'offence', before: null, after: recordedOffenceNames[spoBreachOffence] },
    { field: 'status', before: breach.status, after: 'recorded' },
  );
  if (original.restricted) logged.push({ field: 'restricted', before: 0, after: 1 });
  // BR-01: other offences disclosed (the obligation to record them reads this line).
  if (otherOffencesDisclosed) logged.push({ field: 'otherOffencesDisclosed', before: null, after: otherOffencesDisclosed });
  await appendLog(trx, {
    actor,
    kind: 'change',
    subjectType: 'occurrence',
    subjectId: breach.id,
    occurrenceId: breach.id,
    action: 'spo.breach_crime_recorded',
    at: now,
    changes: logged,
    reason: `Breach of Stalking Order: each breach is a new crime, linked to the order (${original.reference})`,
    requirements: ['BR-01', 'ID-03', 'ID-07'],
  });
  // The breach's tasks follow its obligations now that it is whole: the recording decision is made
  // (the crime is recorded at once, ID-07); the urgent arrest, the risk reassessment and any other
  // offences to record are owed (BR-01 to BR-03).
  const tasks = await reconcileObligations(trx, { occurrenceId: breach.id, district: breach.district, now, actorId: actor.id, cause: 'spo.breach_crime_recorded' });
  if (tasks.length) {
    await appendLog(trx, { actor, kind: 'change', subjectType: 'occurrence', subjectId: breach.id, occurrenceId: breach.id, action: 'obligations.derived', at: now, changes: tasks, reason: null, requirements: ['BR-01', 'BR-02', 'BR-03', 'ID-07'] });
  }
  return { suspectName: personName(respondent) };
}

function personName(p: PersonRecord): string {
  return [p.forenames, p.surname].filter(Boolean).join(' ') || p.description || 'Unknown person';
}
