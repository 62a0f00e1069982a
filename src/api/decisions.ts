import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app/context';
import { decisionCatalogue, decisions } from '../policy/index';
import { runDecision } from '../policy/registry';
import { problem, sendProblem } from './problem';
import { apiSecurity } from './security';

/** POST /api/v1/decisions/NAME: the same as `conduct decide NAME`, over HTTP. */
export async function registerDecisionApi(root: FastifyInstance, deps: AppDeps): Promise<void> {
  void deps;
  const typed = root.withTypeProvider<ZodTypeProvider>();
  const security = apiSecurity;
  typed.get(
    '/v1/decisions',
    { config: { access: 'decision.run' }, schema: { tags: ['Policy decisions'], security, summary: 'Every policy decision with its requirement IDs and JSON Schemas' } },
    async () => ({ decisions: decisionCatalogue() }),
  );
  typed.post(
    '/v1/decisions/:name',
    {
      config: { access: 'decision.run' },
      schema: {
        tags: ['Policy decisions'],
        security,
        summary: 'Run one policy decision on a JSON input; the result names the requirement IDs behind it',
        params: z.object({ name: z.string().min(1).max(64) }),
        body: z.unknown(),
      },
    },
    async (request, reply) => {
      const run = runDecision(decisions, request.params.name, request.body);
      if (run.ok) return run.result;
      if (run.kind === 'unknown_decision') return sendProblem(reply, problem(404, run.message));
      return sendProblem(reply, problem(400, run.message, { errors: run.issues }));
    },
  );
}
