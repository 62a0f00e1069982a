import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { appendLog, listOccurrenceLog, verifyChain } from '../../src/store/repositories/log';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';

const report = {
  receivedAt: '2026-03-02T13:00:00Z',
  channel: '999',
  callGrade: 'emergency',
  district: 'calderdale',
  location: 'Halifax town centre',
  firstAccount: 'He has followed me home from work three times this week.',
};

describe.each(testDialects())('occurrence log (XC-03) on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect);
  });
  afterEach(async () => t.dispose());

  it('XC-03: chains every entry to the one before and verifies intact', async () => {
    const user = await t.user('call_handler');
    await recordOccurrence(t.deps, user, report);
    await recordOccurrence(t.deps, user, { ...report, district: 'leeds' });
    const result = await verifyChain(t.deps.store.db);
    expect(result.ok).toBe(true);
    // two user.added entries would be 1; 1 user + 2 occurrences = 3 entries
    expect(result.entries).toBe(3);
  });

  it('XC-03: an altered entry fails verification and is named', async () => {
    const user = await t.user('call_handler');
    const occ = await recordOccurrence(t.deps, user, report);
    await recordOccurrence(t.deps, user, report);
    const entries = await listOccurrenceLog(t.deps.store.db, occ.id);
    const target = entries[0]!;
    await t.deps.store.db.updateTable('log_entries').set({ reason: 'nothing to see here' }).where('id', '=', target.id).execute();
    const result = await verifyChain(t.deps.store.db);
    expect(result.ok).toBe(false);
    expect(result.firstProblem?.id).toBe(target.id);
    expect(result.firstProblem?.problem).toMatch(/altered/);
  });

  it('XC-03: a deleted entry in the middle or at the end fails verification', async () => {
    const user = await t.user('call_handler');
    await recordOccurrence(t.deps, user, report);
    await recordOccurrence(t.deps, user, report);
    await t.deps.store.db.deleteFrom('log_entries').where('seq', '=', 2).execute();
    let result = await verifyChain(t.deps.store.db);
    expect(result.ok).toBe(false);
    expect(result.firstProblem?.seq).toBe(2);

    const t2 = await createTestApp(dialect);
    try {
      const u2 = await t2.user('call_handler');
      await recordOccurrence(t2.deps, u2, report);
      await sql`delete from log_entries where seq = (select max(seq) from log_entries)`.execute(t2.deps.store.db);
      result = await verifyChain(t2.deps.store.db);
      expect(result.ok).toBe(false);
      expect(result.firstProblem?.problem).toMatch(/deleted/);
    } finally {
      await t2.dispose();
    }
  });

  it('XC-03: entries appended concurrently keep one unbroken chain', async () => {
    const user = await t.user('call_handler');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.deps.store.db.transaction().execute((trx) =>
          appendLog(trx, { actor: user, kind: 'system', subjectType: 'test', subjectId: String(i), action: 'test.appended', at: t.clock().toISOString() }),
        ),
      ),
    );
    const result = await verifyChain(t.deps.store.db);
    expect(result).toEqual({ ok: true, entries: 21 });
  });

  it('XC-03: a rolled-back change leaves no log entry', async () => {
    const user = await t.user('call_handler');
    await expect(
      t.deps.store.db.transaction().execute(async (trx) => {
        await appendLog(trx, { actor: user, kind: 'change', subjectType: 'test', subjectId: 'x', action: 'test.changed', at: t.clock().toISOString() });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const result = await verifyChain(t.deps.store.db);
    expect(result).toEqual({ ok: true, entries: 1 });
  });
});
