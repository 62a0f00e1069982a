import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { checkFinalisation, noFurtherActionOutcomes, outcomes, suspectArrestOrInterviewActions } from '../../policy/finalisation';
import { homeOfficeOutcome } from '../../policy/outcomes';
import { considerReferrals as referralsToConsider, referralKinds } from '../../policy/referrals';
import { progressionViolations } from '../intake/progression';
import { isDomestic, ranks, units, type Relationship } from '../../policy/vocabulary';
import { insertPlanItems, insertVideoInterview, listPlanItems, listReferrals, listSuspectActions, stalkingCrimesSince, updatePlanItemRow, upsertReferral } from '../../store/repositories/investigation';
import { listParties, listRiskAssessments } from '../../store/repositories/intake';
import { findOccurrenceById } from '../../store/repositories/occurrences';
import { findUserById, listUsers, recordTrainingDates } from '../../store/repositories/users';
import { NotFoundError, PolicyViolationError, ValidationError } from '../errors';
import { nowIso, parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence } from '../intake/occurrence-change';
import { canSeeOccurrence } from '../intake/occurrence-queries';
import { appendLog } from '../../store/repositories/log';

// ---- the investigation plan (SV-01, IO-01, IO-03) -----------------------------------------

export const planItemInput = z
  .object({
    itemId: z.string().uuid().optional(),
    line: z.string().trim().max(1000).optional(),
    status: z.enum(['open', 'done', 'not_pursued'], { message: 'Select done, not pursued or open' }),
    note: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.itemId && !v.line) ctx.addIssue({ code: 'custom', path: ['line'], message: 'Enter the line of enquiry' });
    if (v.status === 'not_pursued' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'Record why this line of enquiry is not pursued' });
  });

/** Adds a line of enquiry, or marks one done or not pursued (with a reason). */
export async function updateInvestigationPlan(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'investigate');
  const input = parseInput(planItemInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'investigation_plan.updated',
    requirements: ['SV-01', 'IO-01'],
    reason: input.note ?? null,
    run: async (ctx) => {
      if (input.itemId) {
        const before = (await listPlanItems(ctx.trx, ctx.occurrence.id)).find((i) => i.id === input.itemId);
        if (!before) throw new NotFoundError('No such line of enquiry');
        await updatePlanItemRow(ctx.trx, ctx.occurrence.id, input.itemId, { status: input.status, note: input.note ?? null, updated_at: ctx.now });
        ctx.logged.push({ field: before.line, before: before.status, after: input.status });
      } else {
        await insertPlanItems(ctx.trx, [{ id: randomUUID(), occurrence_id: ctx.occurrence.id, line: input.line!, requirement: 'IO-01', status: input.status, note: input.note ?? null, created_at: ctx.now, created_by: actor.id, updated_at: ctx.now }]);
        ctx.logged.push({ field: 'lineOfEnquiry', before: null, after: input.line });
      }
      return { result: undefined };
    },
  });
}

// ---- referrals (IO-11, IO-14, SC-05, AO-04, TS-05) ----------------------------------------

export const referralFactsInput = z
  .object({
    stalkingVictimsOfSuspect: z.coerce.number().int().min(1, 'At least this victim').max(1000),
    mappaCategory1RegisteredSexOffender: z.boolean(),
    mappaCategory2ViolentOrSexualOffenderSentenced12MonthsOrMore: z.boolean(),
    mappaCategory3OtherDangerousOffender: z.boolean(),
    presentLikelihoodOfSeriousHarm: z.boolean(),
    suspectHistoryOfAbuseOrViolence: z.boolean(),
    suspectHasAccessToChildren: z.boolean(),
    childSexOffenceConcern: z.boolean(),
    othersAtRisk: z.boolean(),
    victimEngagingWithSupport: z.boolean(),
  })
  .strict();

/** The referrals the policy says to consider for this case, from its facts, recorded as proposed (SV-03). */
export async function considerReferrals(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'investigate');
  const facts = parseInput(referralFactsInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'referrals.considered',
    requirements: ['SV-03', 'IO-11', 'IO-14'],
    run: async (ctx) => {
      const o = ctx.occurrence;
      const risk = (await listRiskAssessments(ctx.trx, o.id))[0];
      const grade = (risk?.endorsedGrade ?? risk?.officerGrade ?? 'standard') as 'standard' | 'medium' | 'high';
      const rel = (o.relationship ?? 'other') as Relationship;
      const out = referralsToConsider({
        stalking: o.offence === 's2A' || o.offence === 's4A',
        domestic: isDomestic(rel),
        intimatePartner: rel === 'intimate_partner' || rel === 'ex_intimate_partner',
        riskGrade: grade,
        maracRouteMet: Boolean(risk?.result.maracReferral.required),
        ...facts,
      });
      const existing = new Map((await listReferrals(ctx.trx, o.id)).map((r) => [r.kind, r]));
      for (const r of out.referrals) {
        if (existing.get(r.referral)?.status === 'made') continue;
        await upsertReferral(ctx.trx, { id: randomUUID(), occurrence_id: o.id, kind: r.referral, requirement: r.requirement, status: existing.get(r.referral)?.status ?? 'to_consider', reason: r.reason, note: existing.get(r.referral)?.note ?? null, updated_at: ctx.now, updated_by: actor.id });
      }
      ctx.logged.push({ field: 'referralsToConsider', before: null, after: out.referrals.map((r) => r.referral).join(', ') || 'none' });
      return { result: out };
    },
  });
}

export const referralStatusInput = z
  .object({
    kind: z.enum(referralKinds, { message: 'Unknown referral' }),
    status: z.enum(['made', 'declined', 'not_required'], { message: 'Select made, declined or not required' }),
    note: z.string().trim().min(1, 'Record the details').max(2000),
  })
  .strict();

export async function recordReferralStatus(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'investigate');
  const input = parseInput(referralStatusInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'referral.updated',
    requirements: ['SV-03'],
    reason: input.note,
    run: async (ctx) => {
      const existing = (await listReferrals(ctx.trx, ctx.occurrence.id)).find((r) => r.kind === input.kind);
      await upsertReferral(ctx.trx, { id: existing?.id ?? randomUUID(), occurrence_id: ctx.occurrence.id, kind: input.kind, requirement: existing?.requirement ?? 'SV-03', status: input.status, reason: existing?.reason ?? null, note: input.note, updated_at: ctx.now, updated_by: actor.id });
      ctx.logged.push({ field: `referral.${input.kind}`, before: existing?.status ?? null, after: input.status });
      return { result: undefined };
    },
  });
}

// ---- finalisation (AL-06 to AL-08, TS-03, TS-04, IO-06, IO-13) ----------------------------

export const finaliseInput = z
  .object({
    outcome: z.enum(outcomes, { message: 'Select the outcome' }),
    rationale: z.string().trim().max(10_000, 'Must be 10,000 characters or fewer'),
    proportionateInvestigationComplete: z.boolean({ message: 'Answer whether a proportionate investigation is complete' }),
  })
  .strict();

/**
 * The transition to finalised. Every adapter (pages, API, CLI) that finalises a crime comes
 * here, and the whole `finalisation` decision runs before anything is saved, with the case's
 * facts (suspect named, arrested or interviewed, charged; the victim's position): words of
 * advice, written warnings and mediation never finalise stalking; every no-further-action
 * outcome needs the proportionate investigation complete (TS-03) and a thorough rationale
 * (AL-06); the outcome must agree with the facts; a crime investigated outside the specialist
 * units is finalised by a DS (AL-08). The progression guard (AO-02, SV-02, AO-08) runs too.
 * Any refusal is one PolicyViolationError naming each requirement, and nothing is written.
 * IO-13: where the victim engages with support services, they must be updated at NFA.
 */
export async function finaliseOccurrence(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'finalise');
  const input = parseInput(finaliseInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'occurrence.finalised',
    requirements: ['AL-06', 'AL-07', 'AL-08', 'TS-03', 'TS-04'],
    reason: input.rationale,
    run: async (ctx) => {
      const o = ctx.occurrence;
      if (!o.offence) throw new PolicyViolationError([{ requirement: 'ID-01', message: 'Classify the crime before finalising it' }]);
      const unit = (o.allocatedUnit && (units as readonly string[]).includes(o.allocatedUnit) ? o.allocatedUnit : 'INVESTIGATION_TEAM') as (typeof units)[number];
      const rank = (ranks as readonly string[]).includes(actor.rank) ? (actor.rank as (typeof ranks)[number]) : 'STAFF';
      // The case's facts the outcome must agree with, read here and passed to the decision.
      const suspects = (await listParties(ctx.trx, o.id)).filter((p) => p.role === 'suspect');
      const actions = new Set((await listSuspectActions(ctx.trx, o.id)).map((a) => a.action));
      const verdict = checkFinalisation({
        offence: o.offence as never,
        unit,
        outcome: input.outcome,
        rationale: input.rationale,
        proportionateInvestigationComplete: input.proportionateInvestigationComplete,
        finalisedByRank: rank,
        suspectNamed: suspects.length > 0,
        suspectArrestedOrInterviewed: suspectArrestOrInterviewActions.some((a) => actions.has(a)),
        suspectCharged: actions.has('charge'),
        victimSupportsAction: o.victimSupportsProsecution,
      });
      const progression = await progressionViolations(ctx.trx, o, 'finalised', { proportionateInvestigationComplete: input.proportionateInvestigationComplete || input.outcome === 'charged' });
      const violations = [...verdict.violations, ...progression.filter((v) => !verdict.violations.some((w) => w.requirement === v.requirement))];
      if (violations.length) throw new PolicyViolationError(violations);
      const ho = homeOfficeOutcome[input.outcome];
      ctx.logged.push({ field: 'homeOfficeOutcome', before: null, after: `${ho.code ?? '-'}: ${ho.name}` });
      // IO-04 and IO-13: after a no-further-action outcome the victim and support services are told; both follow from the outcome (obligations).
      return { changes: { status: 'finalised', outcome: input.outcome, outcome_rationale: input.rationale, finalised_at: ctx.now, finalised_by: actor.id, proportionate_investigation_complete: input.proportionateInvestigationComplete ? 1 : 0 }, result: { outcome: ho, prompts: verdict.prompts } };
    },
  });
}

// ---- SCU lists (SC-01, SC-02) --------------------------------------------------------------

/** SC-01: the SCU's daily triage list of non-domestic stalking; SC-02: the highest-risk domestic stalking for district liaison. */
export async function scuLists(deps: AppDeps, actor: Actor) {
  permit(actor, 'scu.lists');
  const db = deps.store.db;
  const now = deps.clock();
  const dayAgo = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const monthAgo = new Date(now.getTime() - 31 * 24 * 3600_000).toISOString();
  const present = async (rows: { id: string }[]) => {
    const out = [];
    for (const r of rows) {
      const o = await findOccurrenceById(db, r.id);
      if (!o || !canSeeOccurrence(actor, o)) continue;
      const risk = (await listRiskAssessments(db, o.id))[0];
      out.push({ occurrence: o, riskGrade: risk ? (risk.endorsedGrade ?? risk.officerGrade) : null });
    }
    return out;
  };
  const nonDomestic = await present(await stalkingCrimesSince(db, dayAgo, false));
  const domestic = (await present(await stalkingCrimesSince(db, monthAgo, true))).filter((x) => x.riskGrade === 'high');
  return { nonDomestic, highestRiskDomestic: domestic, since: dayAgo, domesticSince: monthAgo };
}

// ---- training records (XC-02, XC-05) ---------------------------------------------------------

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD').optional().or(z.literal('').transform(() => undefined));
export const trainingInput = z.object({ abeTrainedOn: dateOnly, elearningCompletedOn: dateOnly }).strict();

/** Records a user's Achieving Best Evidence training and mandatory stalking e-learning. */
export async function recordTraining(deps: AppDeps, actor: Actor, userId: string, raw: unknown) {
  permit(actor, 'training.manage');
  const input = parseInput(trainingInput, raw);
  const user = await findUserById(deps.store.db, userId);
  if (!user) throw new NotFoundError('No such user');
  const now = nowIso(deps);
  await deps.store.db.transaction().execute(async (trx) => {
    const set: { abe_trained_on?: string; elearning_completed_on?: string } = {};
    if (input.abeTrainedOn) set.abe_trained_on = input.abeTrainedOn;
    if (input.elearningCompletedOn) set.elearning_completed_on = input.elearningCompletedOn;
    if (!Object.keys(set).length) throw new ValidationError([{ field: 'abeTrainedOn', message: 'Enter a training date' }]);
    await recordTrainingDates(trx, userId, set);
    await appendLog(trx, { actor, kind: 'change', subjectType: 'user', subjectId: userId, action: 'training.recorded', at: now, requirements: ['XC-02', 'XC-05'], changes: Object.entries(set).map(([field, after]) => ({ field, before: null, after })) });
  });
}

/** XC-05: e-learning completion per user, shown to supervisors; XC-02: who may conduct video-recorded interviews. */
export async function trainingRecords(deps: AppDeps, actor: Actor) {
  permit(actor, 'training.manage');
  const users = (await listUsers(deps.store.db)).filter((u) => u.active && (actor.role === 'administrator' || !actor.district || u.district === actor.district));
  return users.map((u) => ({ id: u.id, name: u.displayName, role: u.role, unit: u.unit, abeTrainedOn: u.abeTrainedOn, elearningCompletedOn: u.elearningCompletedOn }));
}

export const videoInterviewInput = z.object({ officerId: z.string().uuid('Choose an officer'), witness: z.string().trim().min(1, 'Name the victim or witness to be interviewed').max(200) }).strict();

/** XC-02: a video-recorded interview is assigned only to an officer trained in Achieving Best Evidence. */
export async function assignVideoInterview(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'investigate');
  const input = parseInput(videoInterviewInput, raw);
  const officer = await findUserById(deps.store.db, input.officerId);
  if (!officer) throw new NotFoundError('No such officer');
  if (!officer.abeTrainedOn) throw new PolicyViolationError([{ requirement: 'XC-02', message: `${officer.displayName} is not trained in Achieving Best Evidence: video-recorded interviews are conducted by ABE-trained officers` }]);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'video_interview.assigned',
    requirements: ['XC-02'],
    run: async (ctx) => {
      // The interview becomes the officer's obligation (XC-02).
      await insertVideoInterview(ctx.trx, { id: randomUUID(), occurrence_id: ctx.occurrence.id, witness: input.witness, officer_id: officer.id, assigned_at: ctx.now, assigned_by: actor.id });
      ctx.logged.push({ field: 'videoInterview', before: null, after: `${input.witness}, by ${officer.displayName}` });
      return { result: undefined };
    },
  });
}

