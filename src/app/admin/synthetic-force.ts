/**
 * A synthetic force: users, occurrences over seven years and their occurrence log, written
 * through the real repositories so the data is what Conduct itself would have written. The same
 * seed, clock and size give identical rows, ids included: every choice comes from seeded
 * generators, never from Math.random, randomUUID or the wall clock.
 *
 * Other record types are added one SyntheticRecordType each (see `syntheticRecordTypes`), so
 * the force grows with the product.
 */
import { createHash } from 'node:crypto';
import { en_GB, fakerEN_GB as faker } from '@faker-js/faker';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { Actor } from '../../domain/actor';
import { systemActor } from '../../domain/actor';
import type { Rank, Role } from '../../domain/roles';
import {
  districtNames,
  districts,
  formatReference,
  type CallGrade,
  type District,
  type OccurrenceStatus,
  type ReportChannel,
} from '../../domain/occurrence';
import { can } from '../../auth/permissions';
import { hashPassword } from '../../auth/passwords';
import { appendLogEntries, type FieldChange, type LogEntryInput } from '../../store/repositories/log';
import { countOccurrences, hasOccurrences, insertOccurrences, reserveReferenceSequences } from '../../store/repositories/occurrences';
import { findUserByUsername, insertUser } from '../../store/repositories/users';
import { bulkLoadMode, refreshPlannerStatistics } from '../../store/repositories/maintenance';
import { ConflictError } from '../errors';
import type { AppDeps } from '../context';
import * as words from './synthetic-text';
import { syntheticCases, type PlantedThreats, type SyntheticCases, type SyntheticCasesContext } from './synthetic-cases';

// ---------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------

/** sfc32: small, fast and seedable. Each named stream is independent of the others. */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream: string) {
    const h = createHash('sha256').update(`${seed}:${stream}`).digest();
    this.a = h.readUInt32LE(0);
    this.b = h.readUInt32LE(4);
    this.c = h.readUInt32LE(8);
    this.d = h.readUInt32LE(12);
    for (let i = 0; i < 12; i++) this.next();
  }

  /** A 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** In [0, 1). */
  float(): number {
    return this.next() / 4294967296;
  }

  /** A whole number from min to max inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.float() * list.length)] as T;
  }

  /** A version-4-shaped UUID made from this stream. */
  uuid(): string {
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const a = hex(this.next());
    const b = hex((this.next() & 0xffff0fff) | 0x4000);
    const c = hex((this.next() & 0x3fffffff) | 0x80000000);
    const d = hex(this.next());
    return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
  }
}

/** A weighted choice, prepared once. */
function weighted<T>(table: readonly (readonly [T, number])[]): (r: Prng) => T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  const cumulative = table.map(([, w], i) => table.slice(0, i + 1).reduce((s, [, x]) => s + x, 0) / total);
  return (r) => {
    const u = r.float();
    for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return table[i]![0];
    return table[table.length - 1]![0];
  };
}

// ---------------------------------------------------------------------------------------------
// The force's people
// ---------------------------------------------------------------------------------------------

/** Roles that work in a district: one user each per district. */
const districtRoles: { role: Role; rank: Rank; title: string; stem: string; unit: (d: string) => string }[] = [
  { role: 'call_handler', rank: 'STAFF', title: '', stem: 'call.handler', unit: (d) => `Customer Contact Centre (${d})` },
  { role: 'attending_officer', rank: 'PC', title: 'PC', stem: 'attending.officer', unit: (d) => `${d} Patrol` },
  { role: 'triaging_supervisor', rank: 'DS', title: 'DS', stem: 'triage.ds', unit: (d) => `${d} Safeguarding DA Team` },
  { role: 'supervisory_officer', rank: 'PS', title: 'PS', stem: 'supervisor', unit: (d) => `${d} Patrol` },
  { role: 'investigating_officer', rank: 'DC', title: 'DC', stem: 'investigator', unit: (d) => `${d} Safeguarding DA Team` },
  { role: 'diu_analyst', rank: 'STAFF', title: '', stem: 'diu.analyst', unit: (d) => `${d} District Intelligence Unit` },
  { role: 'authorising_superintendent', rank: 'SUPT', title: 'Supt', stem: 'superintendent', unit: (d) => `${d} District Command` },
  { role: 'da_offender_manager', rank: 'DC', title: 'DC', stem: 'offender.manager', unit: (d) => `${d} DA Offender Management Unit` },
  { role: 'offender_manager_supervisor', rank: 'DS', title: 'DS', stem: 'om.supervisor', unit: (d) => `${d} DA Offender Management Unit` },
  { role: 'duty_inspector', rank: 'INSP', title: 'Insp', stem: 'duty.inspector', unit: (d) => `${d} Patrol` },
];

/** Force-wide roles: one user each. */
const forceRoles: { role: Role; rank: Rank; title: string; stem: string; unit: string }[] = [
  { role: 'scu_officer', rank: 'DS', title: 'DS', stem: 'scu.officer', unit: 'Stalking Coordination Unit' },
  { role: 'legal_services', rank: 'STAFF', title: '', stem: 'legal', unit: 'Legal Services' },
  { role: 'detective_superintendent_safeguarding', rank: 'SUPT', title: 'Det Supt', stem: 'det.supt', unit: 'Safeguarding Central Governance Unit' },
  { role: 'auditor', rank: 'STAFF', title: '', stem: 'auditor', unit: 'Professional Standards Audit' },
  { role: 'administrator', rank: 'STAFF', title: '', stem: 'admin', unit: 'Digital Policing' },
];

/** Usernames of the synthetic force: `investigator.leeds`, `scu.officer.force`, ... */
export function syntheticUsername(stem: string, district: District | null): string {
  return `${stem}.${district ?? 'force'}`;
}

export interface SyntheticUsers {
  byDistrict: Record<District, Partial<Record<Role, Actor>>>;
  force: Partial<Record<Role, Actor>>;
  created: number;
  existing: number;
}

// ---------------------------------------------------------------------------------------------
// The extension point: one record type per thing Conduct records
// ---------------------------------------------------------------------------------------------

type OccurrenceRow = Database['occurrences'];

/** One occurrence as it is generated: its row, the users around it, and its log. */
export interface OccurrenceStory {
  readonly occurrence: OccurrenceRow;
  readonly district: District;
  /** The district's user in a role, or the force-wide one. */
  user(role: Role): Actor;
  /** Adds an occurrence-log entry at its time (ISO). Entries are written in time order across the force. */
  log(entry: Omit<LogEntryInput, 'id'>): void;
  /** The generation clock: nothing may happen after it. */
  readonly now: number;
  /** When the report was received and recorded (ms). */
  readonly received: number;
  readonly created: number;
  /** Who recorded the report. */
  readonly creator: Actor;
  /** Each status the occurrence reached, in order, and when (ms); 'reported' first. */
  readonly timeline: readonly { status: OccurrenceStatus; at: number }[];
  /** What the first account says about the people: the victim's and suspect's sex, and who the suspect is. */
  readonly account: FirstAccountFacts;
  /**
   * Records a change to the occurrence made at time t by a later step (classification, DASH...):
   * the row's version and updated time follow, as changeOccurrence would leave them.
   */
  touch(t: number): void;
}

export interface FirstAccountFacts {
  victimFemale: boolean;
  suspectMale: boolean;
  suspectKind: 'exPartner' | 'acquaintance' | 'family' | 'stranger';
}

/**
 * A record type filled alongside each occurrence (people and parties, incidents, DASH, tasks,
 * SPOs, flags...). `forOccurrence` builds its rows for one occurrence (called in time order;
 * use `random` for every choice so the force stays repeatable) and adds the log entries the real
 * use case would write; `write` writes the rows built since its last call through the record
 * type's own repository, in the batch's transaction (after the occurrences, before the log), and
 * returns how many it wrote.
 */
export interface SyntheticRecordType {
  readonly name: string;
  forOccurrence(story: OccurrenceStory, random: Prng): void;
  write(trx: Kysely<Database>): Promise<number>;
}

/** The record types the synthetic force fills, besides users, occurrences and the log (synthetic-cases.ts). */
export function syntheticRecordTypes(context: SyntheticCasesContext): SyntheticCases {
  return syntheticCases(context);
}

/** Records the synthetic force does not fill yet: each becomes a SyntheticRecordType, written through its own repository. */
export const recordTypesNotYetGenerated: readonly string[] = [];

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

export interface SyntheticForceOptions {
  occurrences: number;
  seed: number;
  /** The generation clock: occurrences cover the seven years before it. */
  now: Date;
  /** Add to a database that already holds occurrences. */
  append?: boolean;
  /** Every generated user's password. */
  password: string;
  /** Occurrences per transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SyntheticForceReport {
  seed: number;
  now: string;
  from: string;
  users: { created: number; existing: number };
  occurrences: number;
  restricted: number;
  byStatus: Record<string, number>;
  searchTerms: number;
  logEntries: number;
  recordTypes: { name: string; rows: number }[];
  notYetGenerated: readonly string[];
  usernames: string[];
  /** The emerging-threat patterns planted in the last year (DI-01), for the analysts' detection rules to find. */
  planted: PlantedThreats;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const YEARS = 7;

const pickDistrict = weighted<District>([
  ['leeds', 34],
  ['bradford', 24],
  ['kirklees', 19],
  ['wakefield', 15],
  ['calderdale', 9],
]);
const pickChannel = weighted<ReportChannel>([
  ['999', 14],
  ['101', 44],
  ['online', 26],
  ['in_person', 9],
  ['third_party', 7],
]);
const gradeFor: Record<ReportChannel, (r: Prng) => CallGrade> = {
  '999': weighted([
    ['emergency', 65],
    ['priority', 35],
  ]),
  '101': weighted([
    ['priority', 35],
    ['scheduled', 50],
    ['resolve_without_deployment', 15],
  ]),
  online: weighted([
    ['priority', 10],
    ['scheduled', 55],
    ['resolve_without_deployment', 35],
  ]),
  in_person: weighted([
    ['priority', 30],
    ['scheduled', 70],
  ]),
  third_party: weighted([
    ['priority', 25],
    ['scheduled', 60],
    ['resolve_without_deployment', 15],
  ]),
};
/** Reports come in more in the evening. Hour of day (UTC) weights. */
const pickHour = weighted<number>(
  [1, 1, 0.5, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 3.5, 3.5, 3.5, 3.5, 4, 4.5, 5, 5.5, 5.5, 5, 4, 3, 2].map((w, h) => [h, w] as const),
);
const pickReads = weighted<number>([
  [0, 30],
  [1, 35],
  [2, 20],
  [3, 10],
  [5, 5],
]);
const pickSuspectKind = weighted<keyof typeof words.suspects>([
  ['exPartner', 55],
  ['acquaintance', 28],
  ['family', 7],
  ['stranger', 10],
]);

/** How each status is reached: who does it, how long after the step before, and why. */
const steps: { to: OccurrenceStatus; role: Role; after: (r: Prng) => number; reason: string; requirements: string[] }[] = [
  { to: 'recorded', role: 'attending_officer', after: (r) => 10 * MINUTE + r.float() * 20 * HOUR, reason: 'Crime recorded (NCRS)', requirements: ['ID-07', 'CS-07', 'XC-03'] },
  { to: 'triaged', role: 'triaging_supervisor', after: (r) => HOUR + r.float() * 72 * HOUR, reason: 'Triaged for allocation', requirements: ['TS-01', 'TS-02', 'XC-03'] },
  { to: 'allocated', role: 'triaging_supervisor', after: (r) => HOUR + r.float() * 5 * DAY, reason: 'Allocated for investigation', requirements: ['TS-01', 'AL-01', 'XC-03'] },
  { to: 'under_investigation', role: 'investigating_officer', after: (r) => 2 * HOUR + r.float() * 4 * DAY, reason: 'Investigation started', requirements: ['SV-01', 'XC-03'] },
  { to: 'finalised', role: 'triaging_supervisor', after: (r) => 14 * DAY + r.float() ** 2 * 256 * DAY, reason: 'Finalised', requirements: ['TS-03', 'XC-03'] },
];

/** Fills the database with a synthetic force. Refuses a database that already holds occurrences unless `append`. */
export async function generateSyntheticForce(deps: AppDeps, options: SyntheticForceOptions): Promise<SyntheticForceReport> {
  const db = deps.store.db;
  const existingOccurrences = options.append ? await countOccurrences(db) : 0;
  if (!options.append && (await hasOccurrences(db))) {
    throw new ConflictError('The database already holds occurrences: generate fills an empty database (add --append to add to this one)');
  }
  await bulkLoadMode(db, deps.store.kind, true);
  try {
    return await generate(deps, options, existingOccurrences);
  } finally {
    await bulkLoadMode(db, deps.store.kind, false);
  }
}

async function generate(deps: AppDeps, options: SyntheticForceOptions, existingOccurrences: number): Promise<SyntheticForceReport> {
  const db = deps.store.db;
  const now = options.now.getTime();
  const start = now - YEARS * 365.25 * DAY;
  // Appending continues with fresh ids: the streams depend on what is already there.
  const streamSeed = existingOccurrences === 0 ? options.seed : options.seed * 1_000_003 + existingOccurrences;
  const ids = new Prng(streamSeed, 'ids');
  const random = new Prng(streamSeed, 'facts');
  faker.seed(streamSeed);

  const users = await ensureUsers(deps, options, new Prng(options.seed, 'users'), new Date(start - DAY).toISOString());
  const cases = syntheticRecordTypes({ seed: streamSeed, now, users, occurrences: options.occurrences });
  const recordTypes = cases.recordTypes;
  const recordTypeRandom = recordTypes.map((t) => new Prng(streamSeed, `record-type:${t.name}`));

  const times = receivedTimes(options.occurrences, start, now, new Prng(streamSeed, 'times'));
  const pending = new EventQueue();
  const report: SyntheticForceReport = {
    seed: options.seed,
    now: options.now.toISOString(),
    from: new Date(start).toISOString(),
    users: { created: users.created, existing: users.existing },
    occurrences: 0,
    restricted: 0,
    byStatus: {},
    searchTerms: 0,
    logEntries: users.created,
    recordTypes: recordTypes.map((t) => ({ name: t.name, rows: 0 })),
    notYetGenerated: recordTypesNotYetGenerated,
    usernames: users.usernames,
    planted: cases.planted,
  };
  const batchSize = options.batchSize ?? 1000;
  options.onProgress?.(0, options.occurrences);

  for (let from = 0; from < options.occurrences; from += batchSize) {
    const to = Math.min(options.occurrences, from + batchSize);
    const rows: OccurrenceRow[] = [];
    const reported: FieldChange[] = [];
    for (let i = from; i < to; i++) {
      const built = buildOccurrence(times[i]!, now, random, ids, users, pending);
      rows.push(built.row);
      reported.push(built.referenceChange);
      report.byStatus[built.row.status] = (report.byStatus[built.row.status] ?? 0) + 1;
      if (built.row.restricted) report.restricted += 1;
      const story = storyOf(built, now, users, ids, pending);
      recordTypes.forEach((t, k) => t.forOccurrence(story, recordTypeRandom[k]!));
    }
    // Nothing generated later happens before this batch's last report was received.
    const horizon = to < options.occurrences ? times[to - 1]! : Number.POSITIVE_INFINITY;
    const entries = pending.popUntil(horizon);
    await db.transaction().execute(async (trx) => {
      await assignReferences(trx, rows, reported);
      report.searchTerms += await insertOccurrences(trx, rows);
      for (const [k, t] of recordTypes.entries()) report.recordTypes[k]!.rows += await t.write(trx);
      report.logEntries += await appendLogEntries(trx, entries);
    });
    report.occurrences = to;
    options.onProgress?.(to, options.occurrences);
  }
  await refreshPlannerStatistics(db, deps.store.kind);
  return report;
}

async function ensureUsers(deps: AppDeps, options: SyntheticForceOptions, random: Prng, createdAt: string): Promise<SyntheticUsers & { usernames: string[] }> {
  const db = deps.store.db;
  const wanted: { username: string; role: Role; rank: Rank; title: string; district: District | null; unit: string }[] = [];
  for (const d of districts) {
    for (const r of districtRoles) wanted.push({ username: syntheticUsername(r.stem, d), role: r.role, rank: r.rank, title: r.title, district: d, unit: r.unit(districtNames[d]) });
  }
  for (const r of forceRoles) wanted.push({ username: syntheticUsername(r.stem, null), role: r.role, rank: r.rank, title: r.title, district: null, unit: r.unit });

  // Names are drawn for every user, existing or not, so the streams never shift.
  const drafts = wanted.map((w) => {
    const name = personName(random.chance(0.5));
    return { ...w, id: random.uuid(), displayName: w.title ? `${w.title} ${name}` : name };
  });
  // They all have the one published password, so one hash (its salt drawn from the seed) serves them all:
  // a salt per user would protect nothing and cost a second of scrypt per 25 users.
  const salt = Buffer.alloc(16);
  for (let i = 0; i < 16; i += 4) salt.writeUInt32LE(random.next(), i);

  const result: SyntheticUsers & { usernames: string[] } = {
    byDistrict: Object.fromEntries(districts.map((d) => [d, {}])) as SyntheticUsers['byDistrict'],
    force: {},
    created: 0,
    existing: 0,
    usernames: wanted.map((w) => w.username),
  };
  const toCreate: (typeof drafts)[number][] = [];
  for (const draft of drafts) {
    const existing = await findUserByUsername(db, draft.username);
    const actor: Actor = existing ?? { id: draft.id, username: draft.username, displayName: draft.displayName, role: draft.role, rank: draft.rank, district: draft.district, unit: draft.unit };
    if (existing) result.existing += 1;
    else toCreate.push(draft);
    if (draft.district) result.byDistrict[draft.district][draft.role] = actor;
    else result.force[draft.role] = actor;
  }
  if (toCreate.length) {
    const passwordHash = await hashPassword(options.password, salt);
    await db.transaction().execute(async (trx) => {
      for (const d of toCreate) {
        await insertUser(trx, {
          id: d.id,
          username: d.username,
          display_name: d.displayName,
          role: d.role,
          rank: d.rank,
          district: d.district,
          unit: d.unit,
          password_hash: passwordHash,
          failed_sign_ins: 0,
          locked_until: null,
          active: 1,
          created_at: createdAt,
          version: 1,
        });
      }
      await appendLogEntries(
        trx,
        toCreate.map((d) => ({
          id: random.uuid(),
          actor: systemActor,
          kind: 'change' as const,
          subjectType: 'user',
          subjectId: d.id,
          action: 'user.added',
          at: createdAt,
          changes: [
            { field: 'username', before: null, after: d.username },
            { field: 'role', before: null, after: d.role },
            { field: 'rank', before: null, after: d.rank },
            { field: 'district', before: null, after: d.district },
            { field: 'unit', before: null, after: d.unit },
          ],
        })),
      );
    });
  }
  result.created = toCreate.length;
  return result;
}

/** When each report was received, oldest first: more each year (recorded stalking has grown), more in the evening. */
function receivedTimes(n: number, start: number, now: number, random: Prng): Float64Array {
  const span = now - start;
  const growth = 0.6; // the last year has 60% more reports than the first
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = random.float();
    const t = start + (span * (Math.sqrt(1 + 2 * growth * u * (1 + growth / 2)) - 1)) / growth;
    const day = Math.floor(t / DAY) * DAY;
    let at = day + pickHour(random) * HOUR + random.int(0, 59) * MINUTE + random.int(0, 59) * 1000;
    if (at >= now) at = now - random.int(1, 120) * MINUTE;
    if (at < start) at = start + random.int(0, 59) * MINUTE;
    times[i] = at;
  }
  return times.sort();
}

interface BuiltOccurrence {
  row: OccurrenceRow;
  received: number;
  created: number;
  creator: Actor;
  timeline: { status: OccurrenceStatus; at: number }[];
  account: FirstAccountFacts;
  /** The reference in the 'reported' entry: filled in when the batch's references are taken. */
  referenceChange: FieldChange;
}

function buildOccurrence(received: number, now: number, random: Prng, ids: Prng, users: SyntheticUsers, pending: EventQueue): BuiltOccurrence {
  const district = pickDistrict(random);
  const channel = pickChannel(random);
  const callGrade = gradeFor[channel](random);
  const delay = channel === 'online' ? 30 * MINUTE + random.float() * 30 * HOUR : channel === 'in_person' ? 10 * MINUTE + random.float() * 50 * MINUTE : MINUTE + random.float() * 19 * MINUTE;
  const created = Math.min(now, received + delay);
  const user = (role: Role) => users.byDistrict[district][role] ?? users.force[role]!;
  const creator = user(channel === 'in_person' ? 'attending_officer' : 'call_handler');
  const id = ids.uuid();
  const location = `${random.chance(0.4) ? `${random.int(1, 240)} ` : ''}${streetName()}, ${random.pick(words.localities[district])}`;
  const account = firstAccountText(random, district, channel);
  const firstAccount = account.text;
  const receivedAt = new Date(received).toISOString();
  const createdAt = new Date(created).toISOString();
  const referenceChange: FieldChange = { field: 'reference', before: null, after: null };

  const at = (t: number) => new Date(t).toISOString();
  const changeEntry = (t: number, actor: Actor, action: string, changes: FieldChange[], reason: string, requirements: string[]): LogEntryInput => ({
    id: ids.uuid(),
    actor,
    kind: 'change',
    subjectType: 'occurrence',
    subjectId: id,
    occurrenceId: id,
    action,
    at: at(t),
    changes,
    reason,
    requirements,
  });
  pending.push(
    created,
    changeEntry(
      created,
      creator,
      'occurrence.reported',
      [
        referenceChange,
        { field: 'receivedAt', before: null, after: receivedAt },
        { field: 'channel', before: null, after: channel },
        { field: 'callGrade', before: null, after: callGrade },
        { field: 'district', before: null, after: district },
        { field: 'location', before: null, after: location },
        { field: 'firstAccount', before: null, after: firstAccount },
        { field: 'status', before: null, after: 'reported' },
      ],
      'New report recorded',
      ['CS-01', 'CS-02', 'CS-07', 'XC-03'],
    ),
  );

  // The status it has reached by now: each step happens some time after the one before.
  let status = 'reported' as OccurrenceStatus;
  let updated = created;
  let version = 1;
  const timeline: { status: OccurrenceStatus; at: number }[] = [{ status: 'reported', at: created }];
  const advance = (t: number, to: OccurrenceStatus, role: Role, reason: string, requirements: string[]) => {
    timeline.push({ status: to, at: t });
    pending.push(t, changeEntry(t, user(role), 'occurrence.status_changed', [{ field: 'status', before: status, after: to }], reason, requirements));
    status = to;
    updated = t;
    version += 1;
  };
  let t = created;
  if (random.chance(0.97)) {
    for (const step of steps) {
      t += step.after(random);
      if (t >= now) break;
      advance(t, step.to, step.role, step.reason, step.requirements);
    }
    // A few finalised crimes are reopened on new evidence, investigated again and finalised again.
    if (status === 'finalised' && random.chance(0.02)) {
      const again = [
        { to: 'reopened' as const, role: 'investigating_officer' as const, after: 20 * DAY + random.float() * 160 * DAY, reason: 'Reopened on new evidence', requirements: ['XC-03'] },
        { to: 'under_investigation' as const, role: 'investigating_officer' as const, after: DAY + random.float() * 9 * DAY, reason: 'Investigation started', requirements: ['SV-01', 'XC-03'] },
        { to: 'finalised' as const, role: 'triaging_supervisor' as const, after: 30 * DAY + random.float() * 170 * DAY, reason: 'Finalised', requirements: ['TS-03', 'XC-03'] },
      ];
      for (const step of again) {
        t += step.after;
        if (t >= now) break;
        advance(t, step.to, step.role, step.reason, step.requirements);
      }
    }
  }

  // ID-08: a few involve a member of the force's workforce and are restricted soon after the report.
  let restricted = 0;
  const restrictedAt = created + HOUR + random.float() * 47 * HOUR;
  if (random.chance(0.006) && restrictedAt < now) {
    restricted = 1;
    pending.push(
      restrictedAt,
      changeEntry(
        restrictedAt,
        user('triaging_supervisor'),
        'occurrence.restricted',
        [{ field: 'restricted', before: false, after: true }],
        "Involves a member of the force's workforce: need-to-know access",
        ['ID-08', 'XC-03'],
      ),
    );
    if (restrictedAt > updated) updated = restrictedAt;
    version += 1;
  }

  // Reads: the people working the case open it (XC-03 logs consultation too). A restricted record is read only by those entitled to.
  const readers: Actor[] = restricted
    ? [users.force.detective_superintendent_safeguarding!, users.force.auditor!]
    : [user('investigating_officer'), user('triaging_supervisor'), user('supervisory_officer'), user('diu_analyst'), users.force.scu_officer!];
  const reads = pickReads(random);
  const window = Math.min(now - created, 180 * DAY);
  for (let k = 0; k < reads; k++) {
    const readAt = created + 1000 + random.float() ** 2 * window;
    if (readAt >= now) continue;
    const reader = random.pick(readers);
    if (!can(reader.role, 'occurrence.view')) continue;
    pending.push(readAt, {
      id: ids.uuid(),
      actor: reader,
      kind: 'read',
      subjectType: 'occurrence',
      subjectId: id,
      occurrenceId: id,
      action: 'occurrence.viewed',
      at: at(readAt),
      reason: 'Viewed occurrence',
      requirements: ['XC-03'],
    });
  }

  const row: OccurrenceRow = {
    id,
    reference: '',
    district,
    received_at: receivedAt,
    channel,
    call_grade: callGrade,
    location,
    first_account: firstAccount,
    status,
    restricted,
    created_by: creator.id,
    created_at: createdAt,
    updated_at: new Date(updated).toISOString(),
    version,
  };
  const { text: _text, ...facts } = account;
  return { row, referenceChange, received, created, creator, timeline, account: facts };
}

function storyOf(built: BuiltOccurrence, now: number, users: SyntheticUsers, ids: Prng, pending: EventQueue): OccurrenceStory {
  const row = built.row;
  const district = row.district as District;
  return {
    occurrence: row,
    district,
    now,
    received: built.received,
    created: built.created,
    creator: built.creator,
    timeline: built.timeline,
    account: built.account,
    touch: (t) => {
      if (t > now) return;
      row.version += 1;
      const at = new Date(t).toISOString();
      if (at > row.updated_at) row.updated_at = at;
    },
    user: (role) => users.byDistrict[district][role] ?? users.force[role]!,
    log: (entry) => {
      const t = Date.parse(entry.at);
      if (t <= now) pending.push(t, { ...entry, id: ids.uuid() });
    },
  };
}

/** References are numbered per district and year of recording, in the order reports were recorded. */
async function assignReferences(trx: Kysely<Database>, rows: OccurrenceRow[], reported: FieldChange[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.district}|${row.created_at.slice(0, 4)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const next = new Map<string, number>();
  for (const [key, count] of counts) {
    const [district, year] = key.split('|') as [District, string];
    next.set(key, await reserveReferenceSequences(trx, district, Number(year), count));
  }
  rows.forEach((row, i) => {
    const key = `${row.district}|${row.created_at.slice(0, 4)}`;
    const sequence = next.get(key)!;
    next.set(key, sequence + 1);
    row.reference = formatReference(row.district as District, Number(row.created_at.slice(0, 4)), sequence);
    reported[i]!.after = row.reference;
  });
}

// ---------------------------------------------------------------------------------------------
// First accounts
// ---------------------------------------------------------------------------------------------

function firstAccountText(random: Prng, district: District, channel: ReportChannel): FirstAccountFacts & { text: string } {
  const victimFemale = random.chance(0.8);
  const suspectMale = victimFemale ? random.chance(0.88) : random.chance(0.4);
  const v = victimFemale ? { v: 'she', vo: 'her', vp: 'her' } : { v: 'he', vo: 'him', vp: 'his' };
  const s = suspectMale ? { s: 'he', so: 'him', sp: 'his', sx: 'man' } : { s: 'she', so: 'her', sp: 'her', sx: 'woman' };
  const kind = pickSuspectKind(random);
  const fill = (template: string): string =>
    template.replace(/\{(\w+)\}/g, (_m, key: string) => {
      switch (key) {
        case 'v':
        case 'vo':
        case 'vp':
          return v[key];
        case 'V':
          return cap(v.v);
        case 's':
        case 'so':
        case 'sp':
        case 'sx':
          return s[key];
        case 'S':
          return cap(s.s);
        case 'name':
          return personName(!suspectMale);
        case 'street':
          return streetName();
        case 'locality':
          return random.pick(words.localities[district]);
        case 'workplace':
          return fill(random.pick(words.workplaces));
        case 'school':
          return random.pick(words.schools);
        case 'shop':
          return random.pick(words.shops);
        case 'weekday':
          return random.pick(words.weekdays);
        case 'month':
          return random.pick(words.months);
        case 'n':
          return String(random.int(2, 9));
        case 'many':
          return String(random.int(3, 40) * 10);
        case 'years':
          return String(random.int(2, 12));
        case 'year':
          return String(2015 + random.int(0, 9));
        case 'hour':
          return `${random.int(0, 4) === 0 ? 'midnight' : `${random.int(1, 4)}am`}`;
        default:
          return key;
      }
    });
  const suspect = fill(random.pick(words.suspects[kind]).replace('a man', 'a {sx}'));
  const used = new Set<number>();
  const behaviour = () => {
    let k = random.int(0, words.behaviours.length - 1);
    while (used.has(k)) k = (k + 1) % words.behaviours.length;
    used.add(k);
    return fill(words.behaviours[k]!);
  };
  const sentences = [`${random.pick(words.openings)} ${suspect} ${behaviour()}.`];
  const more = random.int(0, 2);
  for (let k = 0; k < more; k++) {
    const b = behaviour();
    sentences.push(`${cap(s.s)} ${b.startsWith('has ') ? `has also ${b.slice(4)}` : `also ${b}`}.`);
  }
  if (channel === '999' && random.chance(0.7)) sentences.push(fill(random.pick(words.happeningNow)));
  sentences.push(fill(random.pick(words.impacts)));
  if (random.chance(0.5)) sentences.push(fill(random.pick(words.impacts)));
  if (random.chance(0.7)) sentences.push(fill(kind === 'exPartner' ? random.pick(words.histories) : random.pick(words.histories.slice(2))));
  return { text: sentences.join(' '), victimFemale, suspectMale, suspectKind: kind };
}

/** A first name and surname; faker's en-GB generator draws them, from names common in the force area. */
export function personName(female: boolean): string {
  return `${faker.helpers.arrayElement(female ? words.femaleFirstNames : words.maleFirstNames)} ${faker.helpers.arrayElement(words.surnames)}`;
}

/** An English street name from faker's en-GB data. */
export function streetName(): string {
  return faker.helpers.arrayElement(streetNames);
}
const streetNames: readonly string[] = en_GB.location?.street_name ?? ['High Street'];

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Log entries waiting for their time
// ---------------------------------------------------------------------------------------------

/** A min-heap of log entries by time (ties in the order they were added), so the log is written oldest first. */
class EventQueue {
  private times: number[] = [];
  private order: number[] = [];
  private entries: LogEntryInput[] = [];
  private added = 0;

  push(t: number, entry: LogEntryInput): void {
    this.times.push(t);
    this.order.push(this.added++);
    this.entries.push(entry);
    let i = this.times.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Every entry at or before t, oldest first. */
  popUntil(t: number): LogEntryInput[] {
    const out: LogEntryInput[] = [];
    while (this.times.length && this.times[0]! <= t) out.push(this.pop());
    return out;
  }

  private pop(): LogEntryInput {
    const top = this.entries[0]!;
    const last = this.times.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.order.pop();
    this.entries.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.times.length && this.less(l, m)) m = l;
      if (r < this.times.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    return this.times[i]! < this.times[j]! || (this.times[i] === this.times[j] && this.order[i]! < this.order[j]!);
  }

  private swap(i: number, j: number): void {
    [this.times[i], this.times[j]] = [this.times[j]!, this.times[i]!];
    [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
    [this.entries[i], this.entries[j]] = [this.entries[j]!, this.entries[i]!];
  }
}
