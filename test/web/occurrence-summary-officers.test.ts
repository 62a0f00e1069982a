import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession, text } from '../support/server';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { assignAttendingOfficer } from '../../src/app/intake/attendance';
import type { OccurrenceRecord } from '../../src/store/repositories/occurrences';
import type { UserRecord } from '../../src/store/repositories/users';

describe.each(testDialects())('officers offered on the occurrence summary on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let occ: OccurrenceRecord;
  let handler: UserRecord;
  let leeds: UserRecord;
  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-03-02T14:00:00.000Z');
    server = await createTestServer(t);
    handler = await t.user('call_handler', { username: 'handler' });
    leeds = await t.user('attending_officer', { username: 'pc.leeds' });
    await t.user('attending_officer', { username: 'pc.force', district: null });
    await t.user('attending_officer', { username: 'pc.bradford', district: 'bradford' });
    const gone = await t.user('attending_officer', { username: 'pc.left' });
    await t.deps.store.db.updateTable('users').set({ active: 0 }).where('id', '=', gone.id).execute();
    await t.user('investigating_officer', { username: 'dc.leeds' });
    occ = await recordOccurrence(t.deps, handler, {
      receivedAt: '2026-03-02T13:00:00Z',
      channel: '101',
      callGrade: 'priority',
      district: 'leeds',
      location: 'Beeston',
      firstAccount: 'He keeps sending flowers to my work.',
    });
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('CS-05: offers the active attending officers of the district and force-wide, then names the one assigned', async () => {
    const s = new WebSession(server);
    await s.signIn('handler');
    const before = await s.get(`/occurrences/${occ.reference}`);
    expect(before.statusCode).toBe(200);
    const offered = [...before.body.matchAll(/<option value="([^"]+)"[^>]*>([^<]+)<\/option>/g)].map((m) => m[2]!);
    expect(offered.filter((o) => o.startsWith('Test attending_officer'))).toHaveLength(2);
    expect(text(before.body)).toContain('Not assigned');
    await assignAttendingOfficer(t.deps, handler, occ.reference, { officerId: leeds.id });
    const after = await s.get(`/occurrences/${occ.reference}`);
    expect(text(after.body)).toContain(`Attending officer ${leeds.displayName}`);
  });
});
