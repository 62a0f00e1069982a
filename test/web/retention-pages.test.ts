import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, text, WebSession } from '../support/server';
import { finalisedStalking, retentionCast, type RetentionCast } from '../support/retention';
import { readOccurrence } from '../../src/app/intake/occurrence-queries';
import { verifyChain } from '../../src/store/repositories/log';
import type { UserRecord } from '../../src/store/repositories/users';

// Sessions expire by the wall clock (the cookie's expiry), so records are made years in the past
// and reviewed today rather than the test clock moving years ahead.
const past = '2018-03-01T10:00:00.000Z';
const today = () => new Date().toISOString();
const nextYear = new Date().getUTCFullYear() + 1;

describe('retention review pages', () => {
  let t: TestApp;
  let server: FastifyInstance;
  let c: RetentionCast;
  let dss: UserRecord, auditor: UserRecord;

  beforeAll(async () => {
    t = await createTestApp('sqlite', past);
    server = await createTestServer(t);
    c = await retentionCast(t);
    dss = await t.user('detective_superintendent_safeguarding', { rank: 'SUPT', district: null });
    auditor = await t.user('auditor', { district: null });
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('the worklist lists due reviews for the Detective Superintendent, with a nav item; other roles get 403 and no nav item', async () => {
    t.clock.set(past);
    const o = await finalisedStalking(t, c, { victimSurname: 'Worklisted' });
    t.clock.set(today());
    const web = new WebSession(server);
    await web.signIn(dss.username);
    const page = await web.get('/retention');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/govuk-service-navigation__link" href="\/retention"/);
    expect(text(page.body)).toContain(o.reference);
    expect(text(page.body)).toContain('Group 3');

    const other = new WebSession(server);
    await other.signIn(auditor.username);
    expect((await other.get('/retention')).statusCode).toBe(403);
    expect((await other.get('/')).body).not.toContain('Retention reviews');
    expect((await other.get(`/occurrences/${o.reference}/retention`)).statusCode).toBe(403);
  });

  it('retain: a bad date shows the error summary and changes nothing; a good one sets the next review', async () => {
    t.clock.set(past);
    const o = await finalisedStalking(t, c, { victimSurname: 'Kept' });
    t.clock.set(today());
    const web = new WebSession(server);
    await web.signIn(dss.username);
    const page = await web.get(`/occurrences/${o.reference}/retention`);
    expect(page.statusCode).toBe(200);
    expect(text(page.body)).toContain('Group 3: all other offences');
    const bad = await web.post(`/occurrences/${o.reference}/retention/retain`, { reason: 'Suspect active again last year', 'nextReviewOn-day': '31', 'nextReviewOn-month': '2', 'nextReviewOn-year': String(nextYear) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('href="#nextReviewOn-day"');
    const ok = await web.post(`/occurrences/${o.reference}/retention/retain`, { reason: 'Suspect active again last year', 'nextReviewOn-day': '5', 'nextReviewOn-month': '1', 'nextReviewOn-year': String(nextYear + 1) });
    expect(ok.statusCode).toBe(303);
    const after = await web.get(`/occurrences/${o.reference}/retention`);
    expect(text(after.body)).toContain(`Kept: next review ${nextYear + 1}-01-05`);
    expect(text(after.body)).toContain(`The review is not due until ${nextYear + 1}-01-05`);
  });

  it('erase: needs CSRF and the reference typed again; then erases, logs and the chain verifies', async () => {
    t.clock.set(past);
    const o = await finalisedStalking(t, c, { victimSurname: 'Gone' });
    t.clock.set(today());
    const web = new WebSession(server);
    await web.signIn(dss.username);
    await web.get(`/occurrences/${o.reference}/retention`);
    const reason = 'Group 3 clear period passed with no further activity recorded.';
    expect((await web.post(`/occurrences/${o.reference}/retention/erase`, { reason, confirmReference: o.reference }, { csrf: false })).statusCode).toBe(403);
    const wrong = await web.post(`/occurrences/${o.reference}/retention/erase`, { reason, confirmReference: 'not it' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#confirmReference"');
    expect((await readOccurrence(t.deps, dss, o.reference, 'test', { logRead: false })).firstAccount).toContain('Gone');
    const done = await web.post(`/occurrences/${o.reference}/retention/erase`, { reason, confirmReference: o.reference });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/retention');
    const summary = await web.get(`/occurrences/${o.reference}`);
    expect(summary.body).not.toContain('Gone says');
    expect(text(summary.body)).toContain('earlier log entries redacted');
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });
});
