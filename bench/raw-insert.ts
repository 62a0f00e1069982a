/**
 * The baseline for generation: the same rows `conduct generate` wrote, inserted again into a
 * fresh database straight through the driver (better-sqlite3 prepared statements, or pg
 * multi-row inserts of the same size), in as many transactions. Only the inserts and commits are
 * timed; reading the rows back is not.
 */
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseTarget } from '../src/store/db';
import { BULK_LOAD_CACHE_KIB } from '../src/store/repositories/maintenance';

export interface RawInsertResult {
  seconds: number;
  occurrences: number;
  rows: number;
}

/** The tables the generator fills, in an order that satisfies their foreign keys. Columns are those the rows read back have. */
const TABLES = [
  'users',
  'occurrences',
  'occurrence_search_terms',
  'people',
  'parties',
  'incidents',
  'classification_assessments',
  'risk_assessments',
  'spo_cases',
  'spo_visits',
  'person_flags',
  'suspect_actions',
  'referrals',
  'tasks',
  'victim_contacts',
  'log_entries',
] as const;
type Table = (typeof TABLES)[number];
type Rows = Record<string, unknown>[];

/** Casework tables read back by the occurrences of a batch (the generator wrote them in that batch's transaction). */
const BY_OCCURRENCE = ['parties', 'incidents', 'classification_assessments', 'risk_assessments', 'spo_cases', 'person_flags', 'suspect_actions', 'referrals', 'tasks', 'victim_contacts'] as const;

/** The rows of one transaction: a batch of occurrences with their search terms, their casework and a matching share of the log. */
interface Batch {
  occurrences: Rows;
  terms: Rows;
  log: Rows;
  /** Casework rows by table (people first seen in the batch, parties, incidents, ..., tasks). */
  casework: [Table, Rows][];
}

/** Orders a batch's casework by foreign keys, people first seen in it before their parties. */
function casework(byTable: Map<Table, Rows>, people: Rows, visits: Rows): [Table, Rows][] {
  return [
    ['people', people],
    ...BY_OCCURRENCE.filter((t) => t !== 'person_flags' && t !== 'tasks' && t !== 'victim_contacts').map((t) => [t, byTable.get(t) ?? []] as [Table, Rows]),
    ['spo_visits', visits],
    ['person_flags', byTable.get('person_flags') ?? []],
    ['tasks', byTable.get('tasks') ?? []],
    // A victim contact names the task it was recorded against.
    ['victim_contacts', byTable.get('victim_contacts') ?? []],
  ];
}

/** Reads the generated rows back, batch by batch, in the order they were written. */
interface Source {
  users(): Promise<Rows>;
  batches(batchSize: number): AsyncIterable<Batch>;
  close(): Promise<void>;
}

export async function rawInsertBaseline(source: DatabaseTarget, target: DatabaseTarget, batchSize = 1000): Promise<RawInsertResult> {
  const from = source.kind === 'sqlite' ? sqliteSource(source.file) : await postgresSource(source.url);
  const sink = target.kind === 'sqlite' ? sqliteSink(target.file) : await postgresSink(target.url);
  let timed = 0;
  let rows = 0;
  let occurrences = 0;
  const time = async (f: () => Promise<void> | void) => {
    const t = performance.now();
    await f();
    timed += performance.now() - t;
  };
  try {
    const users = await from.users();
    await time(() => sink.transaction([['users', users]]));
    rows += users.length;
    for await (const b of from.batches(batchSize)) {
      await time(() =>
        sink.transaction([
          ['occurrences', b.occurrences],
          ['occurrence_search_terms', b.terms],
          ...b.casework,
          ['log_entries', b.log],
        ]),
      );
      rows += b.occurrences.length + b.terms.length + b.log.length + b.casework.reduce((s, [, r]) => s + r.length, 0);
      occurrences += b.occurrences.length;
    }
  } finally {
    await from.close();
    await sink.close();
  }
  return { seconds: timed / 1000, occurrences, rows };
}

// ---------------------------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------------------------

function sqliteSource(file: string): Source {
  const db = new SQLite(file, { readonly: true });
  return {
    async users() {
      return db.prepare('select * from users order by rowid').all() as Rows;
    },
    async *batches(batchSize) {
      const total = (db.prepare('select count(*) as n from occurrences').get() as { n: number }).n;
      const logTotal = (db.prepare('select coalesce(max(seq), 0) as n from log_entries').get() as { n: number }).n;
      const occurrences = db.prepare('select rowid as _r, * from occurrences where rowid > ? order by rowid limit ?');
      const termCount = db.prepare('select count(*) as n from occurrence_search_terms where occurrence_id in (select value from json_each(?))');
      // The generator wrote each batch's search terms together, so they follow one another by rowid.
      const terms = db.prepare('select rowid as _r, term, occurrence_id, received_at from occurrence_search_terms where rowid > ? order by rowid limit ?');
      const log = db.prepare('select * from log_entries where seq >= ? and seq < ? order by seq');
      const byOccurrence = new Map(BY_OCCURRENCE.map((t) => [t, db.prepare(`select * from ${t} where occurrence_id in (select value from json_each(?)) order by rowid`)]));
      const personIds = db.prepare('select distinct person_id from parties where occurrence_id in (select value from json_each(?))');
      const peopleById = db.prepare('select * from people where id in (select value from json_each(?)) order by rowid');
      const visitsOf = db.prepare('select * from spo_visits where spo_id in (select value from json_each(?)) order by rowid');
      const written = new Set<string>();
      const strip = (rows: Rows) => rows.map(({ _r, ...rest }) => rest);
      let occurrenceRowid = 0;
      let termRowid = 0;
      let done = 0;
      let seq = 1;
      while (done < total) {
        const o = occurrences.all(occurrenceRowid, batchSize) as Rows;
        if (o.length === 0) break;
        occurrenceRowid = o[o.length - 1]!._r as number;
        const n = (termCount.get(JSON.stringify(o.map((r) => r.id))) as { n: number }).n;
        const t = terms.all(termRowid, n) as Rows;
        termRowid = (t[t.length - 1]?._r as number | undefined) ?? termRowid;
        done += o.length;
        // The log in the same share: entry k of the whole log goes with the batch holding occurrence k/total.
        const nextSeq = done >= total ? logTotal + 1 : 1 + Math.round((logTotal * done) / total);
        const l = log.all(seq, nextSeq) as Rows;
        seq = nextSeq;
        const ids = JSON.stringify(o.map((r) => r.id));
        const byTable = new Map<Table, Rows>(BY_OCCURRENCE.map((table) => [table, byOccurrence.get(table)!.all(ids) as Rows]));
        const fresh = (personIds.all(ids) as { person_id: string }[]).map((r) => r.person_id).filter((id) => !written.has(id));
        for (const id of fresh) written.add(id);
        const people = peopleById.all(JSON.stringify(fresh)) as Rows;
        const visits = visitsOf.all(JSON.stringify((byTable.get('spo_cases') ?? []).map((r) => r.id))) as Rows;
        yield { occurrences: strip(o), terms: strip(t), log: l, casework: casework(byTable, people, visits) };
      }
    },
    async close() {
      db.close();
    },
  };
}

function sqliteSink(file: string) {
  const db = new SQLite(file);
  // The same settings as Conduct's own store.
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = FULL');
  // And the same page cache as the generator's bulk load.
  db.pragma(`cache_size = -${BULK_LOAD_CACHE_KIB}`);
  const statements = new Map<Table, { columns: string[]; stmt: SQLite.Statement }>();
  const statement = (table: Table, row: Record<string, unknown>) => {
    let s = statements.get(table);
    if (!s) {
      const columns = Object.keys(row);
      s = { columns, stmt: db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`) };
      statements.set(table, s);
    }
    return s;
  };
  const run = db.transaction((parts: [Table, Rows][]) => {
    for (const [table, rows] of parts) {
      if (!rows.length) continue;
      const { stmt, columns } = statement(table, rows[0]!);
      for (const row of rows) stmt.run(columns.map((c) => row[c] as unknown));
    }
  });
  return {
    async transaction(parts: [Table, Rows][]) {
      run(parts);
    },
    async close() {
      db.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

/**
 * A connected client. A connection that dies under it (the database dropped on Ctrl-C, the
 * server restarted) fails the query in flight; without a listener its 'error' event would also
 * end the process before the bench's clean-up could drop its databases.
 */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', (err) => process.stderr.write(`bench: the baseline's database connection failed: ${err.message}\n`));
  await client.connect();
  return client;
}

async function postgresSource(url: string): Promise<Source> {
  const client = await connect(url);
  // Timestamps as the text PostgreSQL gives: inserted again as they are.
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 1184 || oid === 1114 ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) };
  const q = (text: string, values: unknown[] = []) => client.query({ text, values, types: types as pg.CustomTypesConfig }).then((r) => r.rows as Rows);
  return {
    users: () => q('select * from users order by created_at, id'),
    async *batches(batchSize) {
      const [{ n: total }] = (await q('select count(*)::int as n from occurrences')) as [{ n: number }];
      const [{ n: logTotal }] = (await q('select coalesce(max(seq), 0)::int as n from log_entries')) as [{ n: number }];
      let after: [string, string] = ['', ''];
      const written = new Set<string>();
      let done = 0;
      let seq = 1;
      while (done < total) {
        const o = done === 0
          ? await q('select * from occurrences order by received_at, id limit $1', [batchSize])
          : await q('select * from occurrences where (received_at, id) > ($1::timestamptz, $2) order by received_at, id limit $3', [after[0], after[1], batchSize]);
        const last = o[o.length - 1]!;
        after = [String(last.received_at), String(last.id)];
        const ids = o.map((r) => r.id);
        const t = await q('select term, occurrence_id, received_at from occurrence_search_terms where occurrence_id = any($1)', [ids]);
        done += o.length;
        const nextSeq = done >= total ? logTotal + 1 : 1 + Math.round((logTotal * done) / total);
        const l = await q('select * from log_entries where seq >= $1 and seq < $2 order by seq', [seq, nextSeq]);
        seq = nextSeq;
        const byTable = new Map<Table, Rows>();
        for (const table of BY_OCCURRENCE) {
          const at =
            table === 'classification_assessments' || table === 'risk_assessments' ? 'assessed_at' : table === 'suspect_actions' || table === 'victim_contacts' ? 'at' : table === 'referrals' ? 'updated_at' : 'created_at';
          byTable.set(table, await q(`select * from ${table} where occurrence_id = any($1) order by ${at}, id`, [ids]));
        }
        const fresh = ((await q('select distinct person_id from parties where occurrence_id = any($1)', [ids])) as { person_id: string }[]).map((r) => r.person_id).filter((id) => !written.has(id));
        for (const id of fresh) written.add(id);
        const people = await q('select * from people where id = any($1) order by created_at, id', [fresh]);
        const visits = await q('select * from spo_visits where spo_id = any($1) order by recorded_at, id', [(byTable.get('spo_cases') ?? []).map((r) => r.id)]);
        yield { occurrences: o, terms: t, log: l, casework: casework(byTable, people, visits) };
      }
    },
    close: () => client.end(),
  };
}

/** Rows per statement: the same as the repositories' bulk inserts (the casework's by 30,000 parameters a statement). */
const PG_ROWS_PER_STATEMENT: Partial<Record<Table, number>> = { users: 500, occurrences: 500, occurrence_search_terms: 3000, log_entries: 500 };

async function postgresSink(url: string) {
  const client = await connect(url);
  const insert = async (table: Table, rows: Rows) => {
    if (!rows.length) return;
    const columns = Object.keys(rows[0]!);
    const per = PG_ROWS_PER_STATEMENT[table] ?? Math.max(1, Math.floor(30_000 / columns.length));
    for (let i = 0; i < rows.length; i += per) {
      const chunk = rows.slice(i, i + per);
      const values: unknown[] = [];
      const tuples = chunk.map((row) => `(${columns.map((c) => `$${values.push(row[c])}`).join(', ')})`);
      await client.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, values);
    }
  };
  return {
    async transaction(parts: [Table, Rows][]) {
      await client.query('begin');
      for (const [table, rows] of parts) await insert(table, rows);
      await client.query('commit');
    },
    close: () => client.end(),
  };
}
