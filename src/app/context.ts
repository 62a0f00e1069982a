import type { Store } from '../store/db';
import type { Actor } from '../domain/actor';
import type { Action } from '../auth/permissions';
import { can } from '../auth/permissions';
import { ForbiddenError, ValidationError, issuesFromZodError } from './errors';
import type { z } from 'zod';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';

/** What every use case is given: the store and the clock (time is always passed in). */
export interface AppDeps {
  store: Store;
  clock: () => Date;
}

export function permit(actor: Actor, action: Action): void {
  if (!can(actor.role, action)) throw new ForbiddenError(`Your role may not do this (${action})`);
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ValidationError(issuesFromZodError(parsed.error));
  return parsed.data;
}

export function nowIso(deps: AppDeps): string {
  return deps.clock().toISOString();
}

/**
 * What an adapter may add to a use case's own transaction. The API records a request's
 * Idempotency-Key and its response there, so the change and the record of it commit together
 * or not at all. A use case that accepts these options calls `inTransaction` last, inside its
 * transaction, with the result it will return.
 */
export interface ChangeOptions<R> {
  inTransaction?: (trx: Kysely<Database>, result: R) => Promise<void>;
}
