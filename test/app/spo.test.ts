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
import { findSpoCase } from '../../src/store/repositories/spo';
import { activeFlagsOf } from '../../src/store/repositories/flags';
import { verifyChain } from '../../src/store/repositories/log';
import type { UserRecord } from '../../src/store/repositories/users';

describe.each(testDialects())('Stalking Protection Orders on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, oic: UserRecord, scu: UserRecord, supt: UserRecord, omSup: UserRecord, om: UserRecord, officer: UserRecord;
  let reference: string;
  let suspectId: string;
  let spoId: string;
  const tasks = async (action: string) => t.deps.store.db.selectFrom('tasks').selectAll().where('action', '=', action).where('status', '=', 'open').execute();

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-04-01T10:00:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer');
    oic = await t.user('investigating_officer', { rank: 'DC', unitType: 'DA_TEAM' });
    scu = await t.user('scu_officer', { district: null });
    supt = await t.user('authorising_superintendent', { rank: 'SUPT' });
    omSup = await t.user('offender_manager_supervisor', { rank: 'DS' });
    om = await t.user('da_offender_manager', { rank: 'DC' });
    const o = await recordOccurrence(t.deps, handler, { receivedAt: '2026-04-01T09:00:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'Ex keeps turning up' });
    reference = o.reference;
    await addParty(t.deps, handler, reference, { role: 'victim', surname: 'Hale', forenames: 'Amy' });
    suspectId = (await addParty(t.deps, handler, reference, { role: 'suspect', surname: 'Rowe', forenames: 'Kyle' })).personId;
    await classifyOccurrence(t.deps, officer, reference, { answers: { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 5, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true }, offence: 's2A' });
  });
  afterAll(async () => t.dispose());

  it('SP-01, SV-04: considered: all three conditions met proposes an application', async () => {
    const r = await considerStalkingProtectionOrder(t.deps, oic, reference, { respondentPersonId: suspectId, actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true });
    expect(r.decision.considerApplication).toBe(true);
    spoId = r.id;
    expect((await findSpoCase(t.deps.store.db, spoId))?.status).toBe('considered');
  });

  it('SP-05: an illegal move (a court outcome before authority) is refused and writes nothing', async () => {
    const before = await findSpoCase(t.deps.store.db, spoId);
    await expect(recordCourtOutcome(t.deps, oic, reference, { spoId, hearingDate: '2026-04-20', outcome: 'interim', terms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }] })).rejects.toMatchObject({ code: 'policy_violation' });
    expect(await findSpoCase(t.deps.store.db, spoId)).toEqual(before);
  });

  it('SP-02, SC-04, SP-03, SP-04, BR-03: referral to the SCU, approval, application, authority', async () => {
    await referStalkingProtectionOrder(t.deps, oic, reference, { spoId, personsToBeProtected: 'Amy Hale', actsAssociatedWithStalking: 'Following, loitering', risk: 'Escalating', whyNecessary: 'Bail conditions breached', proposedTerms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }] });
    expect((await tasks('spo_scu_decision')).length).toBe(1);
    await expect(decideSpoReferral(t.deps, oic, reference, { spoId, decision: 'approve', reason: 'x' })).rejects.toMatchObject({ status: 403 });
    await decideSpoReferral(t.deps, scu, reference, { spoId, decision: 'approve', reason: 'Conditions met' });
    await applyForStalkingProtectionOrder(t.deps, oic, reference, { spoId, overarchingStatement: 'SPO1 statement' });
    expect((await tasks('risk_reassessment')).length).toBe(1);
    // SP-04 "the rationale is recorded" with substance; SP-03 "for superintendent authority": the rank is required. Both refuse the step and write nothing.
    const facts = { spoId, necessary: true, proportionate: true, justified: true, humanRightsOfVictimConsidered: true, humanRightsOfRespondentConsidered: true };
    const awaiting = await findSpoCase(t.deps.store.db, spoId);
    await expect(decideSpoAuthority(t.deps, supt, reference, { ...facts, rationale: 'x' })).rejects.toMatchObject({ issues: [{ field: 'rationale' }] });
    const inspector = await t.user('authorising_superintendent', { rank: 'INSP' });
    await expect(decideSpoAuthority(t.deps, inspector, reference, { ...facts, rationale: 'Necessary and proportionate to protect Amy Hale' })).rejects.toMatchObject({ code: 'policy_violation' });
    expect(await findSpoCase(t.deps.store.db, spoId)).toEqual(awaiting);
    const refused = await decideSpoAuthority(t.deps, supt, reference, { spoId, necessary: true, proportionate: true, justified: true, humanRightsOfVictimConsidered: true, humanRightsOfRespondentConsidered: true, rationale: 'Necessary and proportionate to protect Amy Hale' });
    expect(refused.authorised).toBe(true);
    expect((await findSpoCase(t.deps.store.db, spoId))?.status).toBe('authorised');
  });

  it('SP-05, SP-07, SP-08, SP-09: an interim then a full order: flag on the subject, national record, victim and OM tasks, initial visit in 7 days, renewal 3 months before expiry', async () => {
    await recordCourtOutcome(t.deps, oic, reference, { spoId, hearingDate: '2026-04-20', outcome: 'interim', terms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }] });
    expect((await activeFlagsOf(t.deps.store.db, [suspectId])).length).toBe(1);
    expect((await tasks('initial_visit'))[0]?.due_at).toBe('2026-04-27T17:00:00.000Z');
    await expect(recordCourtOutcome(t.deps, oic, reference, { spoId, hearingDate: '2026-06-01', outcome: 'full', terms: [{ kind: 'prohibition', text: 'x' }], expiresOn: '2027-06-01' })).rejects.toMatchObject({ issues: [{ field: 'expiresOn' }] });
    await recordCourtOutcome(t.deps, oic, reference, { spoId, hearingDate: '2026-06-01', outcome: 'full', terms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }, { kind: 'requirement', text: 'Attend a perpetrator programme' }], expiresOn: '2028-06-01' });
    const spo = await findSpoCase(t.deps.store.db, spoId);
    expect(spo).toMatchObject({ status: 'full', expiresOn: '2028-06-01' });
    expect((await tasks('renewal_request'))[0]?.due_at).toBe('2028-03-01T17:00:00.000Z');
    for (const a of ['spo_update_national_record', 'spo_allocate_offender_manager']) expect((await tasks(a)).length).toBeGreaterThan(0);
  });

  it('SP-07, SP-08: an offender manager is allocated and records the initial visit', async () => {
    await allocateOffenderManager(t.deps, omSup, reference, { spoId, offenderManagerId: om.id });
    const visit = await recordSubjectVisit(t.deps, om, reference, { spoId, visitedOn: '2026-04-24', note: 'Subject seen at home; terms explained' });
    expect(visit.kind).toBe('initial');
    expect((await tasks('initial_visit')).length).toBe(0);
  });

  it('BR-01, BR-02, BR-03: each breach is a new crime linked to the order, with urgent arrest and risk reassessment', async () => {
    t.clock.set('2026-07-01T10:00:00.000Z');
    const first = await recordSpoBreach(t.deps, officer, reference, { spoId, receivedAt: '2026-07-01T09:00:00Z', location: 'Victim’s street', account: 'Seen outside her house' });
    const second = await recordSpoBreach(t.deps, officer, reference, { spoId, receivedAt: '2026-07-01T09:30:00Z', location: 'Victim’s work', account: 'Sent a letter', otherOffencesDisclosed: 'Criminal damage to her car' });
    expect(first.reference).not.toBe(second.reference);
    const rows = await t.deps.store.db.selectFrom('occurrences').select(['reference', 'breach_of_spo_id', 'parent_occurrence_id', 'principal_crime']).where('breach_of_spo_id', '=', spoId).execute();
    expect(rows.length).toBe(2);
    expect(rows.every((r) => r.principal_crime === 'spo_breach')).toBe(true);
    expect((await tasks('urgent_arrest')).length).toBe(2);
    expect((await tasks('record_other_offences')).length).toBe(1);
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });
});
