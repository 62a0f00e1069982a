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
