import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate, openStore, type Store } from '../../src/store/db';
import type { DialectKind } from '../../src/store/migrations/index';

/**
 * Which databases the store and API suites run on. SQLite always; PostgreSQL when
 * TEST_DATABASE_URL (or DATABASE_URL) is set. Under CI, PostgreSQL is required: an unreachable
 * server fails the suite rather than skipping it.
 */
export function testDialects(): DialectKind[] {
  const list: DialectKind[] = ['sqlite'];
  if (postgresAdminUrl()) list.push('postgres');
  else if (process.env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite must run in CI');
  return list;
}

export function postgresAdminUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** A new, empty, migrated database of the given kind; dropped again by `dispose`. */
export async function freshStore(kind: DialectKind): Promise<{ store: Store; dispose: () => Promise<void>; target: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string } }> {
  if (kind === 'sqlite') {
    const store = openStore({ kind: 'sqlite', file: ':memory:' });
    await migrate(store);
    return { store, target: { kind: 'sqlite', file: ':memory:' }, dispose: () => store.close() };
  }
  const adminUrl = postgresAdminUrl()!;
  const name = `conduct_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = openStore({ kind: 'postgres', url: url.toString() });
  await migrate(store);
  return {
    store,
    target: { kind: 'postgres', url: url.toString() },
    dispose: async () => {
      await store.close();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
