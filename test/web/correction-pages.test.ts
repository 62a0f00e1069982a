import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession, text } from '../support/server';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { addParty } from '../../src/app/intake/people';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { triageOccurrence } from '../../src/app/investigation/triage';
import { allocateOfficerInCharge } from '../../src/app/investigation/allocation';
import { recordSuspectAction } from '../../src/app/investigation/suspect';
import { finaliseOccurrence } from '../../src/app/investigation/case-management';
import { readOccurrence } from '../../src/app/intake/occurrence-queries';
import { listParties } from '../../src/store/repositories/intake';
import { dashQuestionIds } from '../../src/policy/risk-questions';
import type { UserRecord } from '../../src/store/repositories/users';

const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false };
const answers = Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < 5 ? 'yes' : 'no']));
const noFacts = { adultAtRisk: false, honourBasedAbuse: false, coerciveControl: false, prolongedCourseOfConduct: false, significantCumulativeImpact: false, perpetratorEscalation: false };
const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe.each(testDialects())('correction pages on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let handler: UserRecord, officer: UserRecord, sergeant: UserRecord, cidDs: UserRecord, cidDc: UserRecord, cidDc2: UserRecord;

  /** Triaged to CID and allocated to a CID detective (the wrong unit: the suspect is her ex-partner). */
  async function allocatedToCid() {
    const o = await recordOccurrence(t.deps, handler, { receivedAt: t.clock().toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'He keeps turning up at my work.' });
    await addParty(t.deps, handler, o.reference, { role: 'victim', surname: 'Ashworth', forenames: 'Lena' });
    await addParty(t.deps, handler, o.reference, { role: 'witness', surname: 'Hebden', forenames: 'Tom' });
    await classifyOccurrence(t.deps, officer, o.reference, { answers: four, offence: 's2A', relationship: 'acquaintance' });
    await recordRiskAssessment(t.deps, officer, o.reference, { assessment: { answers, victimEngaged: true } });
    await endorseRiskAssessment(t.deps, sergeant, o.reference, 1, { version: 1, grade: 'standard' });
    await recordCrime(t.deps, officer, o.reference);
    await triageOccurrence(t.deps, cidDs, o.reference, { ...noFacts, relationship: 'acquaintance', unit: 'CID', overrideReason: 'CID has the suspect’s other enquiries', threatRiskHarmComplexity: 'Persistent contact at work; moderate complexity.' });
    await allocateOfficerInCharge(t.deps, cidDs, o.reference, { officerId: cidDc.id });
    return o;
  }
  const read = (ref: string) => readOccurrence(t.deps, cidDs, ref, 'test');

  beforeAll(async () => {
    // A date before today's: sessions expire by the real clock.
    t = await createTestApp(dialect, '2026-03-02T10:00:00.000Z');
    server = await createTestServer(t);
    handler = await t.user('call_handler', { username: 'handler' });
    officer = await t.user('attending_officer', { username: 'officer', unitType: 'PATROL' });
    sergeant = await t.user('supervisory_officer', { username: 'sergeant', rank: 'PS' });
    cidDs = await t.user('triaging_supervisor', { username: 'cid.ds', rank: 'DS', unitType: 'CID' });
    await t.user('triaging_supervisor', { username: 'da.ds', rank: 'DS', unitType: 'DA_TEAM' });
    cidDc = await t.user('investigating_officer', { username: 'cid.dc', rank: 'DC', unitType: 'CID' });
    cidDc2 = await t.user('investigating_officer', { username: 'cid.dc2', rank: 'DC', unitType: 'CID' });
    await t.user('investigating_officer', { username: 'da.dc', rank: 'DC', unitType: 'DA_TEAM' });
    await t.user('diu_analyst', { username: 'analyst' });
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('"Correct this case" is linked from the occurrence page only for roles that may correct, and lists only their corrections', async () => {
    const o = await allocatedToCid();
    const ds = new WebSession(server);
    await ds.signIn('cid.ds');
    expect((await ds.get(`/occurrences/${o.reference}`)).body).toContain(`href="/occurrences/${o.reference}/corrections"`);
    const hub = await ds.get(`/occurrences/${o.reference}/corrections`);
    expect(hub.statusCode).toBe(200);
    expect(hub.body.match(/<h1/g)?.length).toBe(1);
    for (const which of ['retriage', 'reallocate', 'remove-person']) expect(hub.body).toContain(`href="/occurrences/${o.reference}/corrections/${which}"`);
    // Not finalised: reopening is offered but not available.
    expect(hub.body).not.toContain(`href="/occurrences/${o.reference}/corrections/reopen"`);
    expect(text(hub.body)).toContain('Only a finalised crime is reopened');

    const analyst = new WebSession(server);
    await analyst.signIn('analyst');
    expect((await analyst.get(`/occurrences/${o.reference}`)).body).not.toContain('/corrections');
    expect((await analyst.get(`/occurrences/${o.reference}/investigation`)).body).not.toContain('/corrections');
    expect((await ds.get(`/occurrences/${o.reference}/investigation`)).body).toContain(`href="/occurrences/${o.reference}/corrections"`);
    expect((await analyst.get(`/occurrences/${o.reference}/corrections/retriage`)).statusCode).toBe(403);

    // A call handler may remove a person added in error, but not re-triage.
    const h = new WebSession(server);
    await h.signIn('handler');
    const handlerHub = await h.get(`/occurrences/${o.reference}/corrections`);
    expect(handlerHub.body).toContain(`/corrections/remove-person"`);
    expect(handlerHub.body).not.toContain(`/corrections/retriage"`);
    expect((await h.post(`/occurrences/${o.reference}/corrections/retriage`, { relationship: 'ex_intimate_partner', reason: 'Trying without permission.' })).statusCode).toBe(403);
  });

  it('re-triage: the form re-renders with the error summary and what was typed when the reason is missing; posted whole, the unit changes and the log says why', async () => {
    const o = await allocatedToCid();
    const s = new WebSession(server);
    await s.signIn('cid.ds');
    const page = await s.get(`/occurrences/${o.reference}/corrections/retriage`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="_csrf"');
    expect(text(page.body)).toContain('the allocation decision gives the non-specialist investigation team');
    const bad = await s.post(`/occurrences/${o.reference}/corrections/retriage`, { relationship: 'ex_intimate_partner', coerciveControl: 'yes', reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(text(bad.body)).toContain('Enter the reason for re-triaging this crime');
    expect(bad.body).toMatch(/value="ex_intimate_partner"\s+checked/);
    expect((await read(o.reference)).allocatedUnit).toBe('CID');

    const ok = await s.post(`/occurrences/${o.reference}/corrections/retriage`, { relationship: 'ex_intimate_partner', reason: 'The suspect is her ex-partner: misread at triage.' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/occurrences/${o.reference}/investigation`);
    expect(await read(o.reference)).toMatchObject({ allocatedUnit: 'DA_TEAM', status: 'triaged', officerInChargeId: null });
    const summary = await s.get(`/occurrences/${o.reference}`);
    const log = text(summary.body);
    expect(log).toContain('Re-triaged (correction)');
    expect(log).toContain('The suspect is her ex-partner: misread at triage.');
    expect(log).toContain('Unit: CID → DA team');
    expect(log).not.toMatch(uuid);
  });

  it('without its CSRF token a correction is refused and nothing changes', async () => {
    const o = await allocatedToCid();
    const s = new WebSession(server);
    await s.signIn('cid.ds');
    await s.get(`/occurrences/${o.reference}/corrections/reallocate`);
    const res = await s.post(`/occurrences/${o.reference}/corrections/reallocate`, { officerId: cidDc2.id, reason: 'Handing over to another DC.', _csrf: 'forged' });
    expect(res.statusCode).toBe(403);
    expect((await read(o.reference)).officerInChargeId).toBe(cidDc.id);
  });

  it('reallocation: the form lists officers of the unit only; a missing officer is an error; posted, the officer in charge changes', async () => {
    const o = await allocatedToCid();
    const s = new WebSession(server);
    await s.signIn('cid.ds');
    const page = await s.get(`/occurrences/${o.reference}/corrections/reallocate`);
    expect(page.body).toContain(`value="${cidDc2.id}"`);
    expect(page.body).not.toContain(`value="${cidDc.id}"`);
    expect(text(page.body)).not.toContain('da.dc');
    const bad = await s.post(`/occurrences/${o.reference}/corrections/reallocate`, { officerId: '', reason: 'Handing over to another DC.' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('href="#officerId"');
    expect(bad.body).toContain('Handing over to another DC.');
    const ok = await s.post(`/occurrences/${o.reference}/corrections/reallocate`, { officerId: cidDc2.id, reason: 'Handing over to another DC.' });
    expect(ok.statusCode).toBe(303);
    expect((await read(o.reference)).officerInChargeId).toBe(cidDc2.id);
    expect(text((await s.get(`/occurrences/${o.reference}`)).body)).toContain(`Officer in charge: ${cidDc.displayName}`);
  });

  it('reopening: refused with a clear message while not finalised; a finalised crime is reopened with a reason and its outcome stays in the log', async () => {
    const o = await allocatedToCid();
    const s = new WebSession(server);
    await s.signIn('cid.ds');
    await s.get(`/occurrences/${o.reference}/corrections/reopen`);
    const early = await s.post(`/occurrences/${o.reference}/corrections/reopen`, { reason: 'New evidence from a second victim.' });
    expect(early.statusCode).toBe(400);
    expect(text(early.body)).toContain('only a finalised crime is reopened');

    await recordSuspectAction(t.deps, cidDc, o.reference, { action: 'voluntary_attendance', at: t.clock().toISOString() });
    await finaliseOccurrence(t.deps, cidDs, o.reference, { outcome: 'charged', rationale: 'Charged with stalking (s2A) after interview; CPS authorised the charge.', proportionateInvestigationComplete: true });
    const page = await s.get(`/occurrences/${o.reference}/corrections/reopen`);
    expect(text(page.body)).toContain('Outcome 1: Charged or summonsed');
    const noReason = await s.post(`/occurrences/${o.reference}/corrections/reopen`, { reason: 'new' });
    expect(noReason.statusCode).toBe(400);
    expect(text(noReason.body)).toContain('Enter the reason for reopening this crime, in at least 10 characters');
    const ok = await s.post(`/occurrences/${o.reference}/corrections/reopen`, { reason: 'New evidence from a second victim.' });
    expect(ok.statusCode).toBe(303);
    expect((await read(o.reference)).status).toBe('reopened');
    const log = text((await s.get(`/occurrences/${o.reference}`)).body);
    expect(log).toContain('Reopened (correction)');
    expect(log).toContain('Outcome: Charged or summonsed');
  });

  it('removing a person: choose who and why; they leave the case’s people and the log names them', async () => {
    const o = await allocatedToCid();
    const s = new WebSession(server);
    await s.signIn('handler');
    const page = await s.get(`/occurrences/${o.reference}/corrections/remove-person`);
    expect(text(page.body)).toContain('Tom Hebden (Witness)');
    const witness = (await listParties(t.deps.store.db, o.id)).find((p) => p.role === 'witness')!;
    const bad = await s.post(`/occurrences/${o.reference}/corrections/remove-person`, { reason: 'Added to the wrong occurrence.' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#partyId"');
    const ok = await s.post(`/occurrences/${o.reference}/corrections/remove-person`, { partyId: witness.id, reason: 'Added to the wrong occurrence.' });
    expect(ok.statusCode).toBe(303);
    const summary = text((await s.get(`/occurrences/${o.reference}`)).body);
    expect(summary).toContain('Person removed: added in error (correction)');
    expect(summary).toContain('Witness: Tom Hebden → Removed: added in error');
    expect(text((await s.get(`/occurrences/${o.reference}/people`)).body)).not.toContain('Hebden');
  });
});
