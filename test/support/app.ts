import type { AppDeps } from '../../src/app/context';
import { addUser } from '../../src/app/admin/users';
import { systemActor } from '../../src/domain/actor';
import type { Role, Rank } from '../../src/domain/roles';
import type { District } from '../../src/domain/occurrence';
import type { DialectKind } from '../../src/store/migrations/index';
import type { UserRecord } from '../../src/store/repositories/users';
import { freshStore } from './dialects';

export const TEST_PASSWORD = 'correct-horse-battery';

/** A clock tests can set and move. */
export function testClock(start = '2026-03-02T14:05:00.000Z') {
  let now = new Date(start);
  const clock = () => new Date(now);
  return Object.assign(clock, {
    set(iso: string) {
      now = new Date(iso);
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  });
}

export interface TestApp {
  deps: AppDeps;
  clock: ReturnType<typeof testClock>;
  dispose: () => Promise<void>;
  user: (role: Role, overrides?: { district?: District | null; rank?: Rank; username?: string; unitType?: string; abeTrainedOn?: string }) => Promise<UserRecord>;
}

export async function createTestApp(kind: DialectKind, start?: string): Promise<TestApp> {
  const { store, dispose } = await freshStore(kind);
  const clock = testClock(start);
  const deps: AppDeps = { store, clock };
  let n = 0;
  return {
    deps,
    clock,
    dispose,
    async user(role, overrides = {}) {
      n += 1;
      return addUser(deps, systemActor, {
        username: overrides.username ?? `${role.replace(/_/g, '.')}${n}`,
        displayName: `Test ${role} ${n}`,
        role,
        rank: overrides.rank ?? 'PC',
        district: overrides.district === undefined ? 'leeds' : overrides.district,
        unit: overrides.unitType ? `Test ${overrides.unitType}` : 'Test unit',
        ...(overrides.unitType ? { unitType: overrides.unitType } : {}),
        ...(overrides.abeTrainedOn ? { abeTrainedOn: overrides.abeTrainedOn } : {}),
        password: TEST_PASSWORD,
      });
    },
  };
}

