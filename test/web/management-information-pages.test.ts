import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, text, WebSession } from '../support/server';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { classifyOccurrence } from '../../src/app/intake/classification';
import { markWorkforceInvolvement } from '../../src/app/intake/safeguards';
const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true };
const report = (receivedAt: string, firstAccount = 'He messages her all night <b>=HYPERLINK("x")</b>') => ({ receivedAt, channel: '101', callGrade: 'priority', district: 'leeds', location: '=cmd|calc', firstAccount });
const period = 'from-day=1&from-month=2&from-year=2026&to-day=31&to-month=3&to-year=2026';

describe.each(testDialects())('management information and compliance pages on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let ordinary: string, restricted: string;

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-03-10T10:00:00.000Z');
    server = await createTestServer(t);
    const handler = await t.user('call_handler', { username: 'handler' });
    const officer = await t.user('attending_officer', { username: 'officer' });
    await t.user('diu_analyst', { username: 'analyst', district: null });
    await t.user('auditor', { username: 'auditor', district: null });
    await t.user('triaging_supervisor', { username: 'ds', rank: 'DS', unitType: 'CID' });
    ordinary = (await recordOccurrence(t.deps, handler, report('2026-03-02T09:00:00Z'))).reference;
    await classifyOccurrence(t.deps, officer, ordinary, { answers: four, offence: 's2A' });
    restricted = (await recordOccurrence(t.deps, handler, report('2026-03-03T09:00:00Z'))).reference;
    await markWorkforceInvolvement(t.deps, handler, restricted, { reason: 'A police officer is the suspect' });
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  async function as(username: string) {
    const s = new WebSession(server);
    await s.signIn(username);
    return s;
  }

  it('the dashboard draws every chart as an accessible SVG followed by its data table, each figure linking to its records', async () => {
    const s = await as('analyst');
    const res = await s.get(`/management-information?${period}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<title>Management information - Conduct</title>');
    for (const id of ['received', 'classification', 'dash', 'risk', 'allocation', 'spo', 'deadlines', 'outcomes', 'days_to_finalise']) {
      const section = new RegExp(`data-testid="chart-${id}"[\\s\\S]*?<svg[^>]*role="img"[^>]*aria-labelledby="chart-${id}-title chart-${id}-desc"[\\s\\S]*?<title id="chart-${id}-title">[\\s\\S]*?<desc id="chart-${id}-desc">[\\s\\S]*?</svg>\\s*<table class="govuk-table[^"]*" data-testid="table-${id}"`);
      expect(res.body, id).toMatch(section);
    }
    // Reports received: one in March for this user (the restricted one is not counted).
    expect(text(res.body)).toContain('Figures for 1 February 2026 to 31 March 2026, force-wide');
    expect(res.body).toMatch(/data-testid="headline-received">1</);
    const link = /href="(\/management-information\/records\?[^"]*figure=classification&amp;bucket=stalking[^"]*)"/.exec(res.body)![1]!.replace(/&amp;/g, '&');
    const records = await s.get(link);
    expect(records.statusCode).toBe(200);
    expect(text(records.body)).toContain('Stalking occurrences');
    expect(records.body).toContain(ordinary);
    expect(records.body).not.toContain(restricted);
    expect((records.body.match(/data-testid="record-row"/g) ?? []).length).toBe(1);
    expect(records.body).toMatch(/data-testid="record-count">1</);
  });

  it('ID-08: the restricted record is counted and listed for the auditor, never for the analyst', async () => {
    const auditor = await as('auditor');
    const mi = await auditor.get(`/management-information?${period}`);
    expect(mi.body).toMatch(/data-testid="headline-received">2</);
    const list = await auditor.get('/management-information/records?from=2026-02-01&to=2026-03-31&figure=received&bucket=2026-03');
    expect(list.body).toContain(restricted);
    expect(list.body).toContain('Restricted');
    const analyst = await as('analyst');
    const csv = await analyst.get('/management-information/records.csv?from=2026-02-01&to=2026-03-31&figure=received&bucket=all');
    expect(csv.body).not.toContain(restricted);
    const api = await server.inject({ method: 'GET', url: '/api/v1/management-information/records?from=2026-02-01&to=2026-03-31&figure=received&bucket=all', headers: { cookie: [...analyst.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(api.statusCode).toBe(200);
    expect(api.json()).toMatchObject({ total: 1, records: [{ reference: ordinary }] });
  });

  it('bad period values show a GOV.UK error summary linking to the field, keep what was typed, and write nothing', async () => {
    const s = await as('analyst');
    const ds = await as('ds');
    const before = await t.deps.store.db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await s.get('/management-information?from-day=31&from-month=2&from-year=2026&district=york');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('href="#from-day"');
    expect(res.body).toContain('id="from-day"');
    expect(res.body).toContain('<title>Error: Management information - Conduct</title>');
    expect(res.body).toMatch(/id="from-day" name="from-day" type="text" value="31"/);
    const compliance = await ds.get('/compliance?to-day=1&to-month=1&to-year=2026&from-day=2&from-month=1&from-year=2026');
    expect(compliance.statusCode).toBe(400);
    expect(compliance.body).toContain('href="#to-day"');
    const after = await t.deps.store.db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('CSV exports are logged reads with formula-safe cells; a chart table exports too', async () => {
    const s = await as('analyst');
    const exported = async () => (await t.deps.store.db.selectFrom('log_entries').selectAll().where('action', '=', 'report.exported').where('kind', '=', 'read').execute()).length;
    const before = await exported();
    const res = await s.get('/management-information/records.csv?from=2026-02-01&to=2026-03-31&figure=received&bucket=all');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment; filename="received-all-2026-02-01-to-2026-03-31.csv"');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('Reference,Received,District,Status,Restricted,Offence,Outcome,Finalised');
    expect(lines.length).toBe(2);
    expect(lines[1]).toContain(ordinary);
    const table = await s.get('/management-information/tables/classification?from=2026-02-01&to=2026-03-31');
    expect(table.body.split('\r\n').slice(0, 2)).toEqual(['Stalking and harassment,Occurrences', 'Stalking,1']);
    const bad = await s.get('/management-information/tables/nonsense?from=2026-02-01&to=2026-03-31');
    expect(bad.statusCode).toBe(400);
    expect(await exported()).toBe(before + 2);
  });

  it('the compliance report: every D and G requirement with drill-downs; refusals stated as not recorded; CSV and API agree', async () => {
    const s = await as('ds');
    const res = await s.get(`/compliance?${period}`);
    expect(res.statusCode).toBe(200);
    for (const id of ['ID-07', 'CS-05', 'AO-02', 'AO-08', 'SV-02', 'TS-03', 'AL-06', 'AL-07', 'AL-08', 'SP-08', 'SP-09']) expect(res.body, id).toContain(`data-requirement="${id}"`);
    for (const words of ['Met (deadlines: on time)', 'Open and overdue', 'Closed or overridden with a reason']) expect(text(res.body)).toContain(words);
    expect(text(res.body)).toContain('Refusals by a guard: Not recorded');
    const aoLink = /href="(\/compliance\/records\?[^"]*requirement=AO-02&amp;measure=late)"/.exec(res.body)![1]!.replace(/&amp;/g, '&');
    const drill = await s.get(aoLink);
    expect(drill.statusCode).toBe(200);
    expect(drill.body).toMatch(/data-testid="record-count">1</);
    expect(drill.body).toContain(ordinary);
    const csv = await s.get('/compliance.csv?from=2026-02-01&to=2026-03-31');
    expect(csv.body).toMatch(/\r\nAO-02,Guard,1,0,1,,,0,"?Not recorded/);
    expect(csv.body.split('\r\n')[0]).toBe('Requirement,Kind,Applied,Met (deadlines: on time),"Met late, or not met",Open and overdue,"Open, not yet due",Closed or overridden with a reason,Refusals,How counted');
    const api = await server.inject({ method: 'GET', url: '/api/v1/compliance?from=2026-02-01&to=2026-03-31', headers: { cookie: [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(api.statusCode).toBe(200);
    expect(api.json().rows.find((r: { id: string }) => r.id === 'AO-02')).toMatchObject({ applied: 1, met: 0, late: 1 });
    const bad = await server.inject({ method: 'GET', url: '/api/v1/compliance/records?requirement=AO-02&measure=sometimes', headers: { cookie: [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('measure');
  });

  it('only the roles that need them see the pages and the navigation links', async () => {
    const handler = await as('handler');
    expect((await handler.get('/management-information')).statusCode).toBe(403);
    expect((await handler.get('/compliance')).statusCode).toBe(403);
    expect((await handler.get('/')).body).not.toContain('Management information');
    const analyst = await as('analyst');
    const home = await analyst.get('/');
    expect(home.body).toContain('href="/management-information"');
    expect(home.body).not.toContain('href="/compliance"');
    expect((await analyst.get('/compliance')).statusCode).toBe(403);
    expect((await (await as('auditor')).get('/')).body).toContain('href="/compliance"');
  });
});

