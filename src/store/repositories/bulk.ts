import type { Kysely } from 'kysely';
import type { Database } from '../schema';

/** Bound parameters per INSERT statement: well inside SQLite's (32,766) and PostgreSQL's (65,535) limits. */
const PARAMETERS_PER_STATEMENT = 30_000;

/**
 * Inserts many rows of one table in multi-row statements, in the order given. For bulk writers
 * (conduct generate, imports) inside the transaction that also writes their log entries; each
 * repository exposes its own typed wrapper. Returns the number of rows written.
 */
export async function insertMany<T extends keyof Database & string>(trx: Kysely<Database>, table: T, rows: readonly Database[T][]): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0] as object).length || 1;
  const per = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / columns));
  for (let i = 0; i < rows.length; i += per) {
    await trx.insertInto(table).values(rows.slice(i, i + per) as never).execute();
  }
  return rows.length;
}
