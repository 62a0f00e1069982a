import type { Kysely } from 'kysely';
import type { SpoOrderFacts } from '../../policy/spo-obligations';
import type { Database } from '../schema';

type Json = Record<string, unknown>;

function iso(v: unknown): string {
  return new Date(v as string).toISOString();
}
function isoOrNull(v: unknown): string | null {
  return v === null || v === undefined || v === '' ? null : iso(v);
}
function json<T = Json>(v: string | null | undefined): T | null {
  return v ? (JSON.parse(v) as T) : null;
}
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * The facts of each order on a case that its obligations follow from (policy/spo-obligations.ts),
 * read inside the transaction that changed the case: the orders sought on it (their referral,
 * decisions, court orders, management, moves and discharge), and, when the case is itself a
 * breach of an order, that breach with what it needs of the order.
 */
export async function loadSpoOrderFacts(trx: Kysely<Database>, occurrenceId: string): Promise<SpoOrderFacts[]> {
  const [rows, occurrence] = await Promise.all([
    trx.selectFrom('spo_cases').selectAll().where('occurrence_id', '=', occurrenceId).orderBy('created_at').execute(),
    trx.selectFrom('occurrences').select(['breach_of_spo_id', 'created_by', 'crime_recorded_at', 'created_at', 'status']).where('id', '=', occurrenceId).executeTakeFirst(),
  ]);
  const out: SpoOrderFacts[] = [];
  if (rows.length) {
    const ids = rows.map((r) => r.id);
    const [visits, reviews, risks, contacts] = await Promise.all([
      trx.selectFrom('spo_visits').select(['spo_id', 'visited_on', 'recorded_at']).where('spo_id', 'in', ids).execute(),
      trx.selectFrom('spo_reviews').select(['spo_id', 'reviewed_on', 'risk_level', 'recorded_at']).where('spo_id', 'in', ids).execute(),
      trx.selectFrom('risk_assessments').select('assessed_at').where('occurrence_id', '=', occurrenceId).execute(),
      trx.selectFrom('victim_contacts').select(['at', 'outcome']).where('occurrence_id', '=', occurrenceId).execute(),
    ]);
    const riskAssessedAt = risks.map((r) => iso(r.assessed_at));
    const victimContactedAt = contacts.filter((c) => c.outcome === 'contacted').map((c) => iso(c.at));
    for (const r of rows) out.push(orderFacts(r, visits, reviews, riskAssessedAt, victimContactedAt));
  }
  if (occurrence?.breach_of_spo_id) {
    const breach = await breachFacts(trx, occurrenceId, occurrence);
    if (breach) out.push(breach);
  }
  return out;
}

function orderFacts(
  r: Database['spo_cases'],
  visits: { spo_id: string; visited_on: string; recorded_at: string }[],
  reviews: { spo_id: string; reviewed_on: string; risk_level: string; recorded_at: string }[],
  riskAssessedAt: string[],
  victimContactedAt: string[],
): SpoOrderFacts {
  const referral = json(r.referral);
  const scu = json(r.scu_decision);
  const application = json(r.application);
  const authority = json<{ decision?: { authorised?: boolean }; at?: string }>(r.authority);
  const court = json<Json & { grants?: { orderType: 'interim' | 'full'; grantedOn: string; at: string; crossBorder?: boolean }[] }>(r.court);
  const plan = json<{ visitFrequencyWeeks: number; at: string }>(r.management_plan);
  const history = json<{ until: string; at?: string }[]>(r.term_history) ?? [];
  const renewal = json<Json & { granted?: { at?: string } }>(r.renewal);
  const moves = json<{ direction: 'in' | 'out'; movedOn: string; otherForce: string; at: string }[]>(r.moves) ?? [];
  const discharge = json<{ stage: 'received' | 'reported' | 'advised' | 'decided'; application?: { at?: string }; report?: { at?: string }; legalAdvice?: { at?: string }; decision?: { decision?: string; at?: string } }>(r.discharge);
  const orderType = r.order_type === 'interim' || r.order_type === 'full' ? r.order_type : null;
  // Each order the court made; records from before the court kept them list the order in force.
  const grants = court?.grants
    ? court.grants.map((g) => ({ orderType: g.orderType, grantedOn: g.grantedOn, at: iso(g.at), crossBorder: Boolean(g.crossBorder) }))
    : orderType && r.granted_on && court && !court.transferredIn
      ? [{ orderType: orderType as 'interim' | 'full', grantedOn: r.granted_on, at: iso(str(court.at) ?? r.updated_at), crossBorder: Boolean(court.crossBorder) }]
      : [];
  return {
    kind: 'order',
    id: r.id,
    status: r.status,
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
    referral: referral ? { at: iso(str(referral.at) ?? r.updated_at), crossBorder: Boolean(referral.crossBorder) } : null,
    scuDecision: scu && (scu.decision === 'approve' || scu.decision === 'return' || scu.decision === 'decline') ? { decision: scu.decision, at: iso(str(scu.at) ?? r.updated_at) } : null,
    application: application ? { at: iso(str(application.at) ?? r.updated_at) } : null,
    authority: authority ? { authorised: Boolean(authority.decision?.authorised), at: iso(authority.at ?? r.updated_at) } : null,
    grants,
    orderType,
    expiresOn: r.expires_on ?? null,
    offenderManagerId: r.offender_manager_id ?? null,
    managementPlan: plan ? { visitFrequencyWeeks: Number(plan.visitFrequencyWeeks), at: iso(plan.at) } : null,
    variations: history.map((h) => ({ variedOn: h.until, at: iso(h.at ?? `${h.until}T00:00:00.000Z`) })),
    visits: visits.filter((v) => v.spo_id === r.id).map((v) => ({ visitedOn: v.visited_on, recordedAt: iso(v.recorded_at) })),
    reviews: reviews
      .filter((v) => v.spo_id === r.id)
      .map((v) => ({ reviewedOn: v.reviewed_on, riskLevel: (['high', 'medium', 'standard'].includes(v.risk_level) ? v.risk_level : 'standard') as 'high' | 'medium' | 'standard', recordedAt: iso(v.recorded_at) })),
    renewal: renewal
      ? {
          // A request has its evidence; a renewal the court granted without one has only the grant.
          requestedAt: renewal.newActs !== undefined ? isoOrNull(renewal.at) : null,
          forExpiry: str(renewal.forExpiry),
          grantedAt: isoOrNull(renewal.granted?.at),
        }
      : null,
    moves: moves.map((m) => ({ direction: m.direction, movedOn: m.movedOn, otherForce: m.otherForce, at: iso(m.at) })),
    discharge: discharge
      ? {
          stage: discharge.stage,
          receivedAt: iso(discharge.application?.at ?? r.updated_at),
          reportedAt: isoOrNull(discharge.report?.at),
          advisedAt: isoOrNull(discharge.legalAdvice?.at),
          decidedAt: isoOrNull(discharge.decision?.at),
          discharged: discharge.decision?.decision === 'discharge',
        }
      : null,
    riskAssessedAt,
    victimContactedAt,
  };
}

/** BR-01 to BR-03: this case is a breach of an order; what its obligations need of the breach and of the order. */
async function breachFacts(
  trx: Kysely<Database>,
  occurrenceId: string,
  o: { breach_of_spo_id?: string | null; created_by: string; crime_recorded_at?: string | null; created_at: string; status: string },
): Promise<SpoOrderFacts | undefined> {
  const spo = await trx.selectFrom('spo_cases').select(['id', 'order_type', 'occurrence_id']).where('id', '=', o.breach_of_spo_id!).executeTakeFirst();
  if (!spo) return undefined;
  const [orderCase, arrests, risks, logged] = await Promise.all([
    trx.selectFrom('occurrences').select('officer_in_charge_id').where('id', '=', spo.occurrence_id).executeTakeFirst(),
    trx.selectFrom('suspect_actions').select('at').where('occurrence_id', '=', occurrenceId).where('action', '=', 'arrest').execute(),
    trx.selectFrom('risk_assessments').select('assessed_at').where('occurrence_id', 'in', [occurrenceId, spo.occurrence_id]).execute(),
    trx.selectFrom('log_entries').select('changes').where('occurrence_id', '=', occurrenceId).where('kind', '=', 'change').where('action', '=', 'spo.breach_crime_recorded').executeTakeFirst(),
  ]);
  const changes = logged ? (JSON.parse(logged.changes) as { field: string; after: unknown }[]) : [];
  const other = changes.find((c) => c.field === 'otherOffencesDisclosed')?.after;
  const arrestedAt = arrests.map((a) => iso(a.at)).sort()[0] ?? null;
  return {
    kind: 'breach',
    id: spo.id,
    orderType: spo.order_type === 'interim' || spo.order_type === 'full' ? spo.order_type : null,
    orderOfficerInChargeId: orderCase?.officer_in_charge_id ?? null,
    recordedBy: o.created_by,
    recordedAt: iso(o.crime_recorded_at ?? o.created_at),
    otherOffencesDisclosed: typeof other === 'string' && other ? other : null,
    finalised: o.status === 'finalised',
    arrestedAt,
    riskAssessedAt: risks.map((r) => iso(r.assessed_at)),
  };
}
