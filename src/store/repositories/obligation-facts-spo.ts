import type { Kysely } from 'kysely';
import type { SpoOrderFacts } from '../../policy/spo-obligations';
import type { Database } from '../schema';

/** The facts of each order on a case that its obligations follow from (policy/spo-obligations.ts). */
export async function loadSpoOrderFacts(trx: Kysely<Database>, occurrenceId: string): Promise<SpoOrderFacts[]> {
  const rows = await trx.selectFrom('spo_cases').select(['id', 'status']).where('occurrence_id', '=', occurrenceId).execute();
  return rows.map((r) => ({ id: r.id, status: r.status }));
}
