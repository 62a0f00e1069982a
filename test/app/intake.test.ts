import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty, searchPeople } from '../../src/app/intake/people';
import { addIncident, courseOfConduct } from '../../src/app/intake/incidents';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { markThreatToLife, markWorkforceInvolvement, recordDutyInspectorNotified, recordVictimDoesNotSupport } from '../../src/app/intake/safeguards';
import { assignAttendingOfficer, recordCallAdvice } from '../../src/app/intake/attendance';
import { primaryInvestigation, updateChecklistItem } from '../../src/app/intake/checklist';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { completeTask, worklist } from '../../src/app/tasks/worklist';
import { readOccurrence, searchOccurrences } from '../../src/app/intake/occurrence-queries';
import { verifyChain } from '../../src/store/repositories/log';
import { dashQuestionIds, stalkingScreeningQuestionIds } from '../../src/policy/risk-questions';
import type { UserRecord } from '../../src/store/repositories/users';
import type { OccurrenceRecord } from '../../src/store/repositories/occurrences';

const report = (overrides: Record<string, unknown> = {}) => ({
  receivedAt: '2026-03-02T13:00:00Z',
  channel: '999',
  callGrade: 'priority',
  district: 'leeds',
  location: 'Armley, Leeds',
  firstAccount: 'My ex keeps turning up at my work and messaging me all night.',
  ...overrides,
});

const allAnswers = (yes: number) => Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < yes ? 'yes' : 'no']));
const stalkingAnswers = Object.fromEntries(stalkingScreeningQuestionIds.map((id) => [id, 'no']));

async function counts(t: TestApp) {
  const db = t.deps.store.db;
  const n = async (table: 'occurrences' | 'log_entries' | 'tasks' | 'parties' | 'people' | 'incidents' | 'risk_assessments' | 'classification_assessments') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { occ: await n('occurrences'), log: await n('log_entries'), tasks: await n('tasks'), parties: await n('parties'), people: await n('people'), incidents: await n('incidents'), dash: await n('risk_assessments'), cls: await n('classification_assessments') };
}

describe.each(testDialects())('the intake journey on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord;
  let officer: UserRecord;
  let sergeant: UserRecord;
  let inspector: UserRecord;
  let analyst: UserRecord;
  let auditor: UserRecord;
  let occ: OccurrenceRecord;
  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-03-02T14:00:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer');
    sergeant = await t.user('supervisory_officer', { rank: 'PS' });
    inspector = await t.user('duty_inspector', { rank: 'INSP' });
    analyst = await t.user('diu_analyst');
    auditor = await t.user('auditor', { district: null });
    occ = await recordOccurrence(t.deps, handler, report());
  });
  afterAll(async () => t.dispose());

  it('ID-07: a new report starts with the crime recording decision due 24 hours from receipt, in the call handler’s worklist', async () => {
    const { tasks } = await worklist(t.deps, handler);
    const task = tasks.find((x) => x.occurrenceId === occ.id && x.action === 'recording_decision');
    expect(task?.dueAt).toBe('2026-03-03T13:00:00.000Z');
    expect(task?.requirement).toBe('ID-07');
  });

  it('CS-03, CS-06: adds a victim and a suspect; a search with a typo finds the existing person with their markers', async () => {
    await addParty(t.deps, handler, occ.reference, { role: 'victim', surname: 'Whitfield', forenames: 'Sarah', dateOfBirth: '1990-04-12', postcode: 'LS12 1AB', markers: [] });
    await addParty(t.deps, handler, occ.reference, { role: 'suspect', surname: 'Crowther', forenames: 'Daniel', dateOfBirth: '1987-11-30', markers: ['violence', 'weapons'] });
    await addParty(t.deps, handler, occ.reference, { role: 'reporter', capacity: 'friend', surname: 'Ahmed', forenames: 'Nadia' });
    const found = await searchPeople(t.deps, handler, { surname: 'Crowthar', dateOfBirth: '1987-11-30' });
    expect(found[0]?.person.surname).toBe('Crowther');
    expect(found[0]?.markers.map((m) => m.marker).sort()).toEqual(['violence', 'weapons']);
    expect(found[0]?.occurrences.map((o) => o.reference)).toEqual([occ.reference]);
  });

  it('CS-03: a person reporting needs their capacity; bad input changes nothing', async () => {
    const before = await counts(t);
    await expect(addParty(t.deps, handler, occ.reference, { role: 'reporter', surname: 'Jones' })).rejects.toMatchObject({ issues: [{ field: 'capacity' }] });
    await expect(addParty(t.deps, handler, occ.reference, { role: 'wizard', surname: 'Jones' })).rejects.toMatchObject({ status: 400 });
    expect(await counts(t)).toEqual(before);
  });

  it('permission denied for the wrong role, and nothing written', async () => {
    const before = await counts(t);
    await expect(addParty(t.deps, analyst, occ.reference, { role: 'witness', surname: 'Smith' })).rejects.toMatchObject({ status: 403 });
    await expect(recordRiskAssessment(t.deps, handler, occ.reference, {})).rejects.toMatchObject({ status: 403 });
    expect(await counts(t)).toEqual(before);
  });

  it('CS-04, CS-05: records advice given; assigning the attending officer puts the attendance in their worklist', async () => {
    await recordCallAdvice(t.deps, handler, occ.reference, { evidenceAdviceGiven: true, attendanceMessage: 'Officers will attend within the hour' });
    await assignAttendingOfficer(t.deps, handler, occ.reference, { officerId: officer.id });
    const { tasks } = await worklist(t.deps, officer);
    expect(tasks.some((x) => x.occurrenceId === occ.id && x.action === 'attend')).toBe(true);
  });

  it('ID-05, ID-06: incidents link across occurrences between the same victim and suspect; a digital channel sets the cyber flag', async () => {
    await addIncident(t.deps, officer, occ.reference, { occurredAt: '2026-03-01T21:00:00Z', place: 'Victim’s home', actType: 'contacting', channel: 'text', description: '40 texts overnight' });
    const second = await recordOccurrence(t.deps, handler, report({ receivedAt: '2026-03-02T13:30:00Z', firstAccount: 'He was outside my house again.' }));
    const people = await searchPeople(t.deps, handler, { surname: 'Whitfield', dateOfBirth: '1990-04-12' });
    const suspects = await searchPeople(t.deps, handler, { surname: 'Crowther', dateOfBirth: '1987-11-30' });
    await addParty(t.deps, handler, second.reference, { role: 'victim', personId: people[0]!.person.id });
    await addParty(t.deps, handler, second.reference, { role: 'suspect', personId: suspects[0]!.person.id });
    await addIncident(t.deps, officer, second.reference, { occurredAt: '2026-03-02T07:00:00Z', place: 'Outside the victim’s home', actType: 'loitering', channel: 'in_person', description: 'Waited by her car' });
    const course = await courseOfConduct(t.deps, officer, occ.reference);
    expect(course.incidentCount).toBe(2);
    expect(course.linkedOccurrences.map((o) => o.reference).sort()).toEqual([occ.reference, second.reference].sort());
    expect((await readOccurrence(t.deps, officer, occ.reference, 'test')).cyberFlag).toBe(true);
    expect((await readOccurrence(t.deps, officer, second.reference, 'test')).cyberFlag).toBe(false);
  });

  it('ID-01, ID-04: the classification decision proposes the offence; differing needs a reason; the choice is recorded', async () => {
    const answers = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true };
    await expect(classifyOccurrence(t.deps, officer, occ.reference, { answers, offence: 's2' })).rejects.toMatchObject({ issues: [{ field: 'differenceReason' }] });
    const r = await classifyOccurrence(t.deps, officer, occ.reference, { answers, offence: 's2A', otherOffences: ['malicious_communications'] });
    expect(r.proposal.offence).toBe('s2A');
    // ID-03: "In most cases this is likely to be the stalking and harassment": malicious communications are acts of the course of conduct.
    expect(r.principalCrime).toBe('s2A');
    const after = await readOccurrence(t.deps, officer, occ.reference, 'test');
    expect(after).toMatchObject({ classification: 'stalking', offence: 's2A' });
  });

  it('ID-03: "In most cases this is likely to be the stalking and harassment": criminal damage is principal only when its value (over £5,000) makes it clearly more serious', async () => {
    const answers = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true };
    const noValue = await classifyOccurrence(t.deps, officer, occ.reference, { answers, offence: 's2A', otherOffences: ['criminal_damage'] });
    expect(noValue.principalCrime).toBe('s2A');
    const low = await classifyOccurrence(t.deps, officer, occ.reference, { answers, offence: 's2A', otherOffences: ['criminal_damage'], damageValuePounds: 800 });
    expect(low.principalCrime).toBe('s2A');
    const high = await classifyOccurrence(t.deps, officer, occ.reference, { answers, offence: 's2A', otherOffences: ['criminal_damage'], damageValuePounds: 12_000 });
    expect(high.principalCrime).toBe('criminal_damage');
    await expect(classifyOccurrence(t.deps, officer, occ.reference, { answers, offence: 's2A', otherOffences: ['criminal_damage'], damageValuePounds: -5 })).rejects.toMatchObject({ issues: [{ field: 'damageValuePounds' }] });
    // Back to the stalking as principal for the tests that follow.
    expect((await classifyOccurrence(t.deps, officer, occ.reference, { answers, offence: 's2A' })).principalCrime).toBe('s2A');
  });

  it('AO-08: a threat to life creates an immediate duty-inspector task and blocks recording the crime until the notification is recorded', async () => {
    await markThreatToLife(t.deps, officer, occ.reference, { details: 'Said he would kill her if she went to the police' });
    const { tasks } = await worklist(t.deps, inspector);
    expect(tasks.find((x) => x.occurrenceId === occ.id)?.action).toBe('notify_duty_inspector');
    await expect(recordCrime(t.deps, officer, occ.reference)).rejects.toMatchObject({ code: 'policy_violation', violations: [{ requirement: 'AO-08' }] });
    expect((await readOccurrence(t.deps, officer, occ.reference, 'test')).status).toBe('reported');
    await recordDutyInspectorNotified(t.deps, officer, occ.reference, { inspectorName: 'Insp Nolan' });
    await recordCrime(t.deps, officer, occ.reference);
    const recorded = await readOccurrence(t.deps, officer, occ.reference, 'test');
    expect(recorded.status).toBe('recorded');
    const { tasks: handlerTasks } = await worklist(t.deps, handler);
    expect(handlerTasks.some((x) => x.occurrenceId === occ.id && x.action === 'recording_decision')).toBe(false);
  });

  it('AL-01: a relationship recorded after the crime was recorded, before triage, moves the crime to that reviewer’s queue', async () => {
    expect((await readOccurrence(t.deps, officer, occ.reference, 'test')).reviewer).toBe('CID_DS');
    const answers = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: true };
    await classifyOccurrence(t.deps, officer, occ.reference, { answers, offence: 's2A', otherOffences: ['malicious_communications'], relationship: 'ex_intimate_partner' });
    expect(await readOccurrence(t.deps, officer, occ.reference, 'test')).toMatchObject({ relationship: 'ex_intimate_partner', reviewer: 'DA_DS' });
  });

  it('MARAC is for high-risk domestic abuse only: a high DASH on a non-domestic stalking case owes SCU liaison, not a MARAC referral', async () => {
    const stranger = await recordOccurrence(t.deps, handler, report({ firstAccount: 'A man I do not know follows me home from work.' }));
    const answers = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false };
    await classifyOccurrence(t.deps, officer, stranger.reference, { answers, offence: 's2A', relationship: 'stranger' });
    const dash = await recordRiskAssessment(t.deps, officer, stranger.reference, { assessment: { answers: allAnswers(15), stalkingScreening: stalkingAnswers, victimEngaged: true } });
    expect(dash.result).toMatchObject({ grade: 'high', scuLiaison: true, maracReferral: { required: false, routes: [] } });
    expect(dash.result.explanation).toMatch(/this case is not domestic, so it is not referred to MARAC/);
    const all = await t.deps.store.db.selectFrom('tasks').select('action').where('occurrence_id', '=', stranger.id).execute();
    expect(all.map((x) => x.action)).toContain('scu_liaison');
    expect(all.map((x) => x.action)).not.toContain('marac_referral');
  });

  it('AO-02, SV-02, TS-05: a high DASH creates SCU-liaison and MARAC tasks; a supervisor endorses; reassessment keeps history', async () => {
    const first = await recordRiskAssessment(t.deps, officer, occ.reference, { assessment: { answers: allAnswers(15), stalkingScreening: stalkingAnswers, victimEngaged: true } });
    expect(first.result.grade).toBe('high');
    const tasks = (await worklist(t.deps, sergeant)).tasks.filter((x) => x.occurrenceId === occ.id).map((x) => x.action);
    expect(tasks).toEqual(expect.arrayContaining(['endorse_risk', 'marac_referral']));
    const all = await t.deps.store.db.selectFrom('tasks').select('action').where('occurrence_id', '=', occ.id).execute();
    expect(all.map((x) => x.action)).toContain('scu_liaison');
    await expect(endorseRiskAssessment(t.deps, officer, occ.reference, 1, { version: 1, grade: 'high' })).rejects.toMatchObject({ status: 403 });
    await endorseRiskAssessment(t.deps, sergeant, occ.reference, 1, { version: 1, grade: 'high', note: 'Agreed' });
    await expect(endorseRiskAssessment(t.deps, sergeant, occ.reference, 1, { version: 1, grade: 'high' })).rejects.toMatchObject({ status: 409 });
    const second = await recordRiskAssessment(t.deps, officer, occ.reference, {
      assessment: { answers: allAnswers(3), victimEngaged: false, completedFromRecordsAndObservation: true },
      nonEngagementNote: 'Victim declined; completed from records',
    });
    expect(second.sequence).toBe(2);
    const rows = await t.deps.store.db.selectFrom('risk_assessments').select(['sequence', 'officer_grade']).where('occurrence_id', '=', occ.id).orderBy('sequence').execute();
    expect(rows.map((r) => [Number(r.sequence), r.officer_grade])).toEqual([[1, 'high'], [2, 'standard']]);
  });

  it('AO-02: a victim who will not engage needs the records-and-observation note', async () => {
    await expect(recordRiskAssessment(t.deps, officer, occ.reference, { assessment: { answers: allAnswers(2), victimEngaged: false } })).rejects.toMatchObject({ status: 400 });
  });

  it('AO-01, AO-05: the checklist items are worked; not applicable needs a reason', async () => {
    await updateChecklistItem(t.deps, officer, occ.reference, { item: 'account_taken', status: 'done' });
    await expect(updateChecklistItem(t.deps, officer, occ.reference, { item: 'asb_link_considered', status: 'not_applicable' })).rejects.toMatchObject({ issues: [{ field: 'reason' }] });
    const { checklist } = await primaryInvestigation(t.deps, officer, occ.reference);
    expect(checklist.items.find((i) => i.key === 'account_taken')?.status).toBe('done');
    expect(checklist.items.find((i) => i.key === 'dash_completed')?.status).toBe('done');
    expect(checklist.items.some((i) => i.key === 'threat_to_life_procedure')).toBe(true);
  });

  it('AO-10: the victim’s decision not to support prosecution needs all four advisories before it saves', async () => {
    const partial = { reasons: 'Afraid of retaliation', supportReferralOffered: true, advisedInvestigationContinues: true, advisedCivilOrders: false, advisedMayReContact: true, remindedNoWordsOfAdvice: true };
    await expect(recordVictimDoesNotSupport(t.deps, officer, occ.reference, partial)).rejects.toMatchObject({ code: 'policy_violation' });
    await recordVictimDoesNotSupport(t.deps, officer, occ.reference, { ...partial, advisedCivilOrders: true });
    expect((await readOccurrence(t.deps, officer, occ.reference, 'test')).victimSupportsProsecution).toBe(false);
  });

  it('worklists show overdue first, and a task is completed only by its assignee', async () => {
    t.clock.set('2026-03-05T09:00:00.000Z');
    const { tasks, overdue } = await worklist(t.deps, handler);
    expect(overdue).toBeGreaterThan(0);
    expect(tasks[0]!.overdue).toBe(true);
    // A task only its work closes (endorsing the DASH) is refused by hand, naming its requirement.
    const endorse = (await worklist(t.deps, sergeant)).tasks.find((x) => x.action === 'endorse_risk')!;
    await expect(completeTask(t.deps, sergeant, endorse.id, { note: 'Looked at it' })).rejects.toMatchObject({ code: 'policy_violation', violations: [{ requirement: 'SV-02' }] });
    // The call handlers' task to assign an officer: not the attending officer's to close; a supervisor of the district may, with a note, once.
    const fresh = await recordOccurrence(t.deps, handler, report({ receivedAt: '2026-03-05T08:30:00Z' }));
    const foreign = (await worklist(t.deps, handler)).tasks.find((x) => x.occurrenceId === fresh.id && x.action === 'assign_attending_officer')!;
    await expect(completeTask(t.deps, officer, foreign.id, { note: 'Resolved by phone' })).rejects.toMatchObject({ status: 403 });
    await expect(completeTask(t.deps, sergeant, foreign.id, {})).rejects.toMatchObject({ status: 400 });
    await completeTask(t.deps, sergeant, foreign.id, { note: 'Resolved by phone' });
    await expect(completeTask(t.deps, sergeant, foreign.id, { note: 'Resolved by phone' })).rejects.toMatchObject({ status: 409 });
  });

  it('ID-08: workforce involvement restricts the record: others get "not found" in lists, search and reads', async () => {
    const other = await recordOccurrence(t.deps, handler, report({ firstAccount: 'A colleague at the station keeps following me home' }));
    await markWorkforceInvolvement(t.deps, handler, other.reference, { reason: 'Suspect is a serving officer' });
    await expect(readOccurrence(t.deps, officer, other.reference, 'test', { accessReason: 'Curious' })).rejects.toMatchObject({ status: 404 });
    const listed = await searchOccurrences(t.deps, officer, { text: 'colleague' });
    expect(listed.occurrences).toEqual([]);
    expect((await searchOccurrences(t.deps, auditor, { text: 'colleague' })).occurrences.map((o) => o.reference)).toEqual([other.reference]);
    // The call handler who recorded it keeps access, but opens it only with a recorded reason.
    await expect(readOccurrence(t.deps, handler, other.reference, 'test')).rejects.toMatchObject({ status: 428 });
    expect((await readOccurrence(t.deps, handler, other.reference, 'test', { accessReason: 'Adding the caller’s second call' })).restricted).toBe(true);
    const read = await t.deps.store.db.selectFrom('log_entries').select('reason').where('occurrence_id', '=', other.id).where('kind', '=', 'read').executeTakeFirstOrThrow();
    expect(read.reason).toContain('Adding the caller’s second call');
  });

  it('XC-03: every step wrote the occurrence log and the chain verifies', async () => {
    const actions = (await t.deps.store.db.selectFrom('log_entries').select('action').where('occurrence_id', '=', occ.id).where('kind', '=', 'change').execute()).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['occurrence.reported', 'party.added', 'call_advice.recorded', 'attendance.assigned', 'incident.recorded', 'occurrence.classified', 'threat_to_life.marked', 'duty_inspector.notified', 'crime.recorded', 'risk_assessment.recorded', 'risk_assessment.endorsed', 'checklist_item.updated', 'victim_position.recorded']),
    );
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });
});

describe.each(testDialects())('intake use cases refuse the wrong role and bad input, writing nothing, on %s', (dialect) => {
  let t: TestApp;
  let occ: OccurrenceRecord;
  let officer: UserRecord;
  let sergeant: UserRecord;
  let analyst: UserRecord;
  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-03-02T14:00:00.000Z');
    const handler = await t.user('call_handler');
    officer = await t.user('attending_officer');
    sergeant = await t.user('supervisory_officer');
    analyst = await t.user('diu_analyst');
    occ = await recordOccurrence(t.deps, handler, report());
    await recordRiskAssessment(t.deps, officer, occ.reference, { assessment: { answers: allAnswers(2), victimEngaged: true } });
  });
  afterAll(async () => t.dispose());

  const cases: [string, (u: UserRecord) => Promise<unknown>, (u: UserRecord) => Promise<unknown>][] = [
    ['addParty (CS-03)', (u) => addParty(t.deps, u, occ.reference, { role: 'victim', surname: 'A' }), (u) => addParty(t.deps, u, occ.reference, { role: 'victim', surname: 'x'.repeat(81) })],
    ['recordCallAdvice (CS-04)', (u) => recordCallAdvice(t.deps, u, occ.reference, { evidenceAdviceGiven: true, attendanceMessage: 'Soon' }), (u) => recordCallAdvice(t.deps, u, occ.reference, { evidenceAdviceGiven: false, attendanceMessage: '' })],
    ['addIncident (ID-05)', (u) => addIncident(t.deps, u, occ.reference, { occurredAt: '2026-03-01T10:00:00Z', place: 'P', actType: 'following', channel: 'in_person', description: 'D' }), (u) => addIncident(t.deps, u, occ.reference, { occurredAt: '2027-01-01T10:00:00Z', place: 'P', actType: 'following', channel: 'in_person', description: 'D' })],
    ['classifyOccurrence (ID-01)', (u) => classifyOccurrence(t.deps, u, occ.reference, { answers: { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 2, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false }, offence: 's2A' }), (u) => classifyOccurrence(t.deps, u, occ.reference, { answers: { fixated: 'maybe' }, offence: 's2A' })],
    ['markThreatToLife (AO-08)', (u) => markThreatToLife(t.deps, u, occ.reference, { details: 'Threat' }), (u) => markThreatToLife(t.deps, u, occ.reference, { details: '' })],
    ['markWorkforceInvolvement (ID-08)', (u) => markWorkforceInvolvement(t.deps, u, occ.reference, { reason: 'Officer' }), (u) => markWorkforceInvolvement(t.deps, u, occ.reference, { reason: '' })],
    ['recordRiskAssessment (AO-02)', (u) => recordRiskAssessment(t.deps, u, occ.reference, { assessment: { answers: allAnswers(1), victimEngaged: true } }), (u) => recordRiskAssessment(t.deps, u, occ.reference, { assessment: { answers: { dash_01: 'perhaps' }, victimEngaged: true } })],
    ['endorseRiskAssessment (SV-02)', (u) => endorseRiskAssessment(t.deps, u, occ.reference, 1, { version: 1, grade: 'standard' }), (u) => endorseRiskAssessment(t.deps, u, occ.reference, 1, { version: 1, grade: 'extreme' })],
    ['updateChecklistItem (AO-01)', (u) => updateChecklistItem(t.deps, u, occ.reference, { item: 'account_taken', status: 'done' }), (u) => updateChecklistItem(t.deps, u, occ.reference, { item: 'not_an_item', status: 'done' })],
    ['recordVictimDoesNotSupport (AO-10)', (u) => recordVictimDoesNotSupport(t.deps, u, occ.reference, { reasons: 'r', supportReferralOffered: true, advisedInvestigationContinues: true, advisedCivilOrders: true, advisedMayReContact: true, remindedNoWordsOfAdvice: true }), (u) => recordVictimDoesNotSupport(t.deps, u, occ.reference, { reasons: 5 })],
  ];

  for (const [name, allowedCall, badCall] of cases) {
    it(`${name}: 403 for a DIU analyst and 400 for bad input, with no row or log entry written`, async () => {
      const before = await counts(t);
      await expect(allowedCall(analyst)).rejects.toMatchObject({ status: 403 });
      const actor = name.startsWith('endorse') ? sergeant : officer;
      await expect(badCall(actor)).rejects.toMatchObject({ status: 400 });
      expect(await counts(t)).toEqual(before);
    });
  }
});
