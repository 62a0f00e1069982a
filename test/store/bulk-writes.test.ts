import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { appendLog, appendLogEntries, appendLogGrouped, listOccurrenceLog, verifyChain, type LogEntryInput } from '../../src/store/repositories/log';
import { insertOccurrences, listOccurrences, reserveReferenceSequences } from '../../src/store/repositories/occurrences';
import { touchApiToken } from '../../src/store/repositories/api-tokens';
import { createApiToken } from '../../src/app/admin/users';
import { openOccurrence } from '../../src/app/intake/occurrence-queries';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { systemActor } from '../../src/domain/actor';

const entry = (n: number): LogEntryInput => ({
  actor: systemActor,
  kind: 'system',
  subjectType: 'test',
  subjectId: `s${n}`,
  action: 'test.entry',
  at: '2026-03-02T14:05:00.000Z',
  reason: `entry ${n}`,
});

describe.each(testDialects())('bulk writes and grouped log commits on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => t.dispose());

  it('XC-03: appendLogEntries chains many entries in order, interleaving with appendLog, and the chain verifies', async () => {
    const db = t.deps.store.db;
    await db.transaction().execute((trx) => appendLog(trx, entry(0)));
    const written = await db.transaction().execute((trx) => appendLogEntries(trx, Array.from({ length: 1203 }, (_, i) => ({ ...entry(i + 1), id: `fixed-${i + 1}` }))));
    expect(written).toBe(1203);
    await db.transaction().execute((trx) => appendLog(trx, entry(1204)));
    expect(await verifyChain(db)).toEqual({ ok: true, entries: 1205 });
    const rows = await db.selectFrom('log_entries').select(['seq', 'id', 'reason']).orderBy('seq').execute();
    expect(rows.map((r) => r.reason)).toEqual(Array.from({ length: 1205 }, (_, i) => `entry ${i}`));
    expect(rows[1]!.id).toBe('fixed-1');
  });

  it('XC-03: grouped appends from many requests at once are all committed before they resolve, in one chain', async () => {
    const db = t.deps.store.db;
    await Promise.all(Array.from({ length: 60 }, (_, i) => appendLogGrouped(db, entry(i))));
    const rows = await db.selectFrom('log_entries').select('reason').execute();
    expect(rows.map((r) => r.reason).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `entry ${i}`).sort());
    expect(await verifyChain(db)).toEqual({ ok: true, entries: 60 });
  });

  it('a grouped append whose transaction fails rejects, and writes nothing', async () => {
    const db = t.deps.store.db;
    const bad = { ...entry(1), id: 'same-id' };
    await db.transaction().execute((trx) => appendLog(trx, bad));
    await expect(Promise.all([appendLogGrouped(db, entry(2)), appendLogGrouped(db, bad)])).rejects.toThrow();
    expect(await verifyChain(db)).toEqual({ ok: true, entries: 1 });
    // The next group commits normally.
    await appendLogGrouped(db, entry(3));
    expect(await verifyChain(db)).toEqual({ ok: true, entries: 2 });
  });

  it('XC-03: opening an occurrence from many requests at once logs every read', async () => {
    const handler = await t.user('call_handler');
    const investigator = await t.user('investigating_officer');
    const occ = await recordOccurrence(t.deps, handler, {
      receivedAt: '2026-03-02T13:00:00Z',
      channel: '101',
      callGrade: 'priority',
      district: 'leeds',
      location: 'Headingley',
      firstAccount: 'He keeps calling from withheld numbers.',
    });
    await Promise.all(Array.from({ length: 25 }, () => openOccurrence(t.deps, investigator, occ.reference)));
    const reads = await listOccurrenceLog(t.deps.store.db, occ.id, { kind: 'read' });
    expect(reads).toHaveLength(25);
    expect(reads.every((r) => r.actorId === investigator.id && r.action === 'occurrence.viewed')).toBe(true);
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });

  it('insertOccurrences writes many occurrences with their search words, found as insertOccurrence would', async () => {
    const user = await t.user('call_handler');
    const db = t.deps.store.db;
    const first = await db.transaction().execute((trx) => reserveReferenceSequences(trx, 'leeds', 2026, 700));
    expect(first).toBe(1);
    expect(await db.transaction().execute((trx) => reserveReferenceSequences(trx, 'leeds', 2026, 3))).toBe(701);
    const rows = Array.from({ length: 700 }, (_, i) => ({
      id: `occ-${String(i).padStart(4, '0')}`,
      reference: `11-2026-${String(i + 1).padStart(6, '0')}`,
      district: 'leeds',
      received_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      channel: '101',
      call_grade: 'priority',
      location: 'Headingley',
      first_account: i === 123 ? 'Left flowers on the windscreen' : 'Waiting outside her address',
      status: 'reported',
      restricted: 0,
      created_by: user.id,
      created_at: '2026-03-01T00:00:00.000Z',
      updated_at: '2026-03-01T00:00:00.000Z',
      version: 1,
    }));
    const terms = await db.transaction().execute((trx) => insertOccurrences(trx, rows));
    expect(terms).toBe(699 * 5 + 6);
    const found = await listOccurrences(db, { includeRestricted: true, text: 'windscreen flowers' }, { limit: 10 });
    expect(found.occurrences.map((o) => o.reference)).toEqual(['11-2026-000124']);
    const row = await sql<{ n: number }>`select count(*) as n from occurrences`.execute(db);
    expect(Number(row.rows[0]!.n)).toBe(700);
  });

  it('a token’s last use is written at most once a minute', async () => {
    await t.user('call_handler', { username: 'handler' });
    await createApiToken(t.deps, 'handler');
    const db = t.deps.store.db;
    const token = await db.selectFrom('api_tokens').select('id').executeTakeFirstOrThrow();
    const lastUsed = async () => (await db.selectFrom('api_tokens').select('last_used_at').executeTakeFirstOrThrow()).last_used_at;
    await touchApiToken(db, token.id, '2026-03-02T14:05:00.000Z');
    expect(await lastUsed()).toBe('2026-03-02T14:05:00.000Z');
    await touchApiToken(db, token.id, '2026-03-02T14:05:59.000Z');
    expect(await lastUsed()).toBe('2026-03-02T14:05:00.000Z');
    await touchApiToken(db, token.id, '2026-03-02T14:06:00.000Z');
    expect(await lastUsed()).toBe('2026-03-02T14:06:00.000Z');
  });
});
