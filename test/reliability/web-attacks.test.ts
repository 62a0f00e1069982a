import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/app';
import { WebSession, text } from '../support/server';
import { callersForEveryRole, type Caller } from '../support/callers';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { can, type Action } from '../../src/auth/permissions';
import { roles, type Role } from '../../src/domain/roles';
import { buildServer } from '../../src/web/server';
import type { UserRecord } from '../../src/store/repositories/users';

/**
 * Web attacks: forged form posts (CSRF), SQL injection through every search and text field,
 * session fixation and reuse, and the security headers. Cross-site scripting is proven in a real
 * browser in xss-browser.test.ts.
 */

const report = {
  receivedAt: '2026-03-01T09:30:00Z',
  channel: '101',
  callGrade: 'priority',
  district: 'leeds',
  location: 'Beeston, Leeds',
  firstAccount: 'He waits at the school gates and photographs her children.',
};

const secret = 'test-secret-that-is-long-enough-for-signing-cookies';

async function changeCounts(t: TestApp) {
  const db = t.deps.store.db;
  const occ = await db.selectFrom('occurrences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const log = await db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'change').executeTakeFirstOrThrow();
  const rows = await db.selectFrom('occurrences').select(['reference', 'version', 'status', 'restricted', 'location']).orderBy('reference').execute();
  return { occurrences: Number(occ.n), changes: Number(log.n), rows: JSON.stringify(rows) };
}

describe.each(testDialects())('web attacks on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let callers: Map<Role, Caller>;
  let creator: UserRecord;
  let reference: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    server = await buildServer({ deps: t.deps, sessionSecret: secret, signInAttemptsPerMinute: 100_000, production: true });
    await server.ready();
    creator = await t.user('call_handler', { username: 'attack.creator' });
    reference = (await recordOccurrence(t.deps, creator, report)).reference;
    callers = await callersForEveryRole(t, server, 'w');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await t?.dispose();
  });

  it('CSRF: every state-changing page refuses a post without its token, or with a forged one, and writes nothing', async () => {
    const unsafe = server.routeCatalogue.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !r.url.startsWith('/api/'));
    expect(unsafe.length).toBeGreaterThan(3);
    const refused: string[] = [];
    const accepted: string[] = [];
    for (const route of unsafe) {
      const url = route.url.replace(':reference', reference).replace(/:\w+/g, 'no-such-id');
      // Someone who may use the route; for sign-in, a visitor who has opened the sign-in page.
      let session: WebSession;
      let form: Record<string, string> = { location: 'Forged', reason: 'Forged', firstAccount: 'Forged', version: '1' };
      if (route.access === 'public') {
        session = new WebSession(server);
        await session.get('/sign-in');
        form = { username: 'attack.creator', password: TEST_PASSWORD };
      } else {
        const role = roles.find((r) => route.access === 'signed_in' || can(r, route.access as Action))!;
        session = callers.get(role)!.session;
      }
      for (const token of [undefined, 'forged-token', `${session.lastCsrf}x`]) {
        const before = await changeCounts(t);
        const res = await server.inject({
          method: route.method as 'POST',
          url,
          headers: { cookie: [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': 'application/x-www-form-urlencoded', origin: 'https://attacker.example' },
          payload: new URLSearchParams(token === undefined ? form : { ...form, _csrf: token }).toString(),
        });
        const label = `${route.method} ${route.url} with ${token === undefined ? 'no token' : 'a forged token'}`;
        if (res.statusCode === 403 && JSON.stringify(await changeCounts(t)) === JSON.stringify(before)) refused.push(label);
        else accepted.push(`${label}: ${res.statusCode}`);
      }
    }
    // The sessions are still signed in: a forged sign-out did nothing.
    expect((await callers.get('call_handler')!.session.get('/')).statusCode).toBe(200);
    console.log(`CSRF (${dialect}): ${unsafe.length} state-changing page routes x 3 forgeries: refused ${refused.length}, accepted ${accepted.length}`);
    expect(accepted).toEqual([]);
  });

  it('CSRF: the API with a session cookie (not a bearer token) needs the csrf-token header', async () => {
    const caller = callers.get('call_handler')!;
    const cookie = [...caller.session.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const before = await changeCounts(t);
    const forged = await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: { cookie }, payload: report });
    expect(forged.statusCode).toBe(403);
    const forgedPatch = await server.inject({ method: 'PATCH', url: `/api/v1/occurrences/${reference}`, headers: { cookie }, payload: { version: 1, location: 'Forged', reason: 'Forged' } });
    expect(forgedPatch.statusCode).toBe(403);
    expect(await changeCounts(t)).toEqual(before);
    const genuine = await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: { cookie, 'csrf-token': caller.session.lastCsrf! }, payload: report });
    expect(genuine.statusCode).toBe(201);
  });

  it('SQL injection: hostile strings are stored exactly as typed and searched harmlessly, through the API and the pages', async () => {
    const hostile = [
      "'; DROP TABLE occurrences; --",
      "Robert'); DELETE FROM log_entries; --",
      "' OR '1'='1",
      '" OR ""="',
      '1; UPDATE users SET role = \'administrator\'',
      "\\'; SELECT pg_sleep(5); --",
      "' UNION SELECT password_hash, username FROM users --",
      '%_%',
      '\\',
    ];
    const caller = callers.get('call_handler')!;
    const auth = { authorization: `Bearer ${caller.token}` };
    const before = await changeCounts(t);
    const created: { reference: string; text: string }[] = [];
    for (const [i, h] of hostile.entries()) {
      const firstAccount = `Injection check ${i} sqlprobe: ${h}`;
      const res = await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: auth, payload: { ...report, location: h, firstAccount } });
      expect(res.statusCode, h).toBe(201);
      created.push({ reference: res.json().occurrence.reference, text: firstAccount });
    }
    for (const c of created) {
      const row = await t.deps.store.db.selectFrom('occurrences').select(['first_account']).where('reference', '=', c.reference).executeTakeFirstOrThrow();
      expect(row.first_account).toBe(c.text);
    }
    for (const h of hostile) {
      for (const url of [`/api/v1/occurrences?text=${encodeURIComponent(h)}`, `/api/v1/occurrences?reference=${encodeURIComponent(h)}`, `/api/v1/occurrences?district=${encodeURIComponent(h)}`, `/api/v1/occurrences/${encodeURIComponent(h)}`]) {
        const res = await server.inject({ method: 'GET', url, headers: auth });
        expect([200, 400, 404], url).toContain(res.statusCode);
      }
      const page = await caller.session.get(`/occurrences?text=${encodeURIComponent(h)}`);
      expect([200, 400]).toContain(page.statusCode);
    }
    // The search for the probe word finds exactly the probes: no clause was smuggled in.
    const found = await server.inject({ method: 'GET', url: '/api/v1/occurrences?text=sqlprobe&limit=100', headers: auth });
    expect(found.json().occurrences.map((o: { reference: string }) => o.reference).sort()).toEqual(created.map((c) => c.reference).sort());
    const after = await changeCounts(t);
    expect(after.occurrences).toBe(before.occurrences + hostile.length);
    expect(after.changes).toBe(before.changes + hostile.length);
    // Every user still has the role they had.
    const admins = await t.deps.store.db.selectFrom('users').select('username').where('role', '=', 'administrator').execute();
    expect(admins.map((a) => a.username)).toEqual(['w.administrator']);
  });

  it('sessions: the id is new at sign-in, the one from before sign-in is worthless, and after sign-out neither pages nor API accept it', async () => {
    const s = new WebSession(server);
    await s.get('/sign-in');
    const fixed = s.cookies.get('conduct.sid')!;
    expect(fixed).toBeTruthy();
    await s.post('/sign-in', { username: 'attack.creator', password: TEST_PASSWORD });
    const signedIn = s.cookies.get('conduct.sid')!;
    expect(signedIn).not.toBe(fixed);
    // An attacker who planted the pre-sign-in id gets nothing.
    const planted = await server.inject({ method: 'GET', url: '/occurrences', headers: { cookie: `conduct.sid=${fixed}` } });
    expect(planted.statusCode).toBe(303);
    expect(planted.headers.location).toBe('/sign-in');
    expect((await server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `conduct.sid=${fixed}` } })).statusCode).toBe(401);
    expect((await server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `conduct.sid=${signedIn}` } })).statusCode).toBe(200);
    await s.get('/');
    await s.post('/sign-out', {});
    expect((await server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: `conduct.sid=${signedIn}` } })).statusCode).toBe(401);
    // The session row is gone from the database, not only forgotten by the browser.
    const sessions = await t.deps.store.db.selectFrom('sessions').select('sid').execute();
    expect(sessions.some((r) => signedIn.startsWith(r.sid))).toBe(false);
  });

  it('the session cookie is HttpOnly and SameSite=Lax, and Secure behind TLS', async () => {
    const plain = new WebSession(server);
    const res = await plain.get('/sign-in');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/conduct\.sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const tls = await buildServer({ deps: t.deps, sessionSecret: secret, cookieSecure: 'true', production: true });
    // Behind a TLS-terminating proxy: the request arrived over https.
    const secure = await tls.inject({ method: 'GET', url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } });
    expect(String(secure.headers['set-cookie'])).toMatch(/Secure/);
    await tls.close();
  });

  it('security headers on pages, API and documentation: CSP without unsafe-inline, no framing, no sniffing; HSTS only behind TLS', async () => {
    const caller = callers.get('call_handler')!;
    const responses = {
      'sign-in page': await server.inject({ method: 'GET', url: '/sign-in' }),
      'occurrence page': await caller.session.get(`/occurrences/${reference}`),
      'API': await server.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${caller.token}` } }),
      'API problem': await server.inject({ method: 'GET', url: '/api/v1/occurrences' }),
      'not found': await caller.session.get('/no-such-page'),
      'API documentation': await server.inject({ method: 'GET', url: '/api/docs/static/index.html' }),
    };
    for (const [name, res] of Object.entries(responses)) {
      const csp = String(res.headers['content-security-policy'] ?? '');
      expect(csp, name).toContain("frame-ancestors 'none'");
      expect(csp, name).toContain("default-src 'self'");
      const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
      expect(scriptSrc, name).not.toContain('unsafe-inline');
      expect(scriptSrc, name).not.toContain('unsafe-eval');
      expect(res.headers['x-content-type-options'], name).toBe('nosniff');
      expect(res.headers['strict-transport-security'], name).toBeUndefined();
    }
    // Styles too on Conduct's own pages (the documentation bundle is a third-party page, checked for scripts above).
    expect(String(responses['occurrence page'].headers['content-security-policy'])).not.toContain('unsafe-inline');
    const tls = await buildServer({ deps: t.deps, sessionSecret: secret, cookieSecure: 'true', production: true });
    const res = await tls.inject({ method: 'GET', url: '/sign-in', headers: { 'x-forwarded-proto': 'https' } });
    expect(String(res.headers['strict-transport-security'])).toMatch(/max-age=\d{7,}/);
    await tls.close();
  });

  it('an error page never echoes what was typed unescaped', async () => {
    const caller = callers.get('call_handler')!;
    const probe = '<script>alert("reflected")</script>';
    const list = await caller.session.get(`/occurrences?text=${encodeURIComponent(probe)}&reference=${encodeURIComponent(probe)}`);
    expect(list.body).not.toContain(probe);
    const missing = await caller.session.get(`/occurrences/${encodeURIComponent(probe)}`);
    expect(missing.body).not.toContain(probe);
    const api = await server.inject({ method: 'GET', url: `/api/v1/occurrences/${encodeURIComponent(probe)}`, headers: { authorization: `Bearer ${caller.token}` } });
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(text(list.body)).toContain('There is a problem');
  });
});
