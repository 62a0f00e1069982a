/**
 * Emerging stalking threats for the District Intelligence Units (DI-01, IO-14).
 *
 * Policy: DIUs are responsible for "regularly interrogating intelligence to identify any
 * emerging stalking threats", and "where an emerging threat is identified, communicating this
 * to the appropriate District Senior Leadership Team and the Stalking Coordination Unit" (DI-01,
 * DI-02). The catalogue names four kinds: serial perpetrators, repeat victims, escalation and
 * breaches. "Consider making a referral into the Potentially Dangerous Persons (PDP) process
 * where a serial stalking offender who meets the criteria is identified" and "a referral to MAPPA
 * in all cases where the criteria is met" (IO-14).
 *
 * The policy gives no numbers, so every window and count is a force-configured parameter
 * (parameters.ts). The store counts; these rules decide, score and explain. Each reason carries
 * its points and requirement IDs, and a row's score is the sum of its reasons' points, so the
 * analyst can always see why a row is on the list and why it sits where it does.
 *
 * Pure: the time is passed in (`asOf`), nothing is read.
 */
import { addCalendarDays, addMonths } from './calendar.js';
import { parametersOrDefault, type PolicyParameters } from './parameters.js';

export const emergingThreatKinds = ['serial_perpetrator', 'repeat_victim', 'escalation', 'breach', 'flag_hit'] as const;
export type EmergingThreatKind = (typeof emergingThreatKinds)[number];

export const emergingThreatKindLabels: Readonly<Record<EmergingThreatKind, string>> = {
  serial_perpetrator: 'Serial perpetrator',
  repeat_victim: 'Repeat victim',
  escalation: 'Escalation',
  breach: 'Breach of a Stalking Protection Order',
  flag_hit: 'Notify-if flag hit',
};

/** One reason a row is on the list: what was found, the points it adds, the requirements behind it. */
export interface ThreatReason {
  text: string;
  points: number;
  requirements: string[];
}

/** Something the analyst (or the officer in charge) should consider, and whether it is already done. */
export interface ThreatPrompt {
  text: string;
  requirement: string;
  done: boolean;
}

export interface ThreatAssessment {
  /** Whether the row meets the rule's threshold (rows that do not are left off the list). */
  emerging: boolean;
  score: number;
  reasons: ThreatReason[];
  prompts: ThreatPrompt[];
  /** Every requirement ID of the reasons and prompts, in order of first mention. */
  requirements: string[];
}

function assessment(emerging: boolean, reasons: ThreatReason[], prompts: ThreatPrompt[] = []): ThreatAssessment {
  const requirements = [...new Set(['DI-01', ...reasons.flatMap((r) => r.requirements), ...prompts.map((p) => p.requirement)])];
  return { emerging, score: reasons.reduce((s, r) => s + r.points, 0), reasons, prompts, requirements };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------------------------
// Windows
// ---------------------------------------------------------------------------------------------

export interface EmergingThreatWindows {
  asOf: string;
  /** Serial perpetrators: occurrences received from this instant (DI-01, IO-14). */
  serialSince: string;
  /** Repeat victims: occurrences received from this instant (DI-01). */
  repeatSince: string;
  /** Escalation: incidents after this instant are "recent" (DI-01, ID-05). */
  escalationRecentSince: string;
  /** Escalation: incidents after this instant and up to escalationRecentSince are "prior". */
  escalationPriorSince: string;
  /** SPO breaches and notify-if flag hits: occurrences received from this instant. */
  breachSince: string;
}

/** The periods each rule looks at, ending at `asOf` (an ISO instant). */
export function emergingThreatWindows(asOf: string, parameters?: PolicyParameters): EmergingThreatWindows {
  const p = parametersOrDefault(parameters);
  const escalationRecentSince = addCalendarDays(asOf, -p.escalationRecentDays);
  return {
    asOf,
    serialSince: addMonths(asOf, -p.serialPerpetratorWindowMonths),
    repeatSince: addMonths(asOf, -p.repeatVictimWindowMonths),
    escalationRecentSince,
    escalationPriorSince: addCalendarDays(escalationRecentSince, -p.escalationPriorDays),
    breachSince: addCalendarDays(asOf, -p.breachAndFlagHitDays),
  };
}

/** The counts the store filters on, so a query returns only rows that can meet a rule. */
export function emergingThreatThresholds(parameters?: PolicyParameters) {
  const p = parametersOrDefault(parameters);
  return {
    serialVictims: p.serialStalkerVictimCount,
    repeatOccurrences: p.repeatVictimOccurrenceCount,
    repeatSuspects: p.repeatVictimSuspectCount,
    escalationMinimumRecent: p.escalationMinimumRecentIncidents,
  };
}

// ---------------------------------------------------------------------------------------------
// Serial perpetrators (DI-01, IO-14)
// ---------------------------------------------------------------------------------------------

export interface SerialPerpetratorFacts {
  /** Different people who are victims in the occurrences where this person is a suspect, in the window. */
  victimCount: number;
  /** Those occurrences. */
  occurrenceCount: number;
  /** How many of them are recorded as s4A / s2A stalking. */
  s4aCount: number;
  s2aCount: number;
  activeNotifyIfFlag: boolean;
  /** Subject of an interim or full Stalking Protection Order. */
  orderInForce: boolean;
  /** The status of any PDP / MAPPA referral recorded on those occurrences ('made' counts as done). */
  pdpReferral: string | null;
  mappaReferral: string | null;
}

/**
 * DI-01, IO-14: a serial perpetrator is one suspect across serialStalkerVictimCount (default 2)
 * or more different victims in the last serialPerpetratorWindowMonths (default 12).
 * Points: 20 a victim; 5 for each further occurrence against the same victims; 10 for each s4A
 * and 5 for each s2A stalking crime; 10 if the person is subject of an order in force (still
 * offending). Prompts: PDP and MAPPA (IO-14), a notify-if flag (FL-01).
 */
export function assessSerialPerpetrator(facts: SerialPerpetratorFacts, parameters?: PolicyParameters): ThreatAssessment {
  const p = parametersOrDefault(parameters);
  const emerging = facts.victimCount >= p.serialStalkerVictimCount;
  const reasons: ThreatReason[] = [
    {
      text: `Suspect in ${plural(facts.occurrenceCount, 'occurrence')} against ${plural(facts.victimCount, 'different victim')} in the last ${p.serialPerpetratorWindowMonths} months (serial: ${p.serialStalkerVictimCount} or more victims)`,
      points: 20 * facts.victimCount,
      requirements: ['DI-01', 'IO-14'],
    },
  ];
  const further = facts.occurrenceCount - facts.victimCount;
  if (further > 0) reasons.push({ text: `${plural(further, 'further occurrence')} against the same victims`, points: 5 * further, requirements: ['DI-01', 'ID-05'] });
  if (facts.s4aCount > 0) reasons.push({ text: `${facts.s4aCount} recorded as stalking involving fear of violence or serious alarm or distress (s4A)`, points: 10 * facts.s4aCount, requirements: ['ID-02'] });
  if (facts.s2aCount > 0) reasons.push({ text: `${facts.s2aCount} recorded as stalking (s2A)`, points: 5 * facts.s2aCount, requirements: ['ID-02'] });
  if (facts.orderInForce) reasons.push({ text: 'Subject of a Stalking Protection Order in force', points: 10, requirements: ['SP-07'] });
  const prompts: ThreatPrompt[] = [
    facts.pdpReferral === 'made'
      ? { text: 'A Potentially Dangerous Persons referral is recorded as made.', requirement: 'IO-14', done: true }
      : { text: 'Consider a Potentially Dangerous Persons (PDP) referral: a serial stalking offender who meets its criteria and is not managed under MAPPA.', requirement: 'IO-14', done: false },
    facts.mappaReferral === 'made'
      ? { text: 'A MAPPA referral is recorded as made.', requirement: 'IO-14', done: true }
      : { text: 'Consider a referral to MAPPA where the criteria are met (category 1, 2 or 3).', requirement: 'IO-14', done: false },
    facts.activeNotifyIfFlag
      ? { text: 'A notify-if flag is active on this person.', requirement: 'FL-01', done: true }
      : { text: 'Consider a notify-if flag on the suspect and tasking to the SCU.', requirement: 'FL-01', done: false },
  ];
  return assessment(emerging, reasons, prompts);
}

// ---------------------------------------------------------------------------------------------
// Repeat victims (DI-01, ID-05)
// ---------------------------------------------------------------------------------------------

export interface RepeatVictimFacts {
  /** Occurrences in the window in which this person is a victim. */
  occurrenceCount: number;
  /** Different suspects in those occurrences. */
  suspectCount: number;
}

/**
 * DI-01: a repeat victim is the victim in repeatVictimOccurrenceCount (default 2) or more
 * occurrences, or of repeatVictimSuspectCount (default 2) or more different suspects, in the last
 * repeatVictimWindowMonths (default 12). Points: 10 an occurrence; 15 a suspect when there are
 * two or more.
 */
export function assessRepeatVictim(facts: RepeatVictimFacts, parameters?: PolicyParameters): ThreatAssessment {
  const p = parametersOrDefault(parameters);
  const byOccurrences = facts.occurrenceCount >= p.repeatVictimOccurrenceCount;
  const bySuspects = facts.suspectCount >= p.repeatVictimSuspectCount;
  const reasons: ThreatReason[] = [
    {
      text: `Victim in ${plural(facts.occurrenceCount, 'occurrence')} in the last ${p.repeatVictimWindowMonths} months${byOccurrences ? ` (repeat: ${p.repeatVictimOccurrenceCount} or more)` : ''}`,
      points: 10 * facts.occurrenceCount,
      requirements: ['DI-01', 'ID-05'],
    },
  ];
  if (facts.suspectCount >= 2) {
    reasons.push({ text: `Targeted by ${plural(facts.suspectCount, 'different suspect')}${bySuspects ? ` (repeat: ${p.repeatVictimSuspectCount} or more)` : ''}`, points: 15 * facts.suspectCount, requirements: ['DI-01'] });
  }
  const prompts: ThreatPrompt[] = [
    { text: 'Make sure every occurrence is linked to its course of conduct and the cumulative risk is shown.', requirement: 'ID-05', done: false },
    { text: 'Reassess the risk with all the occurrences in view.', requirement: 'SV-03', done: false },
  ];
  return assessment(byOccurrences || bySuspects, reasons, prompts);
}

// ---------------------------------------------------------------------------------------------
// Escalation (DI-01, ID-05, AL-05, BR-03)
// ---------------------------------------------------------------------------------------------

/**
 * How serious one act is, for "a move from online contact to turning up in person, threats, or
 * breach of an order": 1 contact at a distance (phone, text, social media, email, other),
 * 2 turning up in person, 3 threats (any channel), 4 breach of a Stalking Protection Order.
 */
export const severityLevels = { remote: 1, in_person: 2, threats: 3, breach: 4 } as const;
export const severityLabels: Readonly<Record<number, string>> = { 1: 'online or remote contact', 2: 'turning up in person', 3: 'threats', 4: 'breach of an order' };
/** The acts and channels behind levels 3 and 2: the store builds its SQL from these, so the two never differ. */
export const threatActTypes: readonly string[] = ['threats'];
export const inPersonChannels: readonly string[] = ['in_person'];

export function incidentSeverity(actType: string, channel: string): number {
  if (threatActTypes.includes(actType)) return severityLevels.threats;
  if (inPersonChannels.includes(channel)) return severityLevels.in_person;
  return severityLevels.remote;
}

export interface EscalationFacts {
  /** Incidents of the course of conduct (same victim and suspect, ID-05) in the recent period. */
  recentIncidents: number;
  /** Incidents in the prior period (the escalationPriorDays before the recent period). */
  priorIncidents: number;
  /** The most serious incident in each period (incidentSeverity), 0 when there is none. */
  recentMaxSeverity: number;
  priorMaxSeverity: number;
  /** Breaches of a Stalking Protection Order on this course of conduct reported in the recent period. */
  recentBreaches: number;
}

/**
 * DI-01, ID-05: a course of conduct is escalating when
 * - its rate rises: more incidents in the last escalationRecentDays (30) than in the
 *   escalationPriorDays (90) before them, and at least escalationMinimumRecentIncidents (2) recent
 *   ones; 10 points plus 2 a recent incident;
 * - or its severity rises: there were incidents in the prior period and the most serious recent
 *   incident is more serious than any of them and is at least turning up in person
 *   (online -> in person 15 points, -> threats 25 points);
 * - or an order on it was breached in the recent period (BR-03): 30 points a breach.
 * Escalation is what AL-05 puts to the reviewer as a reason to reclassify to s4A.
 */
export function assessEscalation(facts: EscalationFacts, parameters?: PolicyParameters): ThreatAssessment {
  const p = parametersOrDefault(parameters);
  const reasons: ThreatReason[] = [];
  if (facts.recentIncidents > facts.priorIncidents && facts.recentIncidents >= p.escalationMinimumRecentIncidents) {
    reasons.push({
      text: `Rate rising: ${plural(facts.recentIncidents, 'incident')} in the last ${p.escalationRecentDays} days against ${facts.priorIncidents} in the ${p.escalationPriorDays} days before`,
      points: 10 + 2 * facts.recentIncidents,
      requirements: ['DI-01', 'ID-05'],
    });
  }
  if (facts.priorIncidents > 0 && facts.recentMaxSeverity > facts.priorMaxSeverity && facts.recentMaxSeverity >= severityLevels.in_person) {
    reasons.push({
      text: `Severity rising: from ${severityLabels[facts.priorMaxSeverity] ?? 'contact'} to ${severityLabels[facts.recentMaxSeverity]} in the last ${p.escalationRecentDays} days`,
      points: facts.recentMaxSeverity >= severityLevels.threats ? 25 : 15,
      requirements: ['DI-01', 'ID-05'],
    });
  }
  if (facts.recentBreaches > 0) {
    reasons.push({ text: `${plural(facts.recentBreaches, 'breach', 'breaches')} of a Stalking Protection Order in the last ${p.escalationRecentDays} days`, points: 30 * facts.recentBreaches, requirements: ['DI-01', 'BR-03'] });
  }
  const emerging = reasons.length > 0;
  const prompts: ThreatPrompt[] = emerging
    ? [
        { text: 'Reassess the risk: the course of conduct is escalating.', requirement: 'BR-03', done: false },
        { text: 'Put reclassification to s4A to the reviewer (escalation).', requirement: 'AL-05', done: false },
      ]
    : [];
  return assessment(emerging, reasons, prompts);
}

// ---------------------------------------------------------------------------------------------
// Breaches and notify-if flag hits (DI-01, BR-01 to BR-03, FL-01)
// ---------------------------------------------------------------------------------------------

/** DI-01, BR-01: every breach of a Stalking Protection Order reported in the last breachAndFlagHitDays (7) days. 40 points. */
export function assessBreach(facts: { reportedAt: string; orderType: string | null }, parameters?: PolicyParameters): ThreatAssessment {
  const p = parametersOrDefault(parameters);
  return assessment(
    true,
    [{ text: `Breach of ${facts.orderType ? `an ${facts.orderType} ` : 'a '}Stalking Protection Order reported in the last ${p.breachAndFlagHitDays} days`, points: 40, requirements: ['DI-01', 'BR-01'] }],
    [
      { text: 'Urgent arrest is the standard response; investigate the breach as possible further stalking.', requirement: 'BR-02', done: false },
      { text: 'Reassess the risk: a breach may mark escalation.', requirement: 'BR-03', done: false },
    ],
  );
}

export interface FlagHitFacts {
  /** The date the flag started and expires (YYYY-MM-DD). */
  flagStartsOn: string;
  flagExpiresOn: string;
  /** When the occurrence the flagged person appears in was received (ISO instant). */
  receivedAt: string;
  /** The person's role in it. */
  role: string;
  /** The flag's own occurrence: appearing there is not a hit. */
  sameOccurrenceAsFlag: boolean;
  notify: string;
}

/**
 * DI-01, FL-01: a notify-if flag "hits" when the flagged person is a party to an occurrence
 * received in the last breachAndFlagHitDays (7) days while the flag was active (on or after its
 * start, on or before its expiry), other than the occurrence that set it. 25 points; 10 more when
 * the person appears as a suspect.
 */
export function assessFlagHit(facts: FlagHitFacts, parameters?: PolicyParameters): ThreatAssessment {
  const p = parametersOrDefault(parameters);
  const day = facts.receivedAt.slice(0, 10);
  const emerging = !facts.sameOccurrenceAsFlag && day >= facts.flagStartsOn && day <= facts.flagExpiresOn;
  const reasons: ThreatReason[] = [{ text: `Flagged person (notify-if flag until ${facts.flagExpiresOn}) appears in an occurrence reported in the last ${p.breachAndFlagHitDays} days`, points: 25, requirements: ['DI-01', 'FL-01'] }];
  if (facts.role === 'suspect') reasons.push({ text: 'Appears as a suspect', points: 10, requirements: ['DI-01'] });
  return assessment(emerging, reasons, [{ text: `Notify as the flag says: ${facts.notify}`, requirement: 'FL-01', done: false }]);
}

/** Highest score first; ties by key, so the order is the same on every run and dialect. */
export function byScore<T extends { score: number; key: string }>(a: T, b: T): number {
  return b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
