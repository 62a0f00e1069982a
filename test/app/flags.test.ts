import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { addParty, searchPeople } from '../../src/app/intake/people';
import { addIncident } from '../../src/app/intake/incidents';
import { addNotifyIfFlag, reviewNotifyIfFlag } from '../../src/app/flags/notify-if';
import { worklist } from '../../src/app/tasks/worklist';
import { activeFlagsOf, findFlag } from '../../src/store/repositories/flags';
import type { UserRecord } from '../../src/store/repositories/users';

describe.each(testDialects())('notify-if flags on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord, officer: UserRecord, scu: UserRecord, analyst: UserRecord;
  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-01-10T10:00:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer');
    scu = await t.user('scu_officer', { district: null });
    analyst = await t.user('diu_analyst');
  });
  afterAll(async () => t.dispose());

  async function caseWithSuspect(surname: string) {
    const o = await recordOccurrence(t.deps, handler, { receivedAt: t.clock().toISOString(), channel: '101', callGrade: 'priority', district: 'leeds', location: 'Leeds', firstAccount: 'x' });
    await addParty(t.deps, handler, o.reference, { role: 'victim', surname: 'Victim' });
    const { personId } = await addParty(t.deps, handler, o.reference, { role: 'suspect', surname, forenames: 'Lee' });
    return { o, personId };
  }

  it('FL-01, FL-03: a flag on the suspect lasts the configured 12 months and tasks the SCU with its review; searches show it', async () => {
    const { o, personId } = await caseWithSuspect('Marsh');
    const r = await addNotifyIfFlag(t.deps, officer, o.reference, { personId, reason: 'Persistent stalker', notify: 'Task the SCU and the OIC' });
    expect(r.expiresOn).toBe('2027-01-10');
    const task = (await worklist(t.deps, scu)).tasks.find((x) => x.action === 'flag_review');
    expect(task?.requirement).toBe('FL-02');
    expect(task?.title).toContain('review window opens 2026-12-10');
    const found = await searchPeople(t.deps, handler, { surname: 'Marsh' });
    expect(found[0]?.flags).toEqual([{ notify: 'Task the SCU and the OIC', expiresOn: '2027-01-10' }]);
    await expect(addNotifyIfFlag(t.deps, officer, o.reference, { personId, reason: 'again', notify: 'SCU' })).rejects.toMatchObject({ status: 409 });
    await expect(addNotifyIfFlag(t.deps, analyst, o.reference, { personId, reason: 'x', notify: 'SCU' })).rejects.toMatchObject({ status: 403 });
  });

  it('FL-02: not reviewable before the month before expiry; no further incidents removes it; incidents extend it', async () => {
    t.clock.set('2026-01-10T10:00:00.000Z');
    const quiet = await caseWithSuspect('Quiet');
    const busy = await caseWithSuspect('Busy');
    await addNotifyIfFlag(t.deps, officer, quiet.o.reference, { personId: quiet.personId, reason: 'r', notify: 'SCU' });
    await addNotifyIfFlag(t.deps, officer, busy.o.reference, { personId: busy.personId, reason: 'r', notify: 'SCU' });
    const [qf] = await activeFlagsOf(t.deps.store.db, [quiet.personId]);
    const [bf] = await activeFlagsOf(t.deps.store.db, [busy.personId]);
    await expect(reviewNotifyIfFlag(t.deps, scu, quiet.o.reference, qf!.id, { version: 1 })).rejects.toMatchObject({ violations: [{ requirement: 'FL-02' }] });
    t.clock.set('2026-06-01T10:00:00.000Z');
    await addIncident(t.deps, officer, busy.o.reference, { occurredAt: '2026-05-20T21:00:00Z', place: 'Her street', actType: 'loitering', channel: 'in_person', description: 'Seen outside her house' });
    t.clock.set('2026-12-20T10:00:00.000Z');
    const removed = await reviewNotifyIfFlag(t.deps, scu, quiet.o.reference, qf!.id, { version: 1 });
    expect(removed).toMatchObject({ status: 'removed', reviewOutcome: 'removed' });
    const extended = await reviewNotifyIfFlag(t.deps, scu, busy.o.reference, bf!.id, { version: 1 });
    expect(extended).toMatchObject({ status: 'active', expiresOn: '2028-01-10', reviewOutcome: 'extended' });
    // Once extended, the next review is not due until a month before the new expiry.
    await expect(reviewNotifyIfFlag(t.deps, scu, busy.o.reference, bf!.id, { version: 2 })).rejects.toMatchObject({ code: 'policy_violation' });
    expect((await findFlag(t.deps.store.db, qf!.id))?.status).toBe('removed');
  });
});
