import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI 3.1, generated from the routes' Zod schemas; the browsable documentation is at /api/docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Conduct API',
        version: '1',
        description:
          'Stalking and harassment case management. Authenticate with a bearer token from `conduct token create --user NAME`, or a signed-in session cookie (state-changing requests then need the `csrf-token` header). Errors are application/problem+json naming the failing field.',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: 'conduct.sid' },
        },
      },
    },
    transform: (args) => {
      if (!args.url.startsWith('/api/v1')) return { schema: { ...args.schema, hide: true }, url: args.url };
      return jsonSchemaTransform(args);
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });
}
