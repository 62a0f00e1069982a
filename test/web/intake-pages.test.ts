import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession, text } from '../support/server';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import type { OccurrenceRecord } from '../../src/store/repositories/occurrences';
import { insertTasks } from '../../src/store/repositories/tasks';

describe.each(testDialects())('intake pages on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let occ: OccurrenceRecord;
  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-03-02T14:00:00.000Z');
    server = await createTestServer(t);
    const handler = await t.user('call_handler', { username: 'handler' });
    await t.user('attending_officer', { username: 'officer' });
    await t.user('supervisory_officer', { username: 'sergeant', rank: 'PS' });
    await t.user('auditor', { username: 'auditor', district: null });
    occ = await recordOccurrence(t.deps, handler, {
      receivedAt: '2026-03-02T13:00:00Z',
      channel: '101',
      callGrade: 'priority',
      district: 'leeds',
      location: 'Beeston',
      firstAccount: 'He keeps sending flowers to my work.',
    });
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('every section of an occurrence renders for a case reader, with the sub navigation and one h1', async () => {
    const s = new WebSession(server);
    await s.signIn('auditor');
    for (const section of ['', '/people', '/incidents', '/classification', '/risk', '/checklist', '/tasks']) {
      const res = await s.get(`/occurrences/${occ.reference}${section}`);
      expect(res.statusCode, section).toBe(200);
      expect(res.body.match(/<h1/g)?.length, section).toBe(1);
      expect(res.body).toContain('moj-sub-navigation');
    }
    // A reader sees no forms that change the record.
    expect((await s.get(`/occurrences/${occ.reference}/people`)).body).not.toContain('Add a person</a>');
    const worklist = await s.get('/worklist');
    expect(worklist.statusCode).toBe(200);
  });

  it('adds a victim through the form; a missing role re-renders with the error summary and what was typed', async () => {
    const s = new WebSession(server);
    await s.signIn('handler');
    await s.get(`/occurrences/${occ.reference}/people/add`);
    const bad = await s.post(`/occurrences/${occ.reference}/people`, { surname: 'Whitfield', forenames: 'Sarah' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('value="Whitfield"');
    const ok = await s.post(`/occurrences/${occ.reference}/people`, { role: 'victim', surname: 'Whitfield', forenames: 'Sarah', dateOfBirth: '1990-04-12', markers: 'mental_health' });
    expect(ok.statusCode).toBe(303);
    const people = await s.get(`/occurrences/${occ.reference}/people`);
    expect(text(people.body)).toContain('Sarah Whitfield');
    const search = await s.get(`/occurrences/${occ.reference}/people/add?search=yes&surname=Whitfeld&dateOfBirth=1990-04-12`);
    expect(text(search.body)).toContain('Sarah Whitfield, born 1990-04-12');
    expect(text(search.body)).toContain('Mental health');
  });

  it('AO-08: marking a threat to life shows the warning and refuses to record the crime until the inspector is notified', async () => {
    const s = new WebSession(server);
    await s.signIn('officer');
    await s.get(`/occurrences/${occ.reference}`);
    expect((await s.post(`/occurrences/${occ.reference}/threat-to-life`, { details: 'Threatened to kill her' })).statusCode).toBe(303);
    const page = await s.get(`/occurrences/${occ.reference}`);
    expect(text(page.body)).toContain('notify the duty inspector immediately');
    const refused = await s.post(`/occurrences/${occ.reference}/record-crime`, {});
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain('AO-08');
  });

  it('ID-02: the classification page asks the optional questions (alarm or distress, acts associated with stalking, knew or ought to know); wanted conduct answered as causing no alarm or distress is no offence', async () => {
    const s = new WebSession(server);
    await s.signIn('officer');
    const page = await s.get(`/occurrences/${occ.reference}/classification`);
    expect(page.body).toContain('Did the conduct cause the victim alarm or distress? (optional)');
    expect(page.body).toContain('Are the acts ones associated with stalking? (optional)');
    expect(page.body).toContain('Did the suspect know, or ought they to have known, that the conduct amounted to harassment? (optional)');
    const answers = { fixated: 'yes', obsessive: 'no', unwanted: 'yes', repeated: 'yes', occasions: '3', fearOfViolenceOccasions: '0', seriousAlarmOrDistress: 'no', exPartner: 'yes', alarmOrDistress: 'no' };
    // "All ex-partner harassment should still be recorded as stalking": without alarm or distress there is no harassment, so s2A differs from the proposal.
    const differing = await s.post(`/occurrences/${occ.reference}/classification`, { ...answers, offence: 's2A' });
    expect(differing.statusCode).toBe(400);
    expect(differing.body).toContain('The policy proposes no offence');
    const ok = await s.post(`/occurrences/${occ.reference}/classification`, { ...answers, offence: 'none' });
    expect(ok.statusCode).toBe(303);
    const after = await s.get(`/occurrences/${occ.reference}/classification`);
    expect(after.body).toMatch(/the policy proposed <strong>none<\/strong>/);
    expect(after.body).toMatch(/name="alarmOrDistress" type="radio" value="no" checked/);
  });

  it('ID-03: the classification page takes the value of any criminal damage; over £5,000 the damage is the principal crime', async () => {
    const s = new WebSession(server);
    await s.signIn('officer');
    expect((await s.get(`/occurrences/${occ.reference}/classification`)).body).toContain('Value of any criminal damage, in pounds (optional)');
    const answers = { fixated: 'yes', obsessive: 'no', unwanted: 'yes', repeated: 'yes', occasions: '3', fearOfViolenceOccasions: '0', seriousAlarmOrDistress: 'no', exPartner: 'no', offence: 's2A', otherOffences: 'criminal_damage' };
    const bad = await s.post(`/occurrences/${occ.reference}/classification`, { ...answers, damageValuePounds: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Give the value in pounds');
    expect((await s.post(`/occurrences/${occ.reference}/classification`, { ...answers, damageValuePounds: '12000' })).statusCode).toBe(303);
    expect((await s.get(`/occurrences/${occ.reference}/classification`)).body).toContain('Principal crime (ID-03): criminal_damage.');
    expect((await s.post(`/occurrences/${occ.reference}/classification`, { ...answers, damageValuePounds: '900' })).statusCode).toBe(303);
    expect((await s.get(`/occurrences/${occ.reference}/classification`)).body).toContain('Principal crime (ID-03): s2A.');
  });

  it('an auditor cannot change a record: 403 on the form posts', async () => {
    const s = new WebSession(server);
    await s.signIn('auditor');
    await s.get(`/occurrences/${occ.reference}`);
    expect((await s.post(`/occurrences/${occ.reference}/incidents`, { place: 'x' })).statusCode).toBe(403);
    expect((await s.post(`/occurrences/${occ.reference}/risk`, {})).statusCode).toBe(403);
  });
});

describe('ID-07 on the summary page', () => {
  it('shows when the crime recording decision is due, and Overdue once 24 hours have passed', async () => {
    const t = await createTestApp('sqlite', '2026-03-02T14:00:00.000Z');
    const server = await createTestServer(t);
    const handler = await t.user('call_handler', { username: 'handler' });
    const occ = await recordOccurrence(t.deps, handler, { receivedAt: '2026-03-02T13:00:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Holbeck', firstAccount: 'Calls every night.' });
    const s = new WebSession(server);
    await s.signIn('handler');
    let body = text((await s.get(`/occurrences/${occ.reference}`)).body);
    expect(body).toContain('Not yet: due by 3 March 2026 at 13:00');
    expect(body).not.toContain('Overdue');
    t.clock.set('2026-03-03T13:01:00.000Z');
    body = text((await s.get(`/occurrences/${occ.reference}`)).body);
    expect(body).toContain('Overdue');
    await server.close();
    await t.dispose();
  });
});

describe.each(testDialects())('the worklist page on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-03-02T14:00:00.000Z');
    server = await createTestServer(t);
    const supervisor = await t.user('supervisory_officer', { username: 'sergeant', rank: 'PS', district: 'leeds' });
    const due = (h: number) => new Date(Date.parse('2026-03-02T14:00:00.000Z') + h * 3_600_000).toISOString();
    await insertTasks(
      t.deps.store.db,
      Array.from({ length: 60 }, (_, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        occurrence_id: null,
        action: 'review',
        title: `Review ${String(i).padStart(2, '0')}`,
        requirement: 'ID-07',
        assignee_role: null,
        assignee_user_id: supervisor.id,
        district: 'leeds',
        due_at: due(i - 5), // five are overdue
        status: 'open',
        created_at: due(-48),
        completed_at: null,
        completed_by: null,
        outcome_note: null,
      })),
    );
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('shows 50 tasks a page with the counts of the whole list, and the next page holds the rest', async () => {
    const s = new WebSession(server);
    await s.signIn('sergeant');
    const first = await s.get('/worklist');
    expect(first.statusCode).toBe(200);
    expect(text(first.body)).toContain('60 open, 5 overdue');
    expect(first.body.match(/Mark done<span class="govuk-visually-hidden">: Review/g)).toHaveLength(50);
    expect(text(first.body)).toContain('Page 1 of 2');
    const next = /href="([^"]+)" rel="next"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toBe('/worklist?page=2');
    const second = await s.get(next!);
    expect(second.body.match(/Mark done<span class="govuk-visually-hidden">: Review/g)).toHaveLength(10);
    expect(text(second.body)).toContain('Review 59');
    expect(second.body).toContain('rel="prev"');
    expect(second.body).not.toContain('rel="next"');

    // Marking a task done on page 2 (a note is required) comes back to page 2, which now holds one task fewer.
    const link = /href="(\/tasks\/[^"]+\/close\?returnTo=[^"]+)"/.exec(second.body)![1]!.replace(/&amp;/g, '&');
    const closePage = await s.get(link);
    expect(closePage.statusCode).toBe(200);
    const form = /<form method="post" action="(\/tasks\/[^"]+\/complete)"[\s\S]*?name="returnTo" value="([^"]+)"/.exec(closePage.body)!;
    expect(form[2]!.replace(/&amp;/g, '&')).toBe('/worklist?page=2');
    const noNote = await s.post(form[1]!, { returnTo: form[2]!.replace(/&amp;/g, '&') });
    expect(noNote.statusCode).toBe(400);
    expect(text(noNote.body)).toContain('Say what was done, or why it is not needed');
    const done = await s.post(form[1]!, { note: 'Reviewed with the officer', returnTo: form[2]!.replace(/&amp;/g, '&') });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/worklist?page=2');
    expect((await s.get('/worklist?page=2')).body.match(/Mark done<span class="govuk-visually-hidden">: Review/g)).toHaveLength(9);
    // Anywhere else is not followed: back to the worklist.
    const other = /href="\/tasks\/([^"/]+)\/close/.exec((await s.get('/worklist')).body)![1]!;
    const away = await s.post(`/tasks/${other}/complete`, { note: 'Reviewed with the officer', returnTo: '//evil.example/worklist' });
    expect(away.headers.location).toBe('/worklist');
  });

  it('refuses a page that is not a whole number, naming the field', async () => {
    const s = new WebSession(server);
    await s.signIn('sergeant');
    for (const bad of ['abc', '0', '-1', '1.5', '1000000']) {
      const refused = await s.get(`/worklist?page=${bad}`);
      expect(refused.statusCode).toBe(400);
      expect(text(refused.body)).toContain('page: Page must be a whole number from 1 to 999999');
    }
    // An empty page number is the first page.
    expect(text((await s.get('/worklist?page=')).body)).toContain('Page 1 of 2');
  });
});
