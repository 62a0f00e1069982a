import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession, text } from '../support/server';
import { createApiToken } from '../../src/app/admin/users';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { addNotifyIfFlag } from '../../src/app/flags/notify-if';
import { digitalLineKinds } from '../../src/app/scu/case-reviews';
import type { UserRecord } from '../../src/store/repositories/users';

const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false };

describe('intelligence and SCU pages (AO-09, SC-03, SC-05)', () => {
  let t: TestApp;
  let server: FastifyInstance;
  let reference: string;
  let suspectId: string;
  let owner: UserRecord;

  const count = async (table: 'intelligence_submissions' | 'scu_case_reviews' | 'tasks') => Number((await t.deps.store.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const session = async (username: string) => {
    const s = new WebSession(server);
    await s.signIn(username);
    return s;
  };
  /** The error summary's links each point at an element on the page. */
  const summaryAnchors = (html: string) => {
    const summary = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
    return [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
  };

  beforeAll(async () => {
    t = await createTestApp('sqlite', '2026-03-02T14:05:00.000Z');
    server = await createTestServer(t);
    const handler = await t.user('call_handler', { username: 'handler' });
    const officer = await t.user('attending_officer', { username: 'officer' });
    owner = await t.user('investigating_officer', { username: 'owner', unitType: 'CID' });
    await t.user('scu_officer', { username: 'scu', district: null });
    const o = await recordOccurrence(t.deps, handler, { receivedAt: '2026-03-02T09:00:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'He waits outside her flat.' });
    reference = o.reference;
    await addParty(t.deps, handler, reference, { role: 'victim', surname: 'Hale', forenames: 'Amy' });
    suspectId = (await addParty(t.deps, handler, reference, { role: 'suspect', surname: 'Rowe', forenames: 'Kyle' })).personId;
    await classifyOccurrence(t.deps, officer, reference, { answers: four, offence: 's2A', relationship: 'acquaintance' });
    await recordCrime(t.deps, officer, reference);
    await addNotifyIfFlag(t.deps, owner, reference, { personId: suspectId, reason: 'Persistent', notify: 'Task me on any sighting' });
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('AO-09: from the occurrence’s people to the person’s record, an officer submits a sighting; the record shows it and the flag’s owner is told', async () => {
    const officer = await session('officer');
    const people = await officer.get(`/occurrences/${reference}/people`);
    expect(people.body).toContain(`href="/people/${suspectId}?occurrence=${reference}"`);
    const record = await officer.get(`/people/${suspectId}?occurrence=${reference}`);
    expect(record.statusCode).toBe(200);
    expect(text(record.body)).toContain('Notify-if flag until 2027-03-02: Task me on any sighting');
    expect(text(record.body)).toContain('No intelligence has been submitted on this person.');
    const form = await officer.get(`/people/${suspectId}/intelligence?occurrence=${reference}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${reference}"`);

    const done = await officer.post(`/people/${suspectId}/intelligence`, {
      'seenAt-day': '2',
      'seenAt-month': '3',
      'seenAt-year': '2026',
      'seenAt-time': '13:30',
      location: 'Briggate, Leeds',
      subjectDescription: 'Black parka, grey beanie',
      vehicle: 'YX19 ABC silver Focus',
      details: 'Watching the victim’s shop',
      source: 'officer_sighting',
      occurrenceReference: reference,
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/people/${suspectId}?occurrence=${reference}`);
    const after = await officer.get(done.headers.location as string);
    const shown = text(after.body);
    expect(shown).toContain('its owner has been tasked to act on it by 3 March 2026 at 14:05');
    expect(shown).toContain('2 March 2026 at 13:30');
    expect(shown).toContain('Briggate, Leeds');
    expect(shown).toContain('YX19 ABC silver Focus');
    expect(shown).toContain('Flag owner tasked');
    const ownerSession = await session('owner');
    expect(text((await ownerSession.get('/worklist')).body)).toContain('Notify-if flag: intelligence on Kyle Rowe, seen at Briggate, Leeds');
  });

  it('AO-09: a future time or a missing location is refused on the page, naming the fields, and nothing is written', async () => {
    const officer = await session('officer');
    await officer.get(`/people/${suspectId}/intelligence`);
    const before = await count('intelligence_submissions');
    const res = await officer.post(`/people/${suspectId}/intelligence`, { 'seenAt-day': '2', 'seenAt-month': '3', 'seenAt-year': '2026', 'seenAt-time': '18:00', location: '', details: 'x', source: 'victim' });
    expect(res.statusCode).toBe(400);
    expect(text(res.body)).toContain('The time of the sighting must not be in the future');
    expect(summaryAnchors(res.body)).toEqual(expect.arrayContaining(['seenAt', 'location']));
    for (const a of summaryAnchors(res.body)) expect(res.body).toContain(`id="${a}"`);
    expect(res.body).toContain('value="x"'.replace('value="x"', '>x</textarea>'));
    const badTime = await officer.post(`/people/${suspectId}/intelligence`, { 'seenAt-day': '31', 'seenAt-month': '2', 'seenAt-year': '2026', 'seenAt-time': '10:00', location: 'Leeds', details: 'x', source: 'victim' });
    expect(badTime.statusCode).toBe(400);
    expect(summaryAnchors(badTime.body)).toEqual(['seenAt']);
    expect(await count('intelligence_submissions')).toBe(before);
  });

  it('AO-09: a call handler can search people and read the record but may not submit intelligence', async () => {
    const handler = await session('handler');
    const search = await handler.get('/people?search=yes&surname=Rowe');
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain(`href="/people/${suspectId}"`);
    expect(search.body).not.toContain('Submit intelligence<span');
    expect((await handler.get(`/people/${suspectId}/intelligence`)).statusCode).toBe(403);
    const empty = await handler.get('/people?search=yes');
    expect(empty.statusCode).toBe(400);
    expect(summaryAnchors(empty.body)).toEqual(['surname']);
  });

  it('AO-09: the JSON API submits and reads intelligence; a future sighting is refused naming the field', async () => {
    const { token } = await createApiToken(t.deps, 'officer');
    const auth = { authorization: `Bearer ${token}` };
    const ok = await server.inject({ method: 'POST', url: `/api/v1/people/${suspectId}/intelligence`, headers: auth, payload: { seenAt: '2026-03-02T12:00:00Z', location: 'Leeds bus station', vehicle: 'YX19 ABC', source: 'cctv' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().intelligence).toMatchObject({ personId: suspectId, flagOwnerTasked: true, taskDueAt: '2026-03-03T14:05:00.000Z' });
    const before = await count('intelligence_submissions');
    const future = await server.inject({ method: 'POST', url: `/api/v1/people/${suspectId}/intelligence`, headers: auth, payload: { seenAt: '2026-03-03T12:00:00Z', location: 'Leeds', vehicle: 'YX19 ABC', source: 'cctv' } });
    expect(future.statusCode).toBe(400);
    expect(future.headers['content-type']).toContain('application/problem+json');
    expect(future.json().errors).toEqual([expect.objectContaining({ field: 'seenAt' })]);
    expect(await count('intelligence_submissions')).toBe(before);
    const read = await server.inject({ method: 'GET', url: `/api/v1/people/${suspectId}/intelligence`, headers: auth });
    expect(read.statusCode).toBe(200);
    expect(read.json().intelligence.map((i: { location: string }) => i.location)).toContain('Leeds bus station');
    const { token: handlerToken } = await createApiToken(t.deps, 'handler');
    const refused = await server.inject({ method: 'POST', url: `/api/v1/people/${suspectId}/intelligence`, headers: { authorization: `Bearer ${handlerToken}` }, payload: { seenAt: '2026-03-02T12:00:00Z', location: 'Leeds', vehicle: 'x', source: 'cctv' } });
    expect(refused.statusCode).toBe(403);
  });

  it('SC-03: the SCU records a case review from the occurrence; bad input is shown against its fields; the review shows on the investigation page', async () => {
    const scu = await session('scu');
    const form = await scu.get(`/occurrences/${reference}/scu-reviews/new`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('id="digital-cell_site-status"');
    const before = await count('scu_case_reviews');
    const lines = Object.fromEntries(digitalLineKinds.map((k) => [`digital-${k}-status`, 'not_relevant']));
    const bad = await scu.post(`/occurrences/${reference}/scu-reviews`, { ...lines, 'digital-social_media-status': 'to_pursue', 'digital-anpr-status': '', findings: 'Findings', recommendations: '', 'action-2-text': 'Ask for the phone download', 'action-2-task': 'yes' });
    expect(bad.statusCode).toBe(400);
    const anchors = summaryAnchors(bad.body);
    expect(anchors).toEqual(expect.arrayContaining(['recommendations', 'digital-anpr-status', 'digital-social_media-detail']));
    for (const a of anchors) expect(bad.body).toContain(`id="${a}"`);
    expect(await count('scu_case_reviews')).toBe(before);

    const ok = await scu.post(`/occurrences/${reference}/scu-reviews`, {
      ...lines,
      'digital-social_media-status': 'to_pursue',
      'digital-social_media-detail': 'Preserve the Instagram account',
      findings: 'Contact is mostly online',
      recommendations: 'Focus on the accounts',
      'action-1-text': 'SCU to brief the district',
      nextReviewOn: '2026-04-01',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/occurrences/${reference}/investigation#scu-reviews`);
    const page = text((await scu.get(`/occurrences/${reference}/investigation`)).body);
    expect(page).toContain('Contact is mostly online');
    expect(page).toContain('Social media platforms: To pursue. Preserve the Instagram account');
    expect(page).toContain('Next review 1 April 2026');
    const officer = await session('officer');
    expect((await officer.get(`/occurrences/${reference}/scu-reviews/new`)).statusCode).toBe(403);
    expect(text((await officer.get(`/occurrences/${reference}/investigation`)).body)).not.toContain('Record an SCU case review');
  });

  it('SC-01 to SC-05: the SCU page shows its lists, SPO referrals, reviews and support referral rates with a drill-down; a bad period names the field', async () => {
    const scu = await session('scu');
    const page = await scu.get('/scu');
    expect(page.statusCode).toBe(200);
    const shown = text(page.body);
    for (const heading of ['Daily triage: non-domestic stalking (SC-01)', 'SC-02', 'awaiting the SCU’s decision (SC-04)', 'Case reviews (SC-03)', 'Referrals to specialist stalking support services (SC-05)']) expect(shown).toContain(heading);
    expect(page.body).toContain(`href="/occurrences/${reference}"`);
    // The crime recorded today has no support referral: it is counted and listed.
    const rates = /data-testid="scu-support-rates">([\s\S]*?)<\/table>/.exec(page.body)?.[1] ?? '';
    const leedsRow = /<th scope="row" class="govuk-table__header">Leeds<\/th>([\s\S]*?)<\/tr>/.exec(rates)?.[1] ?? '';
    expect([...leedsRow.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => text(m[1]!).trim())).toEqual(['1', '0', '0', '1 in Leeds', '0%']);
    expect(page.body).toContain('data-testid="scu-without-referral"');
    const drill = await scu.get('/scu?from=2026-03-01&to=2026-03-02&district=bradford');
    expect(drill.statusCode).toBe(200);
    expect(text(drill.body)).toContain('Every stalking crime in the period had a referral made.');
    const bad = await scu.get('/scu?from=2026-03-05&to=2026-03-01');
    expect(bad.statusCode).toBe(400);
    expect(summaryAnchors(bad.body)).toEqual(['from']);
    expect(bad.body).toContain('id="from"');
    const officer = await session('officer');
    expect((await officer.get('/scu')).statusCode).toBe(403);
  });
});
