import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { ConfigError, loadConfig } from '../config';
import { openApp, serve } from '../main';
import { AppError } from '../app/errors';
import { addUser, createApiToken } from '../app/admin/users';
import { seedDemo } from '../app/admin/seed-demo';
import { verifyOccurrenceLog } from '../app/audit/verify-log';
import { systemActor } from '../domain/actor';
import { decideCommand, policyCoverageCommand } from './policy-commands';
import { UsageError } from './usage-error';
import { backupCommand, restoreCommand } from './backup-commands';
import { retentionCommand } from './retention-commands';

export { UsageError };

/** Exit codes: 0 done; 1 the check failed or something went wrong; 2 the command or its input was wrong. */

const help = `conduct: stalking and harassment case management

Usage: conduct <command> [options]

  serve [--no-demo]           Serve the app (PORT, HOST, CONDUCT_DB_FILE, DATABASE_URL, LOG_LEVEL).
                              A new database is created, migrated and, unless --no-demo, filled with demo data.
  migrate                     Apply pending database migrations (SQLite: a VACUUM INTO copy is taken first).
  seed-demo                   Add the demo users and reports to the database.
  user add --username U --name N --role R --rank K --unit T [--district D]
                              Add a user; the password is read from standard input (one line).
  token create --user U [--label L]
                              Create an API bearer token for a user; prints it once.
  verify-log                  Recompute the occurrence log's hash chain; exits 1 naming the first bad entry.
  backup FILE                 Copy the SQLite database to FILE while the server keeps running (a consistent
                              snapshot); on PostgreSQL, prints how to use pg_dump and exits 2.
  restore FILE                Restore a backup into an empty database (CONDUCT_DB_FILE); refuses one that holds
                              users or records (exit 2); migrates it and verifies the occurrence log.
  sweep-deadlines [--as-of ISO] [--dry-run]
                              Escalate every open task past its due time, once, to its team's supervisor
                              (the server does this every DEADLINE_SWEEP_MINUTES, default 5).
  retention due [--limit N]   MoPI retention reviews due today or earlier, oldest first (reference, date, group).
  retention refresh           Compute every occurrence's MoPI group and review date (after migrating to 0008).
  decide NAME                 Run a policy decision on the JSON object on standard input.
  decide --list               Every decision with its requirement IDs and JSON Schemas.
  policy coverage             Requirement IDs with their implementing code and tests; exits 1 on gaps.
  generate --occurrences N [--seed S] [--now ISO] [--append]
                              Fill an empty database with a synthetic force (users, N occurrences over seven
                              years, their log); same seed, clock and N give identical records. Needs the
                              development dependencies. Users' password: CONDUCT_PASSWORD, else the demo one.
`;

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

export async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(help);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({ args: rest, options: { 'no-demo': { type: 'boolean', default: false } }, strict: true });
      await serve(loadConfig(), { demo: !values['no-demo'] });
      return -1; // keeps running
    }
    case 'migrate': {
      parseArgs({ args: rest, options: {}, strict: true });
      const { store, created } = await openApp(loadConfig());
      process.stdout.write(created ? 'Database created and migrated\n' : 'Database is up to date\n');
      await store.close();
      return 0;
    }
    case 'seed-demo': {
      parseArgs({ args: rest, options: {}, strict: true });
      const { deps, store } = await openApp(loadConfig());
      const r = await seedDemo(deps);
      process.stdout.write(r.users ? `Added ${r.users} demo users and ${r.occurrences} reports\n` : 'Demo users already exist\n');
      await store.close();
      return 0;
    }
    case 'user': {
      const [sub, ...args] = rest;
      if (sub !== 'add') throw new UsageError('Usage: conduct user add --username U --name N --role R --rank K --unit T [--district D]');
      const { values } = parseArgs({
        args,
        options: {
          username: { type: 'string' },
          name: { type: 'string' },
          role: { type: 'string' },
          rank: { type: 'string' },
          unit: { type: 'string' },
          district: { type: 'string' },
        },
        strict: true,
      });
      const password = (process.env.CONDUCT_PASSWORD ?? readStdin()).replace(/\r?\n$/, '');
      const { deps, store } = await openApp(loadConfig());
      try {
        const user = await addUser(deps, systemActor, {
          username: values.username ?? '',
          displayName: values.name ?? '',
          role: values.role ?? '',
          rank: values.rank ?? '',
          unit: values.unit ?? '',
          district: values.district ?? null,
          password,
        });
        process.stdout.write(`Added ${user.username} (${user.role})\n`);
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'token': {
      const [sub, ...args] = rest;
      if (sub !== 'create') throw new UsageError('Usage: conduct token create --user NAME [--label L]');
      const { values } = parseArgs({ args, options: { user: { type: 'string' }, label: { type: 'string' } }, strict: true });
      if (!values.user) throw new UsageError('--user is required: conduct token create --user NAME');
      const { deps, store } = await openApp(loadConfig());
      try {
        const { token } = await createApiToken(deps, values.user, values.label ?? 'Created with conduct token create');
        process.stdout.write(`${token}\n`);
      } finally {
        await store.close();
      }
      return 0;
    }
    case 'verify-log': {
      parseArgs({ args: rest, options: {}, strict: true });
      const { deps, store } = await openApp(loadConfig());
      try {
        const report = await verifyOccurrenceLog(deps);
        if (report.ok) {
          process.stdout.write(`Occurrence log verified: ${report.entries} entries, chain intact\n`);
          return 0;
        }
        const p = report.firstProblem!;
        process.stderr.write(`Occurrence log FAILED verification at entry ${p.seq}${p.id ? ` (${p.id})` : ''}: ${p.problem}\n`);
        return 1;
      } finally {
        await store.close();
      }
    }
    case 'sweep-deadlines': {
      const { sweepDeadlinesCommand } = await import('./sweep-command');
      return sweepDeadlinesCommand(rest);
    }
    case 'decide':
      return decideCommand(rest, readStdin);
    case 'generate': {
      // Loaded on demand: the synthetic force needs the development dependencies (faker).
      const { generateCommand } = await import('./generate');
      return generateCommand(rest);
    }
    case 'policy': {
      const [sub, ...args] = rest;
      if (sub !== 'coverage') throw new UsageError('Usage: conduct policy coverage');
      return policyCoverageCommand(args);
    }
    case 'retention':
      return retentionCommand(rest);
    case 'backup':
      return backupCommand(rest);
    case 'restore':
      return restoreCommand(rest);
    default:
      throw new UsageError(`Unknown command "${command}". Run conduct --help`);
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    const code = await run(argv);
    if (code >= 0) process.exitCode = code;
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(err as Error).message}\n`);
      process.exitCode = 2;
    } else if (err instanceof AppError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = err.status >= 400 && err.status < 500 && err.code !== 'not_found' ? 2 : 1;
      if (err.code === 'not_found') process.exitCode = 2;
    } else {
      process.stderr.write(`conduct: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  }
}

