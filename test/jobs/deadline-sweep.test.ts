import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordOccurrence } from '../../src/app/intake/record-occurrence';
import { worklist } from '../../src/app/tasks/worklist';
import { ValidationError } from '../../src/app/errors';
import { ESCALATION_ACTION, escalationTaskId, sweepDeadlines } from '../../src/jobs/deadline-sweep';
import { setOccurrenceRestricted } from '../../src/store/repositories/occurrences';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';

const report = (receivedAt: string) => ({
  receivedAt,
  channel: '101',
  callGrade: 'priority',
  district: 'leeds',
  location: 'Otley Road, Headingley',
  firstAccount: 'Her ex-partner waits outside her house most evenings and has sent dozens of messages.',
});

describe.each(testDialects())('deadline sweep on %s', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(dialect, '2026-03-02T09:00:00.000Z');
  });
  afterEach(async () => t.dispose());

  const tasks = () => t.deps.store.db.selectFrom('tasks').selectAll().orderBy('created_at').orderBy('id').execute();
  const escalationLog = () => t.deps.store.db.selectFrom('log_entries').selectAll().where('action', '=', 'task.escalated').orderBy('seq').execute();

  it('escalates each overdue open task once, to its team supervisor, with a log entry naming its requirement ID', async () => {
    const handler = await t.user('call_handler');
    const supervisor = await t.user('supervisory_officer');
    const occurrence = await recordOccurrence(t.deps, handler, report('2026-03-02T08:50:00.000Z'));
    // Nothing is overdue yet at the moment of the report except the attendance task (due at once).
    const before = await tasks();
    expect(before.map((x) => x.action).sort()).toEqual(['assign_attending_officer', 'recording_decision']);

    t.clock.advance(2 * 86_400_000); // the 24-hour recording decision is now overdue too
    const first = await sweepDeadlines(t.deps);
    expect(first).toMatchObject({ overdue: 2, escalated: 2, alreadyEscalated: 0, byRole: { supervisory_officer: 2 } });

    const after = await tasks();
    const escalations = after.filter((x) => x.action === ESCALATION_ACTION);
    expect(escalations).toHaveLength(2);
    for (const original of before) {
      const e = escalations.find((x) => x.id === escalationTaskId(original.id))!;
      expect(e).toMatchObject({ occurrence_id: occurrence.id, requirement: original.requirement, assignee_role: 'supervisory_officer', district: 'leeds', status: 'open' });
      expect(e.title).toContain(original.title);
    }
    const log = await escalationLog();
    expect(log.map((l) => JSON.parse(l.requirements) as string[]).sort()).toEqual([['CS-05'], ['ID-07']]);
    expect(log.every((l) => l.occurrence_id === occurrence.id && l.actor_id === 'system')).toBe(true);
    // The originals stay open for their owners; the supervisor sees the escalations on their worklist.
    expect(after.filter((x) => x.action !== ESCALATION_ACTION).every((x) => x.status === 'open')).toBe(true);
    const list = await worklist(t.deps, supervisor);
    expect(list.tasks.filter((x) => x.action === ESCALATION_ACTION)).toHaveLength(2);

    // Again, and again a day later: nothing new, nothing written twice (escalations are not escalated).
    expect(await sweepDeadlines(t.deps)).toMatchObject({ overdue: 2, escalated: 0, alreadyEscalated: 2 });
    t.clock.advance(2 * 86_400_000);
    expect(await sweepDeadlines(t.deps)).toMatchObject({ escalated: 0, alreadyEscalated: 2 });
    expect(await tasks()).toHaveLength(4);
    expect(await escalationLog()).toHaveLength(2);
  });

  it('leaves tasks done or not yet due alone', async () => {
    const handler = await t.user('call_handler');
    await recordOccurrence(t.deps, handler, report('2026-03-02T08:50:00.000Z'));
    await t.deps.store.db.updateTable('tasks').set({ status: 'done', completed_at: '2026-03-02T09:10:00.000Z', completed_by: handler.id }).where('action', '=', 'assign_attending_officer').execute();
    t.clock.advance(3_600_000); // the recording decision is due 24 hours from receipt: not yet
    expect(await sweepDeadlines(t.deps)).toMatchObject({ overdue: 0, escalated: 0 });
    expect(await escalationLog()).toHaveLength(0);
  });

  it('ID-08: escalates a restricted occurrence’s task to the Detective Superintendent, naming no one, and the sergeant never sees it', async () => {
    const handler = await t.user('call_handler');
    const supervisor = await t.user('supervisory_officer');
    const detSupt = await t.user('detective_superintendent_safeguarding', { district: null, rank: 'SUPT' });
    const occurrence = await recordOccurrence(t.deps, handler, report('2026-03-02T08:50:00.000Z'));
    await t.deps.store.db.transaction().execute((trx) => setOccurrenceRestricted(trx, occurrence.id, true));
    t.clock.advance(2 * 86_400_000);
    expect(await sweepDeadlines(t.deps)).toMatchObject({ escalated: 2, byRole: { detective_superintendent_safeguarding: 2 } });
    const escalations = (await tasks()).filter((x) => x.action === ESCALATION_ACTION);
    for (const e of escalations) {
      expect(e).toMatchObject({ assignee_role: 'detective_superintendent_safeguarding', district: null });
      expect(e.title).not.toContain('attending officer');
      expect(e.title).toContain('restricted');
    }
    expect((await worklist(t.deps, supervisor)).tasks).toHaveLength(0);
    expect((await worklist(t.deps, detSupt)).tasks.filter((x) => x.action === ESCALATION_ACTION)).toHaveLength(2);
  });

  it.each([
    [{ asOf: 'yesterday' }, 'asOf'],
    [{ asOf: '2027-01-01T00:00:00Z' }, 'asOf'],
    [{ dryRun: 'yes' }, 'dryRun'],
    [{ everything: true }, ''],
  ])('refuses %j naming the field, writing nothing', async (input, field) => {
    const handler = await t.user('call_handler');
    await recordOccurrence(t.deps, handler, report('2026-03-02T08:50:00.000Z'));
    t.clock.advance(2 * 86_400_000);
    const err = await sweepDeadlines(t.deps, input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    if (field) expect((err as ValidationError).issues.map((i) => i.field)).toContain(field);
    expect(await tasks()).toHaveLength(2);
    expect(await escalationLog()).toHaveLength(0);
  });

  it('a dry run counts what it would escalate and writes nothing', async () => {
    const handler = await t.user('call_handler');
    await recordOccurrence(t.deps, handler, report('2026-03-02T08:50:00.000Z'));
    t.clock.advance(2 * 86_400_000);
    expect(await sweepDeadlines(t.deps, { dryRun: true })).toMatchObject({ escalated: 2, dryRun: true });
    expect(await tasks()).toHaveLength(2);
    expect(await escalationLog()).toHaveLength(0);
  });
});
