import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { addCalendarDays } from '../../policy/calendar';
import { computeDeadlines } from '../../policy/deadlines';
import { caseReviewsOfOccurrence, insertCaseReview, type CaseReviewRecord, type ReviewAction } from '../../store/repositories/scu';
import { findUserById } from '../../store/repositories/users';
import { PolicyViolationError, ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';
import { changeOccurrence, loadVisibleOccurrence } from '../intake/occurrence-change';

/**
 * SC-03: "Improving the quality of response and investigations through bespoke reviews of
 * stalking crimes, also ensuring appropriate focus is given to digital lines of enquiry."
 */
export const digitalLineKinds = ['devices', 'accounts', 'social_media', 'messaging', 'cell_site', 'call_data', 'anpr', 'cctv', 'tracking', 'other'] as const;
export type DigitalLineKind = (typeof digitalLineKinds)[number];
export const digitalLineLabels: Record<DigitalLineKind, string> = {
  devices: 'Devices (the victim’s and the suspect’s phones, computers, tablets)',
  accounts: 'Online accounts and email',
  social_media: 'Social media platforms',
  messaging: 'Messaging apps',
  cell_site: 'Cell-site analysis',
  call_data: 'Call and text data records',
  anpr: 'ANPR',
  cctv: 'CCTV and doorbell cameras',
  tracking: 'Trackers, smart home and location-sharing devices',
  other: 'Other digital line of enquiry',
};

export const digitalLineStatuses = ['not_relevant', 'to_pursue', 'in_progress', 'done'] as const;
export const digitalLineStatusLabels: Record<(typeof digitalLineStatuses)[number], string> = {
  not_relevant: 'Not relevant to this crime',
  to_pursue: 'To pursue',
  in_progress: 'In progress',
  done: 'Done',
};

const detail = z
  .string()
  .trim()
  .max(1000, 'Must be 1,000 characters or fewer')
  .optional()
  .transform((v) => (v ? v : undefined));

const dateOnly = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), 'Enter a real date')
  .optional()
  .or(z.literal('').transform(() => undefined));

const digitalLine = (kind: DigitalLineKind) =>
  z
    .object(
      {
        status: z.enum(digitalLineStatuses, { message: `${digitalLineLabels[kind]}: record whether it is a line of enquiry (not relevant, to pursue, in progress or done)` }),
        detail,
      },
      { message: `${digitalLineLabels[kind]}: record whether it is a line of enquiry` },
    )
    .strict()
    .superRefine((line, ctx) => {
      if ((line.status === 'to_pursue' || line.status === 'in_progress') && !line.detail) ctx.addIssue({ code: 'custom', path: ['detail'], message: `${digitalLineLabels[kind]}: say what is to be done` });
      else if (kind === 'other' && line.status !== 'not_relevant' && !line.detail) ctx.addIssue({ code: 'custom', path: ['detail'], message: 'Name the other digital line of enquiry' });
    });

const digitalLinesShape = Object.fromEntries(digitalLineKinds.map((k) => [k, digitalLine(k)])) as Record<DigitalLineKind, ReturnType<typeof digitalLine>>;

export const caseReviewInput = z
  .object({
    findings: z.string().trim().min(1, 'Record the review’s findings').max(5000, 'Findings must be 5,000 characters or fewer'),
    recommendations: z.string().trim().min(1, 'Record the recommendations to the officer in charge').max(5000, 'Recommendations must be 5,000 characters or fewer'),
    digitalLines: z.object(digitalLinesShape, { message: 'Record each digital line of enquiry' }).strict(),
    actions: z
      .array(
        z
          .object({
            text: z.string().trim().min(1, 'Enter the action').max(1000, 'An action must be 1,000 characters or fewer'),
            taskOfficerInCharge: z.boolean({ message: 'Answer true or false' }).default(false),
            dueOn: dateOnly,
          })
          .strict(),
        { message: 'Give a list of actions' },
      )
      .max(10, 'At most 10 actions in one review')
      .default([]),
    nextReviewOn: dateOnly.describe('When the SCU reviews this crime again, if it will'),
  })
  .strict();

export type CaseReviewInput = z.infer<typeof caseReviewInput>;

/** When an action set for a day falls due. */
const endOfDay = (day: string) => `${day}T17:00:00.000Z`;

/**
 * SC-03: the SCU records a bespoke review against a crime: its findings and recommendations,
 * each digital line of enquiry considered, and actions. An action may be tasked to the officer in
 * charge, due on the date the reviewer sets or by the policy's deadline. One transaction with the
 * occurrence log.
 */
export async function recordCaseReview(deps: AppDeps, actor: Actor, occurrenceRef: string, raw: unknown) {
  permit(actor, 'scu.review');
  const input = parseInput(caseReviewInput, raw);
  const today = deps.clock().toISOString().slice(0, 10);
  const limit = addCalendarDays(today, 366);
  const issues: { field: string; message: string }[] = [];
  input.actions.forEach((a, i) => {
    // An action falls due at the end of its day (17:00): one set for today after that would be overdue the moment it is tasked.
    if (a.dueOn && (a.dueOn < today || a.dueOn > limit || Date.parse(endOfDay(a.dueOn)) <= deps.clock().getTime())) {
      issues.push({ field: `actions.${i}.dueOn`, message: 'The action’s due date must be from today (before 17:00) to a year ahead' });
    }
  });
  if (input.nextReviewOn && (input.nextReviewOn <= today || input.nextReviewOn > limit)) issues.push({ field: 'nextReviewOn', message: 'The next review must be after today and within a year' });
  if (issues.length) throw new ValidationError(issues);
  return changeOccurrence(deps, actor, occurrenceRef, {
    action: 'scu_case_review.recorded',
    requirements: ['SC-03'],
    reason: input.recommendations,
    run: async (ctx) => {
      const o = ctx.occurrence;
      if (!o.crimeRecordedAt) throw new PolicyViolationError([{ requirement: 'SC-03', message: 'A case review is recorded against a crime: this report is not yet recorded as a crime' }]);
      const tasked = input.actions.some((a) => a.taskOfficerInCharge);
      const oic = o.officerInChargeId ? await findUserById(ctx.trx, o.officerInChargeId) : undefined;
      if (tasked && !oic) {
        const i = input.actions.findIndex((a) => a.taskOfficerInCharge);
        throw new ValidationError([{ field: `actions.${i}.taskOfficerInCharge`, message: 'No officer in charge is allocated to this crime yet: record the action without tasking, or allocate an officer first' }]);
      }
      const policyDue = computeDeadlines({ event: 'case_review_recorded', at: ctx.now }).deadlines[0]!.due;
      const actions: ReviewAction[] = [];
      for (const a of input.actions) {
        const dueAt = a.dueOn ? endOfDay(a.dueOn) : policyDue;
        // A tasked action becomes the officer in charge's obligation (SC-03), due on the date set here.
        const tasked = Boolean(a.taskOfficerInCharge);
        actions.push({ text: a.text, dueAt: tasked || a.dueOn ? dueAt : null, taskId: null, tasked });
      }
      const id = randomUUID();
      const lines = digitalLineKinds.map((kind) => ({ kind, status: input.digitalLines[kind].status, detail: input.digitalLines[kind].detail ?? null }));
      await insertCaseReview(ctx.trx, {
        id,
        occurrence_id: o.id,
        reviewed_at: ctx.now,
        reviewer_id: actor.id,
        findings: input.findings,
        recommendations: input.recommendations,
        digital_lines: JSON.stringify(lines),
        actions: JSON.stringify(actions),
        next_review_on: input.nextReviewOn ?? null,
      });
      const pursued = lines.filter((l) => l.status !== 'not_relevant').map((l) => `${l.kind}: ${l.status}`);
      ctx.logged.push({ field: 'scuCaseReview', before: null, after: input.findings.slice(0, 500) });
      ctx.logged.push({ field: 'digitalLinesOfEnquiry', before: null, after: pursued.join(', ') || 'none relevant' });
      if (input.nextReviewOn) ctx.logged.push({ field: 'nextScuReview', before: null, after: input.nextReviewOn });
      return { result: { id, tasks: actions.filter((a) => a.tasked).length } };
    },
  });
}

/** The SCU's reviews of a crime the user may see, newest first. */
export async function caseReviewsOf(deps: AppDeps, actor: Actor, occurrenceRef: string): Promise<CaseReviewRecord[]> {
  permit(actor, 'occurrence.view');
  const o = await loadVisibleOccurrence(deps.store.db, actor, occurrenceRef);
  return caseReviewsOfOccurrence(deps.store.db, o.id);
}
