import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { assignAttendingOfficer } from '../../src/app/intake/attendance';
import { markWorkforceInvolvement } from '../../src/app/intake/safeguards';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { triageOccurrence, triageQueue } from '../../src/app/investigation/triage';
import { allocateOfficerInCharge } from '../../src/app/investigation/allocation';
import { recordSuspectAction } from '../../src/app/investigation/suspect';
import { finaliseOccurrence } from '../../src/app/investigation/case-management';
import { readOccurrence, searchOccurrences } from '../../src/app/intake/occurrence-queries';
import { teamWorklist, worklist } from '../../src/app/tasks/worklist';
import { entitledToRestricted } from '../../src/auth/record-access';
import { dashQuestionIds } from '../../src/policy/risk-questions';
import type { OccurrenceRecord } from '../../src/store/repositories/occurrences';
import type { UserRecord } from '../../src/store/repositories/users';

const answers = (yes: number) => Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < yes ? 'yes' : 'no']));
const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false };
const triageFacts = { adultAtRisk: false, honourBasedAbuse: false, coerciveControl: false, prolongedCourseOfConduct: false, significantCumulativeImpact: false, perpetratorEscalation: false, threatRiskHarmComplexity: 'A serving officer keeps turning up at her home; she is frightened; complex because of his role.' };
const reason = 'Triage of a workforce-involved stalking report';
const refs = (q: { occurrences: { occurrence: OccurrenceRecord }[] }) => q.occurrences.map((x) => x.occurrence.reference);

/**
 * ID-08: a crime involving the force's workforce is restricted, and worked like any other by
 * those entitled to it (the DA team's DS and officers, under the Domestic Abuse policy):
 * recorded, queued for triage, triaged, allocated, investigated and finalised. Everyone else gets
 * "not found" and never sees it in a list or a count.
 */
describe.each(testDialects())('a restricted crime from record to finalisation on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, otherHandler: UserRecord, officer: UserRecord, daDs: UserRecord, daDc: UserRecord, daPs: UserRecord, cidDs: UserRecord, cidDc: UserRecord, patrolPs: UserRecord;
  let crime: OccurrenceRecord;
  let ordinary: OccurrenceRecord;
  const before = new Map<string, { worklist: number; team: number }>();

  const counts = async (u: UserRecord) => ({ worklist: (await worklist(t.deps, u)).total, team: ['triaging_supervisor', 'supervisory_officer'].includes(u.role) ? (await teamWorklist(t.deps, u, {})).total : 0 });

  async function recordedCrime(restricted: boolean) {
    const o = await recordOccurrence(t.deps, handler, { receivedAt: t.clock().toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'A man she met through work keeps following her home and messaging her.' });
    await assignAttendingOfficer(t.deps, handler, o.reference, { officerId: officer.id });
    if (restricted) await markWorkforceInvolvement(t.deps, handler, o.reference, { reason: 'The suspect is a serving police officer' });
    await classifyOccurrence(t.deps, officer, o.reference, { answers: four, offence: 's2A', relationship: 'acquaintance' });
    await recordRiskAssessment(t.deps, officer, o.reference, { assessment: { answers: answers(5), victimEngaged: true } });
    await endorseRiskAssessment(t.deps, restricted ? daDs : patrolPs, o.reference, 1, { version: 1, grade: 'standard' });
    await recordCrime(t.deps, officer, o.reference);
    return o;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-12-21T10:00:00.000Z');
    handler = await t.user('call_handler');
    otherHandler = await t.user('call_handler');
    officer = await t.user('attending_officer', { unitType: 'PATROL' });
    daDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'DA_TEAM' });
    daDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'DA_TEAM' });
    daPs = await t.user('supervisory_officer', { rank: 'PS', unitType: 'DA_TEAM' });
    cidDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'CID' });
    cidDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'CID' });
    patrolPs = await t.user('supervisory_officer', { rank: 'PS', unitType: 'PATROL' });
    for (const u of [otherHandler, cidDs, cidDc, patrolPs]) before.set(u.id, await counts(u));
    // A non-domestic stalking crime: a CID DS would review it, were it not for the workforce.
    crime = await recordedCrime(true);
    ordinary = await recordedCrime(false);
  });
  afterAll(async () => t.dispose());

  it('ID-08: the DA team’s case workers and the force-wide oversight roles are entitled; CID, patrol and call handlers are not', () => {
    expect([daDs, daDc, daPs].map(entitledToRestricted)).toEqual([true, true, true]);
    expect([cidDs, cidDc, patrolPs, handler, officer].map(entitledToRestricted)).toEqual([false, false, false, false, false]);
    expect(entitledToRestricted({ role: 'detective_superintendent_safeguarding', unitType: 'COMMAND' })).toBe(true);
    // A DA-team user whose role does not work cases is not.
    expect(entitledToRestricted({ role: 'call_handler', unitType: 'DA_TEAM' })).toBe(false);
  });

  it('ID-08, TS-01: the DA-team DS is prompted for a reason, then sees the restricted crime in the triage queue; the read is logged with the reason', async () => {
    const withheld = await triageQueue(t.deps, daDs);
    expect(refs(withheld)).not.toContain(crime.reference);
    expect(withheld.awaitingReason).toEqual([{ reference: crime.reference, receivedAt: crime.receivedAt, district: 'leeds' }]);
    const shown = await triageQueue(t.deps, daDs, { accessReasons: { [crime.reference]: reason } });
    expect(refs(shown)).toContain(crime.reference);
    expect(shown.awaitingReason).toEqual([]);
    const read = await t.deps.store.db.selectFrom('log_entries').select(['reason', 'actor_id']).where('occurrence_id', '=', crime.id).where('action', '=', 'occurrence.viewed').execute();
    expect(read).toEqual([expect.objectContaining({ actor_id: daDs.id, reason: expect.stringContaining(reason) })]);
  });

  it('ID-08: the CID DS’s queue neither lists nor counts it, and the crime is "not found" to them', async () => {
    const q = await triageQueue(t.deps, cidDs, { accessReasons: { [crime.reference]: reason } });
    expect(refs(q)).toContain(ordinary.reference);
    expect(refs(q)).not.toContain(crime.reference);
    expect(q.awaitingReason).toEqual([]);
    await expect(readOccurrence(t.deps, cidDs, crime.reference, 'test', { accessReason: reason })).rejects.toMatchObject({ status: 404 });
    await expect(triageOccurrence(t.deps, cidDs, crime.reference, { ...triageFacts, relationship: 'acquaintance' })).rejects.toMatchObject({ status: 404 });
  });

  it('ID-08, AL-01: the DA-team DS triages it to the DA team whatever the relationship; another unit is refused', async () => {
    await expect(triageOccurrence(t.deps, daDs, crime.reference, { ...triageFacts, relationship: 'acquaintance', unit: 'CID', overrideReason: 'CID has capacity' })).rejects.toMatchObject({ issues: [{ field: 'unit' }] });
    const r = await triageOccurrence(t.deps, daDs, crime.reference, { ...triageFacts, relationship: 'acquaintance' });
    expect(r.unit).toBe('DA_TEAM');
    expect(await readOccurrence(t.deps, daDs, crime.reference, 'test', { accessReason: reason })).toMatchObject({ status: 'triaged', reviewer: 'DA_DS', allocatedUnit: 'DA_TEAM' });
    expect(refs(await triageQueue(t.deps, daDs, { accessReasons: { [crime.reference]: reason } }))).not.toContain(crime.reference);
  });

  it('ID-08, SV-01: only an entitled officer can be allocated it; the DA-team DC is, and works it', async () => {
    await expect(allocateOfficerInCharge(t.deps, daDs, crime.reference, { officerId: cidDc.id })).rejects.toMatchObject({ violations: expect.arrayContaining([expect.objectContaining({ requirement: 'ID-08' })]) });
    await expect(allocateOfficerInCharge(t.deps, cidDs, crime.reference, { officerId: daDc.id })).rejects.toMatchObject({ status: 404 });
    await allocateOfficerInCharge(t.deps, daDs, crime.reference, { officerId: daDc.id });
    await expect(readOccurrence(t.deps, daDc, crime.reference, 'test')).rejects.toMatchObject({ code: 'access_reason_required' });
    expect(await readOccurrence(t.deps, daDc, crime.reference, 'Investigating', { accessReason: 'I am the officer in charge' })).toMatchObject({ status: 'allocated', officerInChargeId: daDc.id });
    expect((await worklist(t.deps, daDc)).tasks.some((x) => x.occurrenceId === crime.id)).toBe(true);
    await recordSuspectAction(t.deps, daDc, crime.reference, { action: 'voluntary_attendance', at: t.clock().toISOString() });
    expect((await readOccurrence(t.deps, daDc, crime.reference, 'test', { accessReason: 'I am the officer in charge' })).status).toBe('under_investigation');
  });

  it('ID-08: unentitled users get "not found" and their lists, searches and counts never include it', async () => {
    for (const u of [otherHandler, cidDs, cidDc, patrolPs]) {
      await expect(readOccurrence(t.deps, u, crime.reference, 'test', { accessReason: reason })).rejects.toMatchObject({ status: 404 });
      await expect(recordSuspectAction(t.deps, u, crime.reference, { action: 'arrest', at: t.clock().toISOString() })).rejects.toMatchObject({ status: expect.any(Number) });
      expect((await searchOccurrences(t.deps, u, { reference: crime.reference })).occurrences).toEqual([]);
      const now = await counts(u);
      const wl = await worklist(t.deps, u);
      expect(wl.tasks.some((x) => x.occurrenceId === crime.id)).toBe(false);
      // The ordinary crime's work may reach them; the restricted crime's never does.
      const ordinaryTasks = wl.tasks.filter((x) => x.occurrenceId === ordinary.id).length;
      expect(now.worklist - ordinaryTasks).toBe(before.get(u.id)!.worklist);
    }
    // The patrol sergeant's team list (district Leeds) leaves out the restricted crime's supervisor task; the DA-team sergeant's shows it.
    expect((await teamWorklist(t.deps, patrolPs, {})).tasks.some((x) => x.occurrenceId === crime.id)).toBe(false);
    expect((await teamWorklist(t.deps, daPs, {})).tasks.some((x) => x.occurrenceId === crime.id)).toBe(true);
    // The entitled find it by its reference.
    expect((await searchOccurrences(t.deps, daDs, { reference: crime.reference })).occurrences.map((o) => o.reference)).toEqual([crime.reference]);
  });

  it('ID-08, AL-06: the DA-team DS finalises it', async () => {
    const rationale = 'Enquiries complete: the suspect was interviewed, phone download negative, no independent witnesses; victim informed and support services updated.';
    await expect(finaliseOccurrence(t.deps, cidDs, crime.reference, { outcome: 'evidential_difficulties', rationale, proportionateInvestigationComplete: true })).rejects.toMatchObject({ status: 404 });
    await finaliseOccurrence(t.deps, daDs, crime.reference, { outcome: 'evidential_difficulties', rationale, proportionateInvestigationComplete: true });
    expect((await readOccurrence(t.deps, daDs, crime.reference, 'test', { accessReason: reason })).status).toBe('finalised');
  });
});
