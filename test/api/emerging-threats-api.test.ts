import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer } from '../support/server';
import { createApiToken } from '../../src/app/admin/users';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';

describe.each(testDialects())('JSON API /api/v1/emerging-threats on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let analystToken: string;
  let scuToken: string;
  let suspectId = '';
  const references: string[] = [];
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-06-15T12:00:00.000Z');
    server = await createTestServer(t);
    const handler = await t.user('call_handler');
    await t.user('diu_analyst', { username: 'analyst', district: 'bradford' });
    await t.user('scu_officer', { username: 'scu', district: null });
    analystToken = (await createApiToken(t.deps, 'analyst')).token;
    scuToken = (await createApiToken(t.deps, 'scu')).token;
    for (const [victim, at] of [['Quill', '2026-03-01T10:00:00Z'], ['Marsh', '2026-06-01T10:00:00Z']] as const) {
      const o = await recordOccurrence(t.deps, handler, { receivedAt: at, channel: '101', callGrade: 'priority', district: 'bradford', location: 'Bradford', firstAccount: 'He follows her.' });
      references.push(o.reference);
      await addParty(t.deps, handler, o.reference, { role: 'victim', surname: victim });
      suspectId = (await addParty(t.deps, handler, o.reference, suspectId ? { role: 'suspect', personId: suspectId } : { role: 'suspect', surname: 'Vexley' })).personId;
    }
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('DI-01, IO-14: lists serial perpetrators with their reasons, score and requirement IDs', async () => {
    const res = await server.inject({ method: 'GET', url: '/api/v1/emerging-threats?limit=10', headers: auth(scuToken) });
    expect(res.statusCode).toBe(200);
    const rows = res.json().sections.serialPerpetrators.rows;
    expect(rows).toMatchObject([{ key: `serial_perpetrator:${suspectId}`, score: 40, requirements: expect.arrayContaining(['DI-01', 'IO-14']) }]);
    const bad = await server.inject({ method: 'GET', url: '/api/v1/emerging-threats?limit=500', headers: auth(scuToken) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('limit');
  });

  it('DI-01: the link view of a person', async () => {
    const res = await server.inject({ method: 'GET', url: `/api/v1/emerging-threats/people/${suspectId}?hops=1`, headers: auth(analystToken) });
    expect(res.statusCode).toBe(200);
    expect(res.json().nodes.filter((n: { kind: string }) => n.kind === 'occurrence').map((n: { reference: string }) => n.reference).sort()).toEqual([...references].sort());
  });

  it('DI-02: the DIU analyst records the communication (201); the SCU may not; bad input names the field', async () => {
    const body = { threatKey: `serial_perpetrator:${suspectId}`, summary: 'Serial stalker', district: 'bradford', sltRecipient: 'Supt Alan Reid', scuRecipient: 'DS Mark Pearson', method: 'briefing', communicatedAt: '2026-06-15T09:00:00Z', message: 'Briefed at the morning meeting' };
    expect((await server.inject({ method: 'POST', url: '/api/v1/emerging-threats/communications', headers: auth(scuToken), payload: body })).statusCode).toBe(403);
    const bad = await server.inject({ method: 'POST', url: '/api/v1/emerging-threats/communications', headers: auth(analystToken), payload: { ...body, method: 'pigeon' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['method']);
    const ok = await server.inject({ method: 'POST', url: '/api/v1/emerging-threats/communications', headers: auth(analystToken), payload: body });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().communication).toMatchObject({ threatKind: 'serial_perpetrator', sltRecipient: 'Supt Alan Reid', requirements: ['DI-01', 'DI-02', 'IO-14'] });
    const listed = await server.inject({ method: 'GET', url: '/api/v1/emerging-threats', headers: auth(analystToken) });
    expect(listed.json().sections.serialPerpetrators.rows[0].communications[0]).toMatchObject({ method: 'briefing', scuRecipient: 'DS Mark Pearson' });
  });
});
