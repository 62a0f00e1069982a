import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor';
import { districtNames, districts } from '../../domain/occurrence';
import { partyRoleLabels, type PartyRole } from '../../domain/intake';
import { entitledToRestricted } from '../../auth/record-access';
import {
  assessBreach,
  assessEscalation,
  assessFlagHit,
  assessRepeatVictim,
  assessSerialPerpetrator,
  byScore,
  emergingThreatKindLabels,
  emergingThreatThresholds,
  emergingThreatWindows,
  type EmergingThreatKind,
  type EmergingThreatWindows,
  type ThreatAssessment,
} from '../../policy/emerging-threats';
import { defaultParameters } from '../../policy/parameters';
import {
  activeFlagsOfPeople,
  breachesByCourse,
  breachesOfOrders,
  communicationsAboutPerson,
  communicationsOfThreats,
  courseOccurrences,
  coursesOfConductWithIncidents,
  flagById,
  flagHitCandidates,
  insertThreatCommunication,
  occurrenceFacts,
  occurrencesOfPeopleInWindow,
  occurrencesOfPerson,
  ordersOfPeople,
  partiesOfOccurrences,
  pdpAndMappaReferrals,
  peopleByIds,
  recentBreaches,
  repeatVictimCandidates,
  serialPerpetratorCandidates,
  spoCaseFacts,
  type PartyOccurrence,
  type ThreatCommunicationRecord,
} from '../../store/repositories/emerging-threats';
import { findPersonById } from '../../store/repositories/people';
import { appendLog, appendLogGrouped } from '../../store/repositories/log';
import { NotFoundError, ValidationError } from '../errors';
import { nowIso, parseInput, permit, type AppDeps, type ChangeOptions } from '../context';

/**
 * Emerging stalking threats for the District Intelligence Units (DI-01): serial perpetrators
 * (with the PDP and MAPPA prompts, IO-14), repeat victims, escalating courses of conduct (ID-05)
 * and the last week's SPO breaches and notify-if flag hits; a person's link view; and the record
 * of a threat communicated to the district senior leadership team and the SCU (DI-02).
 */

const REQUIREMENTS_LIST = ['DI-01', 'XC-03'];

/** A threat's stable key: what it is about, so a communication can be matched to its row. */
const idPart = '[A-Za-z0-9-]{1,64}';
export const threatKeyPattern = new RegExp(`^(serial_perpetrator:${idPart}|repeat_victim:${idPart}|escalation:${idPart}:${idPart}|breach:${idPart}|flag_hit:${idPart}:${idPart})$`);

export function threatKey(kind: EmergingThreatKind, ...ids: string[]): string {
  return [kind, ...ids].join(':');
}

export const emergingThreatsInput = z
  .object({
    limit: z.coerce.number().int('Give a whole number').min(1, 'At least 1').max(200, 'At most 200').default(50).describe('Rows shown in each section, highest score first'),
  })
  .strict();

export interface ThreatPerson {
  id: string;
  name: string;
  role?: string;
}

export interface ThreatOccurrence {
  id: string;
  reference: string;
  receivedAt: string;
  offence: string | null;
}

export interface ThreatCommunicationSummary {
  id: string;
  summary: string;
  communicatedAt: string;
  district: string;
  sltRecipient: string;
  scuRecipient: string;
  method: string;
  recordedByName: string | null;
}

export interface ThreatRow extends ThreatAssessment {
  key: string;
  kind: EmergingThreatKind;
  kindLabel: string;
  title: string;
  /** The person whose link view the row opens (the suspect, the victim, the respondent, the flagged person). */
  subject: ThreatPerson;
  people: ThreatPerson[];
  occurrences: ThreatOccurrence[];
  communications: ThreatCommunicationSummary[];
}

export interface ThreatSection {
  kind: EmergingThreatKind;
  label: string;
  /** How many rows meet the rule; `rows` holds the highest-scoring `limit` of them. */
  total: number;
  rows: ThreatRow[];
}

export interface EmergingThreats {
  asOf: string;
  windows: EmergingThreatWindows;
  parameters: {
    serialStalkerVictimCount: number;
    serialPerpetratorWindowMonths: number;
    repeatVictimWindowMonths: number;
    repeatVictimOccurrenceCount: number;
    repeatVictimSuspectCount: number;
    escalationRecentDays: number;
    escalationPriorDays: number;
    escalationMinimumRecentIncidents: number;
    breachAndFlagHitDays: number;
  };
  includesRestricted: boolean;
  sections: {
    serialPerpetrators: ThreatSection;
    repeatVictims: ThreatSection;
    escalation: ThreatSection;
    breaches: ThreatSection;
    flagHits: ThreatSection;
  };
}

const toThreatOccurrence = (o: PartyOccurrence): ThreatOccurrence => ({ id: o.occurrenceId, reference: o.reference, receivedAt: o.receivedAt, offence: o.offence });
const uniqueBy = <T>(items: T[], key: (t: T) => string): T[] => {
  const seen = new Set<string>();
  return items.filter((t) => (seen.has(key(t)) ? false : (seen.add(key(t)), true)));
};
const summariseCommunication = (c: ThreatCommunicationRecord): ThreatCommunicationSummary => ({
  id: c.id,
  summary: c.summary,
  communicatedAt: c.communicatedAt,
  district: c.district,
  sltRecipient: c.sltRecipient,
  scuRecipient: c.scuRecipient,
  method: c.method,
  recordedByName: c.recordedByName,
});

/**
 * DI-01: the emerging-threats list. Every rule's window ends now; restricted occurrences (ID-08)
 * count only for users entitled to see them. The read is logged (XC-03): who looked, when, and the
 * occurrences the page showed.
 */
export async function listEmergingThreats(deps: AppDeps, actor: Actor, raw: unknown = {}): Promise<EmergingThreats> {
  permit(actor, 'threats.view');
  const input = parseInput(emergingThreatsInput, raw ?? {});
  const db = deps.store.db;
  const p = defaultParameters;
  const asOf = nowIso(deps);
  const w = emergingThreatWindows(asOf, p);
  const th = emergingThreatThresholds(p);
  const includeRestricted = entitledToRestricted(actor);
  const limit = input.limit;

  // ---- serial perpetrators (DI-01, IO-14)
  const serialWindow = { since: w.serialSince, until: asOf, includeRestricted };
  const serialCandidates = await serialPerpetratorCandidates(db, { ...serialWindow, minVictims: th.serialVictims });
  const serialOrders = await ordersOfPeople(db, serialCandidates.map((c) => c.personId), includeRestricted);
  const inForce = new Set(serialOrders.filter((o) => o.status === 'interim' || o.status === 'full').map((o) => o.respondentId));
  let serial = serialCandidates
    .map((c) => ({ c, key: threatKey('serial_perpetrator', c.personId), a: assessSerialPerpetrator({ ...c, activeNotifyIfFlag: false, orderInForce: inForce.has(c.personId), pdpReferral: null, mappaReferral: null }, p) }))
    .filter((x) => x.a.emerging)
    .map((x) => ({ ...x, score: x.a.score }))
    .sort(byScore);
  const serialTotal = serial.length;
  serial = serial.slice(0, limit);
  const serialOccurrences = await occurrencesOfPeopleInWindow(db, serial.map((s) => s.c.personId), 'suspect', serialWindow);
  const serialParties = await partiesOfOccurrences(db, serialOccurrences.map((o) => o.occurrenceId));
  const serialReferrals = await pdpAndMappaReferrals(db, serialOccurrences.map((o) => o.occurrenceId));
  const serialFlags = await activeFlagsOfPeople(db, serial.map((s) => s.c.personId), includeRestricted);

  // ---- repeat victims (DI-01)
  const repeatWindow = { since: w.repeatSince, until: asOf, includeRestricted };
  let repeat = (await repeatVictimCandidates(db, { ...repeatWindow, minOccurrences: th.repeatOccurrences, minSuspects: th.repeatSuspects }))
    .map((c) => ({ c, key: threatKey('repeat_victim', c.personId), a: assessRepeatVictim(c, p) }))
    .filter((x) => x.a.emerging)
    .map((x) => ({ ...x, score: x.a.score }))
    .sort(byScore);
  const repeatTotal = repeat.length;
  repeat = repeat.slice(0, limit);
  const repeatOccurrences = await occurrencesOfPeopleInWindow(db, repeat.map((r) => r.c.personId), 'victim', repeatWindow);
  const repeatParties = await partiesOfOccurrences(db, repeatOccurrences.map((o) => o.occurrenceId));

  // ---- escalation (DI-01, ID-05, BR-03)
  const courseWindow = { priorSince: w.escalationPriorSince, recentSince: w.escalationRecentSince, until: asOf, includeRestricted, minRecent: th.escalationMinimumRecent };
  const rising = await coursesOfConductWithIncidents(db, courseWindow);
  const breachCourses = await breachesByCourse(db, { since: w.escalationRecentSince, until: asOf, includeRestricted });
  const pairKey = (x: { victimId: string; suspectId: string }) => `${x.victimId}|${x.suspectId}`;
  const risingKeys = new Set(rising.map(pairKey));
  const missing = breachCourses.filter((b) => !risingKeys.has(pairKey(b)));
  const courses = [...rising, ...(await coursesOfConductWithIncidents(db, { ...courseWindow, pairs: missing }))];
  const known = new Set(courses.map(pairKey));
  for (const b of missing) if (!known.has(pairKey(b))) courses.push({ victimId: b.victimId, suspectId: b.suspectId, recentIncidents: 0, priorIncidents: 0, recentMaxSeverity: 0, priorMaxSeverity: 0 });
  const breachCount = new Map(breachCourses.map((b) => [pairKey(b), b.breaches]));
  let escalation = courses
    .map((c) => ({ c, key: threatKey('escalation', c.victimId, c.suspectId), a: assessEscalation({ ...c, recentBreaches: breachCount.get(pairKey(c)) ?? 0 }, p) }))
    .filter((x) => x.a.emerging)
    .map((x) => ({ ...x, score: x.a.score }))
    .sort(byScore);
  const escalationTotal = escalation.length;
  escalation = escalation.slice(0, limit);
  const escalationOccurrences = new Map<string, PartyOccurrence[]>();
  for (const e of escalation) escalationOccurrences.set(e.key, await courseOccurrences(db, e.c.victimId, e.c.suspectId, includeRestricted, 20));

  // ---- breaches and flag hits in the last week (DI-01, BR-01, FL-01)
  const breachRows = await recentBreaches(db, { since: w.breachSince, until: asOf, includeRestricted });
  const breachVictims = await partiesOfOccurrences(db, breachRows.map((b) => b.orderOccurrenceId));
  let breaches = breachRows.map((b) => ({ b, key: threatKey('breach', b.occurrenceId), a: assessBreach({ reportedAt: b.receivedAt, orderType: b.orderType }, p) })).map((x) => ({ ...x, score: x.a.score }));
  const breachesTotal = breaches.length;
  breaches = breaches.slice(0, limit);
  let flagHits = (await flagHitCandidates(db, { since: w.breachSince, until: asOf, includeRestricted }))
    .map((h) => ({
      h,
      key: threatKey('flag_hit', h.flagId, h.occurrenceId),
      a: assessFlagHit({ flagStartsOn: h.startsOn, flagExpiresOn: h.expiresOn, receivedAt: h.receivedAt, role: h.role, sameOccurrenceAsFlag: h.flagOccurrenceId === h.occurrenceId, notify: h.notify }, p),
    }))
    .filter((x) => x.a.emerging)
    .map((x) => ({ ...x, score: x.a.score }));
  flagHits = uniqueBy(flagHits, (x) => x.key).sort(byScore);
  const flagHitsTotal = flagHits.length;
  flagHits = flagHits.slice(0, limit);

  // ---- names, communications
  const names = await peopleByIds(db, [
    ...serial.map((s) => s.c.personId),
    ...repeat.map((r) => r.c.personId),
    ...escalation.flatMap((e) => [e.c.victimId, e.c.suspectId]),
    ...breaches.map((b) => b.b.respondentId),
    ...flagHits.map((f) => f.h.personId),
  ]);
  const person = (id: string, role?: string): ThreatPerson => ({ id, name: names.get(id)?.name ?? 'Unknown person', ...(role ? { role } : {}) });
  const allKeys = [...serial, ...repeat, ...escalation, ...breaches, ...flagHits].map((x) => x.key);
  const comms = await communicationsOfThreats(db, allKeys);
  const commsOf = (key: string) => comms.filter((c) => c.threatKey === key).map(summariseCommunication);
  const row = (kind: EmergingThreatKind, key: string, a: ThreatAssessment, title: string, subject: ThreatPerson, people: ThreatPerson[], occurrences: ThreatOccurrence[]): ThreatRow => ({
    ...a,
    key,
    kind,
    kindLabel: emergingThreatKindLabels[kind],
    title,
    subject,
    people: uniqueBy(people, (x) => `${x.id}|${x.role ?? ''}`),
    occurrences: uniqueBy(occurrences, (o) => o.id),
    communications: commsOf(key),
  });

  const serialRows = serial.map((s) => {
    const occ = serialOccurrences.filter((o) => o.personId === s.c.personId);
    const ids = new Set(occ.map((o) => o.occurrenceId));
    const referrals = serialReferrals.filter((r) => ids.has(r.occurrenceId));
    const status = (kind: string) => (referrals.some((r) => r.kind === kind && r.status === 'made') ? 'made' : (referrals.find((r) => r.kind === kind)?.status ?? null));
    const a = assessSerialPerpetrator(
      { ...s.c, activeNotifyIfFlag: serialFlags.some((f) => f.personId === s.c.personId), orderInForce: inForce.has(s.c.personId), pdpReferral: status('pdp'), mappaReferral: status('mappa') },
      p,
    );
    const victims = serialParties.filter((x) => ids.has(x.occurrenceId) && x.role === 'victim' && x.personId !== s.c.personId).map((x) => ({ id: x.personId, name: x.name, role: 'victim' }));
    const subject = person(s.c.personId, 'suspect');
    return row('serial_perpetrator', s.key, a, `${subject.name}: suspect against ${s.c.victimCount} victims`, subject, victims, occ.map(toThreatOccurrence));
  });
  const repeatRows = repeat.map((r) => {
    const occ = repeatOccurrences.filter((o) => o.personId === r.c.personId);
    const ids = new Set(occ.map((o) => o.occurrenceId));
    const suspects = repeatParties.filter((x) => ids.has(x.occurrenceId) && x.role === 'suspect' && x.personId !== r.c.personId).map((x) => ({ id: x.personId, name: x.name, role: 'suspect' }));
    const subject = person(r.c.personId, 'victim');
    return row('repeat_victim', r.key, r.a, `${subject.name}: victim in ${r.c.occurrenceCount} occurrences`, subject, suspects, occ.map(toThreatOccurrence));
  });
  const escalationRows = escalation.map((e) => {
    const victim = person(e.c.victimId, 'victim');
    const suspect = person(e.c.suspectId, 'suspect');
    return row('escalation', e.key, e.a, `${suspect.name} towards ${victim.name}`, suspect, [victim, suspect], (escalationOccurrences.get(e.key) ?? []).map(toThreatOccurrence));
  });
  const breachRowsOut = breaches.map((x) => {
    const respondent = person(x.b.respondentId, 'respondent');
    const victims = breachVictims.filter((v) => v.occurrenceId === x.b.orderOccurrenceId && v.role === 'victim').map((v) => ({ id: v.personId, name: v.name, role: 'victim' }));
    return row('breach', x.key, x.a, `${respondent.name}: breach ${x.b.reference} of the order on ${x.b.orderReference}`, respondent, victims, [
      { id: x.b.occurrenceId, reference: x.b.reference, receivedAt: x.b.receivedAt, offence: null },
      { id: x.b.orderOccurrenceId, reference: x.b.orderReference, receivedAt: '', offence: null },
    ]);
  });
  const flagRows = flagHits.map((x) => {
    const flagged = person(x.h.personId, x.h.role);
    return row('flag_hit', x.key, x.a, `${flagged.name}: ${partyRoleLabels[x.h.role as PartyRole]?.toLowerCase() ?? x.h.role} in ${x.h.reference}`, flagged, [], [{ id: x.h.occurrenceId, reference: x.h.reference, receivedAt: x.h.receivedAt, offence: null }]);
  });

  const result: EmergingThreats = {
    asOf,
    windows: w,
    parameters: {
      serialStalkerVictimCount: p.serialStalkerVictimCount,
      serialPerpetratorWindowMonths: p.serialPerpetratorWindowMonths,
      repeatVictimWindowMonths: p.repeatVictimWindowMonths,
      repeatVictimOccurrenceCount: p.repeatVictimOccurrenceCount,
      repeatVictimSuspectCount: p.repeatVictimSuspectCount,
      escalationRecentDays: p.escalationRecentDays,
      escalationPriorDays: p.escalationPriorDays,
      escalationMinimumRecentIncidents: p.escalationMinimumRecentIncidents,
      breachAndFlagHitDays: p.breachAndFlagHitDays,
    },
    includesRestricted: includeRestricted,
    sections: {
      serialPerpetrators: { kind: 'serial_perpetrator', label: 'Serial perpetrators', total: serialTotal, rows: serialRows },
      repeatVictims: { kind: 'repeat_victim', label: 'Repeat victims', total: repeatTotal, rows: repeatRows },
      escalation: { kind: 'escalation', label: 'Escalation', total: escalationTotal, rows: escalationRows },
      breaches: { kind: 'breach', label: 'Breaches of Stalking Protection Orders', total: breachesTotal, rows: breachRowsOut },
      flagHits: { kind: 'flag_hit', label: 'Notify-if flag hits', total: flagHitsTotal, rows: flagRows },
    },
  };

  // XC-03: the consultation is logged before anything is shown.
  const shown = [...new Set(Object.values(result.sections).flatMap((s) => s.rows.flatMap((r) => r.occurrences.map((o) => o.reference))))];
  await appendLogGrouped(db, {
    actor,
    kind: 'read',
    subjectType: 'emerging_threats',
    subjectId: 'list',
    action: 'emerging_threats.viewed',
    at: asOf,
    changes: [{ field: 'occurrencesShown', before: null, after: shown }],
    reason: `Viewed emerging threats: ${serialTotal} serial perpetrators, ${repeatTotal} repeat victims, ${escalationTotal} escalating courses of conduct, ${breachesTotal} breaches, ${flagHitsTotal} notify-if flag hits`,
    requirements: includeRestricted ? [...REQUIREMENTS_LIST, 'ID-08'] : REQUIREMENTS_LIST,
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// A person's link view (DI-01)
// ---------------------------------------------------------------------------------------------

export const personLinksInput = z
  .object({ hops: z.coerce.number().int('Give 1 or 2').min(1, 'Give 1 or 2').max(2, 'Give 1 or 2').default(2).describe('1: the person’s occurrences, orders and flags; 2: also the people in those occurrences and the orders’ breaches') })
  .strict();

export type LinkNodeKind = 'person' | 'occurrence' | 'order' | 'flag';

export interface LinkNode {
  id: string;
  kind: LinkNodeKind;
  label: string;
  detail: string;
  /** 0 the person, 1 directly linked, 2 linked through a hop-1 node. */
  hop: number;
  /** What the node opens: a person's link view, or an occurrence (an order opens its occurrence's SPO section). */
  personId?: string;
  reference?: string;
}

export interface LinkEdge {
  from: string;
  to: string;
  label: string;
}

export interface PersonLinks {
  person: { id: string; name: string; dateOfBirth: string | null };
  hops: number;
  nodes: LinkNode[];
  edges: LinkEdge[];
  /** True when the person has more occurrences or linked people than the view shows. */
  truncated: boolean;
  communications: ThreatCommunicationSummary[];
}

const MAX_OCCURRENCES = 40;
const MAX_PEOPLE = 60;

/**
 * DI-01: the people, occurrences, orders and flags connected to a person, one or two hops out.
 * Restricted occurrences (ID-08) appear only to those entitled. Each occurrence shown is logged as
 * consulted (XC-03) in its own occurrence log.
 */
export async function personLinks(deps: AppDeps, actor: Actor, personId: string, raw: unknown = {}): Promise<PersonLinks> {
  permit(actor, 'threats.view');
  const input = parseInput(personLinksInput, raw ?? {});
  if (!/^[A-Za-z0-9-]{1,64}$/.test(personId)) throw new NotFoundError('No person with that id');
  const db = deps.store.db;
  const found = await findPersonById(db, personId);
  if (!found) throw new NotFoundError('No person with that id');
  const includeRestricted = entitledToRestricted(actor);
  const name = [found.forenames, found.surname].filter(Boolean).join(' ') || found.description || 'Unknown person';
  const nodes = new Map<string, LinkNode>();
  const edges: LinkEdge[] = [];
  const add = (n: LinkNode) => {
    const existing = nodes.get(n.id);
    if (!existing || existing.hop > n.hop) nodes.set(n.id, n);
  };
  const personNode = (id: string, label: string, hop: number): LinkNode => ({ id: `person:${id}`, kind: 'person', label, detail: hop === 0 ? 'This person' : 'Person', hop, personId: id });
  const occurrenceNode = (o: { occurrenceId: string; reference: string; receivedAt: string; offence: string | null }, hop: number): LinkNode => ({
    id: `occurrence:${o.occurrenceId}`,
    kind: 'occurrence',
    label: o.reference,
    detail: `Occurrence received ${o.receivedAt.slice(0, 10)}${o.offence ? `, ${o.offence}` : ''}`,
    hop,
    reference: o.reference,
  });
  add(personNode(found.id, name, 0));

  const all = await occurrencesOfPerson(db, found.id, includeRestricted, MAX_OCCURRENCES + 1);
  let truncated = all.length > MAX_OCCURRENCES;
  const occurrences = all.slice(0, MAX_OCCURRENCES);
  for (const o of occurrences) {
    add(occurrenceNode(o, 1));
    edges.push({ from: `person:${found.id}`, to: `occurrence:${o.occurrenceId}`, label: partyRoleLabels[o.role as PartyRole] ?? o.role });
  }
  const orders = await ordersOfPeople(db, [found.id], includeRestricted);
  for (const o of orders) {
    add({ id: `order:${o.id}`, kind: 'order', label: `SPO ${o.orderType ?? o.status}`, detail: `Stalking Protection Order on ${o.reference}: ${o.status}${o.expiresOn ? `, expires ${o.expiresOn}` : ''}`, hop: 1, reference: o.reference });
    edges.push({ from: `person:${found.id}`, to: `order:${o.id}`, label: 'Respondent' });
  }
  const flags = await activeFlagsOfPeople(db, [found.id], includeRestricted);
  for (const f of flags) {
    add({ id: `flag:${f.id}`, kind: 'flag', label: `Notify-if flag to ${f.expiresOn}`, detail: `Notify-if flag ${f.startsOn} to ${f.expiresOn}: ${f.notify}`, hop: 1 });
    edges.push({ from: `person:${found.id}`, to: `flag:${f.id}`, label: 'Flagged' });
  }

  if (input.hops === 2) {
    const others = (await partiesOfOccurrences(db, occurrences.map((o) => o.occurrenceId))).filter((x) => x.personId !== found.id);
    const otherIds = [...new Set(others.map((x) => x.personId))];
    if (otherIds.length > MAX_PEOPLE) truncated = true;
    const keep = new Set(otherIds.slice(0, MAX_PEOPLE));
    for (const x of others) {
      if (!keep.has(x.personId)) continue;
      add(personNode(x.personId, x.name, 2));
      edges.push({ from: `occurrence:${x.occurrenceId}`, to: `person:${x.personId}`, label: partyRoleLabels[x.role as PartyRole] ?? x.role });
    }
    for (const o of orders) {
      add(occurrenceNode({ occurrenceId: o.occurrenceId, reference: o.reference, receivedAt: '', offence: null }, 2));
      edges.push({ from: `order:${o.id}`, to: `occurrence:${o.occurrenceId}`, label: 'Order made on' });
    }
    for (const b of await breachesOfOrders(db, orders.map((o) => o.id), includeRestricted)) {
      add({ ...occurrenceNode({ occurrenceId: b.occurrenceId, reference: b.reference, receivedAt: b.receivedAt, offence: null }, 2), detail: `Breach of the order, reported ${b.receivedAt.slice(0, 10)}` });
      edges.push({ from: `order:${b.spoId}`, to: `occurrence:${b.occurrenceId}`, label: 'Breach' });
    }
  }
  // An order's occurrence received with no date: fill it from the person's own list where known.
  for (const n of nodes.values()) if (n.kind === 'occurrence' && n.detail === 'Occurrence received ') n.detail = 'Occurrence (the order’s crime)';
  const uniqueEdges = uniqueBy(edges, (e) => `${e.from}|${e.to}|${e.label}`);
  const comms = (await communicationsAboutPerson(db, found.id)).map(summariseCommunication);

  // XC-03: each occurrence shown is logged as consulted, in its own log, before the page shows it.
  const at = nowIso(deps);
  const shown = [...nodes.values()].filter((n) => n.kind === 'occurrence').map((n) => n.id.slice('occurrence:'.length));
  await Promise.all(
    (shown.length ? shown : [null]).map((occurrenceId) =>
      appendLogGrouped(db, {
        actor,
        kind: 'read',
        subjectType: 'person',
        subjectId: found.id,
        occurrenceId,
        action: 'person_links.viewed',
        at,
        reason: `Viewed in the link view of ${name} (emerging threats)`,
        requirements: REQUIREMENTS_LIST,
      }),
    ),
  );
  return { person: { id: found.id, name, dateOfBirth: found.dateOfBirth }, hops: input.hops, nodes: [...nodes.values()].sort((a, b) => a.hop - b.hop), edges: uniqueEdges, truncated, communications: comms };
}

// ---------------------------------------------------------------------------------------------
// DI-02: recording that a threat was communicated
// ---------------------------------------------------------------------------------------------

export const communicationMethods = ['email', 'briefing', 'meeting', 'phone', 'written_report'] as const;
export const communicationMethodLabels: Record<(typeof communicationMethods)[number], string> = {
  email: 'Email',
  briefing: 'Briefing',
  meeting: 'Meeting',
  phone: 'Phone call',
  written_report: 'Written intelligence report',
};

export const communicateThreatInput = z
  .object({
    threatKey: z.string().trim().max(250, 'Choose the threat from the emerging threats page').regex(threatKeyPattern, 'Choose the threat from the emerging threats page'),
    summary: z.string().trim().min(1, 'Describe the emerging threat identified').max(2000, 'Must be 2,000 characters or fewer'),
    district: z.enum(districts, { message: 'Select the district whose senior leadership team was told' }),
    sltRecipient: z.string().trim().min(1, 'Enter who in the district senior leadership team was told').max(200, 'Must be 200 characters or fewer'),
    scuRecipient: z.string().trim().min(1, 'Enter who in the Stalking Coordination Unit was told').max(200, 'Must be 200 characters or fewer'),
    method: z.enum(communicationMethods, { message: 'Select how it was communicated' }),
    communicatedAt: z.iso.datetime({ offset: true, message: 'Enter when it was communicated' }),
    message: z.string().trim().min(1, 'Enter what was communicated').max(5000, 'Must be 5,000 characters or fewer'),
  })
  .strict();

/** The occurrences a threat concerns (only those this user may see) and the person it is about. */
async function resolveThreat(deps: AppDeps, actor: Actor, key: string): Promise<{ kind: EmergingThreatKind; personId: string | null; occurrenceIds: string[] }> {
  const db = deps.store.db;
  const includeRestricted = entitledToRestricted(actor);
  const w = emergingThreatWindows(nowIso(deps), defaultParameters);
  const [kind, a, b] = key.split(':') as [EmergingThreatKind, string, string | undefined];
  const visible = async (id: string) => {
    const o = await occurrenceFacts(db, id);
    return o && (includeRestricted || Number(o.restricted) !== 1) ? o : undefined;
  };
  let personId: string | null = null;
  let occurrenceIds: string[] = [];
  if (kind === 'serial_perpetrator' || kind === 'repeat_victim') {
    personId = a;
    const since = kind === 'serial_perpetrator' ? w.serialSince : w.repeatSince;
    occurrenceIds = (await occurrencesOfPeopleInWindow(db, [a], kind === 'serial_perpetrator' ? 'suspect' : 'victim', { since, until: w.asOf, includeRestricted })).map((o) => o.occurrenceId);
  } else if (kind === 'escalation') {
    personId = b!;
    occurrenceIds = (await courseOccurrences(db, a, b!, includeRestricted, 50)).map((o) => o.occurrenceId);
  } else if (kind === 'breach') {
    const o = await visible(a);
    if (o?.breach_of_spo_id) {
      const spo = await spoCaseFacts(db, o.breach_of_spo_id);
      personId = spo?.respondent_person_id ?? null;
      occurrenceIds = [o.id, ...(spo && (await visible(spo.occurrence_id)) ? [spo.occurrence_id] : [])];
    }
  } else if (kind === 'flag_hit') {
    const flag = await flagById(db, a);
    const o = b ? await visible(b) : undefined;
    if (flag && o) {
      personId = flag.person_id;
      occurrenceIds = [o.id];
    }
  }
  if (!occurrenceIds.length) throw new NotFoundError('No emerging threat with that key: open it from the emerging threats page');
  return { kind, personId, occurrenceIds: occurrenceIds.slice(0, 50) };
}

/**
 * DI-02: "an identified emerging threat is communicated to the district senior leadership team
 * and the SCU, and the communication is recorded": who was told, when, how and what, written with
 * an entry in the occurrence log of every occurrence the threat concerns, in one transaction.
 */
export async function communicateThreat(deps: AppDeps, actor: Actor, raw: unknown, options: ChangeOptions<ThreatCommunicationRecord> = {}): Promise<ThreatCommunicationRecord> {
  permit(actor, 'threats.communicate');
  const input = parseInput(communicateThreatInput, raw);
  const now = nowIso(deps);
  const communicatedAt = new Date(input.communicatedAt).toISOString();
  if (Date.parse(communicatedAt) > deps.clock().getTime() + 5 * 60_000) throw new ValidationError([{ field: 'communicatedAt', message: 'When it was communicated must not be in the future' }]);
  const threat = await resolveThreat(deps, actor, input.threatKey);
  const requirements = threat.kind === 'serial_perpetrator' ? ['DI-01', 'DI-02', 'IO-14'] : ['DI-01', 'DI-02'];
  const id = randomUUID();
  const record: ThreatCommunicationRecord = {
    id,
    threatKey: input.threatKey,
    threatKind: threat.kind,
    personId: threat.personId,
    occurrenceIds: threat.occurrenceIds,
    summary: input.summary,
    district: input.district,
    sltRecipient: input.sltRecipient,
    scuRecipient: input.scuRecipient,
    method: input.method,
    communicatedAt,
    message: input.message,
    requirements,
    recordedBy: actor.id,
    recordedByName: actor.displayName,
    recordedAt: now,
  };
  return deps.store.db.transaction().execute(async (trx) => {
    await insertThreatCommunication(trx, {
      id,
      threat_key: input.threatKey,
      threat_kind: threat.kind,
      person_id: threat.personId,
      occurrence_ids: JSON.stringify(threat.occurrenceIds),
      summary: input.summary,
      district: input.district,
      slt_recipient: input.sltRecipient,
      scu_recipient: input.scuRecipient,
      method: input.method,
      communicated_at: communicatedAt,
      message: input.message,
      requirements: JSON.stringify(requirements),
      recorded_by: actor.id,
      recorded_at: now,
    });
    for (const occurrenceId of threat.occurrenceIds) {
      await appendLog(trx, {
        actor,
        kind: 'change',
        subjectType: 'threat_communication',
        subjectId: id,
        occurrenceId,
        action: 'emerging_threat.communicated',
        at: now,
        changes: [
          { field: 'emergingThreat', before: null, after: `${emergingThreatKindLabels[threat.kind]}: ${input.summary}` },
          { field: 'communicatedTo', before: null, after: `${districtNames[input.district]} district senior leadership team (${input.sltRecipient}); Stalking Coordination Unit (${input.scuRecipient})` },
          { field: 'communicatedAt', before: null, after: communicatedAt },
          { field: 'method', before: null, after: communicationMethodLabels[input.method] },
        ],
        reason: input.message,
        requirements,
      });
    }
    await options.inTransaction?.(trx, record);
    return record;
  });
}

export interface ThreatToCommunicate {
  key: string;
  kind: EmergingThreatKind;
  kindLabel: string;
  person: ThreatPerson | null;
  occurrences: ThreatOccurrence[];
  /** The latest assessment of the threat, to start the summary from. */
  suggestedSummary: string;
  communications: ThreatCommunicationSummary[];
}

/** DI-02: the threat the communication form is about: who it concerns, its occurrences, and what was communicated before. */
export async function threatToCommunicate(deps: AppDeps, actor: Actor, key: string): Promise<ThreatToCommunicate> {
  permit(actor, 'threats.communicate');
  if (typeof key !== 'string' || key.length > 250 || !threatKeyPattern.test(key)) throw new NotFoundError('No emerging threat with that key: open it from the emerging threats page');
  const db = deps.store.db;
  const threat = await resolveThreat(deps, actor, key);
  const person = threat.personId ? (await peopleByIds(db, [threat.personId])).get(threat.personId) : undefined;
  const occurrences: ThreatOccurrence[] = [];
  for (const id of threat.occurrenceIds) {
    const o = await occurrenceFacts(db, id);
    if (o) occurrences.push({ id: o.id, reference: o.reference, receivedAt: o.received_at, offence: null });
  }
  const label = emergingThreatKindLabels[threat.kind];
  await appendLogGrouped(db, {
    actor,
    kind: 'read',
    subjectType: 'emerging_threat',
    subjectId: key,
    action: 'emerging_threat.viewed',
    at: nowIso(deps),
    changes: [{ field: 'occurrencesShown', before: null, after: occurrences.map((o) => o.reference) }],
    reason: `Opened to record its communication (${label})`,
    requirements: ['DI-02', 'XC-03'],
  });
  return {
    key,
    kind: threat.kind,
    kindLabel: label,
    person: person ? { id: person.id, name: person.name } : null,
    occurrences,
    suggestedSummary: `${label}${person ? `: ${person.name}` : ''} (${occurrences.map((o) => o.reference).join(', ')})`,
    communications: (await communicationsOfThreats(db, [key])).map(summariseCommunication),
  };
}
