/**
 * Obligations that follow from a Stalking Protection Order on a case (SC-04, SP-04 to SP-14,
 * BR-01 to BR-03): the SCU's decision on a referral, the application and its authority, the
 * court's order and what it sets going (national record, the victim told, the offender manager,
 * visits, reviews, renewal, moves, discharge), and each breach. Derived from the order's facts
 * like every other obligation (obligations.ts); nothing here is written by hand in a use case.
 */
import { z } from 'zod';
import type { Holidays } from './calendar.js';
import type { PolicyParameters } from './parameters.js';
import type { Obligation } from './obligations.js';

/** The facts of one order (or referral towards one) on the case. */
export const spoOrderFactsSchema = z.strictObject({
  id: z.string().min(1),
  status: z.string().min(1),
});
export type SpoOrderFacts = z.output<typeof spoOrderFactsSchema>;

/** What the case around the order gives its obligations. */
export interface SpoObligationContext {
  district: string;
  officerInChargeId: string | null;
  p: PolicyParameters;
  holidays: Holidays;
}

/** Each obligation an order can bring: its requirement, who owns it, its due rule (for the catalogue and the Policy page). */
export const spoObligationCatalogue: readonly { action: string; requirement: string; owner: string; due: string }[] = [];

export function deriveSpoObligations(orders: readonly SpoOrderFacts[], c: SpoObligationContext): Omit<Obligation, 'overdue'>[] {
  void orders;
  void c;
  return [];
}
