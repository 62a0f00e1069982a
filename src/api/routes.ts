import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../app/context';
import { recordOccurrence, recordOccurrenceInput } from '../app/intake/record-occurrence';
import { openOccurrence, occurrenceSearchInput, searchOccurrences } from '../app/intake/occurrence-queries';
import { registerDecisionApi } from './decisions';
import { registerReportingApi } from './reporting';
import { registerIntelligenceApi } from './intelligence';
import { registerEmergingThreatApi } from './emerging-threats';
import { amendReport, amendReportInput } from '../app/intake/amend-report';
import { idempotentHeaders, withIdempotency } from './idempotency';
import type { OccurrenceRecord } from '../store/repositories/occurrences';
import { apiSecurity } from './security';

const tags = ['Occurrences'];
const security = apiSecurity;

/** JSON API, version 1. Every route declares its access; the same use cases serve the pages. */

export async function registerApi(root: FastifyInstance, deps: AppDeps): Promise<void> {
  const api = root.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/v1/me',
    { config: { access: 'signed_in' }, schema: { tags: ['Users'], security, summary: 'The signed-in user' } },
    async (request) => {
      const u = request.actor!;
      return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, rank: u.rank, district: u.district, unit: u.unit };
    },
  );

  api.post(
    '/v1/occurrences',
    {
      config: { access: 'occurrence.create' },
      schema: { tags, security, summary: 'Record a new report (CS-01, CS-02, CS-07)', headers: idempotentHeaders, body: recordOccurrenceInput },
    },
    async (request, reply) =>
      withIdempotency<OccurrenceRecord>(deps, request, reply, {
        status: 201,
        run: (options) => recordOccurrence(deps, request.actor!, request.body, options),
        body: (occurrence) => ({ occurrence }),
        headers: (occurrence) => ({ location: `/api/v1/occurrences/${occurrence.reference}` }),
      }),
  );

  api.patch(
    '/v1/occurrences/:reference',
    {
      config: { access: 'occurrence.amend' },
      schema: {
        tags,
        security,
        summary: "Correct a report's details (location, first account, call grade, channel) with a reason",
        description:
          'Send the `version` you read. If anyone changed the occurrence since, the answer is 409 and nothing is written: open it again and reapply your change. Fields left out are unchanged; the log records each field before and after.',
        params: z.object({ reference: z.string().min(1).max(64) }),
        headers: idempotentHeaders,
        body: amendReportInput,
      },
    },
    async (request, reply) =>
      withIdempotency<OccurrenceRecord>(deps, request, reply, {
        status: 200,
        run: (options) => amendReport(deps, request.actor!, request.params.reference, request.body, options),
        body: (occurrence) => ({ occurrence }),
      }),
  );

  api.get(
    '/v1/occurrences',
    {
      config: { access: 'occurrence.list' },
      schema: { tags, security, summary: 'Search occurrences, newest first, paged by key', querystring: occurrenceSearchInput },
    },
    async (request) => {
      const page = await searchOccurrences(deps, request.actor!, request.query);
      return { occurrences: page.occurrences, next: page.next ?? null };
    },
  );

  api.get(
    '/v1/occurrences/:reference',
    {
      config: { access: 'occurrence.view' },
      schema: {
        tags,
        security,
        summary: 'Open an occurrence and its log (the read is logged)',
        description: 'A restricted record (ID-08) answers 428 unless the `X-Access-Reason` header gives the reason for opening it; the reason is logged with the read.',
        params: z.object({ reference: z.string().min(1).max(64) }),
        headers: z.object({ 'x-access-reason': z.string().max(500).optional() }).passthrough(),
      },
    },
    async (request) =>
      openOccurrence(deps, request.actor!, request.params.reference, 'Viewed through the API', { accessReason: request.headers['x-access-reason'] as string | undefined }),
  );

  await registerDecisionApi(root, deps);
  await registerReportingApi(root, deps);
  await registerIntelligenceApi(root, deps);
  await registerEmergingThreatApi(root, deps);
}
