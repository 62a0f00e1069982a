/**
 * Obligations that follow from a Stalking Protection Order on a case (SC-04, SP-03 to SP-14,
 * BR-01 to BR-03): the SCU's decision on a referral, the application and its authority, the
 * court's order and what it sets going (national record, the victim told, the offender manager,
 * visits, reviews, renewal, moves, discharge), and each breach. Derived from the order's facts
 * like every other obligation (obligations.ts); nothing here is written by hand in a use case.
 *
 * Two kinds of facts come in. An order (kind 'order') is on the case it was sought on: from the
 * referral to the court's order, its management and its discharge. A breach (kind 'breach') is
 * the case that IS a breach of an order made on another case (BR-01: each breach is its own
 * crime): its urgent arrest, its risk reassessment and any other offences it disclosed belong to
 * the breach's case, and the breach's facts carry what they need of the order (its officer in
 * charge).
 *
 * Time is data: a due time is computed from the facts' instants and dates and the parameters;
 * "out of hours" is judged on the instant the breach was recorded, in Europe/London time.
 *
 * Days of the policy ("within seven days of the SPO being granted") are counted with
 * computeDeadlines (deadlines.ts), the same numbers the Deadlines page shows, and a day's
 * deadline falls due at 17:00 UTC that day.
 */
import { z } from 'zod';
import { addCalendarDays, addHours, isBankHoliday, type Holidays } from './calendar.js';
import { computeDeadlines, informVictimDeadline } from './deadlines.js';
import type { PolicyParameters } from './parameters.js';
import type { Obligation, Owner } from './obligations.js';
import { nextSpoReview } from './spo-management.js';

const instant = z.iso.datetime({ offset: true, message: 'Enter a date and time in ISO 8601 format, e.g. 2026-03-02T14:05:00Z' });
const day = z.iso.date({ message: 'Enter a date as YYYY-MM-DD' });
const flag = z.boolean({ error: 'Answer true or false' });
const orderType = z.enum(['interim', 'full'], { error: 'Must be interim or full' });
/** An id or a name: short text. */
const name = z.string().min(1, { error: 'Must not be empty' }).max(200, { error: 'Must be 200 characters or fewer' });
/** A list of the order's events: long enough for a long order's life. */
const many = <T extends z.ZodType>(item: T) => z.array(item).max(1000, { error: 'At most 1,000' }).default([]);

/** The facts of one order (or referral towards one) sought on this case. */
export const spoOrderOnCaseSchema = z.strictObject({
  kind: z.literal('order'),
  id: name,
  status: name.describe('considered, referred, returned, declined, approved, awaiting_authority, authorised, refused, adjourned, interim, full, transferred_out, discharged, not_pursued'),
  createdAt: instant,
  /** Who considered the order (the investigator): the owner of the investigator's steps when the case has no officer in charge. */
  createdBy: name,
  referral: z.strictObject({ at: instant, crossBorder: flag.default(false) }).nullable().default(null),
  scuDecision: z.strictObject({ decision: z.enum(['approve', 'return', 'decline']), at: instant }).nullable().default(null),
  application: z.strictObject({ at: instant }).nullable().default(null),
  authority: z.strictObject({ authorised: flag, at: instant }).nullable().default(null),
  /** Each order the court made (an interim, then a full one), oldest first. */
  grants: many(z.strictObject({ orderType, grantedOn: day, at: instant, crossBorder: flag.default(false) })),
  orderType: orderType.nullable().default(null),
  expiresOn: day.nullable().default(null),
  offenderManagerId: name.nullable().default(null),
  managementPlan: z.strictObject({ visitFrequencyWeeks: z.number().int().min(1).max(52), at: instant }).nullable().default(null),
  variations: many(z.strictObject({ variedOn: day, at: instant })),
  visits: many(z.strictObject({ visitedOn: day, recordedAt: instant })),
  reviews: many(z.strictObject({ reviewedOn: day, riskLevel: z.enum(['high', 'medium', 'standard']), recordedAt: instant })),
  /** SP-09: the renewal request for the order's current expiry, if made; granted once the court renewed it. */
  renewal: z.strictObject({ requestedAt: instant.nullable().default(null), forExpiry: day.nullable().default(null), grantedAt: instant.nullable().default(null) }).nullable().default(null),
  moves: many(z.strictObject({ direction: z.enum(['in', 'out']), movedOn: day, otherForce: name, at: instant })),
  discharge: z
    .strictObject({
      stage: z.enum(['received', 'reported', 'advised', 'decided']),
      receivedAt: instant,
      reportedAt: instant.nullable().default(null),
      advisedAt: instant.nullable().default(null),
      decidedAt: instant.nullable().default(null),
      discharged: flag.default(false),
    })
    .nullable()
    .default(null),
  /** When the case's DASH risk assessments were recorded (BR-03: the risk reassessed after an application). */
  riskAssessedAt: many(instant),
  /** When the victim was contacted (SP-05: the victim is informed of the order). */
  victimContactedAt: many(instant),
});

/** This case is a breach of an order made on another case (BR-01 to BR-03). */
export const spoBreachOnCaseSchema = z.strictObject({
  kind: z.literal('breach'),
  /** The order breached. */
  id: name,
  orderType: orderType.nullable().default(null),
  /** The officer in charge of the case the order was made on (BR-02: the urgent arrest is theirs in hours). */
  orderOfficerInChargeId: name.nullable().default(null),
  recordedBy: name,
  recordedAt: instant.describe('When the breach was recorded as a crime'),
  otherOffencesDisclosed: z.string().max(2000, { error: 'Must be 2,000 characters or fewer' }).nullable().default(null),
  finalised: flag.default(false),
  /** When the subject was arrested on this breach, if they have been. */
  arrestedAt: instant.nullable().default(null),
  /** When a DASH was recorded on the breach or the order's case. */
  riskAssessedAt: many(instant),
});

export const spoOrderFactsSchema = z.discriminatedUnion('kind', [spoOrderOnCaseSchema, spoBreachOnCaseSchema]);
export type SpoOrderFacts = z.output<typeof spoOrderFactsSchema>;
export type SpoOrderOnCase = z.output<typeof spoOrderOnCaseSchema>;
export type SpoBreachOnCase = z.output<typeof spoBreachOnCaseSchema>;

/** What the case around the order gives its obligations. */
export interface SpoObligationContext {
  district: string;
  officerInChargeId: string | null;
  p: PolicyParameters;
  holidays: Holidays;
}

/** Each obligation an order can bring: its requirement, who owns it, its due rule (for the catalogue and the Policy page). */
export const spoObligationCatalogue: readonly { action: string; requirement: string; owner: string; due: string }[] = [
  { action: 'spo_scu_decision', requirement: 'SC-04', owner: 'the Stalking Coordination Unit (force-wide)', due: 'spoScuDecisionDays (2) after the referral' },
  { action: 'spo_cross_border_consultation', requirement: 'SP-06', owner: 'the officer in charge (or the officer who considered the order)', due: 'spoCrossBorderConsultationDays (7) after a cross-border referral' },
  { action: 'spo_apply', requirement: 'SP-03', owner: 'the officer in charge (or the officer who considered the order)', due: 'spoApplicationDays (7) after the SCU approved the referral' },
  { action: 'spo_authority', requirement: 'SP-04', owner: 'authorising superintendents of the district', due: 'spoAuthorityDays (2) after the application' },
  { action: 'risk_reassessment', requirement: 'BR-03', owner: 'the officer in charge; after a breach, the officer in charge of the order’s case (or supervisors of the district)', due: 'spoApplicationRiskReassessmentHours (24) after an application; breachRiskReassessmentHours (4) after a breach' },
  { action: 'spo_update_national_record', requirement: 'SP-05 / SP-13', owner: 'the officer in charge (or the officer who considered the order)', due: 'spoGrantActionsDays (1) after each order, and after a discharge' },
  { action: 'spo_inform_victim', requirement: 'SP-05 / SP-13', owner: 'the officer in charge (or the officer who considered the order)', due: 'Victims’ Code enhanced working days (1) after each order, and after a discharge' },
  { action: 'spo_pass_to_victims_force', requirement: 'SP-06', owner: 'the officer in charge (or the officer who considered the order)', due: 'spoGrantActionsDays (1) after a cross-border order' },
  { action: 'spo_allocate_offender_manager', requirement: 'SP-07 / SP-12', owner: 'DA offender manager supervisors (force-wide)', due: 'spoAllocateOffenderManagerDays (2) after the order; movedInAllocateOffenderManagerDays (7) after the subject moves in' },
  { action: 'initial_visit', requirement: 'SP-08 / SP-12', owner: 'the offender manager (or DA offender managers, force-wide)', due: 'spoInitialVisitDays (7) after the order was granted; movedInInitialVisitDays (14) after the subject moves in' },
  { action: 'spo_visit', requirement: 'SP-08', owner: 'the offender manager (or DA offender managers, force-wide)', due: 'the Subject Management Plan’s visit frequency after the last visit' },
  { action: 'spo_supervisor_review', requirement: 'SP-10', owner: 'DA offender manager supervisors (force-wide)', due: 'spoReviewHighRiskMonths (1) or spoReviewStandardMonths (3) after the last review (or the plan), none after expiry' },
  { action: 'renewal_request', requirement: 'SP-09', owner: 'the offender manager (or DA offender managers, force-wide)', due: 'spoRenewalLeadMonths (3) before the order expires' },
  { action: 'spo_renewal_decision', requirement: 'SP-09', owner: 'the Stalking Coordination Unit (force-wide)', due: 'spoRenewalDecisionDays (7) after the renewal request' },
  { action: 'spo_update_plan', requirement: 'SP-07 / SP-14', owner: 'the offender manager (or DA offender managers, force-wide)', due: 'spoPlanUpdateDays (7) after a variation' },
  { action: 'notify_new_force', requirement: 'SP-11', owner: 'the offender manager (or DA offender managers, force-wide)', due: 'movedOutNotifyNewForceDays (1) after the subject moves out' },
  { action: 'spo_discharge_report', requirement: 'SP-13', owner: 'the Stalking Coordination Unit (force-wide)', due: 'spoDischargeStepDays (7) after the discharge application is received' },
  { action: 'spo_discharge_legal_advice', requirement: 'SP-13', owner: 'Legal Services (force-wide)', due: 'spoDischargeStepDays (7) after the SCU report' },
  { action: 'spo_discharge_decision', requirement: 'SP-13', owner: 'the Detective Superintendent, Safeguarding (force-wide)', due: 'spoDischargeStepDays (7) after the legal advice' },
  { action: 'urgent_arrest', requirement: 'BR-02', owner: 'the officer in charge of the order’s case; out of hours (breachOutOfHoursFrom to breachOutOfHoursTo, Europe/London, and weekends and bank holidays), or when that case has none, duty inspectors (force-wide)', due: 'breachArrestHours (4) after the breach is recorded' },
  { action: 'record_other_offences', requirement: 'BR-01', owner: 'the officer who recorded the breach', due: 'recordingDecisionHours (24) after the breach is recorded' },
];

const inForce = new Set(['interim', 'full']);
/** Where a referral towards an order is still alive (a cross-border consultation is still worth having). */
const seeking = new Set(['referred', 'returned', 'approved', 'awaiting_authority', 'authorised', 'adjourned']);

type Draft = Omit<Obligation, 'overdue'>;

function iso(at: string): string {
  return new Date(at).toISOString();
}
/** A day's deadline falls due at 17:00 UTC that day. */
export function endOfDay(date: string): string {
  return `${date}T17:00:00.000Z`;
}
const plusDays = (at: string, d: number) => iso(addCalendarDays(iso(at), d));
const plusHours = (at: string, h: number) => iso(addHours(iso(at), h));
const dateOf = (at: string) => iso(at).slice(0, 10);
const after = (times: readonly string[], at: string) => times.some((t) => Date.parse(t) >= Date.parse(at));

/** The last move, if any (moves are kept in the order they were recorded). */
function lastMove(o: SpoOrderOnCase) {
  return [...o.moves].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).at(-1);
}

/** A subject who moved into the force area, and has not moved out since: SP-12 runs from the move. */
function movedIn(o: SpoOrderOnCase) {
  const m = lastMove(o);
  return m?.direction === 'in' ? m : undefined;
}

/**
 * SP-08, SP-12: the initial visit the order still owes, if any: within 7 days of the order being
 * granted, or within 14 days of the subject moving in. Met by any visit recorded since.
 */
export function initialVisitOwed(o: SpoOrderOnCase, p: PolicyParameters): { key: string; requirement: 'SP-08' | 'SP-12'; from: string; opensAt: string; dueAt: string; explanation: string } | null {
  if (!inForce.has(o.status)) return null;
  const m = movedIn(o);
  if (m) {
    if (o.visits.some((v) => Date.parse(v.recordedAt) >= Date.parse(m.at))) return null;
    const d = computeDeadlines({ event: 'subject_moved_in', at: m.movedOn, parameters: p }).deadlines.find((x) => x.action === 'initial_visit')!;
    return { key: `initial_visit:${o.id}:moved_in:${m.movedOn}`, requirement: 'SP-12', from: m.movedOn, opensAt: m.at, dueAt: endOfDay(d.due), explanation: `${d.explanation} (SP-12: within ${p.movedInInitialVisitDays} days of moving in)` };
  }
  const first = o.grants[0];
  if (!first || o.visits.length) return null;
  const d = computeDeadlines({ event: 'spo_granted', at: first.grantedOn, parameters: p }).deadlines[0]!;
  return { key: `initial_visit:${o.id}`, requirement: 'SP-08', from: first.grantedOn, opensAt: first.at, dueAt: endOfDay(d.due), explanation: `${d.explanation} (SP-08: within ${p.spoInitialVisitDays} days)` };
}

/** SP-08: the next visit per the Subject Management Plan, once the initial visit is done: from the last visit (or the plan). */
export function nextVisitOwed(o: SpoOrderOnCase, p: PolicyParameters): { from: string; opensAt: string; due: string } | null {
  if (!inForce.has(o.status) || !o.managementPlan || initialVisitOwed(o, p)) return null;
  const last = [...o.visits].sort((a, b) => a.visitedOn.localeCompare(b.visitedOn) || Date.parse(a.recordedAt) - Date.parse(b.recordedAt)).at(-1);
  const from = last?.visitedOn ?? dateOf(o.managementPlan.at);
  const opensAt = last ? (Date.parse(last.recordedAt) > Date.parse(o.managementPlan.at) ? last.recordedAt : o.managementPlan.at) : o.managementPlan.at;
  return { from, opensAt, due: addCalendarDays(from, o.managementPlan.visitFrequencyWeeks * 7) };
}

const londonParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23' });

/**
 * BR-02: whether an instant falls out of hours, in Europe/London local time: between
 * breachOutOfHoursFrom and breachOutOfHoursTo (across midnight when From is later than To), and,
 * where the force says so, all day at weekends and on England and Wales bank holidays.
 */
export function isOutOfHours(at: string, p: PolicyParameters, holidays: Holidays): boolean {
  const parts = Object.fromEntries(londonParts.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const local = `${parts.year}-${parts.month}-${parts.day}`;
  if (p.breachOutOfHoursWeekends && (parts.weekday === 'Sat' || parts.weekday === 'Sun' || isBankHoliday(local, holidays))) return true;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const now = Number(parts.hour) * 60 + Number(parts.minute);
  const from = minutes(p.breachOutOfHoursFrom);
  const to = minutes(p.breachOutOfHoursTo);
  if (from === to) return false;
  return from > to ? now >= from || now < to : now >= from && now < to;
}

const dutyInspectors: Owner = { role: 'duty_inspector', district: null };
const scu: Owner = { role: 'scu_officer', district: null };
/** The DA Offender Management units' supervisors: force-wide, so the task reaches every OM supervisor's worklist whatever their district. */
const omSupervisors: Owner = { role: 'offender_manager_supervisor', district: null };

export function deriveSpoObligations(orders: readonly SpoOrderFacts[], c: SpoObligationContext): Draft[] {
  const out: Draft[] = [];
  for (const o of orders) {
    if (o.kind === 'order') deriveOrder(o, c, out);
    else deriveBreach(o, c, out);
  }
  return out;
}

function deriveOrder(o: SpoOrderOnCase, c: SpoObligationContext, out: Draft[]): void {
  const { p, holidays } = c;
  const add = (d: Draft) => out.push({ ...d, opensAt: iso(d.opensAt), dueAt: iso(d.dueAt) });
  /** The investigator's steps: the officer in charge, or the officer who considered the order. */
  const investigator: Owner = { userId: c.officerInChargeId ?? o.createdBy };
  /** The offender manager's steps: the one allocated, or any DA offender manager until then. */
  const offenderManager: Owner = o.offenderManagerId ? { userId: o.offenderManagerId } : { role: 'da_offender_manager', district: null };
  const live = inForce.has(o.status);

  // SC-04: the referral waits in the SCU's queue for its decision.
  if (o.status === 'referred' && o.referral) {
    add({
      key: `spo_scu_decision:${o.id}:${iso(o.referral.at)}`,
      requirement: 'SC-04',
      action: 'spo_scu_decision',
      title: 'Decide the Stalking Protection Order referral (SPOR1): approve, return for more information, or decline',
      owner: scu,
      opensAt: o.referral.at,
      dueAt: plusDays(o.referral.at, p.spoScuDecisionDays),
      byHand: 'never',
      fulfilledBy: 'recording the SCU’s decision on the referral',
      explanation: `"Completing a SPO Referral Form (SPOR1) and emailing the form to the Stalking Coordination Unit": SPO referrals land in the SCU’s queue for a decision (SC-04), within ${p.spoScuDecisionDays} days (force-configured).`,
    });
  }

  // SP-06: respondent and victim in different force areas: consult Legal Services and the victim's force.
  if (o.referral?.crossBorder && seeking.has(o.status)) {
    add({
      key: `spo_cross_border_consultation:${o.id}`,
      requirement: 'SP-06',
      action: 'spo_cross_border_consultation',
      title: 'The respondent and the victim live in different force areas: consult Legal Services and the victim’s force',
      owner: investigator,
      opensAt: o.referral.at,
      dueAt: plusDays(o.referral.at, p.spoCrossBorderConsultationDays),
      byHand: 'done',
      fulfilledBy: 'marking it done, with what Legal Services and the victim’s force advised',
      explanation: `"In cases where the respondent and the victim reside in different Force areas, consultation must take place with Legal Services and the victim's local Force ... to ensure that the most appropriate prohibitions and requirements are requested" (SP-06), within ${p.spoCrossBorderConsultationDays} days of the referral (force-configured).`,
    });
  }

  // SP-03: the SCU approved: the investigator prepares the application (SPO1) for superintendent authority.
  if (o.status === 'approved' && o.scuDecision) {
    add({
      key: `spo_apply:${o.id}:${iso(o.scuDecision.at)}`,
      requirement: 'SP-03',
      action: 'spo_apply',
      title: 'The SCU approved the referral: complete the overarching statement and application (SPO1) for superintendent authority',
      owner: investigator,
      opensAt: o.scuDecision.at,
      dueAt: plusDays(o.scuDecision.at, p.spoApplicationDays),
      byHand: 'not_applicable',
      fulfilledBy: 'sending the application for superintendent authority',
      explanation: `"If the SPOR1 is approved, completing the overarching statement and application form (SPO1) for superintendent authority" (SP-03), within ${p.spoApplicationDays} days of the approval (force-configured). If the order is no longer sought, close it as not applicable with the reason.`,
    });
  }

  // SP-04: the application waits for the authorising superintendent.
  if (o.status === 'awaiting_authority' && o.application) {
    add({
      key: `spo_authority:${o.id}`,
      requirement: 'SP-04',
      action: 'spo_authority',
      title: 'Authorise or refuse the Stalking Protection Order application (necessary, proportionate, justified; both parties’ human rights)',
      owner: { role: 'authorising_superintendent', district: c.district },
      opensAt: o.application.at,
      dueAt: plusDays(o.application.at, p.spoAuthorityDays),
      byHand: 'never',
      fulfilledBy: 'recording the authority decision with its rationale',
      explanation: `"Considering where a SPO is necessary, proportionate and justified to protect the person from harm, whilst also considering the Human Rights of both the victim and the suspect" (SP-04), within ${p.spoAuthorityDays} days of the application (force-configured).`,
    });
  }

  // BR-03: an application may trigger escalation: the risk is reassessed.
  if (o.application && !after(o.riskAssessedAt, o.application.at)) {
    add({
      key: `risk_reassessment:application:${o.id}`,
      requirement: 'BR-03',
      action: 'risk_reassessment',
      title: 'A Stalking Protection Order was applied for: reassess the risk (it may trigger escalation)',
      owner: investigator,
      opensAt: o.application.at,
      dueAt: plusHours(o.application.at, p.spoApplicationRiskReassessmentHours),
      byHand: 'done',
      fulfilledBy: 'recording a DASH risk assessment, or marking it done with how the risk was reassessed',
      explanation: `"An application for a SPO may also be a trigger for escalation by the stalker, therefore the risk must be understood" (BR-03): reassess the risk within ${p.spoApplicationRiskReassessmentHours} hours of the application (force-configured).`,
    });
  }

  // SP-05, SP-06: each order the court makes (interim, then full): the national record, the victim, the victim's force.
  for (const g of o.grants) {
    const what = `${g.orderType} Stalking Protection Order`;
    add({
      key: `spo_update_national_record:${o.id}:${g.orderType}`,
      requirement: 'SP-05',
      action: 'spo_update_national_record',
      title: `Create the court order record and update the national record (PNC): ${what}`,
      owner: investigator,
      opensAt: g.at,
      dueAt: plusDays(g.at, p.spoGrantActionsDays),
      byHand: 'done',
      fulfilledBy: 'marking it done once the court order record is created and the national record updated',
      explanation: `"If a SPO is granted, ... creating a Niche Court Order – SPO occurrence with all necessary details and updating PNC" (SP-05), within ${p.spoGrantActionsDays} day${p.spoGrantActionsDays === 1 ? '' : 's'} of the order (force-configured).`,
    });
    if (!after(o.victimContactedAt, g.at)) {
      const told = informVictimDeadline(iso(g.at), `the court made a ${what}`, true, p, holidays);
      add({
        key: `spo_inform_victim:${o.id}:${g.orderType}`,
        requirement: 'SP-05',
        action: 'spo_inform_victim',
        title: `Inform the victim of the ${what} and its terms`,
        owner: investigator,
        opensAt: g.at,
        dueAt: told.due,
        byHand: 'never',
        fulfilledBy: 'recording a contact with the victim',
        explanation: `"If a SPO is granted, updating the victim and DA Offender Management teams of the order" (SP-05). ${told.explanation}`,
      });
    }
    if (g.crossBorder || o.referral?.crossBorder) {
      add({
        key: `spo_pass_to_victims_force:${o.id}:${g.orderType}`,
        requirement: 'SP-06',
        action: 'spo_pass_to_victims_force',
        title: `Pass full information about the ${what} to the force where the victim lives`,
        owner: investigator,
        opensAt: g.at,
        dueAt: plusDays(g.at, p.spoGrantActionsDays),
        byHand: 'done',
        fulfilledBy: 'marking it done, naming the force and what was sent',
        explanation: `"It is also essential that, if an order is granted, the Force which made the application passes full information about the order to the Force where the victim resides" (SP-06), within ${p.spoGrantActionsDays} day${p.spoGrantActionsDays === 1 ? '' : 's'} (force-configured).`,
      });
    }
  }

  // SP-07, SP-12: an offender manager for the subject, from the order or from the subject moving in.
  if (live && !o.offenderManagerId) {
    const m = movedIn(o);
    const first = o.grants[0];
    if (m) {
      const d = computeDeadlines({ event: 'subject_moved_in', at: m.movedOn, parameters: p }).deadlines.find((x) => x.action === 'allocate_offender_manager')!;
      add({
        key: `spo_allocate_offender_manager:${o.id}:moved_in:${m.movedOn}`,
        requirement: 'SP-12',
        action: 'spo_allocate_offender_manager',
        title: `The subject moved in from ${m.otherForce}: allocate a DA Offender Manager`,
        owner: omSupervisors,
        opensAt: m.at,
        dueAt: endOfDay(d.due),
        byHand: 'never',
        fulfilledBy: 'allocating an offender manager',
        explanation: `${d.explanation} (SP-12)`,
      });
    } else if (first) {
      add({
        key: `spo_allocate_offender_manager:${o.id}`,
        requirement: 'SP-07',
        action: 'spo_allocate_offender_manager',
        title: 'A Stalking Protection Order was made: allocate a DA Offender Manager to manage the subject',
        owner: omSupervisors,
        opensAt: first.at,
        dueAt: plusDays(first.at, p.spoAllocateOffenderManagerDays),
        byHand: 'never',
        fulfilledBy: 'allocating an offender manager',
        explanation: `"Ensuring that stalking perpetrators (both DA and non-DA) subject to Stalking Protection Orders (interim and full) are managed appropriately" (SP-07): the DA Offender Management unit is told of the order and allocates an offender manager within ${p.spoAllocateOffenderManagerDays} days (force-configured).`,
      });
    }
  }

  // SP-08, SP-12: the initial visit.
  const initial = initialVisitOwed(o, p);
  if (initial) {
    const m = movedIn(o);
    add({
      key: initial.key,
      requirement: initial.requirement,
      action: 'initial_visit',
      title: m ? `Initial visit to the subject who moved in from ${m.otherForce} (within ${p.movedInInitialVisitDays} days)` : `Initial visit to the subject (within ${p.spoInitialVisitDays} days of the order)`,
      owner: offenderManager,
      opensAt: initial.opensAt,
      dueAt: initial.dueAt,
      byHand: 'never',
      fulfilledBy: 'recording a visit to the subject',
      explanation: initial.explanation,
    });
  }

  // SP-08: later visits per the Subject Management Plan.
  const next = nextVisitOwed(o, p);
  if (next && o.managementPlan) {
    const weeks = o.managementPlan.visitFrequencyWeeks;
    add({
      key: `spo_visit:${o.id}:${next.from}`,
      requirement: 'SP-08',
      action: 'spo_visit',
      title: `Visit the subject (every ${weeks} week${weeks === 1 ? '' : 's'}, Subject Management Plan)`,
      owner: offenderManager,
      opensAt: next.opensAt,
      dueAt: endOfDay(next.due),
      byHand: 'never',
      fulfilledBy: 'recording a visit to the subject',
      explanation: `"Subsequent visits must be completed as per the Subject Management Plan" (SP-08): every ${weeks} week${weeks === 1 ? '' : 's'} from the last visit.`,
    });
  }

  // SP-10: the supervisor reviews the subject management pack, by risk and the order's length.
  if (live && o.managementPlan) {
    const last = [...o.reviews].sort((a, b) => a.reviewedOn.localeCompare(b.reviewedOn) || Date.parse(a.recordedAt) - Date.parse(b.recordedAt)).at(-1);
    const from = last?.reviewedOn ?? dateOf(o.managementPlan.at);
    const risk = last?.riskLevel ?? 'standard';
    const review = nextSpoReview(from, risk, o.expiresOn, p);
    if (review.due) {
      add({
        key: `spo_supervisor_review:${o.id}:${from}`,
        requirement: 'SP-10',
        action: 'spo_supervisor_review',
        title: `Supervisor review of the subject management pack (${risk} risk: every ${review.months} month${review.months === 1 ? '' : 's'})`,
        owner: omSupervisors,
        opensAt: last?.recordedAt ?? o.managementPlan.at,
        dueAt: endOfDay(review.due),
        byHand: 'never',
        fulfilledBy: 'recording the supervisor review with the five review points',
        explanation: `"Regularly reviewing the Suspect Management Pack to ensure that it remains fit for purpose. The review frequency may vary based on the duration of the SPO and level of risk posed by the subject" (SP-10). ${review.explanation}`,
      });
    }
  }

  // SP-09: renewal of an order with an expiry: the request, then the SCU's decision.
  if (live && o.expiresOn) {
    const requested = o.renewal?.requestedAt && !o.renewal.grantedAt && (o.renewal.forExpiry ?? o.expiresOn) === o.expiresOn ? o.renewal.requestedAt : null;
    if (!requested) {
      const d = computeDeadlines({ event: 'spo_expiry', at: o.expiresOn, parameters: p }).deadlines[0]!;
      const since = [o.grants.at(-1)?.at, o.renewal?.grantedAt, o.moves.at(-1)?.at, o.createdAt].filter((x): x is string => !!x).sort((a, b) => Date.parse(b) - Date.parse(a))[0]!;
      add({
        key: `renewal_request:${o.id}:${o.expiresOn}`,
        requirement: 'SP-09',
        action: 'renewal_request',
        title: 'Renewal request to the SCU, in writing, with new acts, risk and continued necessity',
        owner: offenderManager,
        opensAt: since,
        dueAt: endOfDay(d.due),
        byHand: 'not_applicable',
        fulfilledBy: 'sending the renewal request to the SCU',
        explanation: `${d.explanation} (SP-09: by ${d.due}, the order expiring on ${o.expiresOn}). If renewal is not sought, close it as not applicable with the reason.`,
      });
    } else {
      add({
        key: `spo_renewal_decision:${o.id}:${o.expiresOn}`,
        requirement: 'SP-09',
        action: 'spo_renewal_decision',
        title: 'Renewal request: decide whether to apply to renew the Stalking Protection Order (legal advice)',
        owner: scu,
        opensAt: requested,
        dueAt: plusDays(requested, p.spoRenewalDecisionDays),
        byHand: 'done',
        fulfilledBy: 'recording the court’s renewal, or marking it done with the decision and its reasons',
        explanation: `"A renewal must be submitted in writing to the SCU at the earliest opportunity ... so that legal advice can be sought" (SP-09): the SCU decides within ${p.spoRenewalDecisionDays} days (force-configured).`,
      });
    }
  }

  // SP-07, SP-14: a variation after the plan was made: the plan follows the new terms.
  if (live && o.managementPlan) {
    const varied = o.variations.filter((v) => Date.parse(v.at) > Date.parse(o.managementPlan!.at)).sort((a, b) => Date.parse(a.at) - Date.parse(b.at)).at(-1);
    if (varied) {
      add({
        key: `spo_update_plan:${o.id}:${varied.variedOn}`,
        requirement: 'SP-07',
        action: 'spo_update_plan',
        title: 'The order was varied: update the Subject Management Plan (and re-issue the pack if the requirements changed)',
        owner: offenderManager,
        opensAt: varied.at,
        dueAt: plusDays(varied.at, p.spoPlanUpdateDays),
        byHand: 'never',
        fulfilledBy: 'setting the Subject Management Plan again',
        explanation: `"Formulating a subject management plan based on the requirements/prohibitions of the SPO"; "if there are changes to the subject's name or address or specific order requirements, officers must complete the appropriate sections of a new Subject Management Pack" (SP-07, SP-14), within ${p.spoPlanUpdateDays} days of the variation (force-configured).`,
      });
    }
  }

  // SP-11: the subject moved out: the new force is told as soon as practicable.
  const m = lastMove(o);
  if (o.status === 'transferred_out' && m?.direction === 'out') {
    const d = computeDeadlines({ event: 'subject_moved_out', at: m.movedOn, parameters: p }).deadlines[0]!;
    add({
      key: `notify_new_force:${o.id}:${m.movedOn}`,
      requirement: 'SP-11',
      action: 'notify_new_force',
      title: `Notify ${m.otherForce} that the subject is now in their area: send the statement of service, the Subject Management Plan and the risk information (cross-border transfer pack)`,
      owner: offenderManager,
      opensAt: m.at,
      dueAt: endOfDay(d.due),
      byHand: 'done',
      fulfilledBy: 'marking it done, saying what was sent and to whom',
      explanation: `${d.explanation} (SP-11)`,
    });
  }

  // SP-13: a discharge application: SCU report with the offender manager, legal advice, the decision.
  const ds = o.discharge;
  if (ds && o.status !== 'discharged') {
    const step =
      ds.stage === 'received'
        ? { action: 'spo_discharge_report', at: ds.receivedAt, owner: scu, title: 'Discharge application: the SCU report with the offender manager (reasons, grant history, intelligence, risk factors, recommendation)', fulfilledBy: 'recording the SCU report', quote: '"SCU will compile a report in conjunction with the Offender Manager"' }
        : ds.stage === 'reported' && ds.reportedAt
          ? { action: 'spo_discharge_legal_advice', at: ds.reportedAt, owner: { role: 'legal_services', district: null }, title: 'Discharge application: give legal advice on the SCU report', fulfilledBy: 'recording the legal advice', quote: '"The report will be submitted to Legal Services for legal advice"' }
          : ds.stage === 'advised' && ds.advisedAt
            ? { action: 'spo_discharge_decision', at: ds.advisedAt, owner: { role: 'detective_superintendent_safeguarding', district: null }, title: 'Decide the discharge application (Detective Superintendent, Safeguarding)', fulfilledBy: 'recording the decision', quote: '"with the final decision being made by the Detective Superintendent, Safeguarding Central Governance Unit"' }
            : null;
    if (step) {
      add({
        key: `${step.action}:${o.id}:${iso(ds.receivedAt)}`,
        requirement: 'SP-13',
        action: step.action,
        title: step.title,
        owner: step.owner as Owner,
        opensAt: step.at,
        dueAt: plusDays(step.at, p.spoDischargeStepDays),
        byHand: 'never',
        fulfilledBy: step.fulfilledBy,
        explanation: `${step.quote} (SP-13), within ${p.spoDischargeStepDays} days of the last step (force-configured).`,
      });
    }
  }
  // SP-13, SP-05: a discharged order: the national record and the victim follow.
  if (o.status === 'discharged' && ds?.discharged && ds.decidedAt) {
    add({
      key: `spo_update_national_record:${o.id}:discharged`,
      requirement: 'SP-13',
      action: 'spo_update_national_record',
      title: 'The order was discharged: update the court order record and the national record (PNC)',
      owner: investigator,
      opensAt: ds.decidedAt,
      dueAt: plusDays(ds.decidedAt, p.spoGrantActionsDays),
      byHand: 'done',
      fulfilledBy: 'marking it done once the records are updated',
      explanation: '"Every stage updates the related records" (SP-05): a discharged order comes off the national record (SP-13).',
    });
    if (!after(o.victimContactedAt, ds.decidedAt)) {
      const told = informVictimDeadline(iso(ds.decidedAt), 'the Stalking Protection Order was discharged', true, p, holidays);
      add({
        key: `spo_inform_victim:${o.id}:discharged`,
        requirement: 'SP-13',
        action: 'spo_inform_victim',
        title: 'Inform the victim that the Stalking Protection Order was discharged',
        owner: investigator,
        opensAt: ds.decidedAt,
        dueAt: told.due,
        byHand: 'never',
        fulfilledBy: 'recording a contact with the victim',
        explanation: `The victim is told of every stage of the order (SP-05), and so of its discharge (SP-13). ${told.explanation}`,
      });
    }
  }
}

function deriveBreach(b: SpoBreachOnCase, c: SpoObligationContext, out: Draft[]): void {
  const { p, holidays } = c;
  const add = (d: Draft) => out.push({ ...d, opensAt: iso(d.opensAt), dueAt: iso(d.dueAt) });
  const order = `the ${b.orderType ? `${b.orderType} ` : ''}Stalking Protection Order`;

  // BR-02: urgent arrest, by the officer in charge of the order's case; out of hours (or with none), the duty inspector.
  if (!b.arrestedAt && !b.finalised) {
    const outOfHours = isOutOfHours(b.recordedAt, p, holidays);
    const owner: Owner = !outOfHours && b.orderOfficerInChargeId ? { userId: b.orderOfficerInChargeId } : dutyInspectors;
    const who = outOfHours ? `Out of hours (${p.breachOutOfHoursFrom} to ${p.breachOutOfHoursTo}${p.breachOutOfHoursWeekends ? ', weekends and bank holidays' : ''}, UK time) the duty inspector directs it.` : b.orderOfficerInChargeId ? 'It falls to the officer in charge of the case the order was made on.' : 'The case the order was made on has no officer in charge: the duty inspector directs it.';
    add({
      key: `urgent_arrest:${b.id}`,
      requirement: 'BR-02',
      action: 'urgent_arrest',
      title: `Breach of ${order}: urgent arrest is the standard response`,
      owner,
      opensAt: b.recordedAt,
      dueAt: plusHours(b.recordedAt, p.breachArrestHours),
      byHand: 'not_applicable',
      fulfilledBy: 'recording the arrest of the subject on this breach',
      explanation: `"Being proactive – making an urgent arrest must be the standard response" and "fully investigating the breach and considering whether the breach provides evidence of further stalking" (BR-02): within ${p.breachArrestHours} hours of the breach being recorded (force-configured). ${who} Where an arrest is not possible or not needed, close it as not applicable with the reason.`,
    });
  }

  // BR-03: the risk is reassessed now.
  if (!after(b.riskAssessedAt, b.recordedAt)) {
    add({
      key: `risk_reassessment:breach:${b.id}`,
      requirement: 'BR-03',
      action: 'risk_reassessment',
      title: `${order.charAt(0).toUpperCase()}${order.slice(1)} was breached: reassess the risk urgently (8-stage timeline)`,
      owner: b.orderOfficerInChargeId ? { userId: b.orderOfficerInChargeId } : { role: 'supervisory_officer', district: c.district },
      opensAt: b.recordedAt,
      dueAt: plusHours(b.recordedAt, p.breachRiskReassessmentHours),
      byHand: 'done',
      fulfilledBy: 'recording a DASH risk assessment on the breach or the order’s case, or marking it done with how the risk was reassessed',
      explanation: `"The risk must be understood, and urgent action must be taken when orders are breached. It is also important to be aware of the 8-stage timeline of domestic homicide" (BR-03): within ${p.breachRiskReassessmentHours} hours (force-configured).`,
    });
  }

  // BR-01: other offences disclosed are recorded as well.
  if (b.otherOffencesDisclosed) {
    add({
      key: `record_other_offences:${b.id}`,
      requirement: 'BR-01',
      action: 'record_other_offences',
      title: `Record the other offences disclosed: ${b.otherOffencesDisclosed}`.slice(0, 300),
      owner: { userId: b.recordedBy },
      opensAt: b.recordedAt,
      dueAt: plusHours(b.recordedAt, p.recordingDecisionHours),
      byHand: 'done',
      fulfilledBy: 'marking it done with the crimes recorded (or why none is a crime)',
      explanation: `"Where any other offences are disclosed, these must be recorded in addition to the breach and in accordance with the provisions of the Home Office Counting Rules" (BR-01), within ${p.recordingDecisionHours} hours (NCRS).`,
    });
  }
}
