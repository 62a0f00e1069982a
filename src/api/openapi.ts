import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { replayedResponseHeader } from './idempotency';

/** OpenAPI 3.1, generated from the routes' Zod schemas; the browsable documentation is at /api/docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Conduct API',
        version: '1',
        description:
          'Stalking and harassment case management. Authenticate with a bearer token from `conduct token create --user NAME`, or a signed-in session cookie (state-changing requests then need the `csrf-token` header). Errors are application/problem+json naming the failing field. State-changing requests accept an Idempotency-Key header, so a request retried after a crash or a lost answer is carried out once; changes to a record carry the version read, and a stale version gets 409.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'conduct.sid' },
        },
      },
    },
    // A request that may carry an Idempotency-Key documents the header its replayed response carries.
    transformObject: (documentObject) => documentReplayedHeader((documentObject as { openapiObject: OpenApiDocument }).openapiObject) as never,
    transform: (args) => {
      if (!args.url.startsWith('/api/v1')) return { schema: { ...args.schema, hide: true }, url: args.url };
      return jsonSchemaTransform(args);
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // The documentation page is held to the same rules as the rest of Conduct: never framed, nothing
    // loaded from other hosts, no forced upgrade to https on a server that is not behind TLS.
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/ validator\.swagger\.io/g, '')
        .replace(/ https:/g, '')
        .replace(/\s*upgrade-insecure-requests;?/g, ''),
  });
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, { parameters?: { in?: string; name?: string }[]; responses?: Record<string, Record<string, unknown>> }>>;
}

function documentReplayedHeader(doc: OpenApiDocument): OpenApiDocument {
  for (const operations of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(operations)) {
      if (!op.parameters?.some((p) => p.in === 'header' && p.name?.toLowerCase() === 'idempotency-key')) continue;
      op.responses ??= {};
      for (const [status, response] of Object.entries(op.responses)) {
        if (status.startsWith('2')) response.headers = { ...(response.headers as object | undefined), ...replayedResponseHeader };
      }
      op.responses['422'] ??= { description: 'The Idempotency-Key was already used with a different request (application/problem+json)' };
    }
  }
  return doc;
}
