import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { computeDeadlines } from '../../policy/deadlines';
import { addMonths } from '../../policy/calendar';
import { mayDischarge, nextSpoReview } from '../../policy/spo-management';
import { insertSpoCase, findSpoCase, insertSpoManagementPack, insertSpoReview, spoManagementPacks, updateSpoCase, type SpoCaseRecord, type SpoDischarge } from '../../store/repositories/spo';
import { activeFlagsOf, insertFlag, updateFlagRow } from '../../store/repositories/flags';
import { listParties } from '../../store/repositories/intake';
import { defaultParameters } from '../../policy/parameters';
import { ConflictError, NotFoundError, PolicyViolationError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence, type ChangeContext } from '../intake/occurrence-change';

/**
 * Managing a Stalking Protection Order once made: the subject management pack and plan
 * (SP-07, SP-08), supervisor reviews (SP-10), renewal (SP-09), variation (SP-14), moves out of
 * and into the force area (SP-11, SP-12) and discharge (SP-13). Each use case records what
 * happened; what is owed next (visits, reviews, the renewal, notifying the new force, each step
 * of a discharge) follows as obligations (policy/spo-obligations.ts), reconciled in the same
 * transaction.
 */

const date = (message: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, message);
const text = (message: string, max = 10_000) => z.string().trim().min(1, message).max(max);
const inForce = ['interim', 'full'] as const;
const statusLabel = (s: string) => s.replace(/_/g, ' ');
const today = (ctx: ChangeContext) => ctx.now.slice(0, 10);

async function orderAt(ctx: ChangeContext, spoId: string, statuses: readonly string[], requirement: string, what: string): Promise<SpoCaseRecord> {
  const spo = await findSpoCase(ctx.trx, spoId);
  if (!spo || spo.occurrenceId !== ctx.occurrence.id) throw new NotFoundError('No Stalking Protection Order case with that id on this occurrence');
  if (!statuses.includes(spo.status)) throw new PolicyViolationError([{ requirement, message: `The order's case is ${statusLabel(spo.status)}: ${what} only when it is ${statuses.map(statusLabel).join(' or ')}` }]);
  return spo;
}

async function save(ctx: ChangeContext, spo: SpoCaseRecord, set: Record<string, unknown>): Promise<void> {
  const json = Object.fromEntries(Object.entries(set).map(([k, v]) => [k, v !== null && typeof v === 'object' ? JSON.stringify(v) : v]));
  if (!(await updateSpoCase(ctx.trx, spo.id, spo.version, { ...json, updated_at: ctx.now }))) throw new ConflictError('This order’s case changed since you opened it: reload and try again');
  if (typeof set.status === 'string') ctx.logged.push({ field: 'spoStatus', before: spo.status, after: set.status });
}

// SP-07: subject management pack ---------------------------------------------------------------

const lines = (max: number, message: string) => z.array(z.string().trim().min(1).max(500)).min(1, message).max(max);

export const managementPackInput = z
  .object({
    spoId: z.string().uuid(),
    names: lines(10, 'Enter the name(s) the subject uses'),
    homeAddress: text('Enter the subject’s home address', 1000),
    requirements: lines(30, 'Record the notification requirements'),
  })
  .strict();

/** SP-07: the notification requirements in a versioned subject management pack; a new version only on a change of name, address or requirements. */
export async function recordManagementPack(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.manage');
  const input = parseInput(managementPackInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.management_pack_issued',
    requirements: ['SP-07'],
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, inForce, 'SP-07', 'the subject management pack is issued');
      const packs = await spoManagementPacks(ctx.trx, spo.id);
      const last = packs.at(-1);
      const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
      const changed = last ? [!same(last.names, input.names) && 'name', last.homeAddress !== input.homeAddress && 'address', !same(last.requirements, input.requirements) && 'requirements'].filter((x): x is string => !!x) : ['first issue'];
      if (!changed.length) throw new ValidationError([{ field: 'names', message: 'Nothing has changed: the pack is re-issued only on a change of name, address or requirements' }]);
      const version = (last?.version ?? 0) + 1;
      await insertSpoManagementPack(ctx.trx, { id: randomUUID(), spo_id: spo.id, version, names: JSON.stringify(input.names), home_address: input.homeAddress, requirements: JSON.stringify(input.requirements), changed: JSON.stringify(changed), recorded_by: actor.id, recorded_at: ctx.now });
      await save(ctx, spo, {});
      ctx.logged.push({ field: 'subjectManagementPack', before: last ? `version ${last.version}` : null, after: `version ${version} (${changed.join(', ')})` });
      return { result: { version, changed } };
    },
  });
}

export const managementPlanInput = z
  .object({
    spoId: z.string().uuid(),
    visitFrequencyWeeks: z.coerce.number({ message: 'Enter how often to visit, in weeks' }).int('Enter a whole number of weeks').min(1, 'Visit at least every 52 weeks, at most weekly').max(52, 'Visit at least every 52 weeks, at most weekly'),
    intelligence: z.string().trim().max(5000).optional(),
  })
  .strict();

/** SP-07, SP-08: the subject management plan, one action per prohibition and requirement of the order, with the visit schedule. */
export async function setManagementPlan(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.manage');
  const input = parseInput(managementPlanInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.management_plan_set',
    requirements: ['SP-07', 'SP-08', 'SP-10'],
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, inForce, 'SP-07', 'the subject management plan is set');
      const items = spo.terms.map((term) => ({ term, action: term.kind === 'prohibition' ? `Monitor compliance with the prohibition: ${term.text}. Check intelligence and incidents at each visit; a breach is urgent arrest (BR-02).` : `Check the subject complies with the requirement: ${term.text}. Record evidence of compliance at each visit.` }));
      const plan = { visitFrequencyWeeks: input.visitFrequencyWeeks, items, ...(input.intelligence ? { intelligence: input.intelligence } : {}), by: actor.displayName, at: ctx.now };
      // Visits (after the initial visit, from the last one) and the supervisor's reviews follow the plan as obligations.
      await save(ctx, spo, { management_plan: plan });
      ctx.logged.push({ field: 'subjectManagementPlan', before: spo.managementPlan ? `visits every ${spo.managementPlan.visitFrequencyWeeks} weeks` : null, after: `visits every ${input.visitFrequencyWeeks} weeks; ${items.length} terms managed` });
      return { result: plan };
    },
  });
}

// SP-10: supervisor reviews ----------------------------------------------------------------------

export const reviewInput = z
  .object({
    spoId: z.string().uuid(),
    riskLevel: z.enum(['high', 'medium', 'standard'], { message: 'Select the subject’s current risk' }),
    riskFactors: text('Record the risk factors that have gone up or down'),
    positiveChanges: text('Record any positive changes'),
    compliance: text('Record the subject’s compliance'),
    observations: text('Record your observations and professional judgement'),
    recommendedChanges: text('Record the changes you recommend, or none'),
  })
  .strict();

/** SP-10: the offender-manager supervisor reviews the pack, recording the five review points; the next review is set by risk and the order's length. */
export async function recordSupervisorReview(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.review');
  const input = parseInput(reviewInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.supervisor_review',
    requirements: ['SP-10'],
    reason: input.recommendedChanges,
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, inForce, 'SP-10', 'the subject management pack is reviewed');
      const { spoId, riskLevel, ...points } = input;
      const next = nextSpoReview(today(ctx), riskLevel, spo.expiresOn);
      // The next review follows from this one as an obligation.
      await insertSpoReview(ctx.trx, { id: randomUUID(), spo_id: spoId, reviewed_on: today(ctx), risk_level: riskLevel, points: JSON.stringify(points), next_review_due: next.due, recorded_by: actor.id, recorded_at: ctx.now });
      await save(ctx, spo, {});
      ctx.logged.push({ field: 'supervisorReview', before: null, after: `${riskLevel} risk; ${next.explanation}` });
      return { result: { nextReviewDue: next.due, explanation: next.explanation } };
    },
  });
}

// SP-09: renewal; SP-14: variation ----------------------------------------------------------------

export const renewalInput = z
  .object({
    spoId: z.string().uuid(),
    newActs: text('Give evidence of new acts of stalking, or say there are none'),
    risk: text('Describe the risk the subject now poses'),
    continuedNecessity: text('Say why the order is still necessary'),
    operationalReason: z.string().trim().max(5000).optional(),
  })
  .strict();

/** SP-09: the renewal request, in writing to the SCU, no later than 3 months before expiry unless there is a recorded operational reason. */
export async function requestRenewal(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.manage');
  const input = parseInput(renewalInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.renewal_requested',
    requirements: ['SP-09'],
    reason: input.operationalReason ?? null,
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, inForce, 'SP-09', 'a renewal is requested');
      if (!spo.expiresOn) throw new PolicyViolationError([{ requirement: 'SP-09', message: 'The order lasts until further order: it has no expiry to renew' }]);
      const due = computeDeadlines({ event: 'spo_expiry', at: spo.expiresOn }).deadlines[0]!.due;
      const late = today(ctx) > due;
      if (late && !input.operationalReason) throw new ValidationError([{ field: 'operationalReason', message: `The renewal was due to the SCU by ${due} (3 months before expiry): record the operational reason it is late (SP-09)` }]);
      // The request meets the renewal obligation; the SCU's decision is owed next.
      await save(ctx, spo, { renewal: { ...input, forExpiry: spo.expiresOn, dueBy: due, late, by: actor.displayName, at: ctx.now } });
      ctx.logged.push({ field: 'renewalRequest', before: null, after: late ? `late (due ${due}): ${input.operationalReason}` : `in time (due ${due})` });
      return { result: { late, dueBy: due } };
    },
  });
}

const term = z.object({ kind: z.enum(['prohibition', 'requirement']), text: z.string().trim().min(1).max(1000) }).strict();

export const renewalGrantedInput = z
  .object({
    spoId: z.string().uuid(),
    renewedOn: date('Enter the date the court renewed the order as YYYY-MM-DD'),
    newExpiry: date('Enter the renewed order’s expiry as YYYY-MM-DD'),
  })
  .strict();

/**
 * SP-09: the court renews a full order to a new expiry. The SCU's renewal decision is met, the
 * subject's flag runs to the new expiry, and the next renewal request falls due 3 months before
 * it (obligations).
 */
export async function recordRenewalGranted(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.court');
  const input = parseInput(renewalGrantedInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.renewed',
    requirements: ['SP-09'],
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, ['full'], 'SP-09', 'the order is renewed');
      if (!spo.expiresOn) throw new ValidationError([{ field: 'newExpiry', message: 'This order lasts until further order: there is nothing to renew' }]);
      if (input.newExpiry <= spo.expiresOn) throw new ValidationError([{ field: 'newExpiry', message: `The renewed order must run beyond its current expiry (${spo.expiresOn})` }]);
      if (input.renewedOn > input.newExpiry) throw new ValidationError([{ field: 'renewedOn', message: 'The renewal date must come before the new expiry' }]);
      await save(ctx, spo, { expires_on: input.newExpiry, renewal: { ...(spo.renewal ?? {}), granted: { ...input, by: actor.displayName, at: ctx.now } } });
      for (const flag of await activeFlagsOf(ctx.trx, [spo.respondentPersonId])) {
        if (flag.expiresOn < input.newExpiry) await updateFlagRow(ctx.trx, flag.id, flag.version, { expires_on: input.newExpiry, updated_at: ctx.now });
      }
      ctx.logged.push({ field: 'expiry', before: spo.expiresOn, after: input.newExpiry });
      return { result: undefined };
    },
  });
}

export const variationInput = z
  .object({
    spoId: z.string().uuid(),
    variedOn: date('Enter the date the court varied the order as YYYY-MM-DD'),
    terms: z.array(term).min(1, 'Record each prohibition and requirement of the varied order').max(30),
    reason: text('Record why the order was varied', 5000),
  })
  .strict();

/** SP-14: a variation replaces the order's terms; every earlier set of terms is kept. A plan made before it is owed an update (SP-07, obligations). */
export async function varyOrder(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.court');
  const input = parseInput(variationInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.varied',
    requirements: ['SP-14'],
    reason: input.reason,
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, inForce, 'SP-14', 'the order is varied');
      if (spo.grantedOn && input.variedOn < spo.grantedOn) throw new ValidationError([{ field: 'variedOn', message: `The order was made on ${spo.grantedOn}: a variation cannot come before it` }]);
      const termHistory = [...spo.termHistory, { terms: spo.terms, until: input.variedOn, reason: input.reason, by: actor.displayName, at: ctx.now }];
      await save(ctx, spo, { terms: input.terms, term_history: termHistory });
      ctx.logged.push({ field: 'terms', before: spo.terms.map((t) => `${t.kind}: ${t.text}`).join('; '), after: input.terms.map((t) => `${t.kind}: ${t.text}`).join('; ') });
      return { result: { versions: termHistory.length + 1 } };
    },
  });
}

// SP-11, SP-12: moves ------------------------------------------------------------------------------

export const moveInput = z
  .object({
    spoId: z.string().uuid(),
    direction: z.enum(['in', 'out'], { message: 'Select whether the subject moved into or out of the force area' }),
    movedOn: date('Enter the date of the move as YYYY-MM-DD'),
    otherForce: text('Name the other force', 200),
    note: z.string().trim().max(5000).optional(),
  })
  .strict();

/** SP-11: moves out: the new force is notified with the statement of service, plan and risk. SP-12: moves in: an OM in 7 days, initial visit in 14. */
export async function recordSubjectMove(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.manage');
  const input = parseInput(moveInput, raw);
  const requirement = input.direction === 'out' ? 'SP-11' : 'SP-12';
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: input.direction === 'out' ? 'spo.subject_moved_out' : 'spo.subject_moved_in',
    requirements: [requirement],
    reason: input.note ?? null,
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, input.direction === 'out' ? inForce : [...inForce, 'transferred_out'], requirement, input.direction === 'out' ? 'a move out is recorded' : 'a move in is recorded');
      if (input.movedOn > today(ctx)) throw new ValidationError([{ field: 'movedOn', message: 'The move cannot be in the future' }]);
      const moves = [...spo.moves, { direction: input.direction, movedOn: input.movedOn, otherForce: input.otherForce, ...(input.note ? { note: input.note } : {}), by: actor.displayName, at: ctx.now }];
      const deadlines = computeDeadlines({ event: input.direction === 'out' ? 'subject_moved_out' : 'subject_moved_in', at: input.movedOn }).deadlines;
      // Out: notifying the new force is owed, and visits and reviews stop. In: an offender manager
      // within 7 days and an initial visit within 14 (obligations).
      if (input.direction === 'out') await save(ctx, spo, { status: 'transferred_out', moves });
      else await save(ctx, spo, { status: spo.orderType ?? 'full', moves, offender_manager_id: null });
      ctx.logged.push({ field: 'subjectMoved', before: null, after: `${input.direction === 'out' ? 'to' : 'from'} ${input.otherForce} on ${input.movedOn}` });
      return { result: { deadlines } };
    },
  });
}

export const incomingOrderInput = z
  .object({
    respondentPersonId: z.string().uuid('Choose the subject (a suspect on this occurrence)'),
    otherForce: text('Name the force whose court made the order', 200),
    orderType: z.enum(['interim', 'full'], { message: 'Select interim or full' }),
    grantedOn: date('Enter the date the order was made as YYYY-MM-DD'),
    expiresOn: date('Enter the expiry as YYYY-MM-DD').optional(),
    terms: z.array(term).min(1, 'Record each prohibition and requirement of the order').max(30),
    movedOn: date('Enter the date the subject moved in as YYYY-MM-DD'),
  })
  .strict();

/**
 * SP-12: a subject arrives with an order made elsewhere. The order is registered on this
 * occurrence (the court order record), and the subject is managed as after any move in: an
 * offender manager within 7 days and an initial visit within 14, and the renewal before expiry
 * (obligations).
 */
export async function registerIncomingOrder(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.manage');
  const input = parseInput(incomingOrderInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.order_transferred_in',
    requirements: ['SP-12', 'SP-07'],
    run: async (ctx) => {
      const parties = await listParties(ctx.trx, ctx.occurrence.id);
      if (!parties.some((p) => p.role === 'suspect' && p.person.id === input.respondentPersonId)) throw new ValidationError([{ field: 'respondentPersonId', message: 'The subject must be a suspect on this occurrence' }]);
      if (input.movedOn > today(ctx)) throw new ValidationError([{ field: 'movedOn', message: 'The move cannot be in the future' }]);
      if (input.expiresOn && input.expiresOn <= input.grantedOn) throw new ValidationError([{ field: 'expiresOn', message: 'The expiry must come after the date the order was made' }]);
      const id = randomUUID();
      const moves = [{ direction: 'in', movedOn: input.movedOn, otherForce: input.otherForce, by: actor.displayName, at: ctx.now }];
      await insertSpoCase(ctx.trx, {
        id,
        occurrence_id: ctx.occurrence.id,
        respondent_person_id: input.respondentPersonId,
        status: input.orderType,
        consideration: JSON.stringify({ decision: { explanation: `Order made by a court in the ${input.otherForce} area; the subject moved into the force area on ${input.movedOn}.` }, by: actor.displayName, at: ctx.now }),
        referral: null,
        scu_decision: null,
        application: null,
        authority: null,
        court: JSON.stringify({ transferredIn: true, otherForce: input.otherForce }),
        order_type: input.orderType,
        granted_on: input.grantedOn,
        expires_on: input.expiresOn ?? null,
        terms: JSON.stringify(input.terms),
        offender_manager_id: null,
        created_at: ctx.now,
        created_by: actor.id,
        updated_at: ctx.now,
        version: 1,
        moves: JSON.stringify(moves),
      });
      if (!(await activeFlagsOf(ctx.trx, [input.respondentPersonId])).length) {
        await insertFlag(ctx.trx, { id: randomUUID(), person_id: input.respondentPersonId, occurrence_id: ctx.occurrence.id, reason: `Subject of a ${input.orderType} Stalking Protection Order made in the ${input.otherForce} area`, notify: 'Task the DA Offender Manager and the SCU: possible breach of a Stalking Protection Order', starts_on: input.movedOn, expires_on: input.expiresOn ?? addMonths(input.movedOn, defaultParameters.flagDurationMonths), status: 'active', review_outcome: null, created_at: ctx.now, created_by: actor.id, updated_at: ctx.now, version: 1 });
      }
      ctx.logged.push({ field: 'incomingOrder', before: null, after: `${input.orderType} order from ${input.otherForce}, made ${input.grantedOn}` });
      return { result: { id } };
    },
  });
}

// SP-13: discharge --------------------------------------------------------------------------------

const dischargeNext: Record<SpoDischarge['stage'] | 'none', string> = {
  none: 'the application is received from Legal Services',
  received: 'the SCU report with the offender manager',
  reported: 'legal advice',
  advised: 'the decision of the Detective Superintendent, Safeguarding',
  decided: 'nothing: the discharge application is decided',
};

function dischargeStep(spo: SpoCaseRecord, from: SpoDischarge['stage'] | 'none'): SpoDischarge | null {
  const stage = spo.discharge && spo.discharge.stage !== 'decided' ? spo.discharge.stage : 'none';
  if (stage !== from) throw new PolicyViolationError([{ requirement: 'SP-13', message: `The next step of the discharge is ${dischargeNext[stage]}` }]);
  return spo.discharge;
}

export const dischargeApplicationInput = z
  .object({
    spoId: z.string().uuid(),
    receivedOn: date('Enter the date the application was received as YYYY-MM-DD'),
    applicant: z.enum(['defendant', 'police'], { message: 'Select who applied' }),
    grounds: text('Record the grounds of the application'),
  })
  .strict();

/** SP-13: Legal Services pass the discharge application to the SCU. */
export async function receiveDischargeApplication(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.court');
  if (actor.role !== 'legal_services') throw new PolicyViolationError([{ requirement: 'SP-13', message: 'A discharge application is received from Legal Services' }]);
  const input = parseInput(dischargeApplicationInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.discharge_application_received',
    requirements: ['SP-13'],
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, inForce, 'SP-13', 'a discharge application is received');
      dischargeStep(spo, 'none');
      // The SCU's report is owed next (obligations).
      await save(ctx, spo, { discharge: { stage: 'received', application: { ...input, by: actor.displayName, at: ctx.now } } });
      ctx.logged.push({ field: 'discharge', before: null, after: `application by the ${input.applicant} received ${input.receivedOn}` });
      return { result: undefined };
    },
  });
}

export const dischargeReportInput = z
  .object({
    spoId: z.string().uuid(),
    reasonsCited: text('Record the reasons the application cites'),
    grantHistory: text('Record the history of the order’s grant'),
    intelligence: text('Record intelligence and crimes since the order'),
    riskFactors: text('Record the current risk factors'),
    recommendation: z.enum(['discharge', 'oppose'], { message: 'Recommend discharge or oppose it' }),
    offenderManagerConsulted: z.literal(true, { message: 'The report is written with the offender manager' }),
  })
  .strict();

/** SP-13: the SCU's report with the offender manager, on the five points. */
export async function reportOnDischarge(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.scu_decide');
  const input = parseInput(dischargeReportInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.discharge_reported',
    requirements: ['SP-13'],
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, inForce, 'SP-13', 'a discharge report is written');
      const d = dischargeStep(spo, 'received')!;
      // Legal advice is owed next (obligations).
      await save(ctx, spo, { discharge: { ...d, stage: 'reported', report: { ...input, by: actor.displayName, at: ctx.now } } });
      ctx.logged.push({ field: 'discharge', before: 'received', after: `SCU report: ${input.recommendation}` });
      return { result: undefined };
    },
  });
}

export const legalAdviceInput = z.object({ spoId: z.string().uuid(), advice: text('Record the legal advice') }).strict();

/** SP-13: Legal Services advise on the report. */
export async function adviseOnDischarge(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.court');
  if (actor.role !== 'legal_services') throw new PolicyViolationError([{ requirement: 'SP-13', message: 'Legal advice on a discharge comes from Legal Services' }]);
  const input = parseInput(legalAdviceInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'spo.discharge_legal_advice',
    requirements: ['SP-13'],
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, inForce, 'SP-13', 'legal advice is recorded');
      const d = dischargeStep(spo, 'reported')!;
      // The Detective Superintendent's decision is owed next (obligations).
      await save(ctx, spo, { discharge: { ...d, stage: 'advised', legalAdvice: { ...input, by: actor.displayName, at: ctx.now } } });
      ctx.logged.push({ field: 'discharge', before: 'reported', after: 'legal advice given' });
      return { result: undefined };
    },
  });
}

export const dischargeDecisionInput = z
  .object({
    spoId: z.string().uuid(),
    decision: z.enum(['discharge', 'oppose'], { message: 'Decide: discharge or oppose' }),
    rationale: text('Record your rationale'),
    defendantConsents: z.boolean().default(false),
    chiefOfficerConsents: z.boolean().default(false),
  })
  .strict();

/** SP-13: the Detective Superintendent, Safeguarding decides; no discharge within 2 years of the order without both consents (Stalking Protection Act 2019). */
export async function decideDischarge(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'spo.discharge_decide');
  const input = parseInput(dischargeDecisionInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: input.decision === 'discharge' ? 'spo.discharged' : 'spo.discharge_opposed',
    requirements: ['SP-13'],
    reason: input.rationale,
    run: async (ctx) => {
      const spo = await orderAt(ctx, input.spoId, inForce, 'SP-13', 'the discharge is decided');
      const d = dischargeStep(spo, 'advised')!;
      let explanation = 'The order stays in force.';
      if (input.decision === 'discharge') {
        const check = mayDischarge({ grantedOn: spo.grantedOn ?? today(ctx), decidedOn: today(ctx), defendantConsents: input.defendantConsents, chiefOfficerConsents: input.chiefOfficerConsents });
        if (!check.allowed) throw new PolicyViolationError([{ requirement: 'SP-13', message: check.explanation }]);
        explanation = check.explanation;
      }
      const discharged = input.decision === 'discharge';
      // A discharged order owes no more visits, reviews or renewal; the national record and the victim follow (obligations).
      await save(ctx, spo, { discharge: { ...d, stage: 'decided', decision: { ...input, explanation, by: actor.displayName, at: ctx.now } }, ...(discharged ? { status: 'discharged' } : {}) });
      if (discharged) {
        for (const f of (await activeFlagsOf(ctx.trx, [spo.respondentPersonId])).filter((f) => f.occurrenceId === ctx.occurrence.id)) {
          if (!(await updateFlagRow(ctx.trx, f.id, f.version, { status: 'removed', review_outcome: 'removed: order discharged', updated_at: ctx.now }))) throw new ConflictError('The subject’s flag changed since you opened it: reload and try again');
          ctx.logged.push({ field: 'notifyIfFlag', before: `active to ${f.expiresOn}`, after: 'removed: order discharged' });
        }
      }
      return { result: { discharged, explanation } };
    },
  });
}

