import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { markThreatToLife, markWorkforceInvolvement } from '../../src/app/intake/safeguards';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { triageOccurrence } from '../../src/app/investigation/triage';
import { allocateOfficerInCharge } from '../../src/app/investigation/allocation';
import { recordSuspectAction } from '../../src/app/investigation/suspect';
import { finaliseOccurrence } from '../../src/app/investigation/case-management';
import { applyForStalkingProtectionOrder, considerStalkingProtectionOrder, decideSpoAuthority, decideSpoReferral, recordCourtOutcome, recordSpoBreach, referStalkingProtectionOrder } from '../../src/app/spo/lifecycle';
import { exportManagementInformationRecords, managementInformation, managementInformationRecords, type ManagementInformation } from '../../src/app/reporting/management-information';
import { csvCell, toCsv } from '../../src/app/reporting/csv';
import { dashQuestionIds } from '../../src/policy/risk-questions';
import type { UserRecord } from '../../src/store/repositories/users';

const answers = (yes: number) => Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < yes ? 'yes' : 'no']));
const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true };
const triageFacts = { adultAtRisk: false, honourBasedAbuse: false, coerciveControl: false, prolongedCourseOfConduct: false, significantCumulativeImpact: false, perpetratorEscalation: false, threatRiskHarmComplexity: 'Escalating contact by an ex-partner; victim frightened.' };
const report = (receivedAt: string, district = 'leeds') => ({ receivedAt, channel: '101', callGrade: 'priority', district, location: 'Leeds', firstAccount: 'He keeps turning up at my work and messaging me.' });
const period = { from: '2026-02-01', to: '2026-03-31' };

/** The value of one cell of a chart, by row label and series. */
function cell(mi: ManagementInformation, chart: string, row: string, series = 0): number {
  const c = mi.charts.find((x) => x.id === chart)!;
  const r = c.rows.find((x) => x.label === row);
  if (!r) throw new Error(`${chart} has no row ${row}: ${c.rows.map((x) => x.label).join(', ')}`);
  return r.cells[series]!.value;
}

describe.each(testDialects())('management information on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, officer: UserRecord, sergeant: UserRecord, daDs: UserRecord, daDc: UserRecord, scu: UserRecord, supt: UserRecord, auditor: UserRecord, analyst: UserRecord;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-02-03T10:00:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer', { unitType: 'PATROL' });
    sergeant = await t.user('supervisory_officer', { rank: 'PS' });
    daDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'DA_TEAM' });
    daDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'DA_TEAM' });
    scu = await t.user('scu_officer', { district: null, unitType: 'SCU' });
    supt = await t.user('authorising_superintendent', { rank: 'SUPT' });
    auditor = await t.user('auditor', { district: null });
    analyst = await t.user('diu_analyst', { district: null });

    // January: outside the period.
    refs.E = (await recordOccurrence(t.deps, handler, report('2026-01-15T09:00:00Z'))).reference;

    // A, received 3 February: stalking (s2A), DASH standard endorsed, recorded within 24 hours,
    // triaged to the DA team, an SPO from consideration to an interim order and a breach, charged 10 days on.
    const a = await recordOccurrence(t.deps, handler, report('2026-02-03T09:00:00Z'));
    refs.A = a.reference;
    const suspect = (await addParty(t.deps, handler, a.reference, { role: 'suspect', surname: 'Rowe', forenames: 'Kyle' })).personId;
    await classifyOccurrence(t.deps, officer, a.reference, { answers: four, offence: 's2A', relationship: 'ex_intimate_partner' });
    await recordRiskAssessment(t.deps, officer, a.reference, { assessment: { answers: answers(5), victimEngaged: true } });
    await endorseRiskAssessment(t.deps, sergeant, a.reference, 1, { version: 1, grade: 'standard' });
    await recordCrime(t.deps, officer, a.reference);
    await triageOccurrence(t.deps, daDs, a.reference, { ...triageFacts, relationship: 'ex_intimate_partner' });
    await allocateOfficerInCharge(t.deps, daDs, a.reference, { officerId: daDc.id });
    await recordSuspectAction(t.deps, daDc, a.reference, { action: 'arrest', at: '2026-02-03T09:45:00Z' });
    const spo = await considerStalkingProtectionOrder(t.deps, daDc, a.reference, { respondentPersonId: suspect, actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true });
    await referStalkingProtectionOrder(t.deps, daDc, a.reference, { spoId: spo.id, personsToBeProtected: 'The victim', actsAssociatedWithStalking: 'Following', risk: 'Escalating', whyNecessary: 'Bail breached', proposedTerms: [{ kind: 'prohibition', text: 'No contact' }] });
    await decideSpoReferral(t.deps, scu, a.reference, { spoId: spo.id, decision: 'approve', reason: 'Conditions met' });
    await applyForStalkingProtectionOrder(t.deps, daDc, a.reference, { spoId: spo.id, overarchingStatement: 'SPO1' });
    await decideSpoAuthority(t.deps, supt, a.reference, { spoId: spo.id, necessary: true, proportionate: true, justified: true, humanRightsOfVictimConsidered: true, humanRightsOfRespondentConsidered: true, rationale: 'Necessary and proportionate' });
    await recordCourtOutcome(t.deps, daDc, a.reference, { spoId: spo.id, hearingDate: '2026-02-10', outcome: 'interim', terms: [{ kind: 'prohibition', text: 'No contact' }] });
    t.clock.set('2026-02-13T09:00:00.000Z');
    await finaliseOccurrence(t.deps, daDs, a.reference, { outcome: 'charged', rationale: 'Charged with s2A stalking', proportionateInvestigationComplete: true });

    // B, 2 March: recorded as harassment (s2) against the proposal, with a reason; DASH high, not endorsed; a threat to life.
    t.clock.set('2026-03-02T10:00:00.000Z');
    const b = await recordOccurrence(t.deps, handler, report('2026-03-02T09:00:00Z'));
    refs.B = b.reference;
    await classifyOccurrence(t.deps, officer, b.reference, { answers: four, offence: 's2', differenceReason: 'One victim only and no fixation seen by the officer' });
    await recordRiskAssessment(t.deps, officer, b.reference, { assessment: { answers: answers(15), victimEngaged: true } });
    await markThreatToLife(t.deps, officer, b.reference, { details: 'Threatened to kill her' });

    // C, 5 March, Bradford: nothing done yet.
    t.clock.set('2026-03-05T10:00:00.000Z');
    refs.C = (await recordOccurrence(t.deps, handler, report('2026-03-05T09:00:00Z', 'bradford'))).reference;

    // D, 6 March: restricted (workforce involvement, ID-08): stalking with a medium DASH.
    t.clock.set('2026-03-06T10:00:00.000Z');
    const d = await recordOccurrence(t.deps, handler, report('2026-03-06T09:00:00Z'));
    refs.D = d.reference;
    await classifyOccurrence(t.deps, officer, d.reference, { answers: four, offence: 's2A' });
    await recordRiskAssessment(t.deps, officer, d.reference, { assessment: { answers: answers(10), victimEngaged: true } });
    await markWorkforceInvolvement(t.deps, handler, d.reference, { reason: 'The suspect is a police officer' });

    // F, 8 March: the breach of A's order, its own crime record.
    t.clock.set('2026-03-08T10:00:00.000Z');
    refs.F = (await recordSpoBreach(t.deps, officer, a.reference, { spoId: spo.id, receivedAt: '2026-03-08T09:00:00Z', location: 'Her street', account: 'Seen outside her house' })).reference;

    t.clock.set('2026-03-10T10:00:00.000Z');
  }, 120_000);
  afterAll(async () => t?.dispose());

  it('counts each figure from the known data, leaving out the restricted record for the unentitled (ID-08)', async () => {
    const mi = await managementInformation(t.deps, analyst, period);
    expect(mi.headline).toEqual({ received: 4, dashCompletionRate: 50, endorsementRate: 50, finalised: 1, averageDaysToFinalise: 10 });
    expect(mi.charts.find((c) => c.id === 'received')!.rows.map((r) => [r.label, r.cells[0]!.value])).toEqual([
      ['February 2026', 1],
      ['March 2026', 3],
    ]);
    expect([cell(mi, 'classification', 'Stalking'), cell(mi, 'classification', 'Harassment'), cell(mi, 'classification', 'Not yet classified')]).toEqual([1, 1, 2]);
    expect([cell(mi, 'dash', 'DASH completed'), cell(mi, 'dash', 'No DASH'), cell(mi, 'dash', 'Grading endorsed'), cell(mi, 'dash', 'Awaiting endorsement')]).toEqual([2, 2, 1, 1]);
    expect([cell(mi, 'risk', 'Standard'), cell(mi, 'risk', 'Medium'), cell(mi, 'risk', 'High'), cell(mi, 'risk', 'No DASH')]).toEqual([1, 0, 1, 2]);
    expect([cell(mi, 'allocation', 'DA team'), cell(mi, 'allocation', 'CID'), cell(mi, 'allocation', 'Not yet allocated')]).toEqual([1, 0, 3]);
    expect(['Considered', 'Applied for', 'Granted (interim or full)', 'Breached'].map((r) => cell(mi, 'spo', r))).toEqual([1, 1, 1, 1]);
    expect(cell(mi, 'outcomes', '1: Charged or summonsed')).toBe(1);
    expect(cell(mi, 'days_to_finalise', 'All outcomes')).toBe(10);
    // ID-07, counted from obligations opened in the period: A recorded within 24 hours, and the breach F at once (BR-01); B and
    // C are still not recorded past their 24 hours, and so is E: received in January, its deadline opened when it was entered
    // on 3 February, already past. Series: met on time, met late, open and overdue, open and not yet due, closed with a reason.
    expect([0, 1, 2, 3, 4].map((i) => cell(mi, 'deadlines', 'ID-07', i))).toEqual([2, 0, 3, 0, 0]);
    expect(mi.charts.find((c) => c.id === 'deadlines')!.series).toEqual(['Met on time', 'Met late', 'Open and overdue', 'Open, not yet due', 'Closed with a reason']);
  });

  it('ID-08: an entitled user (auditor) sees the restricted record counted; a district filter counts only that district', async () => {
    const all = await managementInformation(t.deps, auditor, period);
    expect(all.headline.received).toBe(5);
    expect(cell(all, 'classification', 'Stalking')).toBe(2);
    expect(cell(all, 'risk', 'Medium')).toBe(1);
    expect(cell(all, 'deadlines', 'ID-07', 2)).toBe(4);
    const bradford = await managementInformation(t.deps, auditor, { ...period, district: 'bradford' });
    expect(bradford.headline.received).toBe(1);
    expect(cell(bradford, 'classification', 'Not yet classified')).toBe(1);
    const january = await managementInformation(t.deps, auditor, { from: '2026-01-01', to: '2026-01-31' });
    expect(january.headline.received).toBe(1);
  });

  it('ID-08: every figure drills down to exactly as many records as it counts, and the restricted record is never listed for the unentitled', async () => {
    for (const who of [analyst, auditor]) {
      const mi = await managementInformation(t.deps, who, period);
      let checked = 0;
      for (const chart of mi.charts) {
        for (const row of chart.rows) {
          for (const c of row.cells) {
            const expected = c.records ?? c.value;
            const seen: string[] = [];
            let after: string | undefined;
            let total = -1;
            do {
              const page = await managementInformationRecords(t.deps, who, { ...period, figure: c.figure, bucket: c.bucket, limit: 2, ...(after ? { after } : {}) });
              total = page.total;
              seen.push(...page.records.map((r) => r.id));
              after = page.next;
            } while (after);
            expect(total, `${chart.id} ${row.label}`).toBe(expected);
            expect(seen.length, `${chart.id} ${row.label} listed`).toBe(expected);
            expect(new Set(seen).size).toBe(seen.length);
            checked += 1;
          }
        }
      }
      expect(checked).toBeGreaterThan(30);
    }
    const restricted = await managementInformationRecords(t.deps, analyst, { ...period, figure: 'received', bucket: 'all', limit: 100 });
    expect(restricted.records.map((r) => r.reference).sort()).toEqual([refs.A, refs.B, refs.C, refs.F].sort());
    const entitled = await managementInformationRecords(t.deps, auditor, { ...period, figure: 'classification', bucket: 'stalking', limit: 100 });
    expect(entitled.records.map((r) => r.reference).sort()).toEqual([refs.A, refs.D].sort());
    expect(entitled.records.find((r) => r.reference === refs.D)?.restricted).toBe(true);
  });

  it('refuses bad input naming the field, and roles without mi.view', async () => {
    await expect(managementInformation(t.deps, analyst, { from: '2026-02-30' })).rejects.toMatchObject({ issues: [{ field: 'from' }] });
    await expect(managementInformation(t.deps, analyst, { from: '2026-03-01', to: '2026-02-01' })).rejects.toMatchObject({ issues: [{ field: 'to' }] });
    await expect(managementInformation(t.deps, analyst, { district: 'york' })).rejects.toMatchObject({ issues: [{ field: 'district' }] });
    await expect(managementInformationRecords(t.deps, analyst, { figure: 'risk', bucket: 'extreme' })).rejects.toMatchObject({ issues: [{ field: 'bucket' }] });
    await expect(managementInformationRecords(t.deps, analyst, { figure: 'risk', bucket: 'high', after: 'not-a-marker' })).rejects.toMatchObject({ issues: [{ field: 'after' }] });
    await expect(managementInformation(t.deps, handler, period)).rejects.toMatchObject({ status: 403 });
    await expect(managementInformation(t.deps, daDc, period)).rejects.toMatchObject({ status: 403 });
  });

  it('XC-03: a CSV export lists the figure’s records and is logged as a read; cells that could run as formulas are made safe', async () => {
    const before = await t.deps.store.db.selectFrom('log_entries').select('id').where('action', '=', 'report.exported').execute();
    const out = await exportManagementInformationRecords(t.deps, analyst, { ...period, figure: 'received', bucket: '2026-03' });
    expect(out.records.map((r) => r.reference).sort()).toEqual([refs.B, refs.C, refs.F].sort());
    const logged = await t.deps.store.db.selectFrom('log_entries').selectAll().where('action', '=', 'report.exported').execute();
    expect(logged.length).toBe(before.length + 1);
    const entry = logged.find((l) => !before.some((b) => b.id === l.id))!;
    expect(entry).toMatchObject({ kind: 'read', actor_id: analyst.id });
    expect(entry.reason).toContain('3 rows');
    expect(['=SUM(A1)', '+1', '-2', '@cmd', 'plain'].map(csvCell)).toEqual(["'=SUM(A1)", "'+1", "'-2", "'@cmd", 'plain']);
    expect(toCsv(['a'], [['x,"y"']])).toBe('a\r\n"x,""y"""\r\n');
  });
});
