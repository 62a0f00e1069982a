import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../app/errors';
import { isApiRequest } from '../access';

/**
 * The NUL character (U+0000) has no place in any text Conduct keeps, and PostgreSQL text cannot
 * hold it at all (the insert fails). The API refuses it, naming the field; a form (where a browser
 * can only send it from pasted binary) has it removed, as it carries no meaning.
 */
const NUL = '\u0000';

/** Deeper than any input Conduct accepts; a body nested further is refused before it is walked. */
export const MAX_INPUT_DEPTH = 32;

class TooDeepError extends ValidationError {
  constructor() {
    super([{ field: '(body)', message: `Must not be nested more than ${MAX_INPUT_DEPTH} levels deep` }]);
  }
}

/** Refuses a value nested deeper than MAX_INPUT_DEPTH, walked without recursion so that no depth can overflow the stack. */
function assertShallow(value: unknown): void {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (!next.value || typeof next.value !== 'object') continue;
    if (next.depth >= MAX_INPUT_DEPTH) throw new TooDeepError();
    for (const v of Object.values(next.value as Record<string, unknown>)) pending.push({ value: v, depth: next.depth + 1 });
  }
}

function firstNul(value: unknown, path: string[]): string[] | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k.includes(NUL)) return [...path, k.replaceAll(NUL, '\\0')];
      const found = firstNul(v, [...path, k]);
      if (found) return found;
    }
  }
  return undefined;
}

function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll(NUL, '');
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.replaceAll(NUL, ''), withoutNul(v)]));
  return value;
}

export function registerTextInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    // Checked first: the walks below (and schema validation after them) recurse once per level.
    assertShallow(request.body);
    assertShallow(request.query);
    const inBody = firstNul(request.body, []);
    const inQuery = inBody ? undefined : firstNul(request.query, []);
    const found = inBody ?? inQuery;
    if (!found) return;
    if (isApiRequest(request)) {
      throw new ValidationError([{ field: found.join('.') || '(body)', message: 'Must not contain the NUL character (U+0000)' }]);
    }
    if (inBody) request.body = withoutNul(request.body);
    if (firstNul(request.query, [])) request.query = withoutNul(request.query);
  });
}
