import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../auth/permissions';
import type { UserRecord } from '../store/repositories/users';

/** What a route needs: anyone, any signed-in user, or a named action from the permission table. */
export type RouteAccess = 'public' | 'signed_in' | Action;

/** A registered route and who may use it (buildServer keeps the list as `routeCatalogue`). */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalogue: RegisteredRoute[];
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    actor: UserRecord | null;
    authMethod: 'session' | 'token' | null;
  }
  interface Session {
    userId?: string;
    flash?: { heading: string; html?: string; text?: string };
    returnTo?: string;
    /** ID-08: the reason given for opening each restricted record this session, by reference. */
    accessReasons?: Record<string, string>;
  }
}

/** URL prefixes served by plugins (assets, API docs): public, no action needed. */
export const pluginPublicPrefixes = ['/assets/', '/stylesheets/', '/javascripts/', '/api/docs'];

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

export function takeFlash(request: FastifyRequest): { heading: string; text?: string } | undefined {
  const flash = request.session?.flash;
  if (flash) request.session.flash = undefined;
  return flash;
}

export function wantsHtml(request: FastifyRequest, reply: FastifyReply): boolean {
  void reply;
  return !isApiRequest(request);
}

/** The reason this user gave, this session, for opening a restricted record (ID-08). */
export function accessReasonFor(request: FastifyRequest, reference: string): string | undefined {
  return request.session?.accessReasons?.[reference];
}
