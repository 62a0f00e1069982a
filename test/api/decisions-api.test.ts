import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession } from '../support/server';
import { createApiToken } from '../../src/app/admin/users';
import { decisions } from '../../src/policy/index';
import { validInputs } from '../policy/arbitraries';

describe('POST /api/v1/decisions/NAME', () => {
  let t: TestApp;
  let server: FastifyInstance;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    server = await createTestServer(t);
    await t.user('investigating_officer', { username: 'oic' });
    token = (await createApiToken(t.deps, 'oic')).token;
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  const post = (name: string, payload: unknown) =>
    server.inject({
      method: 'POST',
      url: `/api/v1/decisions/${name}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });

  it('AL-07: the finalisation decision refuses words of advice for a stalking crime, naming the requirement', async () => {
    const res = await post('finalisation', {
      offence: 's2A',
      unit: 'CID',
      outcome: 'words_of_advice',
      rationale: 'Victim asked for the suspect to be spoken to only.',
      proportionateInvestigationComplete: true,
      finalisedByRank: 'DS',
      suspectNamed: true,
      suspectArrestedOrInterviewed: false,
      suspectCharged: false,
      victimSupportsAction: false,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.allowed).toBe(false);
    expect(body.violations.map((v: { requirement: string }) => v.requirement)).toContain('AL-07');
  });

  it('lists every decision with its requirement IDs and JSON Schemas', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/decisions', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    const names = res.json().decisions.map((d: { name: string }) => d.name);
    expect(names).toEqual([...decisions.keys()]);
    for (const d of res.json().decisions) {
      expect(d.requirements.length).toBeGreaterThan(0);
      expect(d.inputSchema.type).toBe('object');
    }
  });

  it('404 problem+json for a decision that does not exist', async () => {
    const res = await post('noSuchDecision', {});
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('every valid input answers 200 and cites a requirement ID', async () => {
    for (const name of decisions.keys()) {
      await fc.assert(
        fc.asyncProperty(validInputs[name]!, async (input) => {
          const res = await post(name, input);
          expect(res.statusCode, `${name} ${JSON.stringify(input)}`).toBe(200);
          expect(JSON.stringify(res.json())).toMatch(/[A-Z]{2}-\d{2}/);
        }),
        { numRuns: 10 },
      );
    }
  });

  it('every invalid input answers 400 problem+json naming a field, never 5xx', async () => {
    for (const name of decisions.keys()) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.anything(), fc.dictionary(fc.string(), fc.jsonValue())), async (junk) => {
          const res = await post(name, junk ?? null);
          expect(res.statusCode, `${name} ${JSON.stringify(junk)}`).toBeLessThan(500);
          if (res.statusCode === 400) {
            expect(res.headers['content-type']).toContain('application/problem+json');
            expect(res.json().errors[0].field).toEqual(expect.any(String));
          } else {
            expect(res.statusCode).toBe(200);
          }
        }),
        { numRuns: 15 },
      );
    }
  });

  it('with a session cookie, a decision needs the CSRF token like any other state-changing request', async () => {
    const s = new WebSession(server);
    await s.signIn('oic');
    await s.get('/');
    const cookie = [...s.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const without = await server.inject({ method: 'POST', url: '/api/v1/decisions/classification', headers: { cookie, 'content-type': 'application/json' }, payload: '{}' });
    expect(without.statusCode).toBe(403);
    const withToken = await server.inject({
      method: 'POST',
      url: '/api/v1/decisions/classification',
      headers: { cookie, 'content-type': 'application/json', 'csrf-token': s.lastCsrf! },
      payload: JSON.stringify({ fixated: true, obsessive: false, unwanted: true, repeated: true, occasions: 2, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false }),
    });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.json().classification).toBe('stalking');
  });
});

describe('API bodies that cannot be parsed', () => {
  it('a body with a prototype-poisoning key or broken JSON is a 400 naming the body, never 5xx', async () => {
    const t = await createTestApp('sqlite');
    const server = await createTestServer(t);
    await t.user('investigating_officer', { username: 'oic' });
    const { token } = await createApiToken(t.deps, 'oic');
    for (const payload of ['{"__proto__":0}', '{"constructor":{"prototype":{}}}', '{not json', '']) {
      const res = await server.inject({
        method: 'POST',
        url: '/api/v1/decisions/classification',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload,
      });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json().errors[0].field, payload).toEqual(expect.any(String));
    }
    await server.close();
    await t.dispose();
  });
});
