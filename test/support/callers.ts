import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../../src/app/admin/users';
import { roles, type Role } from '../../src/domain/roles';
import type { TestApp } from './app';
import { WebSession } from './server';

/** One user of a role, signed in through the pages and holding an API token. */
export interface Caller {
  username: string;
  session: WebSession;
  token: string;
}

/** A signed-in user of every role (district Leeds; the administrator force-wide), each with a CSRF token ready. */
export async function callersForEveryRole(t: TestApp, server: FastifyInstance, prefix: string): Promise<Map<Role, Caller>> {
  const callers = new Map<Role, Caller>();
  for (const role of roles) {
    const username = `${prefix}.${role.replace(/_/g, '.')}`.slice(0, 40);
    await t.user(role, { username, district: role === 'administrator' ? null : 'leeds' });
    const session = new WebSession(server);
    await session.signIn(username);
    await session.get('/'); // a page with a form: its CSRF token is used for the POSTs
    callers.set(role, { username, session, token: (await createApiToken(t.deps, username)).token });
  }
  return callers;
}
