import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig } from '../../src/config';
import { buildServer, type ServerOptions } from '../../src/web/server';
import { createTestApp, type TestApp } from '../support/app';

describe('TRUST_PROXY configuration', () => {
  it('trusts no proxy by default, and not because COOKIE_SECURE is true', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ COOKIE_SECURE: 'true' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('takes a hop count, or addresses and CIDR ranges separated by commas', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).trustProxy).toEqual(['127.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, ::1 ,fd00::/8,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses anything else, naming the variable', () => {
    for (const bad of ['true', '*', '10.0.0.0/33', '10.0.0', 'proxy.example', '99']) {
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('the sign-in rate limit and X-Forwarded-For', () => {
  let t: TestApp;
  const servers: FastifyInstance[] = [];
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await t.dispose();
  });

  async function server(options: Partial<ServerOptions>): Promise<FastifyInstance> {
    const s = await buildServer({
      deps: t.deps,
      sessionSecret: 'test-secret-that-is-long-enough-for-signing-cookies',
      signInAttemptsPerMinute: 10,
      production: true,
      ...options,
    });
    await s.ready();
    servers.push(s);
    return s;
  }

  /** 40 sign-in attempts from one socket address (127.0.0.1), each claiming another client address. */
  async function rotating(s: FastifyInstance, forwardedFor: (i: number) => string): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await s.inject({
        method: 'POST',
        url: '/sign-in',
        remoteAddress: '127.0.0.1',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor(i) },
        payload: 'username=nobody&password=wrong-password',
      });
      statuses.push(res.statusCode);
    }
    return statuses;
  }

  it('with no TRUST_PROXY, even with COOKIE_SECURE=true, counts the socket address: rotating X-Forwarded-For still meets 429', async () => {
    for (const options of [{}, { cookieSecure: 'true' as const }]) {
      const statuses = await rotating(await server(options), (i) => `198.51.100.${i + 1}`);
      expect(statuses.slice(0, 10)).not.toContain(429);
      expect(statuses.slice(10)).toEqual(Array(30).fill(429));
    }
  });

  it('with TRUST_PROXY=127.0.0.1 (or one hop), counts the address the proxy forwards', async () => {
    for (const trustProxy of [['127.0.0.1'], 1]) {
      const s = await server({ trustProxy });
      expect(await rotating(s, (i) => `203.0.113.${i + 1}`)).not.toContain(429);
      const same = await rotating(s, () => '192.0.2.7');
      expect(same.slice(0, 10)).not.toContain(429);
      expect(same.slice(10)).toEqual(Array(30).fill(429));
    }
  });

  it('with TRUST_PROXY naming another address, ignores X-Forwarded-For from this one', async () => {
    const statuses = await rotating(await server({ trustProxy: ['10.0.0.1'] }), (i) => `198.51.100.${i + 1}`);
    expect(statuses.slice(10)).toEqual(Array(30).fill(429));
  });
});
