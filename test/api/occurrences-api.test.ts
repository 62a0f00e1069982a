import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer } from '../support/server';
import { createApiToken } from '../../src/app/admin/users';

const body = {
  receivedAt: '2026-03-01T09:30:00Z',
  channel: '101',
  callGrade: 'priority',
  district: 'kirklees',
  location: 'Huddersfield',
  firstAccount: 'A man from her gym keeps turning up at her workplace.',
};

describe.each(testDialects())('JSON API /api/v1 on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let handlerToken: string;
  let adminToken: string;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    server = await createTestServer(t);
    await t.user('call_handler', { username: 'handler' });
    await t.user('administrator', { username: 'admin', district: null });
    handlerToken = (await createApiToken(t.deps, 'handler')).token;
    adminToken = (await createApiToken(t.deps, 'admin')).token;
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  it('401 problem+json without a token', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/occurrences' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('creates an occurrence with a bearer token, then finds and opens it', async () => {
    const created = await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: auth(handlerToken), payload: body });
    expect(created.statusCode).toBe(201);
    const occ = created.json().occurrence;
    expect(occ.reference).toMatch(/^14-2026-\d{6}$/);
    expect(occ.status).toBe('reported');
    const list = await server.inject({ method: 'GET', url: '/api/v1/occurrences?district=kirklees', headers: auth(handlerToken) });
    expect(list.json().occurrences.map((o: { reference: string }) => o.reference)).toContain(occ.reference);
    const opened = await server.inject({ method: 'GET', url: `/api/v1/occurrences/${occ.reference}`, headers: auth(handlerToken) });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().log[0].action).toBe('occurrence.reported');
    // The read itself was logged.
    const reads = await t.deps.store.db.selectFrom('log_entries').selectAll().where('occurrence_id', '=', occ.id).where('kind', '=', 'read').execute();
    expect(reads.length).toBe(1);
    expect(reads[0]!.actor_name).toContain('call_handler');
  });

  it('400 problem+json naming the field, and nothing written', async () => {
    const before = await t.deps.store.db.selectFrom('occurrences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: auth(handlerToken), payload: { ...body, callGrade: 'urgent' } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const p = res.json();
    expect(p.errors[0].field).toBe('callGrade');
    const future = await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: auth(handlerToken), payload: { ...body, receivedAt: '2030-01-01T00:00:00Z' } });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0].field).toBe('receivedAt');
    const after = await t.deps.store.db.selectFrom('occurrences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('403 for a role without the permission', async () => {
    const res = await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: auth(adminToken), payload: body });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toContain('occurrence.create');
    const list = await server.inject({ method: 'GET', url: '/api/v1/occurrences', headers: auth(adminToken) });
    expect(list.statusCode).toBe(403);
  });

  it('404 for an occurrence that does not exist', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/occurrences/11-2026-999999', headers: auth(handlerToken) });
    expect(res.statusCode).toBe(404);
  });

  it('serves an OpenAPI 3.1 document describing the occurrence routes', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/docs/json', headers: auth(handlerToken) });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/occurrences');
    expect(doc.paths['/api/v1/occurrences'].post.requestBody.content['application/json'].schema.properties.callGrade.enum).toContain('emergency');
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/occurrences'))).toBe(false);
  });
});
