import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects';
import { createTestApp, type TestApp } from '../support/app';
import { finalisedStalking, retentionCast, type RetentionCast } from '../support/retention';
import { recordRetentionReview, retentionOf } from '../../src/app/retention/review';
import { retentionWorklist } from '../../src/app/retention/worklist';
import { refreshAllRetention } from '../../src/app/retention/refresh';
import { amendReport } from '../../src/app/intake/amend-report';
import { readOccurrence } from '../../src/app/intake/occurrence-queries';
import { verifyChain, listOccurrenceLog, REDACTED } from '../../src/store/repositories/log';
import { dueReviews, findRetention } from '../../src/store/repositories/retention';
import { listIncidents, listParties } from '../../src/store/repositories/intake';
import { listOccurrences } from '../../src/store/repositories/occurrences';
import type { UserRecord } from '../../src/store/repositories/users';

describe.each(testDialects())('MoPI retention: review worklist, retain and erase on %s', (dialect) => {
  let t: TestApp;
  let c: RetentionCast;
  let dss: UserRecord, auditor: UserRecord, admin: UserRecord;

  beforeAll(async () => {
    t = await createTestApp(dialect, '2026-12-21T10:00:00.000Z');
    c = await retentionCast(t);
    dss = await t.user('detective_superintendent_safeguarding', { rank: 'SUPT', district: null });
    auditor = await t.user('auditor', { district: null });
    admin = await t.user('administrator', { district: null });
  });
  afterAll(async () => t.dispose());

  const sixYearsOn = '2033-01-05T09:00:00.000Z';

  it('a finalised s2A gets Group 3 and a review 6 years after finalisation; the worklist shows only what is due', async () => {
    t.clock.set('2026-12-21T10:00:00.000Z');
    const due = await finalisedStalking(t, c);
    t.clock.set('2027-06-01T10:00:00.000Z');
    const later = await finalisedStalking(t, c, { victimSurname: 'Okafor' });
    const rec = (await findRetention(t.deps.store.db, due.id))!;
    expect(rec).toMatchObject({ group: 3, reviewDueOn: '2032-12-21', erasedAt: null });
    t.clock.set(sixYearsOn);
    const list = (await retentionWorklist(t.deps, dss, {})).reviews.map((r) => r.reference);
    expect(list).toContain(due.reference);
    expect(list).not.toContain(later.reference);
    // Oldest first.
    const dates = (await retentionWorklist(t.deps, dss, {})).reviews.map((r) => r.reviewDueOn);
    expect([...dates].sort()).toEqual(dates);
  });

  it('a high-risk s4A is Group 1: not due at 6 years, and never erasable while the subject is under 100', async () => {
    t.clock.set('2026-12-21T10:00:00.000Z');
    const o = await finalisedStalking(t, c, { offence: 's4A', yes: 15 });
    expect(await findRetention(t.deps.store.db, o.id)).toMatchObject({ group: 1, reviewDueOn: '2036-12-21', retainUntil: '2075-09-14' });
    t.clock.set('2037-01-05T09:00:00.000Z');
    await expect(recordRetentionReview(t.deps, dss, o.reference, { decision: 'erase', reason: 'No further relevance for policing purposes.', confirmReference: o.reference })).rejects.toMatchObject({ status: 422 });
    expect((await readOccurrence(t.deps, dss, o.reference, 'test')).firstAccount).toContain('Pemberton');
  });

  it('retain: the reason and next review date are kept, logged, and the record leaves the worklist until then', async () => {
    t.clock.set('2026-12-21T10:00:00.000Z');
    const o = await finalisedStalking(t, c, { victimSurname: 'Retained' });
    t.clock.set(sixYearsOn);
    await expect(recordRetentionReview(t.deps, dss, o.reference, { decision: 'retain', reason: 'Suspect active again', nextReviewOn: '2045-01-01' })).rejects.toMatchObject({ issues: [{ field: 'nextReviewOn' }] });
    await recordRetentionReview(t.deps, dss, o.reference, { decision: 'retain', reason: 'Suspect named in a new report last month', nextReviewOn: '2035-01-05' });
    expect((await retentionWorklist(t.deps, dss, { limit: 100 })).reviews.map((r) => r.reference)).not.toContain(o.reference);
    const view = await retentionOf(t.deps, dss, o.reference);
    expect(view.record.reviewDueOn).toBe('2035-01-05');
    expect(view.reviews[0]).toMatchObject({ decision: 'retain', reason: 'Suspect named in a new report last month', nextReviewOn: '2035-01-05' });
    const entry = (await listOccurrenceLog(t.deps.store.db, o.id, { kind: 'change' }))[0]!;
    expect(entry).toMatchObject({ action: 'retention.retained', actorId: dss.id, reason: 'Suspect named in a new report last month' });
  });

  it('XC-03: erase: personal content goes, the erasure is logged by field name with who, when and why, and the chain still verifies', async () => {
    t.clock.set('2026-12-21T10:00:00.000Z');
    const o = await finalisedStalking(t, c, { victimSurname: 'Erasable' });
    await amendReport(t.deps, c.handler, o.reference, { version: (await readOccurrence(t.deps, c.handler, o.reference, 'test')).version, location: 'Flat 2, 14 Acacia Avenue', reason: 'Flat number given by the victim' });
    t.clock.set(sixYearsOn);
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
    const reason = 'MoPI Group 3 clear period passed with no further activity; no policing purpose remains.';
    const out = await recordRetentionReview(t.deps, dss, o.reference, { decision: 'erase', reason, confirmReference: o.reference });
    expect(out.erasedFields).toEqual(expect.arrayContaining(['occurrence.firstAccount', 'incident.description', 'person.surname', 'occurrence.searchTerms']));

    // The tombstone: reference, offence, status and outcome stay; the content is gone.
    const after = await readOccurrence(t.deps, dss, o.reference, 'test');
    expect(after).toMatchObject({ reference: o.reference, offence: 's2A', status: 'finalised', outcome: 'evidential_difficulties', firstAccount: REDACTED, location: REDACTED });
    const parties = await listParties(t.deps.store.db, o.id);
    expect(parties.map((p) => [p.person.surname, p.person.dateOfBirth, p.person.phone])).toEqual([[null, null, null], [null, null, null]]);
    expect((await listIncidents(t.deps.store.db, [o.id]))[0]).toMatchObject({ description: REDACTED });
    expect((await listOccurrences(t.deps.store.db, { text: 'Erasable', includeRestricted: true }, { limit: 10 })).occurrences).toEqual([]);
    expect(await findRetention(t.deps.store.db, o.id)).toMatchObject({ erasedBy: dss.id, erasureReason: reason });

    // Never silent: one entry names who, when, why and the fields; no erased value anywhere in the occurrence's log.
    const log = await listOccurrenceLog(t.deps.store.db, o.id);
    const erasure = log.find((e) => e.action === 'occurrence.erased')!;
    expect(erasure).toMatchObject({ actorId: dss.id, at: sixYearsOn, reason });
    expect(erasure.changes.map((x) => x.field)).toEqual(expect.arrayContaining(['occurrence.firstAccount', 'person.surname', 'logEntriesRedacted']));
    const text = JSON.stringify(log);
    for (const value of ['Erasable', 'Acacia', 'Grindley', '07700', 'Flat number given']) expect(text, value).not.toContain(value);
    expect(log.find((e) => e.action === 'occurrence.finalised')!.changes.find((x) => x.field === 'status')!.after).toBe('finalised');

    // The chain verifies after the erasure (conduct verify-log).
    expect(await verifyChain(t.deps.store.db)).toMatchObject({ ok: true });
    // An erased record is a tombstone: no further change, no second erasure, not on the worklist.
    await expect(amendReport(t.deps, c.handler, o.reference, { version: after.version, location: 'Somewhere', reason: 'Putting it back' })).rejects.toMatchObject({ status: 409 });
    expect((await retentionWorklist(t.deps, dss, { limit: 100 })).reviews.map((r) => r.reference)).not.toContain(o.reference);
    await expect(recordRetentionReview(t.deps, dss, o.reference, { decision: 'erase', reason, confirmReference: o.reference })).rejects.toMatchObject({ status: 409 });
  });

  it('XC-03: a redacted entry changed again afterwards, or an erasure entry altered, fails verification', async () => {
    const erased = await t.deps.store.db.selectFrom('log_entries').select(['seq', 'id', 'changes']).where('action', '=', 'occurrence.erased').executeTakeFirstOrThrow();
    const redactedSeq = (JSON.parse(erased.changes) as { field: string; after: { seq: number }[] }[]).find((x) => x.field === 'logEntriesRedacted')!.after[0]!.seq;
    const original = await t.deps.store.db.selectFrom('log_entries').select('reason').where('seq', '=', redactedSeq).executeTakeFirstOrThrow();
    await t.deps.store.db.updateTable('log_entries').set({ reason: 'put back' }).where('seq', '=', redactedSeq).execute();
    expect((await verifyChain(t.deps.store.db)).firstProblem).toMatchObject({ seq: redactedSeq, problem: expect.stringMatching(/altered/) });
    await t.deps.store.db.updateTable('log_entries').set({ reason: original.reason }).where('seq', '=', redactedSeq).execute();
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
    await t.deps.store.db.updateTable('log_entries').set({ reason: 'someone else' }).where('seq', '=', Number(erased.seq)).execute();
    const report = await verifyChain(t.deps.store.db);
    expect(report.ok).toBe(false);
    expect(report.firstProblem!.seq).toBeLessThanOrEqual(Number(erased.seq));
    await t.deps.store.db.updateTable('log_entries').set({ reason: 'MoPI Group 3 clear period passed with no further activity; no policing purpose remains.' }).where('seq', '=', Number(erased.seq)).execute();
    expect((await verifyChain(t.deps.store.db)).ok).toBe(true);
  });

  it('wrong role: 403 for review and erase; bad input writes nothing', async () => {
    t.clock.set('2026-12-21T10:00:00.000Z');
    const o = await finalisedStalking(t, c, { victimSurname: 'Guarded' });
    t.clock.set(sixYearsOn);
    const count = async () => Number((await t.deps.store.db.selectFrom('log_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    for (const who of [auditor, admin, c.cidDs]) {
      await expect(retentionWorklist(t.deps, who, {})).rejects.toMatchObject({ status: 403 });
      await expect(recordRetentionReview(t.deps, who, o.reference, { decision: 'erase', reason: 'x'.repeat(30), confirmReference: o.reference })).rejects.toMatchObject({ status: 403 });
    }
    await expect(recordRetentionReview(t.deps, dss, o.reference, { decision: 'erase', reason: 'too short', confirmReference: o.reference })).rejects.toMatchObject({ issues: [{ field: 'reason' }] });
    await expect(recordRetentionReview(t.deps, dss, o.reference, { decision: 'erase', reason: 'x'.repeat(30), confirmReference: '13-2026-999999' })).rejects.toMatchObject({ issues: [{ field: 'confirmReference' }] });
    await expect(recordRetentionReview(t.deps, dss, o.reference, { decision: 'shred', reason: 'x'.repeat(30) })).rejects.toMatchObject({ status: 400 });
    await expect(recordRetentionReview(t.deps, dss, o.reference, { decision: 'retain', reason: 'Keep it for now', nextReviewOn: '2033-02-30' })).rejects.toMatchObject({ issues: [{ field: 'nextReviewOn' }] });
    expect(await count()).toBe(before);
    expect((await readOccurrence(t.deps, dss, o.reference, 'test', { logRead: false })).firstAccount).toContain('Guarded');
  });

  it('restricted records (ID-08) are listed only for the entitled', async () => {
    t.clock.set('2026-12-21T10:00:00.000Z');
    const o = await finalisedStalking(t, c, { victimSurname: 'Hidden', restricted: true });
    t.clock.set(sixYearsOn);
    const all = await retentionWorklist(t.deps, dss, { limit: 100 });
    expect(all.reviews.find((r) => r.reference === o.reference)).toMatchObject({ restricted: true });
    // The worklist's query for a reviewer without occurrence.view_restricted leaves it out.
    const unentitled = await dueReviews(t.deps.store.db, { today: '2033-01-05', includeRestricted: false }, { limit: 100 });
    expect(unentitled.rows.length).toBeGreaterThan(0);
    expect(unentitled.rows.map((r) => r.reference)).not.toContain(o.reference);
  });

  it('the backfill computes every record and is safe to run again', async () => {
    await t.deps.store.db.deleteFrom('occurrence_retention').where('erased_at', 'is', null).execute();
    const n = await refreshAllRetention(t.deps, 2);
    expect(n).toBeGreaterThan(3);
    expect(await refreshAllRetention(t.deps, 2)).toBe(n);
    expect((await retentionWorklist(t.deps, dss, { limit: 100 })).reviews.length).toBeGreaterThan(0);
  });
});
