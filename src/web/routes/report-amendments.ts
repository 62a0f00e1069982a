import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/context';
import { amendReport } from '../../app/intake/amend-report';
import { loadVisibleOccurrence } from '../../app/intake/occurrence-change';
import { ConflictError, ValidationError, type FieldIssue } from '../../app/errors';
import { callGradeLabels, callGrades, reportChannelLabels, reportChannels } from '../../domain/occurrence';
import type { OccurrenceRecord } from '../../store/repositories/occurrences';
import { pageContext } from '../server';
import { paths } from '../paths';
import { errorView, formFields } from '../forms';

const options = {
  channels: reportChannels.map((value) => ({ value, text: reportChannelLabels[value] })),
  callGrades: callGrades.map((value) => ({ value, text: callGradeLabels[value] })),
};

/** Where each field's error links to; "nothing changed" points at the first field. */
const anchors = { '(input)': 'location', version: 'reason' };

type Params = { Params: { reference: string } };

function render(
  request: FastifyRequest,
  reply: FastifyReply,
  occurrence: OccurrenceRecord,
  values: Record<string, string>,
  issues: FieldIssue[] = [],
  extra: Record<string, unknown> = {},
) {
  const heading = 'Change the report details';
  return reply.view(
    'occurrences/change-report.njk',
    pageContext(request, reply, {
      title: issues.length ? `Error: ${heading}` : heading,
      heading,
      occurrence,
      values,
      options,
      ...(issues.length ? errorView(issues, anchors) : {}),
      ...extra,
    }),
  );
}

/** Correcting a report's details (location, first account, call grade, channel): one form, refused when the record changed meanwhile. */
export async function registerReportAmendmentRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get<Params>('/occurrences/:reference/report/change', { config: { access: 'occurrence.amend' } }, async (request, reply) => {
    const occurrence = await loadVisibleOccurrence(deps.store.db, request.actor!, request.params.reference);
    const values = {
      version: String(occurrence.version),
      location: occurrence.location,
      firstAccount: occurrence.firstAccount,
      callGrade: occurrence.callGrade,
      channel: occurrence.channel,
      reason: '',
    };
    return render(request, reply, occurrence, values);
  });

  app.post<Params>('/occurrences/:reference/report/change', { config: { access: 'occurrence.amend' } }, async (request, reply) => {
    const occurrence = await loadVisibleOccurrence(deps.store.db, request.actor!, request.params.reference);
    const values = formFields(request.body);
    const version = /^\d{1,10}$/.test(values.version ?? '') ? Number(values.version) : values.version;
    const input: Record<string, unknown> = { version, reason: values.reason ?? '' };
    for (const field of ['location', 'firstAccount', 'callGrade', 'channel'] as const) {
      if (values[field] !== undefined) input[field] = values[field];
    }
    try {
      const saved = await amendReport(deps, request.actor!, occurrence.reference, input);
      request.session.flash = { heading: 'Report details changed' };
      return reply.redirect(paths.occurrence(saved.reference), 303);
    } catch (err) {
      if (err instanceof ValidationError) {
        reply.code(400);
        return render(request, reply, occurrence, values, err.issues);
      }
      if (err instanceof ConflictError) {
        // What was typed stays on the page, but the stale version goes with it: the user opens the record again.
        reply.code(409);
        return render(request, reply, occurrence, values, [{ field: 'version', message: `${err.message}. Your changes have not been saved` }], { conflict: true });
      }
      throw err;
    }
  });
}
