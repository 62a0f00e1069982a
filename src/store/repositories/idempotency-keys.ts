import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export interface IdempotencyRecord {
  userId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
  responseStatus: number;
  responseBody: string;
  /** Headers the response carried besides its content type, e.g. location. */
  responseHeaders: Record<string, string>;
  createdAt: string;
}

type Row = Database['idempotency_keys'];

function toRecord(row: Row): IdempotencyRecord {
  return {
    userId: row.user_id,
    key: row.key,
    method: row.method,
    path: row.path,
    requestHash: row.request_hash,
    responseStatus: Number(row.response_status),
    responseBody: row.response_body,
    responseHeaders: JSON.parse(row.response_headers) as Record<string, string>,
    createdAt: row.created_at,
  };
}

export async function findIdempotencyKey(db: Kysely<Database>, userId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const row = await db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Records a key inside the transaction that made the change; a second request with the same key fails on the primary key and rolls its change back. */
export async function insertIdempotencyKey(trx: Kysely<Database>, record: IdempotencyRecord): Promise<void> {
  await trx
    .insertInto('idempotency_keys')
    .values({
      user_id: record.userId,
      key: record.key,
      method: record.method,
      path: record.path,
      request_hash: record.requestHash,
      response_status: record.responseStatus,
      response_body: record.responseBody,
      response_headers: JSON.stringify(record.responseHeaders),
      created_at: record.createdAt,
    })
    .execute();
}

/** Forgets keys recorded before a time (their responses hold personal data); returns how many went. */
export async function purgeIdempotencyKeys(db: Kysely<Database>, before: string): Promise<number> {
  const r = await db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows ?? 0);
}
