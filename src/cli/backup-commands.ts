import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openApp } from '../main';
import { verifyOccurrenceLog } from '../app/audit/verify-log';
import { backupSqlite, BackupInputError, restoreSqlite, type RowCounts } from '../store/backup';
import { UsageError } from './usage-error';

const postgresBackup = `On PostgreSQL, take backups with the database's own tools, which give a consistent snapshot while Conduct keeps writing:

  pg_dump --format=custom --file conduct.dump "$DATABASE_URL"

and restore into a new, empty database (then run conduct migrate and conduct verify-log):

  createdb conduct_restored
  pg_restore --no-owner --exit-on-error --dbname "postgres://USER@HOST:5432/conduct_restored" conduct.dump
`;

function summary(counts: RowCounts): string {
  const pick = ['occurrences', 'users', 'log_entries'].map((t) => `${counts[t] ?? 0} ${t.replace('_', ' ')}`);
  return pick.join(', ');
}

/** conduct backup FILE: a consistent online copy of the SQLite database. */
export async function backupCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('Usage: conduct backup FILE');
  const config = loadConfig();
  if (config.database.kind === 'postgres') {
    process.stderr.write(`conduct backup copies SQLite databases only.\n\n${postgresBackup}`);
    return 2;
  }
  try {
    const r = await backupSqlite(config.database.file, positionals[0]!);
    process.stdout.write(`Backed up ${summary(r.counts)} (${r.pages} pages) to ${positionals[0]}\n`);
    return 0;
  } catch (err) {
    if (err instanceof BackupInputError) throw new UsageError(err.message);
    throw err;
  }
}

/** conduct restore FILE: the backup into an empty database, migrated and with its log verified. */
export async function restoreCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new UsageError('Usage: conduct restore FILE');
  const config = loadConfig();
  if (config.database.kind === 'postgres') {
    process.stderr.write(`conduct restore restores SQLite backups only.\n\n${postgresBackup}`);
    return 2;
  }
  let counts: RowCounts;
  try {
    counts = (await restoreSqlite(positionals[0]!, config.database.file)).counts;
  } catch (err) {
    if (err instanceof BackupInputError) throw new UsageError(err.message);
    throw err;
  }
  // A backup from an older release is brought up to date; then the log must verify.
  const { deps, store } = await openApp(config);
  try {
    const report = await verifyOccurrenceLog(deps);
    if (!report.ok) {
      const p = report.firstProblem!;
      process.stderr.write(`Restored ${summary(counts)}, but the occurrence log FAILED verification at entry ${p.seq}: ${p.problem}\n`);
      return 1;
    }
    process.stdout.write(`Restored ${summary(counts)} into ${config.database.file}; occurrence log verified (${report.entries} entries)\n`);
    return 0;
  } finally {
    await store.close();
  }
}
