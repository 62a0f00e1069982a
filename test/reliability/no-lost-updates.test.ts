import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession, text } from '../support/server';
import { createApiToken } from '../../src/app/admin/users';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { verifyChain } from '../../src/store/repositories/log';
import type { UserRecord } from '../../src/store/repositories/users';

const report = {
  receivedAt: '2026-03-01T09:30:00Z',
  channel: '101',
  callGrade: 'priority',
  district: 'leeds',
  location: 'Roundhay Park, Leeds',
  firstAccount: 'Her former colleague follows her home from the bus stop.',
};

const CONFLICT_WORDS = 'changed by someone else since you opened it';

describe.each(testDialects())('no lost updates on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let handler: UserRecord;
  let handlerToken: string;
  let analystToken: string;

  async function counts() {
    const db = t.deps.store.db;
    const occ = await db.selectFrom('occurrences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const log = await db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'change').executeTakeFirstOrThrow();
    return { occurrences: Number(occ.n), changes: Number(log.n) };
  }
  const patch = (token: string, reference: string, payload: unknown) =>
    server.inject({ method: 'PATCH', url: `/api/v1/occurrences/${reference}`, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
  const open = async (token: string, reference: string) =>
    (await server.inject({ method: 'GET', url: `/api/v1/occurrences/${reference}`, headers: { authorization: `Bearer ${token}` } })).json().occurrence;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    server = await createTestServer(t);
    handler = await t.user('call_handler', { username: 'handler' });
    await t.user('diu_analyst', { username: 'analyst' });
    handlerToken = (await createApiToken(t.deps, 'handler')).token;
    analystToken = (await createApiToken(t.deps, 'analyst')).token;
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('a change with the current version is saved, bumps the version, and logs each field before and after with the reason', async () => {
    const occ = await recordOccurrence(t.deps, handler, report);
    const res = await patch(handlerToken, occ.reference, { version: 1, location: 'Oakwood, Leeds', callGrade: 'emergency', channel: '101', reason: 'Caller corrected the place' });
    expect(res.statusCode).toBe(200);
    const saved = res.json().occurrence;
    expect(saved.version).toBe(2);
    expect(saved.location).toBe('Oakwood, Leeds');
    expect(saved.callGrade).toBe('emergency');
    const entry = await t.deps.store.db.selectFrom('log_entries').selectAll().where('occurrence_id', '=', occ.id).where('action', '=', 'occurrence.amended').executeTakeFirstOrThrow();
    expect(entry.reason).toBe('Caller corrected the place');
    const changes = JSON.parse(entry.changes) as { field: string; before: unknown; after: unknown }[];
    // The channel was sent unchanged, so it is not a change.
    expect(changes.sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: 'callGrade', before: 'priority', after: 'emergency' },
      { field: 'location', before: 'Roundhay Park, Leeds', after: 'Oakwood, Leeds' },
      // CS-01: regraded to an emergency, the deployment is due within the emergency window (the same entry).
      { field: 'taskDue', before: 'Assign an attending officer (due 2026-03-01T10:30:00.000Z)', after: 'Emergency: deploy an attending officer now (due 2026-03-01T09:45:00.000Z)' },
    ]);
    expect(JSON.parse(entry.requirements)).toEqual(['CS-01', 'XC-03']);
    // Search follows the corrected words.
    const found = await server.inject({ method: 'GET', url: '/api/v1/occurrences?text=oakwood', headers: { authorization: `Bearer ${handlerToken}` } });
    expect(found.json().occurrences.map((o: { reference: string }) => o.reference)).toContain(occ.reference);
  });

  it('a stale version gets 409 with a clear message and writes nothing', async () => {
    const occ = await recordOccurrence(t.deps, handler, report);
    expect((await patch(handlerToken, occ.reference, { version: 1, location: 'First edit', reason: 'r' })).statusCode).toBe(200);
    const before = await counts();
    const stale = await patch(handlerToken, occ.reference, { version: 1, location: 'Second edit from an old page', reason: 'r' });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json().detail).toContain(CONFLICT_WORDS);
    expect(stale.json().detail).toContain('reload');
    expect(await counts()).toEqual(before);
    const now = await open(handlerToken, occ.reference);
    expect(now.location).toBe('First edit');
    expect(now.version).toBe(2);
  });

  it('refuses bad input naming the field: no reason, no change, wrong types; and roles without occurrence.amend get 403', async () => {
    const occ = await recordOccurrence(t.deps, handler, report);
    const before = await counts();
    const noReason = await patch(handlerToken, occ.reference, { version: 1, location: 'Elsewhere' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors.map((e: { field: string }) => e.field)).toContain('reason');
    const nothing = await patch(handlerToken, occ.reference, { version: 1, location: report.location, reason: 'No real change' });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().errors[0].message).toContain('Change at least one');
    const badVersion = await patch(handlerToken, occ.reference, { version: 'one', location: 'Elsewhere', reason: 'r' });
    expect(badVersion.statusCode).toBe(400);
    expect(badVersion.json().errors[0].field).toBe('version');
    const notAllowed = await patch(handlerToken, occ.reference, { version: 1, status: 'finalised', reason: 'r' });
    expect(notAllowed.statusCode).toBe(400);
    const forbidden = await patch(analystToken, occ.reference, { version: 1, location: 'Elsewhere', reason: 'r' });
    expect(forbidden.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
    const missing = await patch(handlerToken, '11-2026-999999', { version: 1, location: 'Elsewhere', reason: 'r' });
    expect(missing.statusCode).toBe(404);
  });

  it('50 editors change one occurrence at once: every accepted change survives, every refusal is a 409, versions strictly increase, the log verifies', async () => {
    const occ = await recordOccurrence(t.deps, handler, { ...report, firstAccount: 'Start.' });
    const editors = 50;
    let refusals = 0;
    const accepted: { editor: number; version: number }[] = [];
    const other: number[] = [];
    await Promise.all(
      Array.from({ length: editors }, async (_, editor) => {
        for (let attempt = 0; attempt < 200; attempt++) {
          const current = await open(handlerToken, occ.reference);
          const res = await patch(handlerToken, occ.reference, {
            version: current.version,
            firstAccount: `${current.firstAccount} [editor ${editor}]`,
            reason: `Editor ${editor} adds a line`,
          });
          if (res.statusCode === 200) {
            accepted.push({ editor, version: res.json().occurrence.version });
            return;
          }
          if (res.statusCode === 409 && res.json().detail.includes(CONFLICT_WORDS)) refusals += 1;
          else other.push(res.statusCode);
        }
      }),
    );
    console.log(`concurrent editors (${dialect}): ${editors} editors, ${accepted.length} changes accepted, ${refusals} refused with 409, other answers ${other.length}`);
    expect(other).toEqual([]);
    expect(accepted.length).toBe(editors);
    // Versions 2..51, each given to exactly one accepted change.
    expect(accepted.map((a) => a.version).sort((a, b) => a - b)).toEqual(Array.from({ length: editors }, (_, i) => i + 2));
    const final = await open(handlerToken, occ.reference);
    expect(final.version).toBe(editors + 1);
    for (let e = 0; e < editors; e++) expect(final.firstAccount.split(`[editor ${e}]`).length - 1, `editor ${e}`).toBe(1);
    // The log holds one entry per accepted change, in version order, each starting where the one before ended.
    const entries = await t.deps.store.db
      .selectFrom('log_entries')
      .selectAll()
      .where('occurrence_id', '=', occ.id)
      .where('action', '=', 'occurrence.amended')
      .orderBy('seq', 'asc')
      .execute();
    expect(entries.length).toBe(editors);
    let previous = 'Start.';
    for (const entry of entries) {
      const [change] = JSON.parse(entry.changes) as { field: string; before: string; after: string }[];
      expect(change!.field).toBe('firstAccount');
      expect(change!.before).toBe(previous);
      previous = change!.after;
    }
    expect(previous).toBe(final.firstAccount);
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  }, 120_000);

  it('the page: "Change" links for roles that may amend, a form that keeps what was typed, and a conflict explained', async () => {
    const occ = await recordOccurrence(t.deps, handler, report);
    const s = new WebSession(server);
    await s.signIn('handler');
    const show = await s.get(`/occurrences/${occ.reference}`);
    expect(show.body).toContain(`href="/occurrences/${occ.reference}/report/change#location"`);
    const analyst = new WebSession(server);
    await analyst.signIn('analyst');
    expect((await analyst.get(`/occurrences/${occ.reference}`)).body).not.toContain('/report/change');
    expect((await analyst.get(`/occurrences/${occ.reference}/report/change`)).statusCode).toBe(403);

    const form = await s.get(`/occurrences/${occ.reference}/report/change`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<title>Change the report details - Conduct</title>');
    expect(form.body).toContain('name="version" value="1"');
    expect(form.body).toContain('value="Roundhay Park, Leeds"');

    const fields = { version: '1', location: 'Moortown, Leeds', firstAccount: report.firstAccount, callGrade: 'priority', channel: '101' };
    const noReason = await s.post(`/occurrences/${occ.reference}/report/change`, { ...fields, reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('govuk-error-summary');
    expect(noReason.body).toContain('href="#reason"');
    expect(text(noReason.body)).toContain('Enter the reason for the change');
    expect(noReason.body).toContain('value="Moortown, Leeds"');

    const saved = await s.post(`/occurrences/${occ.reference}/report/change`, { ...fields, reason: 'Victim gave the right street' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/occurrences/${occ.reference}`);
    const after = await s.get(`/occurrences/${occ.reference}`);
    expect(text(after.body)).toContain('Report details changed');
    expect(text(after.body)).toContain('Moortown, Leeds');
    expect(text(after.body)).toContain('Victim gave the right street');

    // A second user still holding version 1 is told what happened and keeps what they typed.
    const before = await counts();
    const stale = await s.post(`/occurrences/${occ.reference}/report/change`, { ...fields, location: 'Alwoodley, Leeds', reason: 'From an old tab' });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('govuk-error-summary');
    expect(text(stale.body)).toContain(CONFLICT_WORDS);
    expect(stale.body).toContain('value="Alwoodley, Leeds"');
    expect(stale.body).toContain(`href="/occurrences/${occ.reference}/report/change"`);
    expect(await counts()).toEqual(before);
  });
});
