import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession } from '../support/server';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { allocateOffenderManager, applyForStalkingProtectionOrder, considerStalkingProtectionOrder, decideSpoAuthority, decideSpoReferral, recordCourtOutcome, referStalkingProtectionOrder } from '../../src/app/spo/lifecycle';
import { recordManagementPack, setManagementPlan } from '../../src/app/spo/management';
import { renderPdf } from '../../src/documents/pdf';

/** The text of a PDF, through pdftotext (poppler-utils); pdftoppm must also render page 1. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'spo-pdf-'));
  try {
    const file = join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '1', file, join(dir, 'page')]);
    return execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(testDialects())('SPO documents as PDF on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let reference: string;
  let spoId: string;
  let oic: WebSession;
  const doc = (kind: string) => `/occurrences/${reference}/spo/documents?spoId=${spoId}&document=${kind}`;

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-04-01T10:00:00.000Z');
    server = await createTestServer(t);
    const handler = await t.user('call_handler');
    const oicUser = await t.user('investigating_officer', { username: 'oic', unitType: 'DA_TEAM' });
    const scu = await t.user('scu_officer', { district: null });
    const supt = await t.user('authorising_superintendent', { rank: 'SUPT' });
    const omSup = await t.user('offender_manager_supervisor', { rank: 'DS' });
    const om = await t.user('da_offender_manager', { rank: 'DC' });
    const o = await recordOccurrence(t.deps, handler, { receivedAt: '2026-04-01T09:00:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'x' });
    reference = o.reference;
    const suspectId = (await addParty(t.deps, handler, reference, { role: 'suspect', surname: 'Rowe', forenames: 'Kyle' })).personId;
    spoId = (await considerStalkingProtectionOrder(t.deps, oicUser, reference, { respondentPersonId: suspectId, actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true })).id;
    await referStalkingProtectionOrder(t.deps, oicUser, reference, { spoId, personsToBeProtected: 'Amy Hale', actsAssociatedWithStalking: 'Followed her to work daily', risk: 'Escalating', whyNecessary: 'Bail breached', proposedTerms: [{ kind: 'prohibition', text: 'Not to contact Amy Hale' }] });
    oic = new WebSession(server);
    await oic.signIn('oic');
    expect((await oic.get(doc('referral'))).statusCode).toBe(200);
    expect((await oic.get(doc('application'))).statusCode).toBe(404);
    await decideSpoReferral(t.deps, scu, reference, { spoId, decision: 'approve', reason: 'Met' });
    await applyForStalkingProtectionOrder(t.deps, oicUser, reference, { spoId, overarchingStatement: 'The overarching statement of DC Smith' });
    await decideSpoAuthority(t.deps, supt, reference, { spoId, necessary: true, proportionate: true, justified: true, humanRightsOfVictimConsidered: true, humanRightsOfRespondentConsidered: true, rationale: 'Necessary and proportionate' });
    await recordCourtOutcome(t.deps, oicUser, reference, { spoId, hearingDate: '2026-04-20', outcome: 'full', terms: [{ kind: 'prohibition', text: 'Not to enter Dock Street, Leeds' }, { kind: 'requirement', text: 'Attend a perpetrator programme' }], expiresOn: '2028-04-20' });
    t.clock.set('2026-04-22T10:00:00.000Z');
    await allocateOffenderManager(t.deps, omSup, reference, { spoId, offenderManagerId: om.id });
    await recordManagementPack(t.deps, om, reference, { spoId, names: ['Kyle Rowe'], homeAddress: '9 Mill Lane, Leeds', requirements: ['Notify changes within 3 days'] });
    await setManagementPlan(t.deps, om, reference, { spoId, visitFrequencyWeeks: 4 });
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('SP-02: the referral (SPOR1) is a PDF with the respondent and the proposed terms', async () => {
    const res = await oic.get(doc('referral'));
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const words = pdfText(res.rawPayload);
    expect(words).toContain('Kyle Rowe');
    expect(words).toContain('Prohibition: Not to contact Amy Hale');
    expect(words).toContain('Followed her to work daily');
  });

  it('SP-03, SP-05: the application pack (SPO1) carries the statement and the order’s terms', async () => {
    const words = pdfText((await oic.get(doc('application'))).rawPayload);
    expect(words).toContain('Kyle Rowe');
    expect(words).toContain('The overarching statement of DC Smith');
    expect(words).toContain('Prohibition: Not to enter Dock Street, Leeds');
    expect(words).toContain('Requirement: Attend a perpetrator programme');
  });

  it('SP-06, SP-11: the cross-border transfer pack has the statement of service, the plan and the notification details', async () => {
    const words = pdfText((await oic.get(doc('transfer'))).rawPayload);
    expect(words).toContain('Kyle Rowe');
    expect(words).toContain('Not to enter Dock Street, Leeds');
    expect(words).toContain('Visits every 4 weeks');
    expect(words).toContain('9 Mill Lane, Leeds');
  });

  it('an unknown document or case is not found, and a visitor who is not signed in gets nothing', async () => {
    expect((await oic.get(`/occurrences/${reference}/spo/documents?spoId=${spoId}&document=passwords`)).statusCode).toBe(404);
    expect((await oic.get(`/occurrences/${reference}/spo/documents?spoId=not-a-case&document=referral`)).statusCode).toBe(404);
    const index = await oic.get(`/occurrences/${reference}/spo/documents`);
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('Cross-border transfer pack');
    const res = await new WebSession(server).get(doc('referral'));
    expect(res.statusCode).toBe(303);
    expect(res.rawPayload.subarray(0, 4).toString()).not.toBe('%PDF');
  });

  it('documents cannot read local files', async () => {
    await expect(
      renderPdf({ title: 'x', subtitle: 'x', blocks: [] }).then(async () => {
        const { default: pdfmake } = await import('pdfmake');
        return pdfmake.createPdf({ content: [{ image: '/etc/hostname' }] }).getBuffer();
      }),
    ).rejects.toThrow(/denied/);
  });
});
