import { systemActor } from '../../domain/actor';
import { appendLog } from '../../store/repositories/log';
import { getSetting, ensureSetting } from '../../store/repositories/settings';
import { casesWithOpenWork } from '../../store/repositories/obligation-facts';
import { nowIso, type AppDeps } from '../context';
import { obligationsOfCase, reconcileObligations } from './reconcile';
import { adoptTaskClosedByHand } from '../../store/repositories/tasks';

/** The setting that says every existing case's tasks have been derived from its obligations once. */
export const obligationsDerivedSetting = 'obligations_derived_at';

/**
 * Once, for a database that had cases before obligations were derived: every case that is not
 * finalised, or has an open task, is reconciled, one transaction a case, as the system. A task
 * written by hand before that matches an obligation now follows it; one that matches none stays
 * open, marked as older (nothing is lost); one already marked done by hand stays done where its
 * obligation may be closed by hand, and is owed again where only the work itself closes it. Safe to run again (a case already reconciled does not
 * change) and to interrupt (the setting is written only at the end).
 */
export async function deriveObligationsOfExistingCases(deps: AppDeps): Promise<{ cases: number; changed: number }> {
  if (await getSetting(deps.store.db, obligationsDerivedSetting)) return { cases: 0, changed: 0 };
  let changed = 0;
  const ids = await casesWithOpenWork(deps.store.db);
  for (const c of ids) {
    await deps.store.db.transaction().execute(async (trx) => {
      const now = nowIso(deps);
      // Work already marked done by hand, where the obligation may be closed by hand, stays done.
      for (const o of await obligationsOfCase(trx, c.id)) {
        if (o.byHand !== 'never') await adoptTaskClosedByHand(trx, c.id, o.action, o.key);
      }
      const lines = await reconcileObligations(trx, { occurrenceId: c.id, district: c.district, now, actorId: null, cause: 'obligations.derived' });
      if (!lines.length) return;
      changed += 1;
      await appendLog(trx, { actor: systemActor, kind: 'change', subjectType: 'occurrence', subjectId: c.id, occurrenceId: c.id, action: 'obligations.derived', at: now, changes: lines, reason: 'Tasks now follow the obligations the policy derives from the case', requirements: ['XC-03'] });
    });
  }
  await ensureSetting(deps.store.db, obligationsDerivedSetting, nowIso(deps));
  return { cases: ids.length, changed };
}
