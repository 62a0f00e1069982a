import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import type { DialectKind } from '../migrations/index';

/**
 * Refreshes the query planner's statistics after a bulk load, so searches use the right indexes
 * straight away instead of after the next automatic analyse. SQLite samples each index (a
 * bounded cost at any size); PostgreSQL samples each table.
 */
export async function refreshPlannerStatistics(db: Kysely<Database>, kind: DialectKind): Promise<void> {
  if (kind === 'sqlite') {
    await sql`pragma analysis_limit = 1000`.execute(db);
    await sql`analyze`.execute(db);
  } else {
    await sql`analyze`.execute(db);
  }
}

/** SQLite page cache for a bulk load, in KiB (the default is 2 MiB: a big load would re-read index pages all the time; at 350,000 occurrences the search-term indexes outgrow 256 MiB). */
export const BULK_LOAD_CACHE_KIB = 1024 * 1024;

/**
 * Sets this connection up for a bulk load (on) or back to normal (off). On SQLite a large page
 * cache keeps the indexes being filled in memory; PostgreSQL's cache is the server's own.
 */
export async function bulkLoadMode(db: Kysely<Database>, kind: DialectKind, on: boolean): Promise<void> {
  if (kind !== 'sqlite') return;
  await sql.raw(`pragma cache_size = -${on ? BULK_LOAD_CACHE_KIB : 2000}`).execute(db);
}
