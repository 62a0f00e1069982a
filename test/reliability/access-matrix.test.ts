import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { createTestServer, WebSession } from '../support/server';
import { callersForEveryRole, type Caller } from '../support/callers';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { can } from '../../src/auth/permissions';
import { roles, type Role } from '../../src/domain/roles';
import { setOccurrenceRestricted } from '../../src/store/repositories/occurrences';
import type { RegisteredRoute } from '../../src/web/access';
import { decisionCatalogue } from '../../src/policy/index';
import { buildServer } from '../../src/web/server';

/**
 * The access-control matrix: every registered route, for every role and for a visitor who is
 * not signed in, compared with the route's declared access and the role x action table.
 */

const report = {
  receivedAt: '2026-03-01T09:30:00Z',
  channel: '101',
  callGrade: 'priority',
  district: 'leeds',
  location: 'Armley, Leeds',
  firstAccount: 'He sends her flowers every day with notes saying he is watching.',
};

type Who = Role | 'anonymous';

/** A file each wildcard route really serves, so a public route is asked for something it has. */
const servedFiles: Record<string, string> = {
  '/assets/*': '/assets/images/favicon.ico',
  '/assets/moj/*': '/assets/moj/images/icon-alert-information.svg',
  '/stylesheets/*': '/stylesheets/govuk-frontend.min.css',
  '/javascripts/*': '/javascripts/govuk-frontend.min.js',
  '/api/docs/static/*': '/api/docs/static/index.css',
};

function concrete(url: string, values: Record<string, string>): string {
  if (servedFiles[url]) return servedFiles[url];
  return url.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? 'no-such-id')).replace(/\*$/, 'no-such-file');
}

const isApi = (url: string) => url.startsWith('/api/');
const isPluginRoute = (url: string) => ['/assets/', '/stylesheets/', '/javascripts/', '/api/docs'].some((p) => url.startsWith(p));

async function request(server: FastifyInstance, caller: Caller, route: RegisteredRoute, url: string): Promise<LightMyRequestResponse> {
  const method = route.method as 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  const unsafe = !['GET', 'HEAD'].includes(method);
  if (isApi(url)) {
    return server.inject({
      method,
      url,
      headers: caller.token ? { authorization: `Bearer ${caller.token}` } : {},
      ...(unsafe ? { payload: {} } : {}),
    });
  }
  if (method === 'GET') return caller.session.get(url);
  if (method === 'POST') return caller.session.post(url, {});
  return server.inject({ method, url, headers: { cookie: [...caller.session.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
}

describe('access-control matrix', () => {
  let t: TestApp;
  let server: FastifyInstance;
  let callers: Map<Role, Caller>;
  let reference: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    // Templates compiled once, as in production: 1,300 requests stay quick.
    server = await buildServer({ deps: t.deps, sessionSecret: 'test-secret-that-is-long-enough-for-signing-cookies', signInAttemptsPerMinute: 10_000, production: true });
    await server.ready();
    const creator = await t.user('call_handler', { username: 'matrix.creator' });
    reference = (await recordOccurrence(t.deps, creator, report)).reference;
    callers = await callersForEveryRole(t, server, 'm');
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('every route x every role answers as the permission table declares: allowed is never 401/403, denied is 403, anonymous is sent to sign in', async () => {
    const routes = server.routeCatalogue;
    expect(routes.length).toBeGreaterThan(20);
    const values = { reference, name: decisionCatalogue()[0]!.name };
    const unexpected: string[] = [];
    let checked = 0;
    // Signing out ends the session, so that route goes last.
    const started = Date.now();
    const ordered = [...routes].sort((a, b) => Number(a.url === '/sign-out') - Number(b.url === '/sign-out'));
    // Not signed in: a browser that has opened the sign-in page (so it holds a CSRF token), or an API client without a token.
    const visitor = new WebSession(server);
    await visitor.get('/sign-in');
    const anonymous: Caller = { username: '', session: visitor, token: '' };
    for (const route of ordered) {
      const url = concrete(route.url, values);
      for (const who of ['anonymous', ...roles] as Who[]) {
        const caller = who === 'anonymous' ? anonymous : callers.get(who)!;
        const res = await request(server, caller, route, url);
        checked += 1;
        const status = res.statusCode;
        // Signing out ends at the sign-in page: that is its answer, not a refusal.
        const toSignIn = status === 303 && res.headers.location === '/sign-in' && route.url !== '/sign-out';
        const label = `${route.method} ${route.url} as ${who} (${route.access}): ${status}`;
        if (status >= 500) {
          unexpected.push(`${label}: server error`);
        } else if (route.access === 'public') {
          if (status === 401 || status === 403 || toSignIn) unexpected.push(`${label}: public route refused`);
        } else if (who === 'anonymous') {
          if (isApi(url) ? status !== 401 : !(status === 303 && res.headers.location === '/sign-in')) unexpected.push(`${label}: expected ${isApi(url) ? '401' : 'a redirect to sign in'}`);
        } else {
          const allowed = route.access === 'signed_in' || can(who, route.access);
          if (allowed && (status === 401 || status === 403 || toSignIn)) unexpected.push(`${label}: allowed but refused`);
          if (!allowed && status !== 403) unexpected.push(`${label}: denied but not 403`);
        }
      }
    }
    const routeCount = routes.length;
    console.log(`access matrix: routes ${routeCount} x (roles ${roles.length} + not signed in) = routes x roles checked: ${checked}, unexpected: ${unexpected.length} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    expect(unexpected).toEqual([]);
    expect(checked).toBe(routeCount * (roles.length + 1));
  }, 240_000);

  it('plugin routes (assets, API documentation) are the only public ones besides sign-in and health', () => {
    const publicRoutes = server.routeCatalogue.filter((r) => r.access === 'public' && !isPluginRoute(r.url)).map((r) => r.url);
    expect([...new Set(publicRoutes)].sort()).toEqual(['/health', '/sign-in']);
  });
});

describe.each(testDialects())('restricted records on %s', (dialect) => {
  let t: TestApp;
  let server: FastifyInstance;
  let callers: Map<Role, Caller>;
  let restricted: string;
  let ordinary: string;
  const word = 'quillbrook';
  beforeAll(async () => {
    t = await createTestApp(dialect);
    server = await createTestServer(t);
    const creator = await t.user('call_handler', { username: 'restricted.creator' });
    const r = await recordOccurrence(t.deps, creator, { ...report, firstAccount: `A colleague at ${word} station follows her off shift.` });
    await t.deps.store.db.transaction().execute((trx) => setOccurrenceRestricted(trx, r.id, true));
    restricted = r.reference;
    ordinary = (await recordOccurrence(t.deps, creator, { ...report, firstAccount: `A neighbour on ${word} lane watches her house.` })).reference;
    callers = await callersForEveryRole(t, server, 'r');
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  it('ID-08: invisible to unentitled roles in lists, search, the API and every page of the record (404); visible to the entitled', async () => {
    const unexpected: string[] = [];
    const reasonGiven = new Set<Role>();
    let checked = 0;
    const getRoutes = server.routeCatalogue.filter((r) => r.method === 'GET' && r.access !== 'public');
    const occurrenceLists = ['/occurrences', `/occurrences?text=${word}`, '/api/v1/occurrences', `/api/v1/occurrences?text=${word}`];
    // Every other page without a record in its address (home, worklists, ...): it may not show the record to the unentitled.
    const otherPages = getRoutes.filter((r) => !r.url.includes(':') && !isPluginRoute(r.url)).map((r) => r.url);
    const listUrls = [...occurrenceLists, ...otherPages];
    for (const role of roles) {
      const caller = callers.get(role)!;
      const entitled = can(role, 'occurrence.view_restricted');
      // Lists and searches: the ordinary record shows (the search works), the restricted one only to the entitled.
      for (const url of [...new Set(listUrls)]) {
        const res = isApi(url) ? await server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${caller.token}` } }) : await caller.session.get(url);
        checked += 1;
        if (res.statusCode === 403) continue; // the role may not use this list at all (the matrix checks that)
        const shows = res.body.includes(restricted);
        if (shows && !entitled) unexpected.push(`${role} GET ${url}: restricted record shown`);
        if (!shows && entitled && occurrenceLists.includes(url)) unexpected.push(`${role} GET ${url}: restricted record missing for an entitled role`);
        if (url.includes(word) && !res.body.includes(ordinary)) unexpected.push(`${role} GET ${url}: the ordinary record is missing (search broken?)`);
      }
      // Every page and API read of the record: 404 for the unentitled, never a hint that it exists.
      for (const route of getRoutes.filter((r) => r.url.includes(':reference'))) {
        const url = concrete(route.url, { reference: restricted });
        const res = isApi(url) ? await server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${caller.token}` } }) : await caller.session.get(url);
        checked += 1;
        if (!can(role, route.access as never)) {
          if (res.statusCode !== 403) unexpected.push(`${role} GET ${route.url}: ${res.statusCode}, expected 403`);
        } else if (entitled) {
          // ID-08: the entitled open it only with a recorded reason: the page asks first, the API answers 428.
          // The reason, once given, holds for the rest of the session; the reason page itself is a form.
          const asks = isApi(url)
            ? res.statusCode === 428
            : route.url.endsWith('/access-reason') || reasonGiven.has(role)
              ? res.statusCode === 200
              : res.statusCode === 303 && String(res.headers.location).endsWith(`/occurrences/${restricted}/access-reason`);
          if (!asks) unexpected.push(`${role} GET ${route.url}: ${res.statusCode}, expected to be asked for a reason`);
          if (!isApi(url)) reasonGiven.add(role);
          const withReason = isApi(url)
            ? await server.inject({ method: 'GET', url, headers: { authorization: `Bearer ${caller.token}`, 'x-access-reason': 'Professional standards review of this case' } })
            : await (async () => {
                await caller.session.get(`/occurrences/${restricted}/access-reason`);
                await caller.session.post(`/occurrences/${restricted}/access-reason`, { reason: 'Professional standards review of this case' });
                return caller.session.get(url);
              })();
          checked += 1;
          if (withReason.statusCode !== 200) unexpected.push(`${role} GET ${route.url} with a reason: ${withReason.statusCode}, expected 200`);
        } else if (res.statusCode !== 404) {
          unexpected.push(`${role} GET ${route.url}: ${res.statusCode}, expected 404`);
        } else if (res.body.includes(restricted)) {
          unexpected.push(`${role} GET ${route.url}: the 404 names the record`);
        }
      }
      // Changing it through the API: the same 404.
      if (can(role, 'occurrence.amend') && !entitled) {
        const res = await server.inject({
          method: 'PATCH',
          url: `/api/v1/occurrences/${restricted}`,
          headers: { authorization: `Bearer ${caller.token}` },
          payload: { version: 1, location: 'Somewhere else', reason: 'probing' },
        });
        checked += 1;
        if (res.statusCode !== 404) unexpected.push(`${role} PATCH: ${res.statusCode}, expected 404`);
      }
    }
    console.log(`restricted records (${dialect}): checks ${checked}, unexpected: ${unexpected.length}`);
    expect(unexpected).toEqual([]);
    // Every restricted read was logged with its reason.
    const reads = await t.deps.store.db.selectFrom('log_entries').innerJoin('occurrences', 'occurrences.id', 'log_entries.occurrence_id').select('log_entries.reason').where('occurrences.reference', '=', restricted).where('log_entries.kind', '=', 'read').execute();
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.reason?.includes('Reason for opening a restricted record: Professional standards review'))).toBe(true);
    // Nothing about the record changed through the probes.
    const row = await t.deps.store.db.selectFrom('occurrences').select(['location', 'version']).where('reference', '=', restricted).executeTakeFirstOrThrow();
    expect(row).toEqual({ location: report.location, version: 1 });
  }, 120_000);
});
