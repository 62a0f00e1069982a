import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';

const root = join(import.meta.dirname, '..', '..');

function conduct(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'conduct.js'), ...args], {
    input: options.input ?? '',
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('conduct CLI', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'conduct-cli-'));
    env = { CONDUCT_DB_FILE: join(dir, 'conduct.sqlite') };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrate creates the database; a second run finds it up to date', () => {
    expect(conduct(['migrate'], { env })).toMatchObject({ code: 0, stdout: 'Database created and migrated\n' });
    expect(conduct(['migrate'], { env })).toMatchObject({ code: 0, stdout: 'Database is up to date\n' });
  });

  it('user add reads the password from standard input and refuses bad input with exit 2', () => {
    const ok = conduct(['user', 'add', '--username', 'j.bloggs', '--name', 'DC Jo Bloggs', '--role', 'investigating_officer', '--rank', 'DC', '--unit', 'CID', '--district', 'leeds'], {
      env,
      input: 'a-long-enough-password\n',
    });
    expect(ok.code).toBe(0);
    const bad = conduct(['user', 'add', '--username', 'x.y', '--name', 'X', '--role', 'chief_constable', '--rank', 'DC', '--unit', 'CID'], { env, input: 'a-long-enough-password\n' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('role');
    const dup = conduct(['user', 'add', '--username', 'j.bloggs', '--name', 'Again', '--role', 'investigating_officer', '--rank', 'DC', '--unit', 'CID'], { env, input: 'a-long-enough-password\n' });
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('already exists');
  });

  it('token create prints a bearer token once for a known user, exit 2 for an unknown one', () => {
    const ok = conduct(['token', 'create', '--user', 'j.bloggs'], { env });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^cdt_[\w-]{40,}\n$/);
    expect(conduct(['token', 'create', '--user', 'nobody'], { env }).code).toBe(2);
  });

  it('XC-03: verify-log passes on an intact log and fails naming the tampered entry', () => {
    const good = conduct(['verify-log'], { env });
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/verified: \d+ entries/);
    const db = new SQLite(env.CONDUCT_DB_FILE!);
    const target = db.prepare('select seq, id from log_entries order by seq limit 1').get() as { seq: number; id: string };
    db.prepare("update log_entries set actor_name = 'Someone else' where seq = ?").run(target.seq);
    db.close();
    const bad = conduct(['verify-log'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`entry ${target.seq} (${target.id})`);
  });

  it('unknown commands and options exit 2 with a message', () => {
    expect(conduct(['frobnicate'], { env })).toMatchObject({ code: 2 });
    const r = conduct(['migrate', '--force'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--force');
  });
});

describe('conduct decide and conduct policy coverage', () => {
  const classification = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: true, exPartner: false };

  it('ID-01, ID-02: decide classification reads JSON on stdin and writes the result with its requirement IDs', () => {
    const r = conduct(['decide', 'classification'], { input: JSON.stringify(classification) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ classification: 'stalking', offence: 's4A' });
    expect(out.requirements).toContain('ID-02');
  });

  it('invalid input exits 2 with a message naming the field; unknown decisions and non-JSON exit 2', () => {
    const bad = conduct(['decide', 'classification'], { input: JSON.stringify({ ...classification, occasions: 'many' }) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('occasions');
    expect(bad.stdout).toBe('');
    expect(conduct(['decide', 'classification'], { input: '{not json' }).code).toBe(2);
    const unknown = conduct(['decide', 'astrology'], { input: '{}' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('classification');
  });

  it('decide --list prints every decision with its requirement IDs and JSON Schemas', () => {
    const r = conduct(['decide', '--list']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; requirements: string[]; inputSchema: { type: string } }[];
    expect(list.map((d) => d.name)).toEqual(expect.arrayContaining(['classification', 'allocation', 'finalisation', 'deadlines', 'risk', 'spoConsideration', 'flagReview', 'referrals', 'suspectManagement']));
    expect(list.every((d) => d.requirements.length > 0 && d.inputSchema.type === 'object')).toBe(true);
  });

  it('policy coverage passes: every requirement of kind R, G and D has implementing code and a test', () => {
    const r = conduct(['policy', 'coverage']);
    expect(r.stdout).toContain('Every requirement of kind R, G and D has implementing code and a test.');
    expect(r.code).toBe(0);
  });
});
