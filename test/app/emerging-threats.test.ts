import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { addIncident } from '../../src/app/intake/incidents';
import { classifyOccurrence } from '../../src/app/intake/classification';
import { markWorkforceInvolvement } from '../../src/app/intake/safeguards';
import { addNotifyIfFlag } from '../../src/app/flags/notify-if';
import { applyForStalkingProtectionOrder, considerStalkingProtectionOrder, decideSpoAuthority, decideSpoReferral, recordCourtOutcome, recordSpoBreach, referStalkingProtectionOrder } from '../../src/app/spo/lifecycle';
import { communicateThreat, listEmergingThreats, personLinks, threatToCommunicate, type EmergingThreats } from '../../src/app/intelligence/emerging-threats';
import { verifyChain } from '../../src/store/repositories/log';
import type { UserRecord } from '../../src/store/repositories/users';

/**
 * Emerging threats (DI-01, DI-02) over data planted through the real use cases: the right serial
 * perpetrators, repeat victims, escalating courses of conduct, breaches and flag hits are found,
 * and the planted decoys are not.
 */
describe.each(testDialects())('emerging threats on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, officer: UserRecord, analyst: UserRecord, auditor: UserRecord, oic: UserRecord, scu: UserRecord, supt: UserRecord;
  const person: Record<string, string> = {};
  const ref: Record<string, string> = {};
  const occurrenceId: Record<string, string> = {};
  let flagId = '';
  let orderFlagId = '';
  let threats: EmergingThreats;
  const NOW = '2026-06-15T12:00:00.000Z';

  /** An occurrence received at `at`, with a victim and a suspect (new people, or existing ones by key). */
  async function occurrence(key: string, at: string, victim: string, suspect: string) {
    t.clock.set(at);
    const o = await recordOccurrence(t.deps, handler, { receivedAt: at, channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: `Report ${key}` });
    ref[key] = o.reference;
    occurrenceId[key] = o.id;
    for (const [role, name] of [['victim', victim], ['suspect', suspect]] as const) {
      const r = await addParty(t.deps, handler, o.reference, person[name] ? { role, personId: person[name] } : { role, surname: name, forenames: 'Test' });
      person[name] = r.personId;
    }
    return o;
  }
  async function incident(key: string, at: string, channel: string, actType = 'contacting') {
    t.clock.set(at);
    await addIncident(t.deps, officer, ref[key]!, { occurredAt: at, place: 'Leeds', actType, channel, description: `${actType} by ${channel}` });
  }
  const keys = (section: keyof EmergingThreats['sections']) => threats.sections[section].rows.map((r) => r.key);
  const row = (section: keyof EmergingThreats['sections'], key: string) => threats.sections[section].rows.find((r) => r.key === key);

  beforeAll(async () => {
    t = await createTestApp(dialect, '2025-01-01T09:00:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer');
    analyst = await t.user('diu_analyst', { district: 'bradford' });
    auditor = await t.user('auditor', { district: null });
    oic = await t.user('investigating_officer', { rank: 'DC', unitType: 'DA_TEAM' });
    scu = await t.user('scu_officer', { district: null });
    supt = await t.user('authorising_superintendent', { rank: 'SUPT' });

    // Decoy: one victim, two occurrences by the same suspect, both outside the 12-month windows.
    await occurrence('old1', '2025-01-10T10:00:00.000Z', 'Oldvictim', 'Oldsuspect');
    await occurrence('old2', '2025-02-10T10:00:00.000Z', 'Oldvictim', 'Oldsuspect');
    // Decoy: a suspect against two victims, but one of them 15 months ago.
    await occurrence('half1', '2025-03-01T10:00:00.000Z', 'Earlyvictim', 'Halfserial');
    await occurrence('half2', '2026-05-20T10:00:00.000Z', 'Latevictim', 'Halfserial');

    // A serial perpetrator: one suspect, two victims, in the last 12 months.
    await occurrence('serialA', '2026-02-01T10:00:00.000Z', 'Firstvictim', 'Rowe');
    await occurrence('serialB', '2026-05-01T10:00:00.000Z', 'Secondvictim', 'Rowe');
    await classifyOccurrence(t.deps, officer, ref.serialB!, { answers: { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 4, fearOfViolenceOccasions: 2, seriousAlarmOrDistress: true, exPartner: false }, offence: 's4A' });

    // A repeat victim: two occurrences in the window (same suspect, no incidents: not escalation).
    await occurrence('repeat1', '2026-04-01T10:00:00.000Z', 'Repeatvictim', 'Repeatsuspect');
    await occurrence('repeat2', '2026-05-01T10:00:00.000Z', 'Repeatvictim', 'Repeatsuspect');

    // Decoy: a second victim only in a restricted (workforce-involved, ID-08) occurrence.
    await occurrence('open', '2026-04-10T10:00:00.000Z', 'Openvictim', 'Workforce');
    await occurrence('restricted', '2026-05-10T10:00:00.000Z', 'Hiddenvictim', 'Workforce');
    t.clock.set('2026-05-10T11:00:00.000Z');
    await markWorkforceInvolvement(t.deps, handler, ref.restricted!, { reason: 'The suspect is a serving officer' });

    // Escalation by rate, across two occurrences of one course of conduct: 1 incident in the prior
    // 90 days, 3 in the last 30.
    await occurrence('rate1', '2026-04-02T10:00:00.000Z', 'Ratevictim', 'Ratesuspect');
    await incident('rate1', '2026-04-02T11:00:00.000Z', 'phone');
    await occurrence('rate2', '2026-05-20T10:00:00.000Z', 'Ratevictim', 'Ratesuspect');
    await incident('rate2', '2026-05-20T11:00:00.000Z', 'text');
    await incident('rate2', '2026-06-01T11:00:00.000Z', 'social_media');
    await incident('rate2', '2026-06-10T11:00:00.000Z', 'email');

    // Escalation by severity: online contact, then turning up in person (fewer incidents, so not the rate rule).
    await occurrence('severity', '2026-04-09T10:00:00.000Z', 'Severityvictim', 'Severitysuspect');
    await incident('severity', '2026-04-10T11:00:00.000Z', 'text');
    await incident('severity', '2026-04-20T11:00:00.000Z', 'social_media');
    await incident('severity', '2026-06-05T11:00:00.000Z', 'in_person', 'loitering');

    // Decoy: a de-escalating course: four in person before, one text message in the last 30 days.
    await occurrence('calming', '2026-02-20T10:00:00.000Z', 'Calmvictim', 'Calmsuspect');
    for (const day of ['2026-03-01', '2026-03-15', '2026-04-01', '2026-04-15']) await incident('calming', `${day}T11:00:00.000Z`, 'in_person', 'following');
    await incident('calming', '2026-06-01T11:00:00.000Z', 'text');

    // A breach of a Stalking Protection Order in the last 7 days (also escalation of its course).
    await occurrence('order', '2026-01-10T10:00:00.000Z', 'Ordervictim', 'Respondent');
    await classifyOccurrence(t.deps, officer, ref.order!, { answers: { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 5, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true }, offence: 's2A' });
    t.clock.set('2026-01-12T10:00:00.000Z');
    const spoId = (await considerStalkingProtectionOrder(t.deps, oic, ref.order!, { respondentPersonId: person.Respondent!, actsAssociatedWithStalking: true, posesRiskOfStalking: true, orderNecessaryToProtect: true })).id;
    await referStalkingProtectionOrder(t.deps, oic, ref.order!, { spoId, personsToBeProtected: 'Ordervictim', actsAssociatedWithStalking: 'Following', risk: 'High', whyNecessary: 'Persistent', proposedTerms: [{ kind: 'prohibition', text: 'No contact' }] });
    await decideSpoReferral(t.deps, scu, ref.order!, { spoId, decision: 'approve', reason: 'Conditions met' });
    await applyForStalkingProtectionOrder(t.deps, oic, ref.order!, { spoId, overarchingStatement: 'Statement' });
    await decideSpoAuthority(t.deps, supt, ref.order!, { spoId, necessary: true, proportionate: true, justified: true, humanRightsOfVictimConsidered: true, humanRightsOfRespondentConsidered: true, rationale: 'Necessary and proportionate to protect the victim' });
    await recordCourtOutcome(t.deps, oic, ref.order!, { spoId, hearingDate: '2026-01-12', outcome: 'interim', terms: [{ kind: 'prohibition', text: 'No contact' }] });
    orderFlagId = (await t.deps.store.db.selectFrom('person_flags').select('id').where('person_id', '=', person.Respondent!).executeTakeFirstOrThrow()).id;
    t.clock.set('2026-06-12T10:00:00.000Z');
    const breach = await recordSpoBreach(t.deps, officer, ref.order!, { spoId, receivedAt: '2026-06-12T09:00:00.000Z', location: 'Her street', account: 'Waited outside her house' });
    ref.breach = breach.reference;
    occurrenceId.breach = breach.id;

    // A notify-if flag hit: the flagged suspect appears in a new occurrence in the last 7 days.
    await occurrence('flagged', '2026-05-01T10:00:00.000Z', 'Flagvictim', 'Flagged');
    flagId = (await addNotifyIfFlag(t.deps, officer, ref.flagged!, { personId: person.Flagged!, reason: 'Persistent stalker', notify: 'Task the SCU and the OIC' })).id;
    await occurrence('hit', '2026-06-13T10:00:00.000Z', 'Newvictim', 'Flagged');
    // Decoy: a person flagged on an occurrence this week appears only in that occurrence.
    await occurrence('ownflag', '2026-06-14T10:00:00.000Z', 'Ownvictim', 'Ownflagged');
    await addNotifyIfFlag(t.deps, officer, ref.ownflag!, { personId: person.Ownflagged!, reason: 'Stalker', notify: 'Task the SCU' });

    t.clock.set(NOW);
    threats = await listEmergingThreats(t.deps, analyst, {});
  }, 120_000);
  afterAll(async () => t.dispose());

  it('DI-01, IO-14: a suspect against two victims in the last 12 months is a serial perpetrator, with the PDP and MAPPA prompts', () => {
    const serial = row('serialPerpetrators', `serial_perpetrator:${person.Rowe}`);
    expect(serial).toBeDefined();
    expect(serial!.reasons[0]!.text).toContain('2 different victims in the last 12 months');
    expect(serial!.reasons.map((r) => r.text)).toContain('1 recorded as stalking involving fear of violence or serious alarm or distress (s4A)');
    // 20 a victim, 10 for the s4A.
    expect(serial!.score).toBe(50);
    expect(serial!.requirements).toEqual(expect.arrayContaining(['DI-01', 'IO-14']));
    expect(serial!.prompts.filter((p) => p.requirement === 'IO-14').map((p) => p.text).join(' ')).toMatch(/Potentially Dangerous Persons.*MAPPA/);
    expect(serial!.people.map((p) => p.id).sort()).toEqual([person.Firstvictim, person.Secondvictim].sort());
    expect(serial!.occurrences.map((o) => o.reference).sort()).toEqual([ref.serialA, ref.serialB].sort());
  });

  it('DI-01: decoys are not serial perpetrators: a second victim outside the window, two occurrences against one victim, a victim only in a restricted record', () => {
    const found = keys('serialPerpetrators');
    for (const decoy of ['Halfserial', 'Oldsuspect', 'Workforce', 'Repeatsuspect']) expect(found, decoy).not.toContain(`serial_perpetrator:${person[decoy]}`);
  });

  it('DI-01: a victim in two occurrences in the window is a repeat victim; one whose occurrences are older than 12 months is not', () => {
    const found = keys('repeatVictims');
    expect(found).toContain(`repeat_victim:${person.Repeatvictim}`);
    expect(found).toContain(`repeat_victim:${person.Ratevictim}`);
    expect(found).not.toContain(`repeat_victim:${person.Oldvictim}`);
    expect(found).not.toContain(`repeat_victim:${person.Firstvictim}`);
    const r = row('repeatVictims', `repeat_victim:${person.Repeatvictim}`)!;
    expect(r.reasons[0]!.text).toBe('Victim in 2 occurrences in the last 12 months (repeat: 2 or more)');
    expect(r.score).toBe(20);
  });

  it('DI-01, ID-05: a course of conduct is escalating when its rate rises across its occurrences, or it moves from online contact to turning up in person', () => {
    const rate = row('escalation', `escalation:${person.Ratevictim}:${person.Ratesuspect}`);
    expect(rate?.reasons.map((r) => r.text)).toEqual(['Rate rising: 3 incidents in the last 30 days against 1 in the 90 days before']);
    expect(rate?.occurrences.map((o) => o.reference).sort()).toEqual([ref.rate1, ref.rate2].sort());
    const severity = row('escalation', `escalation:${person.Severityvictim}:${person.Severitysuspect}`);
    expect(severity?.reasons.map((r) => r.text)).toEqual(['Severity rising: from online or remote contact to turning up in person in the last 30 days']);
    expect(severity?.score).toBe(15);
  });

  it('DI-01, BR-03: a breach of an order in the last 30 days escalates its course of conduct; a de-escalating course and a course with no incidents are not escalating', () => {
    const breach = row('escalation', `escalation:${person.Ordervictim}:${person.Respondent}`);
    expect(breach?.reasons.map((r) => r.text)).toContain('1 breach of a Stalking Protection Order in the last 30 days');
    expect(breach?.requirements).toContain('BR-03');
    // BR-01: the breach crime has the order's subject and the victim, so it is part of their course of conduct.
    expect(breach?.occurrences.map((o) => o.reference).sort()).toEqual([ref.order, ref.breach].sort());
    const found = keys('escalation');
    expect(found).not.toContain(`escalation:${person.Calmvictim}:${person.Calmsuspect}`);
    expect(found).not.toContain(`escalation:${person.Repeatvictim}:${person.Repeatsuspect}`);
  });

  it('DI-01, BR-01, FL-01: the last 7 days’ SPO breaches and notify-if flag hits; a flag on its own occurrence is not a hit', () => {
    const breaches = threats.sections.breaches.rows;
    expect(breaches.map((b) => b.key)).toEqual([`breach:${occurrenceId.breach}`]);
    expect(breaches[0]!.subject.id).toBe(person.Respondent);
    expect(breaches[0]!.occurrences.map((o) => o.reference)).toEqual([ref.breach, ref.order]);
    // The order's subject is the breach crime's suspect (BR-01), so the flag on them from the order is hit too (FL-01).
    expect(keys('flagHits').sort()).toEqual([`flag_hit:${flagId}:${occurrenceId.hit}`, `flag_hit:${orderFlagId}:${occurrenceId.breach}`].sort());
    expect(threats.sections.flagHits.rows.find((r) => r.key === `flag_hit:${flagId}:${occurrenceId.hit}`)!.prompts[0]!.text).toContain('Task the SCU and the OIC');
  });

  it('ID-08: restricted occurrences count only for users entitled to see them', async () => {
    expect(JSON.stringify(threats)).not.toContain(ref.restricted!);
    expect(JSON.stringify(threats)).not.toContain(person.Hiddenvictim!);
    const forAuditor = await listEmergingThreats(t.deps, auditor, {});
    const workforce = forAuditor.sections.serialPerpetrators.rows.find((r) => r.key === `serial_perpetrator:${person.Workforce}`);
    expect(workforce?.occurrences.map((o) => o.reference)).toContain(ref.restricted);
  });

  it('DI-01: only the roles the table names may see emerging threats, and only the DIU analyst records a communication', async () => {
    await expect(listEmergingThreats(t.deps, oic, {})).rejects.toMatchObject({ status: 403 });
    await expect(listEmergingThreats(t.deps, scu, {})).resolves.toBeDefined();
    await expect(communicateThreat(t.deps, scu, {})).rejects.toMatchObject({ status: 403 });
    await expect(listEmergingThreats(t.deps, analyst, { limit: 0 })).rejects.toMatchObject({ issues: [{ field: 'limit' }] });
  });

  it('DI-01, XC-03: viewing the list and a link view is logged as a read', async () => {
    const db = t.deps.store.db;
    const listed = await db.selectFrom('log_entries').selectAll().where('action', '=', 'emerging_threats.viewed').where('actor_id', '=', analyst.id).execute();
    expect(listed.length).toBeGreaterThanOrEqual(1);
    expect(listed[0]!.kind).toBe('read');
    const links = await personLinks(t.deps, analyst, person.Rowe!, {});
    const occurrenceNodes = links.nodes.filter((n) => n.kind === 'occurrence').map((n) => n.reference).sort();
    expect(occurrenceNodes).toEqual([ref.serialA, ref.serialB].sort());
    expect(links.nodes.filter((n) => n.kind === 'person' && n.hop === 2).map((n) => n.personId).sort()).toEqual([person.Firstvictim, person.Secondvictim].sort());
    const reads = await db.selectFrom('log_entries').select('occurrence_id').where('action', '=', 'person_links.viewed').where('subject_id', '=', person.Rowe!).execute();
    expect(reads.map((r) => r.occurrence_id).sort()).toEqual([occurrenceId.serialA, occurrenceId.serialB].sort());
  });

  it('DI-01, ID-08: the link view shows orders, flags and breaches, and never a restricted occurrence to a user who may not see it', async () => {
    const respondent = await personLinks(t.deps, analyst, person.Respondent!, { hops: 2 });
    expect(respondent.nodes.some((n) => n.kind === 'order')).toBe(true);
    expect(respondent.nodes.some((n) => n.kind === 'flag')).toBe(true);
    expect(respondent.nodes.filter((n) => n.kind === 'occurrence').map((n) => n.reference)).toContain(ref.breach);
    const oneHop = await personLinks(t.deps, analyst, person.Respondent!, { hops: 1 });
    expect(oneHop.nodes.some((n) => n.hop === 2)).toBe(false);
    const workforce = await personLinks(t.deps, analyst, person.Workforce!, {});
    expect(workforce.nodes.map((n) => n.reference)).not.toContain(ref.restricted);
    expect(workforce.nodes.map((n) => n.personId)).not.toContain(person.Hiddenvictim);
    await expect(personLinks(t.deps, analyst, 'no-such-person', {})).rejects.toMatchObject({ status: 404 });
    await expect(personLinks(t.deps, analyst, person.Rowe!, { hops: 3 })).rejects.toMatchObject({ issues: [{ field: 'hops' }] });
  });

  it('DI-02: the communication to the district SLT and the SCU is recorded with the occurrence log of each occurrence, and shown on the row', async () => {
    const db = t.deps.store.db;
    const key = `serial_perpetrator:${person.Rowe}`;
    const form = await threatToCommunicate(t.deps, analyst, key);
    expect(form.occurrences.map((o) => o.reference).sort()).toEqual([ref.serialA, ref.serialB].sort());
    const input = { threatKey: key, summary: 'Serial stalker: two victims since February', district: 'leeds', sltRecipient: 'Supt Jane Doe, district commander', scuRecipient: 'DS Mark Pearson', method: 'email', communicatedAt: '2026-06-15T11:30:00.000Z', message: 'Rowe is stalking two women; PDP referral advised.' };

    const before = await db.selectFrom('threat_communications').select('id').execute();
    await expect(communicateThreat(t.deps, analyst, { ...input, sltRecipient: '' })).rejects.toMatchObject({ issues: [{ field: 'sltRecipient' }] });
    await expect(communicateThreat(t.deps, analyst, { ...input, communicatedAt: '2026-06-16T11:30:00.000Z' })).rejects.toMatchObject({ issues: [{ field: 'communicatedAt' }] });
    await expect(communicateThreat(t.deps, analyst, { ...input, threatKey: `repeat_victim:${person.Hiddenvictim}` })).rejects.toMatchObject({ status: 404 });
    expect(await db.selectFrom('threat_communications').select('id').execute()).toEqual(before);

    const c = await communicateThreat(t.deps, analyst, input);
    expect(c).toMatchObject({ threatKind: 'serial_perpetrator', personId: person.Rowe, district: 'leeds', sltRecipient: 'Supt Jane Doe, district commander', requirements: ['DI-01', 'DI-02', 'IO-14'] });
    const logged = await db.selectFrom('log_entries').selectAll().where('action', '=', 'emerging_threat.communicated').execute();
    expect(logged.map((l) => l.occurrence_id).sort()).toEqual([occurrenceId.serialA, occurrenceId.serialB].sort());
    expect(JSON.parse(logged[0]!.requirements)).toContain('DI-02');
    expect(logged[0]!.changes).toContain('Leeds district senior leadership team (Supt Jane Doe, district commander); Stalking Coordination Unit (DS Mark Pearson)');
    expect((await verifyChain(db)).ok).toBe(true);

    const after = await listEmergingThreats(t.deps, analyst, {});
    const shown = after.sections.serialPerpetrators.rows.find((r) => r.key === key)!;
    expect(shown.communications).toMatchObject([{ sltRecipient: 'Supt Jane Doe, district commander', scuRecipient: 'DS Mark Pearson', communicatedAt: '2026-06-15T11:30:00.000Z' }]);
  });
});
