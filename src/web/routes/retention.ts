import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/context';
import { ValidationError } from '../../app/errors';
import { recordRetentionReview, retentionOf } from '../../app/retention/review';
import { retentionWorklist } from '../../app/retention/worklist';
import { districtNames, type District } from '../../domain/occurrence';
import { mopiGroupNames } from '../../policy/retention';
import { pageContext } from '../server';
import { takeFlash } from '../access';
import { paths } from '../paths';
import { errorView, formFields } from '../forms';
import { occurrencePages, why } from './intake';

type Params = { Params: { reference: string } };

/** A GOV.UK date input (prefix-day, -month, -year) as 'YYYY-MM-DD'; what was typed otherwise, so validation names the field. */
function dateFromForm(v: Record<string, string>, prefix: string): string {
  const d = (v[`${prefix}-day`] ?? '').trim();
  const m = (v[`${prefix}-month`] ?? '').trim();
  const y = (v[`${prefix}-year`] ?? '').trim();
  if (/^\d{1,2}$/.test(d) && /^\d{1,2}$/.test(m) && /^\d{4}$/.test(y)) return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  return `${y}-${m}-${d}`;
}

/** MoPI retention: the review worklist, and the review of one occurrence (retain, or erase). */
export async function registerRetentionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { render, submit } = occurrencePages(deps);

  app.get<{ Querystring: Record<string, string> }>(paths.retentionReviews(), { config: { access: 'retention.review' } }, async (request, reply) => {
    const q = request.query ?? {};
    let page;
    try {
      page = await retentionWorklist(deps, request.actor!, { ...(q.after ? { after: q.after } : {}) });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      reply.code(400);
      return reply.view('retention.njk', pageContext(request, reply, { title: 'Retention reviews', rows: [], ...errorView(err.issues, { after: 'retention-reviews' }) }));
    }
    const rows = page.reviews.map((r) => ({
      ...r,
      href: paths.occurrenceRetention(r.reference),
      districtLabel: districtNames[r.district as District] ?? r.district,
      groupLabel: `Group ${r.group}`,
    }));
    return reply.view(
      'retention.njk',
      pageContext(request, reply, {
        title: 'Retention reviews',
        flash: takeFlash(request),
        rows,
        today: page.today,
        next: page.next ? `${paths.retentionReviews()}?after=${encodeURIComponent(page.next)}` : undefined,
        groups: Object.entries(mopiGroupNames).map(([, name]) => name),
      }),
    );
  });

  const data = (request: FastifyRequest, values: Record<string, string> = {}) => async () => {
    const { reference } = request.params as { reference: string };
    const view = await retentionOf(deps, request.actor!, reference);
    return { heading: 'Retention', retention: view, values, why: why(['XC-03']) };
  };

  app.get<Params>('/occurrences/:reference/retention', { config: { access: 'retention.review' } }, async (request, reply) =>
    render(request, reply, 'occurrences/retention.njk', 'retention', 'Viewed for a MoPI retention review', data(request)),
  );

  app.post<Params>('/occurrences/:reference/retention/retain', { config: { access: 'retention.review' } }, async (request, reply) => {
    const v = formFields(request.body);
    return submit(request, reply, {
      run: () => recordRetentionReview(deps, request.actor!, request.params.reference, { decision: 'retain', reason: v.reason ?? '', nextReviewOn: dateFromForm(v, 'nextReviewOn') }),
      flash: 'Record retained: the next review date is set',
      redirect: paths.occurrenceRetention(request.params.reference),
      field: 'reason',
      rerender: async (errors) => {
        const errs = { ...errors, errorList: errors.errorList.map((e) => ({ ...e, href: e.href === '#nextReviewOn' ? '#nextReviewOn-day' : e.href === '#reason' ? '#retain-reason' : e.href })) };
        return render(request, reply, 'occurrences/retention.njk', 'retention', 'Retention review (refused)', async () => ({ ...(await data(request, { ...v, form: 'retain' })()), ...errs }), 400);
      },
    });
  });

  app.post<Params>('/occurrences/:reference/retention/erase', { config: { access: 'retention.erase' } }, async (request, reply) => {
    const v = formFields(request.body);
    return submit(request, reply, {
      run: () => recordRetentionReview(deps, request.actor!, request.params.reference, { decision: 'erase', reason: v.reason ?? '', confirmReference: v.confirmReference ?? '' }),
      flash: `Occurrence ${request.params.reference} erased: the erasure is in its log`,
      redirect: paths.retentionReviews(),
      field: 'reason',
      rerender: async (errors) => {
        const errs = { ...errors, errorList: errors.errorList.map((e) => ({ ...e, href: e.href === '#reason' ? '#erase-reason' : e.href })) };
        return render(request, reply, 'occurrences/retention.njk', 'retention', 'Retention review (refused)', async () => ({ ...(await data(request, { ...v, form: 'erase' })()), ...errs }), 400);
      },
    });
  });
}
