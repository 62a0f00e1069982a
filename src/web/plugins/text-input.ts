import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../app/errors';
import { isApiRequest } from '../access';

/**
 * The NUL character (U+0000) has no place in any text Conduct keeps, and PostgreSQL text cannot
 * hold it at all (the insert fails). The API refuses it, naming the field; a form (where a browser
 * can only send it from pasted binary) has it removed, as it carries no meaning.
 */
const NUL = '\u0000';

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
