import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession, text } from '../support/server';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { termsFromText } from '../../src/web/routes/spo';

describe('the SPO pages', () => {
  let t: TestApp;
  let server: FastifyInstance;
  let reference: string;
  let suspectId: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite', '2026-04-01T10:00:00.000Z');
    server = await createTestServer(t);
    const handler = await t.user('call_handler', { username: 'handler' });
    await t.user('investigating_officer', { username: 'oic', unitType: 'DA_TEAM' });
    await t.user('scu_officer', { username: 'scu', district: null });
    await t.user('authorising_superintendent', { username: 'supt', rank: 'SUPT' });
    const o = await recordOccurrence(t.deps, handler, { receivedAt: '2026-04-01T09:00:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'x' });
    reference = o.reference;
    suspectId = (await addParty(t.deps, handler, reference, { role: 'suspect', surname: 'Rowe', forenames: 'Kyle' })).personId;
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('reads prohibitions and requirements one per line', () => {
    expect(termsFromText('Prohibition: not to contact A\nRequirement: attend a course\nnot to enter Leeds')).toEqual([
      { kind: 'prohibition', text: 'not to contact A' },
      { kind: 'requirement', text: 'attend a course' },
      { kind: 'prohibition', text: 'not to enter Leeds' },
    ]);
  });

  it('SP-01 to SP-04: consider, refer, SCU approves, apply, superintendent authorises, each by the right role', async () => {
    const oic = new WebSession(server);
    await oic.signIn('oic');
    await oic.get(`/occurrences/${reference}/spo`);
    const bad = await oic.post(`/occurrences/${reference}/spo/consider`, { respondentPersonId: suspectId });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect((await oic.post(`/occurrences/${reference}/spo/consider`, { respondentPersonId: suspectId, actsAssociatedWithStalking: 'yes', posesRiskOfStalking: 'yes', orderNecessaryToProtect: 'yes' })).statusCode).toBe(303);
    const page = await oic.get(`/occurrences/${reference}/spo`);
    const spoId = /name="spoId" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await oic.post(`/occurrences/${reference}/spo/refer`, { spoId, personsToBeProtected: 'Amy', acts: 'Following', risk: 'High', whyNecessary: 'Escalating', terms: 'Prohibition: not to contact Amy' })).statusCode).toBe(303);
    expect((await oic.post(`/occurrences/${reference}/spo/scu-decision`, { spoId, decision: 'approve', reason: 'x' })).statusCode).toBe(403);
    const scu = new WebSession(server);
    await scu.signIn('scu');
    await scu.get(`/occurrences/${reference}/spo`);
    expect((await scu.post(`/occurrences/${reference}/spo/scu-decision`, { spoId, decision: 'approve', reason: 'Conditions met' })).statusCode).toBe(303);
    await oic.get(`/occurrences/${reference}/spo`);
    expect((await oic.post(`/occurrences/${reference}/spo/apply`, { spoId, overarchingStatement: 'Statement' })).statusCode).toBe(303);
    const supt = new WebSession(server);
    await supt.signIn('supt');
    await supt.get(`/occurrences/${reference}/spo`);
    expect((await supt.post(`/occurrences/${reference}/spo/authority`, { spoId, necessary: 'yes', proportionate: 'yes', justified: 'yes', humanRightsOfVictimConsidered: 'yes', humanRightsOfRespondentConsidered: 'yes', rationale: 'Necessary and proportionate' })).statusCode).toBe(303);
    const after = await oic.get(`/occurrences/${reference}/spo`);
    expect(text(after.body)).toContain('authorised');
    expect(after.body).toContain('Record court outcome');
  });
});
