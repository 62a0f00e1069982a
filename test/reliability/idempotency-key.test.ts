import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer } from '../support/server';
import { createApiToken } from '../../src/app/admin/users';
import { purgeExpiredIdempotencyKeys } from '../../src/api/idempotency';

const report = {
  receivedAt: '2026-03-01T09:30:00Z',
  channel: '101',
  callGrade: 'priority',
  district: 'leeds',
  location: 'Chapeltown Road, Leeds',
  firstAccount: 'He keeps leaving notes on her car.',
};

describe.each(testDialects())('Idempotency-Key on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let handler: string;
  let officer: string;

  async function counts() {
    const db = t.deps.store.db;
    const occ = await db.selectFrom('occurrences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const log = await db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'change').executeTakeFirstOrThrow();
    return { occurrences: Number(occ.n), changes: Number(log.n) };
  }
  const post = (token: string, payload: unknown, key?: string) =>
    server.inject({
      method: 'POST',
      url: '/api/v1/occurrences',
      headers: { authorization: `Bearer ${token}`, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload: payload as object,
    });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    server = await createTestServer(t);
    await t.user('call_handler', { username: 'handler' });
    await t.user('attending_officer', { username: 'officer' });
    handler = (await createApiToken(t.deps, 'handler')).token;
    officer = (await createApiToken(t.deps, 'officer')).token;
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('a retry with the same key and request gets the first response, marked replayed, and records nothing more', async () => {
    const first = await post(handler, report, 'retry-1');
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const before = await counts();
    // The same JSON with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(report).reverse());
    const again = await post(handler, reordered, 'retry-1');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await counts()).toEqual(before);
  });

  it('the same key with a different request is refused with 422 naming the header, and writes nothing', async () => {
    await post(handler, report, 'reused-key');
    const before = await counts();
    const res = await post(handler, { ...report, location: 'Harehills Lane, Leeds' }, 'reused-key');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors[0].field).toBe('Idempotency-Key');
    expect(res.json().detail).toContain('different request');
    expect(await counts()).toEqual(before);
  });

  it('keys belong to the user who sent them: another user with the same key makes their own record', async () => {
    const mine = await post(handler, report, 'shared-key');
    const theirs = await post(officer, report, 'shared-key');
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().occurrence.reference).not.toBe(mine.json().occurrence.reference);
  });

  it('ten copies of one request sent at once with one key make one record; every copy gets its response', async () => {
    const before = await counts();
    const marker = `concurrent-${dialect}-${Date.now()}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => post(handler, { ...report, firstAccount: marker }, marker)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(results.map((r) => r.json().occurrence.reference)).size).toBe(1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] !== 'true').length).toBe(1);
    const after = await counts();
    expect(after.occurrences - before.occurrences).toBe(1);
    expect(after.changes - before.changes).toBe(1);
  });

  it('a refused request is not remembered: corrected and sent again with the same key, it is recorded', async () => {
    const bad = await post(handler, { ...report, callGrade: 'urgent' }, 'fix-and-retry');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('callGrade');
    const good = await post(handler, { ...report, firstAccount: 'Corrected after a refusal.' }, 'fix-and-retry');
    expect(good.statusCode).toBe(201);
    expect(good.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a malformed key is refused with 400 naming the header; no key at all works as before', async () => {
    const before = await counts();
    for (const key of ['', 'has space', 'x'.repeat(256), 'naïve']) {
      const res = await post(handler, report, key);
      expect(res.statusCode, JSON.stringify(key)).toBe(400);
      expect(res.json().errors[0].field.toLowerCase(), JSON.stringify(key)).toBe('idempotency-key');
    }
    expect(await counts()).toEqual(before);
    expect((await post(handler, report)).statusCode).toBe(201);
    expect((await post(handler, report)).statusCode).toBe(201);
    expect((await counts()).occurrences).toBe(before.occurrences + 2);
  });

  it('keys are kept for 24 hours, then purged (their stored responses hold personal data)', async () => {
    const first = await post(handler, report, 'kept-a-day');
    t.clock.advance(23 * 60 * 60 * 1000);
    await purgeExpiredIdempotencyKeys(t.deps);
    expect((await post(handler, report, 'kept-a-day')).headers['idempotent-replayed']).toBe('true');
    t.clock.advance(2 * 60 * 60 * 1000);
    expect(await purgeExpiredIdempotencyKeys(t.deps)).toBeGreaterThan(0);
    const left = await t.deps.store.db.selectFrom('idempotency_keys').select('key').where('key', '=', 'kept-a-day').execute();
    expect(left).toEqual([]);
    const again = await post(handler, report, 'kept-a-day');
    expect(again.statusCode).toBe(201);
    expect(again.json().occurrence.reference).not.toBe(first.json().occurrence.reference);
  });

  it('OpenAPI documents the Idempotency-Key header and the Idempotent-Replayed response header', async () => {
    const doc = (await server.inject({ method: 'GET', url: '/api/docs/json', headers: { authorization: `Bearer ${handler}` } })).json();
    for (const [path, method] of [
      ['/api/v1/occurrences', 'post'],
      ['/api/v1/occurrences/{reference}', 'patch'],
    ] as const) {
      const op = doc.paths[path][method];
      expect(op.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'idempotency-key'), `${method} ${path}`).toBe(true);
      const ok = Object.entries(op.responses as Record<string, { headers?: Record<string, unknown> }>).find(([s]) => s.startsWith('2'));
      expect(ok?.[1].headers?.['Idempotent-Replayed'], `${method} ${path}`).toBeTruthy();
    }
  });
});
