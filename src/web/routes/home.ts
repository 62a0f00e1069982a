import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app/context';
import { pageContext } from '../server';
import { takeFlash } from '../access';
import { userSummary } from '../presenters';
import { can } from '../../auth/permissions';

export async function registerHomeRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  void deps;
  app.get('/', { config: { access: 'signed_in' } }, async (request, reply) => {
    const actor = request.actor!;
    return reply.view(
      'home.njk',
      pageContext(request, reply, {
        title: 'Home',
        flash: takeFlash(request),
        summary: userSummary(actor),
        canCreate: can(actor.role, 'occurrence.create'),
        canList: can(actor.role, 'occurrence.list'),
      }),
    );
  });
}
