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
  /** Entries whose contents do not match their hash, until an erasure entry vouches for them. */
  const redacted = new Map<number, { id: string; hash: string; computed: string }>();
  const result = (report: ChainReport): ChainReport => {
    // An entry altered earlier in the chain is the first problem, whatever else is wrong after it.
    const first = [...redacted.entries()].sort((a, b) => a[0] - b[0])[0];
    if (!first || (report.firstProblem && report.firstProblem.seq < first[0])) return report;
    return { entries: first[0] - 1, ok: false, firstProblem: { seq: first[0], id: first[1].id, problem: 'contents do not match its hash (altered)' } };
  };
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
        return result({
          entries: count,
          ok: false,
          firstProblem: { seq: expectedSeq, id: null, problem: `entry ${expectedSeq} is missing (next present is ${row.seq})` },
        });
      }
      if (row.prev_hash !== expectedPrev) {
        return result({
          entries: count,
          ok: false,
          firstProblem: { seq: row.seq, id: row.id, problem: 'previous-hash does not match the entry before it' },
        });
      }
      const { hash, ...rest } = row;
      const computed = hashEntry(rest);
      if (computed !== hash) {
        // Altered, or redacted by an erasure: only a later, intact erasure entry can vouch for it.
        redacted.set(row.seq, { id: row.id, hash, computed });
      } else if (row.action === ERASURE_ACTION && redacted.size) {
        for (const r of redactionsIn(row.changes)) {
          const claim = redacted.get(r.seq);
          if (claim && r.seq < row.seq && claim.hash === r.hash && claim.computed === r.redactedHash) redacted.delete(r.seq);
        }
      }
      expectedPrev = hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('log_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!head || Number(head.last_seq) !== count || head.last_hash !== expectedPrev) {
    return result({
      entries: count,
      ok: false,
      firstProblem: {
        seq: count + 1,
        id: null,
        problem: `the chain head records ${head ? Number(head.last_seq) : 'no'} entries but ${count} verify: entries after ${count} were deleted`,
      },
    });
  }
  return result({ entries: count, ok: true });
}

// ---- erasure (MoPI retention) -----------------------------------------------------------------
//
// An erasure must be neither silent nor a hole in the chain. The personal values in an erased
// occurrence's earlier log entries (before/after values and free-text reasons) are replaced by
// REDACTED in place; field names, actions, who and when stay. A redacted entry no longer matches
// its stored hash, so the stored hash is kept (the next entry's prev_hash still links to it) and
// the erasure's own entry, appended to the chain in the same transaction, lists every entry it
// redacted as { seq, hash (as stored), redactedHash (the hash of the entry as redacted) }.
// verifyChain accepts an entry whose contents do not match its hash only when a later, intact
// erasure entry lists it with both hashes: a redacted entry changed again afterwards, an entry
// altered without an erasure, or an erasure entry itself altered all still fail. Before
// redacting, every entry is checked against its hash, so an erasure never launders tampering.
// (Rehashing the chain, or hashing digests of values instead of the values, would have meant
// rewriting every existing entry's hash: this keeps the history written before erasure existed
// verifiable as it was.)

/** The action of an erasure's log entry. */
export const ERASURE_ACTION = 'occurrence.erased';
/** The field of an erasure entry's changes that lists the entries it redacted. */
export const REDACTIONS_FIELD = 'logEntriesRedacted';
/** What an erased value reads as. */
export const REDACTED = '[erased]';

export interface Redaction {
  seq: number;
  hash: string;
  redactedHash: string;
}

/** The redactions an erasure entry's changes (JSON text) list; none for any other entry. */
function redactionsIn(changesJson: string): Redaction[] {
  try {
    const changes = JSON.parse(changesJson) as FieldChange[];
    const list = changes.find((c) => c.field === REDACTIONS_FIELD)?.after;
    if (!Array.isArray(list)) return [];
    return list.filter(
      (r): r is Redaction => !!r && typeof r === 'object' && typeof (r as Redaction).seq === 'number' && typeof (r as Redaction).hash === 'string' && typeof (r as Redaction).redactedHash === 'string',
    );
  } catch {
    return [];
  }
}

export class LogIntegrityError extends Error {}

/**
 * Redacts the personal values of one occurrence's log entries (every value of a field `keep`
 * does not accept, and every reason), in the erasure's transaction; returns what the erasure entry must
 * list. Refuses (LogIntegrityError) if any of the entries does not match its hash already.
 */
export async function redactOccurrenceLog(trx: Kysely<Database>, occurrenceId: string, keep: (field: string) => boolean): Promise<Redaction[]> {
  const rows = await trx.selectFrom('log_entries').selectAll().where('occurrence_id', '=', occurrenceId).orderBy('seq', 'asc').execute();
  const out: Redaction[] = [];
  for (const raw of rows) {
    const row = { ...raw, seq: Number(raw.seq) };
    const { hash, ...rest } = row;
    if (hashEntry(rest) !== hash) throw new LogIntegrityError(`Log entry ${row.seq} does not match its hash: run conduct verify-log before erasing`);
    const changes = (JSON.parse(row.changes) as FieldChange[]).map((c) => ({
      field: c.field,
      before: keep(c.field) || c.before === null || c.before === '' ? c.before : REDACTED,
      after: keep(c.field) || c.after === null || c.after === '' ? c.after : REDACTED,
    }));
    const redacted = { ...rest, changes: JSON.stringify(changes), reason: row.reason === null ? null : REDACTED };
    if (redacted.changes === row.changes && redacted.reason === row.reason) continue;
    await trx.updateTable('log_entries').set({ changes: redacted.changes, reason: redacted.reason }).where('seq', '=', row.seq).execute();
    out.push({ seq: row.seq, hash, redactedHash: hashEntry(redacted) });
  }
  return out;
}
