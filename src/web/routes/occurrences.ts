import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app/context';
import { recordOccurrence, recordOccurrenceInput } from '../../app/intake/record-occurrence';
import { occurrenceSearchInput, openOccurrence, searchOccurrences } from '../../app/intake/occurrence-queries';
import { ValidationError, issuesFromZodError, type FieldIssue } from '../../app/errors';
import { callGradeLabels, callGrades, districtNames, districts, occurrenceStatusLabels, occurrenceStatuses, reportChannelLabels, reportChannels } from '../../domain/occurrence';
import { londonParts, londonToUtc } from '../../domain/time';
import { pageContext } from '../server';
import { takeFlash } from '../access';
import { paths } from '../paths';
import { errorView, formFields } from '../forms';
import { presentOccurrence } from '../presenters';
import { renderOccurrenceSummary } from './intake';

const options = {
  channels: reportChannels.map((value) => ({ value, text: reportChannelLabels[value] })),
  callGrades: callGrades.map((value) => ({ value, text: callGradeLabels[value] })),
  districts: districts.map((value) => ({ value, text: districtNames[value] })),
  statuses: occurrenceStatuses.map((value) => ({ value, text: occurrenceStatusLabels[value] })),
};

/** Turns the GOV.UK date input and 24-hour time into an ISO instant, or field issues naming the part that is wrong. */
export function receivedAtFromForm(v: Record<string, string>): { iso?: string; issues: FieldIssue[] } {
  const day = (v['receivedAt-day'] ?? '').trim();
  const month = (v['receivedAt-month'] ?? '').trim();
  const year = (v['receivedAt-year'] ?? '').trim();
  const time = (v['receivedAt-time'] ?? '').trim();
  if (!day && !month && !year) return { issues: [{ field: 'receivedAt', message: 'Enter the date the report was received' }] };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { issues: [{ field: 'receivedAt', message: 'Date the report was received must be a real date, for example 2 3 2026' }] };
  }
  const t = /^(\d{1,2})[:.](\d{2})$/.exec(time);
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) {
    return { issues: [{ field: 'receivedAtTime', message: 'Enter the time the report was received in 24-hour format, for example 14:05' }] };
  }
  const at = londonToUtc(Number(year), Number(month), Number(day), Number(t[1]), Number(t[2]));
  if (!at) return { issues: [{ field: 'receivedAt', message: 'Date the report was received must be a real date, for example 2 3 2026' }] };
  return { iso: at.toISOString(), issues: [] };
}

const anchors = { receivedAt: 'receivedAt-day', receivedAtTime: 'receivedAt-time', channel: 'channel', callGrade: 'callGrade', district: 'district', location: 'location', firstAccount: 'firstAccount' };

export async function registerOccurrenceRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(paths.occurrences(), { config: { access: 'occurrence.list' } }, async (request, reply) => {
    // A page address may carry things that are not search fields (tracking, old bookmarks): they are ignored, not errors.
    const searchFields = new Set(Object.keys(occurrenceSearchInput.shape));
    const query = Object.fromEntries(Object.entries(formFields(request.query)).filter(([k]) => searchFields.has(k)));
    try {
      const page = await searchOccurrences(deps, request.actor!, query);
      const base = new URLSearchParams();
      for (const k of ['reference', 'text', 'district', 'status'] as const) if (query[k]) base.set(k, query[k]!);
      const nextHref = page.next ? `${paths.occurrences()}?${new URLSearchParams({ ...Object.fromEntries(base), after: page.next })}` : undefined;
      return reply.view(
        'occurrences/list.njk',
        pageContext(request, reply, {
          title: 'Occurrences',
          flash: takeFlash(request),
          occurrences: page.occurrences.map(presentOccurrence),
          query,
          options,
          nextHref,
          firstHref: query.after ? `${paths.occurrences()}?${base}` : undefined,
        }),
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      reply.code(400);
      return reply.view(
        'occurrences/list.njk',
        pageContext(request, reply, { title: 'Occurrences', occurrences: [], query, options, ...errorView(err.issues) }),
      );
    }
  });

  app.get(paths.newOccurrence(), { config: { access: 'occurrence.create' } }, async (request, reply) => {
    const now = londonParts(deps.clock());
    const values = {
      'receivedAt-day': String(now.day),
      'receivedAt-month': String(now.month),
      'receivedAt-year': String(now.year),
      'receivedAt-time': `${String(now.hour).padStart(2, '0')}:${String(now.minute).padStart(2, '0')}`,
      district: request.actor!.district ?? '',
    };
    return reply.view('occurrences/new.njk', pageContext(request, reply, { title: 'Record a report', values, options }));
  });

  app.post(paths.occurrences(), { config: { access: 'occurrence.create' } }, async (request, reply) => {
    const values = formFields(request.body);
    const when = receivedAtFromForm(values);
    const input = {
      receivedAt: when.iso ?? '',
      channel: values.channel ?? '',
      callGrade: values.callGrade ?? '',
      district: values.district ?? '',
      location: values.location ?? '',
      firstAccount: values.firstAccount ?? '',
    };
    try {
      if (when.issues.length) {
        // Check the rest too (without saving), so every problem shows at once.
        const { receivedAt: _ignored, ...rest } = input;
        const others = recordOccurrenceInput.omit({ receivedAt: true }).safeParse(rest);
        throw new ValidationError([...when.issues, ...(others.success ? [] : issuesFromZodError(others.error))]);
      }
      const occurrence = await recordOccurrence(deps, request.actor!, input);
      request.session.flash = { heading: `Report recorded as ${occurrence.reference}` };
      return reply.redirect(paths.occurrence(occurrence.reference), 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      reply.code(400);
      return reply.view(
        'occurrences/new.njk',
        pageContext(request, reply, { title: 'Error: Record a report', heading: 'Record a report', values, options, ...errorView(err.issues, anchors) }),
      );
    }
  });

  app.get<{ Params: { reference: string } }>('/occurrences/:reference', { config: { access: 'occurrence.view' } }, async (request, reply) =>
    renderOccurrenceSummary(deps, request, reply, {}),
  );
}
