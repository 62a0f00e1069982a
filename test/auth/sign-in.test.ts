import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../support/app';
import { LOCK_MINUTES, MAX_FAILED_SIGN_INS, signIn } from '../../src/app/admin/users';
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

describe('sign-in lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await t.user('call_handler', { username: 'handler' });
  });
  afterAll(async () => t.dispose());

  it(`locks the account for ${LOCK_MINUTES} minutes after ${MAX_FAILED_SIGN_INS} failures in a row, even with the right password, then lets it in`, async () => {
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      await expect(signIn(t.deps, { username: 'handler', password: 'wrong-password' })).rejects.toThrow('Enter a correct username and password');
    }
    await expect(signIn(t.deps, { username: 'handler', password: TEST_PASSWORD })).rejects.toThrow(/locked/);
    t.clock.advance(LOCK_MINUTES * 60_000 + 1000);
    const user = await signIn(t.deps, { username: 'handler', password: TEST_PASSWORD });
    expect(user.username).toBe('handler');
    expect(user.failedSignIns).toBe(MAX_FAILED_SIGN_INS); // as it was before this success
    const failures = await t.deps.store.db.selectFrom('log_entries').select('action').where('action', '=', 'user.sign_in_failed').execute();
    expect(failures.length).toBe(MAX_FAILED_SIGN_INS);
  });
});
