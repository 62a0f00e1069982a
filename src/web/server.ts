import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { sql } from 'kysely';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app/context';
import { AccessReasonRequiredError, AppError, PolicyViolationError, ValidationError } from '../app/errors';
import { authenticateApiToken } from '../app/admin/users';
import { can, type Action } from '../auth/permissions';
import { findUserById } from '../store/repositories/users';
import { databaseSessionStore } from './plugins/session-store';
import { registerTextInputGuard } from './plugins/text-input';
import { packageDir, registerViews } from './plugins/views';
import { isApiRequest, pluginPublicPrefixes, type RegisteredRoute, type RouteAccess } from './access';
import { paths } from './paths';
import { registerAuthRoutes } from './routes/auth';
import { registerOccurrenceRoutes } from './routes/occurrences';
import { registerHomeRoutes } from './routes/home';
import { registerPolicyRoutes } from './routes/policy';
import { registerIntakeRoutes } from './routes/intake';
import { registerInvestigationRoutes } from './routes/investigation';
import { registerSpoRoutes } from './routes/spo';
import { registerPeopleRoutes } from './routes/people';
import { registerScuRoutes } from './routes/scu';
import { registerReportAmendmentRoutes } from './routes/report-amendments';
import { registerRetentionRoutes } from './routes/retention';
import { registerManagementInformationRoutes } from './routes/management-information';
import { registerEmergingThreatRoutes } from './routes/emerging-threats';
import { registerCorrectionRoutes } from './routes/corrections';
import { registerApi } from '../api/routes';
import { registerOpenApi } from '../api/openapi';
import { problem, sendProblem } from '../api/problem';
import { navigationFor } from './presenters';
import { roleLabels } from '../domain/roles';

export interface ServerOptions {
  deps: AppDeps;
  sessionSecret: string;
  /** 'true' behind TLS; 'auto' marks cookies Secure when the request came over HTTPS. */
  cookieSecure?: 'true' | 'false' | 'auto';
  /**
   * Reverse proxies whose X-Forwarded-For / -Proto / -Host are believed (TRUST_PROXY): a hop count
   * or addresses / CIDR ranges. Default none: the client address is the socket's, so a client
   * cannot choose the address the sign-in rate limit counts against. Independent of cookieSecure.
   */
  trustProxy?: false | number | string[];
  logger?: FastifyServerOptions['logger'];
  production?: boolean;
  /** Sign-in attempts allowed per client address per minute (default 10). Lockout per account is separate. */
  signInAttemptsPerMinute?: number;
  /** The API documentation (/api/docs) for anyone (API_DOCS_PUBLIC); by default only for a signed-in user or a bearer token. */
  apiDocsPublic?: boolean;
}

/** Where a visitor sent to sign in is taken back to afterwards: a short-lived cookie, not a stored session. */
export const RETURN_TO_COOKIE = 'conduct.return';
export const RETURN_TO_MAX_LENGTH = 500;

/** A path on this site, short enough to keep; anything else (another host, a long URL) is not remembered. */
export function sameSitePath(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > RETURN_TO_MAX_LENGTH) return undefined;
  if (!v.startsWith('/') || v.startsWith('//') || v.includes('\\') || /[\u0000-\u001f\u007f]/.test(v)) return undefined;
  return v;
}

/** Whom a CSRF token is for: the signed-in user, or a visitor (before sign-in). */
function csrfUserInfo(request: FastifyRequest): string {
  const userId = request.session?.userId;
  return userId ? `user:${userId}` : 'visitor';
}

/** URL prefixes of static files: cacheable, whoever asks. */
const staticPrefixes = ['/assets/', '/stylesheets/', '/javascripts/'];

function hopsTrusted(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000; // one shift

/** Builds the whole server (pages, API, docs) without listening, so tests can inject requests. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { deps } = options;
  const secure = options.cookieSecure === 'true';
  const app = Fastify({
    logger: options.logger ?? false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    // A hop count trusts that many proxies nearest the server, whatever their addresses.
    trustProxy: typeof options.trustProxy === 'number' ? hopsTrusted(options.trustProxy) : (options.trustProxy ?? false),
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.decorateRequest('actor', null);
  app.decorateRequest('authMethod', null);

  // Default deny: a route that does not declare who may use it cannot be registered.
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access) return;
    if (pluginPublicPrefixes.some((p) => route.url.startsWith(p) || `${route.url}/`.startsWith(p))) {
      // The API documentation names every route and field: signed-in users and token holders only, unless configured open.
      const closedDocs = route.url.startsWith('/api/docs') && !options.apiDocsPublic;
      route.config = { ...(route.config ?? {}), access: closedDocs ? 'signed_in' : 'public' };
      return;
    }
    throw new Error(`Route ${route.method} ${route.url} does not declare its access`);
  });
  // Every route with its declared access, for the access-matrix test and anyone auditing the server.
  const routeCatalogue: RegisteredRoute[] = [];
  app.decorate('routeCatalogue', routeCatalogue);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeCatalogue.push({ method, url: route.url, access: route.config!.access! });
  });

  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    hsts: secure ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyFormbody);
  await app.register(fastifyCookie, { secret: options.sessionSecret });
  const cookieSecure = options.cookieSecure === 'false' ? false : secure ? true : 'auto';
  await app.register(fastifySession, {
    secret: options.sessionSecret,
    cookieName: 'conduct.sid',
    store: databaseSessionStore(deps, SESSION_MAX_AGE_MS),
    saveUninitialized: false,
    rolling: false,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: cookieSecure,
      maxAge: SESSION_MAX_AGE_MS,
    },
  });
  // The CSRF secret is kept in its own signed cookie, not in the session, so that the sign-in form
  // works without a stored session (nothing is stored before sign-in). Each token is bound to the
  // signed-in user (no one before sign-in), so a token from before sign-in or from another user fails.
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'conduct.csrf',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', signed: true, secure: cookieSecure },
    getUserInfo: csrfUserInfo,
    csrfOpts: { hmacKey: options.sessionSecret },
  });

  const govuk = join(packageDir('govuk-frontend'), 'dist', 'govuk');
  const moj = join(packageDir('@ministryofjustice/frontend'), 'moj');
  const publicDir = join(dirname(fileURLToPath(import.meta.url)), 'public');
  await app.register(fastifyStatic, { root: join(govuk, 'assets'), prefix: '/assets/', decorateReply: false, maxAge: '1d' });
  await app.register(fastifyStatic, { root: join(moj, 'assets'), prefix: '/assets/moj/', decorateReply: false, maxAge: '1d' });
  await app.register(fastifyStatic, {
    root: [govuk, moj, publicDir],
    prefix: '/stylesheets/',
    decorateReply: false,
    allowedPath: (p) => p.endsWith('.min.css') || p === '/conduct.css',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: [govuk, moj, publicDir],
    prefix: '/javascripts/',
    decorateReply: false,
    allowedPath: (p) => p.endsWith('.min.js') || p.endsWith('.mjs') || p === '/conduct.js',
    maxAge: '1d',
  });

  await registerViews(app, { production: options.production ?? false });
  await registerOpenApi(app);

  // Who is asking: a bearer token (API), else the signed-in session.
  app.addHook('onRequest', async (request) => {
    const auth = request.headers.authorization;
    if (auth && isApiRequest(request)) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const user = m?.[1] ? await authenticateApiToken(deps, m[1]) : undefined;
      if (user) {
        request.actor = user;
        request.authMethod = 'token';
      }
      return;
    }
    const userId = request.session?.userId;
    if (userId) {
      const user = await findUserById(deps.store.db, userId);
      if (user?.active) {
        request.actor = user;
        request.authMethod = 'session';
      }
    }
  });

  // authenticate -> permit (role x action) -> CSRF, for every route. It runs before schema
  // validation, so a role that may not use a route gets 403 whatever it sends, never a 400
  // describing the input; and again before the handler when a handler falls through to "not
  // found" (callNotFound runs preHandler hooks only), this time for the not-found route.
  const accessChecked = Symbol('accessChecked');
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    const marked = request as FastifyRequest & { [accessChecked]?: unknown };
    if (marked[accessChecked] === config) return;
    marked[accessChecked] = config;
    const access: RouteAccess = config?.access ?? 'signed_in';
    if (access !== 'public') {
      if (!request.actor) {
        if (isApiRequest(request)) return sendProblem(reply, problem(401, 'Sign in or send a bearer token'));
        const returnTo = request.method === 'GET' ? sameSitePath(request.url) : undefined;
        if (returnTo) reply.setCookie(RETURN_TO_COOKIE, returnTo, { path: paths.signIn(), httpOnly: true, sameSite: 'lax', secure: cookieSecure, maxAge: 30 * 60 });
        return reply.redirect(paths.signIn(), 303);
      }
      if (access !== 'signed_in' && !can(request.actor.role, access)) {
        if (isApiRequest(request)) return sendProblem(reply, problem(403, `Your role may not do this (${access})`));
        reply.code(403);
        return reply.view('errors/forbidden.njk', pageContext(request, reply, { title: 'You do not have permission' }));
      }
    }
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (unsafe && request.authMethod !== 'token') {
      await new Promise<void>((resolve, reject) => {
        app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve()));
      });
    }
  };
  app.addHook('preValidation', guard);
  app.addHook('preHandler', guard);

  // What a signed-in user or a token holder is sent is never kept by a browser or proxy cache
  // (back button on a shared computer, intermediaries); static files are cached as before.
  app.addHook('onSend', async (request, reply, payload) => {
    if (staticPrefixes.some((p) => request.url.startsWith(p))) return payload;
    if (request.actor || request.headers.authorization || reply.hasHeader('set-cookie')) reply.header('cache-control', 'no-store');
    return payload;
  });
  registerTextInputGuard(app);

  app.setErrorHandler(async (error: unknown, request, reply) => {
    const err = error as Error & { statusCode?: number; code?: string };
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.flatMap((v) => {
        // A field that is not part of the input is named itself, not the object holding it.
        const unknownKeys = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] } | undefined)?.keys : undefined;
        if (unknownKeys?.length) return unknownKeys.map((key) => ({ field: [fieldOfValidation(v), key || '""'].filter((f) => f !== '(input)').join('.'), message: `${key || '""'} is not a field this accepts` }));
        return [{ field: fieldOfValidation(v), message: v.message ?? 'Invalid value' }];
      });
      return sendProblem(reply, problem(400, issues.map((i) => `${i.field}: ${i.message}`).join('; '), { errors: issues }));
    }
    let status = err.statusCode ?? 500;
    let detail = err.message;
    const extra: Record<string, unknown> = {};
    if (err instanceof AppError) {
      status = err.status;
      if (err instanceof ValidationError) extra.errors = err.issues;
      if (err instanceof PolicyViolationError) extra.violations = err.violations;
    } else if (err.code?.startsWith('FST_CSRF')) {
      status = 403;
      detail = 'The form had expired or was not sent from Conduct. Go back, reload the page and try again';
    } else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (status === 400 && err.code?.startsWith('FST_'))) {
      status = 400;
    } else if (status >= 500) {
      request.log.error({ err }, 'request failed');
      detail = 'Sorry, there is a problem with the service. Nothing was saved. Try again later';
    }
    // Every 400 names what was wrong; a body that could not be parsed at all is the body itself.
    if (status === 400 && !extra.errors) extra.errors = [{ field: '(body)', message: detail }];
    if (isApiRequest(request)) return sendProblem(reply, problem(status, detail, extra));
    // ID-08: a restricted record asks for the reason before it opens.
    if (err instanceof AccessReasonRequiredError) return reply.redirect(`/occurrences/${encodeURIComponent(err.reference)}/access-reason`, 303);
    reply.code(status);
    if (status === 404) return reply.view('errors/not-found.njk', pageContext(request, reply, { title: 'Page not found' }));
    if (status === 403) return reply.view('errors/forbidden.njk', pageContext(request, reply, { title: 'You do not have permission', detail }));
    if (status === 429) return reply.view('errors/problem.njk', pageContext(request, reply, { title: 'Too many attempts', detail: 'Too many attempts. Wait a minute and try again' }));
    if (status < 500) return reply.view('errors/problem.njk', pageContext(request, reply, { title: 'There is a problem', detail }));
    return reply.view('errors/problem.njk', pageContext(request, reply, { title: 'Sorry, there is a problem with the service', detail }));
  });

  app.setNotFoundHandler({ preHandler: async () => undefined }, async (request, reply) => {
    if (isApiRequest(request)) return sendProblem(reply, problem(404, 'No such API route'));
    reply.code(404);
    return reply.view('errors/not-found.njk', pageContext(request, reply, { title: 'Page not found' }));
  });

  // For load balancers: up, and the database answers. Nothing about what the database is.
  app.get('/health', { config: { access: 'public' } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(deps.store.db);
      return { status: 'ok' };
    } catch (err) {
      request.log.error({ err }, 'health check: the database does not answer');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  await registerHomeRoutes(app, deps);
  await registerAuthRoutes(app, deps, { attemptsPerMinute: options.signInAttemptsPerMinute ?? 10 });
  await registerOccurrenceRoutes(app, deps);
  await registerPolicyRoutes(app, deps);
  await registerIntakeRoutes(app, deps);
  await registerInvestigationRoutes(app, deps);
  await registerSpoRoutes(app, deps);
  await registerPeopleRoutes(app, deps);
  await registerScuRoutes(app, deps);
  await registerReportAmendmentRoutes(app, deps);
  await registerRetentionRoutes(app, deps);
  await registerManagementInformationRoutes(app, deps);
  await registerEmergingThreatRoutes(app, deps);
  await registerCorrectionRoutes(app, deps);
  await app.register((api) => registerApi(api, deps), { prefix: '/api' });
  return app;
}

/** The dotted field path of a schema validation failure, e.g. "body.firstAccount" becomes "firstAccount". */
function fieldOfValidation(v: { instancePath?: string; params?: unknown }): string {
  const issue = (v.params as { issue?: { path?: PropertyKey[] } } | undefined)?.issue;
  if (issue?.path?.length) return issue.path.map(String).join('.');
  const p = String(v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  return p || '(input)';
}

/** What every page template gets: the user, the navigation for their role, the CSP nonce, a CSRF token. */
export function pageContext(request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>): Record<string, unknown> {
  const actor = request.actor;
  // Anonymous visitors get a token (a signed cookie, no session row) only on the sign-in page.
  let csrfToken: string | undefined;
  if (actor || values.needsCsrf) csrfToken = reply.generateCsrf({ userInfo: csrfUserInfo(request) });
  return {
    cspNonce: (reply as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script,
    csrfToken,
    user: actor,
    /** May the signed-in user do this action? Templates show links only to what the user may use. */
    can: (action: Action) => (actor ? can(actor.role, action) : false),
    userRoleLabel: actor ? roleLabels[actor.role] : undefined,
    navigation: actor ? navigationFor(actor, request.url) : [],
    currentUrl: request.url,
    ...values,
  };
}
