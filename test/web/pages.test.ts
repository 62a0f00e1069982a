import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession, text } from '../support/server';

const validForm = {
  'receivedAt-day': '2',
  'receivedAt-month': '3',
  'receivedAt-year': '2026',
  'receivedAt-time': '13:45',
  channel: '999',
  callGrade: 'emergency',
  district: 'leeds',
  location: 'Roundhay Road, Leeds',
  firstAccount: 'My ex-partner has sent <script>alert(1)</script> 60 messages today and waited outside my flat.',
};

async function countRows(t: TestApp) {
  const db = t.deps.store.db;
  const occ = await db.selectFrom('occurrences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const log = await db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'change').executeTakeFirstOrThrow();
  return { occurrences: Number(occ.n), changes: Number(log.n) };
}

describe.each(testDialects())('web pages on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    server = await createTestServer(t);
    await t.user('call_handler', { username: 'handler' });
    await t.user('administrator', { username: 'admin', district: null });
    await t.user('auditor', { username: 'auditor', district: null });
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const s = new WebSession(server);
    const res = await s.get('/occurrences');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
  });

  it('signs in, shows name, role and district, and starts the session only at sign-in', async () => {
    const s = new WebSession(server);
    await s.get('/sign-in');
    // Nothing is stored for a visitor: the session (and its cookie) begins at sign-in.
    expect(s.cookies.get('conduct.sid')).toBeUndefined();
    const res = await s.post('/sign-in', { username: 'handler', password: 'correct-horse-battery' });
    expect(res.statusCode).toBe(303);
    expect(s.cookies.get('conduct.sid')).toBeTruthy();
    const home = await s.get('/');
    expect(home.statusCode).toBe(200);
    expect(text(home.body)).toContain('Test call_handler');
    expect(text(home.body)).toContain('Leeds');
    expect(home.body).toContain('<title>Home - Conduct</title>');
  });

  it('refuses a wrong password with the same message as an unknown user, and keeps the username typed', async () => {
    const s = new WebSession(server);
    await s.get('/sign-in');
    const wrong = await s.post('/sign-in', { username: 'handler', password: 'not-the-password' });
    const unknown = await s.post('/sign-in', { username: 'nobody', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(text(wrong.body)).toContain('Enter a correct username and password');
    expect(text(unknown.body)).toContain('Enter a correct username and password');
    expect(wrong.body).toContain('value="handler"');
  });

  it('CS-02, CS-07: a call handler records a report, gets a reference and sees the log entry', async () => {
    const s = new WebSession(server);
    await s.signIn('handler');
    await s.get('/occurrences/new');
    const res = await s.post('/occurrences', validForm);
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/occurrences\/11-\d{4}-\d{6}$/);
    const page = await s.get(location);
    expect(page.statusCode).toBe(200);
    const body = text(page.body);
    expect(body).toContain('Report recorded as');
    expect(body).toContain('Roundhay Road, Leeds');
    expect(body).toContain('2 March 2026 at 13:45');
    expect(body).toContain('Immediate deployment is required');
    expect(body).toContain('Occurrence log');
    expect(body).toContain('CS-07');
    // Templates escape what users type.
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const list = await s.get('/occurrences?text=messages');
    expect(list.body).toContain(location);
  });

  it('an invalid form re-renders with the error summary, keeps what was typed and saves nothing', async () => {
    const s = new WebSession(server);
    await s.signIn('handler');
    await s.get('/occurrences/new');
    const before = await countRows(t);
    const res = await s.post('/occurrences', { ...validForm, 'receivedAt-day': '31', 'receivedAt-month': '2', firstAccount: '', callGrade: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('<title>Error: Record a report - Conduct</title>');
    expect(text(res.body)).toContain('must be a real date');
    expect(text(res.body)).toContain('Enter the first account');
    expect(text(res.body)).toContain('Select a call grade');
    expect(res.body).toContain('href="#receivedAt-day"');
    expect(res.body).toContain('value="Roundhay Road, Leeds"');
    expect(await countRows(t)).toEqual(before);
  });

  it('a form posted without its CSRF token is refused and saves nothing', async () => {
    const s = new WebSession(server);
    await s.signIn('handler');
    const before = await countRows(t);
    const res = await s.post('/occurrences', validForm, { csrf: false });
    expect(res.statusCode).toBe(403);
    expect(await countRows(t)).toEqual(before);
  });

  it('a role without the permission gets 403 on the page (administrator has no need to know case records)', async () => {
    const s = new WebSession(server);
    await s.signIn('admin');
    expect((await s.get('/occurrences')).statusCode).toBe(403);
    expect((await s.get('/occurrences/new')).statusCode).toBe(403);
    const auditor = new WebSession(server);
    await auditor.signIn('auditor');
    expect((await auditor.get('/occurrences')).statusCode).toBe(200);
    expect((await auditor.get('/occurrences/new')).statusCode).toBe(403);
  });

  it('navigation shows only what the role may use', async () => {
    const admin = new WebSession(server);
    await admin.signIn('admin');
    const home = await admin.get('/');
    expect(home.body).not.toContain('href="/occurrences/new"');
    expect(home.body).not.toContain('>Occurrences<');
    const handler = new WebSession(server);
    await handler.signIn('handler');
    const h = await handler.get('/');
    expect(h.body).toContain('href="/occurrences/new"');
  });

  it('signing out ends the session: the old cookie no longer works', async () => {
    const s = new WebSession(server);
    await s.signIn('handler');
    await s.get('/');
    const old = s.cookies.get('conduct.sid')!;
    await s.post('/sign-out', {});
    const res = await server.inject({ method: 'GET', url: '/', headers: { cookie: `conduct.sid=${old}` } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in');
  });

  it('the Policy page lists every requirement with the decisions and tests behind it', async () => {
    const s = new WebSession(server);
    await s.signIn('admin');
    const res = await s.get('/policy');
    expect(res.statusCode).toBe(200);
    const body = text(res.body);
    expect(body).toContain('AL-07');
    expect(body).toContain('Words of advice are never an outcome for a stalking crime.');
    expect(res.body).toMatch(/id="AL-07"[\s\S]*?<code>finalisation<\/code>/);
    expect(body).toContain('Rules, guards and deadlines must all have both, and they do');
  });

  it('sends security headers: CSP without unsafe-inline, no framing', async () => {
    const res = await server.inject({ method: 'GET', url: '/sign-in' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
