import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { markThreatToLife, markWorkforceInvolvement, recordDutyInspectorNotified } from '../../src/app/intake/safeguards';
import { updateChecklistItem } from '../../src/app/intake/checklist';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { triageOccurrence } from '../../src/app/investigation/triage';
import { allocateOfficerInCharge } from '../../src/app/investigation/allocation';
import { recordSuspectAction } from '../../src/app/investigation/suspect';
import { recordVictimWithdrawal } from '../../src/app/investigation/victim-care';
import { finaliseOccurrence } from '../../src/app/investigation/case-management';
import { complianceRecords, complianceReport, complianceRequirementIds, deadlineRequirementIds, guardRequirementIds, exportComplianceRecords, type ComplianceReport } from '../../src/app/reporting/compliance-report';
import { requirementCatalogue } from '../../src/policy/requirements';
import { dashQuestionIds } from '../../src/policy/risk-questions';
import type { UserRecord } from '../../src/store/repositories/users';

const answers = (yes: number) => Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < yes ? 'yes' : 'no']));
const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false };
const triageFacts = { adultAtRisk: false, honourBasedAbuse: false, coerciveControl: false, prolongedCourseOfConduct: false, significantCumulativeImpact: false, perpetratorEscalation: false, threatRiskHarmComplexity: 'Persistent contact; victim frightened; low complexity.' };
const report = (receivedAt: string, district = 'leeds') => ({ receivedAt, channel: '101', callGrade: 'priority', district, location: 'Leeds', firstAccount: 'A man from the gym keeps following her home.' });
const period = { from: '2026-02-01', to: '2026-03-31' };

const row = (r: ComplianceReport, id: string) => {
  const found = r.rows.find((x) => x.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return { applied: found.applied, met: found.met, late: found.late, overdue: found.overdue, open: found.open, closed: found.closed, overridden: found.overridden };
};

describe.each(testDialects())('compliance report on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, officer: UserRecord, sergeant: UserRecord, cidDs: UserRecord, invDc: UserRecord, inspector: UserRecord, auditor: UserRecord;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-02-03T10:00:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer', { unitType: 'PATROL' });
    sergeant = await t.user('supervisory_officer', { rank: 'PS' });
    cidDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'CID' });
    invDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'INVESTIGATION_TEAM' });
    inspector = await t.user('duty_inspector', { rank: 'INSP' });
    auditor = await t.user('auditor', { district: null });

    // A, 3 February: a threat to life with the duty inspector notified; DASH endorsed; recorded in 24 hours.
    refs.A = (await recordOccurrence(t.deps, handler, report('2026-02-03T09:00:00Z'))).reference;
    await markThreatToLife(t.deps, officer, refs.A, { details: 'Threatened to kill her' });
    await recordDutyInspectorNotified(t.deps, inspector, refs.A, { inspectorName: 'Insp Nolan' });
    await classifyOccurrence(t.deps, officer, refs.A, { answers: four, offence: 's2A', relationship: 'acquaintance' });
    await recordRiskAssessment(t.deps, officer, refs.A, { assessment: { answers: answers(5), victimEngaged: true } });
    await endorseRiskAssessment(t.deps, sergeant, refs.A, 1, { version: 1, grade: 'standard' });
    await recordCrime(t.deps, officer, refs.A);

    // B, 2 March: offence against the proposal (a reason), DASH from police records (the victim would not
    // engage), endorsed lower with reasons, a threat to life not yet notified, its checklist item marked not applicable.
    t.clock.set('2026-03-02T10:00:00.000Z');
    refs.B = (await recordOccurrence(t.deps, handler, report('2026-03-02T09:00:00Z'))).reference;
    await classifyOccurrence(t.deps, officer, refs.B, { answers: four, offence: 's2', differenceReason: 'Single incident of concern so far' });
    await recordRiskAssessment(t.deps, officer, refs.B, { assessment: { answers: answers(15), victimEngaged: false, completedFromRecordsAndObservation: true }, nonEngagementNote: 'Victim declined; completed from police records and my observations' });
    await endorseRiskAssessment(t.deps, sergeant, refs.B, 1, { version: 1, grade: 'medium', note: 'Several answers are not known rather than yes' });
    await markThreatToLife(t.deps, officer, refs.B, { details: 'Third-party report of a threat' });
    await updateChecklistItem(t.deps, officer, refs.B, { item: 'threat_to_life_procedure', status: 'not_applicable', reason: 'The threat was withdrawn by the third party the same day' });
    await updateChecklistItem(t.deps, officer, refs.B, { item: 'digital_evidence', status: 'not_applicable', reason: 'No phone or online contact' });

    // H, 3 March: s4A stalking triaged to a non-specialist team against the proposal of CID (a reason), the victim
    // withdraws (IO-12), finalised by a DS as outcome 16 (the victim does not support action) with the investigation complete.
    t.clock.set('2026-03-03T10:00:00.000Z');
    refs.H = (await recordOccurrence(t.deps, handler, report('2026-03-03T09:00:00Z'))).reference;
    await classifyOccurrence(t.deps, officer, refs.H, { answers: { ...four, fearOfViolenceOccasions: 2 }, offence: 's4A', relationship: 'acquaintance' });
    await recordRiskAssessment(t.deps, officer, refs.H, { assessment: { answers: answers(4), victimEngaged: true } });
    await endorseRiskAssessment(t.deps, sergeant, refs.H, 1, { version: 1, grade: 'standard' });
    await recordCrime(t.deps, officer, refs.H);
    await triageOccurrence(t.deps, cidDs, refs.H, { ...triageFacts, relationship: 'acquaintance', unit: 'INVESTIGATION_TEAM', overrideReason: 'CID at capacity; low risk, straightforward enquiries' });
    await allocateOfficerInCharge(t.deps, cidDs, refs.H, { officerId: invDc.id });
    await recordSuspectAction(t.deps, invDc, refs.H, { action: 'voluntary_attendance', at: '2026-03-03T09:55:00Z' });
    await recordVictimWithdrawal(t.deps, invDc, refs.H, { rationale: 'Wants to move on', supportContactDetailsGiven: true, fullWithdrawalStatementObtained: true, reContactDate: '2026-03-24' });
    t.clock.set('2026-03-08T10:00:00.000Z');
    // A guard's refusal (AL-07) rolls back and writes nothing.
    await expect(finaliseOccurrence(t.deps, cidDs, refs.H, { outcome: 'words_of_advice', rationale: 'x'.repeat(80), proportionateInvestigationComplete: true })).rejects.toMatchObject({ code: 'policy_violation' });
    // Outcome 18 ("no suspect identified") does not fit a suspect who was interviewed (AL-06): refused, nothing written.
    await expect(finaliseOccurrence(t.deps, cidDs, refs.H, { outcome: 'nfa', rationale: 'Enquiries complete: CCTV negative, phone download negative, no witnesses; victim withdrew and was told the force may continue.', proportionateInvestigationComplete: true })).rejects.toMatchObject({ violations: [{ requirement: 'AL-06' }] });
    await finaliseOccurrence(t.deps, cidDs, refs.H, { outcome: 'victim_does_not_support', rationale: 'Enquiries complete: CCTV negative, phone download negative, no witnesses; victim withdrew and was told the force may continue.', proportionateInvestigationComplete: true });

    // C, 5 March, Bradford; D, 6 March, restricted (ID-08); G, 10 March, not yet due.
    t.clock.set('2026-03-06T10:00:00.000Z');
    refs.C = (await recordOccurrence(t.deps, handler, report('2026-03-05T09:00:00Z', 'bradford'))).reference;
    refs.D = (await recordOccurrence(t.deps, handler, report('2026-03-06T09:00:00Z'))).reference;
    await markWorkforceInvolvement(t.deps, handler, refs.D, { reason: 'The suspect works for the force' });
    t.clock.set('2026-03-10T10:00:00.000Z');
    refs.G = (await recordOccurrence(t.deps, handler, report('2026-03-10T08:00:00Z'))).reference;
  }, 120_000);
  afterAll(async () => t?.dispose());

  it('lists every deadline (kind D, or any requirement obligations follow) and every guard (G), in catalogue order, and says guard refusals are not recorded', async () => {
    const r = await complianceReport(t.deps, cidDs, period);
    const order = requirementCatalogue.map((x) => x.id);
    for (const x of requirementCatalogue.filter((x) => x.kind === 'D' || x.kind === 'G')) expect(complianceRequirementIds, x.id).toContain(x.id);
    for (const id of ['CS-01', 'CS-05', 'AO-01', 'SV-01', 'SV-02', 'AO-08', 'IO-04', 'XC-01']) expect(deadlineRequirementIds, id).toContain(id);
    expect(guardRequirementIds).toEqual(['AO-02', 'TS-03', 'TS-04', 'IO-06', 'AL-06', 'AL-07', 'AL-08']);
    expect(r.rows.map((x) => x.id)).toEqual(complianceRequirementIds);
    expect([...complianceRequirementIds].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(complianceRequirementIds);
    expect(r.rows.filter((x) => x.kind === 'G').map((x) => x.id)).toEqual(guardRequirementIds);
    expect(r.refusals).toMatch(/^Not recorded/);
  });

  it('counts deadlines from obligations (met on time, met late, open and overdue, open, closed with a reason) and guards from the records (restricted excluded for the unentitled)', async () => {
    const r = await complianceReport(t.deps, cidDs, period);
    const deadline = (applied: number, met: number, late: number, overdue: number, open: number, closed = 0) => ({ applied, met, late, overdue, open, closed, overridden: null });
    const guard = (applied: number, met: number, late: number | null, overridden: number | null = null) => ({ applied, met, late, overdue: null, open: null, closed: null, overridden });
    // ID-07: A and H recorded within 24 hours; B and C still not recorded after it; G not yet due.
    expect(row(r, 'ID-07')).toEqual(deadline(5, 2, 0, 2, 1));
    // CS-05: no attending officer was assigned to any of them: H's ended unmet when it was finalised (closed, never counted as met); the rest overdue.
    expect(row(r, 'CS-05')).toEqual(deadline(5, 0, 0, 4, 0, 1));
    // AO-08: A's duty inspector notified within the hour; B's never (its checklist item marked not applicable: a departure).
    expect(row(r, 'AO-08')).toEqual(deadline(2, 1, 0, 1, 0));
    // SV-02: every DASH endorsed within 24 hours.
    expect(row(r, 'SV-02')).toEqual(deadline(3, 3, 0, 0, 0));
    // IO-12: H's victim withdrew with a re-contact date in April: open, not yet due.
    expect(row(r, 'IO-12')).toEqual(deadline(1, 0, 0, 0, 1));
    // SP-09: no order in the period.
    expect(row(r, 'SP-09')).toEqual(deadline(0, 0, 0, 0, 0));
    // AO-02: a DASH for A, B (from police records, the reason recorded) and H; none for C or G.
    expect(row(r, 'AO-02')).toEqual(guard(5, 3, 2, 1));
    // Finalised stalking: H (NFA, investigation complete, finalised by a DS outside the specialist units).
    expect(row(r, 'TS-03')).toEqual(guard(1, 1, 0));
    expect(row(r, 'AL-06')).toEqual(guard(1, 1, 0));
    expect(row(r, 'AL-07')).toEqual(guard(1, 1, 0));
    expect(row(r, 'AL-08')).toEqual(guard(1, 1, 0));
    for (const x of r.rows.filter((x) => x.kind === 'D')) expect(x.applied, x.id).toBe(x.met + x.late! + x.overdue! + x.open! + x.closed!);
    const departures = Object.fromEntries(r.departures.map((d) => [d.id, d.count]));
    // AO-08: B's Threats to Life item not applicable with a reason; SV-02: B's grading endorsed lower with reasons.
    expect(departures).toMatchObject({ 'ID-01': 1, 'AL-02': 1, 'AO-07': 1, 'AO-03': 0, 'AO-08': 1, 'SV-02': 1, 'SP-09': 0 });
  });

  it('ID-08: the restricted occurrence counts for the entitled (auditor); a district narrows every figure', async () => {
    const all = await complianceReport(t.deps, auditor, period);
    expect(row(all, 'ID-07')).toMatchObject({ applied: 6, overdue: 3 });
    expect(row(all, 'AO-02')).toMatchObject({ applied: 6, late: 3 });
    const bradford = await complianceReport(t.deps, auditor, { ...period, district: 'bradford' });
    expect(row(bradford, 'AO-02')).toEqual({ applied: 1, met: 0, late: 1, overdue: null, open: null, closed: null, overridden: 0 });
    expect(row(bradford, 'ID-07')).toEqual({ applied: 1, met: 0, late: 0, overdue: 1, open: 0, closed: 0, overridden: null });
    expect(bradford.departures.every((d) => d.count === 0)).toBe(true);
  });

  it('ID-08: every figure drills down to as many records as it counts; the restricted record is listed only for the entitled', async () => {
    for (const who of [cidDs, auditor]) {
      const r = await complianceReport(t.deps, who, period);
      const figures = [
        ...r.rows.flatMap((x) => (['applied', 'met', 'late', 'overdue', 'open', 'closed', 'overridden'] as const).filter((m) => x[m] !== null).map((m) => ({ requirement: x.id, measure: m, value: x[m] as number }))),
        ...r.departures.map((d) => ({ requirement: d.id, measure: 'overridden' as const, value: d.count })),
      ];
      for (const f of figures) {
        const page = await complianceRecords(t.deps, who, { ...period, requirement: f.requirement, measure: f.measure, limit: 100 });
        expect(page.total, `${f.requirement} ${f.measure}`).toBe(f.value);
        expect(page.records.length, `${f.requirement} ${f.measure} listed`).toBe(f.value);
        if (who === cidDs) expect(page.records.some((x) => x.reference === refs.D), `${f.requirement} ${f.measure}`).toBe(false);
      }
    }
    const overdue = await complianceRecords(t.deps, auditor, { ...period, requirement: 'ID-07', measure: 'overdue' });
    expect(overdue.records.map((x) => x.reference).sort()).toEqual([refs.B, refs.C, refs.D].sort());
    const endorsedLower = await complianceRecords(t.deps, cidDs, { ...period, requirement: 'SV-02', measure: 'overridden' });
    expect(endorsedLower.records.map((x) => x.reference)).toEqual([refs.B]);
    const overridden = await complianceRecords(t.deps, cidDs, { ...period, requirement: 'AO-02', measure: 'overridden' });
    expect(overridden.records.map((x) => x.reference)).toEqual([refs.B]);
    const triage = await complianceRecords(t.deps, cidDs, { ...period, requirement: 'AL-02', measure: 'overridden' });
    expect(triage.records[0]).toMatchObject({ reference: refs.H, action: 'occurrence.triaged' });
  });

  it('refuses bad input naming the field and roles without compliance.view; an export is logged', async () => {
    await expect(complianceRecords(t.deps, cidDs, { ...period, requirement: 'ID-01', measure: 'met' })).rejects.toMatchObject({ issues: [{ field: 'requirement' }] });
    await expect(complianceRecords(t.deps, cidDs, { ...period, requirement: 'AO-02', measure: 'open' })).rejects.toMatchObject({ issues: [{ field: 'measure' }] });
    await expect(complianceRecords(t.deps, cidDs, { ...period, requirement: 'ID-07', measure: 'overridden' })).rejects.toMatchObject({ issues: [{ field: 'measure' }] });
    await expect(complianceReport(t.deps, cidDs, { from: 'yesterday' })).rejects.toMatchObject({ issues: [{ field: 'from' }] });
    await expect(complianceReport(t.deps, sergeant, period)).rejects.toMatchObject({ status: 403 });
    await expect(complianceReport(t.deps, invDc, period)).rejects.toMatchObject({ status: 403 });
    const out = await exportComplianceRecords(t.deps, cidDs, { ...period, requirement: 'AO-02', measure: 'late' });
    expect(out.records.map((x) => x.reference).sort()).toEqual([refs.C, refs.G].sort());
    const logged = await t.deps.store.db.selectFrom('log_entries').selectAll().where('action', '=', 'report.exported').where('actor_id', '=', cidDs.id).execute();
    expect(logged.length).toBe(1);
    expect(logged[0]!.reason).toContain('AO-02');
  });
});
