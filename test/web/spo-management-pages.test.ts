import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession, text } from '../support/server';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { allocateOffenderManager, applyForStalkingProtectionOrder, considerStalkingProtectionOrder, decideSpoAuthority, decideSpoReferral, recordCourtOutcome, referStalkingProtectionOrder } from '../../src/app/spo/lifecycle';
import { findSpoCase, spoManagementPacks } from '../../src/store/repositories/spo';
import { listFromText } from '../../src/web/routes/spo';

describe.each(testDialects())('the SPO management pages on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let reference: string;
  let spoId: string;
  const page = () => `/occurrences/${reference}/spo`;
  const as = async (username: string) => {
    const s = new WebSession(server);
    await s.signIn(username);
    await s.get(page());
    return s;
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-04-01T10:00:00.000Z');
    server = await createTestServer(t);
    const handler = await t.user('call_handler');
    const oic = await t.user('investigating_officer', { username: 'oic', unitType: 'DA_TEAM' });
    const scu = await t.user('scu_officer', { username: 'scu', district: null });
    const supt = await t.user('authorising_superintendent', { rank: 'SUPT' });
    const omSup = await t.user('offender_manager_supervisor', { username: 'omsup', rank: 'DS' });
    const om = await t.user('da_offender_manager', { username: 'om', rank: 'DC' });
    await t.user('legal_services', { username: 'legal', district: null });
    await t.user('detective_superintendent_safeguarding', { username: 'dsupt', rank: 'SUPT', district: null });
    const o = await recordOccurrence(t.deps, handler, { receivedAt: '2026-04-01T09:00:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'x' });
    reference = o.reference;
    const suspectId = (await addParty(t.deps, handler, reference, { role: 'suspect', surname: 'Rowe', forenames: 'Kyle' })).personId;
    spoId = (await considerStalkingProtectionOrder(t.deps, oic, reference, { respondentPersonId: suspectId, actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true })).id;
    await referStalkingProtectionOrder(t.deps, oic, reference, { spoId, personsToBeProtected: 'Amy Hale', actsAssociatedWithStalking: 'Following', risk: 'High', whyNecessary: 'Escalating', proposedTerms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }] });
    await decideSpoReferral(t.deps, scu, reference, { spoId, decision: 'approve', reason: 'Met' });
    await applyForStalkingProtectionOrder(t.deps, oic, reference, { spoId, overarchingStatement: 'SPO1' });
    await decideSpoAuthority(t.deps, supt, reference, { spoId, necessary: true, proportionate: true, justified: true, humanRightsOfVictimConsidered: true, humanRightsOfRespondentConsidered: true, rationale: 'Necessary and proportionate' });
    await recordCourtOutcome(t.deps, oic, reference, { spoId, hearingDate: '2026-04-20', outcome: 'full', terms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }], expiresOn: '2028-04-20' });
    t.clock.set('2026-04-22T10:00:00.000Z');
    await allocateOffenderManager(t.deps, omSup, reference, { spoId, offenderManagerId: om.id });
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('reads one entry per line', () => {
    expect(listFromText(' Kyle Rowe \r\n\nKyle Smith')).toEqual(['Kyle Rowe', 'Kyle Smith']);
  });

  it('SP-07, SP-08: the offender manager issues and re-issues the pack and sets the plan; bad input shows the error summary and writes nothing', async () => {
    const om = await as('om');
    const bad = await om.post(`${page()}/pack`, { spoId, names: '', homeAddress: '1 Mill Lane', requirements: 'Notify changes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(text(bad.body)).toContain('Enter the name(s) the subject uses');
    expect(await spoManagementPacks(t.deps.store.db, spoId)).toHaveLength(0);
    expect((await om.post(`${page()}/pack`, { spoId, names: 'Kyle Rowe', homeAddress: '1 Mill Lane', requirements: 'Notify changes' })).statusCode).toBe(303);
    expect((await om.post(`${page()}/pack`, { spoId, names: 'Kyle Rowe', homeAddress: '9 Dock St', requirements: 'Notify changes' })).statusCode).toBe(303);
    expect((await om.post(`${page()}/plan`, { spoId, visitFrequencyWeeks: 'often' })).statusCode).toBe(400);
    expect((await om.post(`${page()}/plan`, { spoId, visitFrequencyWeeks: '4', intelligence: 'Blue Corsa' })).statusCode).toBe(303);
    const shown = text((await om.get(page())).body);
    expect(shown).toContain('Subject management pack, version 2');
    expect(shown).toContain('Home address: 9 Dock St');
    expect(shown).toContain('Visits every 4 weeks');
    expect(shown).not.toContain('Record review');
    expect((await om.get(page())).body).toContain(`/spo/documents?spoId=${spoId}&amp;document=transfer`);
  });

  it('SP-10: only the supervisor sees and uses the review form', async () => {
    const om = await as('om');
    expect((await om.post(`${page()}/review`, { spoId, riskLevel: 'high' })).statusCode).toBe(403);
    const sup = await as('omsup');
    expect((await sup.get(page())).body).toContain('Record review');
    const bad = await sup.post(`${page()}/review`, { spoId, riskLevel: 'high', riskFactors: 'Up' });
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('Record any positive changes');
    expect((await sup.post(`${page()}/review`, { spoId, riskLevel: 'high', riskFactors: 'Up: new partner', positiveChanges: 'None', compliance: 'Full', observations: 'Guarded', recommendedChanges: 'Monthly visits' })).statusCode).toBe(303);
    expect(text((await sup.get(page())).body)).toContain('Next review by 2026-05-22');
  });

  it('SP-09, SP-14: the renewal request needs new acts, risk and necessity; a variation keeps the earlier terms', async () => {
    const om = await as('om');
    const bad = await om.post(`${page()}/renewal`, { spoId, newActs: 'None new', risk: 'Medium' });
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('Say why the order is still necessary');
    expect((await om.post(`${page()}/renewal`, { spoId, newActs: 'None new', risk: 'Medium', continuedNecessity: 'Fixated' })).statusCode).toBe(303);
    expect(text((await om.get(page())).body)).toContain('In time (due by 20 January 2028)');
    const oic = await as('oic');
    expect((await oic.post(`${page()}/variation`, { spoId, variedOn: '2026-04-22', terms: 'Prohibition: not to enter Dock Street', variationReason: 'Victim moved' })).statusCode).toBe(303);
    const shown = text((await oic.get(page())).body);
    expect(shown).toContain('Terms until 22 April 2026');
    expect(shown).toContain('Prohibition: Not to contact Amy Hale');
    expect(shown).toContain('Prohibition: not to enter Dock Street');
  });

  it('SP-13: the discharge forms appear in turn for Legal Services, the SCU, Legal Services and the Detective Superintendent, who cannot discharge within 2 years without consent', async () => {
    const legal = await as('legal');
    expect((await legal.post(`${page()}/discharge-application`, { spoId, receivedOn: '2026-04-22', applicant: 'defendant', grounds: 'Reformed' })).statusCode).toBe(303);
    const scu = await as('scu');
    expect((await scu.get(page())).body).toContain('Record report');
    expect((await scu.post(`${page()}/discharge-report`, { spoId, reasonsCited: 'Reformed', grantHistory: 'Full 2026', intelligence: 'None', riskFactors: 'Low', recommendation: 'discharge', offenderManagerConsulted: 'yes' })).statusCode).toBe(303);
    expect((await legal.post(`${page()}/discharge-advice`, { spoId, advice: 'Consent needed' })).statusCode).toBe(303);
    const dsupt = await as('dsupt');
    expect((await dsupt.get(page())).body).toContain('Record decision');
    const refused = await dsupt.post(`${page()}/discharge-decision`, { spoId, decision: 'discharge', rationale: 'Low risk', defendantConsents: 'yes' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('govuk-error-summary');
    expect(text(refused.body)).toContain('Stalking Protection Act 2019');
    expect((await findSpoCase(t.deps.store.db, spoId))?.status).toBe('full');
    expect((await dsupt.post(`${page()}/discharge-decision`, { spoId, decision: 'oppose', rationale: 'Still a risk' })).statusCode).toBe(303);
    expect(text((await dsupt.get(page())).body)).toContain('Decision: oppose');
  });

  it('SP-11, SP-12: moving out hides the management forms and offers the move in', async () => {
    const om = await as('om');
    expect((await om.post(`${page()}/move`, { spoId, direction: 'out', movedOn: '2026-04-22', otherForce: 'Cleveland Police' })).statusCode).toBe(303);
    const out = (await om.get(page())).body;
    expect(out).toContain('Record move in');
    expect(out).not.toContain('Record visit');
    expect((await om.post(`${page()}/move`, { spoId, direction: 'in', movedOn: '2026-04-22', otherForce: 'Cleveland Police' })).statusCode).toBe(303);
    expect((await findSpoCase(t.deps.store.db, spoId))?.status).toBe('full');
  });
});
