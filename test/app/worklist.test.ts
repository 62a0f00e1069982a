import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { teamWorklist, worklist, worklistPageSize } from '../../src/app/tasks/worklist';
import { setOccurrenceRestricted } from '../../src/store/repositories/occurrences';
import { insertTask, insertTasks, worklistPage } from '../../src/store/repositories/tasks';
import type { Database } from '../../src/store/schema';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';

const NOW = '2026-06-01T09:00:00.000Z';
const hours = (h: number) => new Date(Date.parse(NOW) + h * 3_600_000).toISOString();

describe.each(testDialects())('worklist paging on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect, NOW);
  });
  afterEach(async () => t.dispose());

  it('a supervisor with 130 tasks sees them 50 at a time, soonest due first, with counts of the whole list, restricted ones left out (ID-08)', async () => {
    const supervisor = await t.user('supervisory_officer', { district: 'leeds' });
    const other = await t.user('supervisory_officer', { district: 'leeds' });
    const handler = await t.user('call_handler', { district: 'bradford' });
    const restricted = await recordOccurrence(t.deps, handler, {
      receivedAt: hours(-1),
      channel: '101',
      callGrade: 'priority',
      district: 'bradford',
      location: 'Manningham Lane',
      firstAccount: 'A neighbour keeps following her to work and photographing her.',
    });
    await setOccurrenceRestricted(t.deps.store.db, restricted.id, true);
    const restrictedLater = await recordOccurrence(t.deps, handler, {
      receivedAt: hours(-1),
      channel: '101',
      callGrade: 'priority',
      district: 'bradford',
      location: 'Thornton Road',
      firstAccount: 'Her former partner keeps sending flowers to her workplace after being told to stop.',
    });

    const row = (i: number, over: Partial<Database['tasks']>): Database['tasks'] => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      occurrence_id: null,
      action: 'review',
      title: `Task ${i}`,
      requirement: 'ID-07',
      assignee_role: null,
      assignee_user_id: null,
      district: 'leeds',
      due_at: hours(i - 40), // tasks 0 to 39 are overdue
      status: 'open',
      created_at: hours(-100),
      completed_at: null,
      completed_by: null,
      outcome_note: null,
      ...over,
    });
    const rows: Database['tasks'][] = [];
    for (let i = 0; i < 100; i++) rows.push(row(i, { assignee_role: 'supervisory_officer' })); // the role's tasks in Leeds
    for (let i = 100; i < 120; i++) rows.push(row(i, { assignee_user_id: supervisor.id, due_at: hours(i - 110) })); // assigned to them: 10 overdue
    for (let i = 120; i < 130; i++) rows.push(row(i, { assignee_role: 'supervisory_officer', district: null })); // force-wide
    // Not theirs: another district, another person, another role, done, and a restricted occurrence's task.
    rows.push(row(200, { assignee_role: 'supervisory_officer', district: 'bradford' }));
    rows.push(row(201, { assignee_user_id: other.id }));
    rows.push(row(202, { assignee_role: 'call_handler' }));
    rows.push(row(203, { assignee_role: 'supervisory_officer', status: 'done', completed_at: hours(-2), completed_by: other.id }));
    rows.push(row(204, { assignee_role: 'supervisory_officer', occurrence_id: restricted.id, due_at: hours(-500) }));
    rows.push(row(205, { assignee_role: 'supervisory_officer', occurrence_id: restrictedLater.id }));
    await insertTasks(t.deps.store.db, rows);

    // Restricting an occurrence after its tasks exist takes them off the list and out of the counts.
    expect(await worklist(t.deps, supervisor)).toMatchObject({ total: 131, overdue: 50 });
    await setOccurrenceRestricted(t.deps.store.db, restrictedLater.id, true);
    // A task added one at a time to a restricted occurrence is hidden from the start.
    await insertTask(t.deps.store.db, row(206, { assignee_role: 'supervisory_officer', occurrence_id: restricted.id }));

    const first = await worklist(t.deps, supervisor);
    expect(worklistPageSize).toBe(50);
    expect(first).toMatchObject({ total: 130, overdue: 50, page: 1, pages: 3 });
    expect(first.tasks).toHaveLength(50);
    const seen = [...first.tasks];
    for (const page of [2, 3]) seen.push(...(await worklist(t.deps, supervisor, { page })).tasks);
    expect(seen).toHaveLength(130);
    expect(new Set(seen.map((x) => x.id)).size).toBe(130);
    const due = seen.map((x) => x.dueAt);
    expect(due).toEqual([...due].sort());
    expect(seen.filter((x) => x.overdue)).toHaveLength(50);
    expect(seen.some((x) => x.id.endsWith('204') || x.id.endsWith('205') || x.id.endsWith('206') || x.id.endsWith('200') || x.id.endsWith('201') || x.id.endsWith('202'))).toBe(false);
    // A page past the end is empty, not an error; the counts still describe the whole list.
    expect(await worklist(t.deps, supervisor, { page: 9 })).toMatchObject({ tasks: [], total: 130, page: 9, pages: 3 });

    // The team view: every open task in Leeds, whoever holds it (the other supervisor's and the call
    // handlers' too), but not the restricted occurrence's.
    const team = await teamWorklist(t.deps, supervisor, {});
    expect(team).toMatchObject({ total: 122, overdue: 50, pages: 3 });
    expect(team.tasks.some((x) => x.id.endsWith('204'))).toBe(false);
    // Its creator still sees a restricted occurrence's tasks (ID-08), so they count for them.
    const asCreator = (all: boolean) =>
      worklistPage(t.deps.store.db, { userId: handler.id, role: 'supervisory_officer', district: 'leeds', visibility: { all, userId: handler.id } }, { status: 'open', now: NOW, limit: 200, offset: 0 });
    const creatorView = await asCreator(false);
    expect(creatorView.tasks.filter((x) => x.id.endsWith('204') || x.id.endsWith('205') || x.id.endsWith('206'))).toHaveLength(3);
    expect(creatorView.total).toBe(creatorView.tasks.length);
    expect(creatorView.total).toBe((await asCreator(true)).total);
    const done = await worklist(t.deps, supervisor, { status: 'done' });
    expect(done).toMatchObject({ total: 1, overdue: 0 });
  });
});
