import type { Kysely } from 'kysely';
import type { CaseFacts } from '../../policy/obligations';
import { noFurtherActionOutcomes } from '../../policy/finalisation';
import type { Database } from '../schema';
import { loadSpoOrderFacts } from './obligation-facts-spo';

/**
 * Outcomes that close a crime without proceeding against the suspect: the victim and support
 * services are told (IO-04, IO-13). The finalisation decision's own list (Home Office 14, 15, 16,
 * 18, 20, 21), so every outcome it treats as no further action owes them.
 */
const withoutProceeding: ReadonlySet<string> = new Set(noFurtherActionOutcomes);

/** Log actions whose time a fact needs (the record keeps the state, the log keeps when it changed). */
const timedActions = ['attendance.assigned', 'threat_to_life.marked', 'occurrence.allocated', 'occurrence.reallocated', 'occurrence.retriaged', 'victim_contact_plan.agreed'] as const;
type TimedAction = (typeof timedActions)[number];

function iso(v: unknown): string {
  return new Date(v as string).toISOString();
}
function isoOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : iso(v);
}

/**
 * The facts of one case that its obligations follow from (policy/obligations.ts), read inside the
 * transaction that changed it, so the tasks reconciled from them match what commits. Undefined
 * when there is no such occurrence.
 */
export async function loadObligationFacts(trx: Kysely<Database>, occurrenceId: string, current?: { action: string; at: string; by?: string | null }): Promise<CaseFacts | undefined> {
  const o = await trx.selectFrom('occurrences').selectAll().where('id', '=', occurrenceId).executeTakeFirst();
  if (!o) return undefined;
  const [times, risks, referrals, suspect, contacts, positions, interviews, reviews, planDone, closed] = await Promise.all([
    trx
      .selectFrom('log_entries')
      .select(['action', 'at', 'actor_id'])
      .where('occurrence_id', '=', occurrenceId)
      .where('kind', '=', 'change')
      .where('action', 'in', [...timedActions])
      .orderBy('seq')
      .execute(),
    trx.selectFrom('risk_assessments').select(['id', 'sequence', 'assessed_at', 'grade', 'officer_grade', 'endorsed_at', 'endorsed_grade', 'result']).where('occurrence_id', '=', occurrenceId).execute(),
    trx.selectFrom('referrals').select(['kind', 'status', 'updated_at']).where('occurrence_id', '=', occurrenceId).execute(),
    trx.selectFrom('suspect_actions').select(['id', 'action', 'at', 'recorded_by']).where('occurrence_id', '=', occurrenceId).execute(),
    trx.selectFrom('victim_contacts').select(['id', 'at', 'outcome']).where('occurrence_id', '=', occurrenceId).execute(),
    trx.selectFrom('victim_positions').select(['id', 'record', 'recorded_at', 'recorded_by']).where('occurrence_id', '=', occurrenceId).execute(),
    trx.selectFrom('video_interviews').select(['id', 'witness', 'officer_id', 'assigned_at']).where('occurrence_id', '=', occurrenceId).execute(),
    trx.selectFrom('scu_case_reviews').select(['id', 'reviewed_at', 'actions']).where('occurrence_id', '=', occurrenceId).execute(),
    trx.selectFrom('investigation_plan_items').select('requirement').where('occurrence_id', '=', occurrenceId).where('status', '=', 'done').execute(),
    trx
      .selectFrom('tasks')
      .select(['obligation_key', 'completed_at'])
      .where('occurrence_id', '=', occurrenceId)
      .where('status', '=', 'done')
      .where('closure', 'in', ['done', 'not_applicable'])
      .execute(),
  ]);
  // The change being made is not in the log yet (its entry is written after its tasks): it is the latest of its kind.
  const lastAt = (...actions: TimedAction[]) => {
    if (current && (actions as string[]).includes(current.action)) return iso(current.at);
    const hit = times.filter((t) => (actions as string[]).includes(t.action)).at(-1);
    return hit ? iso(hit.at) : null;
  };
  const lastBy = (...actions: TimedAction[]) => {
    if (current && (actions as string[]).includes(current.action)) return current.by ?? null;
    return times.filter((t) => (actions as string[]).includes(t.action)).at(-1)?.actor_id ?? null;
  };
  // A re-triage that moved the crime to another unit left it to be allocated again: that allocation is owed from the re-triage, by whoever made it.
  const retriagedAt = o.triaged_at && !o.officer_in_charge_id ? lastAt('occurrence.retriaged') : null;
  const offence = o.offence ?? null;
  return {
    occurrence: {
      receivedAt: iso(o.received_at),
      callGrade: o.call_grade as CaseFacts['occurrence']['callGrade'],
      district: o.district,
      status: o.status as CaseFacts['occurrence']['status'],
      recordedBy: o.created_by,
      crimeRecordedAt: isoOrNull(o.crime_recorded_at),
      attendingOfficerId: o.attending_officer_id ?? null,
      attendanceAssignedAt: o.attending_officer_id ? (lastAt('attendance.assigned') ?? iso(o.updated_at)) : null,
      threatToLifeMarkedAt: Number(o.threat_to_life ?? 0) === 1 ? (lastAt('threat_to_life.marked') ?? iso(o.updated_at)) : null,
      dutyInspectorNotifiedAt: isoOrNull(o.duty_inspector_notified_at),
      triagedAt: retriagedAt ?? isoOrNull(o.triaged_at),
      triagedBy: (retriagedAt ? lastBy('occurrence.retriaged') : null) ?? o.triaged_by ?? null,
      officerInChargeId: o.officer_in_charge_id ?? null,
      allocatedAt: o.officer_in_charge_id ? (lastAt('occurrence.allocated', 'occurrence.reallocated') ?? iso(o.updated_at)) : null,
      victimContactPlanAgreedAt: o.victim_contact_every_days ? (lastAt('victim_contact_plan.agreed') ?? iso(o.updated_at)) : null,
      victimContactEveryDays: o.victim_contact_every_days ? Number(o.victim_contact_every_days) : null,
      finalisedAt: isoOrNull(o.finalised_at),
      finalisedWithoutProceeding: o.status === 'finalised' && withoutProceeding.has(o.outcome ?? ''),
    },
    // A breach of a Stalking Protection Order is stalking too: its victim has the enhanced service (XC-01).
    stalking: offence === null || offence === 's2A' || offence === 's4A' || offence === 'spo_breach',
    riskAssessments: risks.map((r) => {
      const result = JSON.parse(r.result) as { maracReferral?: { routes?: string[] }; specialistSupportReferral?: boolean };
      return {
        id: r.id,
        sequence: Number(r.sequence),
        assessedAt: iso(r.assessed_at),
        grade: (r.officer_grade ?? r.grade) as 'standard' | 'medium' | 'high',
        endorsedAt: isoOrNull(r.endorsed_at),
        endorsedGrade: (r.endorsed_grade ?? null) as 'standard' | 'medium' | 'high' | null,
        maracRoutes: result.maracReferral?.routes ?? [],
        specialistSupportReferral: Boolean(result.specialistSupportReferral),
      };
    }),
    referrals: referrals.map((r) => ({ kind: r.kind, status: r.status, updatedAt: iso(r.updated_at) })),
    suspectEvents: suspect.map((s) => ({ id: s.id, action: s.action, at: iso(s.at), recordedBy: s.recorded_by })),
    victimContacts: contacts.map((c) => ({ id: c.id, at: iso(c.at), contacted: c.outcome === 'contacted' })),
    victimRecontacts: positions.flatMap((p) => {
      const record = JSON.parse(p.record) as { withdrawal?: boolean; reContactDate?: string };
      if (!record.withdrawal || !record.reContactDate) return [];
      const due = record.reContactDate.length === 10 ? `${record.reContactDate}T09:00:00.000Z` : iso(record.reContactDate);
      return [{ id: p.id, due, recordedAt: iso(p.recorded_at), recordedBy: p.recorded_by }];
    }),
    videoInterviews: interviews.map((v) => ({ id: v.id, witness: v.witness, officerId: v.officer_id, assignedAt: iso(v.assigned_at) })),
    caseReviewActions: reviews.flatMap((r) =>
      (JSON.parse(r.actions) as { text: string; dueAt: string | null; tasked?: boolean; taskId?: string | null }[]).flatMap((a, i) =>
        a.tasked || a.taskId ? [{ id: `${r.id}:${i}`, text: a.text, due: iso(a.dueAt ?? r.reviewed_at), recordedAt: iso(r.reviewed_at) }] : [],
      ),
    ),
    orders: await loadSpoOrderFacts(trx, occurrenceId),
    planLinesDone: [...new Set(planDone.map((p) => p.requirement))].filter((r): r is 'IO-02' | 'TS-05' => r === 'IO-02' || r === 'TS-05'),
    closedByHand: closed.filter((c) => c.obligation_key).map((c) => ({ key: c.obligation_key!, at: iso(c.completed_at) })),
  };
}

/** Cases that may owe something: not finalised, or with a task still open. */
export async function casesWithOpenWork(db: Kysely<Database>): Promise<{ id: string; district: string }[]> {
  return db
    .selectFrom('occurrences')
    .select(['id', 'district'])
    .where((eb) => eb.or([eb('status', '!=', 'finalised'), eb.exists(eb.selectFrom('tasks').select('tasks.id').whereRef('tasks.occurrence_id', '=', 'occurrences.id').where('tasks.status', '=', 'open'))]))
    .orderBy('id')
    .execute();
}

/** Cases whose obligations read facts of this one: the breach crimes of an order made on it (BR-02, BR-03). */
export async function casesDependingOn(trx: Kysely<Database>, occurrenceId: string): Promise<{ id: string; district: string }[]> {
  return trx.selectFrom('occurrences').select(['id', 'district']).where('parent_occurrence_id', '=', occurrenceId).orderBy('id').execute();
}
