import { describe, expect, it } from 'vitest';
import { generateSyntheticForce } from '../../src/app/admin/synthetic-force';
import { DEMO_PASSWORD } from '../../src/app/admin/seed-demo';
import { obligationsOfCase } from '../../src/app/obligations/reconcile';
import { testDialects, freshStore } from '../support/dialects';

const NOW = '2026-03-02T14:05:00Z';
const iso = (x: unknown) => new Date(x as string).toISOString();

/**
 * A generated force looks as if its cases had been worked through the use cases: on each case
 * sampled every open task for an obligation (the case's own, obligations.ts, and what an order or
 * a breach owes, spo-obligations.ts) is exactly one of the obligations derived from the case's
 * facts (key, requirement, due time, owner, how it may be closed by hand, what fulfils it), and
 * every derived obligation has its open task; no task was due at or before the moment it was
 * created, and a closed obligation's task says how it closed.
 */
describe.each(testDialects())('a generated force on %s', (dialect) => {
  it('has, on each case sampled (SPOs and breaches included), open tasks equal to its derived obligations', async () => {
    const { store, dispose } = await freshStore(dialect);
    try {
      await generateSyntheticForce({ store, clock: () => new Date(NOW) }, { occurrences: 1500, seed: 5, now: new Date(NOW), password: DEMO_PASSWORD, batchSize: 250 });
      const db = store.db;

      // No task is due at or before the moment it was created; except that a report entered late
      // owes the recording decision and the deployment from its receipt (ID-07, CS-01, CS-05), as
      // recordOccurrence itself opens them.
      const tasks = await db.selectFrom('tasks').select(['id', 'occurrence_id', 'action', 'obligation_key', 'requirement', 'due_at', 'created_at', 'status', 'closure', 'by_hand', 'fulfilled_by', 'assignee_user_id', 'assignee_role']).execute();
      const fromReceipt = new Set(['recording_decision', 'assign_attending_officer']);
      const early = tasks.filter((t) => !fromReceipt.has(t.action) && Date.parse(iso(t.due_at)) <= Date.parse(iso(t.created_at)));
      expect(early.map((t) => `${t.action} ${t.obligation_key} created ${iso(t.created_at)} due ${iso(t.due_at)}`)).toEqual([]);
      // A closed task for an obligation says how it closed; an open one has no closure.
      for (const t of tasks) {
        if (t.obligation_key && t.status === 'done') expect(['fulfilled', 'done', 'not_applicable', 'ended'], `${t.obligation_key}`).toContain(t.closure);
        if (t.status === 'open') expect(t.closure ?? null).toBeNull();
      }

      // The sample: every case with an order or a breach, and every third case of the force.
      const spoCases = (await db.selectFrom('spo_cases').select('occurrence_id').execute()).map((r) => r.occurrence_id);
      const breaches = (await db.selectFrom('occurrences').select('id').where('breach_of_spo_id', 'is not', null).execute()).map((r) => r.id);
      const all = (await db.selectFrom('occurrences').select('id').orderBy('id').execute()).map((r) => r.id);
      const sample = new Set([...spoCases, ...breaches]);
      all.forEach((id, i) => i % 3 === 0 && sample.add(id));
      expect(sample.size).toBeGreaterThanOrEqual(500);

      // Every open task for an obligation is compared with the obligations derived for its case, key by key.
      const actions = new Set<string>();
      const openByAction = new Map<string, number>();
      const mismatches: string[] = [];
      for (const id of sample) {
        const derived = (await obligationsOfCase(db, id)).map((o) => ({
          key: o.key,
          requirement: o.requirement,
          dueAt: o.dueAt,
          byHand: o.byHand,
          fulfilledBy: o.fulfilledBy,
          owner: 'userId' in o.owner ? o.owner.userId : o.owner.role,
        }));
        const open = tasks
          .filter((t) => t.occurrence_id === id && t.status === 'open' && t.obligation_key)
          .map((t) => ({ key: t.obligation_key!, requirement: t.requirement, dueAt: iso(t.due_at), byHand: t.by_hand, fulfilledBy: t.fulfilled_by, owner: t.assignee_user_id ?? t.assignee_role }));
        for (const key of new Set([...open, ...derived].map((x) => x.key))) {
          const task = JSON.stringify(open.filter((x) => x.key === key));
          const owed = JSON.stringify(derived.filter((x) => x.key === key));
          if (task !== owed) mismatches.push(`${id} ${key}\n  tasks:   ${task}\n  derived: ${owed}`);
        }
        for (const t of tasks.filter((t) => t.occurrence_id === id && t.obligation_key)) actions.add(t.action);
        for (const o of open) openByAction.set(o.key.split(':')[0]!, (openByAction.get(o.key.split(':')[0]!) ?? 0) + 1);
      }
      expect(mismatches).toEqual([]);
      expect(spoCases.length, 'cases with an order').toBeGreaterThan(5);
      expect(breaches.length, 'breaches').toBeGreaterThan(0);
      // The sample reached the cases' own obligations and the orders' and breaches', and compared open ones of the common kinds.
      const caseActions = ['recording_decision', 'assign_attending_officer', 'attend', 'endorse_risk', 'scu_liaison', 'marac_referral', 'specialist_support_referral', 'allocate', 'review_dash_safety_plan', 'agree_victim_contact_plan', 'supervisor_review', 'scheduled_victim_contact', 'inform_victim', 'update_support_services'];
      for (const a of [...caseActions, 'spo_update_national_record', 'spo_inform_victim', 'spo_allocate_offender_manager', 'initial_visit', 'urgent_arrest', 'risk_reassessment']) expect([...actions], a).toContain(a);
      for (const a of ['recording_decision', 'scheduled_victim_contact', 'supervisor_review', 'inform_victim', 'update_support_services', 'specialist_support_referral']) expect(openByAction.get(a) ?? 0, `open ${a} compared`).toBeGreaterThan(0);
    } finally {
      await dispose();
    }
  }, 240_000);
});
