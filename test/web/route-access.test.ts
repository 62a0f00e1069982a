import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Kysely, SqliteDialect } from 'kysely';
import BetterSqlite3 from 'better-sqlite3';
import { createApiToken } from '../../src/app/admin/users';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession } from '../support/server';
import { buildServer } from '../../src/web/server';

describe('route access', () => {
  let t: TestApp;
  let server: FastifyInstance;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    server = await createTestServer(t);
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('every route of the app declares who may use it (default deny)', async () => {
    // A route without an access declaration cannot be registered at all.
    const bare = await buildServer({ deps: t.deps, sessionSecret: 'test-secret-that-is-long-enough-for-signing-cookies' });
    expect(() => bare.get('/forgotten', async () => 'oops')).toThrow(/does not declare its access/);
    await bare.close();
  });

  it('only the sign-in page, health and assets are public', async () => {
    const publicUrls = ['/sign-in', '/health', '/stylesheets/govuk-frontend.min.css'];
    for (const url of publicUrls) {
      const res = await server.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
    }
    for (const url of ['/', '/occurrences', '/occurrences/new', '/policy']) {
      const res = await server.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(303);
    }
    for (const url of ['/api/v1/me', '/api/v1/occurrences', '/api/v1/decisions']) {
      const res = await server.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('files outside the allowed assets are not served; unknown pages ask a visitor to sign in first', async () => {
    const anonymous = await server.inject({ method: 'GET', url: '/stylesheets/index.scss' });
    expect(anonymous.statusCode).toBe(303);
    await t.user('call_handler', { username: 'handler' });
    const s = new WebSession(server);
    await s.signIn('handler');
    expect((await s.get('/stylesheets/index.scss')).statusCode).toBe(404);
    expect((await s.get('/no-such-page')).statusCode).toBe(404);
  });

  it('limits sign-in attempts per address: the eleventh in a minute gets 429', async () => {
    const limited = await createTestServer(t, { signInAttemptsPerMinute: 10 });
    const s = new WebSession(limited);
    await s.get('/sign-in');
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await s.post('/sign-in', { username: 'nobody', password: 'wrong-password' })).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[10]).toBe(429);
    await limited.close();
  });

  it('/health says only that the service is up, and 503 when the database does not answer', async () => {
    const res = await server.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
    expect(res.body).not.toMatch(/sqlite|postgres|database/i);
    const connection = new BetterSqlite3(':memory:');
    connection.close();
    const closed = new Kysely<never>({ dialect: new SqliteDialect({ database: connection }) });
    const down = await buildServer({ deps: { ...t.deps, store: { ...t.deps.store, db: closed as never } }, sessionSecret: 'test-secret-that-is-long-enough-for-signing-cookies' });
    const unavailable = await down.inject({ method: 'GET', url: '/health' });
    expect(unavailable.statusCode).toBe(503);
    expect(unavailable.json()).toEqual({ status: 'unavailable' });
    await down.close();
  });

  it('the API documentation needs a signed-in user or a bearer token, unless configured public', async () => {
    await t.user('call_handler', { username: 'docs.reader' });
    for (const url of ['/api/docs', '/api/docs/json', '/api/docs/static/index.html']) {
      const anonymous = await server.inject({ method: 'GET', url });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.body, url).not.toContain('/api/v1/occurrences');
    }
    const { token } = await createApiToken(t.deps, 'docs.reader');
    const withToken = await server.inject({ method: 'GET', url: '/api/docs/json', headers: { authorization: `Bearer ${token}` } });
    expect(withToken.statusCode).toBe(200);
    expect(Object.keys(withToken.json().paths)).toContain('/api/v1/occurrences');
    expect((await server.inject({ method: 'GET', url: '/api/docs/json', headers: { authorization: 'Bearer not-a-token' } })).statusCode).toBe(401);
    const s = new WebSession(server);
    await s.signIn('docs.reader');
    expect((await s.get('/api/docs/json')).statusCode).toBe(200);
    expect((await s.get('/api/docs')).statusCode).toBeLessThan(400);

    const open = await buildServer({ deps: t.deps, sessionSecret: 'test-secret-that-is-long-enough-for-signing-cookies', apiDocsPublic: true });
    for (const url of ['/api/docs', '/api/docs/json']) expect((await open.inject({ method: 'GET', url })).statusCode, url).toBeLessThan(400);
    expect(open.routeCatalogue.filter((r) => r.url.startsWith('/api/docs')).every((r) => r.access === 'public')).toBe(true);
    expect(server.routeCatalogue.filter((r) => r.url.startsWith('/api/docs')).every((r) => r.access === 'signed_in')).toBe(true);
    await open.close();
  });
});
