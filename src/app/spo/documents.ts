import type { Actor } from '../../domain/actor';
import { renderPdf, type Block } from '../../documents/pdf';
import { findPersonById } from '../../store/repositories/people';
import { findSpoCase, spoManagementPacks, spoReviews, type SpoCaseRecord } from '../../store/repositories/spo';
import { NotFoundError } from '../errors';
import { permit, type AppDeps } from '../context';
import { readOccurrence } from '../intake/occurrence-queries';

export const spoDocumentKinds = ['referral', 'application', 'transfer'] as const;
export type SpoDocumentKind = (typeof spoDocumentKinds)[number];

const termLines = (terms: SpoCaseRecord['terms']) => terms.map((t) => `${t.kind === 'prohibition' ? 'Prohibition' : 'Requirement'}: ${t.text}`);
const str = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));

/**
 * The force's documents, filled from the record: the referral (SPOR1, SP-02), the overarching
 * statement and application pack (SPO1, SP-03) and the cross-border transfer pack (SP-06, SP-11:
 * statement of service, management plan and risk information). Reading one is logged.
 */
export async function spoDocument(deps: AppDeps, actor: Actor, occurrenceRef: string, spoId: string, kind: string, accessReason?: string): Promise<{ filename: string; pdf: Buffer }> {
  permit(actor, 'occurrence.view');
  const occurrence = await readOccurrence(deps, actor, occurrenceRef, `Downloaded the SPO ${kind} document`, { logRead: false, accessReason });
  if (!(spoDocumentKinds as readonly string[]).includes(kind)) throw new NotFoundError('No such document');
  const spo = await findSpoCase(deps.store.db, spoId);
  if (!spo || spo.occurrenceId !== occurrence.id) throw new NotFoundError('No Stalking Protection Order case with that id on this occurrence');
  // The download is a read of the record: logged (with any restricted-record reason) once the document is known.
  await readOccurrence(deps, actor, occurrenceRef, `Downloaded the SPO ${kind} document`, { accessReason });
  const person = await findPersonById(deps.store.db, spo.respondentPersonId);
  const respondent = [person?.forenames, person?.surname].filter(Boolean).join(' ') || person?.description || 'Unknown';
  const respondentRows: [string, string | null][] = [['Respondent', respondent], ['Date of birth', person?.dateOfBirth ?? null], ['Address', [person?.address, person?.postcode].filter(Boolean).join(', ') || null]];
  const r = spo.referral ?? {};
  const referralBlocks: Block[] = [
    { heading: 'Respondent', rows: respondentRows },
    { heading: 'Person(s) to be protected', text: str(r.personsToBeProtected) },
    { heading: 'Acts associated with stalking', text: str(r.actsAssociatedWithStalking) },
    { heading: 'The risk', text: str(r.risk) },
    { heading: 'Why an order is necessary', text: str(r.whyNecessary) },
    { heading: 'Proposed prohibitions and requirements', list: termLines((r.proposedTerms as SpoCaseRecord['terms'] | undefined) ?? []) },
  ];
  const orderRows: [string, string | null][] = [['Order', spo.orderType ? `${spo.orderType} Stalking Protection Order` : null], ['Made on', spo.grantedOn], ['Expires', spo.expiresOn ?? (spo.grantedOn ? 'Until further order' : null)], ['Status', spo.status.replace(/_/g, ' ')]];
  const subtitle = `Occurrence ${occurrence.reference}; produced ${deps.clock().toISOString().slice(0, 10)} by ${actor.displayName}`;

  if (kind === 'referral') {
    if (!spo.referral) throw new NotFoundError('No referral (SPOR1) has been made on this order’s case');
    return { filename: `${occurrence.reference}-SPOR1-referral.pdf`, pdf: await renderPdf({ title: 'SPO Referral (SPOR1)', subtitle, blocks: [...referralBlocks, { heading: 'Referral', rows: [['Referred by', str(r.by)], ['Referred at', str(r.at)], ['SCU decision', spo.scuDecision ? `${str(spo.scuDecision.decision)}: ${str(spo.scuDecision.reason)}` : 'Awaiting the SCU']] }] }) };
  }
  if (kind === 'application') {
    if (!spo.application) throw new NotFoundError('No application (SPO1) has been prepared on this order’s case');
    const a = spo.authority ?? {};
    return {
      filename: `${occurrence.reference}-SPO1-application.pdf`,
      pdf: await renderPdf({
        title: 'Overarching statement and application for a Stalking Protection Order (SPO1)',
        subtitle,
        blocks: [
          ...referralBlocks,
          { heading: 'Overarching statement', text: str(spo.application.overarchingStatement) },
          { heading: 'Authority (superintendent)', rows: [['Decision', spo.authority ? ((a.decision as { authorised?: boolean } | undefined)?.authorised ? 'Authorised' : 'Not authorised') : 'Awaiting authority'], ['Rationale', str(a.rationale)], ['By', str(a.by)]] },
          ...(spo.grantedOn ? [{ heading: 'The order', rows: orderRows }, { heading: 'Prohibitions and requirements of the order', list: termLines(spo.terms) }] : []),
        ],
      }),
    };
  }
  if (!spo.grantedOn) throw new NotFoundError('No order has been made on this case: there is nothing to transfer');
  const plan = spo.managementPlan;
  const pack = (await spoManagementPacks(deps.store.db, spo.id)).at(-1);
  const review = (await spoReviews(deps.store.db, spo.id)).at(-1);
  const moveOut = spo.moves.filter((m) => m.direction === 'out').at(-1);
  return {
    filename: `${occurrence.reference}-SPO-transfer-pack.pdf`,
    pdf: await renderPdf({
      title: 'Stalking Protection Order: cross-border transfer pack',
      subtitle,
      blocks: [
        { heading: 'Respondent (subject)', rows: respondentRows },
        { heading: 'Statement of service: the order', rows: [...orderRows, ['Moving to', moveOut ? `${moveOut.otherForce} (${moveOut.movedOn})` : null]] },
        { heading: 'Prohibitions and requirements of the order', list: termLines(spo.terms) },
        { heading: 'Notification requirements (subject management pack)', rows: [['Pack version', pack ? String(pack.version) : null], ['Names', pack?.names.join(', ')], ['Home address', pack?.homeAddress], ['Requirements', pack?.requirements.join('; ')]] },
        { heading: 'Subject management plan', list: plan ? [`Visits every ${plan.visitFrequencyWeeks} weeks`, ...plan.items.map((i) => i.action), ...(plan.intelligence ? [`Intelligence: ${plan.intelligence}`] : [])] : [] },
        { heading: 'Risk information (latest supervisor review)', rows: review ? [['Reviewed on', review.reviewedOn], ['Risk', review.riskLevel], ['Risk factors', review.points.riskFactors], ['Compliance', review.points.compliance], ['Observations', review.points.observations], ['Recommended changes', review.points.recommendedChanges]] : [['Review', null]] },
      ],
    }),
  };
}
