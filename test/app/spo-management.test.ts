import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { allocateOffenderManager, applyForStalkingProtectionOrder, considerStalkingProtectionOrder, decideSpoAuthority, decideSpoReferral, recordCourtOutcome, recordSubjectVisit, referStalkingProtectionOrder } from '../../src/app/spo/lifecycle';
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
} from '../../src/app/spo/management';
import { findSpoCase, spoManagementPacks, spoReviews } from '../../src/store/repositories/spo';
import { activeFlagsOf } from '../../src/store/repositories/flags';
import { verifyChain } from '../../src/store/repositories/log';
import { mayDischarge, nextSpoReview } from '../../src/policy/spo-management';
import type { UserRecord } from '../../src/store/repositories/users';

describe('SP-10, SP-13: review frequency and the 2-year discharge rule', () => {
  it('SP-10: monthly for high risk, quarterly otherwise, none after expiry', () => {
    expect(nextSpoReview('2026-05-01', 'high', '2028-05-01').due).toBe('2026-06-01');
    expect(nextSpoReview('2026-05-01', 'medium', '2028-05-01').due).toBe('2026-08-01');
    expect(nextSpoReview('2028-03-01', 'standard', '2028-05-01').due).toBeNull();
    expect(nextSpoReview('2028-03-01', 'standard', null).due).toBe('2028-06-01');
  });
  it('SP-13: no discharge within 2 years without both consents; after 2 years it may be', () => {
    expect(mayDischarge({ grantedOn: '2026-04-20', decidedOn: '2028-04-19', defendantConsents: true, chiefOfficerConsents: false })).toMatchObject({ allowed: false });
    expect(mayDischarge({ grantedOn: '2026-04-20', decidedOn: '2028-04-19', defendantConsents: true, chiefOfficerConsents: false }).explanation).toContain('Stalking Protection Act 2019');
    expect(mayDischarge({ grantedOn: '2026-04-20', decidedOn: '2028-04-19', defendantConsents: true, chiefOfficerConsents: true }).allowed).toBe(true);
    expect(mayDischarge({ grantedOn: '2026-04-20', decidedOn: '2028-04-20', defendantConsents: false, chiefOfficerConsents: false }).allowed).toBe(true);
  });
});

describe.each(testDialects())('Managing a Stalking Protection Order on %s', (dialect) => {
  let t: TestApp;
  let oic: UserRecord, scu: UserRecord, omSup: UserRecord, om: UserRecord, legal: UserRecord, dsupt: UserRecord;
  let reference: string;
  let suspectId: string;
  let spoId: string;
  const open = async (action: string) => t.deps.store.db.selectFrom('tasks').selectAll().where('action', '=', action).where('status', '=', 'open').execute();
  const fiveReviewPoints = { riskFactors: 'Down: no contact since the order', positiveChanges: 'New job', compliance: 'Complied with all terms', observations: 'Engaging well', recommendedChanges: 'None' };

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-04-01T10:00:00.000Z');
    const handler = await t.user('call_handler');
    oic = await t.user('investigating_officer', { rank: 'DC', unitType: 'DA_TEAM' });
    scu = await t.user('scu_officer', { district: null });
    const supt = await t.user('authorising_superintendent', { rank: 'SUPT' });
    omSup = await t.user('offender_manager_supervisor', { rank: 'DS' });
    om = await t.user('da_offender_manager', { rank: 'DC' });
    legal = await t.user('legal_services', { district: null });
    dsupt = await t.user('detective_superintendent_safeguarding', { rank: 'SUPT', district: null });
    const o = await recordOccurrence(t.deps, handler, { receivedAt: '2026-04-01T09:00:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'Ex keeps turning up' });
    reference = o.reference;
    suspectId = (await addParty(t.deps, handler, reference, { role: 'suspect', surname: 'Rowe', forenames: 'Kyle' })).personId;
    spoId = (await considerStalkingProtectionOrder(t.deps, oic, reference, { respondentPersonId: suspectId, actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true })).id;
    await referStalkingProtectionOrder(t.deps, oic, reference, { spoId, personsToBeProtected: 'Amy Hale', actsAssociatedWithStalking: 'Following', risk: 'Escalating', whyNecessary: 'Breached bail', proposedTerms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }] });
    await decideSpoReferral(t.deps, scu, reference, { spoId, decision: 'approve', reason: 'Met' });
    await applyForStalkingProtectionOrder(t.deps, oic, reference, { spoId, overarchingStatement: 'SPO1' });
    await decideSpoAuthority(t.deps, supt, reference, { spoId, necessary: true, proportionate: true, justified: true, humanRightsOfVictimConsidered: true, humanRightsOfRespondentConsidered: true, rationale: 'Necessary and proportionate' });
    await recordCourtOutcome(t.deps, oic, reference, { spoId, hearingDate: '2026-04-20', outcome: 'full', terms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }, { kind: 'requirement', text: 'Attend a perpetrator programme' }], expiresOn: '2028-04-20' });
    t.clock.set('2026-04-22T10:00:00.000Z');
    await allocateOffenderManager(t.deps, omSup, reference, { spoId, offenderManagerId: om.id });
  });
  afterAll(async () => t.dispose());

  it('SP-07: the subject management pack gets a new version on each change of name, address or requirements, and keeps every version', async () => {
    const pack = { spoId, names: ['Kyle Rowe'], homeAddress: '1 Mill Lane, Leeds', requirements: ['Notify name and home address within 3 days of any change, in person'] };
    expect(await recordManagementPack(t.deps, om, reference, pack)).toEqual({ version: 1, changed: ['first issue'] });
    await expect(recordManagementPack(t.deps, om, reference, pack)).rejects.toMatchObject({ issues: [{ field: 'names' }] });
    expect(await recordManagementPack(t.deps, om, reference, { ...pack, homeAddress: '9 Dock St, Leeds' })).toEqual({ version: 2, changed: ['address'] });
    expect(await recordManagementPack(t.deps, om, reference, { ...pack, homeAddress: '9 Dock St, Leeds', names: ['Kyle Rowe', 'Kyle Smith'] })).toEqual({ version: 3, changed: ['name'] });
    const packs = await spoManagementPacks(t.deps.store.db, spoId);
    expect(packs.map((p) => p.homeAddress)).toEqual(['1 Mill Lane, Leeds', '9 Dock St, Leeds', '9 Dock St, Leeds']);
    await expect(recordManagementPack(t.deps, oic, reference, { ...pack, homeAddress: 'x' })).rejects.toMatchObject({ status: 403 });
  });

  it('SP-07, SP-08: the management plan follows the order’s terms; after each visit the next one is a task at the plan’s frequency', async () => {
    await expect(setManagementPlan(t.deps, om, reference, { spoId, visitFrequencyWeeks: 0 })).rejects.toMatchObject({ issues: [{ field: 'visitFrequencyWeeks' }] });
    const plan = await setManagementPlan(t.deps, om, reference, { spoId, visitFrequencyWeeks: 4, intelligence: 'Drives a blue Corsa' });
    expect(plan.items.map((i) => i.term.text)).toEqual(['Not to contact Amy Hale', 'Attend a perpetrator programme']);
    expect(await open('spo_visit')).toHaveLength(0); // the initial visit comes first
    expect((await open('spo_supervisor_review'))[0]?.due_at).toBe('2026-07-22T17:00:00.000Z');
    expect((await recordSubjectVisit(t.deps, om, reference, { spoId, visitedOn: '2026-04-24', note: 'Initial visit' })).nextVisitDue).toBe('2026-05-22');
    await recordSubjectVisit(t.deps, om, reference, { spoId, visitedOn: '2026-05-20', note: 'Seen at home' });
    const visits = await open('spo_visit');
    expect(visits.map((v) => v.due_at)).toEqual(['2026-06-17T17:00:00.000Z']);
    expect(visits[0]?.assignee_user_id).toBe(om.id);
  });

  it('SP-10: the supervisor records the five review points; the next review is monthly for high risk, quarterly otherwise', async () => {
    t.clock.set('2026-07-20T10:00:00.000Z');
    await expect(recordSupervisorReview(t.deps, om, reference, { spoId, riskLevel: 'high', ...fiveReviewPoints })).rejects.toMatchObject({ status: 403 });
    await expect(recordSupervisorReview(t.deps, omSup, reference, { spoId, riskLevel: 'high', ...fiveReviewPoints, compliance: '' })).rejects.toMatchObject({ issues: [{ field: 'compliance' }] });
    expect((await recordSupervisorReview(t.deps, omSup, reference, { spoId, riskLevel: 'high', ...fiveReviewPoints })).nextReviewDue).toBe('2026-08-20');
    t.clock.set('2026-08-19T10:00:00.000Z');
    expect((await recordSupervisorReview(t.deps, omSup, reference, { spoId, riskLevel: 'standard', ...fiveReviewPoints })).nextReviewDue).toBe('2026-11-19');
    expect((await open('spo_supervisor_review')).map((r) => r.due_at)).toEqual(['2026-11-19T17:00:00.000Z']);
    expect((await spoReviews(t.deps.store.db, spoId)).map((r) => [r.riskLevel, r.points.positiveChanges])).toEqual([['high', 'New job'], ['standard', 'New job']]);
  });

  it('SP-14: a variation replaces the terms and keeps the history of terms', async () => {
    await varyOrder(t.deps, oic, reference, { spoId, variedOn: '2026-09-01', terms: [{ kind: 'prohibition', text: 'Not to enter Dock Street' }], reason: 'Victim moved' });
    const spo = await findSpoCase(t.deps.store.db, spoId);
    expect(spo?.terms).toEqual([{ kind: 'prohibition', text: 'Not to enter Dock Street' }]);
    expect(spo?.termHistory[0]).toMatchObject({ until: '2026-09-01', terms: [{ text: 'Not to contact Amy Hale' }, { text: 'Attend a perpetrator programme' }] });
    await expect(varyOrder(t.deps, om, reference, { spoId, variedOn: '2026-09-01', terms: [{ kind: 'prohibition', text: 'x' }], reason: 'x' })).rejects.toMatchObject({ status: 403 });
  });

  it('SP-09: a renewal request after the 3-month point needs a recorded operational reason', async () => {
    t.clock.set('2028-02-01T10:00:00.000Z');
    const before = await findSpoCase(t.deps.store.db, spoId);
    const request = { spoId, newActs: 'Two sightings near her work', risk: 'Medium', continuedNecessity: 'Still fixated' };
    await expect(requestRenewal(t.deps, om, reference, request)).rejects.toMatchObject({ issues: [{ field: 'operationalReason', message: expect.stringContaining('2028-01-20') }] });
    expect(await findSpoCase(t.deps.store.db, spoId)).toEqual(before);
    expect(await requestRenewal(t.deps, om, reference, { ...request, operationalReason: 'New intelligence arrived late' })).toEqual({ late: true, dueBy: '2028-01-20' });
    expect(await open('renewal_request')).toHaveLength(0);
    expect(await open('spo_renewal_decision')).toHaveLength(1);
  });

  it('SP-09: the court renews the order to a new expiry; the next renewal falls due 3 months before it', async () => {
    const current = (await findSpoCase(t.deps.store.db, spoId))!.expiresOn!;
    await expect(recordRenewalGranted(t.deps, oic, reference, { spoId, renewedOn: '2028-03-01', newExpiry: current })).rejects.toMatchObject({ issues: [{ field: 'newExpiry' }] });
    await expect(recordRenewalGranted(t.deps, om, reference, { spoId, renewedOn: '2028-03-01', newExpiry: '2030-04-20' })).rejects.toMatchObject({ status: 403 });
    await recordRenewalGranted(t.deps, oic, reference, { spoId, renewedOn: '2028-03-01', newExpiry: '2030-04-20' });
    expect((await findSpoCase(t.deps.store.db, spoId))?.expiresOn).toBe('2030-04-20');
    expect(await open('spo_renewal_decision')).toHaveLength(0);
    expect((await open('renewal_request')).map((r) => r.due_at)).toEqual(['2030-01-20T17:00:00.000Z']);
  });

  it('SP-11, SP-12: moving out tasks notifying the new force; moving in allocates an offender manager in 7 days and a visit in 14', async () => {
    await recordSubjectMove(t.deps, om, reference, { spoId, direction: 'out', movedOn: '2028-02-01', otherForce: 'North Yorkshire Police' });
    const notify = await open('notify_new_force');
    expect(notify[0]).toMatchObject({ due_at: '2028-02-02T17:00:00.000Z', requirement: 'SP-11' });
    expect(notify[0]?.title).toMatch(/statement of service.*Subject Management Plan.*risk information/);
    expect((await findSpoCase(t.deps.store.db, spoId))?.status).toBe('transferred_out');
    await expect(recordSubjectVisit(t.deps, om, reference, { spoId, visitedOn: '2028-02-01', note: 'x' })).rejects.toMatchObject({ code: 'policy_violation' });
    await expect(recordSubjectMove(t.deps, om, reference, { spoId, direction: 'out', movedOn: '2028-02-01', otherForce: 'x' })).rejects.toMatchObject({ code: 'policy_violation' });
    t.clock.set('2028-02-10T10:00:00.000Z');
    await recordSubjectMove(t.deps, om, reference, { spoId, direction: 'in', movedOn: '2028-02-10', otherForce: 'North Yorkshire Police' });
    const spo = await findSpoCase(t.deps.store.db, spoId);
    expect(spo).toMatchObject({ status: 'full', offenderManagerId: null });
    expect((await open('spo_allocate_offender_manager')).map((x) => x.due_at)).toEqual(['2028-02-17T17:00:00.000Z']);
    expect((await open('initial_visit')).map((x) => x.due_at)).toEqual(['2028-02-24T17:00:00.000Z']);
  });

  it('SP-13: discharge goes Legal Services -> SCU report -> legal advice -> Detective Superintendent; within 2 years it needs both consents', async () => {
    await expect(decideDischarge(t.deps, dsupt, reference, { spoId, decision: 'discharge', rationale: 'x' })).rejects.toMatchObject({ code: 'policy_violation' });
    await expect(receiveDischargeApplication(t.deps, oic, reference, { spoId, receivedOn: '2028-02-10', applicant: 'defendant', grounds: 'x' })).rejects.toMatchObject({ code: 'policy_violation' });
    await receiveDischargeApplication(t.deps, legal, reference, { spoId, receivedOn: '2028-02-10', applicant: 'defendant', grounds: 'No contact for a year' });
    await expect(reportOnDischarge(t.deps, scu, reference, { spoId, reasonsCited: 'x', grantHistory: 'x', intelligence: 'x', riskFactors: 'x', recommendation: 'discharge' })).rejects.toMatchObject({ issues: [{ field: 'offenderManagerConsulted' }] });
    await reportOnDischarge(t.deps, scu, reference, { spoId, reasonsCited: 'No contact', grantHistory: 'Full order 2026-04-20', intelligence: 'None', riskFactors: 'Reduced', recommendation: 'discharge', offenderManagerConsulted: true });
    await adviseOnDischarge(t.deps, legal, reference, { spoId, advice: 'Within 2 years: consent needed' });
    await expect(decideDischarge(t.deps, omSup, reference, { spoId, decision: 'discharge', rationale: 'x' })).rejects.toMatchObject({ status: 403 });
    const before = await findSpoCase(t.deps.store.db, spoId);
    await expect(decideDischarge(t.deps, dsupt, reference, { spoId, decision: 'discharge', rationale: 'Risk reduced', defendantConsents: true })).rejects.toMatchObject({ code: 'policy_violation', violations: [{ requirement: 'SP-13', message: expect.stringContaining('Stalking Protection Act 2019') }] });
    expect(await findSpoCase(t.deps.store.db, spoId)).toEqual(before);
    expect(await decideDischarge(t.deps, dsupt, reference, { spoId, decision: 'discharge', rationale: 'Risk reduced', defendantConsents: true, chiefOfficerConsents: true })).toMatchObject({ discharged: true });
    expect((await findSpoCase(t.deps.store.db, spoId))?.status).toBe('discharged');
    expect(await activeFlagsOf(t.deps.store.db, [suspectId])).toHaveLength(0);
    expect(await open('spo_discharge_decision')).toHaveLength(0);
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });
});

describe.each(testDialects())('SP-12: an order made by another force, on %s', (dialect) => {
  it('SP-12: registering the order of a subject who moved in allocates an OM within 7 days and an initial visit within 14, with the flag and renewal', async () => {
    const t = await createTestApp(dialect, '2026-05-10T10:00:00.000Z');
    const handler = await t.user('call_handler');
    const om = await t.user('da_offender_manager', { rank: 'DC' });
    const analyst = await t.user('diu_analyst');
    const o = await recordOccurrence(t.deps, handler, { receivedAt: '2026-05-10T09:00:00Z', channel: 'third_party', callGrade: 'scheduled', district: 'leeds', location: 'Leeds', firstAccount: 'Court order - SPO transferred from another force' });
    const { personId } = await addParty(t.deps, handler, o.reference, { role: 'suspect', surname: 'Vance', forenames: 'Rob' });
    const input = { respondentPersonId: personId, otherForce: 'Greater Manchester Police', orderType: 'full', grantedOn: '2025-11-01', expiresOn: '2027-11-01', terms: [{ kind: 'prohibition', text: 'Not to contact Jo Bright' }], movedOn: '2026-05-08' };
    await expect(registerIncomingOrder(t.deps, analyst, o.reference, input)).rejects.toMatchObject({ status: 403 });
    await expect(registerIncomingOrder(t.deps, om, o.reference, { ...input, movedOn: '2026-06-01' })).rejects.toMatchObject({ issues: [{ field: 'movedOn' }] });
    await registerIncomingOrder(t.deps, om, o.reference, input);
    const due = async (action: string) => (await t.deps.store.db.selectFrom('tasks').select('due_at').where('occurrence_id', '=', o.id).where('action', '=', action).execute()).map((r) => r.due_at.slice(0, 10));
    expect(await due('spo_allocate_offender_manager')).toEqual(['2026-05-15']);
    expect(await due('initial_visit')).toEqual(['2026-05-22']);
    expect(await due('renewal_request')).toEqual(['2027-08-01']);
    expect((await activeFlagsOf(t.deps.store.db, [personId])).length).toBe(1);
    await t.dispose();
  });
});
