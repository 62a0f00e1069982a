import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { setOccurrenceRestricted, type OccurrenceRecord } from '../../src/store/repositories/occurrences';
import { insertTask } from '../../src/store/repositories/tasks';
import type { Database } from '../../src/store/schema';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * ID-08: a task carries whether its occurrence is restricted, so worklists count only what a user
 * may see. A task written while the occurrence is being restricted in another transaction must
 * still end up marked, whichever commits first.
 */
describe.each(testDialects())('a task and a concurrent restriction on %s', (dialect) => {
  let t: TestApp;
  let occurrence: OccurrenceRecord;
  beforeEach(async () => {
    t = await createTestApp(dialect, '2026-06-01T09:00:00.000Z');
    const handler = await t.user('call_handler');
    occurrence = await recordOccurrence(t.deps, handler, {
      receivedAt: '2026-06-01T08:00:00.000Z',
      channel: '101',
      callGrade: 'priority',
      district: 'leeds',
      location: 'Kirkstall Road',
      firstAccount: 'A colleague keeps turning up at her flat and messaging her at night.',
    });
  });
  afterEach(async () => t.dispose());

  const task = (id: string): Database['tasks'] => ({
    id,
    occurrence_id: occurrence.id,
    action: 'review',
    title: 'Review',
    requirement: 'ID-07',
    assignee_role: 'supervisory_officer',
    assignee_user_id: null,
    district: 'leeds',
    due_at: '2026-06-02T09:00:00.000Z',
    status: 'open',
    created_at: '2026-06-01T09:00:00.000Z',
    completed_at: null,
    completed_by: null,
    outcome_note: null,
  });
  const marked = async (id: string) => Number((await t.deps.store.db.selectFrom('tasks').select('occurrence_restricted').where('id', '=', id).executeTakeFirstOrThrow()).occurrence_restricted);

  it('ID-08: the task is written first and the restriction commits while it is still open', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    let inserted!: () => void;
    const taskWritten = new Promise<void>((r) => (inserted = r));
    const writer = t.deps.store.db.transaction().execute(async (trx) => {
      await insertTask(trx, task(id));
      inserted();
      await sleep(150); // the restriction starts meanwhile
    });
    await taskWritten;
    const restricting = t.deps.store.db.transaction().execute(async (trx) => setOccurrenceRestricted(trx, occurrence.id, true));
    await Promise.all([writer, restricting]);
    expect(await marked(id)).toBe(1);
  });

  it('ID-08: the restriction is written first and the task is added before it commits', async () => {
    const id = '00000000-0000-4000-8000-000000000002';
    let restrictedNow!: () => void;
    const restrictionWritten = new Promise<void>((r) => (restrictedNow = r));
    const restricting = t.deps.store.db.transaction().execute(async (trx) => {
      await setOccurrenceRestricted(trx, occurrence.id, true);
      restrictedNow();
      await sleep(150); // the task is written meanwhile
    });
    await restrictionWritten;
    const writer = t.deps.store.db.transaction().execute(async (trx) => insertTask(trx, task(id)));
    await Promise.all([writer, restricting]);
    expect(await marked(id)).toBe(1);
  });
});
