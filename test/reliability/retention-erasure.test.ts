/**
 * Erasure under the MoPI rules is never silent and never breaks the occurrence log: an erased
 * record leaves a log entry naming who, when, why and which fields, and `conduct verify-log`,
 * run as the operator runs it, still verifies the whole chain afterwards. On each dialect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { conduct, scratchDatabase, type ScratchDatabase } from '../support/conduct-process';
import { TEST_PASSWORD, testClock, type TestApp } from '../support/app';
import { finalisedStalking, retentionCast } from '../support/retention';
import { migrate, type Store } from '../../src/store/db';
import { addUser } from '../../src/app/admin/users';
import { systemActor } from '../../src/domain/actor';
import { recordRetentionReview } from '../../src/app/retention/review';
import { listOccurrenceLog } from '../../src/store/repositories/log';

describe.each(testDialects())('MoPI erasure and the occurrence log on %s', (dialect) => {
  let db: ScratchDatabase;
  let store: Store;
  let t: TestApp;

  beforeAll(async () => {
    db = await scratchDatabase(dialect);
    store = db.open();
    await migrate(store);
    // Made years ago, so its review is due by the wall clock that `conduct` runs on.
    const clock = testClock('2018-03-01T10:00:00.000Z');
    let n = 0;
    t = {
      deps: { store, clock },
      clock,
      dispose: async () => undefined,
      user: (role, o = {}) => {
        n += 1;
        return addUser({ store, clock }, systemActor, { username: `${role.replace(/_/g, '.')}${n}`, displayName: `Test ${role} ${n}`, role, rank: o.rank ?? 'PC', district: o.district === undefined ? 'leeds' : o.district, unit: o.unitType ? `Test ${o.unitType}` : 'Test unit', ...(o.unitType ? { unitType: o.unitType } : {}), password: TEST_PASSWORD });
      },
    };
  }, 60_000);
  afterAll(async () => {
    await store.close();
    await db.dispose();
  });

  it('erases a due record: the erasure is logged, `conduct retention due` no longer lists it, and `conduct verify-log` passes', async () => {
    const c = await retentionCast(t);
    const dss = await t.user('detective_superintendent_safeguarding', { rank: 'SUPT', district: null });
    const o = await finalisedStalking(t, c, { victimSurname: 'Fairweather' });
    const kept = await finalisedStalking(t, c, { victimSurname: 'Lockwood' });
    t.clock.set(new Date().toISOString());

    const due = await conduct(['retention', 'due'], db.env);
    expect(due.code).toBe(0);
    expect(due.stdout).toContain(`${o.reference}\t2024-03-01\tGroup 3`);
    expect(due.stdout).not.toContain('Fairweather');

    const reason = 'Group 3 clear period passed with no further activity recorded.';
    await recordRetentionReview(t.deps, dss, o.reference, { decision: 'erase', reason, confirmReference: o.reference });
    const erasure = (await listOccurrenceLog(store.db, o.id)).find((e) => e.action === 'occurrence.erased');
    expect(erasure).toMatchObject({ actorId: dss.id, actorName: dss.displayName, reason, requirements: ['XC-03'] });
    expect(erasure!.changes.map((x) => x.field)).toContain('occurrence.firstAccount');
    expect(JSON.stringify(await listOccurrenceLog(store.db, o.id))).not.toContain('Fairweather');
    // The other record is untouched.
    expect(JSON.stringify(await listOccurrenceLog(store.db, kept.id))).toContain('Lockwood');

    const verified = await conduct(['verify-log'], db.env);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/Occurrence log verified: \d+ entries, chain intact/);
    const after = await conduct(['retention', 'due'], db.env);
    expect(after.code).toBe(0);
    expect(after.stdout).not.toContain(o.reference);
    expect(after.stdout).toContain(kept.reference);
  }, 120_000);

  it('a personal value put back into a redacted entry afterwards is caught by `conduct verify-log`', async () => {
    const erased = await store.db.selectFrom('log_entries').select(['changes']).where('action', '=', 'occurrence.erased').executeTakeFirstOrThrow();
    const seq = (JSON.parse(erased.changes) as { field: string; after: { seq: number }[] }[]).find((x) => x.field === 'logEntriesRedacted')!.after[0]!.seq;
    await store.db.updateTable('log_entries').set({ reason: 'Fairweather' }).where('seq', '=', seq).execute();
    const bad = await conduct(['verify-log'], db.env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`entry ${seq}`);
    expect(bad.stderr).toContain('altered');
    expect((await conduct(['retention', 'due', '--limit', 'x'], db.env)).code).toBe(2);
  }, 60_000);
});
