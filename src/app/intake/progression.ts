import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema';
import type { OccurrenceRecord } from '../../store/repositories/occurrences';
import { listRiskAssessments } from '../../store/repositories/intake';
import { checkProgression, type OccurrenceStatus } from '../../policy/occurrence-progression';
import type { Violation } from '../../policy/vocabulary';

/**
 * The occurrence progression guard (AO-02, SV-02, AO-08, TS-03) for moving this occurrence to a
 * status, from the record's own facts. Returns the violations; callers refuse when there are any.
 */
export async function progressionViolations(
  trx: Kysely<Database>,
  o: OccurrenceRecord,
  to: OccurrenceStatus,
  options: { proportionateInvestigationComplete?: boolean } = {},
): Promise<Violation[]> {
  const risk = await listRiskAssessments(trx, o.id);
  return checkProgression({
    from: o.status,
    to,
    offence: o.offence as never,
    dashCompleted: risk.length > 0,
    dashEndorsed: risk.some((r) => r.endorsedAt),
    threatToLife: o.threatToLife,
    dutyInspectorNotified: Boolean(o.dutyInspectorNotifiedAt),
    proportionateInvestigationComplete: options.proportionateInvestigationComplete ?? false,
  }).violations;
}
