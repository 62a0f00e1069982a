import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { generateSyntheticForce } from '../../src/app/admin/synthetic-force';
import { parseGenerateArguments } from '../../src/cli/generate';
import { UsageError } from '../../src/cli/usage-error';
import { DEMO_PASSWORD } from '../../src/app/admin/seed-demo';
import { verifyChain } from '../../src/store/repositories/log';
import { spoObligationCatalogue } from '../../src/policy/spo-obligations';
import { testDialects, freshStore } from '../support/dialects';

const root = join(import.meta.dirname, '..', '..');
const NOW = '2026-03-02T14:05:00Z';

function conduct(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'conduct.js'), ...args], {
    input: '',
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tables = [
  'users',
  'occurrences',
  'occurrence_search_terms',
  'reference_sequences',
  'log_entries',
  'log_head',
  'people',
  'parties',
  'incidents',
  'classification_assessments',
  'risk_assessments',
  'spo_cases',
  'spo_visits',
  'person_flags',
  'tasks',
];

/** Every row of the tables the generator fills, in a stable order. */
function dump(file: string): Record<string, unknown[]> {
  const db = new SQLite(file, { readonly: true });
  try {
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`select * from ${t} order by 1, 2`).all()]));
  } finally {
    db.close();
  }
}

describe('conduct generate', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'conduct-generate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives identical rows, ids included, for the same seed, clock and size; another seed gives others', () => {
    const args = ['generate', '--occurrences', '200', '--seed', '42', '--now', NOW];
    const a = conduct(args, { CONDUCT_DB_FILE: file('a.sqlite') });
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('200 received');
    // Not a terminal: a plain progress line, ending at 100%.
    expect(a.stderr).toContain('generate: 100% (200/200 occurrences');
    expect(conduct(args, { CONDUCT_DB_FILE: file('b.sqlite') }).code).toBe(0);
    const first = dump(file('a.sqlite'));
    expect(first.occurrences).toHaveLength(200);
    expect(dump(file('b.sqlite'))).toEqual(first);

    expect(conduct(['generate', '--occurrences', '200', '--seed', '43', '--now', NOW], { CONDUCT_DB_FILE: file('c.sqlite') }).code).toBe(0);
    const other = dump(file('c.sqlite'));
    const ids = new Set(first.occurrences!.map((o) => (o as { id: string }).id));
    expect(other.occurrences!.some((o) => ids.has((o as { id: string }).id))).toBe(false);
  });

  it('XC-03: writes a log whose chain verifies, one report entry per occurrence naming its reference', () => {
    const verified = conduct(['verify-log'], { CONDUCT_DB_FILE: file('a.sqlite') });
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/verified: \d+ entries, chain intact/);

    const db = new SQLite(file('a.sqlite'), { readonly: true });
    const occurrences = db.prepare('select id, reference, district, received_at, created_at, status, restricted from occurrences').all() as {
      id: string; reference: string; district: string; received_at: string; created_at: string; status: string; restricted: number;
    }[];
    const reported = db.prepare("select occurrence_id, changes from log_entries where action = 'occurrence.reported'").all() as { occurrence_id: string; changes: string }[];
    const lastStatus = db
      .prepare(
        "select occurrence_id, json_extract(changes, '$[0].after') as status from log_entries where action = 'occurrence.status_changed' and seq in (select max(seq) from log_entries where action = 'occurrence.status_changed' group by occurrence_id)",
      )
      .all() as { occurrence_id: string; status: string }[];
    const restrictedReaders = db
      .prepare("select distinct l.actor_role from log_entries l join occurrences o on o.id = l.occurrence_id where o.restricted = 1 and l.kind = 'read'")
      .all() as { actor_role: string }[];
    const ordered = db.prepare('select count(*) as n from log_entries a join log_entries b on b.seq = a.seq + 1 where b.at < a.at').get() as { n: number };
    db.close();

    const byId = new Map(occurrences.map((o) => [o.id, o]));
    expect(reported).toHaveLength(200);
    for (const r of reported) {
      const changes = JSON.parse(r.changes) as { field: string; after: unknown }[];
      expect(changes.find((c) => c.field === 'reference')?.after).toBe(byId.get(r.occurrence_id)?.reference);
    }
    // The status on the record is the one its log last moved it to (or reported, if it never moved).
    const moved = new Map(lastStatus.map((s) => [s.occurrence_id, s.status]));
    for (const o of occurrences) expect(o.status).toBe(moved.get(o.id) ?? 'reported');
    // Oldest first, and only those entitled read restricted records.
    expect(ordered.n).toBe(0);
    for (const r of restrictedReaders) expect(['detective_superintendent_safeguarding', 'auditor']).toContain(r.actor_role);
  });

  it('fills the casework consistently: parties, incidents, DASH and tasks point at records that exist, nothing happens after the clock', () => {
    const db = new SQLite(file('a.sqlite'), { readonly: true });
    const one = (q: string) => (db.prepare(q).get() as { n: number }).n;
    try {
      for (const t of ['people', 'parties', 'incidents', 'classification_assessments', 'risk_assessments', 'tasks']) expect(one(`select count(*) as n from ${t}`), t).toBeGreaterThan(0);
      // Every party links an existing person to an existing occurrence; every occurrence has a victim.
      expect(one('select count(*) as n from parties p left join people x on x.id = p.person_id left join occurrences o on o.id = p.occurrence_id where x.id is null or o.id is null')).toBe(0);
      expect(one("select count(*) as n from occurrences o where not exists (select 1 from parties p where p.occurrence_id = o.id and p.role = 'victim')")).toBe(0);
      // People recur: some are parties to more than one occurrence (the same suspect against several victims, repeat victims).
      expect(one('select count(*) as n from (select person_id from parties group by person_id having count(distinct occurrence_id) > 1)')).toBeGreaterThan(0);
      // Tasks, incidents, assessments and flags belong to occurrences that exist; done tasks say when and by whom.
      for (const t of ['tasks', 'incidents', 'classification_assessments', 'risk_assessments', 'spo_cases', 'person_flags']) {
        expect(one(`select count(*) as n from ${t} x left join occurrences o on o.id = x.occurrence_id where o.id is null`), t).toBe(0);
      }
      expect(one("select count(*) as n from tasks where status = 'done' and (completed_at is null or completed_by is null)")).toBe(0);
      expect(one("select count(*) as n from tasks where requirement not glob '[A-Z][A-Z]-[0-9][0-9]'")).toBe(0);
      // Some tasks are open and overdue, some done; a finalised crime has none open.
      expect(one(`select count(*) as n from tasks where status = 'open' and due_at < '${NOW}'`)).toBeGreaterThan(0);
      expect(one("select count(*) as n from tasks where status = 'done'")).toBeGreaterThan(0);
      // (What an order or a breach owes, and a flag's review, outlive the crime: finalising it ends none of them. Nor does it
      // end an unendorsed DASH or a referral not yet recorded; and a decision not to proceed is owed to the victim and
      // support services from the finalisation (obligations.ts).)
      const outlive = [...spoObligationCatalogue.map((c) => c.action), 'flag_review', 'endorse_risk', 'marac_referral', 'specialist_support_referral', 'update_support_services'].map((a) => `'${a}'`).join(', ');
      expect(one(`select count(*) as n from tasks t join occurrences o on o.id = t.occurrence_id where o.status = 'finalised' and t.status = 'open' and t.action not in (${outlive}) and not (t.action = 'inform_victim' and (o.breach_of_spo_id is not null or t.obligation_key like 'inform_victim:finalised:%'))`)).toBe(0);
      // Nothing after the clock; incidents happen before they are recorded.
      const stamp = new Date(NOW).toISOString();
      for (const [t, c] of [['tasks', 'created_at'], ['tasks', 'completed_at'], ['incidents', 'created_at'], ['risk_assessments', 'endorsed_at'], ['people', 'created_at'], ['log_entries', 'at']]) {
        expect(one(`select count(*) as n from ${t} where ${c} > '${stamp}'`), `${t}.${c}`).toBe(0);
      }
      expect(one('select count(*) as n from incidents where occurred_at > created_at')).toBe(0);
      // A recorded crime was classified first; the DASH grade is one of the three.
      expect(one("select count(*) as n from occurrences where status != 'reported' and breach_of_spo_id is null and offence is null")).toBe(0);
      expect(one("select count(*) as n from risk_assessments where officer_grade not in ('standard', 'medium', 'high')")).toBe(0);
      // ID-08: restricted occurrences are exactly those the log restricted, and stay restricted.
      expect(one('select count(*) as n from occurrences where restricted = 1')).toBe(one("select count(distinct occurrence_id) as n from log_entries where action = 'occurrence.restricted'"));
      expect(one("select count(*) as n from occurrences o where restricted = 0 and exists (select 1 from log_entries l where l.occurrence_id = o.id and l.action = 'occurrence.restricted')")).toBe(0);
    } finally {
      db.close();
    }
  });

  it('conduct sweep-deadlines escalates the generated overdue tasks once; bad input exits 2 naming the option', () => {
    const env = { CONDUCT_DB_FILE: file('b.sqlite') };
    const first = conduct(['sweep-deadlines', '--as-of', NOW], env);
    expect(first.code, first.stderr).toBe(0);
    const escalated = Number(/^Escalated (\d+)/.exec(first.stdout)?.[1]);
    expect(escalated).toBeGreaterThan(0);
    const again = conduct(['sweep-deadlines', '--as-of', NOW], env);
    expect(again.stdout).toMatch(new RegExp(`^Escalated 0 overdue tasks .* ${escalated} already escalated`));
    const bad = conduct(['sweep-deadlines', '--as-of', 'tomorrow'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--as-of');
    expect(conduct(['verify-log'], env).code).toBe(0);
  });

  it('spreads reports over the seven years before the clock, with references numbered per district and year', () => {
    const { occurrences, reference_sequences: sequences } = dump(file('a.sqlite')) as {
      occurrences: { reference: string; district: string; received_at: string; created_at: string }[];
      reference_sequences: { district: string; year: number; last_value: number }[];
    };
    const times = occurrences.map((o) => Date.parse(o.received_at));
    expect(Math.max(...times)).toBeLessThan(Date.parse(NOW));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(NOW) - 7 * 365.25 * 86_400_000);
    expect(new Set(occurrences.map((o) => o.received_at.slice(0, 4))).size).toBeGreaterThanOrEqual(7);
    expect(new Set(occurrences.map((o) => o.district)).size).toBe(5);
    for (const o of occurrences) expect(Date.parse(o.created_at)).toBeGreaterThanOrEqual(Date.parse(o.received_at));
    // The next report recorded through Conduct continues each district's numbering.
    for (const s of sequences) {
      const numbers = occurrences.filter((o) => o.district === s.district && o.reference.split('-')[1] === String(s.year)).map((o) => Number(o.reference.split('-')[2]));
      expect(Math.max(...numbers)).toBe(s.last_value);
    }
  });

  it('refuses a database that already holds occurrences, writing nothing; --append adds to it', () => {
    const before = dump(file('a.sqlite'));
    const again = conduct(['generate', '--occurrences', '10', '--now', NOW], { CONDUCT_DB_FILE: file('a.sqlite') });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds occurrences');
    expect(dump(file('a.sqlite'))).toEqual(before);

    const appended = conduct(['generate', '--occurrences', '30', '--seed', '42', '--now', NOW, '--append'], { CONDUCT_DB_FILE: file('a.sqlite') });
    expect(appended.code, appended.stderr).toBe(0);
    expect(appended.stdout).toContain('55 already there');
    const after = dump(file('a.sqlite'));
    expect(after.occurrences).toHaveLength(230);
    expect(new Set(after.occurrences!.map((o) => (o as { reference: string }).reference)).size).toBe(230);
    expect(conduct(['verify-log'], { CONDUCT_DB_FILE: file('a.sqlite') }).code).toBe(0);
  });

  it.each([
    [[], '--occurrences is required'],
    [['--occurrences', '10', '--colour', 'blue'], '--colour'],
  ])('exits 2 naming the option for bad arguments %j, before touching the database', (args, message) => {
    const r = conduct(['generate', ...args], { CONDUCT_DB_FILE: file('bad.sqlite') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(file('bad.sqlite'))).toBe(false);
  });

  it.each([
    [['--occurrences', '0'], '--occurrences must be a whole number from 1'],
    [['--occurrences', 'many'], '--occurrences must be a whole number from 1'],
    [['--occurrences', '10000001'], '--occurrences must be a whole number from 1 to 10,000,000'],
    [['--occurrences', '10', '--seed=-3'], '--seed must be a whole number'],
    [['--occurrences', '10', '--seed', '1.5'], '--seed must be a whole number'],
    [['--occurrences', '10', '--now', 'yesterday'], '--now must be a date'],
    [['--occurrences', '10', '--now', '2026-02-30'], '--now must be a date'],
    [['--occurrences', '10', '--now', '2999-01-01'], '--now must not be in the future'],
    [['--occurrences', '10', 'extra'], 'Unexpected argument "extra"'],
  ])('refuses %j with a usage error naming the option (exit 2)', (args, message) => {
    expect(() => parseGenerateArguments(args, new Date(NOW))).toThrow(UsageError);
    expect(() => parseGenerateArguments(args, new Date(NOW))).toThrow(message);
  });

  it('takes the start of today (UTC) as the clock when --now is not given', () => {
    expect(parseGenerateArguments(['--occurrences', '5'], new Date('2026-03-02T14:05:00Z'))).toEqual({
      occurrences: 5,
      seed: 1,
      now: new Date('2026-03-02T00:00:00Z'),
      append: false,
    });
  });
});

describe.each(testDialects())('synthetic force on %s', (dialect) => {
  it('writes through the repositories on this database: the chain verifies, every report is there, and the planted threats are found', async () => {
    const { store, dispose } = await freshStore(dialect);
    try {
      const report = await generateSyntheticForce(
        { store, clock: () => new Date(NOW) },
        { occurrences: 300, seed: 7, now: new Date(NOW), password: DEMO_PASSWORD, batchSize: 50 },
      );
      expect(report.occurrences).toBe(300);
      expect(report.notYetGenerated).toEqual([]);
      const db = store.db;
      const yearAgo = new Date(Date.parse(NOW) - 365 * 86_400_000).toISOString();
      const parties = await db
        .selectFrom('parties')
        .innerJoin('occurrences', 'occurrences.id', 'parties.occurrence_id')
        .select(['parties.person_id', 'parties.role', 'parties.occurrence_id', 'occurrences.received_at', 'occurrences.restricted'])
        .execute();
      const inYear = parties.filter((p) => new Date(p.received_at).toISOString() >= yearAgo && Number(p.restricted) === 0);
      // DI-01: a few serial perpetrators (one suspect, two or more victims), repeat victims and escalating courses, planted in the last year.
      expect(report.planted.serialPerpetrators).toHaveLength(2);
      for (const s of report.planted.serialPerpetrators) {
        const occurrences = new Set(inYear.filter((p) => p.person_id === s.personId && p.role === 'suspect').map((p) => p.occurrence_id));
        const victims = new Set(inYear.filter((p) => occurrences.has(p.occurrence_id) && p.role === 'victim').map((p) => p.person_id));
        expect(victims.size).toBeGreaterThanOrEqual(2);
      }
      expect(report.planted.repeatVictims).toHaveLength(2);
      for (const v of report.planted.repeatVictims) {
        expect(new Set(inYear.filter((p) => p.person_id === v.personId && p.role === 'victim').map((p) => p.occurrence_id)).size).toBeGreaterThanOrEqual(2);
      }
      expect(report.planted.escalations.map((e) => e.kind).sort()).toEqual(['online_to_in_person', 'online_to_threats', 'rate_rising']);
      const recentSince = Date.parse(NOW) - 30 * 86_400_000;
      const priorSince = recentSince - 90 * 86_400_000;
      for (const e of report.planted.escalations) {
        const incidents = await db.selectFrom('incidents').select(['occurred_at', 'channel', 'act_type']).where('occurrence_id', 'in', e.occurrenceIds).execute();
        const at = (i: { occurred_at: string }) => Date.parse(i.occurred_at);
        const recent = incidents.filter((i) => at(i) > recentSince);
        const prior = incidents.filter((i) => at(i) > priorSince && at(i) <= recentSince);
        expect(prior.length).toBeGreaterThan(0);
        expect(prior.every((i) => i.channel !== 'in_person' && i.act_type !== 'threats')).toBe(true);
        if (e.kind === 'rate_rising') expect(recent.length).toBeGreaterThan(prior.length);
        if (e.kind === 'online_to_in_person') expect(recent.some((i) => i.channel === 'in_person')).toBe(true);
        if (e.kind === 'online_to_threats') expect(recent.some((i) => i.act_type === 'threats')).toBe(true);
      }
      const chain = await verifyChain(store.db);
      expect(chain).toMatchObject({ ok: true, entries: report.logEntries });
      const n = await store.db.selectFrom('occurrences').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(300);
      const terms = await store.db.selectFrom('occurrence_search_terms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(terms.n)).toBe(report.searchTerms);
    } finally {
      await dispose();
    }
  });
});
