import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Whether a database handle (or a transaction on one) is PostgreSQL: for the few statements whose
 * SQL differs between the two databases, such as row locks, which SQLite neither has nor needs.
 */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
