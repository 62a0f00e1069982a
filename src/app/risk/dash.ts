import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { assessRisk, riskInput } from '../../policy/risk';
import { isDomestic, relationships, riskGrades, riskGradeOrder } from '../../policy/vocabulary';
import { dashQuestionIds, stalkingScreeningQuestionIds, DASH_VERSION } from '../../policy/risk-questions';
import { completeTaskRow, openTaskOf } from '../../store/repositories/tasks';
import { endorseRiskAssessmentRow, insertRiskAssessment, listRiskAssessments } from '../../store/repositories/intake';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence, loadVisibleOccurrence } from '../intake/occurrence-change';

const contextKeys = [...dashQuestionIds, ...stalkingScreeningQuestionIds] as const;

export const recordRiskAssessmentInput = z
  .object({
    assessment: riskInput,
    /** Free-text context per question (what the victim is afraid of, and so on). */
    context: z.partialRecord(z.enum(contextKeys, { message: 'Unknown question' }), z.string().trim().max(2000, 'Must be 2,000 characters or fewer')).default({}),
    nonEngagementNote: z.string().trim().max(2000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.assessment.victimEngaged === false && !v.nonEngagementNote) {
      ctx.addIssue({ code: 'custom', path: ['nonEngagementNote'], message: 'Record that the victim would not engage and what the DASH was completed from (AO-02)' });
    }
  });

/**
 * AO-02: a DASH (and the stalking screening) for every report. The risk decision grades it; the
 * officer's grade is the decision's (professional judgement may raise it, never lower it). High
 * risk creates SCU-liaison (TS-05) and MARAC-referral tasks. Every reassessment is kept.
 */
export async function recordRiskAssessment(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'risk.assess');
  const input = parseInput(recordRiskAssessmentInput, raw);
  // MARAC is for domestic abuse (policy/marac.ts): the occurrence's relationship says, where known.
  const occurrence = await loadVisibleOccurrence(deps.store.db, actor, occurrenceRef);
  const relationship = relationships.find((r) => r === occurrence.relationship);
  const result = assessRisk({ ...input.assessment, ...(relationship ? { domestic: isDomestic(relationship) } : {}) });
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'risk_assessment.recorded',
    requirements: result.requirements,
    reason: result.explanation,
    run: async (ctx) => {
      if (ctx.occurrence.relationship !== occurrence.relationship) throw new ConflictError('This occurrence was changed by someone else since you opened it: reload it and try again');
      const earlier = await listRiskAssessments(ctx.trx, ctx.occurrence.id);
      const sequence = (earlier[0]?.sequence ?? 0) + 1;
      const id = randomUUID();
      await insertRiskAssessment(ctx.trx, {
        id,
        occurrence_id: ctx.occurrence.id,
        sequence,
        question_set: input.assessment.questionSet ?? DASH_VERSION,
        answers: JSON.stringify(input.assessment.answers),
        screening: input.assessment.stalkingScreening ? JSON.stringify(input.assessment.stalkingScreening) : null,
        context: JSON.stringify(input.context),
        victim_engaged: input.assessment.victimEngaged ? 1 : 0,
        non_engagement_note: input.nonEngagementNote ?? null,
        grade: result.gradeFromYesCount,
        officer_grade: result.grade,
        result: JSON.stringify(result),
        assessed_by: actor.id,
        assessed_at: ctx.now,
        endorsed_by: null,
        endorsed_at: null,
        endorsed_grade: null,
        endorsement_note: null,
        version: 1,
      });
      ctx.logged.push({ field: 'riskGrade', before: earlier[0]?.endorsedGrade ?? earlier[0]?.officerGrade ?? null, after: result.grade });
      ctx.logged.push({ field: 'dashYesCount', before: null, after: result.yesCount });
      // SV-02 endorsement, TS-05 SCU liaison and MARAC, SC-05 specialist support follow from the assessment (obligations).
      return { result: { id, sequence, result } };
    },
  });
}

export const endorseRiskAssessmentInput = z
  .object({
    version: z.coerce.number().int().min(1),
    grade: z.enum(riskGrades, { message: 'Select the grade you endorse' }),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

/**
 * SV-02: a supervisor endorses the risk grading. They may raise it; lowering it below the
 * officer's grade needs a note (professional judgement may raise a grade, never silently lower it).
 */
export async function endorseRiskAssessment(deps: AppDeps, actor: Actor, occurrenceRef: string, sequence: number, raw: unknown) {
  permit(actor, 'risk.endorse');
  const input = parseInput(endorseRiskAssessmentInput, raw);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'risk_assessment.endorsed',
    requirements: ['SV-02'],
    reason: input.note ?? null,
    run: async (ctx) => {
      const all = await listRiskAssessments(ctx.trx, ctx.occurrence.id);
      const target = all.find((a) => a.sequence === sequence);
      if (!target) throw new NotFoundError('No such risk assessment');
      if (target.endorsedAt) throw new ConflictError('This assessment is already endorsed');
      if (target.assessedBy === actor.id) throw new ValidationError([{ field: 'grade', message: 'A supervisor other than the assessing officer must endorse the grading' }]);
      if (riskGradeOrder(input.grade) < riskGradeOrder(target.officerGrade as never) && !input.note) {
        throw new ValidationError([{ field: 'note', message: `Endorsing a lower grade than the officer’s (${target.officerGrade}) needs your reasons` }]);
      }
      const ok = await endorseRiskAssessmentRow(ctx.trx, target.id, input.version, { endorsed_by: actor.id, endorsed_at: ctx.now, endorsed_grade: input.grade, endorsement_note: input.note ?? null });
      if (!ok) throw new ConflictError('This assessment changed since you opened it: reload and try again');
      ctx.logged.push({ field: 'endorsedGrade', before: target.officerGrade, after: input.grade });
      return { result: undefined };
    },
  });
}
