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
import { purgeExpiredSessions } from '../../src/web/plugins/session-store';
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
    // Nothing is stored before sign-in, so there is no session id to fix: an attacker can only plant one of their own.
    expect(s.cookies.get('conduct.sid')).toBeUndefined();
    const fixed = 'attacker-chosen-session-id.forged-signature';
    s.cookies.set('conduct.sid', fixed);
    await s.post('/sign-in', { username: 'attack.creator', password: TEST_PASSWORD });
    const signedIn = s.cookies.get('conduct.sid')!;
    expect(signedIn).toBeTruthy();
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

  it('the session and CSRF cookies are HttpOnly and SameSite=Lax, and Secure behind TLS', async () => {
    const plain = new WebSession(server);
    const page = await plain.get('/sign-in');
    expect(String(page.headers['set-cookie'])).toMatch(/conduct\.csrf=[^;]+;.*HttpOnly.*SameSite=Lax/i);
    const res = await plain.post('/sign-in', { username: 'attack.creator', password: TEST_PASSWORD });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/conduct\.sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // Behind a TLS-terminating proxy (trusted): the request arrived over https.
    const tls = await buildServer({ deps: t.deps, sessionSecret: secret, cookieSecure: 'true', trustProxy: ['127.0.0.1'], production: true });
    const https = { 'x-forwarded-proto': 'https' };
    const tlsPage = await tls.inject({ method: 'GET', url: '/sign-in', headers: https });
    const csrfCookie = tlsPage.cookies.find((c) => c.name === 'conduct.csrf')!;
    expect(csrfCookie.secure).toBe(true);
    const secure = await tls.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { ...https, cookie: `conduct.csrf=${csrfCookie.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: 'attack.creator', password: TEST_PASSWORD, _csrf: /name="_csrf" value="([^"]+)"/.exec(tlsPage.body)![1]! }).toString(),
    });
    expect(secure.statusCode).toBe(303);
    expect(secure.cookies.find((c) => c.name === 'conduct.sid')?.secure).toBe(true);
    await tls.close();
  });

  it('visitors who are not signed in store nothing: no session row for pages, long URLs or the sign-in form; the page asked for is remembered in a capped cookie', async () => {
    const db = t.deps.store.db;
    const count = async () => Number((await db.selectFrom('sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    for (let i = 0; i < 100; i++) {
      await server.inject({ method: 'GET', url: `/occurrences?text=visit${i}` });
      await server.inject({ method: 'GET', url: '/sign-in' });
      await server.inject({ method: 'GET', url: `/occurrences?text=${'x'.repeat(15_000)}${i}` });
    }
    // A failed sign-in stores nothing either.
    const failed = new WebSession(server);
    await failed.get('/sign-in');
    expect((await failed.post('/sign-in', { username: 'attack.creator', password: 'not-the-password' })).statusCode).toBe(401);
    expect(await count()).toBe(before);

    // The page asked for is taken back to after sign-in, from a cookie that is only sent to the sign-in page.
    const s = new WebSession(server);
    const asked = await s.get('/occurrences?text=beeston');
    expect(asked.statusCode).toBe(303);
    expect(String(asked.headers['set-cookie'])).toMatch(/conduct\.return=[^;]+; Max-Age=\d+; Path=\/sign-in; HttpOnly; SameSite=Lax/);
    await s.get('/sign-in');
    const back = await s.post('/sign-in', { username: 'attack.creator', password: TEST_PASSWORD });
    expect(back.headers.location).toBe('/occurrences?text=beeston');
    expect(s.cookies.has('conduct.return')).toBe(false);
    expect(await count()).toBe(before + 1);

    // A URL longer than 500 characters is not remembered (sign-in goes home), nor one for another host.
    for (const url of [`/occurrences?text=${'y'.repeat(600)}`, '//evil.example/occurrences']) {
      const v = new WebSession(server);
      const res = await v.get(url);
      expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/conduct\.return/);
      await v.get('/sign-in');
      expect((await v.post('/sign-in', { username: 'attack.creator', password: TEST_PASSWORD })).headers.location).toBe('/');
    }
    // A return cookie set by hand is held to the same rules.
    const forged = new WebSession(server);
    await forged.get('/sign-in');
    forged.cookies.set('conduct.return', encodeURIComponent('https://evil.example/'));
    expect((await forged.post('/sign-in', { username: 'attack.creator', password: TEST_PASSWORD })).headers.location).toBe('/');
  });

  it('the CSRF token of the sign-in form works without a session, and is worthless once signed in or for another visitor', async () => {
    const a = new WebSession(server);
    await a.get('/sign-in');
    const b = new WebSession(server);
    await b.get('/sign-in');
    // Visitor B's token with visitor A's cookie is refused.
    expect((await a.post('/sign-in', { username: 'attack.creator', password: TEST_PASSWORD, _csrf: b.lastCsrf! })).statusCode).toBe(403);
    const signIn = await a.post('/sign-in', { username: 'attack.creator', password: TEST_PASSWORD });
    expect(signIn.statusCode).toBe(303);
    // The token from before sign-in does not work for the signed-in user; a page's new token does.
    expect((await a.post('/sign-out', {})).statusCode).toBe(403);
    await a.get('/');
    expect((await a.post('/sign-out', {})).statusCode).toBe(303);
  });

  it('expired sessions are deleted by the purge, whether presented again or not; live ones stay', async () => {
    const db = t.deps.store.db;
    const now = t.deps.clock().getTime();
    const at = (ms: number) => new Date(now + ms).toISOString();
    await db.insertInto('sessions').values([
      { sid: 'purge-expired-1', data: '{}', user_id: null, expires_at: at(-60_000) },
      { sid: 'purge-expired-2', data: '{}', user_id: null, expires_at: at(-8 * 3_600_000) },
      { sid: 'purge-live', data: '{}', user_id: null, expires_at: at(3_600_000) },
    ]).execute();
    expect(await purgeExpiredSessions(t.deps)).toBeGreaterThanOrEqual(2);
    const left = (await db.selectFrom('sessions').select('sid').where('sid', 'like', 'purge-%').execute()).map((r) => r.sid);
    expect(left).toEqual(['purge-live']);
    await db.deleteFrom('sessions').where('sid', '=', 'purge-live').execute();
  });

  it('every response to a signed-in user or a bearer token says Cache-Control: no-store (pages, API, documentation, downloads); static files stay cacheable', async () => {
    const caller = callers.get('call_handler')!;
    const bearer = { authorization: `Bearer ${caller.token}` };
    const responses = {
      'home page': await caller.session.get('/'),
      'occurrence page': await caller.session.get(`/occurrences/${reference}`),
      'not found page': await caller.session.get('/no-such-page'),
      'API with the session': await server.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: [...caller.session.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } }),
      'API with a token': await server.inject({ method: 'GET', url: `/api/v1/occurrences/${reference}`, headers: bearer }),
      'API problem with a token': await server.inject({ method: 'GET', url: '/api/v1/occurrences/no-such-reference', headers: bearer }),
      'API documentation': await server.inject({ method: 'GET', url: '/api/docs/json', headers: bearer }),
    };
    for (const [name, res] of Object.entries(responses)) {
      expect(res.statusCode, name).toBeLessThan(500);
      expect(res.headers['cache-control'], name).toBe('no-store');
    }
    const stylesheet = await caller.session.get('/stylesheets/govuk-frontend.min.css');
    expect(stylesheet.statusCode).toBe(200);
    expect(String(stylesheet.headers['cache-control'])).toMatch(/max-age=86400/);
  });

  it('deeply nested JSON (10,000 levels) is refused with 400 naming the limit, signed out and signed in, and writes nothing', async () => {
    const caller = callers.get('call_handler')!;
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}"x"${'}'.repeat(levels)}`;
    const deepArray = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;
    const json = { 'content-type': 'application/json' };
    const before = await changeCounts(t);
    for (const payload of [deep(10_000), deepArray(10_000), `{"firstAccount":${deep(10_000)}}`]) {
      const answers = {
        'sign-in, signed out': await server.inject({ method: 'POST', url: '/sign-in', headers: json, payload }),
        'API, token': await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: { ...json, authorization: `Bearer ${caller.token}` }, payload }),
        'API patch, token': await server.inject({ method: 'PATCH', url: `/api/v1/occurrences/${reference}`, headers: { ...json, authorization: `Bearer ${caller.token}` }, payload }),
        'API decision, token': await server.inject({ method: 'POST', url: '/api/v1/decisions/no-such-decision', headers: { ...json, authorization: `Bearer ${caller.token}` }, payload }),
      };
      for (const [name, res] of Object.entries(answers)) {
        expect(res.statusCode, `${name}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      }
      for (const name of ['API, token', 'API patch, token'] as const) {
        expect(answers[name].statusCode, name).toBe(400);
        expect(answers[name].body, name).toContain('nested more than');
      }
      // Signed out: the API asks for sign-in first; the public sign-in form is refused as a forgery or as too deep, never a 500.
      expect((await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: json, payload })).statusCode).toBe(401);
      expect([400, 403]).toContain(answers['sign-in, signed out'].statusCode);
    }
    // A signed-in page with its CSRF token, too.
    const page = await server.inject({
      method: 'POST',
      url: `/occurrences/${reference}/edit`,
      headers: { ...json, cookie: [...caller.session.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'csrf-token': caller.session.lastCsrf! },
      payload: deep(10_000),
    });
    expect(page.statusCode).toBeLessThan(500);
    // Nesting within the limit is still read (and refused by the schema, not the depth check).
    const shallow = await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: { ...json, authorization: `Bearer ${caller.token}` }, payload: deep(10) });
    expect(shallow.statusCode).toBe(400);
    expect(shallow.body).not.toContain('nested more than');
    expect(await changeCounts(t)).toEqual(before);
  });

  it('security headers on pages, API and documentation: CSP without unsafe-inline, no framing, no sniffing; HSTS only behind TLS', async () => {
    const caller = callers.get('call_handler')!;
    const responses = {
      'sign-in page': await server.inject({ method: 'GET', url: '/sign-in' }),
      'occurrence page': await caller.session.get(`/occurrences/${reference}`),
      'API': await server.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${caller.token}` } }),
      'API problem': await server.inject({ method: 'GET', url: '/api/v1/occurrences' }),
      'not found': await caller.session.get('/no-such-page'),
      'API documentation': await server.inject({ method: 'GET', url: '/api/docs/static/index.html', headers: { authorization: `Bearer ${caller.token}` } }),
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
