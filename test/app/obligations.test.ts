import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { assignAttendingOfficer } from '../../src/app/intake/attendance';
import { markThreatToLife, recordDutyInspectorNotified } from '../../src/app/intake/safeguards';
import { completeTask, reopenTask, taskForClosing, worklist } from '../../src/app/tasks/worklist';
import { deriveObligationsOfExistingCases, obligationsDerivedSetting } from '../../src/app/obligations/backfill';
import { obligationsOfCase } from '../../src/app/obligations/reconcile';
import { noFurtherActionOutcomes } from '../../src/policy/finalisation';
import { loadObligationFacts } from '../../src/store/repositories/obligation-facts';
import { getSetting } from '../../src/store/repositories/settings';
import { tasksOfOccurrence } from '../../src/store/repositories/tasks';
import { verifyChain } from '../../src/store/repositories/log';
import type { UserRecord } from '../../src/store/repositories/users';

const report = (overrides: Record<string, unknown> = {}) => ({
  receivedAt: '2026-03-02T14:00:00Z',
  channel: '101',
  callGrade: 'priority',
  district: 'leeds',
  location: '12 Example Street, Leeds',
  firstAccount: 'My ex keeps turning up outside my house and messaging me.',
  ...overrides,
});

describe.each(testDialects())('obligations and the tasks that follow them on %s', (dialect) => {
  let t: TestApp;
  let handler: UserRecord;
  let officer: UserRecord;
  let sergeant: UserRecord;
  let inspector: UserRecord;

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-03-02T14:05:00.000Z');
    handler = await t.user('call_handler');
    officer = await t.user('attending_officer');
    sergeant = await t.user('supervisory_officer', { rank: 'PS' });
    inspector = await t.user('duty_inspector', { rank: 'INSP', district: null });
  });
  afterAll(async () => t.dispose());

  const openTasks = async (occurrenceId: string) => (await tasksOfOccurrence(t.deps.store.db, occurrenceId)).filter((x) => x.status === 'open');

  it('CS-05: an attending officer assigned one minute after a priority report meets the obligation on time, and the task says what fulfilled it', async () => {
    t.clock.set('2026-03-02T14:05:00.000Z');
    const o = await recordOccurrence(t.deps, handler, report());
    const assign = (await openTasks(o.id)).find((x) => x.action === 'assign_attending_officer')!;
    expect(assign).toMatchObject({ requirement: 'CS-05', obligationKey: 'assign_attending_officer', dueAt: '2026-03-02T15:00:00.000Z', byHand: 'not_applicable' });
    expect((await worklist(t.deps, handler)).overdue).toBe(0);
    t.clock.set('2026-03-02T14:06:00.000Z');
    await assignAttendingOfficer(t.deps, handler, o.reference, { officerId: officer.id });
    const closed = (await tasksOfOccurrence(t.deps.store.db, o.id)).find((x) => x.id === assign.id)!;
    expect(closed).toMatchObject({ status: 'done', closure: 'fulfilled', completedAt: '2026-03-02T14:06:00.000Z', outcomeNote: 'Fulfilled: attendance assigned' });
    expect(closed.completedAt! <= closed.dueAt).toBe(true);
    // AO-01: the officer now owes the attendance.
    expect((await openTasks(o.id)).find((x) => x.action === 'attend')).toMatchObject({ assigneeUserId: officer.id, requirement: 'AO-01' });
  });

  it('IO-04, IO-13: every outcome the finalisation decision treats as no further action owes telling the victim and support services; a charge does not', async () => {
    const o = await recordOccurrence(t.deps, handler, report());
    const finalisedAs = async (outcome: string) => {
      await t.deps.store.db.updateTable('occurrences').set({ status: 'finalised', outcome, finalised_at: '2026-03-03T10:00:00.000Z' }).where('id', '=', o.id).execute();
      return (await loadObligationFacts(t.deps.store.db, o.id))!.occurrence.finalisedWithoutProceeding;
    };
    for (const outcome of noFurtherActionOutcomes) expect([outcome, await finalisedAs(outcome)]).toEqual([outcome, true]);
    expect(await finalisedAs('charged')).toBe(false);
  });

  it('CS-01: an emergency deployment cannot be marked done by hand while no officer is assigned; the refusal names the requirement and writes nothing', async () => {
    t.clock.set('2026-03-02T15:00:00.000Z');
    const o = await recordOccurrence(t.deps, handler, report({ callGrade: 'emergency', receivedAt: '2026-03-02T14:58:00Z' }));
    const deploy = (await openTasks(o.id)).find((x) => x.action === 'assign_attending_officer')!;
    expect(deploy).toMatchObject({ requirement: 'CS-01', dueAt: '2026-03-02T15:13:00.000Z', byHand: 'never' });
    const before = await t.deps.store.db.selectFrom('log_entries').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await expect(completeTask(t.deps, handler, deploy.id, { note: 'Officer on the way' })).rejects.toMatchObject({ code: 'policy_violation', violations: [{ requirement: 'CS-01' }] });
    const after = await t.deps.store.db.selectFrom('log_entries').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect((await openTasks(o.id)).some((x) => x.id === deploy.id)).toBe(true);
  });

  it('a task closed by hand needs a note; one closed in error opens again with a reason, and an obligation still unmet stays owed', async () => {
    t.clock.set('2026-03-03T09:00:00.000Z');
    const o = await recordOccurrence(t.deps, handler, report({ receivedAt: '2026-03-03T08:55:00Z' }));
    const assign = (await openTasks(o.id)).find((x) => x.action === 'assign_attending_officer')!;
    await expect(completeTask(t.deps, handler, assign.id, {})).rejects.toMatchObject({ status: 400 });
    const closed = await completeTask(t.deps, handler, assign.id, { note: 'Caller asked for advice only; no attendance wanted' });
    expect(closed).toMatchObject({ status: 'done', closure: 'not_applicable', outcomeNote: 'Caller asked for advice only; no attendance wanted' });
    // Closed with its reason: a later change to the case does not bring it back.
    await markThreatToLife(t.deps, handler, o.reference, { details: 'He said he would kill her' });
    expect((await openTasks(o.id)).some((x) => x.action === 'assign_attending_officer')).toBe(false);
    // Undo: it was closed in error; the obligation is owed again, by the same task.
    await expect(reopenTask(t.deps, handler, assign.id, { reason: '' })).rejects.toMatchObject({ status: 400 });
    const reopened = await reopenTask(t.deps, handler, assign.id, { reason: 'The caller does want an officer to attend' });
    expect(reopened).toMatchObject({ id: assign.id, status: 'open', closure: null, obligationKey: 'assign_attending_officer' });
    await expect(reopenTask(t.deps, handler, assign.id, { reason: 'The caller does want an officer to attend' })).rejects.toMatchObject({ status: 409 });
    // AO-08: recorded notification closes the duty inspector's task, naming the event.
    const notify = (await openTasks(o.id)).find((x) => x.action === 'notify_duty_inspector')!;
    expect(notify).toMatchObject({ assigneeRole: 'duty_inspector', dueAt: '2026-03-03T10:00:00.000Z' });
    await recordDutyInspectorNotified(t.deps, inspector, o.reference, { inspectorName: 'Insp Shah' });
    expect((await tasksOfOccurrence(t.deps.store.db, o.id)).find((x) => x.id === notify.id)).toMatchObject({ status: 'done', closure: 'fulfilled', outcomeNote: 'Fulfilled: duty inspector notified' });
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });

  it('a supervisor of the district may close a team task by hand; someone else’s task is refused', async () => {
    t.clock.set('2026-03-04T09:00:00.000Z');
    const o = await recordOccurrence(t.deps, handler, report({ receivedAt: '2026-03-04T08:55:00Z' }));
    const assign = (await openTasks(o.id)).find((x) => x.action === 'assign_attending_officer')!;
    await expect(completeTask(t.deps, officer, assign.id, { note: 'Not needed at all' })).rejects.toMatchObject({ status: 403 });
    // Its page is not a way to read someone else's work: not found for anyone who may not close it.
    await expect(taskForClosing(t.deps, officer, assign.id)).rejects.toMatchObject({ status: 404 });
    expect(await taskForClosing(t.deps, handler, assign.id)).toMatchObject({ id: assign.id, mayHandle: true });
    await completeTask(t.deps, sergeant, assign.id, { note: 'Resolved by phone with the caller' });
    expect((await tasksOfOccurrence(t.deps.store.db, o.id)).find((x) => x.id === assign.id)).toMatchObject({ closure: 'not_applicable', completedBy: sergeant.id });
  });

  it('a database from before derived obligations: each case is reconciled once; a task matching an obligation follows it, one matching none stays open and is marked older; nothing is lost', async () => {
    t.clock.set('2026-03-05T09:00:00.000Z');
    const o = await recordOccurrence(t.deps, handler, report({ receivedAt: '2026-03-05T08:50:00Z' }));
    // As the older code left it: tasks with no obligation key, due at the moment they were made.
    await t.deps.store.db.deleteFrom('tasks').where('occurrence_id', '=', o.id).execute();
    const old = (id: string, action: string, title: string, requirement: string, extra: Record<string, unknown>) => ({
      id, occurrence_id: o.id, action, title, requirement, district: 'leeds', due_at: '2026-03-05T09:00:00.000Z', status: 'open', created_at: '2026-03-05T09:00:00.000Z',
      completed_at: null, completed_by: null, outcome_note: null, assignee_role: null, assignee_user_id: null, ...extra,
    });
    await t.deps.store.db.insertInto('tasks').values([
      old('00000000-0000-4000-8000-000000000001', 'assign_attending_officer', 'Assign an attending officer', 'CS-05', { assignee_role: 'call_handler' }),
      old('00000000-0000-4000-8000-000000000002', 'scu_liaison', 'High risk: liaise with the Stalking Coordination Unit', 'TS-05', { assignee_role: 'triaging_supervisor' }),
    ]).execute();
    // Another case: an officer assigned, whose attendance was marked done by hand under the older code.
    const o2 = await recordOccurrence(t.deps, handler, report({ receivedAt: '2026-03-05T08:52:00Z' }));
    await assignAttendingOfficer(t.deps, handler, o2.reference, { officerId: officer.id });
    await t.deps.store.db.deleteFrom('tasks').where('occurrence_id', '=', o2.id).where('action', '=', 'attend').execute();
    await t.deps.store.db.insertInto('tasks').values({ ...old('00000000-0000-4000-8000-000000000003', 'attend', 'Attend and complete the primary investigation', 'AO-01', { assignee_user_id: officer.id }), occurrence_id: o2.id, status: 'done', completed_at: '2026-03-05T09:30:00.000Z', completed_by: officer.id, outcome_note: 'Attended' }).execute();
    await t.deps.store.db.deleteFrom('app_settings').where('key', '=', obligationsDerivedSetting).execute();

    const result = await deriveObligationsOfExistingCases(t.deps);
    expect(result.changed).toBeGreaterThanOrEqual(1);
    const tasks = await tasksOfOccurrence(t.deps.store.db, o.id);
    expect(tasks.find((x) => x.id === '00000000-0000-4000-8000-000000000001')).toMatchObject({ status: 'open', obligationKey: 'assign_attending_officer', dueAt: '2026-03-05T09:50:00.000Z', legacy: false });
    expect(tasks.find((x) => x.id === '00000000-0000-4000-8000-000000000002')).toMatchObject({ status: 'open', obligationKey: null, legacy: true });
    expect(tasks.find((x) => x.action === 'recording_decision')).toMatchObject({ status: 'open', obligationKey: 'recording_decision' });
    // Marked done by hand before: it stays done, now as that obligation closed by hand, and is not owed again.
    const tasks2 = await tasksOfOccurrence(t.deps.store.db, o2.id);
    expect(tasks2.find((x) => x.id === '00000000-0000-4000-8000-000000000003')).toMatchObject({ status: 'done', closure: 'done', obligationKey: `attend:${officer.id}` });
    expect(tasks2.filter((x) => x.action === 'attend' && x.status === 'open')).toEqual([]);
    const derived = (await obligationsOfCase(t.deps.store.db, o.id)).map((x) => x.key).sort();
    expect(tasks.filter((x) => x.status === 'open' && x.obligationKey).map((x) => x.obligationKey).sort()).toEqual(derived);
    expect(await getSetting(t.deps.store.db, obligationsDerivedSetting)).toBeTruthy();
    // Once only.
    expect(await deriveObligationsOfExistingCases(t.deps)).toEqual({ cases: 0, changed: 0 });
  });
});
