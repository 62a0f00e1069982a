import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app/context';
import { communicateThreat, communicateThreatInput, emergingThreatsInput, listEmergingThreats, personLinks, personLinksInput } from '../app/intelligence/emerging-threats';
import type { ThreatCommunicationRecord } from '../store/repositories/emerging-threats';
import { idempotentHeaders, withIdempotency } from './idempotency';
import { apiSecurity } from './security';

const tags = ['Emerging threats'];
const security = apiSecurity;

/** /api/v1/emerging-threats: the District Intelligence Units' emerging threats (DI-01) and their communication (DI-02). */
export async function registerEmergingThreatApi(root: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = root.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/v1/emerging-threats',
    {
      config: { access: 'threats.view' },
      schema: {
        tags,
        security,
        summary: 'Emerging threats: serial perpetrators, repeat victims, escalation, SPO breaches and notify-if flag hits (DI-01, IO-14)',
        description:
          'Each row carries its reasons (each with points and requirement IDs), its score (the sum), prompts (PDP and MAPPA for serial perpetrators, IO-14) and the communications recorded (DI-02). Restricted occurrences (ID-08) are left out unless the caller may see them. The read is logged.',
        querystring: emergingThreatsInput,
      },
    },
    async (request) => listEmergingThreats(deps, request.actor!, request.query),
  );

  api.get(
    '/v1/emerging-threats/people/:personId',
    {
      config: { access: 'threats.view' },
      schema: {
        tags,
        security,
        summary: 'A person’s link view: the people, occurrences, orders and flags connected to them, 1 or 2 hops out (the read is logged)',
        params: z.object({ personId: z.string().min(1).max(64) }),
        querystring: personLinksInput,
      },
    },
    async (request) => personLinks(deps, request.actor!, request.params.personId, request.query),
  );

  api.post(
    '/v1/emerging-threats/communications',
    {
      config: { access: 'threats.communicate' },
      schema: {
        tags,
        security,
        summary: 'Record that an emerging threat was communicated to the district senior leadership team and the SCU (DI-02)',
        description: '`threatKey` is a row’s `key` from GET /v1/emerging-threats. The communication is written to the occurrence log of every occurrence the threat concerns.',
        headers: idempotentHeaders,
        body: communicateThreatInput,
      },
    },
    async (request, reply) =>
      withIdempotency<ThreatCommunicationRecord>(deps, request, reply, {
        status: 201,
        run: (options) => communicateThreat(deps, request.actor!, request.body, options),
        body: (communication) => ({ communication }),
      }),
  );
}
