import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { entitledToRestricted } from '../../auth/record-access';
import { dueReviews, type DueCursor, type DueReview } from '../../store/repositories/retention';
import { ValidationError } from '../errors';
import { parseInput, permit, type AppDeps } from '../context';

export const retentionWorklistInput = z
  .object({
    after: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

function encode(c: DueCursor): string {
  return Buffer.from(JSON.stringify([c.dueOn, c.id])).toString('base64url');
}

function decode(s: string): DueCursor | undefined {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') return { dueOn: v[0], id: v[1] };
  } catch {
    /* not a page marker */
  }
  return undefined;
}

/**
 * The retention review worklist: occurrences whose MoPI review is due (today or earlier), oldest
 * first, a page at a time. Restricted records (ID-08) appear only for users entitled to them.
 */
export async function retentionWorklist(deps: AppDeps, actor: Actor, raw: unknown): Promise<{ reviews: DueReview[]; next?: string; today: string }> {
  permit(actor, 'retention.review');
  const input = parseInput(retentionWorklistInput, raw);
  const after = input.after ? decode(input.after) : undefined;
  if (input.after && !after) throw new ValidationError([{ field: 'after', message: 'The page marker is not valid: start from the first page' }]);
  const today = deps.clock().toISOString().slice(0, 10);
  const page = await dueReviews(deps.store.db, { today, includeRestricted: entitledToRestricted(actor) }, after ? { after, limit: input.limit } : { limit: input.limit });
  return page.next ? { reviews: page.rows, next: encode(page.next), today } : { reviews: page.rows, today };
}
