import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession, text } from '../support/server';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { classifyOccurrence } from '../../src/app/intake/classification';
import { courseOfConduct } from '../../src/app/intake/incidents';
import { markWorkforceInvolvement } from '../../src/app/intake/safeguards';
import {
  applyForStalkingProtectionOrder,
  considerStalkingProtectionOrder,
  decideSpoAuthority,
  decideSpoReferral,
  recordCourtOutcome,
  recordSpoBreach,
  referStalkingProtectionOrder,
} from '../../src/app/spo/lifecycle';
import { breachesOfOrders, orderBreachedBy } from '../../src/app/spo/breaches';
import { listParties } from '../../src/store/repositories/intake';
import { findOccurrenceByReference } from '../../src/store/repositories/occurrences';
import { listOccurrenceLog, verifyChain } from '../../src/store/repositories/log';
import type { UserRecord } from '../../src/store/repositories/users';

/** BR-01: a breach of a Stalking Protection Order is a new crime, born whole and linked to its order both ways. */
describe.each(testDialects())('a breach of a Stalking Protection Order on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let handler: UserRecord, officer: UserRecord, oic: UserRecord;
  let reference: string;
  let originalId: string;
  let victimId: string;
  let suspectId: string;
  let spoId: string;
  let breachRef: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-04-01T10:00:00.000Z');
    handler = await t.user('call_handler', { username: 'handler' });
    officer = await t.user('attending_officer', { username: 'officer' });
    oic = await t.user('investigating_officer', { username: 'oic', rank: 'DC', unitType: 'DA_TEAM' });
    const scu = await t.user('scu_officer', { district: null });
    const supt = await t.user('authorising_superintendent', { rank: 'SUPT' });
    const o = await recordOccurrence(t.deps, handler, { receivedAt: '2026-04-01T09:00:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'Her ex keeps turning up' });
    reference = o.reference;
    originalId = o.id;
    victimId = (await addParty(t.deps, handler, reference, { role: 'victim', surname: 'Hale', forenames: 'Amy' })).personId;
    suspectId = (await addParty(t.deps, handler, reference, { role: 'suspect', surname: 'Rowe', forenames: 'Kyle' })).personId;
    await addParty(t.deps, handler, reference, { role: 'witness', surname: 'Moss', forenames: 'Tom' });
    await classifyOccurrence(t.deps, officer, reference, { answers: { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 5, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true }, offence: 's2A', relationship: 'ex_intimate_partner' });
    spoId = (await considerStalkingProtectionOrder(t.deps, oic, reference, { respondentPersonId: suspectId, actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true })).id;
    await referStalkingProtectionOrder(t.deps, oic, reference, { spoId, personsToBeProtected: 'Amy Hale', actsAssociatedWithStalking: 'Following', risk: 'Escalating', whyNecessary: 'Bail breached', proposedTerms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }] });
    await decideSpoReferral(t.deps, scu, reference, { spoId, decision: 'approve', reason: 'Conditions met' });
    await applyForStalkingProtectionOrder(t.deps, oic, reference, { spoId, overarchingStatement: 'SPO1 statement' });
    await decideSpoAuthority(t.deps, supt, reference, { spoId, necessary: true, proportionate: true, justified: true, humanRightsOfVictimConsidered: true, humanRightsOfRespondentConsidered: true, rationale: 'Necessary and proportionate' });
    await recordCourtOutcome(t.deps, oic, reference, { spoId, hearingDate: '2026-04-20', outcome: 'interim', terms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }] });
    t.clock.set('2026-05-01T10:00:00.000Z');
    breachRef = (await recordSpoBreach(t.deps, officer, reference, { spoId, receivedAt: '2026-05-01T09:00:00Z', location: 'Her street', account: 'Waited outside her house' })).reference;
    server = await createTestServer(t);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('BR-01: the breach crime has the order’s subject as suspect and the victim as victim, the same person records (no copies, no witness)', async () => {
    const breach = (await findOccurrenceByReference(t.deps.store.db, breachRef))!;
    const parties = await listParties(t.deps.store.db, breach.id);
    expect(parties.map((p) => [p.role, p.person.id]).sort()).toEqual([['suspect', suspectId], ['victim', victimId]].sort());
    const people = await t.deps.store.db.selectFrom('people').select('id').execute();
    expect(people.length).toBe(3);
  });

  it('BR-01, ID-03, ID-07: it is recorded at once as a breach of a Stalking Protection Order, reviewed as the original crime is', async () => {
    const breach = (await findOccurrenceByReference(t.deps.store.db, breachRef))!;
    expect(breach).toMatchObject({ classification: 'spo_breach', offence: 'spo_breach', principalCrime: 'spo_breach', status: 'recorded', crimeRecordedAt: '2026-05-01T10:00:00.000Z', relationship: 'ex_intimate_partner', reviewer: 'DA_DS', restricted: false });
    const recording = await t.deps.store.db.selectFrom('tasks').selectAll().where('occurrence_id', '=', breach.id).where('action', '=', 'recording_decision').execute();
    expect(recording.map((r) => r.status)).toEqual(['done']);
  });

  it('BR-01: the link runs both ways: the breach names its order and the original crime; the order lists its breaches', async () => {
    const breach = (await findOccurrenceByReference(t.deps.store.db, breachRef))!;
    expect(breach).toMatchObject({ breachOfSpoId: spoId, parentOccurrenceId: originalId });
    expect(await orderBreachedBy(t.deps, oic, breach)).toEqual({ spoId, orderType: 'interim', orderOccurrenceReference: reference });
    const listed = await breachesOfOrders(t.deps, oic, [spoId]);
    expect(listed.get(spoId)?.map((b) => b.reference)).toEqual([breachRef]);
  });

  it('BR-01: both occurrences’ logs say so, naming BR-01, and the log chain holds', async () => {
    const breach = (await findOccurrenceByReference(t.deps.store.db, breachRef))!;
    const own = (await listOccurrenceLog(t.deps.store.db, breach.id)).find((e) => e.action === 'spo.breach_crime_recorded');
    expect(own?.requirements).toContain('BR-01');
    expect(own?.changes.map((c) => c.field)).toEqual(expect.arrayContaining(['breachOf', 'offence', 'status', 'suspect', 'victim']));
    expect(own?.changes.find((c) => c.field === 'breachOf')?.after).toContain(reference);
    expect(own?.changes.find((c) => c.field === 'suspect')?.after).toBe('Kyle Rowe');
    const original = (await listOccurrenceLog(t.deps.store.db, originalId)).find((e) => e.action === 'spo.breach_recorded');
    expect(original?.requirements).toContain('BR-01');
    expect(String(original?.changes[0]?.after)).toContain(breachRef);
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });

  it('ID-05: the breach shows in the course of conduct between the victim and the suspect', async () => {
    const course = await courseOfConduct(t.deps, oic, reference);
    expect(course.linkedOccurrences.map((o) => o.reference).sort()).toEqual([reference, breachRef].sort());
  });

  it('BR-01: the breach’s page names the order with a link to the original occurrence; the order’s page lists the breach with a link', async () => {
    const web = new WebSession(server);
    await web.signIn('oic');
    const page = await web.get(`/occurrences/${breachRef}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`data-testid="breach-of"[^>]*>[^<]*<a class="govuk-link" href="/occurrences/${reference}/spo">${reference}</a>`));
    expect(text(page.body)).toContain('Breach of Stalking Order: a breach of the interim Stalking Protection Order made on occurrence');
    expect(text(page.body)).not.toContain('spo_breach');
    const order = await web.get(`/occurrences/${reference}/spo`);
    expect(order.statusCode).toBe(200);
    expect(order.body).toMatch(new RegExp(`data-testid="spo-breaches"[\\s\\S]*<a class="govuk-link" href="/occurrences/${breachRef}">${breachRef}</a>`));
    const original = await web.get(`/occurrences/${reference}`);
    expect(original.body).not.toContain('data-testid="breach-of"');
  });

  it('ID-08: a breach of an order on a restricted record is restricted too', async () => {
    await markWorkforceInvolvement(t.deps, handler, reference, { reason: 'The suspect is a police officer' });
    t.clock.set('2026-05-02T10:00:00.000Z');
    const second = await recordSpoBreach(t.deps, handler, reference, { spoId, receivedAt: '2026-05-02T09:00:00Z', location: 'Her work', account: 'Sent a letter' });
    expect(second).toMatchObject({ restricted: true, breachOfSpoId: spoId, status: 'recorded' });
    // An officer who may not see restricted records is not shown it on the order's list.
    expect((await breachesOfOrders(t.deps, officer, [spoId])).get(spoId)?.map((b) => b.reference)).toEqual([breachRef]);
  });
});
