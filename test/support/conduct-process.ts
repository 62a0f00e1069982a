import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/db';
import type { DialectKind } from '../../src/store/migrations/index';
import { postgresAdminUrl } from './dialects';

/** The conduct command run as its own processes, the way an operator runs it. */
export const repoRoot = join(import.meta.dirname, '..', '..');
const bin = join(repoRoot, 'bin', 'conduct.js');

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `conduct ARGS` and waits for it (asynchronously, so servers and clients keep running meanwhile). */
export function conduct(args: string[], env: Record<string, string>, input = ''): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A database of its own for one test run, and the environment that points conduct at it. */
export interface ScratchDatabase {
  kind: DialectKind;
  env: Record<string, string>;
  /** Opens the database from the test process (for counting and verifying). */
  open(): Store;
  dispose(): Promise<void>;
  dir: string;
}

export async function scratchDatabase(kind: DialectKind): Promise<ScratchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'conduct-reliability-'));
  if (kind === 'sqlite') {
    const file = join(dir, 'conduct.sqlite');
    return {
      kind,
      dir,
      env: { CONDUCT_DB_FILE: file, DATABASE_URL: '' },
      open: () => openStore({ kind: 'sqlite', file }),
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = postgresAdminUrl()!;
  const name = `conduct_rel_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    dir,
    env: { DATABASE_URL: url.toString(), CONDUCT_DB_FILE: join(dir, 'unused.sqlite') },
    open: () => openStore({ kind: 'postgres', url: url.toString() }),
    dispose: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `conduct serve --no-demo` as a child process in its own process group, so SIGKILL takes the whole server down at once. */
export class ServerProcess {
  private child: ChildProcess | undefined;
  stderr = '';
  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    this.child = spawn(process.execPath, [bin, 'serve', '--no-demo'], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.child.exitCode !== null) throw new Error(`conduct serve exited with ${this.child.exitCode}: ${this.stderr}`);
      try {
        const res = await fetch(`${this.url}/health`);
        if (res.ok) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`conduct serve did not answer within ${timeoutMs} ms: ${this.stderr}`);
  }

  /** SIGKILL to the whole process group: no shutdown hooks, no flushing, like a power cut to the process. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await exited;
    this.child = undefined;
  }
}
