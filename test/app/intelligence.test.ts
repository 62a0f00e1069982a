import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty } from '../../src/app/intake/people';
import { markWorkforceInvolvement } from '../../src/app/intake/safeguards';
import { addNotifyIfFlag } from '../../src/app/flags/notify-if';
import { openPersonRecord, submitIntelligence } from '../../src/app/intelligence/submissions';
import { worklist } from '../../src/app/tasks/worklist';
import { verifyChain } from '../../src/store/repositories/log';
import type { UserRecord } from '../../src/store/repositories/users';

describe.each(testDialects())('intelligence submissions (AO-09) on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, officer: UserRecord, otherOfficer: UserRecord, oic: UserRecord, omSupervisor: UserRecord, safeguarding: UserRecord;

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-03-02T14:05:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer');
    otherOfficer = await t.user('attending_officer');
    oic = await t.user('investigating_officer', { rank: 'DC', unitType: 'CID' });
    omSupervisor = await t.user('offender_manager_supervisor', { district: null });
    safeguarding = await t.user('detective_superintendent_safeguarding', { district: null, rank: 'SUPT' });
  });
  afterAll(async () => t.dispose());

  async function caseWithSuspect(surname: string) {
    const o = await recordOccurrence(t.deps, handler, { receivedAt: t.clock().toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'He follows her to work.' });
    await addParty(t.deps, handler, o.reference, { role: 'victim', surname: 'Victim' });
    const { personId } = await addParty(t.deps, handler, o.reference, { role: 'suspect', surname, forenames: 'Lee' });
    return { o, personId };
  }

  const sighting = (over: Record<string, unknown> = {}) => ({
    seenAt: '2026-03-02T13:40:00Z',
    location: 'Outside Leeds station',
    subjectDescription: 'Dark parka, grey beanie, carrying a camera',
    vehicle: 'YX19 ABC, silver Ford Focus',
    source: 'officer_sighting',
    details: 'Standing opposite the victim’s workplace for twenty minutes.',
    ...over,
  });

  async function counts() {
    const db = t.deps.store.db;
    const n = async (table: 'intelligence_submissions' | 'tasks') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const log = Number((await db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'change').executeTakeFirstOrThrow()).n);
    return { intelligence: await n('intelligence_submissions'), tasks: await n('tasks'), log };
  }

  it('AO-09: a sighting submitted from an occurrence is linked to the person and the occurrence, shows on the record, and is logged with it', async () => {
    const { o, personId } = await caseWithSuspect('Harker');
    const before = await counts();
    const r = await submitIntelligence(t.deps, officer, personId, sighting({ occurrenceReference: o.reference }));
    expect(r).toMatchObject({ personId, occurrenceReference: o.reference, seenAt: '2026-03-02T13:40:00.000Z', flagOwnerTasked: false });
    expect(await counts()).toEqual({ intelligence: before.intelligence + 1, tasks: before.tasks, log: before.log + 1 });

    const view = await openPersonRecord(t.deps, otherOfficer, personId);
    expect(view.intelligence).toHaveLength(1);
    expect(view.intelligence[0]).toMatchObject({ reference: o.reference, location: 'Outside Leeds station', vehicle: 'YX19 ABC, silver Ford Focus', source: 'officer_sighting', submittedByName: officer.displayName });

    const entry = await t.deps.store.db.selectFrom('log_entries').selectAll().where('action', '=', 'intelligence.submitted').where('subject_id', '=', personId).executeTakeFirstOrThrow();
    expect(entry.occurrence_id).toBe(o.id);
    expect(JSON.parse(entry.requirements)).toEqual(['AO-09']);
    expect(entry.changes).toContain('Outside Leeds station');
    // The read of the person's record is logged too.
    const read = await t.deps.store.db.selectFrom('log_entries').select(['actor_id']).where('kind', '=', 'read').where('action', '=', 'person.viewed').where('subject_id', '=', personId).execute();
    expect(read.map((x) => x.actor_id)).toContain(otherOfficer.id);
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });

  it('FL-01, AO-09: intelligence on a person with an active notify-if flag tasks the flag’s owner, due by the policy deadline, and the flagged occurrence’s log records the hit', async () => {
    const { o, personId } = await caseWithSuspect('Vane');
    await addNotifyIfFlag(t.deps, oic, o.reference, { personId, reason: 'Fixated on the victim', notify: 'Task the OIC and the SCU on any sighting' });
    // Submitted with no occurrence: an officer who met the nominal in the street.
    const r = await submitIntelligence(t.deps, omSupervisor, personId, sighting({ vehicle: undefined }));
    expect(r.flagOwnerTasked).toBe(true);
    expect(r.taskDueAt).toBe('2026-03-03T14:05:00.000Z');
    const task = (await worklist(t.deps, oic)).tasks.find((x) => x.action === 'flag_hit_review');
    expect(task).toMatchObject({ requirement: 'FL-01', assigneeUserId: oic.id, occurrenceId: o.id, dueAt: '2026-03-03T14:05:00.000Z' });
    expect(task?.title).toContain('Vane');
    // Not someone else's task.
    expect((await worklist(t.deps, officer)).tasks.some((x) => x.action === 'flag_hit_review')).toBe(false);
    const hit = await t.deps.store.db.selectFrom('log_entries').selectAll().where('occurrence_id', '=', o.id).where('action', '=', 'notify_if_flag.hit').executeTakeFirstOrThrow();
    expect(JSON.parse(hit.requirements)).toEqual(['AO-09', 'FL-01']);
    expect((await openPersonRecord(t.deps, officer, personId)).intelligence[0]?.flagTaskId).toBe(task?.id);
  });

  it('AO-09: a role that may not submit intelligence is refused and nothing is written', async () => {
    const { personId } = await caseWithSuspect('Crane');
    const before = await counts();
    await expect(submitIntelligence(t.deps, handler, personId, sighting())).rejects.toMatchObject({ status: 403 });
    await expect(submitIntelligence(t.deps, safeguarding, personId, sighting())).rejects.toMatchObject({ status: 403 });
    expect(await counts()).toEqual(before);
  });

  it('AO-09: bad input is refused naming the field and writes nothing', async () => {
    const { personId } = await caseWithSuspect('Moss');
    const other = await caseWithSuspect('Elsewhere');
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [sighting({ seenAt: '2026-03-02T15:00:00Z' }), 'seenAt'],
      [sighting({ seenAt: 'yesterday' }), 'seenAt'],
      [sighting({ location: '   ' }), 'location'],
      [sighting({ location: 'x'.repeat(501) }), 'location'],
      [sighting({ details: 'x'.repeat(5001) }), 'details'],
      [sighting({ source: 'rumour' }), 'source'],
      [sighting({ colour: 'red' }), 'colour'],
      [sighting({ subjectDescription: '', vehicle: '', details: '' }), 'details'],
      [sighting({ occurrenceReference: other.o.reference }), 'occurrenceReference'],
      [sighting({ occurrenceReference: 'not-a-ref' }), 'occurrenceReference'],
    ];
    for (const [input, field] of cases) {
      await expect(submitIntelligence(t.deps, officer, personId, input), field).rejects.toMatchObject({ status: 400, issues: expect.arrayContaining([expect.objectContaining({ field })]) });
    }
    await expect(submitIntelligence(t.deps, officer, 'no-such-person', sighting())).rejects.toMatchObject({ status: 404 });
    await expect(submitIntelligence(t.deps, officer, '00000000-0000-4000-8000-000000000000', sighting())).rejects.toMatchObject({ status: 404 });
    expect(await counts()).toEqual(before);
  });

  it('ID-08: intelligence submitted from an occurrence later restricted is hidden from users not entitled to see it, and shown to those who are', async () => {
    const { o, personId } = await caseWithSuspect('Quill');
    await submitIntelligence(t.deps, officer, personId, sighting({ occurrenceReference: o.reference, details: 'Seen at the police station car park' }));
    await submitIntelligence(t.deps, officer, personId, sighting({ details: 'Seen in the town centre' }));
    await markWorkforceInvolvement(t.deps, handler, o.reference, { reason: 'The suspect is a member of police staff' });
    const unentitled = await openPersonRecord(t.deps, otherOfficer, personId);
    expect(unentitled.intelligence.map((i) => i.details)).toEqual(['Seen in the town centre']);
    expect(unentitled.hiddenIntelligence).toBe(1);
    expect(unentitled.occurrences).toEqual([]);
    const entitled = await openPersonRecord(t.deps, safeguarding, personId);
    expect(entitled.intelligence.map((i) => i.details).sort()).toEqual(['Seen at the police station car park', 'Seen in the town centre']);
    // Nor can an unentitled officer link new intelligence to the restricted occurrence (no hint that it exists).
    await expect(submitIntelligence(t.deps, otherOfficer, personId, sighting({ occurrenceReference: o.reference }))).rejects.toMatchObject({ issues: [{ field: 'occurrenceReference', message: 'No occurrence with that reference that you may see' }] });
  });
});
