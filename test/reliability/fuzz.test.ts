import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { WebSession } from '../support/server';
import { callersForEveryRole, type Caller } from '../support/callers';
import { applyMutation, hostileValue, mutation, unboundedStrings, validValue, type JsonSchema } from '../support/schema-arbitraries';
import { addParty } from '../../src/app/intake/people';
import { decode, formDefaults, routeFor, scrapeForms, type ScrapedForm } from '../support/forms';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { can, type Action } from '../../src/auth/permissions';
import { roles, type Role } from '../../src/domain/roles';
import { decisionCatalogue } from '../../src/policy/index';
import { buildServer } from '../../src/web/server';
import type { UserRecord } from '../../src/store/repositories/users';

/**
 * Bad input, generated: malformed, oversized, wrong-typed and boundary values for every API
 * operation (from the OpenAPI document, itself generated from the Zod schemas) and every form the
 * pages render. The server never answers 5xx, every 400 names the field, and a refused request
 * writes nothing.
 */

const report = {
  receivedAt: '2026-03-01T09:30:00Z',
  channel: '101',
  callGrade: 'priority',
  district: 'leeds',
  location: 'Headingley, Leeds',
  firstAccount: 'He keeps calling from withheld numbers and has turned up at her gym twice.',
};

/** The largest text any field accepts (the first account). Nothing longer may ever be stored. */
const LONGEST_TEXT = 20_000;

interface Tally {
  cases: number;
  byClass: Record<string, number>;
  serverErrors: string[];
  unnamed: string[];
  wrote: string[];
}

const newTally = (): Tally => ({ cases: 0, byClass: {}, serverErrors: [], unnamed: [], wrote: [] });

/** Row counts of every table that holds case data, and of the log's change and read entries (sign-in attempts are logged by design). */
async function snapshot(t: TestApp): Promise<Record<string, number>> {
  const db = t.deps.store.db;
  const names =
    t.deps.store.kind === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'`.execute(db)).rows.map((r) => r.name);
  const out: Record<string, number> = {};
  for (const name of names.filter((n) => !['sessions', 'log_entries', 'api_tokens', 'app_settings', 'users', 'log_head'].includes(n)).sort()) {
    out[name] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(db)).rows[0]!.n);
  }
  out['log_entries (change, read)'] = Number(
    (await db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '!=', 'system').executeTakeFirstOrThrow()).n,
  );
  return out;
}

function same(a: Record<string, number>, b: Record<string, number>): string | undefined {
  const diff = Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);
  return diff.length ? diff.map((k) => `${k} ${a[k]} -> ${b[k]}`).join(', ') : undefined;
}

async function judge(t: TestApp, tally: Tally, label: string, before: Record<string, number>, res: LightMyRequestResponse, named: (res: LightMyRequestResponse) => string | undefined) {
  tally.cases += 1;
  const cls = `${Math.floor(res.statusCode / 100)}xx`;
  tally.byClass[cls] = (tally.byClass[cls] ?? 0) + 1;
  if (res.statusCode >= 500) tally.serverErrors.push(`${label}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  if (res.statusCode === 400) {
    const problem = named(res);
    if (problem) tally.unnamed.push(`${label}: ${problem}`);
  }
  if (res.statusCode >= 400) {
    const changed = same(before, await snapshot(t));
    if (changed) tally.wrote.push(`${label}: ${res.statusCode} but ${changed}`);
  }
}

function report400(kind: string, tally: Tally) {
  return `${kind}: ${tally.cases} cases (${Object.entries(tally.byClass)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}), 5xx = ${tally.serverErrors.length}, 400 without a named field = ${tally.unnamed.length}, refused but wrote = ${tally.wrote.length}`;
}

// ---- the API, from its OpenAPI document --------------------------------------------------

interface Operation {
  method: string;
  path: string;
  access: Action | 'signed_in' | 'public';
  params: { name: string; in: string; schema: JsonSchema; required?: boolean }[];
  body?: JsonSchema;
}

/** A 400 from the API names a field: one the operation has, one that was sent, or (for a body that is not an object) the body itself. */
function apiNamesField(op: Operation, sent: unknown, extraNames: string[]) {
  return (res: LightMyRequestResponse): string | undefined => {
    if (!String(res.headers['content-type']).includes('application/problem+json')) return 'not problem+json';
    const errors = (res.json() as { errors?: { field?: unknown; message?: unknown }[] }).errors;
    if (!errors?.length) return 'no errors listed';
    const known = new Set([
      ...Object.keys(op.body?.properties ?? {}),
      ...op.params.map((p) => p.name),
      ...(sent && typeof sent === 'object' && !Array.isArray(sent) ? Object.keys(sent).map((k) => k || '""') : []),
      ...extraNames,
      'Idempotency-Key',
    ]);
    const bodyIsObject = sent !== null && typeof sent === 'object' && !Array.isArray(sent);
    // A body documented as any JSON (a decision's input, checked per decision below) cannot be checked against its schema here.
    const anyBody = op.body !== undefined && Object.keys(op.body).length === 0;
    for (const e of errors) {
      if (typeof e.field !== 'string' || !e.field || typeof e.message !== 'string' || !e.message) return `error without field or message: ${JSON.stringify(e)}`;
      const top = e.field.split('.')[0]!;
      if (known.has(top) || anyBody) continue;
      if (!bodyIsObject && (e.field === '(body)' || e.field === '(input)')) continue;
      return `field "${e.field}" is not a field of the request`;
    }
    return undefined;
  };
}

function queryString(values: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) q.append(k, typeof item === 'string' ? item : JSON.stringify(item));
    else q.append(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---- the pages, from the forms they render -----------------------------------------------

/** Strings a form field might be sent (forms carry only strings). */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    '🙂'.repeat(600),
    'x'.repeat(501),
    'x'.repeat(1001),
    'x'.repeat(LONGEST_TEXT + 1),
    ' '.repeat(2000),
    '-1',
    '0',
    '1.5',
    '99999999999999999999',
    '31',
    '2026-02-30',
    '2026-03-01T09:30:00Z',
    '25:61',
    '<script>alert(1)</script>',
    "'; DROP TABLE occurrences; --",
    '{{7*7}}',
    '__proto__',
    'true',
    'on',
  ),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer().map(String),
);

type FormMutation = { kind: 'set'; field: string; value: string } | { kind: 'drop'; field: string } | { kind: 'twice'; field: string; value: string } | { kind: 'extra'; value: string };

function formMutation(form: ScrapedForm): fc.Arbitrary<FormMutation[]> {
  const names = form.fields.map((f) => f.name);
  const one: fc.Arbitrary<FormMutation>[] = [fc.record({ kind: fc.constant('extra' as const), value: hostileString })];
  if (names.length) {
    const field = fc.constantFrom(...names);
    one.push(
      fc.record({ kind: fc.constant('set' as const), field, value: hostileString }),
      fc.record({ kind: fc.constant('drop' as const), field }),
      fc.record({ kind: fc.constant('twice' as const), field, value: hostileString }),
    );
  }
  return fc.array(fc.oneof(...one), { minLength: 1, maxLength: 3 });
}

function applyFormMutations(base: [string, string][], ms: FormMutation[]): URLSearchParams {
  let pairs = [...base];
  for (const m of ms) {
    if (m.kind === 'set') pairs = [...pairs.filter(([k]) => k !== m.field), [m.field, m.value]];
    else if (m.kind === 'drop') pairs = pairs.filter(([k]) => k !== m.field);
    else if (m.kind === 'twice') pairs.push([m.field, m.value]);
    else pairs.push(['notAField', m.value]);
  }
  return new URLSearchParams(pairs);
}

/** A 400 page names the field: a GOV.UK error summary whose every link points at an element on the page. */
function pageNamesField(res: LightMyRequestResponse): string | undefined {
  if (!res.body.includes('govuk-error-summary')) return 'no error summary';
  const summary = /govuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(res.body)?.[1] ?? '';
  const anchors = [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => decode(m[1]!));
  if (!anchors.length) return 'the error summary links to no field';
  const missing = anchors.filter((a) => !res.body.includes(`id="${a}"`));
  return missing.length ? `error summary links to #${missing.join(', #')}, which is not on the page` : undefined;
}

/** A role that may use a route. */
function roleFor(access: string): Role | undefined {
  if (access === 'public' || access === 'signed_in') return 'call_handler';
  return roles.find((r) => can(r, access as Action));
}

describe.each(testDialects())('bad input on %s', (dialect) => {
  const runs = dialect === 'sqlite' ? { api: 150, decision: 40, form: 60 } : { api: 50, decision: 15, form: 25 };
  let t: TestApp;
  let server: FastifyInstance;
  let callers: Map<Role, Caller>;
  let handler: UserRecord;
  let reference: string;
  let personId: string;
  const tallies: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(dialect);
    server = await buildServer({ deps: t.deps, sessionSecret: 'test-secret-that-is-long-enough-for-signing-cookies', signInAttemptsPerMinute: 100_000, production: true });
    await server.ready();
    handler = await t.user('call_handler', { username: 'fuzz.creator' });
    reference = (await recordOccurrence(t.deps, handler, report)).reference;
    // A person on the record, so the person pages (and their intelligence form) are walked too.
    personId = (await addParty(t.deps, handler, reference, { role: 'suspect', surname: 'Fuzzington', forenames: 'Lee' })).personId;
    callers = await callersForEveryRole(t, server, 'f');
  }, 120_000);
  afterAll(async () => {
    console.log(`bad input (${dialect}):\n  ${tallies.join('\n  ')}`);
    await server?.close();
    await t?.dispose();
  });

  it('every API operation: generated bad bodies, queries and path values never get 5xx; every 400 names the field; refusals write nothing', async () => {
    const doc = (await server.inject({ method: 'GET', url: '/api/docs/json', headers: { authorization: `Bearer ${callers.get('call_handler')!.token}` } })).json() as {
      paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
    };
    const operations: Operation[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const route = routeFor(server, method.toUpperCase(), path.replace(/\{(\w+)\}/g, ':$1'));
        const body = op.requestBody?.content?.['application/json']?.schema;
        operations.push({ method: method.toUpperCase(), path, access: (route?.access ?? 'signed_in') as Operation['access'], params: op.parameters ?? [], ...(body ? { body } : {}) });
      }
    }
    expect(operations.length).toBeGreaterThanOrEqual(6);
    const tally = newTally();
    const known: Record<string, string> = { reference, name: decisionCatalogue()[0]!.name };

    for (const op of operations) {
      const role = roleFor(op.access);
      expect(role, `${op.method} ${op.path}: no role may use it`).toBeDefined();
      const token = callers.get(role!)!.token;
      const query = op.params.filter((p) => p.in === 'query');
      const pathParams = op.params.filter((p) => p.in === 'path');
      // Decisions take a different body per decision: each is fuzzed from its own input schema below.
      const bodySchema = op.body && Object.keys(op.body).length ? op.body : undefined;
      const querySchema: JsonSchema = { type: 'object', properties: Object.fromEntries(query.map((p) => [p.name, p.schema])) };
      const arb = fc.record({
        path: fc.record(Object.fromEntries(pathParams.map((p) => [p.name, fc.oneof({ arbitrary: fc.constant(known[p.name] ?? 'x'), weight: 3 }, fc.string({ maxLength: 80 }), fc.constantFrom('%00', '..%2F..', 'x'.repeat(65), "1' OR '1'='1"))]))),
        query: query.length ? fc.tuple(validValue(querySchema), mutation(querySchema), fc.boolean()).map(([base, m, mutate]) => (mutate ? applyMutation(base, m) : base)) : fc.constant({}),
        body: bodySchema ? fc.tuple(validValue(bodySchema), mutation(bodySchema), fc.integer({ min: 0, max: 9 })).map(([base, m, n]) => (n < 8 ? applyMutation(base, m) : base)) : fc.constant(undefined),
      });
      await fc.assert(
        fc.asyncProperty(arb, async (c) => {
          const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String((c.path as Record<string, unknown>)[name] ?? 'x'))) + (op.method === 'GET' ? queryString((c.query ?? {}) as Record<string, unknown>) : '');
          const before = await snapshot(t);
          const res = await server.inject({
            method: op.method as 'GET',
            url,
            headers: { authorization: `Bearer ${token}`, ...(op.body ? { 'content-type': 'application/json' } : {}) },
            ...(op.body ? { payload: JSON.stringify(c.body === undefined ? {} : c.body) } : {}),
          });
          const sent = op.method === 'GET' ? c.query : c.body;
          await judge(t, tally, `${op.method} ${url.slice(0, 120)} ${JSON.stringify(sent)?.slice(0, 200)}`, before, res, apiNamesField(op, sent, Object.keys((c.query as object) ?? {})));
        }),
        { numRuns: runs.api, seed: 20260302 },
      );
    }

    // A sweep, not a sample: each text field of a valid body, in turn, set to each awkward string.
    const validBodies: Record<string, Record<string, unknown>> = {
      'POST /api/v1/occurrences': report,
      'PATCH /api/v1/occurrences/{reference}': { version: 1, location: 'Meanwood, Leeds', reason: 'Corrected by the caller' },
    };
    const awkward = ['\u0000', 'a\u0000b', '\ud800', '\udfff', '\u0001\u001f\u007f', '\u202e\u0627', '\ufeff', '\u200b', 'e\u0301', '🙂', '\\', '%00', "'; DROP TABLE occurrences; --", '<script>alert(1)</script>'];
    for (const op of operations.filter((o) => validBodies[`${o.method} ${o.path}`])) {
      const base = validBodies[`${op.method} ${op.path}`]!;
      const token = callers.get(roleFor(op.access)!)!.token;
      for (const [field, schema] of Object.entries(op.body?.properties ?? {})) {
        if (schema.type !== 'string' || schema.enum) continue;
        for (const value of [...awkward, ...awkward.map((a) => `Before ${a} after`)]) {
          const body = { ...base, [field]: value };
          const url = op.path.replace('{reference}', reference);
          const before = await snapshot(t);
          const res = await server.inject({ method: op.method as 'POST', url, headers: { authorization: `Bearer ${token}` }, payload: body });
          await judge(t, tally, `${op.method} ${url} ${field}=${JSON.stringify(value)}`, before, res, apiNamesField(op, body, []));
        }
      }
    }

    // Every policy decision, from its own input schema.
    for (const d of decisionCatalogue()) {
      const schema = d.inputSchema as JsonSchema;
      const op: Operation = { method: 'POST', path: `/api/v1/decisions/${d.name}`, access: 'decision.run', params: [], body: schema };
      await fc.assert(
        fc.asyncProperty(fc.tuple(validValue(schema), mutation(schema), fc.integer({ min: 0, max: 9 })), async ([base, m, n]) => {
          const body = n < 7 ? applyMutation(base, m) : base;
          const before = await snapshot(t);
          const res = await server.inject({ method: 'POST', url: op.path, headers: { authorization: `Bearer ${callers.get('call_handler')!.token}`, 'content-type': 'application/json' }, payload: JSON.stringify(body ?? null) });
          await judge(t, tally, `POST ${op.path} ${JSON.stringify(body)?.slice(0, 200)}`, before, res, apiNamesField(op, body, []));
        }),
        { numRuns: runs.decision, seed: 20260302 },
      );
    }

    // Bodies the JSON parser itself refuses.
    for (const raw of ['{', '{"a":', 'null', '[]', '"text"', '\u0000', '{"receivedAt": 1e999}', `{"a":${'['.repeat(5000)}`]) {
      const before = await snapshot(t);
      const res = await server.inject({ method: 'POST', url: '/api/v1/occurrences', headers: { authorization: `Bearer ${callers.get('call_handler')!.token}`, 'content-type': 'application/json' }, payload: raw });
      let parsed: unknown = raw;
      try {
        parsed = JSON.parse(raw);
      } catch {
        /* sent as it is */
      }
      await judge(t, tally, `POST /api/v1/occurrences raw ${JSON.stringify(raw.slice(0, 40))}`, before, res, apiNamesField(operations.find((o) => o.method === 'POST' && o.path === '/api/v1/occurrences')!, parsed, []));
    }

    tallies.push(report400('API', tally));
    expect(tally.serverErrors).toEqual([]);
    expect(tally.unnamed).toEqual([]);
    expect(tally.wrote).toEqual([]);
  }, 600_000);

  it('every text field of every API body has a length limit', async () => {
    const doc = (await server.inject({ method: 'GET', url: '/api/docs/json', headers: { authorization: `Bearer ${callers.get('call_handler')!.token}` } })).json() as { paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: JsonSchema }[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> };
    const unbounded: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body) unbounded.push(...unboundedStrings(body).map((f) => `${method.toUpperCase()} ${path} body ${f}`));
        for (const p of op.parameters ?? []) if (p.in !== 'header') unbounded.push(...unboundedStrings(p.schema).map(() => `${method.toUpperCase()} ${path} ${p.in} ${p.name}`));
      }
    }
    for (const d of decisionCatalogue()) unbounded.push(...unboundedStrings(d.inputSchema as JsonSchema).map((f) => `decision ${d.name} ${f}`));
    expect(unbounded).toEqual([]);
  });

  it('every form the pages render: generated bad values never get 5xx; every 400 shows an error summary linking to the field; refusals write nothing', async () => {
    // Collect the forms from every page a user can open, as every role (each role sees the forms it may use).
    const forms = new Map<string, ScrapedForm>();
    const pages = server.routeCatalogue
      .filter((r) => r.method === 'GET' && !r.url.startsWith('/api/') && !['/assets/', '/stylesheets/', '/javascripts/'].some((p) => r.url.startsWith(p)))
      .map((r) => r.url.replace(':reference', reference).replace(/^\/people\/:id/, `/people/${personId}`).replace(':personId', personId));
    for (const role of roles) {
      const caller = callers.get(role)!;
      for (const page of pages.filter((p) => !p.includes(':'))) {
        const res = await caller.session.get(page);
        if (res.statusCode !== 200) continue;
        for (const form of scrapeForms(res.body, page)) {
          if (form.action === '/sign-out') continue; // ends the session: tested in the page tests
          // One form per route and set of fields (a worklist renders the same form for every task).
          const route = routeFor(server, form.method.toUpperCase(), form.action);
          const key = `${form.method} ${route?.url ?? form.action} ${form.fields.map((f) => f.name).join(',')}`;
          if (!forms.has(key)) forms.set(key, form);
        }
      }
    }
    const visitor = new WebSession(server);
    const signInPage = await visitor.get('/sign-in');
    const signInForm = scrapeForms(signInPage.body, '/sign-in').find((f) => f.action === '/sign-in')!;
    expect(signInForm).toBeDefined();
    forms.set('sign-in', signInForm);
    const postForms = [...forms.values()].filter((f) => f.method === 'post');
    expect(postForms.map((f) => f.action)).toEqual(expect.arrayContaining(['/occurrences', `/occurrences/${reference}/report/change`, '/sign-in']));

    const tally = newTally();
    for (const form of forms.values()) {
      const method = form.method === 'post' ? 'POST' : 'GET';
      const route = routeFor(server, method, form.action);
      if (!route) throw new Error(`A form ${method}s to ${form.action}, which is no route`);
      const session = form.action === '/sign-in' ? visitor : callers.get(roleFor(route.access)!)!.session;
      const base = formDefaults(form);
      await fc.assert(
        fc.asyncProperty(formMutation(form), async (ms) => {
          const fields = applyFormMutations(base, ms);
          const cookie = [...session.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
          const before = await snapshot(t);
          let res: LightMyRequestResponse;
          if (method === 'GET') {
            res = await server.inject({ method: 'GET', url: `${form.action}?${fields}`, headers: { cookie } });
          } else {
            fields.set('_csrf', session.lastCsrf!);
            res = await server.inject({ method: 'POST', url: form.action, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: fields.toString() });
          }
          await judge(t, tally, `${method} ${form.action} ${JSON.stringify(ms).slice(0, 300)}`, before, res, pageNamesField);
        }),
        { numRuns: runs.form, seed: 20260302 },
      );
    }
    const formRoutes = [...new Set([...forms.values()].map((f) => `${f.method.toUpperCase()} ${routeFor(server, f.method.toUpperCase(), f.action)?.url}`))];
    tallies.push(report400(`forms (${forms.size} on ${formRoutes.length} routes: ${formRoutes.join(', ')})`, tally));
    expect(tally.serverErrors).toEqual([]);
    expect(tally.unnamed).toEqual([]);
    expect(tally.wrote).toEqual([]);
  }, 600_000);

  it(`no stored text is longer than the longest any field allows (${LONGEST_TEXT.toLocaleString('en-GB')} characters)`, async () => {
    const db = t.deps.store.db;
    const columns =
      t.deps.store.kind === 'sqlite'
        ? (
            await sql<{ table_name: string; column_name: string }>`select m.name as table_name, p.name as column_name from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and upper(p.type) = 'TEXT' and m.name not like 'sqlite_%'`.execute(db)
          ).rows
        : (await sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns where table_schema = 'public' and data_type = 'text'`.execute(db)).rows;
    const tooLong: string[] = [];
    // The log and the idempotency keys hold whole records (JSON of several fields); sessions hold session data.
    for (const c of columns.filter((c) => !['log_entries', 'idempotency_keys', 'sessions'].includes(c.table_name))) {
      const r = await sql<{ n: number | null }>`select max(length(${sql.ref(c.column_name)})) as n from ${sql.table(c.table_name)}`.execute(db);
      const n = Number(r.rows[0]?.n ?? 0);
      if (n > LONGEST_TEXT) tooLong.push(`${c.table_name}.${c.column_name}: ${n}`);
    }
    expect(tooLong).toEqual([]);
  });
});
