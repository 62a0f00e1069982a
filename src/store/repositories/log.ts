import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { GENESIS_HASH } from '../migrations/index';
import type { Actor } from '../../domain/actor';

export type LogKind = 'change' | 'read' | 'system';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface LogEntryInput {
  actor: Actor;
  kind: LogKind;
  subjectType: string;
  subjectId: string;
  occurrenceId?: string | null;
  action: string;
  changes?: FieldChange[];
  reason?: string | null;
  requirements?: readonly string[];
  at: string;
  /** The entry's id; a new random UUID when absent (bulk writers that must be repeatable pass their own). */
  id?: string;
}

export interface LogEntry {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  actorRole: string | null;
  kind: LogKind;
  subjectType: string;
  subjectId: string;
  occurrenceId: string | null;
  action: string;
  changes: FieldChange[];
  reason: string | null;
  requirements: string[];
  prevHash: string;
  hash: string;
}

type LogRow = Database['log_entries'];

/** The hash of one entry: every stored field but the hash itself, in a fixed order. */
export function hashEntry(row: Omit<LogRow, 'hash'>): string {
  const material = JSON.stringify([
    row.seq,
    row.id,
    row.at,
    row.actor_id,
    row.actor_name,
    row.actor_role,
    row.kind,
    row.subject_type,
    row.subject_id,
    row.occurrence_id,
    row.action,
    row.changes,
    row.reason,
    row.requirements,
    row.prev_hash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/**
 * Appends one entry to the occurrence log. Call it inside the transaction that makes the change:
 * the log_head row update takes the write lock, so entries are chained in one order even with
 * several servers writing.
 */
export async function appendLog(trx: Kysely<Database>, input: LogEntryInput): Promise<LogEntry> {
  const head = await trx
    .updateTable('log_head')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
  const row = logRow(input, Number(head.last_seq), head.last_hash);
  const hash = hashEntry(row);
  await trx.insertInto('log_entries').values({ ...row, hash }).execute();
  await trx.updateTable('log_head').set({ last_hash: hash }).where('id', '=', 1).execute();
  return toLogEntry({ ...row, hash });
}

/** Rows per INSERT statement when appending many entries (16 columns: well inside both databases' parameter limits). */
const LOG_ROWS_PER_STATEMENT = 500;

/**
 * Appends many entries, in the order given, chained exactly as that many appendLog calls would
 * chain them: one log_head update reserves their sequence numbers (and takes the same write
 * lock), the hashes are computed in order, and the rows go in with multi-row inserts. For bulk
 * writers (conduct generate, imports). Call it inside the transaction that makes the changes.
 */
export async function appendLogEntries(trx: Kysely<Database>, inputs: readonly LogEntryInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  const head = await trx
    .updateTable('log_head')
    .set((eb) => ({ last_seq: eb('last_seq', '+', inputs.length) }))
    .where('id', '=', 1)
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
  let seq = Number(head.last_seq) - inputs.length;
  let prev = head.last_hash;
  const rows: LogRow[] = inputs.map((input) => {
    seq += 1;
    const row = logRow(input, seq, prev);
    prev = hashEntry(row);
    return { ...row, hash: prev };
  });
  for (let i = 0; i < rows.length; i += LOG_ROWS_PER_STATEMENT) {
    await trx.insertInto('log_entries').values(rows.slice(i, i + LOG_ROWS_PER_STATEMENT)).execute();
  }
  await trx.updateTable('log_head').set({ last_hash: prev }).where('id', '=', 1).execute();
  return rows.length;
}

interface Waiting {
  input: LogEntryInput;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Entries waiting for the next group commit, per database. */
const groups = new WeakMap<Kysely<Database>, { waiting: Waiting[]; committing: boolean }>();

/** At most this many entries in one group commit. */
const GROUP_COMMIT_MAX = 200;

/**
 * Appends an entry that stands alone (the log of a read, not of a change) with group commit:
 * entries that arrive while a commit is under way go into the next transaction together, so a
 * busy server pays one disk sync for many page views instead of one each (on SQLite every
 * commit stops the server for its sync; on PostgreSQL every append waits for the log_head row
 * lock). The returned promise settles only once this entry is committed (or its transaction
 * failed), so nothing is shown before its read is logged. Not for changes: a change's entry goes
 * in the change's own transaction with appendLog.
 */
export function appendLogGrouped(db: Kysely<Database>, input: LogEntryInput): Promise<void> {
  let group = groups.get(db);
  if (!group) {
    group = { waiting: [], committing: false };
    groups.set(db, group);
  }
  const g = group;
  return new Promise<void>((resolve, reject) => {
    g.waiting.push({ input, resolve, reject });
    if (!g.committing) void commitGroups(db, g);
  });
}

async function commitGroups(db: Kysely<Database>, g: { waiting: Waiting[]; committing: boolean }): Promise<void> {
  g.committing = true;
  try {
    while (g.waiting.length) {
      // Let requests already in flight add their entries to this commit.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const batch = g.waiting.splice(0, GROUP_COMMIT_MAX);
      try {
        await db.transaction().execute((trx) => appendLogEntries(trx, batch.map((w) => w.input)));
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  } finally {
    g.committing = false;
  }
}

function logRow(input: LogEntryInput, seq: number, prevHash: string): Omit<LogRow, 'hash'> {
  return {
    seq,
    id: input.id ?? randomUUID(),
    at: input.at,
    actor_id: input.actor.id,
    actor_name: input.actor.displayName,
    actor_role: input.actor.role,
    kind: input.kind,
    subject_type: input.subjectType,
    subject_id: input.subjectId,
    occurrence_id: input.occurrenceId ?? null,
    action: input.action,
    changes: JSON.stringify(input.changes ?? []),
    reason: input.reason ?? null,
    requirements: JSON.stringify(input.requirements ?? []),
    prev_hash: prevHash,
  };
}

export function toLogEntry(row: LogRow): LogEntry {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    kind: row.kind as LogKind,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    occurrenceId: row.occurrence_id,
    action: row.action,
    changes: JSON.parse(row.changes) as FieldChange[],
    reason: row.reason,
    requirements: JSON.parse(row.requirements) as string[],
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** The log of one occurrence, newest first. */
export async function listOccurrenceLog(
  db: Kysely<Database>,
  occurrenceId: string,
  options: { kind?: LogKind; limit?: number } = {},
): Promise<LogEntry[]> {
  let q = db.selectFrom('log_entries').selectAll().where('occurrence_id', '=', occurrenceId);
  if (options.kind) q = q.where('kind', '=', options.kind);
  const rows = await q.orderBy('seq', 'desc').limit(options.limit ?? 500).execute();
  return rows.map(toLogEntry);
}

export interface ChainProblem {
  seq: number;
  id: string | null;
  problem: string;
}

export interface ChainReport {
  entries: number;
  ok: boolean;
  firstProblem?: ChainProblem;
}

/** Recomputes the whole chain, oldest first, in pages. Stops at the first bad entry and names it. */
export async function verifyChain(db: Kysely<Database>, pageSize = 5000): Promise<ChainReport> {
  let expectedPrev = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('log_entries')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq', 'asc')
      .limit(pageSize)
      .execute();
    for (const raw of rows) {
      const row = { ...raw, seq: Number(raw.seq) };
      if (row.seq !== expectedSeq) {
        return {
          entries: count,
          ok: false,
          firstProblem: { seq: expectedSeq, id: null, problem: `entry ${expectedSeq} is missing (next present is ${row.seq})` },
        };
      }
      if (row.prev_hash !== expectedPrev) {
        return {
          entries: count,
          ok: false,
          firstProblem: { seq: row.seq, id: row.id, problem: 'previous-hash does not match the entry before it' },
        };
      }
      const { hash, ...rest } = row;
      if (hashEntry(rest) !== hash) {
        return { entries: count, ok: false, firstProblem: { seq: row.seq, id: row.id, problem: 'contents do not match its hash (altered)' } };
      }
      expectedPrev = hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('log_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!head || Number(head.last_seq) !== count || head.last_hash !== expectedPrev) {
    return {
      entries: count,
      ok: false,
      firstProblem: {
        seq: count + 1,
        id: null,
        problem: `the chain head records ${head ? Number(head.last_seq) : 'no'} entries but ${count} verify: entries after ${count} were deleted`,
      },
    };
  }
  return { entries: count, ok: true };
}
