import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { triageOccurrence, triageQueue } from '../../src/app/investigation/triage';
import { allocateOfficerInCharge } from '../../src/app/investigation/allocation';
import { recordSuspectAction } from '../../src/app/investigation/suspect';
import { agreeVictimContactPlan, recordVictimContact, recordVictimWithdrawal } from '../../src/app/investigation/victim-care';
import { assignVideoInterview, considerReferrals, finaliseOccurrence, recordReferralStatus, recordTraining, scuLists, updateInvestigationPlan } from '../../src/app/investigation/case-management';
import { readOccurrence } from '../../src/app/intake/occurrence-queries';
import { worklist } from '../../src/app/tasks/worklist';
import { verifyChain } from '../../src/store/repositories/log';
import { listPlanItems } from '../../src/store/repositories/investigation';
import { dashQuestionIds } from '../../src/policy/risk-questions';
import type { UserRecord } from '../../src/store/repositories/users';

const answers = (yes: number) => Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < yes ? 'yes' : 'no']));
const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false };
const triageFacts = { adultAtRisk: false, honourBasedAbuse: false, coerciveControl: false, prolongedCourseOfConduct: false, significantCumulativeImpact: false, perpetratorEscalation: false, threatRiskHarmComplexity: 'Persistent, escalating contact; victim frightened; moderate complexity.' };

describe.each(testDialects())('triage, allocation, investigation and finalisation on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, officer: UserRecord, sergeant: UserRecord, daDs: UserRecord, cidDs: UserRecord, daDc: UserRecord, cidDc: UserRecord, invDc: UserRecord, nptPc: UserRecord, scu: UserRecord, admin: UserRecord;

  /** A recorded stalking crime with an endorsed DASH, ready for triage. */
  async function recordedCrime(relationship: string, yes = 5, firstAccount = 'He keeps turning up at my work.') {
    const o = await recordOccurrence(t.deps, handler, { receivedAt: t.clock().toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount });
    await classifyOccurrence(t.deps, officer, o.reference, { answers: four, offence: 's2A', relationship });
    await recordRiskAssessment(t.deps, officer, o.reference, { assessment: { answers: answers(yes), victimEngaged: true } });
    await endorseRiskAssessment(t.deps, sergeant, o.reference, 1, { version: 1, grade: yes >= 14 ? 'high' : 'standard' });
    await recordCrime(t.deps, officer, o.reference);
    return o;
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-12-21T10:00:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer', { unitType: 'PATROL' });
    sergeant = await t.user('supervisory_officer', { rank: 'PS' });
    daDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'DA_TEAM' });
    cidDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'CID' });
    daDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'DA_TEAM' });
    cidDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'CID', abeTrainedOn: '2024-01-01' });
    invDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'INVESTIGATION_TEAM' });
    nptPc = await t.user('investigating_officer', { rank: 'PC', unitType: 'NEIGHBOURHOOD' });
    scu = await t.user('scu_officer', { district: null, unitType: 'SCU' });
    admin = await t.user('administrator', { district: null });
  });
  afterAll(async () => t.dispose());

  it('AL-01, TS-01: domestic stalking queues for the DA-team DS, other stalking for the CID DS', async () => {
    const da = await recordedCrime('ex_intimate_partner');
    const cid = await recordedCrime('acquaintance');
    expect((await triageQueue(t.deps, daDs)).occurrences.map((x) => x.occurrence.reference)).toContain(da.reference);
    expect((await triageQueue(t.deps, daDs)).occurrences.map((x) => x.occurrence.reference)).not.toContain(cid.reference);
    expect((await triageQueue(t.deps, cidDs)).occurrences.map((x) => x.occurrence.reference)).toContain(cid.reference);
    await expect(triageOccurrence(t.deps, cidDs, da.reference, { ...triageFacts, relationship: 'ex_intimate_partner' })).rejects.toMatchObject({ status: 403 });
  });

  it('AL-03, TS-02, SV-01: triage allocates DA s2A to the DA team, logs the review and generates the plan; an override needs a reason', async () => {
    const o = await recordedCrime('ex_intimate_partner');
    await expect(triageOccurrence(t.deps, daDs, o.reference, { ...triageFacts, relationship: 'ex_intimate_partner', unit: 'CID' })).rejects.toMatchObject({ issues: [{ field: 'overrideReason' }] });
    const r = await triageOccurrence(t.deps, daDs, o.reference, { ...triageFacts, relationship: 'ex_intimate_partner' });
    expect(r.unit).toBe('DA_TEAM');
    const after = await readOccurrence(t.deps, daDs, o.reference, 'test');
    expect(after).toMatchObject({ status: 'triaged', allocatedUnit: 'DA_TEAM', reviewer: 'DA_DS' });
    expect((await listPlanItems(t.deps.store.db, o.id)).map((p) => p.requirement)).toEqual(expect.arrayContaining(['IO-02', 'IO-01', 'SV-04']));
    const entry = await t.deps.store.db.selectFrom('log_entries').select(['reason', 'requirements']).where('occurrence_id', '=', o.id).where('action', '=', 'occurrence.triaged').executeTakeFirstOrThrow();
    expect(entry.reason).toContain('Persistent, escalating');
  });

  it('AL-03: "coercive and controlling behaviour between other personally connected persons will only be investigated by DA teams": co-parents who were never partners, reviewed and allocated as DA', async () => {
    const o = await recordedCrime('other_personally_connected');
    expect((await triageQueue(t.deps, daDs)).occurrences.map((x) => x.occurrence.reference)).toContain(o.reference);
    expect((await triageQueue(t.deps, cidDs)).occurrences.map((x) => x.occurrence.reference)).not.toContain(o.reference);
    const r = await triageOccurrence(t.deps, daDs, o.reference, { ...triageFacts, relationship: 'other_personally_connected', coerciveControl: true });
    expect(r.unit).toBe('DA_TEAM');
    expect(await readOccurrence(t.deps, daDs, o.reference, 'test')).toMatchObject({ allocatedUnit: 'DA_TEAM', reviewer: 'DA_DS' });
  });

  it('AL-05: a prolonged course of conduct puts reclassification to s4A to the reviewer; accepted, allocation follows the s4A rules', async () => {
    const o = await recordedCrime('acquaintance');
    const facts = { ...triageFacts, relationship: 'acquaintance', prolongedCourseOfConduct: true };
    await expect(triageOccurrence(t.deps, cidDs, o.reference, facts)).rejects.toMatchObject({ issues: [{ field: 'reclassifyToS4A' }] });
    const r = await triageOccurrence(t.deps, cidDs, o.reference, { ...facts, reclassifyToS4A: true });
    expect(r).toMatchObject({ offence: 's4A', unit: 'CID' });
  });

  it('AL-05, AL-02: never to patrol or neighbourhood officers; only to an officer of the allocated unit; SV-02 endorsement first', async () => {
    const o = await recordedCrime('acquaintance');
    await triageOccurrence(t.deps, cidDs, o.reference, { ...triageFacts, relationship: 'acquaintance' });
    await expect(allocateOfficerInCharge(t.deps, cidDs, o.reference, { officerId: nptPc.id })).rejects.toMatchObject({ violations: [{ requirement: 'AL-05' }] });
    await expect(allocateOfficerInCharge(t.deps, cidDs, o.reference, { officerId: daDc.id })).rejects.toMatchObject({ violations: [{ requirement: 'AL-02' }] });
    await allocateOfficerInCharge(t.deps, cidDs, o.reference, { officerId: invDc.id });
    expect((await readOccurrence(t.deps, cidDs, o.reference, 'test')).officerInChargeId).toBe(invDc.id);
  });

  it('IO-06, IO-08, IO-10, IO-04: arrest and bail create inform-victim tasks within 1 working day; words of advice refused even at the victim’s request', async () => {
    const o = await recordedCrime('ex_intimate_partner');
    await triageOccurrence(t.deps, daDs, o.reference, { ...triageFacts, relationship: 'ex_intimate_partner' });
    await allocateOfficerInCharge(t.deps, daDs, o.reference, { officerId: daDc.id });
    // Tuesday 22 December 2026: one working day on is Wednesday 23rd.
    t.clock.set('2026-12-22T10:00:00.000Z');
    await recordSuspectAction(t.deps, daDc, o.reference, { action: 'arrest', at: '2026-12-22T09:00:00Z' });
    await expect(recordSuspectAction(t.deps, daDc, o.reference, { action: 'bail_s37_2', at: '2026-12-22T09:20:00Z', conditions: 'Not to contact the victim' })).rejects.toMatchObject({ violations: [{ requirement: 'IO-08' }] });
    await recordSuspectAction(t.deps, daDc, o.reference, { action: 'bail_s37_2', at: '2026-12-22T09:30:00Z', conditions: 'Not to contact the victim', victimConsultedOnBail: true });
    await expect(recordSuspectAction(t.deps, daDc, o.reference, { action: 'words_of_advice', at: '2026-12-22T09:45:00Z', victimRequestedInformalAction: true })).rejects.toMatchObject({ code: 'policy_violation' });
    const tasks = (await worklist(t.deps, daDc)).tasks.filter((x) => x.occurrenceId === o.id);
    const inform = tasks.filter((x) => x.action === 'inform_victim');
    expect(inform.length).toBe(2);
    expect(inform.every((x) => x.dueAt.startsWith('2026-12-23'))).toBe(true);
    expect(tasks.some((x) => x.action === 'bail_expiry')).toBe(true);
    expect((await readOccurrence(t.deps, daDc, o.reference, 'test')).status).toBe('under_investigation');
    // An attempt leaves the updates owed; a contact fulfils every update owed before it (IO-04), naming the contact.
    await recordVictimContact(t.deps, daDc, o.reference, { taskId: inform[0]!.id, method: 'phone', outcome: 'no_answer', note: 'No answer, will try again' });
    expect((await worklist(t.deps, daDc)).tasks.filter((x) => x.occurrenceId === o.id && x.action === 'inform_victim').length).toBe(2);
    await recordVictimContact(t.deps, daDc, o.reference, { taskId: inform[0]!.id, method: 'phone', outcome: 'contacted', note: 'Told of the arrest and bail conditions' });
    expect((await worklist(t.deps, daDc)).tasks.filter((x) => x.occurrenceId === o.id && x.action === 'inform_victim').length).toBe(0);
    const closed = (await worklist(t.deps, daDc, { status: 'done' })).tasks.filter((x) => x.occurrenceId === o.id && x.action === 'inform_victim');
    expect(closed.map((x) => [x.closure, x.outcomeNote])).toEqual([['fulfilled', 'Fulfilled: victim contact recorded'], ['fulfilled', 'Fulfilled: victim contact recorded']]);
    await agreeVictimContactPlan(t.deps, daDc, o.reference, { everyDays: 7 });
    expect((await worklist(t.deps, daDc)).tasks.some((x) => x.occurrenceId === o.id && x.action === 'scheduled_victim_contact')).toBe(true);
  });

  it('IO-12: a withdrawal needs its rationale, support details, statement and re-contact date', async () => {
    const o = await recordedCrime('ex_intimate_partner');
    await expect(recordVictimWithdrawal(t.deps, daDc, o.reference, { rationale: 'Wants to move on', supportContactDetailsGiven: true, fullWithdrawalStatementObtained: false })).rejects.toMatchObject({ code: 'policy_violation' });
    // "agreeing to contact the victim in the near future": five years on is not (28 days by default, from now).
    await expect(recordVictimWithdrawal(t.deps, daDc, o.reference, { rationale: 'Wants to move on', supportContactDetailsGiven: true, fullWithdrawalStatementObtained: true, reContactDate: '2031-12-22' })).rejects.toMatchObject({ violations: [expect.objectContaining({ requirement: 'IO-12', message: expect.stringContaining('near future') })] });
    await recordVictimWithdrawal(t.deps, daDc, o.reference, { rationale: 'Wants to move on', supportContactDetailsGiven: true, fullWithdrawalStatementObtained: true, reContactDate: '2027-01-15' });
    expect((await worklist(t.deps, daDc)).tasks.some((x) => x.occurrenceId === o.id && x.action === 'victim_recontact')).toBe(true);
  });

  it('AL-06, AL-07, AL-08: words of advice never finalise stalking; NFA needs a thorough rationale; investigation-team crimes are finalised by a DS', async () => {
    const o = await recordedCrime('acquaintance');
    await triageOccurrence(t.deps, cidDs, o.reference, { ...triageFacts, relationship: 'acquaintance' });
    await allocateOfficerInCharge(t.deps, cidDs, o.reference, { officerId: invDc.id });
    await recordSuspectAction(t.deps, invDc, o.reference, { action: 'voluntary_attendance', at: t.clock().toISOString() });
    await expect(finaliseOccurrence(t.deps, cidDs, o.reference, { outcome: 'words_of_advice', rationale: 'x'.repeat(80), proportionateInvestigationComplete: true })).rejects.toMatchObject({ violations: expect.arrayContaining([expect.objectContaining({ requirement: 'AL-07' })]) });
    // The defects seen: an empty rationale, and "No evidence", each with the investigation marked complete.
    for (const rationale of ['', 'No evidence']) {
      await expect(finaliseOccurrence(t.deps, cidDs, o.reference, { outcome: 'not_in_public_interest', rationale, proportionateInvestigationComplete: true })).rejects.toMatchObject({ violations: [expect.objectContaining({ requirement: 'AL-06', message: expect.stringMatching(/thorough rationale/) })] });
    }
    const rationale = 'Enquiries complete: CCTV shows no contact, phone download negative, no independent witnesses; victim informed and support services updated.';
    // Outcome 18 says no suspect was identified: this suspect was interviewed.
    await expect(finaliseOccurrence(t.deps, cidDs, o.reference, { outcome: 'nfa', rationale, proportionateInvestigationComplete: true })).rejects.toMatchObject({ violations: [expect.objectContaining({ requirement: 'AL-06', message: expect.stringMatching(/A suspect has been arrested or interviewed/) })] });
    await expect(finaliseOccurrence(t.deps, cidDs, o.reference, { outcome: 'evidential_difficulties', rationale, proportionateInvestigationComplete: false })).rejects.toMatchObject({ violations: [expect.objectContaining({ requirement: 'TS-03' })] });
    await expect(finaliseOccurrence(t.deps, invDc, o.reference, { outcome: 'evidential_difficulties', rationale, proportionateInvestigationComplete: true })).rejects.toMatchObject({ violations: expect.arrayContaining([expect.objectContaining({ requirement: 'AL-08' })]) });
    // Nothing of the refusals was written.
    expect((await readOccurrence(t.deps, cidDs, o.reference, 'test')).status).toBe('under_investigation');
    const finalisedEntries = await t.deps.store.db.selectFrom('log_entries').select('id').where('occurrence_id', '=', o.id).where('action', '=', 'occurrence.finalised').execute();
    expect(finalisedEntries).toEqual([]);
    const done = await finaliseOccurrence(t.deps, cidDs, o.reference, { outcome: 'evidential_difficulties', rationale, proportionateInvestigationComplete: true });
    expect(done.outcome.code).toBe(15);
    expect((await readOccurrence(t.deps, cidDs, o.reference, 'test')).status).toBe('finalised');
    expect((await worklist(t.deps, invDc)).tasks.some((x) => x.occurrenceId === o.id && x.action === 'update_support_services')).toBe(true);
  });

  it('AL-06: a charged suspect: outcome 18 ("no suspect identified") and every other no-further-action outcome are refused; charged is accepted', async () => {
    const o = await recordedCrime('acquaintance');
    await triageOccurrence(t.deps, cidDs, o.reference, { ...triageFacts, relationship: 'acquaintance' });
    await allocateOfficerInCharge(t.deps, cidDs, o.reference, { officerId: invDc.id });
    await recordSuspectAction(t.deps, invDc, o.reference, { action: 'arrest', at: t.clock().toISOString() });
    await recordSuspectAction(t.deps, invDc, o.reference, { action: 'charge', at: t.clock().toISOString(), referredToCps: true });
    const rationale = 'Enquiries complete: CCTV shows no contact, phone download negative, no independent witnesses; victim informed and support services updated.';
    for (const outcome of ['nfa', 'evidential_difficulties', 'not_in_public_interest']) {
      await expect(finaliseOccurrence(t.deps, cidDs, o.reference, { outcome, rationale, proportionateInvestigationComplete: true }), outcome).rejects.toMatchObject({ violations: [expect.objectContaining({ requirement: 'AL-06', message: expect.stringMatching(/The suspect has been charged/) })] });
    }
    const done = await finaliseOccurrence(t.deps, cidDs, o.reference, { outcome: 'charged', rationale: 'Charged with s2A stalking', proportionateInvestigationComplete: true });
    expect(done.outcome.code).toBe(1);
  });

  it('SV-03, IO-14: referrals are proposed from the case facts and their status recorded', async () => {
    const o = await recordedCrime('ex_intimate_partner', 15);
    const out = await considerReferrals(t.deps, daDc, o.reference, { stalkingVictimsOfSuspect: 3, mappaCategory1RegisteredSexOffender: false, mappaCategory2ViolentOrSexualOffenderSentenced12MonthsOrMore: false, mappaCategory3OtherDangerousOffender: false, presentLikelihoodOfSeriousHarm: true, suspectHistoryOfAbuseOrViolence: true, suspectHasAccessToChildren: false, childSexOffenceConcern: false, othersAtRisk: false, victimEngagingWithSupport: true });
    const kinds = out.referrals.map((r) => r.referral);
    expect(kinds).toEqual(expect.arrayContaining(['pdp', 'marac', 'dvds']));
    await recordReferralStatus(t.deps, daDc, o.reference, { kind: 'marac', status: 'made', note: 'Referred to Leeds MARAC' });
    await expect(recordReferralStatus(t.deps, daDc, o.reference, { kind: 'astrology', status: 'made', note: 'x' })).rejects.toMatchObject({ status: 400 });
  });

  it('SC-01, SC-02: the SCU sees today’s non-domestic stalking and the highest-risk domestic stalking', async () => {
    const lists = await scuLists(t.deps, scu);
    expect(lists.nonDomestic.length).toBeGreaterThan(0);
    expect(lists.nonDomestic.every((x) => x.occurrence.relationship !== 'ex_intimate_partner')).toBe(true);
    expect(lists.highestRiskDomestic.every((x) => x.riskGrade === 'high')).toBe(true);
    expect(lists.highestRiskDomestic.length).toBeGreaterThan(0);
    await expect(scuLists(t.deps, handler)).rejects.toMatchObject({ status: 403 });
  });

  it('XC-02, XC-05: a video-recorded interview goes only to an ABE-trained officer; training is recorded per user', async () => {
    const o = await recordedCrime('acquaintance');
    await expect(assignVideoInterview(t.deps, cidDs, o.reference, { officerId: invDc.id, witness: 'The victim' })).rejects.toMatchObject({ violations: [{ requirement: 'XC-02' }] });
    await assignVideoInterview(t.deps, cidDs, o.reference, { officerId: cidDc.id, witness: 'The victim' });
    await recordTraining(t.deps, admin, invDc.id, { abeTrainedOn: '2026-12-01', elearningCompletedOn: '' });
    await assignVideoInterview(t.deps, cidDs, o.reference, { officerId: invDc.id, witness: 'A witness' });
    await expect(recordTraining(t.deps, handler, invDc.id, { abeTrainedOn: '2026-12-01' })).rejects.toMatchObject({ status: 403 });
  });

  it('SV-01: lines of enquiry can be added and closed; not pursued needs a reason', async () => {
    const o = await recordedCrime('acquaintance');
    await triageOccurrence(t.deps, cidDs, o.reference, { ...triageFacts, relationship: 'acquaintance' });
    await updateInvestigationPlan(t.deps, cidDs, o.reference, { line: 'House-to-house on the victim’s street', status: 'open' });
    const item = (await listPlanItems(t.deps.store.db, o.id))[0]!;
    await expect(updateInvestigationPlan(t.deps, cidDs, o.reference, { itemId: item.id, status: 'not_pursued' })).rejects.toMatchObject({ issues: [{ field: 'note' }] });
    await updateInvestigationPlan(t.deps, cidDs, o.reference, { itemId: item.id, status: 'done' });
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });
});

describe('team worklists', () => {
  it('a supervisor sees the team’s open tasks, filtered by unit, overdue first; others may not', async () => {
    const t = await createTestApp('sqlite', '2026-03-02T14:00:00.000Z');
    const { teamWorklist } = await import('../../src/app/tasks/worklist');
    const handler = await t.user('call_handler');
    const sergeant = await t.user('supervisory_officer', { rank: 'PS' });
    const officer = await t.user('attending_officer', { unitType: 'PATROL' });
    const { assignAttendingOfficer } = await import('../../src/app/intake/attendance');
    const o = await recordOccurrence(t.deps, handler, { receivedAt: '2026-03-02T13:00:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'x' });
    await assignAttendingOfficer(t.deps, handler, o.reference, { officerId: officer.id });
    t.clock.set('2026-03-10T00:00:00.000Z');
    const all = await teamWorklist(t.deps, sergeant, {});
    expect(all.tasks.map((x) => x.action)).toEqual(expect.arrayContaining(['attend', 'recording_decision']));
    expect(all.overdue).toBe(all.tasks.length);
    const patrol = await teamWorklist(t.deps, sergeant, { unitType: 'PATROL' });
    expect(patrol.tasks.map((x) => x.action)).toEqual(['attend']);
    await expect(teamWorklist(t.deps, handler, {})).rejects.toMatchObject({ status: 403 });
    await expect(teamWorklist(t.deps, sergeant, { unitType: 'SPACE_FORCE' })).rejects.toMatchObject({ status: 400 });
    await t.dispose();
  });
});
