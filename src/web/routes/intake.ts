import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/context';
import { AppError, PolicyViolationError, ValidationError, type FieldIssue } from '../../app/errors';
import { openOccurrence, readOccurrence } from '../../app/intake/occurrence-queries';
import { loadVisibleOccurrence } from '../../app/intake/occurrence-change';
import { addParty, searchPeople, type PersonMatch } from '../../app/intake/people';
import { assignAttendingOfficer, recordCallAdvice } from '../../app/intake/attendance';
import { addIncident, courseOfConduct } from '../../app/intake/incidents';
import { classifyOccurrence, recordCrime } from '../../app/intake/classification';
import { markThreatToLife, markWorkforceInvolvement, recordDutyInspectorNotified, recordVictimDoesNotSupport } from '../../app/intake/safeguards';
import { primaryInvestigation, updateChecklistItem } from '../../app/intake/checklist';
import { endorseRiskAssessment, recordRiskAssessment } from '../../app/risk/dash';
import { canSeeTeamWorklist, completeTask, mayHandle, reopenTask, taskForClosing, teamWorklist, worklist } from '../../app/tasks/worklist';
import type { TaskRecord } from '../../store/repositories/tasks';
import { districtNames, districts } from '../../domain/occurrence';
import { unitTypeLabels, unitTypes } from '../../domain/units';
import { can } from '../../auth/permissions';
import { listClassifications, listParties, listRiskAssessments, latestVictimPosition } from '../../store/repositories/intake';
import { tasksOfOccurrence } from '../../store/repositories/tasks';
import { findUserById, listActiveUsersInRole } from '../../store/repositories/users';
import type { OccurrenceRecord } from '../../store/repositories/occurrences';
import {
  incidentActTypeLabels,
  incidentActTypes,
  incidentChannelLabels,
  incidentChannels,
  partyRoleLabels,
  partyRoles,
  personMarkerLabels,
  personMarkers,
  reporterCapacities,
  reporterCapacityLabels,
} from '../../domain/intake';
import { dashQuestionSet, stalkingScreeningQuestionSet } from '../../policy/risk-questions';
import { addMonths } from '../../policy/calendar';
import { activeFlagsOf } from '../../store/repositories/flags';
import { addNotifyIfFlag, reviewNotifyIfFlag } from '../../app/flags/notify-if';
import { crimeSeriousness } from '../../policy/principal-crime';
import { offenceNames, relationships, spoBreachOffence } from '../../policy/vocabulary';
import { orderBreachedBy } from '../../app/spo/breaches';
import type { Actor } from '../../domain/actor';
import { requirementById } from '../../policy/requirements';
import { londonParts, londonToUtc, formatDateTime } from '../../domain/time';
import { pageContext } from '../server';
import { accessReasonFor, takeFlash } from '../access';
import { paths } from '../paths';
import { errorView, formFields } from '../forms';
import { presentLogEntry, presentOccurrence } from '../presenters';

type Req = FastifyRequest<{ Params: { reference: string; sequence?: string; id?: string } }>;

const sections = [
  { key: 'summary', text: 'Summary', href: (r: string) => paths.occurrence(r) },
  { key: 'people', text: 'People', href: (r: string) => `${paths.occurrence(r)}/people` },
  { key: 'incidents', text: 'Incidents', href: (r: string) => `${paths.occurrence(r)}/incidents` },
  { key: 'classification', text: 'Classification', href: (r: string) => `${paths.occurrence(r)}/classification` },
  { key: 'risk', text: 'Risk', href: (r: string) => `${paths.occurrence(r)}/risk` },
  { key: 'checklist', text: 'Checklist', href: (r: string) => `${paths.occurrence(r)}/checklist` },
  { key: 'investigation', text: 'Investigation', href: (r: string) => `${paths.occurrence(r)}/investigation` },
  { key: 'spo', text: 'SPO', href: (r: string) => `${paths.occurrence(r)}/spo` },
  { key: 'tasks', text: 'Tasks', href: (r: string) => `${paths.occurrence(r)}/tasks` },
];

/** The identity bar every section of an occurrence shares: reference, status, classification, risk, flags. */
export async function occurrenceHeader(deps: AppDeps, occurrence: OccurrenceRecord, current: string, actor?: Actor) {
  const risk = await listRiskAssessments(deps.store.db, occurrence.id);
  const latest = risk[0];
  const grade = latest ? (latest.endorsedGrade ?? latest.officerGrade) : null;
  const tags: { text: string; classes: string }[] = [];
  if (occurrence.classification === spoBreachOffence) tags.push({ text: 'Breach of Stalking Order', classes: 'govuk-tag--purple' });
  else if (occurrence.classification && occurrence.classification !== 'none') tags.push({ text: `${occurrence.classification === 'stalking' ? 'Stalking' : 'Harassment'} ${occurrence.offence ?? ''}`.trim(), classes: 'govuk-tag--purple' });
  if (grade) tags.push({ text: `Risk: ${grade}${latest?.endorsedAt ? '' : ' (not endorsed)'}`, classes: grade === 'high' ? 'govuk-tag--red' : grade === 'medium' ? 'govuk-tag--orange' : 'govuk-tag--green' });
  else tags.push({ text: 'No DASH yet', classes: 'govuk-tag--grey' });
  if (occurrence.threatToLife) tags.push({ text: occurrence.dutyInspectorNotifiedAt ? 'Threat to life' : 'Threat to life: inspector not notified', classes: 'govuk-tag--red' });
  if (occurrence.cyberFlag) tags.push({ text: 'Cyber', classes: 'govuk-tag--blue' });
  if (occurrence.restricted) tags.push({ text: 'Restricted', classes: 'govuk-tag--red' });
  return {
    occurrence: presentOccurrence(occurrence),
    tags,
    subnav: sections.map((s) => ({ text: s.text, href: s.href(occurrence.reference), active: s.key === current })),
    riskGrade: grade,
    // BR-01: a breach names the order it breaches, with the original crime's page.
    breachOf: actor ? await breachOfView(deps, actor, occurrence) : null,
  };
}

async function breachOfView(deps: AppDeps, actor: Actor, occurrence: OccurrenceRecord) {
  const order = await orderBreachedBy(deps, actor, occurrence);
  if (!order) return null;
  return {
    orderLabel: `${order.orderType ? `${order.orderType === 'full' ? 'full' : 'interim'} ` : ''}Stalking Protection Order`,
    reference: order.orderOccurrenceReference,
    href: order.orderOccurrenceReference ? `${paths.occurrence(order.orderOccurrenceReference)}/spo` : null,
  };
}

export function why(ids: string[]): { id: string; text: string }[] {
  return ids.map((id) => ({ id, text: requirementById(id)?.text ?? '' }));
}

/** Field issues from any app error, so every refusal shows in the GOV.UK error summary. */
function issuesOf(err: AppError, fallbackField: string): FieldIssue[] {
  if (err instanceof ValidationError) return err.issues;
  if (err instanceof PolicyViolationError) return err.violations.map((v) => ({ field: fallbackField, message: `${v.message} (${v.requirement})` }));
  return [{ field: fallbackField, message: err.message }];
}

function dateTimeFromForm(v: Record<string, string>, prefix: string): { iso?: string; issue?: FieldIssue } {
  const d = (v[`${prefix}-day`] ?? '').trim();
  const m = (v[`${prefix}-month`] ?? '').trim();
  const y = (v[`${prefix}-year`] ?? '').trim();
  const t = /^(\d{1,2})[:.](\d{2})$/.exec((v[`${prefix}-time`] ?? '').trim());
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { issue: { field: prefix, message: 'Enter a real date, for example 2 3 2026' } };
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) return { issue: { field: prefix, message: 'Enter the time in 24-hour format, for example 14:05' } };
  const at = londonToUtc(Number(y), Number(m), Number(d), Number(t[1]), Number(t[2]));
  return at ? { iso: at.toISOString() } : { issue: { field: prefix, message: 'Enter a real date, for example 2 3 2026' } };
}

const checkbox = (v: string | undefined) => v === 'yes' || v === 'true' || v === 'on';

/** The occurrence's summary page: report, people, what the call handler and attending officer must do next, and the occurrence log. */
export async function renderOccurrenceSummary(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: { status?: number; values?: Record<string, string>; errors?: ReturnType<typeof errorView> },
) {
  const { reference } = request.params as { reference: string };
  const view = await openOccurrence(deps, request.actor!, reference, 'Viewed occurrence', { logRead: !extra.status, accessReason: accessReasonFor(request, reference) });
  const o = view.occurrence;
  const header = await occurrenceHeader(deps, o, 'summary', request.actor!);
  // Only the users the page shows: a force has thousands.
  const officers = can(request.actor!.role, 'attendance.assign') ? await listActiveUsersInRole(deps.store.db, 'attending_officer', o.district) : [];
  const attending = o.attendingOfficerId ? await findUserById(deps.store.db, o.attendingOfficerId) : undefined;
  const parties = await listParties(deps.store.db, o.id);
  const recordingTask = (await tasksOfOccurrence(deps.store.db, o.id)).find((t) => t.action === 'recording_decision');
  const recordingDue = recordingTask ? { label: formatDateTime(recordingTask.dueAt), overdue: recordingTask.status === 'open' && recordingTask.dueAt < deps.clock().toISOString() } : null;
  reply.code(extra.status ?? 200);
  return reply.view(
    'occurrences/show.njk',
    pageContext(request, reply, {
      title: `Occurrence ${o.reference}`,
      flash: takeFlash(request),
      ...header,
      log: view.log.map(presentLogEntry),
      officers,
      attendingName: attending?.displayName,
      parties,
      partyRoleLabels,
      recordingDue,
      values: extra.values ?? {},
      ...(extra.errors ?? {}),
      why: why(['CS-04', 'CS-05', 'AO-08', 'ID-08', 'ID-07']),
      can: (a: string) => can(request.actor!.role, a as never),
    }),
  );
}

/** Rendering and form handling shared by every section of an occurrence. */
export function occurrencePages(deps: AppDeps) {
  async function render(request: FastifyRequest, reply: FastifyReply, template: string, section: string, purpose: string, data: (o: OccurrenceRecord) => Promise<Record<string, unknown>>, status = 200) {
    const { reference } = request.params as { reference: string };
    const occurrence = await readOccurrence(deps, request.actor!, reference, purpose, { logRead: status === 200, accessReason: accessReasonFor(request, reference) });
    const header = await occurrenceHeader(deps, occurrence, section, request.actor!);
    const extra = await data(occurrence);
    reply.code(status);
    return reply.view(template, pageContext(request, reply, { title: `${extra.heading ?? section} - ${occurrence.reference}`, flash: takeFlash(request), ...header, ...extra, can: (a: string) => can(request.actor!.role, a as never) }));
  }
  
  /** Runs a form's use case; on success flashes and redirects, on refusal re-renders the page with the errors and what was typed. */
  async function submit(request: FastifyRequest, reply: FastifyReply, opts: { run: () => Promise<unknown>; flash: string; redirect: string; field: string; rerender: (errors: ReturnType<typeof errorView>) => Promise<unknown> }) {
    try {
      await opts.run();
      request.session.flash = { heading: opts.flash };
      return reply.redirect(opts.redirect, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 403 || err.status === 404) throw err;
      return opts.rerender(errorView(issuesOf(err, opts.field)));
    }
  }
  return { render, submit };
}

export async function registerIntakeRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  /** Every assessment, newest first, and how the risk moved from the first to now (SV-03). */
  const riskHistory = async (occurrenceId: string) => {
    const assessments = await listRiskAssessments(deps.store.db, occurrenceId);
    const movement = [...assessments].reverse().map((a) => `${a.endorsedGrade ?? a.officerGrade} (${formatDateTime(a.assessedAt)})`);
    return { assessments, movement };
  };
  const occ = (r: string) => paths.occurrence(r);

  const { render, submit } = occurrencePages(deps);

  // ---- the reason for opening a restricted record (ID-08) ------------------------------------
  // Where to go once the reason is given: a page of the same record (e.g. "triage" from the triage queue), else its summary.
  const nextPage = (next: unknown) => (typeof next === 'string' && /^[a-z][a-z-]{0,40}$/.test(next) ? next : '');
  const afterReason = (reference: string, next: unknown) => (nextPage(next) ? `${paths.occurrence(reference)}/${nextPage(next)}` : paths.occurrence(reference));
  app.get<{ Params: { reference: string }; Querystring: { next?: string } }>('/occurrences/:reference/access-reason', { config: { access: 'occurrence.view' } }, async (request, reply) => {
    await loadVisibleOccurrence(deps.store.db, request.actor!, request.params.reference);
    return reply.view('occurrences/access-reason.njk', pageContext(request, reply, { title: 'Why are you opening this restricted record?', reference: request.params.reference, values: { next: nextPage(request.query.next) } }));
  });
  app.post<{ Params: { reference: string } }>('/occurrences/:reference/access-reason', { config: { access: 'occurrence.view' } }, async (request, reply) => {
    const reference = request.params.reference;
    await loadVisibleOccurrence(deps.store.db, request.actor!, reference);
    const v = formFields(request.body);
    const reason = (v.reason ?? '').trim();
    if (reason.length < 10 || reason.length > 500) {
      reply.code(400);
      const message = 'Give your reason for opening this record, in 10 to 500 characters (it is logged)';
      return reply.view('occurrences/access-reason.njk', pageContext(request, reply, { title: 'Why are you opening this restricted record?', reference, values: v, errorList: [{ text: message, href: '#reason' }], errors: { reason: { text: message } } }));
    }
    request.session.accessReasons = { ...(request.session.accessReasons ?? {}), [reference]: reason };
    return reply.redirect(afterReason(reference, v.next), 303);
  });

  // ---- summary actions ---------------------------------------------------------------------
  const summaryPost = (path: string, field: string, run: (req: Req, v: Record<string, string>) => Promise<unknown>, flash: string, access: 'occurrence.update' | 'attendance.assign' | 'crime.record' = 'occurrence.update') =>
    app.post<{ Params: { reference: string } }>(`/occurrences/:reference/${path}`, { config: { access } }, async (request, reply) => {
      const v = formFields(request.body);
      return submit(request, reply, {
        run: () => run(request as Req, v),
        flash,
        redirect: occ(request.params.reference),
        field,
        rerender: (errors) => renderOccurrenceSummary(deps, request, reply, { status: 400, values: v, errors }),
      });
    });

  summaryPost('call-advice', 'attendanceMessage', (r, v) => recordCallAdvice(deps, r.actor!, r.params.reference, { evidenceAdviceGiven: checkbox(v.evidenceAdviceGiven) ? true : v.evidenceAdviceGiven, attendanceMessage: v.attendanceMessage ?? '' }), 'Advice to the caller recorded');
  summaryPost('attendance', 'officerId', (r, v) => assignAttendingOfficer(deps, r.actor!, r.params.reference, { officerId: v.officerId ?? '' }), 'Attending officer assigned', 'attendance.assign');
  summaryPost('threat-to-life', 'details', (r, v) => markThreatToLife(deps, r.actor!, r.params.reference, { details: v.details ?? '' }), 'Threat to life marked: the duty inspector must be notified immediately');
  summaryPost('duty-inspector-notified', 'inspectorName', (r, v) => recordDutyInspectorNotified(deps, r.actor!, r.params.reference, { inspectorName: v.inspectorName ?? '', ...(v.note ? { note: v.note } : {}) }), 'Duty inspector notification recorded');
  summaryPost('workforce', 'reason', (r, v) => markWorkforceInvolvement(deps, r.actor!, r.params.reference, { reason: v.reason ?? '' }), 'Marked as involving the force’s workforce: the record is now restricted');
  summaryPost('record-crime', 'recordCrime', (r) => recordCrime(deps, r.actor!, r.params.reference), 'Crime recorded', 'crime.record');

  // ---- people ------------------------------------------------------------------------------
  app.get<{ Params: { reference: string } }>('/occurrences/:reference/people', { config: { access: 'occurrence.view' } }, async (request, reply) =>
    render(request, reply, 'occurrences/people.njk', 'people', 'Viewed people', async (o) => peopleData(o, {})),
  );
  const peopleData = async (o: OccurrenceRecord, values: Record<string, string>) => {
    const parties = await listParties(deps.store.db, o.id);
    const flags = await activeFlagsOf(deps.store.db, parties.map((p) => p.person.id));
    const today = deps.clock().toISOString().slice(0, 10);
    return {
      heading: 'People',
      parties: parties.map((p) => ({ ...p, flags: flags.filter((f) => f.personId === p.person.id).map((f) => ({ ...f, inReviewWindow: addMonths(f.expiresOn, -1) <= today })) })),
      suspects: parties.filter((p) => p.role === 'suspect'),
      partyRoleLabels,
      reporterCapacityLabels,
      markerLabels: personMarkerLabels,
      values,
      why: why(['FL-01', 'FL-02', 'FL-03']),
    };
  };
  app.post<{ Params: { reference: string } }>('/occurrences/:reference/flags', { config: { access: 'occurrence.update' } }, async (request, reply) => {
    const v = formFields(request.body);
    return submit(request, reply, {
      run: () => addNotifyIfFlag(deps, request.actor!, request.params.reference, { personId: v.personId ?? '', reason: v.reason ?? '', notify: v.notify ?? '' }),
      flash: 'Notify-if flag added: the SCU is tasked with its review',
      redirect: `${paths.occurrence(request.params.reference)}/people`,
      field: 'reason',
      rerender: (errors) => render(request, reply, 'occurrences/people.njk', 'people', 'People (refused change)', async (o) => ({ ...(await peopleData(o, v)), ...errors }), 400),
    });
  });
  app.post<{ Params: { reference: string; id: string } }>('/occurrences/:reference/flags/:id/review', { config: { access: 'occurrence.update' } }, async (request, reply) => {
    const v = formFields(request.body);
    return submit(request, reply, {
      run: async () => {
        try {
          return await reviewNotifyIfFlag(deps, request.actor!, request.params.reference, request.params.id, { version: v.version ?? '', ...(v.note ? { note: v.note } : {}) });
        } catch (err) {
          // The review form has no fields of its own to point at: its problems show beside the flags.
          if (err instanceof ValidationError) throw new ValidationError(err.issues.map((i) => ({ field: 'flagReview', message: i.message })));
          throw err;
        }
      },
      flash: 'Notify-if flag reviewed',
      redirect: `${paths.occurrence(request.params.reference)}/people`,
      field: 'flagReview',
      rerender: (errors) => render(request, reply, 'occurrences/people.njk', 'people', 'People (refused change)', async (o) => ({ ...(await peopleData(o, v)), ...errors }), 400),
    });
  });

  const addPersonData = async (request: FastifyRequest, values: Record<string, string>) => {
    let matches: PersonMatch[] | undefined;
    let searchErrors: ReturnType<typeof errorView> | undefined;
    if (values.search === 'yes') {
      try {
        const q = Object.fromEntries(Object.entries({ surname: values.surname, forenames: values.forenames, dateOfBirth: values.dateOfBirth, postcode: values.postcode, phone: values.phone }).filter(([, x]) => x));
        matches = await searchPeople(deps, request.actor!, q);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        searchErrors = errorView(err.issues);
      }
    }
    return {
      heading: 'Add a person',
      values,
      matches,
      ...(searchErrors ?? {}),
      roles: partyRoles.map((r) => ({ value: r, text: partyRoleLabels[r] })),
      capacities: reporterCapacities.map((c) => ({ value: c, text: reporterCapacityLabels[c] })),
      markers: personMarkers.map((m) => ({ value: m, text: personMarkerLabels[m] })),
      markerLabels: personMarkerLabels,
    };
  };

  app.get<{ Params: { reference: string } }>('/occurrences/:reference/people/add', { config: { access: 'occurrence.update' } }, async (request, reply) => {
    const values = formFields(request.query);
    return render(request, reply, 'occurrences/add-person.njk', 'people', values.search === 'yes' ? 'Searched people to add' : 'Adding a person', async () => addPersonData(request, values));
  });

  app.post<{ Params: { reference: string } }>('/occurrences/:reference/people', { config: { access: 'occurrence.update' } }, async (request, reply) => {
    const v = formFields(request.body);
    const markers = Object.keys(request.body as object).includes('markers') ? ([] as string[]).concat((request.body as Record<string, string | string[]>).markers ?? []) : [];
    const input = { role: v.role ?? '', capacity: v.capacity ?? '', personId: v.personId ?? '', surname: v.surname ?? '', forenames: v.forenames ?? '', dateOfBirth: v.dateOfBirth ?? '', address: v.address ?? '', postcode: v.postcode ?? '', phone: v.phone ?? '', description: v.description ?? '', markers };
    return submit(request, reply, {
      run: () => addParty(deps, request.actor!, request.params.reference, input),
      flash: `${partyRoleLabels[v.role as keyof typeof partyRoleLabels] ?? 'Person'} added`,
      redirect: `${occ(request.params.reference)}/people`,
      field: 'surname',
      rerender: (errors) => render(request, reply, 'occurrences/add-person.njk', 'people', 'Adding a person (refused)', async () => ({ ...(await addPersonData(request, { ...v, search: '' })), ...errors, values: v }), 400),
    });
  });

  // ---- incidents and the course of conduct --------------------------------------------------
  const incidentsData = async (request: FastifyRequest, o: OccurrenceRecord) => {
    const course = await courseOfConduct(deps, request.actor!, o.reference);
    const now = londonParts(deps.clock());
    return {
      heading: 'Incidents',
      course,
      incidents: course.incidents.map((i) => ({ ...i, when: formatDateTime(i.occurredAt), act: incidentActTypeLabels[i.actType as keyof typeof incidentActTypeLabels] ?? i.actType, how: incidentChannelLabels[i.channel as keyof typeof incidentChannelLabels] ?? i.channel })),
      actTypes: incidentActTypes.map((a) => ({ value: a, text: incidentActTypeLabels[a] })),
      channels: incidentChannels.map((c) => ({ value: c, text: incidentChannelLabels[c] })),
      defaults: { 'occurredAt-day': String(now.day), 'occurredAt-month': String(now.month), 'occurredAt-year': String(now.year) },
    };
  };
  app.get<{ Params: { reference: string } }>('/occurrences/:reference/incidents', { config: { access: 'occurrence.view' } }, async (request, reply) =>
    render(request, reply, 'occurrences/incidents.njk', 'incidents', 'Viewed incidents and course of conduct', async (o) => {
      const d = await incidentsData(request, o);
      return { ...d, values: d.defaults };
    }),
  );
  app.post<{ Params: { reference: string } }>('/occurrences/:reference/incidents', { config: { access: 'occurrence.update' } }, async (request, reply) => {
    const v = formFields(request.body);
    const when = dateTimeFromForm(v, 'occurredAt');
    return submit(request, reply, {
      run: async () => {
        if (when.issue) throw new ValidationError([when.issue]);
        return addIncident(deps, request.actor!, request.params.reference, { occurredAt: when.iso, place: v.place ?? '', actType: v.actType ?? '', channel: v.channel ?? '', description: v.description ?? '' });
      },
      flash: 'Incident recorded',
      redirect: `${occ(request.params.reference)}/incidents`,
      field: 'description',
      rerender: (errors) => render(request, reply, 'occurrences/incidents.njk', 'incidents', 'Viewed incidents (refused change)', async (o) => ({ ...(await incidentsData(request, o)), values: v, ...errors }), 400),
    });
  });

  // ---- classification ----------------------------------------------------------------------
  const classificationData = async (o: OccurrenceRecord) => {
    const history = await listClassifications(deps.store.db, o.id);
    return {
      heading: 'Classification',
      history,
      offences: Object.entries(offenceNames).map(([value, text]) => ({ value, text: `${value}: ${text}` })),
      relationships: relationships.map((r) => ({ value: r, text: r.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) })),
      otherOffenceOptions: crimeSeriousness.filter((c) => !['s2', 's2A', 's4', 's4A'].includes(c.code)).map((c) => ({ value: c.code, text: c.name })),
      why: why(['ID-01', 'ID-02', 'ID-03', 'ID-04', 'ID-07']),
    };
  };
  app.get<{ Params: { reference: string } }>('/occurrences/:reference/classification', { config: { access: 'occurrence.view' } }, async (request, reply) =>
    render(request, reply, 'occurrences/classification.njk', 'classification', 'Viewed classification', async (o) => {
      const d = await classificationData(o);
      const last = d.history[0];
      const values = last
        ? { ...Object.fromEntries(Object.entries(last.answers).map(([k, x]) => [k, x === true ? 'yes' : x === false ? 'no' : String(x)])), offence: last.confirmedOffence ?? 'none', relationship: o.relationship ?? '' }
        : { relationship: o.relationship ?? '' };
      return { ...d, values };
    }),
  );
  app.post<{ Params: { reference: string } }>('/occurrences/:reference/classification', { config: { access: 'occurrence.update' } }, async (request, reply) => {
    const v = formFields(request.body);
    const others = ([] as string[]).concat((request.body as Record<string, string | string[]>).otherOffences ?? []);
    const num = (x: string | undefined) => (x !== undefined && /^\d+$/.test(x.trim()) ? Number(x) : x);
    const bool = (x: string | undefined) => (x === 'yes' ? true : x === 'no' ? false : x);
    const input = {
      answers: {
        fixated: bool(v.fixated),
        obsessive: bool(v.obsessive),
        unwanted: bool(v.unwanted),
        repeated: bool(v.repeated),
        occasions: num(v.occasions),
        fearOfViolenceOccasions: num(v.fearOfViolenceOccasions),
        seriousAlarmOrDistress: bool(v.seriousAlarmOrDistress),
        exPartner: bool(v.exPartner),
        // ID-02: optional questions; not answered, the decision's defaults apply.
        ...(v.alarmOrDistress ? { alarmOrDistress: bool(v.alarmOrDistress) } : {}),
        ...(v.actsAssociatedWithStalking ? { actsAssociatedWithStalking: bool(v.actsAssociatedWithStalking) } : {}),
        ...(v.knewOrOughtToKnow ? { knewOrOughtToKnow: bool(v.knewOrOughtToKnow) } : {}),
      },
      offence: v.offence === 'none' ? null : (v.offence ?? ''),
      ...(v.differenceReason ? { differenceReason: v.differenceReason } : {}),
      otherOffences: others,
      ...(v.relationship ? { relationship: v.relationship } : {}),
      ...(v.damageValuePounds?.trim() ? { damageValuePounds: /^\d+(\.\d{1,2})?$/.test(v.damageValuePounds.trim()) ? Number(v.damageValuePounds.trim()) : v.damageValuePounds } : {}),
    };
    return submit(request, reply, {
      run: () => classifyOccurrence(deps, request.actor!, request.params.reference, input),
      flash: 'Classification recorded',
      redirect: `${occ(request.params.reference)}/classification`,
      field: 'offence',
      rerender: (errors) => {
        // Show the policy's proposal beside the refusal so the officer can confirm it or say why not.
        const fixed: Record<string, { text: string }> = {};
        const errorList = errors.errorList.map((e) => ({ ...e, href: e.href.replace('#answers.', '#') }));
        for (const [k, e] of Object.entries(errors.errors)) fixed[k.replace(/^answers\./, '')] = e;
        return render(request, reply, 'occurrences/classification.njk', 'classification', 'Viewed classification (refused change)', async (o) => ({ ...(await classificationData(o)), values: v, errors: fixed, errorList }), 400);
      },
    });
  });

  // ---- DASH risk assessment ----------------------------------------------------------------
  const riskData = async (o: OccurrenceRecord) => ({ heading: 'Risk', ...(await riskHistory(o.id)), dash: dashQuestionSet, screening: stalkingScreeningQuestionSet, why: why(['AO-02', 'SV-02', 'TS-05', 'SC-05']) });
  app.get<{ Params: { reference: string } }>('/occurrences/:reference/risk', { config: { access: 'occurrence.view' } }, async (request, reply) =>
    render(request, reply, 'occurrences/risk.njk', 'risk', 'Viewed risk assessments', async (o) => riskData(o)),
  );
  app.get<{ Params: { reference: string } }>('/occurrences/:reference/risk/new', { config: { access: 'risk.assess' } }, async (request, reply) =>
    render(request, reply, 'occurrences/risk-new.njk', 'risk', 'Started a DASH risk assessment', async (o) => ({ ...(await riskData(o)), heading: 'DASH risk assessment', values: { victimEngaged: 'yes' } })),
  );
  app.post<{ Params: { reference: string } }>('/occurrences/:reference/risk', { config: { access: 'risk.assess' } }, async (request, reply) => {
    const v = formFields(request.body);
    const answers = Object.fromEntries(dashQuestionSet.questions.map((q) => [q.id, v[q.id] ?? '']));
    const screeningGiven = stalkingScreeningQuestionSet.questions.some((q) => v[q.id]);
    const screening = Object.fromEntries(stalkingScreeningQuestionSet.questions.map((q) => [q.id, v[q.id] ?? '']));
    const context = Object.fromEntries([...dashQuestionSet.questions, ...stalkingScreeningQuestionSet.questions].map((q) => [q.id, v[`${q.id}-context`] ?? '']).filter(([, x]) => x));
    const engaged = v.victimEngaged === 'yes' ? true : v.victimEngaged === 'no' ? false : v.victimEngaged;
    const input = {
      assessment: {
        answers,
        ...(screeningGiven ? { stalkingScreening: screening } : {}),
        victimEngaged: engaged,
        ...(engaged === false ? { completedFromRecordsAndObservation: checkbox(v.completedFromRecordsAndObservation) } : {}),
        ...(v.professionalJudgementGrade ? { professionalJudgementGrade: v.professionalJudgementGrade } : {}),
      },
      context,
      ...(v.nonEngagementNote ? { nonEngagementNote: v.nonEngagementNote } : {}),
    };
    return submit(request, reply, {
      run: () => recordRiskAssessment(deps, request.actor!, request.params.reference, input),
      flash: 'DASH risk assessment recorded',
      redirect: `${occ(request.params.reference)}/risk`,
      field: 'victimEngaged',
      rerender: (errors) => {
        const fixed: Record<string, { text: string }> = {};
        for (const [k, e] of Object.entries(errors.errors)) fixed[k.replace(/^assessment\.(answers|stalkingScreening)\./, '').replace(/^assessment\./, '')] = e;
        const errorList = errors.errorList.map((e) => ({ ...e, href: e.href.replace(/#assessment\.(answers|stalkingScreening)\./, '#').replace('#assessment.', '#') }));
        return render(request, reply, 'occurrences/risk-new.njk', 'risk', 'DASH risk assessment (refused)', async (o) => ({ ...(await riskData(o)), heading: 'DASH risk assessment', values: v, errors: fixed, errorList }), 400);
      },
    });
  });
  app.post<{ Params: { reference: string; sequence: string } }>('/occurrences/:reference/risk/:sequence/endorse', { config: { access: 'risk.endorse' } }, async (request, reply) => {
    const v = formFields(request.body);
    return submit(request, reply, {
      run: () => endorseRiskAssessment(deps, request.actor!, request.params.reference, Number(request.params.sequence), { version: v.version ?? '', grade: v.grade ?? '', ...(v.note ? { note: v.note } : {}) }),
      flash: 'Risk grading endorsed',
      redirect: `${occ(request.params.reference)}/risk`,
      field: 'grade',
      rerender: (errors) => render(request, reply, 'occurrences/risk.njk', 'risk', 'Viewed risk (refused endorsement)', async (o) => ({ ...(await riskData(o)), values: v, ...errors }), 400),
    });
  });

  // ---- primary investigation checklist and victim's position -------------------------------
  const checklistData = async (request: FastifyRequest, o: OccurrenceRecord) => {
    const { checklist } = await primaryInvestigation(deps, request.actor!, o.reference);
    const position = await latestVictimPosition(deps.store.db, o.id);
    return { heading: 'Checklist', checklist, victimPosition: position ? JSON.parse(position.record) : null, why: why(['AO-01', 'AO-10']) };
  };
  app.get<{ Params: { reference: string } }>('/occurrences/:reference/checklist', { config: { access: 'occurrence.view' } }, async (request, reply) =>
    render(request, reply, 'occurrences/checklist.njk', 'checklist', 'Viewed primary investigation checklist', async (o) => checklistData(request, o)),
  );
  app.post<{ Params: { reference: string } }>('/occurrences/:reference/checklist', { config: { access: 'occurrence.update' } }, async (request, reply) => {
    const v = formFields(request.body);
    return submit(request, reply, {
      run: () => updateChecklistItem(deps, request.actor!, request.params.reference, { item: v.item ?? '', status: v.status ?? '', ...(v.reason ? { reason: v.reason } : {}) }),
      flash: 'Checklist updated',
      redirect: `${occ(request.params.reference)}/checklist#${v.item ?? ''}`,
      field: 'reason',
      rerender: (errors) => render(request, reply, 'occurrences/checklist.njk', 'checklist', 'Viewed checklist (refused change)', async (o) => ({ ...(await checklistData(request, o)), values: v, failedItem: v.item, ...errors }), 400),
    });
  });
  app.post<{ Params: { reference: string } }>('/occurrences/:reference/victim-position', { config: { access: 'occurrence.update' } }, async (request, reply) => {
    const v = formFields(request.body);
    const input = {
      reasons: v.reasons ?? '',
      supportReferralOffered: checkbox(v.supportReferralOffered),
      advisedInvestigationContinues: checkbox(v.advisedInvestigationContinues),
      advisedCivilOrders: checkbox(v.advisedCivilOrders),
      advisedMayReContact: checkbox(v.advisedMayReContact),
      remindedNoWordsOfAdvice: checkbox(v.remindedNoWordsOfAdvice),
    };
    return submit(request, reply, {
      run: () => recordVictimDoesNotSupport(deps, request.actor!, request.params.reference, input),
      flash: 'Victim’s position on prosecution recorded; the investigation continues',
      redirect: `${occ(request.params.reference)}/checklist`,
      field: 'reasons',
      rerender: (errors) => render(request, reply, 'occurrences/checklist.njk', 'checklist', 'Viewed checklist (refused change)', async (o) => ({ ...(await checklistData(request, o)), victimValues: v, ...errors }), 400),
    });
  });

  // ---- tasks -------------------------------------------------------------------------------
  app.get<{ Params: { reference: string } }>('/occurrences/:reference/tasks', { config: { access: 'occurrence.view' } }, async (request, reply) =>
    render(request, reply, 'occurrences/tasks.njk', 'tasks', 'Viewed tasks', async (o) => {
      const now = deps.clock().toISOString();
      const actor = request.actor!;
      const tasks = (await tasksOfOccurrence(deps.store.db, o.id)).map((t) => ({
        ...t,
        overdue: t.status === 'open' && t.dueAt < now,
        dueLabel: formatDateTime(t.dueAt),
        canComplete: can(actor.role, 'task.complete') && (mayHandle(actor, t) || t.completedBy === actor.id),
      }));
      return { heading: 'Tasks', tasks, returnTo: 'occurrence' };
    }),
  );

  app.get(paths.worklist(), { config: { access: 'worklist.view' } }, async (request, reply) => {
    const q = formFields(request.query);
    const actor = request.actor!;
    const status = q.status === 'done' ? 'done' : 'open';
    const team = q.view === 'team' && canSeeTeamWorklist(actor);
    if (q.page && !/^[1-9]\d{0,5}$/.test(q.page)) throw new ValidationError([{ field: 'page', message: 'Page must be a whole number from 1 to 999999' }]);
    const page = q.page ? Number(q.page) : 1;
    const mine = team ? undefined : await worklist(deps, actor, { status, page });
    const teamView = team ? await teamWorklist(deps, actor, { district: q.district ?? '', unitType: q.unitType ?? '' }, { page }) : undefined;
    const shown = (mine ?? teamView)!;
    const tasks = shown.tasks as (TaskRecord & { overdue: boolean; assigneeName?: string | null })[];
    const pageHref = (n: number) => {
      const params = new URLSearchParams();
      if (team) {
        params.set('view', 'team');
        if (teamView?.filter.district) params.set('district', teamView.filter.district);
        if (teamView?.filter.unitType) params.set('unitType', teamView.filter.unitType);
      } else if (status === 'done') params.set('status', 'done');
      if (n > 1) params.set('page', String(n));
      const query = params.toString();
      return query ? `${paths.worklist()}?${query}` : paths.worklist();
    };
    return reply.view(
      'worklist.njk',
      pageContext(request, reply, {
        title: team ? 'Team worklist' : 'My worklist',
        flash: takeFlash(request),
        status,
        team,
        canTeam: canSeeTeamWorklist(actor),
        total: shown.total,
        overdue: shown.overdue,
        page: shown.page,
        pages: shown.pages,
        previousPage: Math.min(shown.page - 1, shown.pages),
        previousHref: shown.page > 1 ? pageHref(Math.min(shown.page - 1, shown.pages)) : undefined,
        // Marking a task done comes back to this page of this list.
        returnTo: pageHref(shown.page),
        nextHref: shown.page < shown.pages ? pageHref(shown.page + 1) : undefined,
        filter: teamView?.filter ?? {},
        districtOptions: districts.map((d) => ({ value: d, text: districtNames[d] })),
        unitOptions: unitTypes.map((u) => ({ value: u, text: unitTypeLabels[u] })),
        tasks: tasks.map((t) => ({ ...t, dueLabel: formatDateTime(t.dueAt), href: t.reference ? paths.occurrence(t.reference) : undefined, canComplete: mayHandle(actor, t) || t.completedBy === actor.id })),
      }),
    );
  });

  // ---- closing a task by hand, and undoing it (a correction) ---------------------------------
  // Back where the task was marked: the occurrence's tasks, or the same page of the worklist (only a
  // worklist address is followed, never another site).
  const backFrom = (task: TaskRecord, returnTo: string | undefined) => {
    const worklistPage = /^\/worklist(\?[A-Za-z0-9=&_-]*)?$/.test(returnTo ?? '') ? returnTo! : paths.worklist();
    return returnTo === 'occurrence' && task.reference ? `${paths.occurrence(task.reference)}/tasks` : worklistPage;
  };
  const safeReturn = (v: unknown) => (typeof v === 'string' && (v === 'occurrence' || /^\/worklist(\?[A-Za-z0-9=&_-]*)?$/.test(v)) ? v : '');
  const taskPage = async (request: FastifyRequest, reply: FastifyReply, kind: 'close' | 'reopen', extra: { values?: Record<string, string>; status?: number; errors?: ReturnType<typeof errorView> }) => {
    const task = await taskForClosing(deps, request.actor!, (request.params as { id: string }).id);
    reply.code(extra.status ?? 200);
    return reply.view(
      kind === 'close' ? 'tasks/close.njk' : 'tasks/reopen.njk',
      pageContext(request, reply, {
        title: kind === 'close' ? `Close a task: ${task.title}` : `Open a task again: ${task.title}`,
        task: { ...task, dueLabel: formatDateTime(task.dueAt), completedLabel: task.completedAt ? formatDateTime(task.completedAt) : null, href: task.reference ? paths.occurrence(task.reference) : undefined },
        notApplicable: task.byHand === 'not_applicable',
        values: { ...(extra.values ?? {}), returnTo: safeReturn(extra.values?.returnTo ?? (request.query as { returnTo?: string }).returnTo) },
        ...(extra.errors ?? {}),
      }),
    );
  };
  app.get<{ Params: { id: string }; Querystring: { returnTo?: string } }>('/tasks/:id/close', { config: { access: 'task.complete' } }, async (request, reply) => taskPage(request, reply, 'close', {}));
  app.post<{ Params: { id: string } }>('/tasks/:id/complete', { config: { access: 'task.complete' } }, async (request, reply) => {
    const v = formFields(request.body);
    try {
      const task = await completeTask(deps, request.actor!, request.params.id, { note: v.note ?? '' });
      request.session.flash = { heading: `${task.closure === 'not_applicable' ? 'Closed as not applicable' : 'Done'}: ${task.title}` };
      return reply.redirect(backFrom(task, v.returnTo), 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 403 || err.status === 404) throw err;
      return taskPage(request, reply, 'close', { values: v, status: err.status, errors: errorView(issuesOf(err, 'note')) });
    }
  });
  app.get<{ Params: { id: string }; Querystring: { returnTo?: string } }>('/tasks/:id/reopen', { config: { access: 'task.complete' } }, async (request, reply) => taskPage(request, reply, 'reopen', {}));
  app.post<{ Params: { id: string } }>('/tasks/:id/reopen', { config: { access: 'task.complete' } }, async (request, reply) => {
    const v = formFields(request.body);
    try {
      const task = await reopenTask(deps, request.actor!, request.params.id, { reason: v.reason ?? '' });
      request.session.flash = { heading: `Open again: ${task.title}` };
      return reply.redirect(backFrom(task, v.returnTo), 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500 || err.status === 403 || err.status === 404) throw err;
      return taskPage(request, reply, 'reopen', { values: v, status: err.status, errors: errorView(issuesOf(err, 'reason')) });
    }
  });
}
