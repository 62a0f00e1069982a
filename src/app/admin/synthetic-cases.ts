/**
 * The casework of the synthetic force: people and parties, incidents, classification and DASH
 * risk assessments, Stalking Protection Orders with visits and breaches, 'notify if' flags and
 * tasks, each a SyntheticRecordType written through its own repository.
 *
 * Everything follows the occurrence's own timeline (reported, recorded, triaged, allocated, under
 * investigation, finalised) and what the use cases would have written at each step: the rows,
 * the tasks with their requirement IDs and due times, and the occurrence-log entries. Nothing
 * happens after the generation clock: a step due later is simply not done yet (its task is open,
 * and overdue when its due time has passed).
 *
 * People recur as they do in real records: most reports are a new victim and suspect, some carry
 * on an earlier course of conduct (the same victim and suspect), some suspects turn to a new
 * victim and some victims are targeted by someone new; a few people are recorded a second time
 * with their name spelt differently, so person matching has work to do.
 *
 * On top of the ordinary data a small, known set of emerging-threat patterns (DI-01) is planted
 * in the last year: serial perpetrators, repeat victims and escalating courses of conduct. The
 * report lists them, so the analysts' detection rules can be checked against them. Ordinary
 * courses are kept steady (incidents spread evenly, the most serious first), so they do not look
 * like escalation.
 */
import type { Kysely } from 'kysely';
import { fakerEN_GB as faker } from '@faker-js/faker';
import type { Database } from '../../store/schema';
import type { Actor } from '../../domain/actor';
import type { Role } from '../../domain/roles';
import type { District, OccurrenceStatus } from '../../domain/occurrence';
import type { LogEntryInput, FieldChange } from '../../store/repositories/log';
import { insertPeople } from '../../store/repositories/people';
import { insertClassifications, insertIncidents, insertParties, insertRiskAssessments } from '../../store/repositories/intake';
import { insertTasks } from '../../store/repositories/tasks';
import { insertSpoCases, insertSpoVisits } from '../../store/repositories/spo';
import { insertFlags } from '../../store/repositories/flags';
import { surnameKey } from '../../store/repositories/people';
import { classify, type ClassificationInput } from '../../policy/classification';
import { assessRisk } from '../../policy/risk';
import { DASH_ESCALATION_QUESTIONS, DASH_VERSION, STALKING_THREATS_QUESTION, dashQuestionIds, stalkingScreeningQuestionIds } from '../../policy/risk-questions';
import { addCalendarDays, addHours, addMonths, addWorkingDays, englandAndWalesBankHolidays } from '../../policy/calendar';
import { informVictimDeadline } from '../../policy/deadlines';
import { endOfDay, isOutOfHours } from '../../policy/spo-obligations';
import { insertMany } from '../../store/repositories/bulk';
import { defaultParameters } from '../../policy/parameters';
import { spoBreachOffence } from '../../policy/vocabulary';
import { digitalChannels, type IncidentChannel } from '../../domain/intake';
import type { OccurrenceStory, Prng, SyntheticRecordType, SyntheticUsers } from './synthetic-force';
import * as words from './synthetic-text';

export interface SyntheticCasesContext {
  seed: number;
  now: number;
  users: SyntheticUsers;
  /** How many occurrences will be generated: planted patterns are spread over the window to suit. */
  occurrences: number;
}

export interface PlantedThreats {
  /** DI-01, IO-14: one suspect against two or more victims in the last 12 months. */
  serialPerpetrators: { personId: string; name: string; victimIds: string[]; occurrenceIds: string[] }[];
  /** DI-01: one victim in two or more occurrences, or of two or more suspects, in the last 12 months. */
  repeatVictims: { personId: string; name: string; suspectIds: string[]; occurrenceIds: string[] }[];
  /** DI-01, ID-05: a course of conduct whose rate rises (last 30 days against the 90 before) or that moves from online contact to turning up in person or threats. */
  escalations: { victimId: string; suspectId: string; kind: 'rate_rising' | 'online_to_in_person' | 'online_to_threats'; occurrenceIds: string[] }[];
}

export interface SyntheticCases {
  recordTypes: SyntheticRecordType[];
  planted: PlantedThreats;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const iso = (t: number) => new Date(t).toISOString();
const dateOf = (t: number) => iso(t).slice(0, 10);

function weighted<T>(table: readonly (readonly [T, number])[]): (r: Prng) => T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  const cumulative = table.map(([, w]) => (acc += w) / total);
  return (r) => {
    const u = r.float();
    for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return table[i]![0];
    return table[table.length - 1]![0];
  };
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

interface PersonDraft {
  id: string;
  forenames: string | null;
  surname: string | null;
  female: boolean;
  dateOfBirth: string | null;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  description: string | null;
  /** Already written (people are written once, in the batch of their first occurrence). */
  written?: boolean;
}

interface SpoInForce {
  id: string;
  occurrenceId: string;
  /** The officer in charge of the case the order was made on (BR-02, BR-03: a breach's arrest and reassessment are theirs). */
  oicId: string | null;
  grantedAt: number;
  expiresAt: number;
  orderType: 'interim' | 'full';
}

/** A victim and a suspect whose occurrences make one course of conduct (ID-05). */
interface Course {
  victim: PersonDraft;
  suspect: PersonDraft | null;
  relationship: string;
  district: District;
  lastAt: number;
  /** The most serious incident so far (policy severity: 1 remote, 2 in person, 3 threats). */
  maxSeverity: number;
  spo: SpoInForce | null;
}

const postcodeAreas: Record<District, readonly (readonly [string, number, number])[]> = {
  leeds: [['LS', 1, 29]],
  bradford: [['BD', 1, 22]],
  kirklees: [['HD', 1, 9], ['WF', 12, 17]],
  wakefield: [['WF', 1, 11]],
  calderdale: [['HX', 1, 7]],
};
const postcodeLetters = 'ABDEFGHJLNPQRSTUWXYZ';

function postcode(r: Prng, district: District): string {
  const [area, lo, hi] = r.pick(postcodeAreas[district]);
  return `${area}${r.int(lo, hi)}${r.int(1, 9)}${r.pick([...postcodeLetters])}${r.pick([...postcodeLetters])}`;
}

function mobile(r: Prng): string {
  return `07${String(r.int(100, 999))}${String(r.int(0, 999999)).padStart(6, '0')}`;
}

function firstName(female: boolean): string {
  return faker.datatype.boolean(0.6)
    ? faker.helpers.arrayElement(female ? words.femaleFirstNames : words.maleFirstNames)
    : faker.person.firstName(female ? 'female' : 'male');
}

function lastName(): string {
  return faker.datatype.boolean(0.6) ? faker.helpers.arrayElement(words.surnames) : faker.person.lastName();
}

function dateOfBirth(r: Prng, at: number, minAge: number, maxAge: number): string {
  const age = minAge + Math.floor((maxAge - minAge) * r.float() ** 1.6);
  const t = at - age * 365.25 * DAY - r.int(0, 364) * DAY;
  return dateOf(t);
}

const swaps: [RegExp, string][] = [
  [/ph/i, 'v'], [/v/i, 'ph'], [/y/i, 'i'], [/i/i, 'y'], [/ie$/i, 'y'], [/ey$/i, 'y'], [/th/i, 't'], [/ck/i, 'k'], [/ai/i, 'a'], [/ee/i, 'ea'],
  [/^Mc/, 'Mac'], [/^Mac/, 'Mc'], [/son$/, 'sen'], [/s$/, ''], [/e$/, ''],
];

/** A plausible misspelling: a sound-alike swap, a dropped double letter or two letters swapped. */
function misspell(r: Prng, name: string): string {
  const k = r.int(0, 2);
  if (k === 0) {
    for (let tries = 0; tries < 4; tries++) {
      const [from, to] = r.pick(swaps);
      if (from.test(name.slice(1))) {
        const out = name[0] + name.slice(1).replace(from, to);
        if (out !== name && out.length > 1) return out;
      }
    }
  }
  const doubled = /(\w)\1/.exec(name);
  if (k === 1 && doubled) return name.slice(0, doubled.index) + name.slice(doubled.index + 1);
  if (name.length > 3) {
    const i = r.int(1, name.length - 3);
    return name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
  }
  return `${name}e`;
}

const describeUnknown = (r: Prng, male: boolean) =>
  `Unknown ${male ? 'man' : 'woman'}, about ${r.int(2, 6)}0, ${r.pick(['dark', 'short dark', 'fair', 'grey', 'shaved', 'long dark'])} hair, ${r.pick(['dark jacket', 'grey hoodie', 'hi-vis vest', 'black coat', 'sports clothes'])}`;

const personName = (p: PersonDraft) => [p.forenames, p.surname].filter(Boolean).join(' ') || p.description || 'Unknown person';

// ---------------------------------------------------------------------------------------------
// Planted emerging threats
// ---------------------------------------------------------------------------------------------

type Plan =
  | { kind: 'serial'; index: number; slots: number; victims: PersonDraft[]; suspect: PersonDraft | null; occurrenceIds: string[] }
  | { kind: 'repeat'; index: number; slots: number; sameSuspect: boolean; victim: PersonDraft | null; suspects: PersonDraft[]; occurrenceIds: string[] }
  | { kind: 'escalation'; index: number; slots: number; pattern: 'rate_rising' | 'online_to_in_person' | 'online_to_threats'; occurrenceIds: string[]; victim: PersonDraft | null; suspect: PersonDraft | null };

interface PlannedIncident {
  at: number;
  channel: IncidentChannel;
  actType: string;
}

// ---------------------------------------------------------------------------------------------
// One occurrence's case, shared by the record types as they run in order
// ---------------------------------------------------------------------------------------------

interface CaseState {
  story: OccurrenceStory;
  victim: PersonDraft;
  suspect: PersonDraft | null;
  relationship: string;
  domestic: boolean;
  course: Course;
  continued: boolean;
  breachOf: SpoInForce | null;
  planned: PlannedIncident[] | null;
  escalate: boolean;
  restricted: boolean;
  /** When each status was first reached (ms), if it was. */
  at: Partial<Record<OccurrenceStatus, number>>;
  assignedAt: number;
  attendedAt: number;
  attender: Actor;
  incidents: number;
  offence: string | null;
  grade: string | null;
  /** When the case's DASH was recorded, if it was (BR-03: a DASH after a breach reassesses the risk). */
  dashAt: number | null;
  finalisedAt: number | null;
  oic: Actor | null;
  /** When the victim was contacted (a contact with outcome 'contacted'), by any record type so far. */
  contacts: number[];
  /** Tasks fulfilled by the first contact with the victim at or after a time: built once every contact of the case is known. */
  onContacts: ((firstContact: (at: number) => number | null) => void)[];
}

/**
 * How each obligation of a case (policy/obligations.ts) may be closed by hand and what fulfils
 * it, as the reconciler writes them on its task.
 */
const owed = {
  recording_decision: { byHand: 'never', fulfilledBy: 'recording the crime' },
  assign_attending_officer: { byHand: 'not_applicable', fulfilledBy: 'assigning an attending officer' },
  attend: { byHand: 'done', fulfilledBy: 'recording the DASH risk assessment, or marking the attendance done' },
  endorse_risk: { byHand: 'never', fulfilledBy: 'endorsing the risk grading' },
  scu_liaison: { byHand: 'done', fulfilledBy: 'marking the liaison done, with what was agreed (here or on the investigation plan)' },
  marac_referral: { byHand: 'never', fulfilledBy: 'recording the MARAC referral as made, declined or not required' },
  specialist_support_referral: { byHand: 'never', fulfilledBy: 'recording the specialist support referral as made, declined or not required' },
  allocate: { byHand: 'never', fulfilledBy: 'allocating an officer in charge' },
  review_dash_safety_plan: { byHand: 'done', fulfilledBy: 'marking the review done, here or on the investigation plan' },
  agree_victim_contact_plan: { byHand: 'never', fulfilledBy: 'recording the agreed contact plan' },
  supervisor_review: { byHand: 'done', fulfilledBy: 'marking the review done, with its findings' },
  scheduled_victim_contact: { byHand: 'never', fulfilledBy: 'recording a contact with the victim' },
  inform_victim: { byHand: 'never', fulfilledBy: 'recording a contact with the victim' },
  update_support_services: { byHand: 'done', fulfilledBy: 'marking it done, naming the services told (or that there are none)' },
} as const;

/** Outcomes that close a crime without proceeding: the victim and support services are told (IO-04, IO-13). */
const withoutProceeding = new Set(['nfa', 'evidential_difficulties', 'victim_does_not_support', 'not_in_public_interest']);

const severity = (actType: string, channel: string) => (actType === 'threats' ? 3 : channel === 'in_person' ? 2 : 1);

const pickRelationship: Record<string, (r: Prng) => string> = {
  exPartner: weighted([
    ['ex_intimate_partner', 85],
    ['intimate_partner', 15],
  ]),
  family: () => 'family_member',
  acquaintance: weighted([
    ['acquaintance', 85],
    ['other', 15],
  ]),
  stranger: () => 'stranger',
};
const domesticRelationships = new Set(['intimate_partner', 'ex_intimate_partner', 'family_member']);

const remoteChannel = weighted<IncidentChannel>([
  ['text', 34],
  ['social_media', 32],
  ['phone', 22],
  ['email', 8],
  ['other', 4],
]);
const inPersonActs = weighted<string>([
  ['following', 25],
  ['loitering', 25],
  ['watching_or_spying', 20],
  ['interfering_with_property', 15],
  ['contacting', 15],
]);
const remoteActs = weighted<string>([
  ['contacting', 60],
  ['publishing', 10],
  ['monitoring', 15],
  ['other', 5],
  ['watching_or_spying', 10],
]);
const incidentCount = weighted<number>([
  [2, 35],
  [3, 30],
  [4, 20],
  [5, 10],
  [6, 5],
]);
const describeAct: Record<string, readonly string[]> = {
  following: ['Followed the victim from work to the bus stop', 'Followed the victim round the supermarket', 'Followed the victim home in a car'],
  loitering: ['Waited outside the victim’s home for over an hour', 'Stood at the end of the street watching the house', 'Waited by the school gates at home time'],
  watching_or_spying: ['Seen watching the house from a parked car', 'Sat outside the victim’s workplace', 'Watched the victim through the window'],
  interfering_with_property: ['Tyres on the victim’s car let down', 'Parcels left on the doorstep', 'Flowers and a card left on the windscreen'],
  contacting: ['Repeated messages and calls after being asked to stop', 'Messages from new numbers after being blocked', 'Voicemails begging to meet'],
  publishing: ['Posted photographs of the victim online', 'Posted the victim’s address on social media'],
  monitoring: ['Logged into the victim’s accounts', 'Tracked the victim’s location through a shared app', 'Asked friends where the victim had been'],
  threats: ['Threatened to hurt the victim if she did not reply', 'Said the victim would regret leaving', 'Threatened to burn the house down'],
  other: ['Sent gifts to the victim’s family', 'Contacted the victim’s employer'],
};

const outcomeFor = weighted<string>([
  ['charged', 30],
  ['caution', 3],
  ['community_resolution', 2],
  ['nfa', 5],
  ['evidential_difficulties', 35],
  ['victim_does_not_support', 20],
  ['not_in_public_interest', 5],
]);
const outcomeRationale: Record<string, string> = {
  charged: 'Charged and remanded; CPS authorised the charge.',
  caution: 'Admitted the offence in interview; caution authorised by an inspector.',
  community_resolution: 'Victim consulted and agrees; suspect accepted responsibility.',
  nfa: 'No further action: the evidence shows no offence was committed.',
  evidential_difficulties: 'All lines of enquiry completed; evidence insufficient for a realistic prospect of conviction.',
  victim_does_not_support: 'Victim does not support a prosecution after a full explanation; evidence-led prosecution considered and not viable.',
  not_in_public_interest: 'Not in the public interest to prosecute after review by a DS.',
};

// ---------------------------------------------------------------------------------------------
// The record types
// ---------------------------------------------------------------------------------------------

export function syntheticCases(context: SyntheticCasesContext): SyntheticCases {
  const { now } = context;
  const people: Database['people'][] = [];
  const parties: Database['parties'][] = [];
  const incidents: Database['incidents'][] = [];
  const classifications: Database['classification_assessments'][] = [];
  const risks: Database['risk_assessments'][] = [];
  const spoCases: Database['spo_cases'][] = [];
  const spoVisits: Database['spo_visits'][] = [];
  const suspectActions: Database['suspect_actions'][] = [];
  const victimContacts: Database['victim_contacts'][] = [];
  const referrals: Database['referrals'][] = [];
  const flags: Database['person_flags'][] = [];
  const tasks: Database['tasks'][] = [];

  /** Recent people and courses, for repeats (bounded, so memory stays flat at any size). */
  const RING = 20_000;
  const recentPeople: PersonDraft[] = [];
  const recentCourses: Course[] = [];
  const remember = <T>(ring: T[], item: T, counter: { n: number }) => {
    if (ring.length < RING) ring.push(item);
    else ring[counter.n % RING] = item;
    counter.n += 1;
  };
  const peopleCounter = { n: 0 };
  const courseCounter = { n: 0 };
  /** Recent courses whose suspect became the subject of an order (bounded like the others). */
  const orderedCourses: Course[] = [];
  const orderedCounter = { n: 0 };
  /** Flags in force on a person: until when (ms). */
  const flaggedUntil = new Map<string, number>();

  const planted: PlantedThreats = { serialPerpetrators: [], repeatVictims: [], escalations: [] };
  const plans: Plan[] = [
    { kind: 'serial', index: 0, slots: 2, victims: [], suspect: null, occurrenceIds: [] },
    { kind: 'serial', index: 1, slots: 3, victims: [], suspect: null, occurrenceIds: [] },
    { kind: 'repeat', index: 0, slots: 2, sameSuspect: false, victim: null, suspects: [], occurrenceIds: [] },
    { kind: 'repeat', index: 1, slots: 3, sameSuspect: true, victim: null, suspects: [], occurrenceIds: [] },
    { kind: 'escalation', index: 0, slots: 1, pattern: 'rate_rising', occurrenceIds: [], victim: null, suspect: null },
    { kind: 'escalation', index: 1, slots: 1, pattern: 'online_to_in_person', occurrenceIds: [], victim: null, suspect: null },
    { kind: 'escalation', index: 2, slots: 1, pattern: 'online_to_threats', occurrenceIds: [], victim: null, suspect: null },
  ];
  // Planted occurrences fall inside the detection windows with room to spare (12 months; 30 + 90 days).
  const plantFrom = now - 320 * DAY;
  const escalateFrom = now - 100 * DAY;
  const escalateTo = now - 3 * DAY;
  // About 16% of reports fall in the last 320 days and 4% in the escalation window: spread the planted ones through them.
  const plantChance = Math.min(1, 25 / (context.occurrences * 0.16));
  // (Twice what the escalations need: a small force has few reports in the window, and three must be planted.)
  const escalationChance = Math.min(1, 12 / (context.occurrences * 0.04));

  let current: CaseState | null = null;
  const state = (): CaseState => current!;

  const newPerson = (r: Prng, story: OccurrenceStory, female: boolean, kind: 'victim' | 'suspect' | 'other'): PersonDraft => {
    // A few are someone already on record, spelt differently (CS-06's search has to find them).
    if (recentPeople.length > 50 && r.chance(0.04)) {
      const original = r.pick(recentPeople);
      if (original.surname && original.forenames) {
        const which = r.int(0, 2);
        return {
          ...original,
          id: r.uuid(),
          forenames: which !== 1 ? misspell(r, original.forenames) : original.forenames,
          surname: which !== 0 ? misspell(r, original.surname) : original.surname,
          dateOfBirth: r.chance(0.8) ? original.dateOfBirth : null,
          address: r.chance(0.5) ? original.address : null,
          postcode: r.chance(0.6) ? original.postcode : null,
          phone: r.chance(0.5) ? original.phone : null,
          written: false,
        };
      }
    }
    const district = story.district;
    const [minAge, maxAge] = kind === 'suspect' ? [18, 70] : kind === 'victim' ? [16, 80] : [18, 75];
    const full = kind !== 'suspect' || r.chance(0.6);
    return {
      id: r.uuid(),
      forenames: firstName(female),
      surname: lastName(),
      female,
      dateOfBirth: kind === 'suspect' && r.chance(0.15) ? null : dateOfBirth(r, story.received, minAge, maxAge),
      address: full ? `${r.int(1, 240)} ${faker.helpers.arrayElement(streets)}, ${r.pick(words.localities[district])}` : null,
      postcode: full ? postcode(r, district) : null,
      phone: kind === 'suspect' && r.chance(0.5) ? null : mobile(r),
      description: null,
    };
  };

  const log = (story: OccurrenceStory, entry: Omit<LogEntryInput, 'id' | 'at'> & { at: number }, touches = true) => {
    if (entry.at > now) return;
    story.log({ ...entry, at: iso(entry.at) });
    if (touches && entry.subjectType === 'occurrence') story.touch(entry.at);
  };
  const change = (story: OccurrenceStory, at: number, actor: Actor, action: string, changes: FieldChange[], requirements: readonly string[], reason: string | null = null) =>
    log(story, { actor, kind: 'change', subjectType: 'occurrence', subjectId: story.occurrence.id, occurrenceId: story.occurrence.id, action, at, changes, requirements, reason });

  /**
   * A task as the use cases create it, done at `doneAt` (if that is before the clock) or open.
   * A finalised case has no open tasks: anything left is closed when it is finalised.
   * A task for a derived obligation (policy/obligations.ts, spo-obligations.ts) carries its `key`,
   * how it may be closed by hand and what fulfils it, as the reconciler writes it; it closes as
   * fulfilled by the act, or as `closure` says when closed by hand ('done', 'not_applicable'), or
   * as ended when the crime is finalised. An obligation that outlives the crime (an order's, a
   * breach's, a flag's review) is not closed by the finalisation. A force-wide role's task has no
   * district (it reaches that role everywhere).
   */
  const task = (
    r: Prng,
    c: CaseState,
    t: {
      id?: string;
      occurrenceId?: string;
      action: string;
      title: string;
      requirement: string;
      role?: Role;
      user?: Pick<Actor, 'id'>;
      forceWide?: boolean;
      createdAt: number;
      dueAt: number;
      doneAt: number | null;
      doneBy: Actor | null;
      note?: string;
      key?: string;
      byHand?: 'done' | 'not_applicable' | 'never';
      fulfilledBy?: string;
      closure?: 'fulfilled' | 'done' | 'not_applicable';
      outlivesCase?: boolean;
    },
  ): string | null => {
    if (t.createdAt > now) return null;
    let doneAt = t.doneAt !== null && t.doneAt <= now ? Math.max(t.doneAt, t.createdAt) : null;
    let doneBy = doneAt !== null ? t.doneBy : null;
    let note = t.note ?? null;
    let closure: string | null = doneAt !== null ? (t.closure ?? 'fulfilled') : null;
    if (!t.outlivesCase && c.finalisedAt !== null && (doneAt === null || doneAt > c.finalisedAt) && c.finalisedAt >= t.createdAt) {
      doneAt = c.finalisedAt;
      doneBy = c.story.user('triaging_supervisor');
      note = 'Closed when the crime was finalised';
      closure = 'ended';
    }
    const id = t.id ?? r.uuid();
    tasks.push({
      id,
      occurrence_id: t.occurrenceId ?? c.story.occurrence.id,
      action: t.action,
      title: t.title,
      requirement: t.requirement,
      assignee_role: t.user ? null : (t.role ?? null),
      assignee_user_id: t.user ? t.user.id : null,
      district: t.forceWide ? null : c.story.district,
      due_at: iso(t.dueAt),
      status: doneAt !== null ? 'done' : 'open',
      created_at: iso(t.createdAt),
      completed_at: doneAt !== null ? iso(doneAt) : null,
      completed_by: doneAt !== null ? (doneBy ?? c.story.user(t.role ?? 'supervisory_officer')).id : null,
      outcome_note: doneAt !== null ? note : null,
      obligation_key: t.key ?? null,
      closure: t.key !== undefined ? closure : null,
      by_hand: t.byHand ?? null,
      fulfilled_by: t.fulfilledBy ?? null,
    });
    return doneAt !== null && doneAt !== t.doneAt ? null : id;
  };
  /** A task completed on its own (completeTask): its log entry. */
  const taskDone = (c: CaseState, id: string | null, title: string, requirement: string, doneAt: number | null, by: Actor) => {
    if (!id || doneAt === null || doneAt > now) return;
    log(c.story, { actor: by, kind: 'change', subjectType: 'task', subjectId: id, occurrenceId: c.story.occurrence.id, action: 'task.completed', at: doneAt, changes: [{ field: 'task', before: title, after: 'done' }], requirements: [requirement] });
  };
  const taskChange = (title: string, dueAt: number, requirement: string): FieldChange => ({ field: 'task', before: null, after: `${title} (due ${iso(dueAt)}, ${requirement})` });
  /** The victim contacted (recordVictimContact), against the task the officer chose: the row, its log entry, and the case's contacts. */
  const contacted = (r: Prng, c: CaseState, x: { at: number; by: Actor; taskId: string | null; title: string; note: string; requirements: string[]; method?: string }) => {
    if (x.at > now) return;
    const method = x.method ?? 'phone';
    victimContacts.push({ id: r.uuid(), occurrence_id: c.story.occurrence.id, task_id: x.taskId, method, outcome: 'contacted', note: x.note, at: iso(x.at), recorded_by: x.by.id });
    c.contacts.push(x.at);
    change(c.story, x.at, x.by, 'victim_contact.recorded', [{ field: 'victimContact', before: null, after: `${method}, contacted` }, { field: 'task', before: x.title, after: 'done (victim contact recorded)' }], x.requirements);
  };
  /** A referral's status recorded (recordReferralStatus): the row and its log entry. */
  const referral = (r: Prng, c: CaseState, x: { kind: string; requirement: string; reason: string; status: string; note: string; at: number; by: Actor; title: string }) => {
    if (x.at > now) return;
    referrals.push({ id: r.uuid(), occurrence_id: c.story.occurrence.id, kind: x.kind, requirement: x.requirement, status: x.status, reason: x.reason, note: x.note, updated_at: iso(x.at), updated_by: x.by.id });
    change(c.story, x.at, x.by, 'referral.updated', [{ field: `referral.${x.kind}`, before: null, after: x.status }, { field: 'task', before: x.title, after: `done (referral updated)` }], ['SV-03'], x.note);
  };

  // ---- people and parties ----------------------------------------------------------------------

  const peopleAndParties: SyntheticRecordType = {
    name: 'people and parties',
    forOccurrence(story, r) {
      const row = story.occurrence;
      const restricted = row.restricted === 1;
      // Every row carries every column (one multi-row insert), with the migrations' defaults.
      Object.assign(row, occurrenceDefaults, { workforce_involved: row.restricted });
      const at: CaseState['at'] = {};
      for (const step of story.timeline) if (at[step.status] === undefined) at[step.status] = step.at;
      const kind = story.account.suspectKind;

      // Who: a planted pattern, an earlier course carried on, a serial suspect or repeat victim, or someone new.
      let victim: PersonDraft | null = null;
      let suspect: PersonDraft | null = null;
      let course: Course | null = null;
      let continued = false;
      let planned: PlannedIncident[] | null = null;
      let relationship = pickRelationship[kind]!(r);
      const inEscalationWindow = story.received >= escalateFrom && story.received <= escalateTo;
      const plan =
        !restricted && story.received >= plantFrom && r.chance(inEscalationWindow ? escalationChance : plantChance)
          ? // In the escalation window the escalating courses come first (the window is short), then any other pattern still to plant.
            ((inEscalationWindow ? plans.find((p) => p.occurrenceIds.length < p.slots && p.kind === 'escalation') : undefined) ?? plans.find((p) => p.occurrenceIds.length < p.slots && p.kind !== 'escalation'))
          : undefined;
      if (plan) {
        plan.occurrenceIds.push(row.id);
        if (plan.kind === 'serial') {
          plan.suspect ??= newPerson(r, story, false, 'suspect');
          suspect = plan.suspect;
          victim = newPerson(r, story, true, 'victim');
          plan.victims.push(victim);
          relationship = plan.victims.length === 1 ? 'ex_intimate_partner' : 'acquaintance';
        } else if (plan.kind === 'repeat') {
          plan.victim ??= newPerson(r, story, true, 'victim');
          victim = plan.victim;
          suspect = plan.sameSuspect && plan.suspects[0] ? plan.suspects[0] : newPerson(r, story, false, 'suspect');
          if (!plan.suspects.includes(suspect)) plan.suspects.push(suspect);
          relationship = plan.sameSuspect ? 'ex_intimate_partner' : r.pick(['acquaintance', 'stranger', 'ex_intimate_partner']);
          if (plan.sameSuspect) {
            // The same course carried on: one course of conduct across the occurrences (ID-05).
            course = recentCourses.find((c) => c.victim === victim && c.suspect === suspect) ?? null;
            continued = course !== null;
          }
        } else {
          victim = plan.victim = newPerson(r, story, true, 'victim');
          suspect = plan.suspect = newPerson(r, story, false, 'suspect');
          relationship = 'ex_intimate_partner';
          planned = escalationIncidents(r, plan.pattern, story.received, now);
        }
      } else {
        const u = r.float();
        if (u < 0.08 && recentCourses.length > 20) {
          // Subjects of an order often breach it (BR-01): some courses carried on are ones under an order.
          const underOrder = orderedCourses.length && r.chance(0.25) ? r.pick(orderedCourses) : null;
          if (underOrder?.spo && underOrder.spo.grantedAt < story.received && story.received < underOrder.spo.expiresAt) course = underOrder;
          for (let tries = 0; tries < 4 && !course; tries++) {
            const c = r.pick(recentCourses);
            const gap = story.received - c.lastAt;
            if (c.suspect && gap > 20 * DAY && gap < 3 * 365 * DAY) course = c;
          }
          if (course) {
            continued = true;
            victim = course.victim;
            suspect = course.suspect;
            relationship = course.relationship;
          }
        } else if (u < 0.095 && recentCourses.length > 20) {
          // A known suspect turns to someone new.
          const c = r.pick(recentCourses);
          if (c.suspect && story.received - c.lastAt > 30 * DAY) suspect = c.suspect;
        } else if (u < 0.105 && recentCourses.length > 20) {
          // A known victim, someone new targeting them.
          const c = r.pick(recentCourses);
          if (story.received - c.lastAt > 60 * DAY) victim = c.victim;
        }
      }
      victim ??= newPerson(r, story, story.account.victimFemale, 'victim');
      if (!suspect && !plan && !continued) {
        if (r.chance(kind === 'stranger' ? 0.4 : 0.02)) {
          suspect = { id: r.uuid(), forenames: null, surname: null, female: !story.account.suspectMale, dateOfBirth: null, address: null, postcode: null, phone: null, description: describeUnknown(r, story.account.suspectMale) };
        } else {
          suspect = newPerson(r, story, !story.account.suspectMale, 'suspect');
        }
      }
      if (!course) {
        course = { victim, suspect, relationship, district: story.district, lastAt: story.received, maxSeverity: 0, spo: null };
        remember(recentCourses, course, courseCounter);
      }
      course.lastAt = story.received;
      const breachOf = continued && course.spo && course.spo.grantedAt < story.received && story.received < course.spo.expiresAt && !plan && r.chance(0.5) ? course.spo : null;

      // Attendance: assigned by the call handler, attended by the district's attending officer; before the crime is recorded.
      const grade = row.call_grade;
      const created = story.created;
      let assignedAt = created + (grade === 'emergency' ? r.int(1, 5) * MINUTE : grade === 'priority' ? r.int(5, 60) * MINUTE : r.int(10, 360) * MINUTE);
      let attendedAt = assignedAt + (grade === 'emergency' ? r.int(5, 25) * MINUTE : grade === 'priority' ? r.int(20, 180) * MINUTE : r.int(2, 48) * HOUR);
      const recordedAt = at.recorded;
      if (recordedAt !== undefined && attendedAt > recordedAt - 10 * MINUTE) {
        attendedAt = Math.max(created + 2 * MINUTE, recordedAt - 10 * MINUTE - r.int(0, 30) * MINUTE);
        assignedAt = Math.min(assignedAt, Math.max(created + MINUTE, attendedAt - 5 * MINUTE));
      }
      const finalisedAt = at.finalised ?? null;
      current = {
        story,
        victim,
        suspect,
        relationship,
        domestic: domesticRelationships.has(relationship),
        course,
        continued,
        breachOf,
        planned,
        escalate: continued && !planned && r.chance(0.3),
        restricted,
        at,
        assignedAt,
        attendedAt,
        attender: story.user('attending_officer'),
        incidents: 0,
        offence: null,
        grade: null,
        finalisedAt: row.status === 'finalised' && finalisedAt !== null ? Math.max(...story.timeline.filter((s) => s.status === 'finalised').map((s) => s.at)) : null,
        oic: at.allocated !== undefined ? story.user('investigating_officer') : null,
        dashAt: null,
        contacts: [],
        onContacts: [],
      };
      row.relationship = relationship;

      // The parties, as the call handler adds them (CS-03, searching first: CS-06).
      const creator = story.creator;
      const add = (person: PersonDraft, role: string, capacity: string | null, t: number) => {
        const isNew = !person.written;
        if (isNew) {
          person.written = true;
          people.push({
            id: person.id,
            surname: person.surname,
            forenames: person.forenames,
            date_of_birth: person.dateOfBirth,
            address: person.address,
            postcode: person.postcode,
            phone: person.phone,
            description: person.description,
            surname_key: person.surname ? surnameKey(person.surname) : null,
            created_at: iso(t),
            created_by: creator.id,
            version: 1,
          });
          if (person.surname) remember(recentPeople, person, peopleCounter);
        }
        parties.push({ id: r.uuid(), occurrence_id: row.id, person_id: person.id, role, capacity, created_at: iso(t), created_by: creator.id });
        change(story, t, creator, 'party.added', [{ field: role, before: null, after: `${personName(person)}${isNew ? ' (new person)' : ''}` }], ['CS-03', 'CS-06']);
      };
      let t = created + r.int(1, 4) * MINUTE;
      add(victim, 'victim', null, t);
      if (row.channel === 'third_party') {
        t += r.int(1, 3) * MINUTE;
        const capacity = r.pick(['friend', 'family', 'family', 'support_agency', 'other']);
        add(newPerson(r, story, r.chance(0.7), 'other'), 'reporter', capacity, t);
      }
      if (suspect) {
        t += r.int(1, 5) * MINUTE;
        add(suspect, 'suspect', null, t);
      }
      if (r.chance(0.1)) {
        t += r.int(1, 5) * MINUTE;
        add(newPerson(r, story, r.chance(0.5), 'other'), 'witness', null, t);
      }
      if (plan?.kind === 'escalation') {
        planted.escalations.push({ victimId: victim.id, suspectId: suspect!.id, kind: plan.pattern, occurrenceIds: plan.occurrenceIds });
      }
    },
    async write(trx) {
      const n = (await insertPeople(trx, people.splice(0))) + (await insertParties(trx, parties.splice(0)));
      return n;
    },
  };

  // ---- incidents -------------------------------------------------------------------------------

  const incidentsType: SyntheticRecordType = {
    name: 'incidents',
    forOccurrence(story, r) {
      const c = state();
      const row = story.occurrence;
      let acts: PlannedIncident[];
      if (c.planned) {
        acts = c.planned;
      } else {
        // A steady course: incidents spread evenly over the weeks before the report, the most serious first.
        const n = incidentCount(r);
        const span = r.int(45, 90) * DAY;
        const online = row.channel === 'online' ? 0.75 : 0.5;
        acts = [];
        for (let k = 0; k < n; k++) {
          const at = story.received - span + (span * k) / (n - 1) - r.float() * 0.3 * (span / n) - (k === n - 1 ? r.int(1, 20) * HOUR : 0);
          const remote = r.chance(online);
          const channel: IncidentChannel = remote ? remoteChannel(r) : 'in_person';
          const actType = r.chance(0.06) ? 'threats' : remote ? remoteActs(r) : inPersonActs(r);
          acts.push({ at: Math.min(at, story.received - MINUTE), channel, actType });
        }
        if (c.escalate) {
          // This course escalates: the latest incident is worse than anything before.
          const last = acts[acts.length - 1]!;
          if (c.course.maxSeverity >= 2) last.actType = 'threats';
          else last.channel = 'in_person';
          if (last.channel === 'in_person' && last.actType !== 'threats') last.actType = inPersonActs(r);
        } else {
          let top = 0;
          for (let k = 1; k < acts.length; k++) if (severity(acts[k]!.actType, acts[k]!.channel) > severity(acts[top]!.actType, acts[top]!.channel)) top = k;
          const first = acts[0]!;
          const worst = acts[top]!;
          acts[0] = { ...worst, at: first.at };
          acts[top] = { ...first, at: worst.at };
        }
      }
      // Recorded by the attending officer after attending (incidents after the report when they happen).
      let recordAt = c.attendedAt + r.int(20, 60) * MINUTE;
      let cyber = false;
      const place = row.location;
      for (const a of acts) {
        const t = Math.max(recordAt, a.at + r.int(1, 6) * HOUR * (a.at > story.received ? 1 : 0));
        recordAt = t + r.int(3, 12) * MINUTE;
        if (t > now) continue;
        const digital = digitalChannels.includes(a.channel);
        const by = a.at > story.received && c.oic && c.at.allocated! < t ? c.oic : c.attender;
        incidents.push({
          id: r.uuid(),
          occurrence_id: row.id,
          occurred_at: iso(a.at),
          place: digital ? `${a.channel === 'social_media' ? 'Social media' : a.channel === 'email' ? 'Email' : 'Victim’s phone'}` : place,
          act_type: a.actType,
          channel: a.channel,
          description: r.pick(describeAct[a.actType] ?? describeAct.other!),
          created_at: iso(t),
          created_by: by.id,
        });
        const changes: FieldChange[] = [{ field: 'incident', before: null, after: `${a.actType} (${a.channel}) at ${digital ? a.channel : place}` }];
        if (digital && !cyber) {
          changes.unshift({ field: 'cyberFlag', before: 0, after: 1 });
          cyber = true;
          row.cyber_flag = 1;
        }
        change(story, t, by, 'incident.recorded', changes, digital ? ['ID-05', 'ID-06'] : ['ID-05']);
        c.incidents += 1;
        c.course.maxSeverity = Math.max(c.course.maxSeverity, severity(a.actType, a.channel));
      }
    },
    async write(trx) {
      return insertIncidents(trx, incidents.splice(0));
    },
  };

  // ---- classification and DASH risk assessments --------------------------------------------

  const classificationCache = new Map<string, ReturnType<typeof classify>>();
  const riskCache = new Map<string, { result: ReturnType<typeof assessRisk>; json: string }>();
  const pickYes = weighted<number>(
    Array.from({ length: 22 }, (_, k) => [k, k < 10 ? 6 : k < 14 ? 3.5 : 1.2] as const),
  );

  const classificationAndRisk: SyntheticRecordType = {
    name: 'classification and DASH risk assessments',
    forOccurrence(story, r) {
      const c = state();
      const row = story.occurrence;
      const recordedAt = c.at.recorded;

      // Classification (ID-01 to ID-04): before the crime is recorded; a breach is its own crime (BR-01).
      if (c.breachOf) {
        row.breach_of_spo_id = c.breachOf.id;
        row.parent_occurrence_id = c.breachOf.occurrenceId;
        row.classification = spoBreachOffence;
        row.offence = spoBreachOffence;
        row.principal_crime = spoBreachOffence;
      } else {
        const classifiedAt = recordedAt !== undefined ? recordedAt - r.int(2, 9) * MINUTE : r.chance(0.4) ? c.attendedAt + r.int(30, 180) * MINUTE : null;
        if (classifiedAt !== null && classifiedAt <= now) {
          const occasions = Math.max(2, c.incidents || 2);
          const fear = r.chance(0.35) ? Math.min(occasions, r.int(2, 4)) : r.chance(0.3) ? 1 : 0;
          const answers: ClassificationInput = {
            fixated: r.chance(0.85),
            obsessive: r.chance(0.7),
            unwanted: true,
            repeated: r.chance(0.97),
            occasions,
            fearOfViolenceOccasions: fear,
            seriousAlarmOrDistress: r.chance(0.25),
            exPartner: c.relationship === 'ex_intimate_partner',
          };
          const key = JSON.stringify(answers);
          let proposal = classificationCache.get(key);
          if (!proposal) classificationCache.set(key, (proposal = classify(answers)));
          let offence = proposal.offence;
          let differenceReason: string | null = null;
          if (offence === 's2A' && r.chance(0.04)) {
            offence = 's4A';
            differenceReason = 'The victim has changed her routine and stopped going to work: serious alarm or distress with a substantial adverse effect (AL-05).';
          }
          const classification = offence === 's2A' || offence === 's4A' ? 'stalking' : offence ? 'harassment' : 'none';
          classifications.push({
            id: r.uuid(),
            occurrence_id: row.id,
            answers: key,
            proposed_classification: proposal.classification,
            proposed_offence: proposal.offence,
            confirmed_offence: offence,
            difference_reason: differenceReason,
            other_offences: '[]',
            principal_crime: offence,
            assessed_by: c.attender.id,
            assessed_at: iso(classifiedAt),
          });
          row.classification = classification;
          row.offence = offence;
          row.principal_crime = offence;
          c.offence = offence;
          change(
            story,
            classifiedAt,
            c.attender,
            'occurrence.classified',
            [
              { field: 'classification', before: null, after: classification },
              { field: 'offence', before: null, after: offence },
              { field: 'relationship', before: null, after: c.relationship },
              { field: 'fourElementsPresent', before: null, after: proposal.fourElementsPresent.join(', ') || 'none' },
            ],
            proposal.requirements,
            differenceReason ? `Differs from the proposal (${proposal.offence ?? 'none'}): ${differenceReason}` : proposal.explanation,
          );
        }
      }
      if (recordedAt !== undefined) {
        row.crime_recorded_at = iso(recordedAt);
        row.reviewer = c.domestic ? 'DA_DS' : 'CID_DS';
      }
      if (c.at.triaged !== undefined) {
        row.triaged_at = iso(c.at.triaged);
        row.triaged_by = story.user('triaging_supervisor').id;
        row.allocated_unit = c.domestic ? 'DA_TEAM' : c.offence === 's4A' ? 'CID' : 'INVESTIGATION_TEAM';
      }
      if (c.oic) row.officer_in_charge_id = c.oic.id;
      if (c.finalisedAt !== null) {
        const outcome = outcomeFor(r);
        row.outcome = outcome;
        row.outcome_rationale = outcomeRationale[outcome] ?? null;
        row.finalised_at = iso(c.finalisedAt);
        row.finalised_by = story.user('triaging_supervisor').id;
        row.proportionate_investigation_complete = 1;
      }

      // DASH (AO-02) at attendance, endorsed by a supervisor (SV-02).
      const assessedAt = c.attendedAt + r.int(30, 180) * MINUTE;
      if (assessedAt > now || r.chance(0.03)) return;
      const yes = pickYes(r);
      const notKnown = r.int(0, 3);
      const answers: Record<string, string> = {};
      const order = dashQuestionIds.map((q) => q);
      for (let k = order.length - 1; k > 0; k--) {
        const j = r.int(0, k);
        [order[k], order[j]] = [order[j]!, order[k]!];
      }
      order.forEach((q, k) => (answers[q] = k < yes ? 'yes' : k < yes + notKnown ? 'not_known' : 'no'));
      const screening: Record<string, string> = {};
      const screeningYes = Math.min(11, Math.round(yes / 2.5) + r.int(0, 2));
      stalkingScreeningQuestionIds.forEach((q, k) => (screening[q] = k < screeningYes ? 'yes' : 'no'));
      const engaged = r.chance(0.93);
      const pj = r.chance(0.05) ? 'high' : undefined;
      const escalationYes = DASH_ESCALATION_QUESTIONS.some((q) => answers[q] === 'yes');
      const key = `${yes}|${notKnown}|${screeningYes}|${engaged}|${pj}|${escalationYes}|${screening[STALKING_THREATS_QUESTION]}`;
      let cached = riskCache.get(key);
      if (!cached) {
        const result = assessRisk({
          answers: answers as never,
          stalkingScreening: screening as never,
          victimEngaged: engaged,
          ...(engaged ? {} : { completedFromRecordsAndObservation: true }),
          ...(pj ? { professionalJudgementGrade: pj } : {}),
        });
        cached = { result, json: JSON.stringify(result) };
        riskCache.set(key, cached);
      }
      const result = cached.result;
      c.grade = result.grade;
      c.dashAt = assessedAt;
      const supervisor = story.user('supervisory_officer');
      const endorseDue = assessedAt + defaultParameters.riskEndorsementHours * HOUR;
      // SV-02: endorsed within hours; a few are not yet (owed even after finalisation, obligations.ts).
      // An allocated crime's DASH was endorsed before the allocation (allocateOfficerInCharge requires it).
      const allocatedAt = c.at.allocated;
      let endorsedAt = r.chance(0.93) ? assessedAt + r.int(1, 30) * HOUR : null;
      if (allocatedAt !== undefined) endorsedAt = Math.max(assessedAt + 5 * MINUTE, Math.min(endorsedAt ?? allocatedAt, allocatedAt - 10 * MINUTE));
      const endorsed = endorsedAt !== null && endorsedAt <= now;
      const endorsedGrade = result.grade === 'standard' && r.chance(0.05) ? 'medium' : result.grade;
      const riskId = r.uuid();
      risks.push({
        id: riskId,
        occurrence_id: row.id,
        sequence: 1,
        question_set: DASH_VERSION,
        answers: JSON.stringify(answers),
        screening: JSON.stringify(screening),
        context: '{}',
        victim_engaged: engaged ? 1 : 0,
        non_engagement_note: engaged ? null : 'Victim declined to answer; completed from police records and my observations at the address.',
        grade: result.gradeFromYesCount,
        officer_grade: result.grade,
        result: cached.json,
        assessed_by: c.attender.id,
        assessed_at: iso(assessedAt),
        endorsed_by: endorsed ? supervisor.id : null,
        endorsed_at: endorsed ? iso(endorsedAt!) : null,
        endorsed_grade: endorsed ? endorsedGrade : null,
        endorsement_note: endorsed && endorsedGrade !== result.grade ? 'Raised: repeat victimisation and the suspect’s access to the victim’s address.' : null,
        version: endorsed ? 2 : 1,
      });
      const created: FieldChange[] = [
        { field: 'riskGrade', before: null, after: result.grade },
        { field: 'dashYesCount', before: null, after: result.yesCount },
      ];
      const endorseTitle = `Endorse the DASH risk grading (assessment 1, ${result.grade})`;
      task(r, c, { action: 'endorse_risk', title: endorseTitle, requirement: 'SV-02', role: 'supervisory_officer', createdAt: assessedAt, dueAt: endorseDue, doneAt: endorsed ? endorsedAt : null, doneBy: supervisor, note: `Endorsed ${endorsedGrade}`, key: `endorse_risk:${riskId}`, ...owed.endorse_risk, outlivesCase: true });
      created.push(taskChange(endorseTitle, endorseDue, 'SV-02'));
      const later: (() => void)[] = [];
      if (result.scuLiaison) {
        // TS-05: the triaging detective sergeant's once the crime is triaged (the DS team's before); marked done by hand.
        const title = 'High risk: liaise with the Stalking Coordination Unit';
        const doneAt = r.chance(0.9) ? assessedAt + r.int(1, 48) * HOUR : null;
        const liaisonDue = assessedAt + defaultParameters.scuLiaisonHours * HOUR;
        const ds = story.user('triaging_supervisor');
        const triaged = c.at.triaged !== undefined && c.at.triaged <= Math.min(doneAt ?? now, now);
        const id = task(r, c, { action: 'scu_liaison', title, requirement: 'TS-05', ...(triaged ? { user: ds } : { role: 'triaging_supervisor' as const }), createdAt: assessedAt, dueAt: liaisonDue, doneAt, doneBy: ds, note: 'Discussed with the SCU', key: 'scu_liaison', ...owed.scu_liaison, closure: 'done' });
        later.push(() => taskDone(c, id, title, 'TS-05', doneAt, ds));
        created.push(taskChange(title, liaisonDue, 'TS-05'));
      }
      // TS-05: a DASH that meets a MARAC route is referred, or recorded as declined or not required (not a domestic case);
      // what the referral owes outlives the crime, so it is settled before the crime is finalised, or stays open.
      if (result.maracReferral.required) {
        const title = `Refer to MARAC (${result.maracReferral.routes.join(', ')})`;
        const doneAt = r.chance(c.finalisedAt !== null ? 0.98 : 0.9) ? assessedAt + r.int(2, 72) * HOUR : null;
        const status = !c.domestic ? 'not_required' : r.chance(0.92) ? 'made' : 'declined';
        const note = status === 'made' ? 'Referral sent to the MARAC coordinator' : status === 'declined' ? 'The victim declined the MARAC referral after it was explained' : 'Not a domestic abuse case: MARAC does not apply';
        task(r, c, { action: 'marac_referral', title, requirement: 'TS-05', role: 'supervisory_officer', createdAt: assessedAt, dueAt: endorseDue, doneAt, doneBy: supervisor, note: `Fulfilled: referral updated (${status})`, key: 'marac_referral', ...owed.marac_referral, outlivesCase: true });
        if (doneAt !== null) later.push(() => referral(r, c, { kind: 'marac', requirement: 'SV-03', reason: 'A MARAC referral route from the risk decision is met.', status, note, at: doneAt, by: supervisor, title }));
        created.push(taskChange(title, endorseDue, 'TS-05'));
      }
      // SC-05: the officer in charge's once the crime is allocated (the district's supervisors' before); it outlives the crime too.
      if (result.specialistSupportReferral) {
        const title = 'Offer a referral to specialist stalking support (safety planning)';
        const doneAt = r.chance(c.finalisedAt !== null ? 0.98 : 0.85) ? assessedAt + r.int(2, 120) * HOUR : null;
        const ownedByOic = Boolean(c.oic && c.at.allocated! <= Math.min(doneAt ?? now, now));
        const by = ownedByOic ? c.oic! : supervisor;
        const status = r.chance(0.7) ? 'made' : r.chance(0.85) ? 'declined' : 'not_required';
        const note = status === 'made' ? 'Referral accepted by the victim' : status === 'declined' ? 'The victim declined a referral to specialist stalking support' : 'The victim is already supported by a specialist stalking service';
        task(r, c, { action: 'specialist_support_referral', title, requirement: 'SC-05', ...(ownedByOic ? { user: c.oic! } : { role: 'supervisory_officer' as const }), createdAt: assessedAt, dueAt: endorseDue, doneAt, doneBy: by, note: `Fulfilled: referral updated (${status})`, key: 'specialist_support_referral', ...owed.specialist_support_referral, outlivesCase: true });
        if (doneAt !== null) later.push(() => referral(r, c, { kind: 'specialist_stalking_support', requirement: 'SC-05', reason: 'Offer a referral to a specialist stalking support service for safety planning and advice.', status, note, at: doneAt, by, title }));
        created.push(taskChange(title, endorseDue, 'SC-05'));
      }
      change(story, assessedAt, c.attender, 'risk_assessment.recorded', created, result.requirements, result.explanation);
      if (endorsed) change(story, endorsedAt!, supervisor, 'risk_assessment.endorsed', [{ field: 'endorsedGrade', before: result.grade, after: endorsedGrade }], ['SV-02']);
      for (const f of later) f();
    },
    async write(trx) {
      return (await insertClassifications(trx, classifications.splice(0))) + (await insertRiskAssessments(trx, risks.splice(0))) + (await insertMany(trx, 'referrals', referrals.splice(0)));
    },
  };

  // ---- Stalking Protection Orders (SP-01 to SP-10), breaches (BR-01 to BR-03) -----------------

  const spoType: SyntheticRecordType = {
    name: 'Stalking Protection Orders (visits, breaches)',
    forOccurrence(story, r) {
      const c = state();
      const row = story.occurrence;
      const p = defaultParameters;
      const holidays = englandAndWalesBankHolidays;
      const plusDays = (t: number, d: number) => Date.parse(addCalendarDays(iso(t), d));
      const plusHours = (t: number, h: number) => Date.parse(addHours(iso(t), h));
      if (c.breachOf) {
        // BR-01 to BR-03: the breach is its own crime; what it owes runs from when it was recorded as one,
        // on its own case (spo-obligations.ts, deriveBreach).
        const spo = c.breachOf;
        const t = c.at.recorded ?? story.created;
        const order = `the ${spo.orderType} Stalking Protection Order`;
        change(story, t, story.creator, 'spo.breach_recorded', [{ field: 'breach', before: null, after: `breach of ${order}` }], ['BR-01', 'BR-02', 'BR-03']);
        // BR-02: urgent arrest, by the officer in charge of the order's case; out of hours (or with none), the duty inspectors.
        const outOfHours = isOutOfHours(iso(t), p, holidays);
        const arrestAt = t + r.int(1, 12) * HOUR;
        const arrested = arrestAt <= now && (c.finalisedAt === null || arrestAt < c.finalisedAt);
        const arrestTask = task(r, c, {
          action: 'urgent_arrest',
          key: `urgent_arrest:${spo.id}`,
          title: `Breach of ${order}: urgent arrest is the standard response`,
          requirement: 'BR-02',
          ...(!outOfHours && spo.oicId ? { user: { id: spo.oicId } } : { role: 'duty_inspector' as const, forceWide: true }),
          createdAt: t,
          dueAt: plusHours(t, p.breachArrestHours),
          doneAt: arrested ? arrestAt : null,
          doneBy: c.attender,
          note: 'Fulfilled: suspect action recorded',
          byHand: 'not_applicable',
          fulfilledBy: 'recording the arrest of the subject on this breach',
        });
        if (arrested) {
          // The arrest is a suspect event the victim is told of (IO-04): a breach of the order is stalking too, so the enhanced service (1 working day).
          const arrestId = r.uuid();
          suspectActions.push({ id: arrestId, occurrence_id: row.id, action: 'arrest', conditions: null, bail_expires_on: null, victim_consulted: 0, note: 'Arrested on the breach of the order', at: iso(arrestAt), recorded_by: c.attender.id });
          change(story, arrestAt, c.attender, 'suspect_action.recorded', [{ field: 'suspectAction', before: null, after: 'arrest' }, ...(arrestTask ? [{ field: 'task', before: `Breach of ${order}: urgent arrest is the standard response`, after: 'done (suspect action recorded)' }] : [])], ['BR-02', 'IO-04']);
          const toldAt = r.chance(0.85) ? arrestAt + r.int(2, 30) * HOUR : null;
          const title = 'Inform the victim: the suspect was arrested';
          const informId = r.uuid();
          if (toldAt !== null) contacted(r, c, { at: toldAt, by: c.oic && c.at.allocated! <= toldAt ? c.oic : c.attender, taskId: informId, title, note: 'Told the victim of the arrest for the breach', requirements: ['IO-04', 'SV-03'] });
          // Fulfilled by the first contact with the victim since the arrest (this one, or another: a scheduled update).
          c.onContacts.push((firstContact) =>
            task(r, c, {
              id: informId,
              action: 'inform_victim',
              key: `inform_victim:${arrestId}`,
              title,
              requirement: 'IO-04',
              user: c.oic ?? c.attender,
              createdAt: arrestAt,
              dueAt: Date.parse(addWorkingDays(iso(arrestAt), p.victimUpdateEnhancedWorkingDays, holidays)),
              doneAt: firstContact(arrestAt),
              doneBy: c.oic ?? c.attender,
              note: 'Fulfilled: victim contact recorded',
              ...owed.inform_victim,
              outlivesCase: true,
            }),
          );
        }
        // BR-03: the risk reassessed now: by a DASH recorded since the breach, or marked done by hand.
        const byHandAt = r.chance(0.9) ? t + r.int(2, 48) * HOUR : null;
        const dash = c.dashAt !== null && c.dashAt >= t && (byHandAt === null || c.dashAt <= byHandAt) ? c.dashAt : null;
        const supervisor = story.user('supervisory_officer');
        task(r, c, {
          action: 'risk_reassessment',
          key: `risk_reassessment:breach:${spo.id}`,
          title: `The ${spo.orderType} Stalking Protection Order was breached: reassess the risk urgently (8-stage timeline)`,
          requirement: 'BR-03',
          ...(spo.oicId ? { user: { id: spo.oicId } } : { role: 'supervisory_officer' as const }),
          createdAt: t,
          dueAt: plusHours(t, p.breachRiskReassessmentHours),
          doneAt: dash ?? byHandAt,
          doneBy: dash !== null ? c.attender : supervisor,
          note: dash !== null ? 'Fulfilled: risk assessment recorded' : 'Risk reassessed with the victim and the offender manager: grading unchanged, safety plan refreshed',
          byHand: 'done',
          fulfilledBy: 'recording a DASH risk assessment on the breach or the order’s case, or marking it done with how the risk was reassessed',
          closure: dash !== null ? 'fulfilled' : 'done',
          outlivesCase: true,
        });
        return;
      }
      const ui = c.at.under_investigation;
      if (ui === undefined || !c.suspect?.surname || (c.offence !== 's2A' && c.offence !== 's4A') || !r.chance(c.domestic ? 0.03 : 0.012)) return;
      const oic = c.oic ?? story.user('investigating_officer');
      const scu = story.user('scu_officer');
      const considered = ui + r.int(1, 10) * DAY;
      if (considered > now) return;
      const stages: [status: string, at: number][] = [['considered', considered]];
      let t = considered;
      const next = (status: string, days: [number, number]) => {
        t += r.int(days[0], days[1]) * DAY + r.int(0, 8) * HOUR;
        if (t <= now) stages.push([status, t]);
        return t <= now;
      };
      const refused = r.chance(0.1);
      const interimFirst = r.chance(0.35);
      const ok =
        next('referred', [1, 7]) &&
        next('approved', [2, 10]) &&
        next('awaiting_authority', [2, 10]) &&
        next('authorised', [1, 5]) &&
        next(refused ? 'refused' : interimFirst ? 'interim' : 'full', [5, 25]) &&
        (!interimFirst || refused ? true : next('full', [14, 60]));
      void ok;
      const [status, statusAt] = stages[stages.length - 1]!;
      const grantedStage = stages.find(([s]) => s === 'interim' || s === 'full');
      const fullStage = stages.find(([s]) => s === 'full');
      const grantedAt = grantedStage?.[1] ?? null;
      const expiresOn = fullStage ? (r.chance(0.1) ? null : addMonths(dateOf(fullStage[1]), 24)) : null;
      const om = story.user('da_offender_manager');
      const omSupervisor = story.user('offender_manager_supervisor');
      const omAllocatedAt = grantedAt !== null ? grantedAt + r.int(1, 4) * DAY : null;
      const id = r.uuid();
      const stamp = (at: number, by: Actor, extra: Record<string, unknown> = {}) => JSON.stringify({ ...extra, by: by.displayName, at: iso(at) });
      const stageAt = (s: string) => stages.find(([x]) => x === s)?.[1];
      const terms = [
        { kind: 'prohibition', text: `Not to contact ${personName(c.victim)} directly or indirectly, including through social media` },
        { kind: 'prohibition', text: `Not to enter ${c.victim.address ? c.victim.address.split(',').slice(1).join(',').trim() || 'the victim’s street' : 'the victim’s street'}` },
        { kind: 'requirement', text: 'To notify the police of any change of name or address within 3 days' },
      ];
      // Each order the court made, oldest first (an interim, then a full one), as recordCourtOutcome keeps them.
      const grants = stages.filter(([s]) => s === 'interim' || s === 'full').map(([s, at]) => ({ orderType: s as 'interim' | 'full', grantedOn: dateOf(at), at: iso(at), crossBorder: false }));
      const referredAt = stageAt('referred');
      const approvedAt = stageAt('approved');
      const appliedAt = stageAt('awaiting_authority');
      const authorisedAt = stageAt('authorised');
      const superintendent = story.user('authorising_superintendent');
      spoCases.push({
        id,
        occurrence_id: row.id,
        respondent_person_id: c.suspect.id,
        status,
        consideration: stamp(considered, oic, { actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true, decision: { considerApplication: true } }),
        referral: referredAt !== undefined ? stamp(referredAt, oic, { summary: 'Course of conduct continuing despite arrest; victim in fear.', crossBorder: false }) : null,
        scu_decision: approvedAt !== undefined ? stamp(approvedAt, scu, { decision: 'approve', reason: 'The three conditions are met and an order is necessary to protect the victim.' }) : null,
        application: appliedAt !== undefined ? stamp(appliedAt, oic, { court: 'Leeds Magistrates’ Court' }) : null,
        authority: authorisedAt !== undefined ? stamp(authorisedAt, superintendent, { decision: { authorised: true } }) : null,
        court: grantedAt !== null ? stamp(statusAt, oic, { outcome: status, grants }) : status === 'refused' ? stamp(statusAt, oic, { outcome: status }) : null,
        order_type: grantedStage ? (fullStage ? 'full' : 'interim') : null,
        granted_on: grantedAt !== null ? dateOf(fullStage?.[1] ?? grantedAt) : null,
        expires_on: expiresOn,
        terms: grantedAt !== null ? JSON.stringify(terms) : null,
        offender_manager_id: omAllocatedAt !== null && omAllocatedAt <= now ? om.id : null,
        created_at: iso(considered),
        created_by: oic.id,
        updated_at: iso(statusAt),
        version: stages.length,
      });
      change(story, considered, oic, 'spo.considered', [{ field: 'spoConsidered', before: null, after: 'apply: the three conditions appear to be met' }], ['SP-01', 'SV-04']);
      const actions: Record<string, [string, Actor, string[]]> = {
        referred: ['spo.referred', oic, ['SP-02', 'SC-04']],
        approved: ['spo.referral_approved', scu, ['SC-04', 'SP-03']],
        awaiting_authority: ['spo.application_prepared', oic, ['SP-03', 'BR-03']],
        authorised: ['spo.authorised', superintendent, ['SP-04']],
        interim: ['spo.court_interim', oic, ['SP-05', 'SP-07', 'SP-08', 'SP-09']],
        full: ['spo.court_full', oic, ['SP-05', 'SP-07', 'SP-08', 'SP-09']],
        refused: ['spo.court_refused', oic, ['SP-05', 'SP-07', 'SP-08', 'SP-09']],
      };
      for (const [s, at] of stages.slice(1)) {
        const [action, by, requirements] = actions[s]!;
        change(story, at, by, action, [{ field: 'spoStatus', before: null, after: s }], requirements);
      }
      // The order's obligations (spo-obligations.ts, deriveOrder), each opened when its step was
      // recorded and fulfilled by the next; an order outlives the crime, so finalising it ends none.
      // The investigator's steps are the officer in charge's (who also considered the order).
      const spoTask = (x: Omit<Parameters<typeof task>[2], 'outlivesCase'>) => task(r, c, { ...x, outlivesCase: true });
      // SC-04: the referral waits for the SCU's decision.
      if (referredAt !== undefined) {
        spoTask({ action: 'spo_scu_decision', key: `spo_scu_decision:${id}:${iso(referredAt)}`, title: 'Decide the Stalking Protection Order referral (SPOR1): approve, return for more information, or decline', requirement: 'SC-04', role: 'scu_officer', forceWide: true, createdAt: referredAt, dueAt: plusDays(referredAt, p.spoScuDecisionDays), doneAt: approvedAt ?? null, doneBy: scu, note: 'Fulfilled: spo referral approved', byHand: 'never', fulfilledBy: 'recording the SCU’s decision on the referral' });
      }
      // SP-03: the SCU approved: the application for superintendent authority.
      if (approvedAt !== undefined) {
        spoTask({ action: 'spo_apply', key: `spo_apply:${id}:${iso(approvedAt)}`, title: 'The SCU approved the referral: complete the overarching statement and application (SPO1) for superintendent authority', requirement: 'SP-03', user: oic, createdAt: approvedAt, dueAt: plusDays(approvedAt, p.spoApplicationDays), doneAt: appliedAt ?? null, doneBy: oic, note: 'Fulfilled: spo application prepared', byHand: 'not_applicable', fulfilledBy: 'sending the application for superintendent authority' });
      }
      if (appliedAt !== undefined) {
        // SP-04: the superintendent's authority.
        spoTask({ action: 'spo_authority', key: `spo_authority:${id}`, title: 'Authorise or refuse the Stalking Protection Order application (necessary, proportionate, justified; both parties’ human rights)', requirement: 'SP-04', role: 'authorising_superintendent', createdAt: appliedAt, dueAt: plusDays(appliedAt, p.spoAuthorityDays), doneAt: authorisedAt ?? null, doneBy: superintendent, note: 'Fulfilled: spo authorised', byHand: 'never', fulfilledBy: 'recording the authority decision with its rationale' });
        // BR-03: an application may trigger escalation: the risk reassessed (marked done with how).
        spoTask({ action: 'risk_reassessment', key: `risk_reassessment:application:${id}`, title: 'A Stalking Protection Order was applied for: reassess the risk (it may trigger escalation)', requirement: 'BR-03', user: oic, createdAt: appliedAt, dueAt: plusHours(appliedAt, p.spoApplicationRiskReassessmentHours), doneAt: r.chance(0.85) ? appliedAt + r.int(2, 30) * HOUR : null, doneBy: oic, note: 'Risk reassessed with the victim: grading unchanged, safety plan reviewed', byHand: 'done', fulfilledBy: 'recording a DASH risk assessment, or marking it done with how the risk was reassessed', closure: 'done' });
      }
      if (grantedAt === null) return;
      const spoCourse: SpoInForce = { id, occurrenceId: row.id, oicId: c.oic?.id ?? null, grantedAt, expiresAt: expiresOn ? Date.parse(`${expiresOn}T23:59:59Z`) : grantedAt + 5 * 365 * DAY, orderType: fullStage ? 'full' : 'interim' };
      c.course.spo = spoCourse;
      remember(orderedCourses, c.course, orderedCounter);
      // SP-05: each order the court made: the national record (marked done), the victim told (a contact).
      for (const g of grants) {
        const at = Date.parse(g.at);
        const what = `${g.orderType} Stalking Protection Order`;
        spoTask({ action: 'spo_update_national_record', key: `spo_update_national_record:${id}:${g.orderType}`, title: `Create the court order record and update the national record (PNC): ${what}`, requirement: 'SP-05', user: oic, createdAt: at, dueAt: plusDays(at, p.spoGrantActionsDays), doneAt: at + r.int(2, 30) * HOUR, doneBy: oic, note: 'Court order record created and PNC updated', byHand: 'done', fulfilledBy: 'marking it done once the court order record is created and the national record updated', closure: 'done' });
        const toldAt = at + r.int(1, 20) * HOUR;
        const title = `Inform the victim of the ${what} and its terms`;
        const informId = r.uuid();
        contacted(r, c, { at: toldAt, by: oic, taskId: informId, title, note: `Told the victim of the ${what} and its terms`, requirements: ['SP-05', 'SV-03'] });
        // Fulfilled by the first contact with the victim since the order was made (this one, or a scheduled update before it).
        c.onContacts.push((firstContact) => spoTask({ id: informId, action: 'spo_inform_victim', key: `spo_inform_victim:${id}:${g.orderType}`, title, requirement: 'SP-05', user: oic, createdAt: at, dueAt: Date.parse(informVictimDeadline(g.at, `the court made a ${what}`, true, p, holidays).due), doneAt: firstContact(at), doneBy: oic, note: 'Fulfilled: victim contact recorded', byHand: 'never', fulfilledBy: 'recording a contact with the victim' }));
      }
      // Visits: the initial one, then every 4 to 8 weeks while the order lasts (SP-08, SP-10); each recorded within hours.
      const visits: { on: number; recordedAt: number; kind: string }[] = [];
      const until = Math.min(now, spoCourse.expiresAt, grantedAt + 400 * DAY);
      for (let visit = grantedAt + r.int(1, 9) * DAY; visit <= until; visit += r.int(28, 56) * DAY) {
        const recordedAt = visit + r.int(1, 6) * HOUR;
        if (recordedAt > now) break;
        visits.push({ on: visit, recordedAt, kind: visits.length ? 'scheduled' : 'initial' });
      }
      // SP-07: an offender manager allocated; the offender manager's steps are theirs from then.
      const omBy = (at: number) => (omAllocatedAt !== null && omAllocatedAt <= Math.min(at, now) ? { user: om } : { role: 'da_offender_manager' as const, forceWide: true });
      spoTask({ action: 'spo_allocate_offender_manager', key: `spo_allocate_offender_manager:${id}`, title: 'A Stalking Protection Order was made: allocate a DA Offender Manager to manage the subject', requirement: 'SP-07', role: 'offender_manager_supervisor', forceWide: true, createdAt: grantedAt, dueAt: plusDays(grantedAt, p.spoAllocateOffenderManagerDays), doneAt: omAllocatedAt, doneBy: omSupervisor, note: `Fulfilled: spo offender manager allocated (${om.displayName})`, byHand: 'never', fulfilledBy: 'allocating an offender manager' });
      if (omAllocatedAt !== null && omAllocatedAt <= now) change(story, omAllocatedAt, omSupervisor, 'spo.offender_manager_allocated', [{ field: 'offenderManager', before: null, after: om.displayName }], ['SP-07']);
      // SP-08: the initial visit, within 7 days of the first order, met by any visit.
      const first = visits[0];
      spoTask({ action: 'initial_visit', key: `initial_visit:${id}`, title: `Initial visit to the subject (within ${p.spoInitialVisitDays} days of the order)`, requirement: 'SP-08', ...omBy(first?.recordedAt ?? now), createdAt: grantedAt, dueAt: Date.parse(endOfDay(addCalendarDays(dateOf(grantedAt), p.spoInitialVisitDays))), doneAt: first?.recordedAt ?? null, doneBy: om, note: 'Fulfilled: spo visit recorded', byHand: 'never', fulfilledBy: 'recording a visit to the subject' });
      for (const v of visits) {
        spoVisits.push({ id: r.uuid(), spo_id: id, visited_on: dateOf(v.on), kind: v.kind, note: v.kind === 'initial' ? 'Initial visit: order and its terms explained; subject management pack issued.' : 'Scheduled visit: compliant; no change of address.', recorded_by: om.id, recorded_at: iso(v.recordedAt) });
        change(story, v.recordedAt, om, 'spo.visit_recorded', [{ field: 'visit', before: null, after: `${v.kind === 'initial' ? 'Initial' : 'Scheduled'} visit on ${dateOf(v.on)}` }], ['SP-08', 'SP-10']);
      }
      // SP-09: a full order with an expiry: the renewal request, due 3 months before; here not sought (closed as not applicable, with the reason).
      if (expiresOn && fullStage) {
        const renewalDue = Date.parse(endOfDay(addMonths(expiresOn, -p.spoRenewalLeadMonths)));
        const decidedAt = renewalDue - r.int(1, 20) * DAY;
        spoTask({ action: 'renewal_request', key: `renewal_request:${id}:${expiresOn}`, title: 'Renewal request to the SCU, in writing, with new acts, risk and continued necessity', requirement: 'SP-09', ...omBy(Math.min(decidedAt, now)), createdAt: fullStage[1], dueAt: renewalDue, doneAt: decidedAt, doneBy: om, note: 'Renewal not sought: no further acts since the order and the risk is now managed', byHand: 'not_applicable', fulfilledBy: 'sending the renewal request to the SCU', closure: 'not_applicable' });
      }
      // SP-07: a flag on the subject for the life of the order.
      if ((flaggedUntil.get(c.suspect.id) ?? 0) < grantedAt) {
        const starts = dateOf(grantedAt);
        const expires = expiresOn ?? addMonths(starts, 12);
        const expiresAt = Date.parse(`${expires}T09:00:00.000Z`);
        flags.push({ id: r.uuid(), person_id: c.suspect.id, occurrence_id: row.id, reason: `Subject of a ${spoCourse.orderType} Stalking Protection Order`, notify: 'Task the DA Offender Manager and the SCU: possible breach of a Stalking Protection Order', starts_on: starts, expires_on: expires, status: expiresAt > now ? 'active' : 'removed', review_outcome: expiresAt > now ? null : 'removed', created_at: iso(grantedAt), created_by: oic.id, updated_at: iso(expiresAt > now ? grantedAt : expiresAt), version: expiresAt > now ? 1 : 2 });
        flaggedUntil.set(c.suspect.id, expiresAt);
      }
    },
    async write(trx) {
      return (
        (await insertSpoCases(trx, spoCases.splice(0))) +
        (await insertSpoVisits(trx, spoVisits.splice(0))) +
        (await insertMany(trx, 'suspect_actions', suspectActions.splice(0)))
      );
    },
  };

  // ---- 'notify if' flags (FL-01 to FL-03) ----------------------------------------------------

  const flagsType: SyntheticRecordType = {
    name: "'notify if' flags",
    forOccurrence(story, r) {
      const c = state();
      const recordedAt = c.at.recorded;
      if (recordedAt === undefined || !c.suspect?.surname || (c.offence !== 's2A' && c.offence !== 's4A') || !r.chance(0.03)) return;
      const setAt = recordedAt + r.int(1, 10) * DAY;
      if (setAt > now || (flaggedUntil.get(c.suspect.id) ?? 0) > setAt) return;
      const by = c.oic ?? c.attender;
      const scu = story.user('scu_officer');
      const starts = dateOf(setAt);
      let expires = addMonths(starts, 12);
      let status = 'active';
      let outcome: string | null = null;
      let updated = setAt;
      let version = 1;
      let extendedTo: string | null = null;
      const title = `Review the notify-if flag on ${personName(c.suspect)} (review window opens ${addMonths(expires, -1)})`;
      const reviewDue = Date.parse(`${expires}T09:00:00.000Z`);
      // FL-02: reviewed in the month before expiry: removed, or extended once if there were further incidents.
      let reviewedAt: number | null = reviewDue - r.int(1, 28) * DAY;
      if (reviewedAt > now || r.chance(0.05)) reviewedAt = null;
      if (reviewedAt !== null) {
        version = 2;
        updated = reviewedAt;
        if (r.chance(0.25)) {
          outcome = 'extended';
          expires = extendedTo = addMonths(expires, 12);
          const extendedDue = Date.parse(`${expires}T09:00:00.000Z`);
          if (extendedDue < now) {
            status = 'removed';
            outcome = 'removed';
            updated = extendedDue - DAY;
            version = 3;
          }
        } else {
          status = 'removed';
          outcome = 'removed';
        }
      }
      flags.push({ id: r.uuid(), person_id: c.suspect.id, occurrence_id: story.occurrence.id, reason: 'Suspect in a stalking crime: tell the SCU of any contact with police', notify: 'Task the SCU and the officer in charge', starts_on: starts, expires_on: expires, status, review_outcome: outcome, created_at: iso(setAt), created_by: by.id, updated_at: iso(updated), version });
      flaggedUntil.set(c.suspect.id, status === 'active' ? Date.parse(`${expires}T09:00:00.000Z`) : updated);
      // FL-02: the review is no obligation of the case (a flag outlives the crime): the review closes it, as reviewNotifyIfFlag does.
      const id = task(r, c, { action: 'flag_review', title, requirement: 'FL-02', role: 'scu_officer', createdAt: setAt, dueAt: reviewDue, doneAt: reviewedAt, doneBy: scu, note: extendedTo ? 'extend' : 'remove', outlivesCase: true });
      if (reviewedAt !== null && extendedTo) {
        // Extended: the extended flag's own review, by its new expiry (force-wide, as the use case writes it).
        task(r, c, { action: 'flag_review', title: `Review the extended notify-if flag (review window opens ${addMonths(extendedTo, -1)})`, requirement: 'FL-02', role: 'scu_officer', forceWide: true, createdAt: reviewedAt, dueAt: Date.parse(`${extendedTo}T09:00:00.000Z`), doneAt: status === 'removed' ? updated : null, doneBy: scu, note: 'remove', outlivesCase: true });
      }
      change(story, setAt, by, 'notify_if_flag.added', [{ field: 'notifyIfFlag', before: null, after: `${starts} to ${addMonths(starts, 12)}: Task the SCU and the officer in charge` }, taskChange(title, reviewDue, 'FL-02')], ['FL-01', 'FL-03']);
      if (reviewedAt !== null && id) change(story, reviewedAt, scu, extendedTo ? 'notify_if_flag.extended' : 'notify_if_flag.removed', [{ field: 'notifyIfFlag', before: `active to ${addMonths(starts, 12)}`, after: extendedTo ? `extended to ${extendedTo}` : 'removed' }], ['FL-02']);
      if (extendedTo && status === 'removed' && updated <= now) change(story, updated, scu, 'notify_if_flag.removed', [{ field: 'notifyIfFlag', before: `active to ${extendedTo}`, after: 'removed' }], ['FL-02']);
    },
    async write(trx) {
      return insertFlags(trx, flags.splice(0));
    },
  };

  // ---- tasks (ID-07, CS-01, CS-05, SV-03) and writing them all --------------------------------

  const tasksType: SyntheticRecordType = {
    name: 'tasks',
    forOccurrence(story, r) {
      const c = state();
      const row = story.occurrence;
      const emergency = row.call_grade === 'emergency';
      const recordedAt = c.at.recorded ?? null;
      // ID-07: the crime recording decision, due 24 hours from receipt, for the person who recorded the report.
      const p = defaultParameters;
      const recordingDue = story.received + p.recordingDecisionHours * HOUR;
      task(r, c, { action: 'recording_decision', title: 'Make the crime recording decision', requirement: 'ID-07', user: story.creator, createdAt: story.created, dueAt: recordingDue, doneAt: recordedAt, doneBy: c.attender, note: recordedAt !== null && recordedAt > recordingDue ? 'Recorded after the 24-hour deadline' : 'Recorded within 24 hours', key: 'recording_decision', ...owed.recording_decision });
      // CS-01 / CS-05: assigning the attending officer, within the call grade's deployment window (none for a call resolved without deployment).
      const handler = story.user('call_handler');
      const deployBy =
        row.call_grade === 'emergency' ? p.emergencyDeploymentMinutes * MINUTE : row.call_grade === 'priority' ? p.priorityDeploymentMinutes * MINUTE : row.call_grade === 'scheduled' ? p.scheduledDeploymentHours * HOUR : null;
      if (deployBy !== null) {
        task(r, c, { action: 'assign_attending_officer', title: emergency ? 'Emergency: deploy an attending officer now' : 'Assign an attending officer', requirement: emergency ? 'CS-01' : 'CS-05', role: 'call_handler', createdAt: story.created, dueAt: story.received + deployBy, doneAt: c.assignedAt, doneBy: handler, note: `Assigned ${c.attender.displayName}`, key: 'assign_attending_officer', byHand: emergency ? 'never' : 'not_applicable', fulfilledBy: owed.assign_attending_officer.fulfilledBy });
      }
      if (c.assignedAt <= now) {
        row.attending_officer_id = c.attender.id;
        change(story, c.assignedAt, handler, 'attendance.assigned', [{ field: 'attendingOfficerId', before: null, after: c.attender.id }], ['CS-05']);
      }
      const holidays = englandAndWalesBankHolidays;
      const plusHours = (t: number, h: number) => Date.parse(addHours(iso(t), h));
      const plusDays = (t: number, d: number) => Date.parse(addCalendarDays(iso(t), d));
      const supervisor = story.user('supervisory_officer');
      const ds = story.user('triaging_supervisor');
      // AO-01: the attending officer attends; the DASH recorded shows it (without one, the attendance is marked done).
      if (c.assignedAt <= now) {
        const title = emergency ? 'Attend now (emergency) and complete the primary investigation' : 'Attend and complete the primary investigation';
        const byHandAt = c.dashAt === null && r.chance(0.85) ? c.attendedAt + r.int(1, 6) * HOUR : null;
        const id = task(r, c, {
          action: 'attend',
          key: `attend:${c.attender.id}`,
          title,
          requirement: 'AO-01',
          user: c.attender,
          createdAt: c.assignedAt,
          dueAt: emergency ? c.assignedAt + p.emergencyDeploymentMinutes * MINUTE : plusHours(c.assignedAt, p.attendWithinHours),
          doneAt: c.dashAt ?? byHandAt,
          doneBy: c.attender,
          note: c.dashAt !== null ? 'Fulfilled: risk assessment recorded' : 'Attended; the victim did not want the DASH completed at the time',
          ...owed.attend,
          closure: c.dashAt !== null ? 'fulfilled' : 'done',
        });
        if (c.dashAt === null) taskDone(c, id, title, 'AO-01', byHandAt, c.attender);
      }
      // SV-01: the triaging detective sergeant allocates an officer in charge.
      if (c.at.triaged !== undefined) {
        task(r, c, { action: 'allocate', key: 'allocate', title: 'Allocate an officer in charge', requirement: 'SV-01', user: ds, createdAt: c.at.triaged, dueAt: plusHours(c.at.triaged, p.allocationHours), doneAt: c.at.allocated ?? null, doneBy: ds, note: 'Fulfilled: occurrence allocated', ...owed.allocate });
      }
      if (c.oic && c.at.allocated !== undefined) {
        const oic = c.oic;
        const allocatedAt = c.at.allocated;
        change(story, allocatedAt, ds, 'occurrence.allocated', [{ field: 'officerInCharge', before: null, after: oic.displayName }], ['SV-01', 'AL-02', 'AL-05']);
        // IO-02: the officer in charge reviews the DASH and the safety plan; SV-03: a supervisor reviews the investigation. Both marked done.
        const reviewTitle = 'Review the DASH and make sure an effective safety plan is in place';
        const reviewAt = r.chance(0.9) ? allocatedAt + r.int(1, 30) * HOUR : null;
        const reviewId = task(r, c, { action: 'review_dash_safety_plan', key: `review_dash_safety_plan:${oic.id}`, title: reviewTitle, requirement: 'IO-02', user: oic, createdAt: allocatedAt, dueAt: plusHours(allocatedAt, p.safetyPlanReviewHours), doneAt: reviewAt, doneBy: oic, note: 'DASH reviewed; the safety plan is in place and was gone through with the victim', ...owed.review_dash_safety_plan, closure: 'done' });
        taskDone(c, reviewId, reviewTitle, 'IO-02', reviewAt, oic);
        const svTitle = 'Supervisor review of the investigation and the risk';
        const svAt = r.chance(0.85) ? allocatedAt + r.int(2, 16) * DAY + r.int(0, 8) * HOUR : null;
        const svId = task(r, c, { action: 'supervisor_review', key: 'supervisor_review', title: svTitle, requirement: 'SV-03', role: 'supervisory_officer', createdAt: allocatedAt, dueAt: plusDays(allocatedAt, p.supervisorReviewDays), doneAt: svAt, doneBy: supervisor, note: 'Investigation plan and risk reviewed: lines of enquiry proportionate, safety plan current', ...owed.supervisor_review, closure: 'done' });
        taskDone(c, svId, svTitle, 'SV-03', svAt, supervisor);
        // XC-01: the contact plan agreed with the victim, mostly within the two days.
        const every = r.pick([7, 14, 14, 28]);
        const planAt = allocatedAt + r.int(2, 60) * HOUR;
        const agreed = planAt <= now && (c.finalisedAt === null || planAt < c.finalisedAt);
        task(r, c, { action: 'agree_victim_contact_plan', key: 'agree_victim_contact_plan', title: 'Agree a contact plan with the victim (how often they will be updated)', requirement: 'XC-01', user: oic, createdAt: allocatedAt, dueAt: plusDays(allocatedAt, p.contactPlanDays), doneAt: agreed ? planAt : null, doneBy: oic, note: 'Fulfilled: victim contact plan agreed', ...owed.agree_victim_contact_plan });
        if (agreed) {
          row.victim_contact_every_days = every;
          change(story, planAt, oic, 'victim_contact_plan.agreed', [{ field: 'victimContactEveryDays', before: null, after: every }], ['SV-03', 'XC-01']);
          // SV-03: an update at the agreed frequency from the plan or the last contact (any contact: a scheduled
          // update, or telling the victim of an order or an arrest); mostly a day or two early, some late.
          const title = `Update the victim (agreed every ${every} days)`;
          const end = Math.min(now, c.finalisedAt ?? now);
          const others = [...c.contacts].sort((a, b) => a - b);
          let from = planAt;
          // A long investigation's earlier updates are summed up by the last of them: only the last few are written with
          // their tasks (the generator is benchmarked against raw inserts), from that contact on.
          const recent = end - 4 * every * DAY;
          if (recent > planAt) {
            from = recent - r.int(1, 20) * HOUR;
            contacted(r, c, { at: from, by: oic, taskId: null, title, note: r.pick(updateNotes), requirements: ['SV-03'], method: 'phone' });
          }
          for (;;) {
            const due = plusDays(from, every);
            const planned = r.chance(0.85) ? due - r.int(0, 2) * DAY - r.int(1, 8) * HOUR : due + r.int(1, 5) * DAY + r.int(0, 8) * HOUR;
            const at = Math.max(planned, from + HOUR);
            const other = others.find((t) => t > from && t <= at);
            const closeAt = other ?? at;
            const closes = closeAt <= end;
            const id = r.uuid();
            task(r, c, { id, action: 'scheduled_victim_contact', key: `scheduled_victim_contact:${iso(from)}`, title, requirement: 'SV-03', user: oic, createdAt: from, dueAt: due, doneAt: closes ? closeAt : null, doneBy: oic, note: 'Fulfilled: victim contact recorded', ...owed.scheduled_victim_contact });
            if (!closes) break;
            if (other === undefined) contacted(r, c, { at, by: oic, taskId: id, title, note: r.pick(updateNotes), requirements: ['SV-03'], method: r.chance(0.8) ? 'phone' : 'in_person' });
            from = closeAt;
          }
        }
      }
      // IO-04, IO-13: finalised without proceeding: the victim is told (a contact) and support services updated (marked done).
      if (c.finalisedAt !== null && withoutProceeding.has(row.outcome ?? '')) {
        const finalisedAt = c.finalisedAt;
        const by = c.oic ?? supervisor;
        const owner = c.oic ? { user: c.oic } : { role: 'supervisory_officer' as const };
        const stalking = row.offence === null || row.offence === 's2A' || row.offence === 's4A' || row.offence === spoBreachOffence;
        const informDue = Date.parse(addWorkingDays(iso(finalisedAt), stalking ? p.victimUpdateEnhancedWorkingDays : p.victimUpdateStandardWorkingDays, holidays));
        const u = r.float();
        const toldAt = u < 0.9 ? finalisedAt + r.int(1, 20) * HOUR : u < 0.97 ? informDue + r.int(1, 6) * DAY : null;
        const informTitle = 'Inform the victim of the decision not to proceed';
        const informId = r.uuid();
        if (toldAt !== null) contacted(r, c, { at: toldAt, by, taskId: informId, title: informTitle, note: 'Explained the decision not to proceed and the right to review; support details given again', requirements: ['IO-04', 'IO-06'] });
        c.onContacts.push((firstContact) =>
          task(r, c, { id: informId, action: 'inform_victim', key: `inform_victim:finalised:${iso(finalisedAt)}`, title: informTitle, requirement: 'IO-04', ...owner, createdAt: finalisedAt, dueAt: informDue, doneAt: firstContact(finalisedAt), doneBy: by, note: 'Fulfilled: victim contact recorded', ...owed.inform_victim, outlivesCase: true }),
        );
        const v = r.float();
        const servicesDue = plusDays(finalisedAt, p.supportServicesUpdateDays);
        const servicesAt = v < 0.9 ? finalisedAt + r.int(1, 40) * HOUR : v < 0.96 ? servicesDue + r.int(1, 10) * DAY : null;
        const servicesTitle = 'Update any support services the victim engages with about the outcome';
        const servicesId = task(r, c, { action: 'update_support_services', key: `update_support_services:${iso(finalisedAt)}`, title: servicesTitle, requirement: 'IO-13', ...owner, createdAt: finalisedAt, dueAt: servicesDue, doneAt: servicesAt, doneBy: by, note: r.pick(['Told the IDVA service of the outcome', 'The victim engages with no support services', 'Told the specialist stalking advocate of the outcome']), ...owed.update_support_services, closure: 'done', outlivesCase: true });
        taskDone(c, servicesId, servicesTitle, 'IO-13', servicesAt, by);
      }
      // Tasks fulfilled by a contact with the victim close at the first contact since they opened, whichever it was.
      const firstContact = (at: number) => {
        let first: number | null = null;
        for (const t of c.contacts) if (t >= at && t <= now && (first === null || t < first)) first = t;
        return first;
      };
      for (const f of c.onContacts) f(firstContact);
      current = null;
    },
    async write(trx) {
      // Planted patterns are reported once their occurrences exist.
      planted.serialPerpetrators = plans
        .filter((p): p is Extract<Plan, { kind: 'serial' }> => p.kind === 'serial' && p.suspect !== null && p.occurrenceIds.length > 0)
        .map((p) => ({ personId: p.suspect!.id, name: personName(p.suspect!), victimIds: p.victims.map((v) => v.id), occurrenceIds: p.occurrenceIds }));
      planted.repeatVictims = plans
        .filter((p): p is Extract<Plan, { kind: 'repeat' }> => p.kind === 'repeat' && p.victim !== null && p.occurrenceIds.length > 0)
        .map((p) => ({ personId: p.victim!.id, name: personName(p.victim!), suspectIds: p.suspects.map((s) => s.id), occurrenceIds: p.occurrenceIds }));
      // Victim contacts name the task they fulfilled, so they follow the tasks.
      return (await insertTasks(trx, tasks.splice(0))) + (await insertMany(trx, 'victim_contacts', victimContacts.splice(0)));
    },
  };

  return { recordTypes: [peopleAndParties, incidentsType, classificationAndRisk, spoType, flagsType, tasksType], planted };
}

const updateNotes: readonly string[] = [
  'Scheduled update: told the victim where the investigation is; no new incidents',
  'Scheduled update: enquiries continuing; safety plan checked, nothing further reported',
  'Scheduled update: victim reports one further message, added to the crime',
  'Scheduled update: explained the next steps and the expected timescale',
];

const occurrenceDefaults: Partial<Database['occurrences']> = {
  classification: null,
  offence: null,
  principal_crime: null,
  crime_recorded_at: null,
  cyber_flag: 0,
  threat_to_life: 0,
  duty_inspector_notified_at: null,
  workforce_involved: 0,
  attending_officer_id: null,
  evidence_advice_given: 0,
  attendance_message: null,
  victim_supports_prosecution: 1,
  relationship: null,
  adult_at_risk: 0,
  honour_based_abuse: 0,
  coercive_control: 0,
  prolonged_course: 0,
  cumulative_impact: 0,
  perpetrator_escalation: 0,
  proportionate_investigation_complete: 0,
  reviewer: null,
  allocated_unit: null,
  officer_in_charge_id: null,
  triaged_at: null,
  triaged_by: null,
  outcome: null,
  outcome_rationale: null,
  finalised_at: null,
  finalised_by: null,
  victim_contact_every_days: null,
  breach_of_spo_id: null,
  parent_occurrence_id: null,
};

const streets: readonly string[] = ['High Street', 'Church Lane', 'Station Road', 'Park Avenue', 'Victoria Road', 'Mill Lane', 'Queen Street', 'Manor Road', 'Green Lane', 'New Road', 'King Street', 'Chapel Street', 'Moor Lane', 'Albert Road', 'Springfield Road', 'Westfield Road', 'Woodlands Drive', 'Hall Lane', 'Bank Street', 'Cross Street'];

/** The incidents of a planted escalating course: online in the 90 days before the last 30, then more, or worse, in the last 30 (DI-01, ID-05). */
function escalationIncidents(r: Prng, pattern: 'rate_rising' | 'online_to_in_person' | 'online_to_threats', received: number, now: number): PlannedIncident[] {
  const priorFrom = Math.max(now - 115 * DAY, received - 60 * DAY);
  const priorTo = Math.min(now - 35 * DAY, received - HOUR);
  const prior = (n: number) =>
    Array.from({ length: n }, (_, k) => ({ at: priorFrom + ((priorTo - priorFrom) * (k + 0.5)) / n, channel: r.pick(['text', 'social_media'] as const), actType: 'contacting' }));
  const recent = (n: number, make: (k: number) => Omit<PlannedIncident, 'at'>) =>
    Array.from({ length: n }, (_, k) => ({ at: Math.max(now - 27 * DAY + k * 5 * DAY + r.int(0, 20) * HOUR, received + HOUR), ...make(k) }));
  switch (pattern) {
    case 'rate_rising':
      return [...prior(1), ...recent(4, () => ({ channel: r.pick(['text', 'social_media', 'phone'] as const), actType: 'contacting' }))];
    case 'online_to_in_person':
      return [...prior(2), ...recent(2, (k) => ({ channel: 'in_person', actType: k === 0 ? 'following' : 'loitering' }))];
    case 'online_to_threats':
      return [...prior(2), ...recent(1, () => ({ channel: 'text', actType: 'threats' }))];
  }
}
