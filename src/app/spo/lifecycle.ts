import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../store/schema';
import type { Actor } from '../../domain/actor';
import { considerSpo, authoriseSpo } from '../../policy/spo';
import { computeDeadlines } from '../../policy/deadlines';
import { addMonths } from '../../policy/calendar';
import { defaultParameters } from '../../policy/parameters';
import { offences, ranks, recordedOffenceNames, spoBreachOffence } from '../../policy/vocabulary';
import { insertParty, listParties } from '../../store/repositories/intake';
import { findPersonById, type PersonRecord } from '../../store/repositories/people';
import { findSpoCase, insertSpoCase, insertSpoVisit, updateSpoCase, type SpoCaseRecord } from '../../store/repositories/spo';
import { activeFlagsOf, insertFlag } from '../../store/repositories/flags';
import { findUserById } from '../../store/repositories/users';
import { completeTaskRow, insertTask, openTaskOf, reassignOpenTasks } from '../../store/repositories/tasks';
import { findOccurrenceById, updateOccurrence, type OccurrenceRecord } from '../../store/repositories/occurrences';
import { appendLog, type FieldChange } from '../../store/repositories/log';
import { ConflictError, NotFoundError, PolicyViolationError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence, loadVisibleOccurrence, type ChangeContext } from '../intake/occurrence-change';
import { recordOccurrence } from '../intake/record-occurrence';
import { scheduleNextVisit } from './management';
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
        status: decision.considerApplication ? 'considered' : 'not_pursued',
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
      ctx.logged.push({ field: 'spoConsidered', before: null, after: decision.considerApplication ? 'apply: the three conditions appear to be met' : `not pursued: ${decision.missingConditions.map((m) => m.condition).join(', ')}` });
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
      await move(ctx, spo, { status: 'referred', referral: { ...input, by: actor.displayName, at: ctx.now } });
      await ctx.task({ action: 'spo_scu_decision', title: 'SPO referral (SPOR1): approve, return for more information, or decline', requirement: 'SC-04', dueAt: new Date(Date.parse(ctx.now) + 2 * 86_400_000).toISOString(), assigneeRole: 'scu_officer' });
      if (input.crossBorder) {
        await ctx.task({ action: 'spo_cross_border_consultation', title: 'Respondent and victim live in different force areas: consult Legal Services and the victim’s force', requirement: 'SP-06', dueAt: new Date(Date.parse(ctx.now) + 7 * 86_400_000).toISOString(), assigneeUserId: actor.id });
      }
      return { result: undefined };
    },
  });
}

export const scuDecisionInput = z.object({ spoId: z.string().uuid(), decision: z.enum(['approve', 'return', 'decline'], { message: 'Approve, return or decline' }), reason: z.string().trim().min(1, 'Give the reasons').max(5000) }).strict();

/** SC-04, SP-03: the SCU approves, returns for more information, or declines with reasons. */
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
      await move(ctx, spo, { status: 'awaiting_authority', application: { ...input, by: actor.displayName, at: ctx.now } });
      await ctx.task({ action: 'spo_authority', title: 'Authorise or refuse the SPO application (necessity, proportionality, justification, human rights)', requirement: 'SP-04', dueAt: new Date(Date.parse(ctx.now) + 2 * 86_400_000).toISOString(), assigneeRole: 'authorising_superintendent' });
      await ctx.task({ action: 'risk_reassessment', title: 'SPO application made: reassess the risk (it may trigger escalation)', requirement: 'BR-03', dueAt: new Date(Date.parse(ctx.now) + 86_400_000).toISOString(), assigneeUserId: ctx.occurrence.officerInChargeId ?? actor.id });
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
  const rank = (ranks as readonly string[]).includes(actor.rank) ? (actor.rank as (typeof ranks)[number]) : undefined;
  const { spoId, ...facts } = input;
  const decision = authoriseSpo({ ...facts, ...(rank ? { authorisingRank: rank } : {}) });
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: decision.authorised ? 'spo.authorised' : 'spo.authority_refused',
    requirements: decision.requirements,
    reason: input.rationale,
    run: async (ctx) => {
      const spo = await spoAt(ctx, spoId, 'authorise');
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
 * the court-order record with its terms, a notify-if flag on the respondent, and tasks: update the
 * national record, inform the victim and the offender management unit, allocate an offender
 * manager, the initial visit within 7 days; a full order's renewal falls due 3 months before expiry.
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
      await move(ctx, spo, { status: input.outcome, order_type: input.outcome, granted_on: input.hearingDate, expires_on: expiresOn, terms: input.terms, court: { ...input, by: actor.displayName, at: ctx.now } });
      const day = 86_400_000;
      const soon = (days: number) => new Date(Date.parse(ctx.now) + days * day).toISOString();
      const oic = ctx.occurrence.officerInChargeId ?? actor.id;
      await ctx.task({ action: 'spo_update_national_record', title: `Create the court order record and update the national record (${input.outcome} SPO)`, requirement: 'SP-05', dueAt: soon(1), assigneeUserId: oic });
      await ctx.task({ action: 'inform_victim', title: `Inform the victim of the ${input.outcome} Stalking Protection Order and its terms`, requirement: 'SP-05', dueAt: soon(1), assigneeUserId: oic });
      // The first order (interim, or full without one) starts management; a full order after an interim continues it.
      if (spo.status !== 'interim') {
        await ctx.task({ action: 'spo_allocate_offender_manager', title: 'Inform the DA Offender Management unit and allocate an offender manager', requirement: 'SP-07', dueAt: soon(2), assigneeRole: 'offender_manager_supervisor' });
        for (const d of computeDeadlines({ event: 'spo_granted', at: input.hearingDate }).deadlines) {
          await ctx.task({ action: d.action, title: 'Initial visit to the subject (within 7 days of the order)', requirement: d.requirement, dueAt: `${d.due}T17:00:00.000Z`, assigneeRole: 'da_offender_manager' });
        }
      }
      if (expiresOn) {
        for (const d of computeDeadlines({ event: 'spo_expiry', at: expiresOn }).deadlines) {
          await ctx.task({ action: d.action, title: 'Renewal request to the SCU, in writing, with new acts, risk and continued necessity', requirement: d.requirement, dueAt: `${d.due}T17:00:00.000Z`, assigneeRole: 'da_offender_manager' });
        }
      }
      if (input.crossBorder) await ctx.task({ action: 'spo_pass_to_victims_force', title: 'Pass full information about the order to the force where the victim lives', requirement: 'SP-06', dueAt: soon(1), assigneeUserId: oic });
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
      await move(ctx, spo, { offender_manager_id: om.id });
      await reassignOpenTasks(ctx.trx, ctx.occurrence.id, ['initial_visit', 'renewal_request'], om.id);
      const open = await openTaskOf(ctx.trx, ctx.occurrence.id, 'spo_allocate_offender_manager');
      if (open) await completeTaskRow(ctx.trx, open.id, actor.id, ctx.now, `Allocated ${om.displayName}`);
      ctx.logged.push({ field: 'offenderManager', before: null, after: om.displayName });
      return { result: undefined };
    },
  });
}

export const visitInput = z.object({ spoId: z.string().uuid(), visitedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the visit date as YYYY-MM-DD'), note: z.string().trim().min(1, 'Record the visit').max(10_000) }).strict();

/** SP-08: a visit to the subject; the first is the initial visit, due within 7 days of the order. */
export async function recordSubjectVisit(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.manage');
  const input = parseInput(visitInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.visit_recorded',
    requirements: ['SP-08', 'SP-10'],
    reason: input.note,
    run: async (ctx) => {
      const spo = await spoAt(ctx, input.spoId, 'manage');
      const initial = await openTaskOf(ctx.trx, ctx.occurrence.id, 'initial_visit');
      await insertSpoVisit(ctx.trx, { id: randomUUID(), spo_id: spo.id, visited_on: input.visitedOn, kind: initial ? 'initial' : 'scheduled', note: input.note, recorded_by: actor.id, recorded_at: ctx.now });
      if (initial) {
        const late = `${input.visitedOn}T23:59:59.999Z` > initial.dueAt;
        await completeTaskRow(ctx.trx, initial.id, actor.id, ctx.now, late ? 'Initial visit later than 7 days' : 'Initial visit within 7 days');
      }
      ctx.logged.push({ field: 'visit', before: null, after: `${initial ? 'Initial' : 'Scheduled'} visit on ${input.visitedOn}` });
      // SP-08: later visits per the Subject Management Plan: the next one becomes a task.
      const nextVisitDue = await scheduleNextVisit(ctx, spo, input.visitedOn, actor);
      return { result: { kind: initial ? 'initial' : 'scheduled', nextVisitDue } };
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
 * course of conduct and the emerging threats see it. Urgent arrest is the standard response and
 * the risk is reassessed. Other offences disclosed are recorded as well (HOCR).
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
        const whole = await bornWhole(trx, actor, now, breach, original, spo, orderWords);
        const task = async (occurrenceId: string, action: string, title: string, requirement: string, hours: number, role: string) =>
          insertTask(trx, { id: randomUUID(), occurrence_id: occurrenceId, action, title, requirement, assignee_role: role, assignee_user_id: null, district: breach.district, due_at: new Date(Date.parse(now) + hours * 3600_000).toISOString(), status: 'open', created_at: now, completed_at: null, completed_by: null, outcome_note: null });
        await task(breach.id, 'urgent_arrest', 'Breach of a Stalking Protection Order: urgent arrest is the standard response', 'BR-02', 0, 'attending_officer');
        await task(original.id, 'risk_reassessment', 'Order breached: reassess the risk urgently (8-stage timeline)', 'BR-03', 4, 'supervisory_officer');
        if (input.otherOffencesDisclosed) await task(breach.id, 'record_other_offences', `Record the other offences disclosed: ${input.otherOffencesDisclosed.slice(0, 100)}`, 'BR-01', 24, 'call_handler');
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
async function bornWhole(trx: Kysely<Database>, actor: Actor, now: string, breach: OccurrenceRecord, original: OccurrenceRecord, spo: SpoCaseRecord, orderWords: string): Promise<{ suspectName: string }> {
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
  // The crime is recorded at once (ID-07): the recording decision is made.
  const recording = await openTaskOf(trx, breach.id, 'recording_decision');
  if (recording) await completeTaskRow(trx, recording.id, actor.id, now, 'Recorded at once: a breach of a Stalking Protection Order is a crime each time (BR-01)');
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
  return { suspectName: personName(respondent) };
}

function personName(p: PersonRecord): string {
  return [p.forenames, p.surname].filter(Boolean).join(' ') || p.description || 'Unknown person';
}
