import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * Online backup and restore of the SQLite database, through SQLite's own backup API: the copy is
 * one consistent snapshot (one read transaction on the source), taken while the server keeps
 * writing (WAL lets writers carry on meanwhile).
 */

export class BackupInputError extends Error {}

/** Tables whose rows make a database "not empty": it holds a force's users or case records. */
const substantive = ['users', 'occurrences', 'log_entries'] as const;

function tableNames(db: SQLite.Database): Set<string> {
  return new Set((db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name));
}

export interface RowCounts {
  [table: string]: number;
}

/** Row counts of every table (migration bookkeeping aside). */
export function countRows(file: string): RowCounts {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const out: RowCounts = {};
    for (const name of [...tableNames(db)].filter((n) => !n.startsWith('sqlite_') && !n.startsWith('kysely_')).sort()) {
      out[name] = (db.prepare(`select count(*) as n from "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
    }
    return out;
  } finally {
    db.close();
  }
}

/** Copies the live database at `source` to a new file `destination`, consistently, while writes continue. */
export async function backupSqlite(source: string, destination: string): Promise<{ pages: number; counts: RowCounts }> {
  const from = resolve(source);
  const to = resolve(destination);
  if (!existsSync(from)) throw new BackupInputError(`There is no database at ${from} (CONDUCT_DB_FILE)`);
  if (existsSync(to)) throw new BackupInputError(`${to} already exists: a backup never overwrites a file; choose a new name`);
  if (!existsSync(dirname(to))) throw new BackupInputError(`The folder ${dirname(to)} does not exist`);
  const db = new SQLite(from, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    // Every page in one step: one read transaction, so a writer in another process cannot make the copy start over.
    const progress = await db.backup(to, { progress: () => 0x7fffffff });
    return { pages: progress.totalPages, counts: countRows(to) };
  } finally {
    db.close();
  }
}

/** Is this file a database Conduct made? */
function checkIsConductDatabase(file: string): void {
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new BackupInputError(`${file} cannot be opened as a database`);
  }
  try {
    let names: Set<string>;
    try {
      names = tableNames(db);
    } catch {
      throw new BackupInputError(`${file} is not a database`);
    }
    if (!names.has('kysely_migration') || !names.has('log_entries') || !names.has('occurrences')) throw new BackupInputError(`${file} is not a Conduct backup (it has no occurrences or occurrence log)`);
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupInputError(`${file} is damaged: ${String(check)}`);
  } finally {
    db.close();
  }
}

/** How many users, occurrences and log entries a database holds (0s for a file that does not exist or has no tables yet). */
function substantiveRows(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const names = tableNames(db);
    const out: Record<string, number> = {};
    for (const t of substantive) if (names.has(t)) out[t] = (db.prepare(`select count(*) as n from ${t}`).get() as { n: number }).n;
    return out;
  } finally {
    db.close();
  }
}

/** Restores a backup into `target`, which must be empty (missing, or with no users, occurrences or log entries). */
export async function restoreSqlite(backupFile: string, target: string): Promise<{ counts: RowCounts }> {
  const from = resolve(backupFile);
  const to = resolve(target);
  if (!existsSync(from)) throw new BackupInputError(`There is no backup at ${from}`);
  if (from === to) throw new BackupInputError('The backup and the database are the same file');
  checkIsConductDatabase(from);
  const held = substantiveRows(to);
  const nonEmpty = Object.entries(held).filter(([, n]) => n > 0);
  if (nonEmpty.length) {
    throw new BackupInputError(
      `The database at ${to} is not empty (${nonEmpty.map(([t, n]) => `${n} ${t.replace('_', ' ')}`).join(', ')}): restore only into an empty database, so nothing is overwritten`,
    );
  }
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(to, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  // The restored file keeps the live database's settings.
  const restored = new SQLite(to);
  try {
    restored.pragma('journal_mode = WAL');
  } finally {
    restored.close();
  }
  return { counts: countRows(to) };
}
