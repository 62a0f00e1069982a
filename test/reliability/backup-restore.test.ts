import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { conduct, freePort, scratchDatabase, ServerProcess, type ScratchDatabase } from '../support/conduct-process';
import { countRows } from '../../src/store/backup';

/**
 * Backup and restore: `conduct backup` copies the database while the server keeps taking reports
 * from another process; `conduct restore` puts the copy into an empty database with identical
 * counts and a verifying occurrence log, and refuses to overwrite one that holds records.
 */
describe('backup and restore (SQLite)', () => {
  let db: ScratchDatabase;
  let server: ServerProcess;
  let env: Record<string, string>;
  let token: string;
  beforeAll(async () => {
    db = await scratchDatabase('sqlite');
    env = { ...db.env, SESSION_SECRET: 'backup-test-session-secret-of-enough-length' };
    const added = await conduct(['user', 'add', '--username', 'backup.handler', '--name', 'Backup Handler', '--role', 'call_handler', '--rank', 'PC', '--unit', 'Contact', '--district', 'leeds'], env, 'a-long-enough-password\n');
    expect(added.code, added.stderr).toBe(0);
    token = (await conduct(['token', 'create', '--user', 'backup.handler'], env)).stdout.trim();
    server = new ServerProcess(await freePort(), env);
    await server.start();
  }, 120_000);
  afterAll(async () => {
    await server?.kill();
    await db?.dispose();
  });

  it('a backup taken while another process writes is one consistent moment; restored into an empty database it has identical counts and a verifying log', async () => {
    let writing = true;
    let written = 0;
    const writer = async (n: number) => {
      for (let i = 0; writing; i++) {
        const res = await fetch(`${server.url}/api/v1/occurrences`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': `backup-${n}-${i}` },
          body: JSON.stringify({ receivedAt: '2026-03-01T09:30:00Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Pudsey', firstAccount: `Writer ${n} report ${i}.` }),
        });
        expect(res.status).toBe(201);
        written += 1;
      }
    };
    const writers = [writer(1), writer(2), writer(3)];
    while (written < 150) await new Promise((r) => setTimeout(r, 20));

    const file = join(db.dir, 'during-writes.backup');
    const backedUp = await conduct(['backup', file], env);
    const writtenAtBackup = written;
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(backedUp.stdout).toMatch(/^Backed up \d+ occurrences/);
    while (written < writtenAtBackup + 100) await new Promise((r) => setTimeout(r, 20));
    writing = false;
    await Promise.all(writers);

    const snapshot = countRows(file);
    const live = countRows(env.CONDUCT_DB_FILE!);
    // Writes carried on during and after the copy: the copy is a moment within the run, not its end.
    expect(snapshot.occurrences).toBeGreaterThan(100);
    expect(snapshot.occurrences).toBeLessThan(live.occurrences!);

    const restoredFile = join(db.dir, 'restored.sqlite');
    const restoredEnv = { ...env, CONDUCT_DB_FILE: restoredFile };
    const restored = await conduct(['restore', file], restoredEnv);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain('occurrence log verified');
    expect(countRows(restoredFile)).toEqual(snapshot);
    const verified = await conduct(['verify-log'], restoredEnv);
    expect(verified.code, verified.stderr).toBe(0);
    // Consistent: each stored report has its log entry and idempotency key, and no entry lacks its report.
    const reported = await (async () => {
      const { openStore } = await import('../../src/store/db');
      const store = openStore({ kind: 'sqlite', file: restoredFile });
      const n = await store.db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('action', '=', 'occurrence.reported').executeTakeFirstOrThrow();
      await store.close();
      return Number(n.n);
    })();
    expect(reported).toBe(snapshot.occurrences);
    expect(snapshot.idempotency_keys).toBe(snapshot.occurrences);
    console.log(
      `backup and restore: backup finished after ${writtenAtBackup} acknowledged writes, holds ${snapshot.occurrences} occurrences and ${snapshot.log_entries} log entries; ` +
        `${live.occurrences} occurrences by the end; restored counts identical: ${JSON.stringify(countRows(restoredFile)) === JSON.stringify(snapshot)}; ${verified.stdout.trim()}`,
    );
  }, 180_000);

  it('restore refuses a database that holds records, a missing file and a file that is not a Conduct backup (exit 2), changing nothing', async () => {
    const file = join(db.dir, 'second.backup');
    expect((await conduct(['backup', file], env)).code).toBe(0);
    const before = countRows(env.CONDUCT_DB_FILE!);
    const intoLive = await conduct(['restore', file], env);
    expect(intoLive.code).toBe(2);
    expect(intoLive.stderr).toMatch(/is not empty \(\d+ users, \d+ occurrences, \d+ log entries\)/);
    expect(countRows(env.CONDUCT_DB_FILE!)).toEqual(before);

    const elsewhere = { ...env, CONDUCT_DB_FILE: join(db.dir, 'never.sqlite') };
    const missing = await conduct(['restore', join(db.dir, 'no-such.backup')], elsewhere);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no backup');
    const junk = join(db.dir, 'junk.backup');
    writeFileSync(junk, 'this is not a database, it is a shopping list\n'.repeat(100));
    const notDb = await conduct(['restore', junk], elsewhere);
    expect(notDb.code).toBe(2);
    expect(notDb.stderr).toMatch(/not a (Conduct backup|database)|cannot be opened/);

    const again = await conduct(['backup', file], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect((await conduct(['backup'], env)).code).toBe(2);
  }, 120_000);

  it('on PostgreSQL, backup and restore explain pg_dump and pg_restore and exit 2 without touching the database', async () => {
    // An address nothing listens on: the guidance must not need a connection.
    const pgEnv = { ...env, DATABASE_URL: 'postgres://conduct@127.0.0.1:1/conduct' };
    const backup = await conduct(['backup', join(db.dir, 'pg.dump')], pgEnv);
    expect(backup.code).toBe(2);
    expect(backup.stderr).toContain('pg_dump --format=custom');
    const restore = await conduct(['restore', join(db.dir, 'pg.dump')], pgEnv);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toContain('pg_restore');
  }, 60_000);
});
