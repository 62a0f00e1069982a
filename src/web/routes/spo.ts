import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/context';
import {
  allocateOffenderManager,
  applyForStalkingProtectionOrder,
  considerStalkingProtectionOrder,
  decideSpoAuthority,
  decideSpoReferral,
  recordCourtOutcome,
  recordSpoBreach,
  recordSubjectVisit,
  referStalkingProtectionOrder,
} from '../../app/spo/lifecycle';
import {
  adviseOnDischarge,
  decideDischarge,
  receiveDischargeApplication,
  recordManagementPack,
  recordSubjectMove,
  recordSupervisorReview,
  reportOnDischarge,
  recordRenewalGranted,
  registerIncomingOrder,
  requestRenewal,
  setManagementPlan,
  varyOrder,
} from '../../app/spo/management';
import { spoDocument } from '../../app/spo/documents';
import { accessReasonFor } from '../access';
import { spoCasesOfOccurrence, spoManagementPacks, spoReviews, spoVisits } from '../../store/repositories/spo';
import { listParties } from '../../store/repositories/intake';
import { listUsers } from '../../store/repositories/users';
import type { OccurrenceRecord } from '../../store/repositories/occurrences';
import { formatDateTime, londonToUtc } from '../../domain/time';
import type { Actor } from '../../domain/actor';
import { breachesOfOrders } from '../../app/spo/breaches';
import { addMonths } from '../../policy/calendar';
import { defaultParameters } from '../../policy/parameters';
import { paths } from '../paths';
import { formFields } from '../forms';
import { occurrencePages, why } from './intake';

const yes = (v: string | undefined) => v === 'yes';
const yesNo = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : v);

/** "Prohibition: ..." or "Requirement: ..." one per line; a line without a prefix is a prohibition. */
export function termsFromText(text: string | undefined): { kind: 'prohibition' | 'requirement'; text: string }[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(prohibition|requirement|p|r)\s*:\s*(.*)$/i.exec(l);
      const kind = m && m[1]!.toLowerCase().startsWith('r') ? 'requirement' : 'prohibition';
      return { kind, text: (m ? m[2]! : l).trim() };
    });
}

/** One entry per non-empty line. */
export function listFromText(text: string | undefined): string[] {
  return (text ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

/** The Stalking Protection Order section of an occurrence: every stage from consideration to breach (SP-01 to SP-09, BR-01). */
export async function registerSpoRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { render, submit } = occurrencePages(deps);
  const spoData = async (o: OccurrenceRecord, actor: Actor) => {
    const users = await listUsers(deps.store.db);
    const parties = await listParties(deps.store.db, o.id);
    const spoCases = await spoCasesOfOccurrence(deps.store.db, o.id);
    // BR-01: each order lists its breaches (each its own crime) that this user may see.
    const breaches = await breachesOfOrders(deps, actor, spoCases.map((c) => c.id));
    const cases = await Promise.all(
      spoCases.map(async (c) => ({
        ...c,
        breaches: (breaches.get(c.id) ?? []).map((b) => ({ ...b, href: paths.occurrence(b.reference), receivedLabel: formatDateTime(b.receivedAt) })),
        respondent: parties.find((p) => p.person.id === c.respondentPersonId)?.person,
        offenderManager: users.find((u) => u.id === c.offenderManagerId)?.displayName,
        visits: await spoVisits(deps.store.db, c.id),
        packs: await spoManagementPacks(deps.store.db, c.id),
        reviews: (await spoReviews(deps.store.db, c.id)).map((r) => ({ ...r, by: users.find((u) => u.id === r.recordedBy)?.displayName })),
        // SP-09: the renewal request is due to the SCU 3 months before expiry.
        renewalDue: c.expiresOn ? addMonths(c.expiresOn, -defaultParameters.spoRenewalLeadMonths) : null,
      })),
    );
    return {
      heading: 'Stalking Protection Order',
      cases,
      suspects: parties.filter((p) => p.role === 'suspect'),
      offenderManagers: users.filter((u) => u.role === 'da_offender_manager' && u.active),
      why: why(['SP-01', 'SP-02', 'SP-03', 'SP-04', 'SP-05', 'SP-07', 'SP-08', 'SP-09', 'SP-10', 'SP-11', 'SP-12', 'SP-13', 'SP-14', 'BR-01', 'BR-02', 'BR-03']),
    };
  };
  app.get<{ Params: { reference: string } }>('/occurrences/:reference/spo', { config: { access: 'occurrence.view' } }, async (request, reply) =>
    render(request, reply, 'occurrences/spo.njk', 'spo', 'Viewed Stalking Protection Order', async (o) => ({ ...(await spoData(o, request.actor!)), values: {} })),
  );

  // Documents filled from the record: the referral (SPOR1), the application pack (SPO1), the cross-border transfer pack.
  // Without a choice of case and document, the page lists what can be downloaded.
  app.get<{ Params: { reference: string }; Querystring: { spoId?: string; document?: string } }>('/occurrences/:reference/spo/documents', { config: { access: 'occurrence.view' } }, async (request, reply) => {
    const { spoId, document } = request.query ?? {};
    if (typeof spoId !== 'string' || typeof document !== 'string') {
      return render(request, reply, 'occurrences/spo-documents.njk', 'spo', 'Viewed Stalking Protection Order documents', async (o) => ({ heading: 'Stalking Protection Order documents', cases: (await spoData(o, request.actor!)).cases }));
    }
    const { filename, pdf } = await spoDocument(deps, request.actor!, request.params.reference, spoId, document, accessReasonFor(request, request.params.reference));
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(pdf);
  });

  const post = (path: string, access: 'spo.refer' | 'spo.scu_decide' | 'spo.authorise' | 'spo.court' | 'spo.manage' | 'spo.review' | 'spo.discharge_decide' | 'occurrence.create', field: string, flash: string, run: (ref: string, v: Record<string, string>, request: FastifyRequest) => Promise<unknown>) =>
    app.post<{ Params: { reference: string } }>(`/occurrences/:reference/spo/${path}`, { config: { access } }, async (request, reply) => {
      const v = formFields(request.body);
      return submit(request, reply, {
        run: () => run(request.params.reference, v, request),
        flash,
        redirect: `${paths.occurrence(request.params.reference)}/spo`,
        field,
        rerender: (errors) => render(request, reply, 'occurrences/spo.njk', 'spo', 'Stalking Protection Order (refused change)', async (o) => ({ ...(await spoData(o, request.actor!)), values: v, form: path, ...errors }), 400),
      });
    });

  post('consider', 'spo.refer', 'respondentPersonId', 'SPO consideration recorded', (ref, v, r) =>
    considerStalkingProtectionOrder(deps, r.actor!, ref, { respondentPersonId: v.respondentPersonId ?? '', actsAssociatedWithStalking: yesNo(v.actsAssociatedWithStalking), posesRiskOfStalking: yesNo(v.posesRiskOfStalking), orderNecessaryToProtect: yesNo(v.orderNecessaryToProtect), ...(v.note ? { note: v.note } : {}) }),
  );
  post('refer', 'spo.refer', 'personsToBeProtected', 'SPO referral (SPOR1) sent to the Stalking Coordination Unit', (ref, v, r) =>
    referStalkingProtectionOrder(deps, r.actor!, ref, { spoId: v.spoId ?? '', personsToBeProtected: v.personsToBeProtected ?? '', actsAssociatedWithStalking: v.acts ?? '', risk: v.risk ?? '', whyNecessary: v.whyNecessary ?? '', proposedTerms: termsFromText(v.terms), crossBorder: yes(v.crossBorder) }),
  );
  post('scu-decision', 'spo.scu_decide', 'reason', 'SCU decision recorded', (ref, v, r) => decideSpoReferral(deps, r.actor!, ref, { spoId: v.spoId ?? '', decision: v.decision ?? '', reason: v.reason ?? '' }));
  post('apply', 'spo.refer', 'overarchingStatement', 'Application (SPO1) sent for superintendent authority', (ref, v, r) => applyForStalkingProtectionOrder(deps, r.actor!, ref, { spoId: v.spoId ?? '', overarchingStatement: v.overarchingStatement ?? '' }));
  post('authority', 'spo.authorise', 'rationale', 'Authority decision recorded', (ref, v, r) =>
    decideSpoAuthority(deps, r.actor!, ref, { spoId: v.spoId ?? '', necessary: yes(v.necessary), proportionate: yes(v.proportionate), justified: yes(v.justified), humanRightsOfVictimConsidered: yes(v.humanRightsOfVictimConsidered), humanRightsOfRespondentConsidered: yes(v.humanRightsOfRespondentConsidered), rationale: v.rationale ?? '' }),
  );
  post('court', 'spo.court', 'outcome', 'Court outcome recorded', (ref, v, r) =>
    recordCourtOutcome(deps, r.actor!, ref, { spoId: v.spoId ?? '', hearingDate: v.hearingDate ?? '', outcome: v.outcome ?? '', terms: termsFromText(v.terms), ...(v.expiresOn ? { expiresOn: v.expiresOn } : {}), untilFurtherOrder: yes(v.untilFurtherOrder), crossBorder: yes(v.crossBorder) }),
  );
  post('offender-manager', 'spo.manage', 'offenderManagerId', 'Offender manager allocated', (ref, v, r) => allocateOffenderManager(deps, r.actor!, ref, { spoId: v.spoId ?? '', offenderManagerId: v.offenderManagerId ?? '' }));
  post('visit', 'spo.manage', 'visitNote', 'Visit recorded', (ref, v, r) => recordSubjectVisit(deps, r.actor!, ref, { spoId: v.spoId ?? '', visitedOn: v.visitedOn ?? '', note: v.visitNote ?? '' }));
  post('breach', 'occurrence.create', 'account', 'Breach recorded as a new crime: urgent arrest is the standard response', async (ref, v, r) => {
    const t = /^(\d{1,2}):(\d{2})$/.exec(v.breachTime ?? '');
    const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.breachDate ?? '');
    const at = d && t ? londonToUtc(+d[1]!, +d[2]!, +d[3]!, +t[1]!, +t[2]!)?.toISOString() : undefined;
    return recordSpoBreach(deps, r.actor!, ref, { spoId: v.spoId ?? '', receivedAt: at ?? '', location: v.location ?? '', account: v.account ?? '', ...(v.otherOffencesDisclosed ? { otherOffencesDisclosed: v.otherOffencesDisclosed } : {}) });
  });

  // SP-07 to SP-14: managing the order once made.
  post('pack', 'spo.manage', 'names', 'Subject management pack issued', (ref, v, r) =>
    recordManagementPack(deps, r.actor!, ref, { spoId: v.spoId ?? '', names: listFromText(v.names), homeAddress: v.homeAddress ?? '', requirements: listFromText(v.requirements) }),
  );
  post('plan', 'spo.manage', 'visitFrequencyWeeks', 'Subject management plan set', (ref, v, r) =>
    setManagementPlan(deps, r.actor!, ref, { spoId: v.spoId ?? '', visitFrequencyWeeks: v.visitFrequencyWeeks ?? '', ...(v.intelligence ? { intelligence: v.intelligence } : {}) }),
  );
  post('review', 'spo.review', 'riskLevel', 'Supervisor review recorded', (ref, v, r) =>
    recordSupervisorReview(deps, r.actor!, ref, { spoId: v.spoId ?? '', riskLevel: v.riskLevel ?? '', riskFactors: v.riskFactors ?? '', positiveChanges: v.positiveChanges ?? '', compliance: v.compliance ?? '', observations: v.observations ?? '', recommendedChanges: v.recommendedChanges ?? '' }),
  );
  post('renewal', 'spo.manage', 'newActs', 'Renewal request sent to the SCU', (ref, v, r) =>
    requestRenewal(deps, r.actor!, ref, { spoId: v.spoId ?? '', newActs: v.newActs ?? '', risk: v.risk ?? '', continuedNecessity: v.continuedNecessity ?? '', ...(v.operationalReason ? { operationalReason: v.operationalReason } : {}) }),
  );
  post('renewed', 'spo.court', 'newExpiry', 'Renewal recorded: the next renewal request is scheduled', (ref, v, r) => recordRenewalGranted(deps, r.actor!, ref, { spoId: v.spoId ?? '', renewedOn: v.renewedOn ?? '', newExpiry: v.newExpiry ?? '' }));
  post('incoming', 'spo.manage', 'otherForce', 'Order made elsewhere registered: allocate an offender manager within 7 days', (ref, v, r) =>
    registerIncomingOrder(deps, r.actor!, ref, {
      respondentPersonId: v.respondentPersonId ?? '',
      otherForce: v.otherForce ?? '',
      orderType: v.orderType ?? '',
      grantedOn: v.grantedOn ?? '',
      ...(v.expiresOn ? { expiresOn: v.expiresOn } : {}),
      terms: termsFromText(v.terms),
      movedOn: v.movedOn ?? '',
    }),
  );
  post('variation', 'spo.court', 'terms', 'Variation recorded; earlier terms kept', (ref, v, r) => varyOrder(deps, r.actor!, ref, { spoId: v.spoId ?? '', variedOn: v.variedOn ?? '', terms: termsFromText(v.terms), reason: v.variationReason ?? '' }));
  post('move', 'spo.manage', 'direction', 'Move recorded', (ref, v, r) =>
    recordSubjectMove(deps, r.actor!, ref, { spoId: v.spoId ?? '', direction: v.direction ?? '', movedOn: v.movedOn ?? '', otherForce: v.otherForce ?? '', ...(v.moveNote ? { note: v.moveNote } : {}) }),
  );
  post('discharge-application', 'spo.court', 'grounds', 'Discharge application passed to the SCU', (ref, v, r) =>
    receiveDischargeApplication(deps, r.actor!, ref, { spoId: v.spoId ?? '', receivedOn: v.receivedOn ?? '', applicant: v.applicant ?? '', grounds: v.grounds ?? '' }),
  );
  post('discharge-report', 'spo.scu_decide', 'recommendation', 'SCU discharge report recorded', (ref, v, r) =>
    reportOnDischarge(deps, r.actor!, ref, { spoId: v.spoId ?? '', reasonsCited: v.reasonsCited ?? '', grantHistory: v.grantHistory ?? '', intelligence: v.intelligence ?? '', riskFactors: v.riskFactors ?? '', recommendation: v.recommendation ?? '', offenderManagerConsulted: yes(v.offenderManagerConsulted) }),
  );
  post('discharge-advice', 'spo.court', 'advice', 'Legal advice recorded', (ref, v, r) => adviseOnDischarge(deps, r.actor!, ref, { spoId: v.spoId ?? '', advice: v.advice ?? '' }));
  post('discharge-decision', 'spo.discharge_decide', 'decision', 'Discharge decision recorded', (ref, v, r) =>
    decideDischarge(deps, r.actor!, ref, { spoId: v.spoId ?? '', decision: v.decision ?? '', rationale: v.rationale ?? '', defendantConsents: yes(v.defendantConsents), chiefOfficerConsents: yes(v.chiefOfficerConsents) }),
  );
}
