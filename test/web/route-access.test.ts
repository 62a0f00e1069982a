import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
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

  it('only the sign-in page, health, assets and API docs are public', async () => {
    const publicUrls = ['/sign-in', '/health', '/api/docs/json', '/stylesheets/govuk-frontend.min.css'];
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
});
