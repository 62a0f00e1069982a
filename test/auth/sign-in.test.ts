import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/app';
import { LOCK_MINUTES, MAX_FAILED_SIGN_INS, SIGN_IN_REFUSED, signIn } from '../../src/app/admin/users';
import { UnauthenticatedError } from '../../src/app/errors';
import { testDialects } from '../support/dialects';
import { hashPassword, verifyPassword } from '../../src/auth/passwords';
import { can, permissionTable, rolesThatCan } from '../../src/auth/permissions';
import { roles } from '../../src/domain/roles';

describe('passwords', () => {
  it('are stored as salted scrypt hashes that verify only the right password', async () => {
    const a = await hashPassword('a-long-enough-password');
    const b = await hashPassword('a-long-enough-password');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('a-long-enough-password', a)).toBe(true);
    expect(await verifyPassword('a-long-enough-passworD', a)).toBe(false);
    expect(await verifyPassword('anything', 'not-a-hash')).toBe(false);
  });
});

describe('the permission table', () => {
  it('gives every role an entry and lets only need-to-know roles see restricted records (ID-08)', () => {
    for (const role of roles) expect(permissionTable[role]).toBeDefined();
    expect(rolesThatCan('occurrence.view_restricted').sort()).toEqual(['auditor', 'detective_superintendent_safeguarding']);
    expect(can('administrator', 'occurrence.view')).toBe(false);
    expect(can('call_handler', 'occurrence.create')).toBe(true);
    expect(can('diu_analyst', 'occurrence.create')).toBe(false);
  });
});

describe.each(testDialects())('sign-in lockout on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await t.user('call_handler', { username: 'handler' });
  });
  afterAll(async () => t.dispose());

  const row = (username: string) =>
    t.deps.store.db.selectFrom('users').select(['failed_sign_ins', 'locked_until']).where('username', '=', username).executeTakeFirstOrThrow();
  const attempt = (username: string, password: string) => signIn(t.deps, { username, password });
  const refusals = (results: PromiseSettledResult<unknown>[]) =>
    results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'signed in'));

  it(`locks the account for ${LOCK_MINUTES} minutes after ${MAX_FAILED_SIGN_INS} failures in a row, even with the right password, then lets it in`, async () => {
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      await expect(signIn(t.deps, { username: 'handler', password: 'wrong-password' })).rejects.toThrow(SIGN_IN_REFUSED);
    }
    await expect(signIn(t.deps, { username: 'handler', password: TEST_PASSWORD })).rejects.toThrow(SIGN_IN_REFUSED);
    t.clock.advance(LOCK_MINUTES * 60_000 + 1000);
    const user = await signIn(t.deps, { username: 'handler', password: TEST_PASSWORD });
    expect(user.username).toBe('handler');
    expect(user.failedSignIns).toBe(MAX_FAILED_SIGN_INS); // as it was before this success
    const failures = await t.deps.store.db.selectFrom('log_entries').select('action').where('action', '=', 'user.sign_in_failed').execute();
    expect(failures.length).toBe(MAX_FAILED_SIGN_INS);
    const refused = await t.deps.store.db.selectFrom('log_entries').select('action').where('action', '=', 'user.sign_in_refused_locked').execute();
    expect(refused.length).toBe(1);
    expect(await row('handler')).toEqual({ failed_sign_ins: 0, locked_until: null });
  });

  it('counts and locks 10 wrong passwords sent in parallel, and then refuses 9 wrong and the right one sent in parallel', async () => {
    await t.user('call_handler', { username: 'racer' });
    const lockedAt = t.clock();
    const wrong = await Promise.allSettled(Array.from({ length: 10 }, () => attempt('racer', 'wrong-password')));
    expect(refusals(wrong)).toEqual(Array(10).fill(SIGN_IN_REFUSED));
    const lockedUntil = new Date(lockedAt.getTime() + LOCK_MINUTES * 60_000).toISOString();
    expect(await row('racer')).toEqual({ failed_sign_ins: 10, locked_until: lockedUntil });

    t.clock.advance(60_000);
    const mixed = await Promise.allSettled([
      ...Array.from({ length: 9 }, () => attempt('racer', 'wrong-password')),
      attempt('racer', TEST_PASSWORD),
    ]);
    expect(refusals(mixed)).toEqual(Array(10).fill(SIGN_IN_REFUSED));
    // The late failures neither cleared nor moved the lock; the right password did not reset the count.
    expect(await row('racer')).toEqual({ failed_sign_ins: 19, locked_until: lockedUntil });
    t.clock.advance(LOCK_MINUTES * 60_000);
    expect((await attempt('racer', TEST_PASSWORD)).username).toBe('racer');
  });

  it('locks on reaching the limit when the failures that reach it arrive together with the right password', async () => {
    await t.user('call_handler', { username: 'racer2' });
    for (let i = 0; i < MAX_FAILED_SIGN_INS - 1; i++) await expect(attempt('racer2', 'wrong-password')).rejects.toThrow(SIGN_IN_REFUSED);
    const mixed = await Promise.allSettled([...Array.from({ length: 9 }, () => attempt('racer2', 'wrong-password')), attempt('racer2', TEST_PASSWORD)]);
    const after = await row('racer2');
    const signedIn = refusals(mixed).filter((m) => m === 'signed in').length;
    // Whichever order the database took them in, 9 failures after at most one reset leave the account locked.
    expect(signedIn).toBeLessThanOrEqual(1);
    expect(after.locked_until).not.toBeNull();
    // Signed in only if taken before every failure (count reset, then 9 more); otherwise none is lost.
    expect(after.failed_sign_ins).toBe(signedIn ? 9 : MAX_FAILED_SIGN_INS - 1 + 9);
  });

  it('answers an unknown user, a wrong password and a locked account with the right password alike', async () => {
    await t.user('call_handler', { username: 'quiet' });
    const unknown = await attempt('nobody', 'wrong-password').catch((e: Error) => e);
    const wrong = await attempt('quiet', 'wrong-password').catch((e: Error) => e);
    for (let i = 1; i < MAX_FAILED_SIGN_INS; i++) await attempt('quiet', 'wrong-password').catch(() => undefined);
    const locked = await attempt('quiet', TEST_PASSWORD).catch((e: Error) => e);
    const lockedWrong = await attempt('quiet', 'wrong-password').catch((e: Error) => e);
    for (const e of [unknown, wrong, locked, lockedWrong]) {
      expect(e).toBeInstanceOf(UnauthenticatedError);
      expect((e as Error).message).toBe(SIGN_IN_REFUSED);
    }
  });
});
