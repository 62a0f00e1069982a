import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import nunjucks from 'nunjucks';
import { createTestApp, type TestApp } from '../support/app';
import { WebSession } from '../support/server';
import { buildServer } from '../../src/web/server';
import { DEMO_PASSWORD, seedDemo } from '../../src/app/admin/seed-demo';
import { paths } from '../../src/web/paths';

/** A page without what differs on every request: its CSRF token and its script nonce. */
function comparable(html: string): string {
  return html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf"').replace(/nonce="[^"]+"/g, 'nonce');
}

// In production templates are compiled once and what each `{% from ... import %}` exports is kept
// (views.ts); in development every render reads and runs them afresh. The pages must not differ.
describe('pages rendered with production template caching', () => {
  let t: TestApp;
  let production: FastifyInstance;
  let development: FastifyInstance;
  // How many times an imported file has been run for its exports (imports without context).
  let importRuns = 0;
  beforeAll(async () => {
    const proto = nunjucks.Template.prototype as unknown as { getExported: (...args: unknown[]) => unknown };
    const getExported = proto.getExported;
    proto.getExported = function (this: unknown, ...args: unknown[]) {
      if (typeof args[0] === 'function') importRuns += 1;
      return getExported.apply(this, args);
    };
    t = await createTestApp('sqlite', '2026-11-29T10:00:00.000Z');
    await seedDemo(t.deps);
    const options = { deps: t.deps, sessionSecret: 'test-secret-that-is-long-enough-for-signing-cookies', signInAttemptsPerMinute: 10_000 };
    production = await buildServer({ ...options, production: true });
    development = await buildServer({ ...options, production: false });
  });
  afterAll(async () => {
    await production.close();
    await development.close();
    await t.dispose();
  });

  it('run each imported file once in production, and on every render in development', async () => {
    const reference = (await t.deps.store.db.selectFrom('occurrences').select('reference').orderBy('reference').executeTakeFirstOrThrow()).reference;
    const runsFor = async (session: WebSession) => {
      const before = importRuns;
      expect((await session.get(paths.occurrence(reference))).statusCode).toBe(200);
      return importRuns - before;
    };
    const kept = new WebSession(production);
    const afresh = new WebSession(development);
    await kept.signIn('investigator', DEMO_PASSWORD);
    await afresh.signIn('investigator', DEMO_PASSWORD);
    await runsFor(kept);
    expect(await runsFor(kept)).toBe(0);
    expect(await runsFor(afresh)).toBeGreaterThan(5);
    expect(await runsFor(afresh)).toBeGreaterThan(5);
  });

  it('are the same pages as rendered afresh, for every role and section the demo shows', async () => {
    const references = (await t.deps.store.db.selectFrom('occurrences').select('reference').orderBy('reference').execute()).map((r) => r.reference);
    const sections = ['', '/people', '/incidents', '/classification', '/risk', '/checklist', '/investigation', '/spo', '/tasks'];
    const urls = [
      paths.home(),
      paths.worklist(),
      `${paths.worklist()}?view=team`,
      paths.occurrences(),
      `${paths.occurrences()}?status=open&district=leeds`,
      paths.newOccurrence(),
      `${paths.people()}?search=yes&surname=Holt&forenames=Darren`,
      paths.emergingThreats(),
      paths.triage(),
      paths.scu(),
      paths.managementInformation(),
      `${paths.worklist()}?page=abc`,
      '/no-such-page',
      ...references.flatMap((r) => sections.map((s) => `${paths.occurrence(r)}${s}`)),
    ];
    let shown = 0;
    for (const username of ['call.handler', 'investigator', 'triage.ds']) {
      const kept = new WebSession(production);
      const afresh = new WebSession(development);
      await kept.signIn(username, DEMO_PASSWORD);
      await afresh.signIn(username, DEMO_PASSWORD);
      for (const url of urls) {
        const a = await kept.get(url);
        const b = await afresh.get(url);
        expect(a.statusCode, `${username} ${url}`).toBe(b.statusCode);
        expect(comparable(a.body), `${username} ${url}`).toBe(comparable(b.body));
        if (a.statusCode === 200) shown += 1;
      }
    }
    // Most of those pages are real pages, not refusals.
    expect(shown).toBeGreaterThan(urls.length * 2);
  });
});
