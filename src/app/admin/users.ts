import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { systemActor } from '../../domain/actor';
import { ranks, roles } from '../../domain/roles';
import { districts } from '../../domain/occurrence';
import { unitTypes } from '../../domain/units';
import { hashPassword, passwordRule, verifyPassword } from '../../auth/passwords';
import { appendLog } from '../../store/repositories/log';
import { findUserById, findUserByUsername, insertUser, recordSignInFailure, recordSignInSuccess, type UserRecord } from '../../store/repositories/users';
import { findActiveApiToken, insertApiToken, touchApiToken } from '../../store/repositories/api-tokens';
import { ConflictError, NotFoundError, UnauthenticatedError } from '../errors';
import { nowIso, parseInput, permit, type AppDeps } from '../context';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD');

export const addUserInput = z
  .object({
    username: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9._-]{1,39}$/, 'Username must be 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter'),
    displayName: z.string().trim().min(1, 'Enter the name').max(120),
    role: z.enum(roles, { message: `Role must be one of ${roles.join(', ')}` }),
    rank: z.enum(ranks, { message: `Rank must be one of ${ranks.join(', ')}` }),
    district: z.enum(districts).nullable().default(null),
    unit: z.string().trim().min(1, 'Enter the unit').max(120),
    unitType: z.enum(unitTypes, { message: `Unit type must be one of ${unitTypes.join(', ')}` }).nullable().default(null),
    abeTrainedOn: isoDate.nullable().default(null),
    elearningCompletedOn: isoDate.nullable().default(null),
    password: z
      .string()
      .min(passwordRule.minLength, `Password must be at least ${passwordRule.minLength} characters`)
      .max(passwordRule.maxLength),
  })
  .strict();

/** Adds a user. The CLI and seeding call it as the system actor; through pages it needs user.manage. */
export async function addUser(deps: AppDeps, actor: Actor, raw: unknown): Promise<UserRecord> {
  if (actor.id !== systemActor.id) permit(actor, 'user.manage');
  const input = parseInput(addUserInput, raw);
  const db = deps.store.db;
  if (await findUserByUsername(db, input.username)) throw new ConflictError(`A user called ${input.username} already exists`);
  const id = randomUUID();
  const now = nowIso(deps);
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    await insertUser(trx, {
      id,
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      rank: input.rank,
      district: input.district,
      unit: input.unit,
      unit_type: input.unitType,
      abe_trained_on: input.abeTrainedOn,
      elearning_completed_on: input.elearningCompletedOn,
      password_hash: passwordHash,
      failed_sign_ins: 0,
      locked_until: null,
      active: 1,
      created_at: now,
      version: 1,
    });
    await appendLog(trx, {
      actor,
      kind: 'change',
      subjectType: 'user',
      subjectId: id,
      action: 'user.added',
      at: now,
      changes: [
        { field: 'username', before: null, after: input.username },
        { field: 'role', before: null, after: input.role },
        { field: 'rank', before: null, after: input.rank },
        { field: 'district', before: null, after: input.district },
        { field: 'unit', before: null, after: input.unit },
      ],
    });
  });
  const user = await findUserById(db, id);
  if (!user) throw new Error('User vanished after commit');
  return user;
}

/** Sign-in lockout: after this many failures in a row the account is locked for LOCK_MINUTES. */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;

export const signInInput = z
  .object({
    username: z.string().trim().toLowerCase().min(1, 'Enter your username').max(40, 'Enter your username'),
    password: z.string().min(1, 'Enter your password').max(passwordRule.maxLength, 'Enter your password'),
  })
  .strip();

/**
 * Checks a username and password. One answer for an unknown user, a wrong password and a locked
 * account, so the page reveals neither which usernames exist nor which accounts are locked; the
 * password is checked in every case, so the time taken reveals nothing either. The count and the
 * lock are kept by single conditional updates (see recordSignInFailure, recordSignInSuccess), so
 * parallel attempts cannot race past the lock, and the right password is refused while locked.
 * Every attempt on an existing account is logged.
 */
export async function signIn(deps: AppDeps, raw: unknown): Promise<UserRecord> {
  const input = parseInput(signInInput, raw);
  const db = deps.store.db;
  const now = deps.clock();
  const at = now.toISOString();
  const user = await findUserByUsername(db, input.username);
  const refused = () => new UnauthenticatedError(SIGN_IN_REFUSED);
  if (!user || !user.active) {
    // Spend the same time as a real check.
    await verifyPassword(input.password, DUMMY_HASH);
    throw refused();
  }
  const ok = await verifyPassword(input.password, user.passwordHash);
  let signedIn = false;
  await db.transaction().execute(async (trx) => {
    if (ok) {
      signedIn = await recordSignInSuccess(trx, user.id, at);
    } else {
      const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
      await recordSignInFailure(trx, user.id, at, lockUntil, MAX_FAILED_SIGN_INS);
    }
    await appendLog(trx, {
      actor: signedIn ? user : systemActor,
      kind: 'system',
      subjectType: 'user',
      subjectId: user.id,
      action: signedIn ? 'user.signed_in' : ok ? 'user.sign_in_refused_locked' : 'user.sign_in_failed',
      at,
    });
  });
  if (!signedIn) throw refused();
  return user;
}
/** The one answer to a refused sign-in: unknown user, wrong password or locked account alike. */
export const SIGN_IN_REFUSED = 'Enter a correct username and password';
const DUMMY_HASH =
  'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==';

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a bearer token for a user (conduct token create). The token is shown once; only its hash is kept. */
export async function createApiToken(deps: AppDeps, username: string, label = 'API token'): Promise<{ token: string; user: UserRecord }> {
  const db = deps.store.db;
  const user = await findUserByUsername(db, username);
  if (!user) throw new NotFoundError(`No user called ${username}`);
  const token = `cdt_${randomBytes(32).toString('base64url')}`;
  const now = nowIso(deps);
  const id = randomUUID();
  await db.transaction().execute(async (trx) => {
    await insertApiToken(trx, { id, user_id: user.id, token_hash: hashApiToken(token), label, created_at: now, last_used_at: null, revoked_at: null });
    await appendLog(trx, { actor: systemActor, kind: 'change', subjectType: 'api_token', subjectId: id, action: 'api_token.created', at: now, changes: [{ field: 'user', before: null, after: user.username }] });
  });
  return { token, user };
}

/** The user a bearer token belongs to, or undefined. */
export async function authenticateApiToken(deps: AppDeps, token: string): Promise<UserRecord | undefined> {
  const db = deps.store.db;
  const found = await findActiveApiToken(db, hashApiToken(token));
  if (!found) return undefined;
  const user = await findUserById(db, found.user_id);
  if (!user || !user.active) return undefined;
  await touchApiToken(db, found.id, nowIso(deps));
  return user;
}
