import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app/context';
import { intelligenceSubmissionInput, openPersonRecord, submitIntelligence, type SubmittedIntelligence } from '../app/intelligence/submissions';
import { idempotentHeaders, withIdempotency } from './idempotency';
import { apiSecurity as security } from './security';

const tags = ['Intelligence'];
const params = z.object({ id: z.string().min(1).max(64).describe('The person’s id') });

/** AO-09: intelligence on stalking nominals, over JSON. */
export async function registerIntelligenceApi(root: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = root.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/v1/people/:id/intelligence',
    {
      config: { access: 'intelligence.submit' },
      schema: {
        tags,
        security,
        summary: 'Submit intelligence on a person: a sighting or other information (AO-09)',
        description:
          'Linked to the person, and to an occurrence they are a party to where `occurrenceReference` is given. Where the person has an active notify-if flag, the flag’s owner is tasked (FL-01) and the answer says so. A sighting time in the future is refused.',
        params,
        headers: idempotentHeaders,
        body: intelligenceSubmissionInput,
      },
    },
    async (request, reply) =>
      withIdempotency<SubmittedIntelligence>(deps, request, reply, {
        status: 201,
        run: (options) => submitIntelligence(deps, request.actor!, request.params.id, request.body, options),
        body: (intelligence) => ({ intelligence }),
        headers: (intelligence) => ({ location: `/api/v1/people/${intelligence.personId}/intelligence` }),
      }),
  );

  api.get(
    '/v1/people/:id/intelligence',
    {
      config: { access: 'person.search' },
      schema: {
        tags,
        security,
        summary: 'A person’s record with the intelligence submitted on them (the read is logged)',
        description: 'Intelligence submitted from a restricted occurrence (ID-08) is left out for users not entitled to see it; `hiddenIntelligence` counts it.',
        params,
      },
    },
    async (request) => {
      const view = await openPersonRecord(deps, request.actor!, request.params.id);
      return {
        person: view.person,
        markers: view.markers,
        flags: view.flags,
        occurrences: view.occurrences,
        hiddenOccurrences: view.hiddenOccurrences,
        intelligence: view.intelligence.map((i) => ({
          id: i.id,
          occurrenceReference: i.reference,
          seenAt: i.seenAt,
          location: i.location,
          subjectDescription: i.subjectDescription,
          vehicle: i.vehicle,
          source: i.source,
          sourceDetail: i.sourceDetail,
          details: i.details,
          flagOwnerTasked: Boolean(i.flagTaskId),
          submittedBy: i.submittedByName,
          submittedAt: i.submittedAt,
        })),
        hiddenIntelligence: view.hiddenIntelligence,
      };
    },
  );
}
