import type { Kysely } from 'kysely';
import { columnTypes, type DialectKind } from './types';

/**
 * Idempotency keys: a client that retries a state-changing API request after a crash or a lost
 * response sends the same Idempotency-Key, and the change happens exactly once. Each key is
 * written in the same transaction as the change it made, with the response that was sent.
 */
export async function reliabilityMigration(db: Kysely<any>, kind: DialectKind): Promise<void> {
  const t = columnTypes(kind);
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer', (c) => c.notNull())
    .addColumn('response_body', t.json, (c) => c.notNull())
    .addColumn('response_headers', t.json, (c) => c.notNull())
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'key'])
    .execute();
  // Expired keys are purged by age.
  await db.schema.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();
}
