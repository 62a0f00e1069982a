import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { classifyOccurrence } from '../../src/app/intake/classification';
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
} from '../../src/app/spo/lifecycle';
import { recordSuspectAction } from '../../src/app/investigation/suspect';
import { recordVictimContact } from '../../src/app/investigation/victim-care';
import { completeTask, worklist } from '../../src/app/tasks/worklist';
import { setManagementPlan, recordSupervisorReview } from '../../src/app/spo/management';
import { verifyChain } from '../../src/store/repositories/log';
import type { UserRecord } from '../../src/store/repositories/users';

/**
 * Every SPO step owed is a derived obligation: it opens when its fact appears, for the person or
 * team the policy names, and closes when the work is recorded. No use case writes or closes these
 * tasks by hand.
 */
describe.each(testDialects())('Stalking Protection Order obligations on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, officer: UserRecord, oic: UserRecord, scu: UserRecord, supt: UserRecord, omSup: UserRecord, om: UserRecord, inspector: UserRecord;
  let reference: string;
  let occurrenceId: string;
  let spoId: string;
  const tasksOf = async (occurrence: string, action: string) =>
    t.deps.store.db.selectFrom('tasks').selectAll().where('occurrence_id', '=', occurrence).where('action', '=', action).orderBy('created_at').execute();
  const open = async (action: string, occurrence = occurrenceId) => (await tasksOf(occurrence, action)).filter((x) => x.status === 'open');

  beforeAll(async () => {
    // Wednesday 1 April 2026, 11:00 in London: in hours.
    t = await createTestApp(dialect, '2026-04-01T10:00:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer');
    oic = await t.user('investigating_officer', { rank: 'DC', unitType: 'DA_TEAM' });
    scu = await t.user('scu_officer', { district: null });
    supt = await t.user('authorising_superintendent', { rank: 'SUPT' });
    // The demo's DA Offender Management unit is in Kirklees; the order is on a Leeds case.
    omSup = await t.user('offender_manager_supervisor', { rank: 'DS', district: 'kirklees' });
    om = await t.user('da_offender_manager', { rank: 'DC', district: 'kirklees' });
    inspector = await t.user('duty_inspector', { rank: 'INSP', district: 'wakefield' });
    const o = await recordOccurrence(t.deps, handler, { receivedAt: '2026-04-01T09:00:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'Ex keeps turning up' });
    reference = o.reference;
    occurrenceId = o.id;
    await addParty(t.deps, handler, reference, { role: 'victim', surname: 'Hale', forenames: 'Amy' });
    const suspectId = (await addParty(t.deps, handler, reference, { role: 'suspect', surname: 'Rowe', forenames: 'Kyle' })).personId;
    await classifyOccurrence(t.deps, officer, reference, { answers: { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 5, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true }, offence: 's2A' });
    // The case's officer in charge (triage and allocation are tested on their own).
    await t.deps.store.db.updateTable('occurrences').set({ officer_in_charge_id: oic.id }).where('id', '=', occurrenceId).execute();
    spoId = (await considerStalkingProtectionOrder(t.deps, oic, reference, { respondentPersonId: suspectId, actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true })).id;
  });
  afterAll(async () => t.dispose());

  it('SC-04: a referral opens the SCU’s decision for the force-wide SCU, due in 2 days; the SCU’s decision closes it, naming the event', async () => {
    await referStalkingProtectionOrder(t.deps, oic, reference, { spoId, personsToBeProtected: 'Amy Hale', actsAssociatedWithStalking: 'Following', risk: 'Escalating', whyNecessary: 'Bail breached', proposedTerms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }], crossBorder: true });
    const [decision] = await open('spo_scu_decision');
    expect(decision).toMatchObject({ requirement: 'SC-04', assignee_role: 'scu_officer', assignee_user_id: null, district: null, by_hand: 'never' });
    expect(new Date(decision!.due_at).toISOString()).toBe('2026-04-03T10:00:00.000Z');
    expect((await worklist(t.deps, scu)).tasks.map((x) => x.action)).toContain('spo_scu_decision');
    // SP-06: a cross-border referral: the officer in charge consults Legal Services and the victim's force.
    expect(await open('spo_cross_border_consultation')).toMatchObject([{ requirement: 'SP-06', assignee_user_id: oic.id, by_hand: 'done' }]);
    await decideSpoReferral(t.deps, scu, reference, { spoId, decision: 'approve', reason: 'Conditions met' });
    expect(await open('spo_scu_decision')).toEqual([]);
    expect((await tasksOf(occurrenceId, 'spo_scu_decision'))[0]).toMatchObject({ status: 'done', closure: 'fulfilled', outcome_note: 'Fulfilled: spo referral approved' });
  });

  it('SP-03: after the SCU’s approval the officer in charge owes the application (SPO1); sending it closes that and opens the superintendent’s authority and the risk reassessment (BR-03)', async () => {
    const [apply] = await open('spo_apply');
    expect(apply).toMatchObject({ requirement: 'SP-03', assignee_user_id: oic.id, by_hand: 'not_applicable' });
    expect((await worklist(t.deps, oic)).tasks.map((x) => x.action)).toContain('spo_apply');
    t.clock.set('2026-04-02T10:00:00.000Z');
    await applyForStalkingProtectionOrder(t.deps, oic, reference, { spoId, overarchingStatement: 'SPO1 statement' });
    expect(await open('spo_apply')).toEqual([]);
    const [authority] = await open('spo_authority');
    expect(authority).toMatchObject({ requirement: 'SP-04', assignee_role: 'authorising_superintendent', district: 'leeds', by_hand: 'never' });
    expect(new Date(authority!.due_at).toISOString()).toBe('2026-04-04T10:00:00.000Z');
    const [risk] = await open('risk_reassessment');
    expect(risk).toMatchObject({ requirement: 'BR-03', assignee_user_id: oic.id });
    expect(new Date(risk!.due_at).toISOString()).toBe('2026-04-03T10:00:00.000Z');
    expect((await worklist(t.deps, supt)).tasks.map((x) => x.action)).toContain('spo_authority');
  });

  it('SP-04: the authority decision closes the superintendent’s task; a risk reassessment marked done stays closed', async () => {
    await decideSpoAuthority(t.deps, supt, reference, { spoId, necessary: true, proportionate: true, justified: true, humanRightsOfVictimConsidered: true, humanRightsOfRespondentConsidered: true, rationale: 'Necessary and proportionate' });
    expect(await open('spo_authority')).toEqual([]);
    expect((await tasksOf(occurrenceId, 'spo_authority'))[0]).toMatchObject({ status: 'done', closure: 'fulfilled' });
    const [risk] = await open('risk_reassessment');
    await completeTask(t.deps, oic, risk!.id, { note: 'Risk reviewed with the victim: still high' });
    expect(await open('risk_reassessment')).toEqual([]);
  });

  it('SP-05, SP-07: after the court’s order the OM supervisor (of another district) sees the allocation on their worklist; the officer in charge owes the national record and telling the victim', async () => {
    t.clock.set('2026-04-20T10:00:00.000Z');
    await recordCourtOutcome(t.deps, oic, reference, { spoId, hearingDate: '2026-04-20', outcome: 'interim', terms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }], crossBorder: true });
    expect(await open('spo_cross_border_consultation')).toEqual([]);
    const [allocate] = await open('spo_allocate_offender_manager');
    expect(allocate).toMatchObject({ requirement: 'SP-07', assignee_role: 'offender_manager_supervisor', district: null, by_hand: 'never' });
    const mine = await worklist(t.deps, omSup);
    expect(mine.tasks.find((x) => x.action === 'spo_allocate_offender_manager')).toMatchObject({ reference, overdue: false });
    expect(await open('spo_update_national_record')).toMatchObject([{ requirement: 'SP-05', assignee_user_id: oic.id, by_hand: 'done' }]);
    expect(await open('spo_pass_to_victims_force')).toMatchObject([{ requirement: 'SP-06', assignee_user_id: oic.id }]);
    const [tell] = await open('spo_inform_victim');
    expect(tell).toMatchObject({ requirement: 'SP-05', assignee_user_id: oic.id, by_hand: 'never' });
    // Monday 20 April: one working day under the enhanced service.
    expect(new Date(tell!.due_at).toISOString()).toBe('2026-04-21T10:00:00.000Z');
    // The IO-04 obligation is untouched: telling the victim of the order is its own.
    expect(await open('inform_victim')).toEqual([]);
    await recordVictimContact(t.deps, oic, reference, { method: 'phone', outcome: 'contacted', note: 'Told Amy of the interim order and its terms' });
    expect(await open('spo_inform_victim')).toEqual([]);
    const [initial] = await open('initial_visit');
    expect(initial).toMatchObject({ requirement: 'SP-08', assignee_role: 'da_offender_manager', district: null });
    expect(new Date(initial!.due_at).toISOString()).toBe('2026-04-27T17:00:00.000Z');
  });

  it('SP-07, SP-08: allocating the offender manager closes the allocation and moves the initial visit to them; the visit closes it; the plan then sets the next visit and the supervisor’s review', async () => {
    await allocateOffenderManager(t.deps, omSup, reference, { spoId, offenderManagerId: om.id });
    expect(await open('spo_allocate_offender_manager')).toEqual([]);
    expect(await open('initial_visit')).toMatchObject([{ assignee_user_id: om.id, assignee_role: null }]);
    await setManagementPlan(t.deps, om, reference, { spoId, visitFrequencyWeeks: 2 });
    expect(await open('spo_visit')).toEqual([]);
    expect(await open('spo_supervisor_review')).toMatchObject([{ requirement: 'SP-10', assignee_role: 'offender_manager_supervisor', due_at: '2026-07-20T17:00:00.000Z' }]);
    const visit = await recordSubjectVisit(t.deps, om, reference, { spoId, visitedOn: '2026-04-30', note: 'Seen at home' });
    expect(visit).toMatchObject({ kind: 'initial', late: true, nextVisitDue: '2026-05-14' });
    expect(await open('initial_visit')).toEqual([]);
    expect(await open('spo_visit')).toMatchObject([{ requirement: 'SP-08', assignee_user_id: om.id, due_at: '2026-05-14T17:00:00.000Z' }]);
    t.clock.set('2026-05-01T10:00:00.000Z');
    await recordSupervisorReview(t.deps, omSup, reference, { spoId, riskLevel: 'high', riskFactors: 'Up', positiveChanges: 'None', compliance: 'Complied', observations: 'Fixated', recommendedChanges: 'None' });
    expect((await open('spo_supervisor_review')).map((x) => x.due_at)).toEqual(['2026-06-01T17:00:00.000Z']);
  });

  it('BR-02: in hours, a breach’s urgent arrest goes to the officer in charge of the ORDER’s case, due in the force’s window, not overdue when made; an arrest closes it', async () => {
    // Friday 1 May 2026, 11:00 in London.
    const breach = await recordSpoBreach(t.deps, officer, reference, { spoId, receivedAt: '2026-05-01T09:30:00Z', location: 'Her street', account: 'Waited outside', otherOffencesDisclosed: 'Damage to her car' });
    const [arrest] = await open('urgent_arrest', breach.id);
    expect(arrest).toMatchObject({ requirement: 'BR-02', assignee_user_id: oic.id, by_hand: 'not_applicable' });
    expect(new Date(arrest!.due_at).toISOString()).toBe('2026-05-01T14:00:00.000Z');
    expect((await worklist(t.deps, oic)).tasks.find((x) => x.action === 'urgent_arrest')).toMatchObject({ reference: breach.reference, overdue: false });
    // BR-03 and BR-01 belong to the breach's case too.
    expect(await open('risk_reassessment', breach.id)).toMatchObject([{ requirement: 'BR-03', assignee_user_id: oic.id }]);
    expect(await open('record_other_offences', breach.id)).toMatchObject([{ requirement: 'BR-01', assignee_user_id: officer.id, by_hand: 'done' }]);
    expect((await tasksOf(breach.id, 'recording_decision')).map((x) => x.status)).toEqual(['done']);
    t.clock.set('2026-05-01T11:00:00.000Z');
    await recordSuspectAction(t.deps, oic, breach.reference, { action: 'arrest', at: '2026-05-01T10:30:00Z' });
    expect(await open('urgent_arrest', breach.id)).toEqual([]);
    expect((await tasksOf(breach.id, 'urgent_arrest'))[0]).toMatchObject({ closure: 'fulfilled' });
  });

  it('BR-02: out of hours the urgent arrest goes to the duty inspector, force-wide, and reaches a duty inspector of another district', async () => {
    // Friday 1 May 2026, 22:30 in London.
    t.clock.set('2026-05-01T21:30:00.000Z');
    const breach = await recordSpoBreach(t.deps, officer, reference, { spoId, receivedAt: '2026-05-01T21:00:00Z', location: 'Her street', account: 'Knocked on her door' });
    const [arrest] = await open('urgent_arrest', breach.id);
    expect(arrest).toMatchObject({ assignee_role: 'duty_inspector', assignee_user_id: null, district: null });
    expect(new Date(arrest!.due_at).toISOString()).toBe('2026-05-02T01:30:00.000Z');
    expect((await worklist(t.deps, inspector)).tasks.find((x) => x.action === 'urgent_arrest')).toMatchObject({ reference: breach.reference, overdue: false });
    expect(await open('record_other_offences', breach.id)).toEqual([]);
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });
});
