import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { classifyOccurrence, recordCrime } from '../../src/app/intake/classification';
import { addParty } from '../../src/app/intake/people';
import { markWorkforceInvolvement } from '../../src/app/intake/safeguards';
import { courseOfConduct } from '../../src/app/intake/incidents';
import { endorseRiskAssessment, recordRiskAssessment } from '../../src/app/risk/dash';
import { triageOccurrence } from '../../src/app/investigation/triage';
import { allocateOfficerInCharge } from '../../src/app/investigation/allocation';
import { finaliseOccurrence } from '../../src/app/investigation/case-management';
import { recordSuspectAction } from '../../src/app/investigation/suspect';
import { reallocateOccurrence, reopenOccurrence, retriageOccurrence } from '../../src/app/investigation/corrections';
import { removePartyAddedInError } from '../../src/app/intake/party-removal';
import { readOccurrence } from '../../src/app/intake/occurrence-queries';
import { listEmergingThreats } from '../../src/app/intelligence/emerging-threats';
import { listParties } from '../../src/store/repositories/intake';
import { verifyChain } from '../../src/store/repositories/log';
import { dashQuestionIds } from '../../src/policy/risk-questions';
import type { UserRecord } from '../../src/store/repositories/users';

const answers = (yes: number) => Object.fromEntries(dashQuestionIds.map((id, i) => [id, i < yes ? 'yes' : 'no']));
const four = { fixated: true, obsessive: true, unwanted: true, repeated: true, occasions: 3, fearOfViolenceOccasions: 0, seriousAlarmOrDistress: false, exPartner: false };
const noFacts = { adultAtRisk: false, honourBasedAbuse: false, coerciveControl: false, prolongedCourseOfConduct: false, significantCumulativeImpact: false, perpetratorEscalation: false };
const triageFacts = { ...noFacts, threatRiskHarmComplexity: 'Persistent contact at work; victim frightened; moderate complexity.' };

describe.each(testDialects())('corrections on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, officer: UserRecord, sergeant: UserRecord, daDs: UserRecord, cidDs: UserRecord, daDc: UserRecord, cidDc: UserRecord, cidDc2: UserRecord, nptPc: UserRecord, scu: UserRecord, inspector: UserRecord, analyst: UserRecord, auditor: UserRecord;

  /** A recorded s2A stalking crime with an endorsed DASH, ready for triage. */
  async function recordedCrime(relationship: string) {
    const o = await recordOccurrence(t.deps, handler, { receivedAt: t.clock().toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'He keeps turning up at my work.' });
    await classifyOccurrence(t.deps, officer, o.reference, { answers: four, offence: 's2A', relationship });
    await recordRiskAssessment(t.deps, officer, o.reference, { assessment: { answers: answers(5), victimEngaged: true } });
    await endorseRiskAssessment(t.deps, sergeant, o.reference, 1, { version: 1, grade: 'standard' });
    await recordCrime(t.deps, officer, o.reference);
    return o;
  }
  /** Triaged as non-domestic (to CID) and allocated to a CID detective: the wrong unit if the suspect is in fact an ex-partner. */
  async function allocatedToCid() {
    const o = await recordedCrime('acquaintance');
    await triageOccurrence(t.deps, cidDs, o.reference, { ...triageFacts, relationship: 'acquaintance', unit: 'CID', overrideReason: 'CID has the suspect’s other enquiries' });
    await allocateOfficerInCharge(t.deps, cidDs, o.reference, { officerId: cidDc.id });
    return o;
  }
  async function finalised() {
    const o = await allocatedToCid();
    await recordSuspectAction(t.deps, cidDc, o.reference, { action: 'voluntary_attendance', at: t.clock().toISOString() });
    await finaliseOccurrence(t.deps, cidDs, o.reference, { outcome: 'charged', rationale: 'Charged with stalking (s2A) after interview; CPS authorised the charge.', proportionateInvestigationComplete: true });
    return o;
  }
  const read = (ref: string) => readOccurrence(t.deps, cidDs, ref, 'test');
  const logOf = (id: string) => t.deps.store.db.selectFrom('log_entries').selectAll().where('occurrence_id', '=', id).where('kind', '=', 'change').orderBy('seq').execute();
  const tasksOf = (id: string) => t.deps.store.db.selectFrom('tasks').select(['id', 'status']).where('occurrence_id', '=', id).orderBy('id').execute();

  /** Refused with this error, and nothing written: the record, its log and its tasks are as they were. */
  async function refusedUnchanged(ref: string, id: string, attempt: () => Promise<unknown>, error: Record<string, unknown>) {
    const before = { record: await read(ref), log: (await logOf(id)).length, tasks: await tasksOf(id), parties: await listParties(t.deps.store.db, id) };
    await expect(attempt()).rejects.toMatchObject(error);
    expect(await read(ref)).toEqual(before.record);
    expect((await logOf(id)).length).toBe(before.log);
    expect(await tasksOf(id)).toEqual(before.tasks);
    expect(await listParties(t.deps.store.db, id)).toEqual(before.parties);
  }

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-12-21T10:00:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer', { unitType: 'PATROL' });
    sergeant = await t.user('supervisory_officer', { rank: 'PS' });
    daDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'DA_TEAM' });
    cidDs = await t.user('triaging_supervisor', { rank: 'DS', unitType: 'CID' });
    daDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'DA_TEAM' });
    cidDc = await t.user('investigating_officer', { rank: 'DC', unitType: 'CID' });
    cidDc2 = await t.user('investigating_officer', { rank: 'DC', unitType: 'CID' });
    nptPc = await t.user('investigating_officer', { rank: 'PC', unitType: 'NEIGHBOURHOOD' });
    scu = await t.user('scu_officer', { district: null, unitType: 'SCU' });
    inspector = await t.user('duty_inspector', { rank: 'INSP' });
    analyst = await t.user('diu_analyst');
    auditor = await t.user('auditor', { district: null });
  });
  afterAll(async () => t.dispose());

  describe('re-triage', () => {
    it('TS-01, AL-03: the allocation decision runs again on the corrected facts; a new unit takes the crime back to triaged without its officer in charge', async () => {
      const o = await allocatedToCid();
      const tasksBefore = await tasksOf(o.id);
      t.clock.advance(30 * 3600_000); // corrected the next day
      const r = await retriageOccurrence(t.deps, daDs, o.reference, { relationship: 'ex_intimate_partner', ...noFacts, reason: 'The suspect is her ex-partner: the first account was misread at triage.' });
      expect(r).toMatchObject({ proposedUnit: 'DA_TEAM', unit: 'DA_TEAM', unitChanged: true, status: 'triaged' });
      expect(await read(o.reference)).toMatchObject({ status: 'triaged', allocatedUnit: 'DA_TEAM', reviewer: 'DA_DS', relationship: 'ex_intimate_partner', officerInChargeId: null });
      const entry = (await logOf(o.id)).at(-1)!;
      expect(entry.action).toBe('occurrence.retriaged');
      expect(entry.reason).toBe('The suspect is her ex-partner: the first account was misread at triage.');
      const changes = JSON.parse(entry.changes as unknown as string) as { field: string; before: unknown; after: unknown }[];
      expect(changes).toEqual(expect.arrayContaining([
        { field: 'unit', before: 'CID', after: 'DA team' },
        { field: 'officerInCharge', before: `${cidDc.displayName} (${cidDc.unit})`, after: 'none: to be allocated in the DA team' },
        { field: 'status', before: 'allocated', after: 'triaged' },
      ]));
      expect(JSON.parse(entry.requirements as unknown as string)).toEqual(expect.arrayContaining(['TS-01', 'AL-03', 'XC-03']));
      // The tasks follow from the change (derived obligations): the correction itself writes none by hand.
      const opened = (await tasksOf(o.id)).filter((x) => !tasksBefore.some((b) => b.id === x.id)).map((x) => x.id);
      const keys = opened.length ? await t.deps.store.db.selectFrom('tasks').select('obligation_key').where('id', 'in', opened).execute() : [];
      expect(keys.every((k) => k.obligation_key)).toBe(true);
      // SV-01: allocating it again is owed from the re-triage, by the DS who made it, not overdue from the first triage.
      const allocate = (await t.deps.store.db.selectFrom('tasks').selectAll().where('occurrence_id', '=', o.id).where('action', '=', 'allocate').where('status', '=', 'open').execute())[0]!;
      expect(allocate.assignee_user_id).toBe(daDs.id);
      expect(new Date(allocate.due_at).getTime()).toBe(t.clock().getTime() + 24 * 3600_000);
      // Now it is allocated in its new unit.
      await allocateOfficerInCharge(t.deps, daDs, o.reference, { officerId: daDc.id });
      expect((await read(o.reference)).officerInChargeId).toBe(daDc.id);
    });

    it('the SCU may re-triage; the same unit keeps the officer in charge and the status; another unit than the decision’s needs its own reason and is never patrol', async () => {
      const o = await allocatedToCid();
      await refusedUnchanged(o.reference, o.id, () => retriageOccurrence(t.deps, scu, o.reference, { relationship: 'acquaintance', ...noFacts, unit: 'DA_TEAM', reason: 'Moving to the DA team for capacity.' }), { issues: [{ field: 'overrideReason' }] });
      await refusedUnchanged(o.reference, o.id, () => retriageOccurrence(t.deps, scu, o.reference, { relationship: 'acquaintance', ...noFacts, unit: 'PATROL', overrideReason: 'Patrol know the area', reason: 'Moving to patrol for capacity.' }), { issues: [{ field: 'unit', message: expect.stringContaining('never patrol or neighbourhood') }] });
      const r = await retriageOccurrence(t.deps, scu, o.reference, { relationship: 'acquaintance', ...noFacts, adultAtRisk: false, unit: 'CID', overrideReason: 'CID has the suspect’s other enquiries', reason: 'Checked the facts again after the SCU review.' });
      expect(r).toMatchObject({ proposedUnit: 'INVESTIGATION_TEAM', unit: 'CID', unitChanged: false, status: 'allocated' });
      expect(await read(o.reference)).toMatchObject({ status: 'allocated', allocatedUnit: 'CID', officerInChargeId: cidDc.id });
      // The corrected facts give another unit: an adult at risk (AL-04).
      const again = await retriageOccurrence(t.deps, scu, o.reference, { relationship: 'acquaintance', ...noFacts, adultAtRisk: true, reason: 'The victim is an adult at risk (care needs).' });
      expect(again).toMatchObject({ unit: 'ADULT_SAFEGUARDING', status: 'triaged' });
    });

    it('ID-08: a crime involving the force’s workforce stays with the DA team and its DS, whatever the corrected relationship', async () => {
      const o = await recordedCrime('ex_intimate_partner');
      await markWorkforceInvolvement(t.deps, handler, o.reference, { reason: 'The suspect is a serving officer' });
      await triageOccurrence(t.deps, daDs, o.reference, { ...triageFacts, relationship: 'ex_intimate_partner' });
      await allocateOfficerInCharge(t.deps, daDs, o.reference, { officerId: daDc.id });
      const r = await retriageOccurrence(t.deps, daDs, o.reference, { relationship: 'acquaintance', ...noFacts, reason: 'They were colleagues, never partners: corrected from the statement.' });
      expect(r).toMatchObject({ unit: 'DA_TEAM', unitChanged: false, status: 'allocated' });
      const after = await readOccurrence(t.deps, daDs, o.reference, 'test', { accessReason: 'Correcting the triage of this case' });
      expect(after).toMatchObject({ relationship: 'acquaintance', reviewer: 'DA_DS', allocatedUnit: 'DA_TEAM', officerInChargeId: daDc.id });
      await expect(retriageOccurrence(t.deps, daDs, o.reference, { relationship: 'acquaintance', ...noFacts, unit: 'CID', overrideReason: 'CID has capacity', reason: 'Moving it to CID for capacity.' })).rejects.toMatchObject({ issues: [{ field: 'unit', message: expect.stringContaining('ID-08') }] });
      // Those not entitled to the record do not find it at all.
      await expect(retriageOccurrence(t.deps, cidDs, o.reference, { relationship: 'acquaintance', ...noFacts, reason: 'Trying to correct it from CID.' })).rejects.toMatchObject({ status: 404 });
    });

    it('is refused, writing nothing, for a role that may not (an investigating officer), without a reason, or before triage', async () => {
      const o = await allocatedToCid();
      const fix = { relationship: 'ex_intimate_partner', ...noFacts, reason: 'The suspect is her ex-partner.' };
      await refusedUnchanged(o.reference, o.id, () => retriageOccurrence(t.deps, cidDc, o.reference, fix), { status: 403, message: expect.stringContaining('occurrence.retriage') });
      await refusedUnchanged(o.reference, o.id, () => retriageOccurrence(t.deps, daDs, o.reference, { ...fix, reason: undefined }), { issues: [{ field: 'reason', message: expect.stringContaining('reason for re-triaging') }] });
      await refusedUnchanged(o.reference, o.id, () => retriageOccurrence(t.deps, daDs, o.reference, { ...fix, reason: 'wrong' }), { issues: [{ field: 'reason', message: expect.stringContaining('at least 10 characters') }] });
      const recorded = await recordedCrime('acquaintance');
      await refusedUnchanged(recorded.reference, recorded.id, () => retriageOccurrence(t.deps, daDs, recorded.reference, fix), { code: 'policy_violation', violations: [{ requirement: 'TS-01', message: expect.stringContaining('This crime is recorded') }] });
    });
  });

  describe('reallocation', () => {
    it('SV-01: a DS gives the crime another officer in charge of its unit; the log names both officers and the reason', async () => {
      const o = await allocatedToCid();
      await reallocateOccurrence(t.deps, cidDs, o.reference, { officerId: cidDc2.id, reason: 'DC on long-term sick leave from today.' });
      expect(await read(o.reference)).toMatchObject({ status: 'allocated', officerInChargeId: cidDc2.id, allocatedUnit: 'CID' });
      const entry = (await logOf(o.id)).at(-1)!;
      expect(entry.action).toBe('occurrence.reallocated');
      expect(entry.reason).toBe('DC on long-term sick leave from today.');
      expect(JSON.parse(entry.changes as unknown as string)).toEqual(expect.arrayContaining([{ field: 'officerInCharge', before: `${cidDc.displayName} (${cidDc.unit})`, after: `${cidDc2.displayName} (${cidDc2.unit})` }]));
      // The SCU may reallocate too.
      await reallocateOccurrence(t.deps, scu, o.reference, { officerId: cidDc.id, reason: 'Back from sick leave: returned to the original DC.' });
      expect((await read(o.reference)).officerInChargeId).toBe(cidDc.id);
    });

    it('AL-05, AL-02: never to a patrol or neighbourhood officer, only within the allocated unit', async () => {
      const o = await allocatedToCid();
      await refusedUnchanged(o.reference, o.id, () => reallocateOccurrence(t.deps, cidDs, o.reference, { officerId: nptPc.id, reason: 'Neighbourhood officer knows the family.' }), { violations: [{ requirement: 'AL-05' }] });
      await refusedUnchanged(o.reference, o.id, () => reallocateOccurrence(t.deps, cidDs, o.reference, { officerId: daDc.id, reason: 'DA team has capacity this week.' }), { violations: [{ requirement: 'AL-02', message: expect.stringContaining('re-triage') }] });
      await refusedUnchanged(o.reference, o.id, () => reallocateOccurrence(t.deps, cidDs, o.reference, { officerId: cidDc.id, reason: 'Same officer again, by mistake.' }), { issues: [{ field: 'officerId' }] });
    });

    it('is refused, writing nothing, for a role that may not (a call handler), without a reason, or before allocation', async () => {
      const o = await allocatedToCid();
      await refusedUnchanged(o.reference, o.id, () => reallocateOccurrence(t.deps, handler, o.reference, { officerId: cidDc2.id, reason: 'Handing over to another DC.' }), { status: 403 });
      await refusedUnchanged(o.reference, o.id, () => reallocateOccurrence(t.deps, cidDs, o.reference, { officerId: cidDc2.id, reason: '' }), { issues: [{ field: 'reason' }] });
      const triaged = await recordedCrime('acquaintance');
      await triageOccurrence(t.deps, cidDs, triaged.reference, { ...triageFacts, relationship: 'acquaintance' });
      await refusedUnchanged(triaged.reference, triaged.id, () => reallocateOccurrence(t.deps, cidDs, triaged.reference, { officerId: cidDc2.id, reason: 'Handing over to another DC.' }), { violations: [{ requirement: 'TS-01', message: expect.stringContaining('allocated in the usual way') }] });
    });
  });

  describe('reopening', () => {
    it('TS-01: a DS reopens a finalised crime; the outcome is cleared from the record and kept in the log', async () => {
      const o = await finalised();
      expect((await read(o.reference)).status).toBe('finalised');
      await reopenOccurrence(t.deps, cidDs, o.reference, { reason: 'New evidence: a second victim has come forward.' });
      expect(await read(o.reference)).toMatchObject({ status: 'reopened', outcome: null, outcomeRationale: null, finalisedAt: null });
      const entry = (await logOf(o.id)).at(-1)!;
      expect(entry.action).toBe('occurrence.reopened');
      expect(entry.reason).toBe('New evidence: a second victim has come forward.');
      const changes = JSON.parse(entry.changes as unknown as string) as { field: string; before: unknown; after: unknown }[];
      expect(changes).toEqual(expect.arrayContaining([{ field: 'status', before: 'finalised', after: 'reopened' }, { field: 'outcome', before: 'charged', after: null }]));
      expect(changes.find((c) => c.field === 'finalisation')?.before).toMatch(/^Outcome 1: Charged or summonsed; finalised .*; rationale: Charged with stalking/);
      // Reopened, it is allocated again as the progression allows (reopened -> allocated).
      await allocateOfficerInCharge(t.deps, cidDs, o.reference, { officerId: cidDc2.id });
      expect((await read(o.reference)).status).toBe('allocated');
    });

    it('IO-04, IO-13: what a decision not to proceed owed ends unmet when the crime is reopened, never counted as done', async () => {
      const o = await allocatedToCid();
      await recordSuspectAction(t.deps, cidDc, o.reference, { action: 'voluntary_attendance', at: t.clock().toISOString() });
      const rationale = 'Enquiries complete: CCTV shows no contact, phone download negative, no independent witnesses; victim informed and support services updated.';
      await finaliseOccurrence(t.deps, cidDs, o.reference, { outcome: 'evidential_difficulties', rationale, proportionateInvestigationComplete: true });
      const owed = () => t.deps.store.db.selectFrom('tasks').select(['action', 'status', 'closure', 'outcome_note']).where('occurrence_id', '=', o.id).where('action', '=', 'update_support_services').execute();
      expect(await owed()).toEqual([expect.objectContaining({ status: 'open' })]);
      await reopenOccurrence(t.deps, cidDs, o.reference, { reason: 'New evidence: a second victim has come forward.' });
      expect(await owed()).toEqual([{ action: 'update_support_services', status: 'done', closure: 'ended', outcome_note: 'No longer owed: occurrence reopened' }]);
    });

    it('the duty inspector (above DS) may reopen; an investigating officer may not; a reason is needed; only a finalised crime is reopened', async () => {
      const o = await finalised();
      await refusedUnchanged(o.reference, o.id, () => reopenOccurrence(t.deps, cidDc, o.reference, { reason: 'New evidence has come in.' }), { status: 403 });
      await refusedUnchanged(o.reference, o.id, () => reopenOccurrence(t.deps, inspector, o.reference, {}), { issues: [{ field: 'reason', message: expect.stringContaining('reason for reopening') }] });
      await reopenOccurrence(t.deps, inspector, o.reference, { reason: 'New evidence has come in overnight.' });
      expect((await read(o.reference)).status).toBe('reopened');
      await refusedUnchanged(o.reference, o.id, () => reopenOccurrence(t.deps, inspector, o.reference, { reason: 'Reopening it a second time.' }), { violations: [{ requirement: 'TS-01', message: expect.stringContaining('only a finalised crime is reopened') }] });
      const live = await allocatedToCid();
      await refusedUnchanged(live.reference, live.id, () => reopenOccurrence(t.deps, cidDs, live.reference, { reason: 'It was never finalised.' }), { violations: [{ requirement: 'TS-01' }] });
    });

    it('a stale version is a conflict and writes nothing', async () => {
      const o = await finalised();
      const seen = (await read(o.reference)).version;
      await refusedUnchanged(o.reference, o.id, () => reopenOccurrence(t.deps, cidDs, o.reference, { reason: 'New evidence has come in.', version: seen - 1 }), { status: 409 });
      await reopenOccurrence(t.deps, cidDs, o.reference, { reason: 'New evidence has come in.', version: String(seen) });
    });
  });

  describe('removing a person added in error', () => {
    it('CS-03, ID-05: the person leaves the case’s people, its course of conduct and the emerging threats; the party row and the log stay', async () => {
      t.clock.set('2026-12-21T10:00:00.000Z');
      const first = await recordOccurrence(t.deps, handler, { receivedAt: '2026-12-20T09:00:00.000Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'He follows her home from the bus stop.' });
      const second = await recordOccurrence(t.deps, handler, { receivedAt: '2026-12-21T09:00:00.000Z', channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'Messages at night from a new number.' });
      const { personId: victimA } = await addParty(t.deps, handler, first.reference, { role: 'victim', surname: 'Ashworth', forenames: 'Lena' });
      const { personId: suspect } = await addParty(t.deps, handler, first.reference, { role: 'suspect', surname: 'Pickles', forenames: 'Grant' });
      await addParty(t.deps, handler, second.reference, { role: 'victim', surname: 'Brannigan', forenames: 'Moira' });
      await addParty(t.deps, handler, second.reference, { role: 'suspect', personId: suspect });
      // Wrongly added: the same victim on the second occurrence links it into the first's course of conduct.
      await addParty(t.deps, handler, second.reference, { role: 'victim', personId: victimA });
      expect((await courseOfConduct(t.deps, handler, first.reference)).linkedOccurrences.map((x) => x.reference).sort()).toEqual([first.reference, second.reference].sort());
      const serialKey = (await listEmergingThreats(t.deps, scu)).sections.serialPerpetrators.rows.map((r) => r.key).filter((k) => k.includes(suspect));
      expect(serialKey.length).toBe(1);

      const wrong = (await listParties(t.deps.store.db, second.id)).find((p) => p.person.id === victimA)!;
      const r = await removePartyAddedInError(t.deps, handler, second.reference, { partyId: wrong.id, reason: 'Lena Ashworth was chosen from the search by mistake: the victim is Moira Brannigan only.' });
      expect(r).toEqual({ name: 'Lena Ashworth', role: 'victim' });
      expect((await listParties(t.deps.store.db, second.id)).map((p) => p.person.surname).sort()).toEqual(['Brannigan', 'Pickles']);
      expect((await courseOfConduct(t.deps, handler, first.reference)).linkedOccurrences.map((x) => x.reference)).toEqual([first.reference]);
      const row = await t.deps.store.db.selectFrom('parties').selectAll().where('id', '=', wrong.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ removed_in_error_by: handler.id });
      expect(row.removed_in_error_at).toBeTruthy();
      const entry = (await logOf(second.id)).at(-1)!;
      expect(entry.action).toBe('party.removed_in_error');
      expect(entry.reason).toContain('chosen from the search by mistake');
      expect(JSON.parse(entry.changes as unknown as string)).toEqual([{ field: 'victim', before: 'Lena Ashworth', after: 'Removed: added in error' }]);

      // The suspect added in error: the serial-perpetrator threat (two victims) goes with them.
      const wrongSuspect = (await listParties(t.deps.store.db, second.id)).find((p) => p.person.id === suspect)!;
      await removePartyAddedInError(t.deps, sergeant, second.reference, { partyId: wrongSuspect.id, reason: 'A different man of the same name: checked against PNC.' });
      expect((await listEmergingThreats(t.deps, scu)).sections.serialPerpetrators.rows.map((r) => r.key).filter((k) => k.includes(suspect))).toEqual([]);
      // Removed twice: a conflict; added again later: the same row comes back.
      await refusedUnchanged(second.reference, second.id, () => removePartyAddedInError(t.deps, handler, second.reference, { partyId: wrong.id, reason: 'Removing her again by mistake.' }), { status: 409 });
      await addParty(t.deps, handler, second.reference, { role: 'victim', personId: victimA });
      expect((await listParties(t.deps.store.db, second.id)).find((p) => p.person.id === victimA)?.id).toBe(wrong.id);
      expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
    });

    it('is refused, writing nothing, for a role that may not (an analyst, an auditor), without a reason, for someone not on the case, or once finalised', async () => {
      const open = await recordOccurrence(t.deps, handler, { receivedAt: t.clock().toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'A neighbour watches her house.' });
      await addParty(t.deps, handler, open.reference, { role: 'witness', surname: 'Hebden', forenames: 'Tom' });
      const witness = (await listParties(t.deps.store.db, open.id))[0]!;
      await refusedUnchanged(open.reference, open.id, () => removePartyAddedInError(t.deps, analyst, open.reference, { partyId: witness.id, reason: 'Not a witness after all.' }), { status: 403, message: expect.stringContaining('party.remove') });
      await refusedUnchanged(open.reference, open.id, () => removePartyAddedInError(t.deps, auditor, open.reference, { partyId: witness.id, reason: 'Not a witness after all.' }), { status: 403 });
      await refusedUnchanged(open.reference, open.id, () => removePartyAddedInError(t.deps, handler, open.reference, { partyId: witness.id, reason: ' ' }), { issues: [{ field: 'reason', message: expect.stringContaining('reason for removing this person') }] });

      const o = await allocatedToCid();
      await addParty(t.deps, cidDc, o.reference, { role: 'witness', surname: 'Oldroyd', forenames: 'Jess' });
      await recordSuspectAction(t.deps, cidDc, o.reference, { action: 'voluntary_attendance', at: t.clock().toISOString() });
      await finaliseOccurrence(t.deps, cidDs, o.reference, { outcome: 'charged', rationale: 'Charged with stalking (s2A) after interview; CPS authorised the charge.', proportionateInvestigationComplete: true });
      const onFinalised = (await listParties(t.deps.store.db, o.id))[0]!;
      await refusedUnchanged(open.reference, open.id, () => removePartyAddedInError(t.deps, handler, open.reference, { partyId: onFinalised.id, reason: 'Not on this occurrence at all.' }), { issues: [{ field: 'partyId' }] });
      await refusedUnchanged(o.reference, o.id, () => removePartyAddedInError(t.deps, cidDs, o.reference, { partyId: onFinalised.id, reason: 'Added in error before finalisation.' }), { violations: [{ requirement: 'TS-01', message: expect.stringContaining('reopen a finalised crime') }] });
    });
  });
});
