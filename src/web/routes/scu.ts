import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/context';
import { AppError, PolicyViolationError, ValidationError, type FieldIssue } from '../../app/errors';
import { digitalLineKinds, digitalLineLabels, digitalLineStatusLabels, digitalLineStatuses, recordCaseReview } from '../../app/scu/case-reviews';
import { scuDay } from '../../app/scu/oversight';
import { districtNames, districts, type District } from '../../domain/occurrence';
import { formatDate, formatDateTime } from '../../domain/time';
import type { CaseReviewRecord } from '../../store/repositories/scu';
import type { OccurrenceRecord } from '../../store/repositories/occurrences';
import { pageContext } from '../server';
import { takeFlash } from '../access';
import { paths } from '../paths';
import { errorView, formFields } from '../forms';
import { presentOccurrence } from '../presenters';
import { occurrencePages, why } from './intake';

/** How many action rows the case review form offers. */
export const REVIEW_ACTION_ROWS = 3;

const districtLabel = (d: string) => districtNames[d as District] ?? d;

/** A case review as the pages show it: labels, not codes. */
export function presentCaseReview(r: CaseReviewRecord) {
  return {
    ...r,
    href: paths.occurrence(r.reference),
    reviewedLabel: formatDateTime(r.reviewedAt),
    nextReviewLabel: r.nextReviewOn ? formatDate(`${r.nextReviewOn}T12:00:00Z`) : null,
    districtLabel: districtLabel(r.district),
    lines: r.digitalLines.map((l) => ({
      ...l,
      label: digitalLineLabels[l.kind as keyof typeof digitalLineLabels] ?? l.kind,
      statusLabel: digitalLineStatusLabels[l.status as keyof typeof digitalLineStatusLabels] ?? l.status,
    })),
    actionRows: r.actions.map((a) => ({ ...a, dueLabel: a.dueAt ? formatDateTime(a.dueAt) : null })),
  };
}

/** The form's field ids for an issue of the case review's input. */
function reviewAnchor(field: string, rows: number[]): string {
  const line = /^digitalLines\.(\w+)(?:\.(status|detail))?$/.exec(field);
  if (line) return `digital-${line[1]}-${line[2] ?? 'status'}`;
  const action = /^actions\.(\d+)(?:\.(\w+))?$/.exec(field);
  if (action) {
    const row = rows[Number(action[1])] ?? 1;
    const part = action[2] === 'dueOn' ? 'due' : action[2] === 'taskOfficerInCharge' ? 'task' : 'text';
    return `action-${row}-${part}`;
  }
  if (field === 'actions') return 'action-1-text';
  return field;
}

/** The SCU's page (SC-01 to SC-05): its lists, SPO referrals awaiting decision, case reviews, support referral rates. */
export async function renderScuPage(deps: AppDeps, request: FastifyRequest, reply: FastifyReply) {
  const q = formFields(request.query);
  const values = { from: q.from ?? '', to: q.to ?? '', district: q.district ?? '' };
  let day: Awaited<ReturnType<typeof scuDay>>;
  let errors: ReturnType<typeof errorView> | undefined;
  try {
    day = await scuDay(deps, request.actor!, values);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    errors = errorView(err.issues);
    day = await scuDay(deps, request.actor!, {}, { logRead: false });
    reply.code(400);
  }
  const present = (xs: { occurrence: OccurrenceRecord; riskGrade: string | null }[]) =>
    xs.map((x) => {
      const last = day.lastReviewed.get(x.occurrence.id);
      return { ...presentOccurrence(x.occurrence), riskGrade: x.riskGrade, crimeRecordedLabel: x.occurrence.crimeRecordedAt ? formatDateTime(x.occurrence.crimeRecordedAt) : '', lastReviewedLabel: last ? formatDateTime(last) : null };
    });
  const r = day.rates;
  const periodQuery = (district?: string) => `?from=${r.from}&to=${r.to}${district ? `&district=${district}` : ''}#without-referral`;
  return reply.view(
    'scu.njk',
    pageContext(request, reply, {
      title: 'Stalking Coordination Unit',
      flash: takeFlash(request),
      todayLabel: formatDate(`${day.today}T12:00:00Z`),
      nonDomestic: present(day.lists.nonDomestic),
      nonDomesticSince: formatDateTime(day.lists.since),
      domestic: present(day.lists.highestRiskDomestic),
      domesticSince: formatDateTime(day.lists.domesticSince),
      awaiting: day.awaiting.map((a) => ({ ...a, href: `${paths.occurrence(a.reference)}/spo`, referredLabel: formatDateTime(a.referredAt), districtLabel: districtLabel(a.district) })),
      due: day.due.map(presentCaseReview),
      recent: day.recent.map(presentCaseReview),
      rates: {
        ...r,
        fromLabel: formatDate(`${r.from}T12:00:00Z`),
        toLabel: formatDate(`${r.to}T12:00:00Z`),
        rows: r.byDistrict.map((d) => ({ ...d, label: districtLabel(d.district), drill: `${paths.scu()}${periodQuery(d.district)}` })),
        allDrill: `${paths.scu()}${periodQuery()}`,
        districtLabel: r.district ? districtLabel(r.district) : null,
        without: r.without.map((w) => ({
          ...w,
          href: paths.occurrence(w.reference),
          districtLabel: districtLabel(w.district),
          recordedLabel: w.crimeRecordedAt ? formatDateTime(w.crimeRecordedAt) : '',
          referralLabel: w.referralStatus ? w.referralStatus.replace(/_/g, ' ') : 'none recorded',
        })),
      },
      values,
      districtOptions: [{ value: '', text: 'All districts' }, ...districts.map((d) => ({ value: d, text: districtNames[d], selected: values.district === d }))],
      ...(errors ?? {}),
      why: why(['SC-01', 'SC-02', 'SC-03', 'SC-04', 'SC-05']),
    }),
  );
}

/** SC-03: the SCU's bespoke case review of a crime. */
export async function registerScuRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { render } = occurrencePages(deps);
  const formData = (values: Record<string, string>) => ({
    heading: 'SCU case review',
    values,
    lineKinds: digitalLineKinds.map((k) => ({ value: k, text: digitalLineLabels[k] })),
    lineStatuses: digitalLineStatuses.map((s) => ({ value: s, text: digitalLineStatusLabels[s] })),
    actionRows: Array.from({ length: REVIEW_ACTION_ROWS }, (_, i) => i + 1),
    why: why(['SC-03']),
  });

  app.get<{ Params: { reference: string } }>('/occurrences/:reference/scu-reviews/new', { config: { access: 'scu.review' } }, async (request, reply) =>
    render(request, reply, 'occurrences/scu-review.njk', 'investigation', 'Opened for an SCU case review', async (o) => ({ ...formData({}), officerInChargeAllocated: Boolean(o.officerInChargeId) })),
  );

  app.post<{ Params: { reference: string } }>('/occurrences/:reference/scu-reviews', { config: { access: 'scu.review' } }, async (request, reply) => {
    const v = formFields(request.body);
    const rows: number[] = [];
    const actions = [];
    for (let n = 1; n <= REVIEW_ACTION_ROWS; n++) {
      const text = (v[`action-${n}-text`] ?? '').trim();
      const due = (v[`action-${n}-due`] ?? '').trim();
      const task = v[`action-${n}-task`] === 'yes';
      if (!text && !due && !task) continue;
      rows.push(n);
      actions.push({ text, taskOfficerInCharge: task, dueOn: due });
    }
    const input = {
      findings: v.findings ?? '',
      recommendations: v.recommendations ?? '',
      digitalLines: Object.fromEntries(digitalLineKinds.map((k) => [k, { status: v[`digital-${k}-status`] ?? '', detail: v[`digital-${k}-detail`] ?? '' }])),
      actions,
      nextReviewOn: v.nextReviewOn ?? '',
    };
    try {
      const done = await recordCaseReview(deps, request.actor!, request.params.reference, input);
      request.session.flash = { heading: done.tasks ? `Case review recorded: ${done.tasks} action${done.tasks === 1 ? '' : 's'} tasked to the officer in charge` : 'Case review recorded' };
      return reply.redirect(`${paths.occurrence(request.params.reference)}/investigation#scu-reviews`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 403 || err.status === 404) throw err;
      const issues: FieldIssue[] =
        err instanceof ValidationError
          ? err.issues.map((i) => ({ field: reviewAnchor(i.field, rows), message: i.message }))
          : err instanceof PolicyViolationError
            ? err.violations.map((x) => ({ field: 'findings', message: `${x.message} (${x.requirement})` }))
            : [{ field: 'findings', message: err.message }];
      return render(request, reply, 'occurrences/scu-review.njk', 'investigation', 'SCU case review (refused)', async (o) => ({ ...formData(v), officerInChargeAllocated: Boolean(o.officerInChargeId), ...errorView(issues) }), 400);
    }
  });
}
