/**
 * BR-01: the two-way link between a Stalking Protection Order and its breaches. A breach is its
 * own occurrence naming the order it breaches; the order's breaches are the occurrences that
 * name it. Reads only: each lists what this user may see (ID-08), never a hint of the rest.
 */
import type { Actor } from '../../domain/actor';
import { occurrenceStatusLabels } from '../../domain/occurrence';
import { findOccurrenceById, type OccurrenceRecord } from '../../store/repositories/occurrences';
import { breachOccurrenceIdsOf, findSpoCase } from '../../store/repositories/spo';
import { permit, type AppDeps } from '../context';
import { canSeeOccurrence } from '../intake/occurrence-queries';

export interface OrderBreached {
  spoId: string;
  /** 'interim' or 'full' (null once the order has lapsed back to none). */
  orderType: string | null;
  /** The occurrence the order was made on, when this user may see it. */
  orderOccurrenceReference: string | null;
}

/** The order this occurrence is a breach of, or null when it is not a breach. */
export async function orderBreachedBy(deps: AppDeps, actor: Actor, occurrence: OccurrenceRecord): Promise<OrderBreached | null> {
  permit(actor, 'occurrence.view');
  if (!occurrence.breachOfSpoId) return null;
  const db = deps.store.db;
  const spo = await findSpoCase(db, occurrence.breachOfSpoId);
  const orderOccurrence = await findOccurrenceById(db, spo?.occurrenceId ?? occurrence.parentOccurrenceId ?? '');
  return {
    spoId: occurrence.breachOfSpoId,
    orderType: spo?.orderType ?? null,
    orderOccurrenceReference: orderOccurrence && canSeeOccurrence(actor, orderOccurrence) ? orderOccurrence.reference : null,
  };
}

export interface BreachCrime {
  reference: string;
  receivedAt: string;
  status: string;
  statusLabel: string;
}

/** Each order's breach crimes that this user may see, oldest first, by order id. */
export async function breachesOfOrders(deps: AppDeps, actor: Actor, spoIds: readonly string[]): Promise<Map<string, BreachCrime[]>> {
  permit(actor, 'occurrence.view');
  const db = deps.store.db;
  const out = new Map<string, BreachCrime[]>(spoIds.map((id) => [id, []]));
  for (const link of await breachOccurrenceIdsOf(db, spoIds)) {
    const o = await findOccurrenceById(db, link.occurrenceId);
    if (!o || !canSeeOccurrence(actor, o)) continue;
    out.get(link.spoId)?.push({ reference: o.reference, receivedAt: o.receivedAt, status: o.status, statusLabel: occurrenceStatusLabels[o.status] ?? o.status });
  }
  return out;
}
