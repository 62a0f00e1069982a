import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema';
import type { DialectKind } from '../migrations/types';
import { obligationScope } from './obligation-compliance';

/**
 * Management information and the compliance report: counts over occurrences, tasks and the
 * occurrence log, aggregated in SQL on both dialects. Every figure is a predicate over one
 * source; the same predicate counts the figure and lists its records (the drill-down), so the
 * two always agree. Restricted records (ID-08) are left out unless the scope includes them.
 */

/** Who is asking and over what: [from, to) as ISO instants, an optional district. */
export interface ReportScope {
  from: string;
  to: string;
  district: string | null;
  includeRestricted: boolean;
  /** The current time: open tasks due before it are overdue. */
  now: string;
}

/**
 * Where a figure's records come from: occurrences received in the period, occurrences finalised
 * in it, deadlines (obligations and deadline tasks) opened in it (obligation-compliance.ts), or
 * occurrence log changes made in it.
 */
export type FigureSource = 'received' | 'finalised' | 'obligation' | 'log';

export interface FigureQuery {
  source: FigureSource;
  where: RawBuilder<unknown>;
}

type Raw = RawBuilder<unknown>;
const and = (...parts: Raw[]): Raw => sql`(${sql.join(parts, sql` and `)})`;
const not = (p: Raw): Raw => sql`not (${p})`;
const list = (values: readonly string[]): Raw => sql`(${sql.join(values.map((v) => sql`${v}`))})`;

// ---- predicates over an occurrence `o` -----------------------------------------------------

export const occurrencePredicates = {
  stalking: sql`o.classification = 'stalking'`,
  harassment: sql`o.classification = 'harassment'`,
  unclassified: sql`(o.classification is null or o.classification not in ('stalking', 'harassment'))`,
  dashCompleted: sql`exists (select 1 from risk_assessments r where r.occurrence_id = o.id)`,
  dashEndorsed: sql`exists (select 1 from risk_assessments r where r.occurrence_id = o.id and r.endorsed_at is not null)`,
  /** AO-02: a DASH completed from police records because the victim would not engage, with the reason recorded. */
  dashWithoutVictim: sql`exists (select 1 from risk_assessments r where r.occurrence_id = o.id and r.victim_engaged = 0 and r.non_engagement_note is not null)`,
  /** SV-02: a grading endorsed lower than the officer's, with the supervisor's reasons. */
  endorsedLowerWithReason: sql`exists (select 1 from risk_assessments r where r.occurrence_id = o.id and r.endorsed_at is not null and r.endorsement_note is not null and (case r.endorsed_grade when 'standard' then 1 when 'medium' then 2 when 'high' then 3 else 0 end) < (case r.officer_grade when 'standard' then 1 when 'medium' then 2 when 'high' then 3 else 0 end))`,
  spoConsidered: sql`exists (select 1 from spo_cases s where s.occurrence_id = o.id)`,
  spoApplied: sql`exists (select 1 from spo_cases s where s.occurrence_id = o.id and s.application is not null)`,
  spoGranted: sql`exists (select 1 from spo_cases s where s.occurrence_id = o.id and s.granted_on is not null)`,
  spoBreached: sql`exists (select 1 from spo_cases s inner join occurrences b on b.breach_of_spo_id = s.id where s.occurrence_id = o.id)`,
  threatToLife: sql`o.threat_to_life = 1`,
  dutyInspectorNotified: sql`o.duty_inspector_notified_at is not null`,
  /** AO-08: the Threats to Life checklist item marked not applicable, with the reason. */
  threatToLifeItemNotApplicable: sql`exists (select 1 from checklist_items ci where ci.occurrence_id = o.id and ci.item_key = 'threat_to_life_procedure' and ci.status = 'not_applicable' and ci.reason is not null)`,
  stalkingOffence: sql`o.offence in ('s2A', 's4A')`,
  investigationComplete: sql`o.proportionate_investigation_complete = 1`,
  rationaleRecorded: sql`(o.outcome_rationale is not null and o.outcome_rationale <> '')`,
  /** A suspect is linked to the occurrence (and not removed as added in error). */
  suspectNamed: sql`exists (select 1 from parties pa where pa.occurrence_id = o.id and pa.role = 'suspect' and pa.removed_in_error_at is null)`,
  /** A charge is recorded against the suspect. */
  suspectCharged: sql`exists (select 1 from suspect_actions sa where sa.occurrence_id = o.id and sa.action = 'charge')`,
  /** The victim is recorded as not supporting police action (a withdrawal, or their position). */
  victimDoesNotSupport: sql`o.victim_supports_prosecution = 0`,
} as const satisfies Record<string, Raw>;

/** A suspect action of one of these kinds is recorded (e.g. arrest or interview). */
export const suspectActionIn = (actions: readonly string[]): Raw => sql`exists (select 1 from suspect_actions sa where sa.occurrence_id = o.id and sa.action in ${list(actions)})`;

/**
 * AL-06: the outcome rationale has at least `min` characters of substance. The finalisation
 * decision's measure (rationaleSubstance) done in SQL with the same plain replacements, in the
 * same order, on both dialects: lower-case; each separator read as a space; every space
 * doubled and the text wrapped in spaces; each stock phrase removed as whole words; then the
 * characters that are not spaces counted.
 */
export function rationaleSubstanceAtLeast(min: number, separators: readonly string[], stockPhrases: readonly string[]): Raw {
  let s: Raw = sql`lower(coalesce(o.outcome_rationale, ''))`;
  for (const sep of separators) s = sql`replace(${s}, ${sep}, ' ')`;
  s = sql`(' ' || replace(${s}, ' ', '  ') || ' ')`;
  for (const phrase of stockPhrases) s = sql`replace(${s}, ${` ${phrase.replaceAll(' ', '  ')} `}, ' ')`;
  return sql`length(replace(${s}, ' ', '')) >= ${min}`;
}

/** The latest DASH's grade as endorsed (else as the officer graded it); null without a DASH. */
export const latestRiskGrade = sql`(select coalesce(r.endorsed_grade, r.officer_grade) from risk_assessments r where r.occurrence_id = o.id order by r.sequence desc limit 1)`;

/** Outcomes that close a crime with no further action against the suspect (AL-06). */
export const nfaLikeOutcomes = ['nfa', 'evidential_difficulties', 'victim_does_not_support', 'not_in_public_interest'] as const;
/** Never outcomes for stalking (AL-07, TS-04, IO-06). */
export const informalOutcomes = ['words_of_advice', 'written_warning', 'mediation'] as const;
export const specialistUnitCodes = ['DA_TEAM', 'ADULT_SAFEGUARDING', 'CID'] as const;

export const outcomeIn = (values: readonly string[]): Raw => sql`o.outcome in ${list(values)}`;
export const outcomeIs = (value: string | null): Raw => (value === null ? sql`o.outcome is null` : sql`o.outcome = ${value}`);
export const allocatedUnitIs = (unit: string | null): Raw => (unit === null ? sql`o.allocated_unit is null` : sql`o.allocated_unit = ${unit}`);
export const riskGradeIs = (grade: string | null): Raw => (grade === null ? sql`${latestRiskGrade} is null` : sql`${latestRiskGrade} = ${grade}`);
export const notSpecialistUnit = sql`(o.allocated_unit is null or o.allocated_unit not in ('DA_TEAM', 'ADULT_SAFEGUARDING', 'CID'))`;
export const finalisedByRank = (ranks: readonly string[]): Raw => sql`exists (select 1 from users u where u.id = o.finalised_by and u.rank in ${list(ranks)})`;
export const receivedBetween = (from: string, to: string): Raw => sql`(o.received_at >= ${from} and o.received_at < ${to})`;
export { and as allOf, not as negate };
/** Every row of the source. */
export const always: Raw = sql`1 = 1`;
/** No outcome yet, or one other than those listed. */
export const outcomeNoneOrNotIn = (values: readonly string[]): Raw => sql`(o.outcome is null or o.outcome not in ${list(values)})`;
/** Log entries with one of these actions. */
export const logActionIn = (actions: readonly string[]): Raw => sql`l.action in ${list(actions)}`;

// ---- predicates over a log entry `l` -------------------------------------------------------

export const logPredicates = {
  action: (action: string): Raw => sql`l.action = ${action}`,
  reasonRecorded: sql`(l.reason is not null and l.reason <> '')`,
  reasonStartsWith: (prefix: string): Raw => sql`l.reason like ${`${prefix}%`}`,
  changesContain: (fragment: string): Raw => sql`l.changes like ${`%${fragment}%`}`,
  firstRequirementIs: (id: string): Raw => sql`l.requirements like ${`["${id}"%`}`,
};

// ---- sources -------------------------------------------------------------------------------

function scopeWhere(source: FigureSource, s: ReportScope): Raw {
  if (source === 'obligation') return obligationScope(s);
  const parts: Raw[] = [];
  if (source === 'received') parts.push(sql`o.received_at >= ${s.from}`, sql`o.received_at < ${s.to}`);
  if (source === 'finalised') parts.push(sql`o.finalised_at >= ${s.from}`, sql`o.finalised_at < ${s.to}`);
  if (source === 'log') parts.push(sql`l.kind = 'change'`, sql`l.at >= ${s.from}`, sql`l.at < ${s.to}`);
  if (s.district) parts.push(sql`o.district = ${s.district}`);
  // ID-08: restricted occurrences are neither counted nor listed for the unentitled.
  if (!s.includeRestricted) parts.push(source === 'received' || source === 'finalised' ? sql`o.restricted = 0` : sql`coalesce(o.restricted, 0) = 0`);
  return and(...parts);
}

function fromClause(source: FigureSource): Raw {
  if (source === 'obligation') return sql`tasks t left join occurrences o on o.id = t.occurrence_id`;
  if (source === 'log') return sql`log_entries l left join occurrences o on o.id = l.occurrence_id`;
  return sql`occurrences o`;
}

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/**
 * Counts several figures of one source in one pass: each predicate becomes a SUM(CASE ...).
 * `narrow` (optional) limits the rows scanned to those any figure can count (e.g. the log
 * actions the figures name), so the planner can use an index.
 */
export async function countFigures<K extends string>(db: Kysely<Database>, source: FigureSource, scope: ReportScope, figures: Record<K, Raw>, narrow?: Raw): Promise<Record<K, number>> {
  const keys = Object.keys(figures) as K[];
  if (!keys.length) return {} as Record<K, number>;
  const columns = keys.map((k, i) => sql`coalesce(sum(case when ${figures[k]} then 1 else 0 end), 0) as ${sql.ref(`f${i}`)}`);
  const where = narrow ? and(scopeWhere(source, scope), narrow) : scopeWhere(source, scope);
  const r = await sql<Record<string, unknown>>`select ${sql.join(columns)} from ${fromClause(source)} where ${where}`.execute(db);
  const row = r.rows[0] ?? {};
  return Object.fromEntries(keys.map((k, i) => [k, n(row[`f${i}`])])) as Record<K, number>;
}

/** How many records one figure has (the drill-down's total). */
export async function countFigure(db: Kysely<Database>, q: FigureQuery, scope: ReportScope): Promise<number> {
  return (await countFigures(db, q.source, scope, { figure: q.where })).figure;
}

/** The London calendar month of the received time, as YYYY-MM. */
function receivedMonth(kind: DialectKind): Raw {
  if (kind === 'postgres') return sql`to_char(o.received_at at time zone 'Europe/London', 'YYYY-MM')`;
  // SQLite has no time zones. From the last hour of March's final day to the end of September
  // the UK is on BST (UTC+1), so an instant in the last UTC hour of those months is already in
  // the next London month; at the end of October it is GMT again.
  return sql`(case when substr(o.received_at, 6, 2) between '03' and '09' then strftime('%Y-%m', o.received_at, '+1 hour') else substr(o.received_at, 1, 7) end)`;
}

/** Reports received in the period, per London calendar month. */
export async function receivedByMonth(db: Kysely<Database>, kind: DialectKind, scope: ReportScope): Promise<{ month: string; count: number }[]> {
  const month = receivedMonth(kind);
  const r = await sql<{ month: string; count: unknown }>`select ${month} as month, count(*) as count from occurrences o where ${scopeWhere('received', scope)} group by ${month} order by 1`.execute(db);
  return r.rows.map((row) => ({ month: row.month, count: n(row.count) }));
}

/** Occurrences received in the period by the latest DASH grade (null: no DASH). */
export async function receivedByRiskGrade(db: Kysely<Database>, scope: ReportScope): Promise<{ grade: string | null; count: number }[]> {
  const r = await sql<{ grade: string | null; count: unknown }>`select g.grade as grade, count(*) as count from (select ${latestRiskGrade} as grade from occurrences o where ${scopeWhere('received', scope)}) g group by g.grade`.execute(db);
  return r.rows.map((row) => ({ grade: row.grade, count: n(row.count) }));
}

/** Occurrences received in the period by the unit allocated at triage (null: not allocated). */
export async function receivedByAllocatedUnit(db: Kysely<Database>, scope: ReportScope): Promise<{ unit: string | null; count: number }[]> {
  const r = await sql<{ unit: string | null; count: unknown }>`select o.allocated_unit as unit, count(*) as count from occurrences o where ${scopeWhere('received', scope)} group by o.allocated_unit`.execute(db);
  return r.rows.map((row) => ({ unit: row.unit, count: n(row.count) }));
}

/** Occurrences finalised in the period, by outcome, with the average days from report to finalisation. */
export async function finalisedByOutcome(db: Kysely<Database>, kind: DialectKind, scope: ReportScope): Promise<{ outcomes: { outcome: string | null; count: number }[]; finalised: number; averageDays: number | null }> {
  const days = kind === 'postgres' ? sql`extract(epoch from (o.finalised_at - o.received_at)) / 86400.0` : sql`(julianday(o.finalised_at) - julianday(o.received_at))`;
  const where = scopeWhere('finalised', scope);
  const [byOutcome, overall] = await Promise.all([
    sql<{ outcome: string | null; count: unknown }>`select o.outcome as outcome, count(*) as count from occurrences o where ${where} group by o.outcome`.execute(db),
    sql<{ finalised: unknown; average_days: unknown }>`select count(*) as finalised, avg(${days}) as average_days from occurrences o where ${where}`.execute(db),
  ]);
  const row = overall.rows[0];
  return {
    outcomes: byOutcome.rows.map((r) => ({ outcome: r.outcome, count: n(r.count) })),
    finalised: n(row?.finalised),
    averageDays: row?.average_days === null || row?.average_days === undefined ? null : Number(row.average_days),
  };
}

// ---- the records behind a figure -----------------------------------------------------------

export interface FigureRecord {
  /** The key this row sorts by, for the next page's marker. */
  sortKey: string;
  id: string;
  occurrenceId: string | null;
  reference: string | null;
  receivedAt: string | null;
  district: string | null;
  status: string | null;
  restricted: boolean;
  offence: string | null;
  outcome: string | null;
  finalisedAt: string | null;
  /** Deadlines: what was to be done, when it opened, when it was due, when and how it was closed. */
  title: string | null;
  requirement: string | null;
  openedAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  /** How a closed deadline was closed: 'fulfilled', 'done' or 'not_applicable' (null when open, or closed before this was kept). */
  closure: string | null;
  /** Log entries: what was done, when, by whom, and the reason recorded. */
  action: string | null;
  at: string | null;
  actorName: string | null;
  reason: string | null;
}

export interface FigureCursor {
  key: string;
  id: string;
}

const orderKey: Record<FigureSource, string> = { received: 'o.received_at', finalised: 'o.finalised_at', obligation: 't.created_at', log: 'l.seq' };

/** One page of a figure's records, newest first, paged by key (the same cost on every page). */
export async function listFigureRecords(db: Kysely<Database>, q: FigureQuery, scope: ReportScope, page: { after?: FigureCursor; limit: number }): Promise<{ records: FigureRecord[]; next?: FigureCursor }> {
  const key = sql.ref(orderKey[q.source]);
  const id = sql.ref(q.source === 'obligation' ? 't.id' : q.source === 'log' ? 'l.id' : 'o.id');
  const parts: Raw[] = [scopeWhere(q.source, scope), q.where];
  if (page.after) {
    if (q.source === 'log') parts.push(sql`l.seq < ${Number(page.after.key)}`);
    else parts.push(sql`(${key}, ${id}) < (${page.after.key}, ${page.after.id})`);
  }
  const select =
    q.source === 'obligation'
      ? sql`t.id as id, t.title as title, t.requirement as requirement, t.created_at as opened_at, t.due_at as due_at, t.completed_at as completed_at, t.closure as closure, null as action, null as at, null as actor_name, null as reason`
      : q.source === 'log'
        ? sql`l.id as id, null as title, null as requirement, null as opened_at, null as due_at, null as completed_at, null as closure, l.action as action, l.at as at, l.actor_name as actor_name, l.reason as reason`
        : sql`o.id as id, null as title, null as requirement, null as opened_at, null as due_at, null as completed_at, null as closure, null as action, null as at, null as actor_name, null as reason`;
  const r = await sql<Record<string, unknown>>`select ${select}, ${key} as sort_key, o.id as occurrence_id, o.reference as reference, o.received_at as received_at, o.district as district, o.status as status, o.restricted as restricted, o.offence as offence, o.outcome as outcome, o.finalised_at as finalised_at
    from ${fromClause(q.source)} where ${and(...parts)} order by ${key} desc, ${id} desc limit ${page.limit + 1}`.execute(db);
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const records: FigureRecord[] = r.rows.slice(0, page.limit).map((row) => ({
    sortKey: String(row.sort_key),
    id: String(row.id),
    occurrenceId: str(row.occurrence_id),
    reference: str(row.reference),
    receivedAt: str(row.received_at),
    district: str(row.district),
    status: str(row.status),
    restricted: n(row.restricted) === 1,
    offence: str(row.offence),
    outcome: str(row.outcome),
    finalisedAt: str(row.finalised_at),
    title: str(row.title),
    requirement: str(row.requirement),
    openedAt: str(row.opened_at),
    dueAt: str(row.due_at),
    completedAt: str(row.completed_at),
    closure: str(row.closure),
    action: str(row.action),
    at: str(row.at),
    actorName: str(row.actor_name),
    reason: str(row.reason),
  }));
  const last = records[records.length - 1];
  return r.rows.length > page.limit && last ? { records, next: { key: last.sortKey, id: last.id } } : { records };
}
