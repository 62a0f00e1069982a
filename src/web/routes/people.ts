import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/context';
import { AppError, PolicyViolationError, ValidationError, type FieldIssue } from '../../app/errors';
import { searchPeople, type PersonMatch } from '../../app/intake/people';
import { intelligenceSourceLabels, intelligenceSources, openPersonRecord, submitIntelligence } from '../../app/intelligence/submissions';
import { partyRoleLabels, personMarkerLabels } from '../../domain/intake';
import { referencePattern } from '../../domain/occurrence';
import { formatDateTime, londonParts, londonToUtc } from '../../domain/time';
import { pageContext } from '../server';
import { takeFlash } from '../access';
import { paths } from '../paths';
import { errorView, formFields } from '../forms';
import { why } from './intake';

type PersonReq = FastifyRequest<{ Params: { id: string } }>;

const searchFields = ['surname', 'forenames', 'dateOfBirth', 'postcode', 'phone'] as const;

/** The occurrence a user came from, carried in the query so the intelligence is linked to it. */
function occurrenceFrom(q: Record<string, string>): string | undefined {
  const ref = (q.occurrence ?? '').trim();
  return referencePattern.test(ref) ? ref : undefined;
}

/** The sighting's date and time from the GOV.UK date input and a 24-hour time, as an ISO instant. */
function seenAtFromForm(v: Record<string, string>): { iso?: string; issue?: FieldIssue } {
  const d = (v['seenAt-day'] ?? '').trim();
  const m = (v['seenAt-month'] ?? '').trim();
  const y = (v['seenAt-year'] ?? '').trim();
  const t = /^(\d{1,2})[:.](\d{2})$/.exec((v['seenAt-time'] ?? '').trim());
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { issue: { field: 'seenAt', message: 'Enter the date of the sighting, for example 2 3 2026' } };
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) return { issue: { field: 'seenAt', message: 'Enter the time of the sighting in 24-hour format, for example 14:05' } };
  const at = londonToUtc(Number(y), Number(m), Number(d), Number(t[1]), Number(t[2]));
  return at ? { iso: at.toISOString() } : { issue: { field: 'seenAt', message: 'Enter a real date, for example 2 3 2026' } };
}

const personName = (p: { forenames: string | null; surname: string | null; description: string | null }) => [p.forenames, p.surname].filter(Boolean).join(' ') || p.description || 'Unknown person';

/** AO-09, CS-06: people's records, searched and opened, and intelligence submitted on them. */
export async function registerPeopleRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(paths.people(), { config: { access: 'person.search' } }, async (request, reply) => {
    const q = formFields(request.query);
    const values = Object.fromEntries(searchFields.map((f) => [f, q[f] ?? '']));
    let matches: PersonMatch[] | undefined;
    let errors: ReturnType<typeof errorView> | undefined;
    if (q.search === 'yes') {
      try {
        matches = await searchPeople(deps, request.actor!, Object.fromEntries(Object.entries(values).filter(([, x]) => x)));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        errors = errorView(err.issues);
        reply.code(400);
      }
    }
    return reply.view(
      'people/search.njk',
      pageContext(request, reply, { title: 'Search people', values, matches, markerLabels: personMarkerLabels, partyRoleLabels, ...(errors ?? {}), why: why(['CS-06', 'AO-09']) }),
    );
  });

  const personPage = async (request: PersonReq, reply: FastifyReply) => {
    const view = await openPersonRecord(deps, request.actor!, request.params.id);
    const from = occurrenceFrom(formFields(request.query));
    return reply.view(
      'people/show.njk',
      pageContext(request, reply, {
        title: personName(view.person),
        flash: takeFlash(request),
        ...view,
        from,
        intelligenceRows: view.intelligence.map((i) => ({
          ...i,
          seenLabel: formatDateTime(i.seenAt),
          submittedLabel: formatDateTime(i.submittedAt),
          sourceLabel: intelligenceSourceLabels[i.source as keyof typeof intelligenceSourceLabels] ?? i.source,
        })),
        occurrenceRows: view.occurrences.map((o) => ({ ...o, roleLabel: partyRoleLabels[o.role as keyof typeof partyRoleLabels] ?? o.role, receivedLabel: formatDateTime(o.receivedAt) })),
        markerLabels: personMarkerLabels,
        why: why(['AO-09', 'FL-01', 'CS-06', 'ID-08']),
      }),
    );
  };
  app.get<{ Params: { id: string } }>('/people/:id', { config: { access: 'person.search' } }, async (request, reply) => personPage(request, reply));

  const formPage = async (request: PersonReq, reply: FastifyReply, values: Record<string, string>, errors?: ReturnType<typeof errorView>, status = 200) => {
    // The form shows who the intelligence is about; opening it is not a second read of the record.
    const view = await openPersonRecord(deps, request.actor!, request.params.id, { logRead: false });
    reply.code(status);
    return reply.view(
      'people/intelligence-new.njk',
      pageContext(request, reply, {
        title: `Submit intelligence on ${personName(view.person)}`,
        person: view.person,
        flags: view.flags,
        values,
        sources: intelligenceSources.map((s) => ({ value: s, text: intelligenceSourceLabels[s], checked: values.source === s })),
        ...(errors ?? {}),
        why: why(['AO-09', 'FL-01']),
      }),
    );
  };

  app.get<{ Params: { id: string } }>('/people/:id/intelligence', { config: { access: 'intelligence.submit' } }, async (request, reply) => {
    const now = londonParts(deps.clock());
    const from = occurrenceFrom(formFields(request.query));
    return formPage(request, reply, { 'seenAt-day': String(now.day), 'seenAt-month': String(now.month), 'seenAt-year': String(now.year), occurrenceReference: from ?? '' });
  });

  app.post<{ Params: { id: string } }>('/people/:id/intelligence', { config: { access: 'intelligence.submit' } }, async (request, reply) => {
    const v = formFields(request.body);
    const when = seenAtFromForm(v);
    try {
      if (when.issue) throw new ValidationError([when.issue]);
      const input = {
        occurrenceReference: v.occurrenceReference ?? '',
        seenAt: when.iso,
        location: v.location ?? '',
        subjectDescription: v.subjectDescription ?? '',
        vehicle: v.vehicle ?? '',
        source: v.source ?? '',
        sourceDetail: v.sourceDetail ?? '',
        details: v.details ?? '',
      };
      const done = await submitIntelligence(deps, request.actor!, request.params.id, input);
      request.session.flash = {
        heading: done.flagOwnerTasked && done.taskDueAt ? `Intelligence submitted. This person has an active notify-if flag: its owner has been tasked to act on it by ${formatDateTime(done.taskDueAt)}.` : 'Intelligence submitted',
      };
      const back = done.occurrenceReference ? `${paths.person(done.personId)}?occurrence=${encodeURIComponent(done.occurrenceReference)}` : paths.person(done.personId);
      return reply.redirect(back, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 403 || err.status === 404) throw err;
      const issues = err instanceof ValidationError ? err.issues : err instanceof PolicyViolationError ? err.violations.map((x) => ({ field: 'details', message: `${x.message} (${x.requirement})` })) : [{ field: 'details', message: err.message }];
      return formPage(request, reply, v, errorView(issues), 400);
    }
  });
}
