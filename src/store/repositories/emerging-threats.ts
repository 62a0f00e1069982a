/**
 * The District Intelligence Units' detection queries (DI-01) and the record of threats
 * communicated (DI-02). Each query is driven by a time range over an index (occurrences by
 * received_at, incidents by occurred_at), joins parties by (occurrence, role) and counts in the
 * database, returning only groups that can meet a rule: so the cost follows the size of the window,
 * not of the force's history. The same SQL runs on SQLite and PostgreSQL.
 *
 * `includeRestricted: false` leaves restricted (ID-08) occurrences out of every count, list and
 * link, as if they did not exist.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../schema';
import { inPersonChannels, severityLevels, threatActTypes } from '../../policy/emerging-threats';

type Db = Kysely<Database>;

export interface Window {
  since: string;
  until: string;
  includeRestricted: boolean;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** A person's name as the pages show it. */
export function personName(p: { forenames: string | null; surname: string | null; description?: string | null }): string {
  return [p.forenames, p.surname].filter(Boolean).join(' ') || p.description || 'Unknown person';
}

// ---- serial perpetrators (DI-01, IO-14) ----------------------------------------------------

export interface SerialPerpetratorRow {
  personId: string;
  victimCount: number;
  occurrenceCount: number;
  s4aCount: number;
  s2aCount: number;
}

/** Suspects against `minVictims` or more different victims in occurrences received in the window. */
export async function serialPerpetratorCandidates(db: Db, w: Window & { minVictims: number }): Promise<SerialPerpetratorRow[]> {
  let q = db
    .selectFrom('occurrences as o')
    .innerJoin('parties as s', (j) => j.onRef('s.occurrence_id', '=', 'o.id').on('s.role', '=', 'suspect').on('s.removed_in_error_at', 'is', null))
    .innerJoin('parties as v', (j) => j.onRef('v.occurrence_id', '=', 'o.id').on('v.role', '=', 'victim').on('v.removed_in_error_at', 'is', null))
    .select([
      's.person_id',
      sql<number>`count(distinct v.person_id)`.as('victims'),
      sql<number>`count(distinct o.id)`.as('occurrences'),
      sql<number>`count(distinct case when o.offence = 's4A' then o.id end)`.as('s4a'),
      sql<number>`count(distinct case when o.offence = 's2A' then o.id end)`.as('s2a'),
    ])
    .where('o.received_at', '>=', w.since)
    .where('o.received_at', '<=', w.until)
    .whereRef('v.person_id', '<>', 's.person_id');
  if (!w.includeRestricted) q = q.where('o.restricted', '=', 0);
  const rows = await q.groupBy('s.person_id').having(sql<SqlBool>`count(distinct v.person_id) >= ${w.minVictims}`).execute();
  return rows.map((r) => ({ personId: r.person_id, victimCount: num(r.victims), occurrenceCount: num(r.occurrences), s4aCount: num(r.s4a), s2aCount: num(r.s2a) }));
}

// ---- repeat victims (DI-01) ----------------------------------------------------------------

export interface RepeatVictimRow {
  personId: string;
  occurrenceCount: number;
  suspectCount: number;
}

/** Victims in `minOccurrences` or more occurrences, or of `minSuspects` or more different suspects, in the window. */
export async function repeatVictimCandidates(db: Db, w: Window & { minOccurrences: number; minSuspects: number }): Promise<RepeatVictimRow[]> {
  let q = db
    .selectFrom('occurrences as o')
    .innerJoin('parties as v', (j) => j.onRef('v.occurrence_id', '=', 'o.id').on('v.role', '=', 'victim').on('v.removed_in_error_at', 'is', null))
    .leftJoin('parties as s', (j) => j.onRef('s.occurrence_id', '=', 'o.id').on('s.role', '=', 'suspect').on('s.removed_in_error_at', 'is', null).onRef('s.person_id', '<>', 'v.person_id'))
    .select(['v.person_id', sql<number>`count(distinct o.id)`.as('occurrences'), sql<number>`count(distinct s.person_id)`.as('suspects')])
    .where('o.received_at', '>=', w.since)
    .where('o.received_at', '<=', w.until);
  if (!w.includeRestricted) q = q.where('o.restricted', '=', 0);
  const rows = await q
    .groupBy('v.person_id')
    .having(sql<SqlBool>`count(distinct o.id) >= ${w.minOccurrences} or count(distinct s.person_id) >= ${w.minSuspects}`)
    .execute();
  return rows.map((r) => ({ personId: r.person_id, occurrenceCount: num(r.occurrences), suspectCount: num(r.suspects) }));
}

// ---- escalation (DI-01, ID-05) -------------------------------------------------------------

export interface CoursePairRow {
  victimId: string;
  suspectId: string;
  recentIncidents: number;
  priorIncidents: number;
  recentMaxSeverity: number;
  priorMaxSeverity: number;
}

/** The policy's severity of an incident, as SQL (built from the policy's own lists of acts and channels). */
function severitySql(): Expression<number> {
  const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`));
  return sql<number>`case when i.act_type in (${list(threatActTypes)}) then ${sql.lit(severityLevels.threats)} when i.channel in (${list(inPersonChannels)}) then ${sql.lit(severityLevels.in_person)} else ${sql.lit(severityLevels.remote)} end`;
}

/**
 * ID-05: every course of conduct (a victim and a suspect who are parties to the same occurrences)
 * with incidents after `priorSince`, counted in the prior period (up to `recentSince`) and the
 * recent one (after it, up to `until`), with the most serious incident of each. Without `pairs`,
 * only courses whose rate or severity rises; with `pairs`, exactly those courses' counts.
 */
export async function coursesOfConductWithIncidents(
  db: Db,
  w: { priorSince: string; recentSince: string; until: string; includeRestricted: boolean; minRecent: number; pairs?: { victimId: string; suspectId: string }[] },
): Promise<CoursePairRow[]> {
  if (w.pairs && !w.pairs.length) return [];
  const recent = sql<SqlBool>`i.occurred_at > ${w.recentSince}`;
  const sev = severitySql();
  const recentCount = sql<number>`sum(case when ${recent} then 1 else 0 end)`;
  const priorCount = sql<number>`sum(case when ${recent} then 0 else 1 end)`;
  const recentMax = sql<number>`coalesce(max(case when ${recent} then ${sev} end), 0)`;
  const priorMax = sql<number>`coalesce(max(case when ${recent} then null else ${sev} end), 0)`;
  let q = db
    .selectFrom('incidents as i')
    .innerJoin('occurrences as o', 'o.id', 'i.occurrence_id')
    .innerJoin('parties as v', (j) => j.onRef('v.occurrence_id', '=', 'i.occurrence_id').on('v.role', '=', 'victim').on('v.removed_in_error_at', 'is', null))
    .innerJoin('parties as s', (j) => j.onRef('s.occurrence_id', '=', 'i.occurrence_id').on('s.role', '=', 'suspect').on('s.removed_in_error_at', 'is', null))
    .select(['v.person_id as victim_id', 's.person_id as suspect_id', recentCount.as('recent'), priorCount.as('prior'), recentMax.as('recent_max'), priorMax.as('prior_max')])
    .where('i.occurred_at', '>', w.priorSince)
    .where('i.occurred_at', '<=', w.until)
    .whereRef('v.person_id', '<>', 's.person_id');
  if (!w.includeRestricted) q = q.where('o.restricted', '=', 0);
  if (w.pairs) {
    q = q.where('v.person_id', 'in', [...new Set(w.pairs.map((p) => p.victimId))]).where('s.person_id', 'in', [...new Set(w.pairs.map((p) => p.suspectId))]);
  }
  let grouped = q.groupBy(['v.person_id', 's.person_id']);
  if (!w.pairs) {
    grouped = grouped.having(
      sql<SqlBool>`(${recentCount} > ${priorCount} and ${recentCount} >= ${w.minRecent}) or (${priorCount} > 0 and ${recentMax} > ${priorMax} and ${recentMax} >= ${sql.lit(severityLevels.in_person)})`,
    );
  }
  const rows = await grouped.execute();
  const wanted = w.pairs ? new Set(w.pairs.map((p) => `${p.victimId}|${p.suspectId}`)) : undefined;
  return rows
    .filter((r) => !wanted || wanted.has(`${r.victim_id}|${r.suspect_id}`))
    .map((r) => ({
      victimId: r.victim_id,
      suspectId: r.suspect_id,
      recentIncidents: num(r.recent),
      priorIncidents: num(r.prior),
      recentMaxSeverity: num(r.recent_max),
      priorMaxSeverity: num(r.prior_max),
    }));
}

/** BR-03: breaches of an order reported in the window, by course of conduct (the original crime's victim and the order's respondent). */
export async function breachesByCourse(db: Db, w: Window): Promise<{ victimId: string; suspectId: string; breaches: number }[]> {
  let q = db
    .selectFrom('occurrences as b')
    .innerJoin('spo_cases as sc', 'sc.id', 'b.breach_of_spo_id')
    .innerJoin('occurrences as parent', 'parent.id', 'sc.occurrence_id')
    .innerJoin('parties as v', (j) => j.onRef('v.occurrence_id', '=', 'parent.id').on('v.role', '=', 'victim').on('v.removed_in_error_at', 'is', null))
    .select(['v.person_id as victim_id', 'sc.respondent_person_id as suspect_id', sql<number>`count(distinct b.id)`.as('breaches')])
    .where('b.breach_of_spo_id', 'is not', null)
    .where('b.received_at', '>', w.since)
    .where('b.received_at', '<=', w.until)
    .whereRef('v.person_id', '<>', 'sc.respondent_person_id');
  if (!w.includeRestricted) q = q.where('b.restricted', '=', 0).where('parent.restricted', '=', 0);
  const rows = await q.groupBy(['v.person_id', 'sc.respondent_person_id']).execute();
  return rows.map((r) => ({ victimId: r.victim_id, suspectId: r.suspect_id, breaches: num(r.breaches) }));
}

// ---- breaches (BR-01) and notify-if flag hits (FL-01) --------------------------------------

export interface BreachRow {
  occurrenceId: string;
  reference: string;
  receivedAt: string;
  spoId: string;
  orderType: string | null;
  respondentId: string;
  orderOccurrenceId: string;
  orderReference: string;
}

/** Every breach of a Stalking Protection Order (a crime record of its own, BR-01) reported in the window. */
export async function recentBreaches(db: Db, w: Window): Promise<BreachRow[]> {
  let q = db
    .selectFrom('occurrences as b')
    .innerJoin('spo_cases as sc', 'sc.id', 'b.breach_of_spo_id')
    .innerJoin('occurrences as parent', 'parent.id', 'sc.occurrence_id')
    .select(['b.id', 'b.reference', 'b.received_at', 'sc.id as spo_id', 'sc.order_type', 'sc.respondent_person_id', 'parent.id as parent_id', 'parent.reference as parent_reference'])
    .where('b.breach_of_spo_id', 'is not', null)
    .where('b.received_at', '>=', w.since)
    .where('b.received_at', '<=', w.until);
  if (!w.includeRestricted) q = q.where('b.restricted', '=', 0).where('parent.restricted', '=', 0);
  const rows = await q.orderBy('b.received_at', 'desc').orderBy('b.id').execute();
  return rows.map((r) => ({
    occurrenceId: r.id,
    reference: r.reference,
    receivedAt: r.received_at,
    spoId: r.spo_id,
    orderType: r.order_type,
    respondentId: r.respondent_person_id,
    orderOccurrenceId: r.parent_id,
    orderReference: r.parent_reference,
  }));
}

export interface FlagHitRow {
  flagId: string;
  personId: string;
  notify: string;
  startsOn: string;
  expiresOn: string;
  flagOccurrenceId: string | null;
  role: string;
  occurrenceId: string;
  reference: string;
  receivedAt: string;
}

/** People with an active notify-if flag who are parties to occurrences received in the window. */
export async function flagHitCandidates(db: Db, w: Window): Promise<FlagHitRow[]> {
  let q = db
    .selectFrom('occurrences as o')
    .innerJoin('parties as p', (j) => j.onRef('p.occurrence_id', '=', 'o.id').on('p.removed_in_error_at', 'is', null))
    .innerJoin('person_flags as f', (j) => j.onRef('f.person_id', '=', 'p.person_id').on('f.status', '=', 'active'))
    .select(['f.id as flag_id', 'f.person_id', 'f.notify', 'f.starts_on', 'f.expires_on', 'f.occurrence_id as flag_occurrence_id', 'p.role', 'o.id', 'o.reference', 'o.received_at'])
    .where('o.received_at', '>=', w.since)
    .where('o.received_at', '<=', w.until);
  if (!w.includeRestricted) q = q.where('o.restricted', '=', 0);
  const rows = await q.orderBy('o.received_at', 'desc').orderBy('o.id').execute();
  return rows.map((r) => ({
    flagId: r.flag_id,
    personId: r.person_id,
    notify: r.notify,
    startsOn: r.starts_on,
    expiresOn: r.expires_on,
    flagOccurrenceId: r.flag_occurrence_id,
    role: r.role,
    occurrenceId: r.id,
    reference: r.reference,
    receivedAt: r.received_at,
  }));
}

// ---- details of the rows shown -------------------------------------------------------------

export interface PersonLite {
  id: string;
  name: string;
  dateOfBirth: string | null;
}

export async function peopleByIds(db: Db, ids: string[]): Promise<Map<string, PersonLite>> {
  const out = new Map<string, PersonLite>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('people').select(['id', 'forenames', 'surname', 'description', 'date_of_birth']).where('id', 'in', unique.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id, { id: r.id, name: personName(r), dateOfBirth: r.date_of_birth });
  }
  return out;
}

export interface PartyOccurrence {
  personId: string;
  role: string;
  occurrenceId: string;
  reference: string;
  receivedAt: string;
  offence: string | null;
  restricted: boolean;
}

/** The occurrences in which these people have this role, received in the window, newest first. */
export async function occurrencesOfPeopleInWindow(db: Db, personIds: string[], role: string | null, w: Window): Promise<PartyOccurrence[]> {
  if (!personIds.length) return [];
  let q = db
    .selectFrom('parties as p')
    .innerJoin('occurrences as o', 'o.id', 'p.occurrence_id')
    .select(['p.person_id', 'p.role', 'o.id', 'o.reference', 'o.received_at', 'o.offence', 'o.restricted'])
    .where('p.person_id', 'in', [...new Set(personIds)])
    .where('p.removed_in_error_at', 'is', null)
    .where('o.received_at', '>=', w.since)
    .where('o.received_at', '<=', w.until);
  if (role) q = q.where('p.role', '=', role);
  if (!w.includeRestricted) q = q.where('o.restricted', '=', 0);
  const rows = await q.orderBy('o.received_at', 'desc').orderBy('o.id').execute();
  return rows.map((r) => ({ personId: r.person_id, role: r.role, occurrenceId: r.id, reference: r.reference, receivedAt: r.received_at, offence: r.offence ?? null, restricted: num(r.restricted) === 1 }));
}

/** The parties of these occurrences (who else was involved), with names. */
export async function partiesOfOccurrences(db: Db, occurrenceIds: string[]): Promise<{ occurrenceId: string; personId: string; role: string; name: string }[]> {
  const unique = [...new Set(occurrenceIds)];
  const out: { occurrenceId: string; personId: string; role: string; name: string }[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('parties as p')
      .innerJoin('people', 'people.id', 'p.person_id')
      .select(['p.occurrence_id', 'p.person_id', 'p.role', 'people.forenames', 'people.surname', 'people.description'])
      .where('p.occurrence_id', 'in', unique.slice(i, i + 500))
      .where('p.removed_in_error_at', 'is', null)
      .orderBy('p.created_at')
      .execute();
    for (const r of rows) out.push({ occurrenceId: r.occurrence_id, personId: r.person_id, role: r.role, name: personName(r) });
  }
  return out;
}

/** The most advanced status of PDP and MAPPA referrals on these occurrences ('made' wins). */
export async function pdpAndMappaReferrals(db: Db, occurrenceIds: string[]): Promise<{ occurrenceId: string; kind: string; status: string }[]> {
  if (!occurrenceIds.length) return [];
  const rows = await db.selectFrom('referrals').select(['occurrence_id', 'kind', 'status']).where('occurrence_id', 'in', [...new Set(occurrenceIds)]).where('kind', 'in', ['pdp', 'mappa']).execute();
  return rows.map((r) => ({ occurrenceId: r.occurrence_id, kind: r.kind, status: r.status }));
}

export interface OrderLite {
  id: string;
  respondentId: string;
  occurrenceId: string;
  reference: string;
  status: string;
  orderType: string | null;
  grantedOn: string | null;
  expiresOn: string | null;
  restricted: boolean;
}

/** Stalking Protection Order cases whose respondent is one of these people. */
export async function ordersOfPeople(db: Db, personIds: string[], includeRestricted: boolean): Promise<OrderLite[]> {
  if (!personIds.length) return [];
  let q = db
    .selectFrom('spo_cases as sc')
    .innerJoin('occurrences as o', 'o.id', 'sc.occurrence_id')
    .select(['sc.id', 'sc.respondent_person_id', 'sc.occurrence_id', 'o.reference', 'sc.status', 'sc.order_type', 'sc.granted_on', 'sc.expires_on', 'o.restricted'])
    .where('sc.respondent_person_id', 'in', [...new Set(personIds)]);
  if (!includeRestricted) q = q.where('o.restricted', '=', 0);
  const rows = await q.orderBy('sc.created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    respondentId: r.respondent_person_id,
    occurrenceId: r.occurrence_id,
    reference: r.reference,
    status: r.status,
    orderType: r.order_type,
    grantedOn: r.granted_on,
    expiresOn: r.expires_on,
    restricted: num(r.restricted) === 1,
  }));
}

/** Breaches (each its own occurrence, BR-01) of these orders. */
export async function breachesOfOrders(db: Db, spoIds: string[], includeRestricted: boolean): Promise<{ spoId: string; occurrenceId: string; reference: string; receivedAt: string }[]> {
  if (!spoIds.length) return [];
  let q = db.selectFrom('occurrences').select(['id', 'reference', 'received_at', 'breach_of_spo_id']).where('breach_of_spo_id', 'in', [...new Set(spoIds)]);
  if (!includeRestricted) q = q.where('restricted', '=', 0);
  const rows = await q.orderBy('received_at', 'desc').execute();
  return rows.map((r) => ({ spoId: r.breach_of_spo_id!, occurrenceId: r.id, reference: r.reference, receivedAt: r.received_at }));
}

/** Every occurrence a person is a party to, newest first, at most `limit`. */
export async function occurrencesOfPerson(db: Db, personId: string, includeRestricted: boolean, limit: number): Promise<PartyOccurrence[]> {
  let q = db
    .selectFrom('parties as p')
    .innerJoin('occurrences as o', 'o.id', 'p.occurrence_id')
    .select(['p.person_id', 'p.role', 'o.id', 'o.reference', 'o.received_at', 'o.offence', 'o.restricted'])
    .where('p.person_id', '=', personId)
    .where('p.removed_in_error_at', 'is', null);
  if (!includeRestricted) q = q.where('o.restricted', '=', 0);
  const rows = await q.orderBy('o.received_at', 'desc').orderBy('o.id').limit(limit).execute();
  return rows.map((r) => ({ personId: r.person_id, role: r.role, occurrenceId: r.id, reference: r.reference, receivedAt: r.received_at, offence: r.offence ?? null, restricted: num(r.restricted) === 1 }));
}

// ---- DI-02: communications -------------------------------------------------------------------

export interface ThreatCommunicationRecord {
  id: string;
  threatKey: string;
  threatKind: string;
  personId: string | null;
  occurrenceIds: string[];
  summary: string;
  district: string;
  sltRecipient: string;
  scuRecipient: string;
  method: string;
  communicatedAt: string;
  message: string;
  requirements: string[];
  recordedBy: string;
  recordedByName: string | null;
  recordedAt: string;
}

export async function insertThreatCommunication(trx: Db, row: Database['threat_communications']): Promise<void> {
  await trx.insertInto('threat_communications').values(row).execute();
}

function toCommunication(r: Database['threat_communications'] & { display_name?: string | null }): ThreatCommunicationRecord {
  return {
    id: r.id,
    threatKey: r.threat_key,
    threatKind: r.threat_kind,
    personId: r.person_id,
    occurrenceIds: JSON.parse(r.occurrence_ids) as string[],
    summary: r.summary,
    district: r.district,
    sltRecipient: r.slt_recipient,
    scuRecipient: r.scu_recipient,
    method: r.method,
    communicatedAt: r.communicated_at,
    message: r.message,
    requirements: JSON.parse(r.requirements) as string[],
    recordedBy: r.recorded_by,
    recordedByName: r.display_name ?? null,
    recordedAt: r.recorded_at,
  };
}

/** The communications recorded for these threats, newest first. */
export async function communicationsOfThreats(db: Db, keys: string[]): Promise<ThreatCommunicationRecord[]> {
  const unique = [...new Set(keys)];
  const out: ThreatCommunicationRecord[] = [];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('threat_communications as c')
      .leftJoin('users', 'users.id', 'c.recorded_by')
      .selectAll('c')
      .select('users.display_name')
      .where('c.threat_key', 'in', unique.slice(i, i + 500))
      .orderBy('c.communicated_at', 'desc')
      .execute();
    out.push(...rows.map(toCommunication));
  }
  return out;
}

/** The communications about a person, newest first. */
export async function communicationsAboutPerson(db: Db, personId: string, limit = 50): Promise<ThreatCommunicationRecord[]> {
  const rows = await db
    .selectFrom('threat_communications as c')
    .leftJoin('users', 'users.id', 'c.recorded_by')
    .selectAll('c')
    .select('users.display_name')
    .where('c.person_id', '=', personId)
    .orderBy('c.communicated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toCommunication);
}

export async function findThreatCommunication(db: Db, id: string): Promise<ThreatCommunicationRecord | undefined> {
  const r = await db.selectFrom('threat_communications as c').leftJoin('users', 'users.id', 'c.recorded_by').selectAll('c').select('users.display_name').where('c.id', '=', id).executeTakeFirst();
  return r ? toCommunication(r) : undefined;
}

/** An occurrence's own facts needed to check a threat that names it. */
export async function occurrenceFacts(db: Db, id: string) {
  return db.selectFrom('occurrences').select(['id', 'reference', 'restricted', 'received_at', 'breach_of_spo_id', 'parent_occurrence_id', 'district']).where('id', '=', id).executeTakeFirst();
}

export async function flagById(db: Db, id: string) {
  return db.selectFrom('person_flags').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Occurrences in which both people are parties, the first as victim and the second as suspect (the course of conduct, ID-05). */
export async function courseOccurrences(db: Db, victimId: string, suspectId: string, includeRestricted: boolean, limit = 100): Promise<PartyOccurrence[]> {
  let q = db
    .selectFrom('parties as v')
    .innerJoin('parties as s', (j) => j.onRef('s.occurrence_id', '=', 'v.occurrence_id').on('s.role', '=', 'suspect').on('s.removed_in_error_at', 'is', null).on('s.person_id', '=', suspectId))
    .innerJoin('occurrences as o', 'o.id', 'v.occurrence_id')
    .select(['v.person_id', 'v.role', 'o.id', 'o.reference', 'o.received_at', 'o.offence', 'o.restricted'])
    .where('v.person_id', '=', victimId)
    .where('v.role', '=', 'victim')
    .where('v.removed_in_error_at', 'is', null);
  if (!includeRestricted) q = q.where('o.restricted', '=', 0);
  const rows = await q.orderBy('o.received_at', 'desc').orderBy('o.id').limit(limit).execute();
  return rows.map((r) => ({ personId: r.person_id, role: r.role, occurrenceId: r.id, reference: r.reference, receivedAt: r.received_at, offence: r.offence ?? null, restricted: num(r.restricted) === 1 }));
}

/** The incidents of these occurrences after a time, oldest first (the escalation timeline). */
export async function incidentsSince(db: Db, occurrenceIds: string[], since: string): Promise<{ occurrenceId: string; occurredAt: string; actType: string; channel: string }[]> {
  if (!occurrenceIds.length) return [];
  const rows = await db
    .selectFrom('incidents')
    .select(['occurrence_id', 'occurred_at', 'act_type', 'channel'])
    .where('occurrence_id', 'in', [...new Set(occurrenceIds)])
    .where('occurred_at', '>', since)
    .orderBy('occurred_at')
    .execute();
  return rows.map((r) => ({ occurrenceId: r.occurrence_id, occurredAt: r.occurred_at, actType: r.act_type, channel: r.channel }));
}

export interface FlagLite {
  id: string;
  personId: string;
  occurrenceId: string | null;
  notify: string;
  startsOn: string;
  expiresOn: string;
  status: string;
}

/** Active notify-if flags on these people (a flag set on a restricted occurrence only for those entitled). */
export async function activeFlagsOfPeople(db: Db, personIds: string[], includeRestricted: boolean): Promise<FlagLite[]> {
  if (!personIds.length) return [];
  let q = db
    .selectFrom('person_flags as f')
    .leftJoin('occurrences as o', 'o.id', 'f.occurrence_id')
    .select(['f.id', 'f.person_id', 'f.occurrence_id', 'f.notify', 'f.starts_on', 'f.expires_on', 'f.status'])
    .where('f.person_id', 'in', [...new Set(personIds)])
    .where('f.status', '=', 'active');
  if (!includeRestricted) q = q.where((eb) => eb.or([eb('o.restricted', 'is', null), eb('o.restricted', '=', 0)]));
  const rows = await q.orderBy('f.expires_on').execute();
  return rows.map((r) => ({ id: r.id, personId: r.person_id, occurrenceId: r.occurrence_id, notify: r.notify, startsOn: r.starts_on, expiresOn: r.expires_on, status: r.status }));
}

export async function spoCaseFacts(db: Db, id: string) {
  return db.selectFrom('spo_cases').select(['id', 'respondent_person_id', 'occurrence_id', 'status', 'order_type']).where('id', '=', id).executeTakeFirst();
}
