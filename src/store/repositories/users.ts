import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import type { Actor } from '../../domain/actor';
import type { Role } from '../../domain/roles';

export interface UserRecord extends Actor {
  passwordHash: string;
  failedSignIns: number;
  lockedUntil: string | null;
  active: boolean;
  createdAt: string;
  version: number;
  unitType: string | null;
  abeTrainedOn: string | null;
  elearningCompletedOn: string | null;
}

type Row = Database['users'];

function toUser(row: Row): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role as Role,
    rank: row.rank,
    district: row.district,
    unit: row.unit,
    passwordHash: row.password_hash,
    failedSignIns: Number(row.failed_sign_ins),
    lockedUntil: row.locked_until,
    active: Number(row.active) === 1,
    createdAt: row.created_at,
    version: Number(row.version),
    unitType: row.unit_type ?? null,
    abeTrainedOn: row.abe_trained_on ?? null,
    elearningCompletedOn: row.elearning_completed_on ?? null,
  };
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function findUserById(db: Kysely<Database>, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function insertUser(db: Kysely<Database>, row: Row): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/**
 * Counts one failed sign-in and, when the count reaches `maxFailures`, locks the account until
 * `lockUntil`, in one statement, so parallel failures cannot lose counts or skip the lock. A lock
 * still in force at `at` is kept as it is: a late failure never clears or moves it.
 */
export async function recordSignInFailure(
  db: Kysely<Database>,
  id: string,
  at: string,
  lockUntil: string,
  maxFailures: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      failed_sign_ins: sql<number>`failed_sign_ins + 1`,
      locked_until: sql<string | null>`case
        when locked_until is not null and locked_until > ${at} then locked_until
        when failed_sign_ins + 1 >= ${maxFailures} then ${lockUntil}
        else locked_until end`,
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Clears the failure count after a right password, only if the account is not locked at `at`:
 * the lock is checked in the same statement, so a lock set by a parallel failure is honoured.
 * Returns false (and changes nothing) when the account is locked.
 */
export async function recordSignInSuccess(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ failed_sign_ins: 0, locked_until: null })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function listUsers(db: Kysely<Database>): Promise<UserRecord[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toUser);
}

/** Active users in a role who work in a district or force-wide, by username. */
export async function listActiveUsersInRole(db: Kysely<Database>, role: Role, district: string): Promise<UserRecord[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('role', '=', role)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('district', 'is', null), eb('district', '=', district)]))
    .orderBy('username')
    .execute();
  return rows.map(toUser);
}

/** XC-02, XC-05: a user's ABE training and stalking e-learning dates. */
export async function recordTrainingDates(trx: Kysely<Database>, id: string, set: { abe_trained_on?: string; elearning_completed_on?: string }): Promise<void> {
  await trx.updateTable('users').set(set).where('id', '=', id).execute();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
