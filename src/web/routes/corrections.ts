import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/context';
import { reallocateOccurrence, reopenOccurrence, retriageOccurrence } from '../../app/investigation/corrections';
import { removePartyAddedInError } from '../../app/intake/party-removal';
import { can, type Action } from '../../auth/permissions';
import { entitledToRestricted } from '../../auth/record-access';
import { partyRoleLabels, type PartyRole } from '../../domain/intake';
import { occurrenceStatusLabels } from '../../domain/occurrence';
import { formatDateTime } from '../../domain/time';
import { correctableFrom, type Correction } from '../../policy/occurrence-progression';
import { homeOfficeOutcome } from '../../policy/outcomes';
import { unitNames } from '../../policy/vocabulary';
import { listParties } from '../../store/repositories/intake';
import type { OccurrenceRecord } from '../../store/repositories/occurrences';
import { findUserById, listActiveUsersInRole } from '../../store/repositories/users';
import { formFields } from '../forms';
import { paths } from '../paths';
import { occurrencePages, why } from './intake';
import { allocationAnswers, allocationChoices, recordedAllocation } from './investigation';

type Which = 'retriage' | 'reallocate' | 'reopen' | 'remove-person';

/** The corrections, as the pages offer them: who may make each, from which statuses, what it does. */
const corrections: { which: Which; correction: Correction; action: Action; title: string; description: string; unavailable: string }[] = [
  {
    which: 'retriage',
    correction: 'retriage',
    action: 'occurrence.retriage',
    title: 'Re-triage this crime',
    description: 'Correct the facts the allocation decision uses (the suspect’s relationship to the victim, adult at risk, honour-based abuse, coercive control, escalation). The decision runs again and gives the unit; a change of unit takes the crime back for allocation in its new unit.',
    unavailable: 'A crime is re-triaged once it has been triaged and until it is finalised.',
  },
  {
    which: 'reallocate',
    correction: 'reallocate',
    action: 'occurrence.reallocate',
    title: 'Reallocate to another officer in charge',
    description: 'Give the crime to another investigating officer of its unit. To change the unit, re-triage it.',
    unavailable: 'A crime is reallocated once it has an officer in charge and until it is finalised.',
  },
  {
    which: 'reopen',
    correction: 'reopen',
    action: 'occurrence.reopen',
    title: 'Reopen this crime',
    description: 'Reopen a finalised crime, for example on new evidence. Its outcome is kept in the occurrence log.',
    unavailable: 'Only a finalised crime is reopened.',
  },
  {
    which: 'remove-person',
    correction: 'removeParty',
    action: 'party.remove',
    title: 'Remove a person added in error',
    description: 'Take a person off this occurrence who should never have been added. They stay on record and in the occurrence log, but leave this case’s people and its course of conduct.',
    unavailable: 'Reopen a finalised crime before removing a person added in error.',
  },
];

const label = (s: string) => s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
const unitName = (u: string | null) => (u ? ((unitNames as Record<string, string>)[u] ?? u) : 'Not yet triaged');
const personName = (p: { forenames: string | null; surname: string | null; description: string | null }) => [p.forenames, p.surname].filter(Boolean).join(' ') || p.description || 'Unknown person';

/**
 * "Correct this case": one page listing the corrections the user's role may make, and one GOV.UK
 * form per correction. Each form posts to its use case; a refusal re-renders the form with the
 * error summary and what was typed.
 */
export async function registerCorrectionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { render, submit } = occurrencePages(deps);
  const form = (which: Which) => `/occurrences/:reference/corrections/${which}`;

  const current = async (o: OccurrenceRecord) => {
    const officer = o.officerInChargeId ? await findUserById(deps.store.db, o.officerInChargeId) : undefined;
    return {
      statusLabel: occurrenceStatusLabels[o.status],
      unitLabel: unitName(o.allocatedUnit),
      officerInCharge: officer ? `${officer.displayName} (${officer.unit})` : 'None',
      relationshipLabel: o.relationship ? label(o.relationship) : 'Not recorded',
    };
  };

  app.get<{ Params: { reference: string } }>('/occurrences/:reference/corrections', { config: { access: 'occurrence.view' } }, async (request, reply) =>
    render(request, reply, 'occurrences/corrections/index.njk', 'summary', 'Viewed corrections', async (o) => ({
      heading: 'Correct this case',
      current: await current(o),
      corrections: corrections
        .filter((c) => can(request.actor!.role, c.action))
        .map((c) => ({ ...c, href: paths.corrections(o.reference, c.which), available: correctableFrom[c.correction].includes(o.status) })),
      why: why(['TS-01', 'AL-02', 'AL-05', 'CS-03', 'ID-05', 'XC-03']),
    })),
  );

  // ---- re-triage -------------------------------------------------------------------------------
  const retriageData = async (o: OccurrenceRecord, values: Record<string, string>) => {
    const decision = recordedAllocation(o);
    return {
      heading: 'Re-triage this crime',
      current: await current(o),
      decision: decision ? { unitLabel: unitName(decision.unit), explanation: decision.explanation } : null,
      ...allocationChoices,
      version: o.version,
      values,
      why: why(['TS-01', 'TS-02', 'AL-01', 'AL-02', 'AL-03', 'AL-04', 'AL-05', 'XC-03']),
    };
  };
  const retriageValues = (o: OccurrenceRecord): Record<string, string> => ({
    relationship: o.relationship ?? '',
    adultAtRisk: o.adultAtRisk ? 'yes' : '',
    honourBasedAbuse: o.honourBasedAbuse ? 'yes' : '',
    coerciveControl: o.coerciveControl ? 'yes' : '',
    prolongedCourseOfConduct: o.prolongedCourse ? 'yes' : '',
    significantCumulativeImpact: o.cumulativeImpact ? 'yes' : '',
    perpetratorEscalation: o.perpetratorEscalation ? 'yes' : '',
  });
  app.get<{ Params: { reference: string } }>(form('retriage'), { config: { access: 'occurrence.retriage' } }, async (request, reply) =>
    render(request, reply, 'occurrences/corrections/retriage.njk', 'summary', 'Opened for re-triage', async (o) => retriageData(o, retriageValues(o))),
  );
  app.post<{ Params: { reference: string } }>(form('retriage'), { config: { access: 'occurrence.retriage' } }, async (request, reply) => {
    const v = formFields(request.body);
    const input = {
      ...allocationAnswers(v),
      reason: v.reason ?? '',
      ...(v.version ? { version: v.version } : {}),
    };
    return submit(request, reply, {
      run: () => retriageOccurrence(deps, request.actor!, request.params.reference, input),
      flash: 'Crime re-triaged: the change and your reason are in the occurrence log',
      redirect: `${paths.occurrence(request.params.reference)}/investigation`,
      field: 'reason',
      rerender: (errors) => render(request, reply, 'occurrences/corrections/retriage.njk', 'summary', 'Re-triage (refused)', async (o) => ({ ...(await retriageData(o, v)), ...errors }), 400),
    });
  });

  // ---- reallocation ----------------------------------------------------------------------------
  const reallocateData = async (o: OccurrenceRecord, values: Record<string, string>) => {
    const officers = (await listActiveUsersInRole(deps.store.db, 'investigating_officer', o.district)).filter((u) => u.id !== o.officerInChargeId && (!o.allocatedUnit || u.unitType === o.allocatedUnit) && (!o.restricted || entitledToRestricted(u)));
    return {
      heading: 'Reallocate to another officer in charge',
      current: await current(o),
      officers: officers.map((u) => ({ value: u.id, text: `${u.displayName} (${u.unit})` })),
      version: o.version,
      values,
      why: why(['SV-01', 'AL-02', 'AL-05', 'XC-03']),
    };
  };
  app.get<{ Params: { reference: string } }>(form('reallocate'), { config: { access: 'occurrence.reallocate' } }, async (request, reply) =>
    render(request, reply, 'occurrences/corrections/reallocate.njk', 'summary', 'Opened for reallocation', async (o) => reallocateData(o, {})),
  );
  app.post<{ Params: { reference: string } }>(form('reallocate'), { config: { access: 'occurrence.reallocate' } }, async (request, reply) => {
    const v = formFields(request.body);
    return submit(request, reply, {
      run: () => reallocateOccurrence(deps, request.actor!, request.params.reference, { officerId: v.officerId ?? '', reason: v.reason ?? '', ...(v.version ? { version: v.version } : {}) }),
      flash: 'Crime reallocated: the new officer in charge and your reason are in the occurrence log',
      redirect: `${paths.occurrence(request.params.reference)}/investigation`,
      field: 'reason',
      rerender: (errors) => render(request, reply, 'occurrences/corrections/reallocate.njk', 'summary', 'Reallocation (refused)', async (o) => ({ ...(await reallocateData(o, v)), ...errors }), 400),
    });
  });

  // ---- reopening -------------------------------------------------------------------------------
  const reopenData = async (o: OccurrenceRecord, values: Record<string, string>) => {
    const ho = o.outcome ? homeOfficeOutcome[o.outcome as keyof typeof homeOfficeOutcome] : undefined;
    return {
      heading: 'Reopen this crime',
      current: await current(o),
      outcome: ho ? `${ho.code ? `Outcome ${ho.code}: ` : ''}${ho.name}` : null,
      finalisedLabel: o.finalisedAt ? formatDateTime(o.finalisedAt) : null,
      rationale: o.outcomeRationale,
      version: o.version,
      values,
      why: why(['TS-01', 'XC-03']),
    };
  };
  app.get<{ Params: { reference: string } }>(form('reopen'), { config: { access: 'occurrence.reopen' } }, async (request, reply) =>
    render(request, reply, 'occurrences/corrections/reopen.njk', 'summary', 'Opened for reopening', async (o) => reopenData(o, {})),
  );
  app.post<{ Params: { reference: string } }>(form('reopen'), { config: { access: 'occurrence.reopen' } }, async (request, reply) => {
    const v = formFields(request.body);
    return submit(request, reply, {
      run: () => reopenOccurrence(deps, request.actor!, request.params.reference, { reason: v.reason ?? '', ...(v.version ? { version: v.version } : {}) }),
      flash: 'Crime reopened: its earlier outcome and your reason are in the occurrence log',
      redirect: paths.occurrence(request.params.reference),
      field: 'reason',
      rerender: (errors) => render(request, reply, 'occurrences/corrections/reopen.njk', 'summary', 'Reopening (refused)', async (o) => ({ ...(await reopenData(o, v)), ...errors }), 400),
    });
  });

  // ---- removing a person added in error ------------------------------------------------------------
  const removeData = async (o: OccurrenceRecord, values: Record<string, string>) => ({
    heading: 'Remove a person added in error',
    current: await current(o),
    people: (await listParties(deps.store.db, o.id)).map((p) => ({ value: p.id, text: `${personName(p.person)} (${partyRoleLabels[p.role as PartyRole] ?? label(p.role)})` })),
    version: o.version,
    values,
    why: why(['CS-03', 'ID-05', 'XC-03']),
  });
  app.get<{ Params: { reference: string } }>(form('remove-person'), { config: { access: 'party.remove' } }, async (request, reply) =>
    render(request, reply, 'occurrences/corrections/remove-person.njk', 'summary', 'Opened for removing a person', async (o) => removeData(o, {})),
  );
  app.post<{ Params: { reference: string } }>(form('remove-person'), { config: { access: 'party.remove' } }, async (request: FastifyRequest<{ Params: { reference: string } }>, reply) => {
    const v = formFields(request.body);
    return submit(request, reply, {
      run: () => removePartyAddedInError(deps, request.actor!, request.params.reference, { partyId: v.partyId ?? '', reason: v.reason ?? '', ...(v.version ? { version: v.version } : {}) }),
      flash: 'Person removed from this occurrence: they stay on record, and the removal and your reason are in the occurrence log',
      redirect: paths.occurrence(request.params.reference),
      field: 'reason',
      rerender: (errors) => render(request, reply, 'occurrences/corrections/remove-person.njk', 'summary', 'Removing a person (refused)', async (o) => ({ ...(await removeData(o, v)), ...errors }), 400),
    });
  });
}
