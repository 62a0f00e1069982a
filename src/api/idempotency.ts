import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps, ChangeOptions } from '../app/context';
import { ValidationError } from '../app/errors';
import { findIdempotencyKey, insertIdempotencyKey, purgeIdempotencyKeys, type IdempotencyRecord } from '../store/repositories/idempotency-keys';
import { problem, sendProblem } from './problem';

/**
 * Idempotency-Key on state-changing API requests (POST, PATCH). A client that sends a key and
 * gets no answer (a crash, a dropped connection) sends the same request with the same key
 * again: the change happens exactly once, and the retry gets the first response.
 *
 * The key and the response are written inside the use case's own transaction, so a crash
 * either loses both the change and the key (the retry makes the change) or keeps both (the
 * retry gets the stored response). Keys belong to the user who sent them. Only completed
 * changes are remembered: a refused request (4xx) changed nothing and may be sent again.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
/** Keys are kept at least this long; after it a key may be forgotten and used again. */
export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

const keyMessage = 'Idempotency-Key must be 1 to 255 visible ASCII characters, for example a UUID';

/** The request headers schema of a state-changing route: documents the header in OpenAPI and checks its form. */
export const idempotentHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, keyMessage)
    .optional()
    .describe(
      'A key unique to this change (a UUID). Send the same request with the same key again after a crash or a lost response: the change is made once and the first response is returned with the header Idempotent-Replayed: true. The same key with a different request is refused (422).',
    ),
});

/** Response headers a state-changing route documents. */
export const replayedResponseHeader = {
  'Idempotent-Replayed': { description: 'true when this is the stored response of an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } },
};

export interface IdempotentChange<R> {
  /** Status of a successful change, e.g. 201. */
  status: number;
  /** Runs the use case, passing the options that put the key into its transaction. */
  run: (options: ChangeOptions<R>) => Promise<R>;
  /** The JSON body of the response. */
  body: (result: R) => unknown;
  /** Headers of the response besides its content type (e.g. location). */
  headers?: (result: R) => Record<string, string>;
}

/** Sorted keys at every level, so the same JSON in another order hashes the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([method.toUpperCase(), url, canonical(body ?? null)]))
    .digest('hex');
}

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function send(reply: FastifyReply, status: number, body: string, headers: Record<string, string>): FastifyReply {
  reply.code(status);
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.header('content-type', 'application/json; charset=utf-8').send(body);
}

function replayOrRefuse(reply: FastifyReply, stored: IdempotencyRecord, hash: string): FastifyReply {
  if (stored.requestHash !== hash) {
    const message = `This Idempotency-Key was already used for a different request (${stored.method} ${stored.path}): send a new key with a new request`;
    return sendProblem(reply, problem(422, message, { errors: [{ field: 'Idempotency-Key', message }] }));
  }
  return send(reply, stored.responseStatus, stored.responseBody, { ...stored.responseHeaders, [REPLAYED_HEADER]: 'true' });
}

/** Runs a state-changing use case for an API request, exactly once per Idempotency-Key. */
export async function withIdempotency<R>(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, change: IdempotentChange<R>): Promise<FastifyReply> {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) {
    const result = await change.run({});
    return send(reply, change.status, JSON.stringify(change.body(result)), change.headers?.(result) ?? {});
  }
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (Array.isArray(raw) || !key || !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ValidationError([{ field: 'Idempotency-Key', message: keyMessage }]);
  }
  const actor = request.actor;
  if (!actor) throw new Error('withIdempotency needs an authenticated request');
  const db = deps.store.db;
  const hash = requestHash(request.method, request.url, request.body);
  const earlier = await findIdempotencyKey(db, actor.id, key);
  if (earlier) return replayOrRefuse(reply, earlier, hash);

  let response: { body: string; headers: Record<string, string> } | undefined;
  try {
    await change.run({
      inTransaction: async (trx, result) => {
        const body = JSON.stringify(change.body(result));
        const headers = change.headers?.(result) ?? {};
        await insertIdempotencyKey(trx, {
          userId: actor.id,
          key,
          method: request.method,
          path: request.url,
          requestHash: hash,
          responseStatus: change.status,
          responseBody: body,
          responseHeaders: headers,
          createdAt: deps.clock().toISOString(),
        });
        response = { body, headers };
      },
    });
  } catch (err) {
    // The same key arrived twice at once: the first committed, this one rolled back. Answer as a retry.
    if (isUniqueViolation(err)) {
      const winner = await findIdempotencyKey(db, actor.id, key);
      if (winner) return replayOrRefuse(reply, winner, hash);
    }
    throw err;
  }
  if (!response) throw new Error(`${request.method} ${request.routeOptions.url} does not pass its transaction hook on: it cannot take an Idempotency-Key`);
  return send(reply, change.status, response.body, response.headers);
}

/** Forgets keys older than the retention period. */
export async function purgeExpiredIdempotencyKeys(deps: AppDeps): Promise<number> {
  return purgeIdempotencyKeys(deps.store.db, new Date(deps.clock().getTime() - IDEMPOTENCY_KEY_RETENTION_MS).toISOString());
}
