import type { Actor } from '../domain/actor';
import { can } from './permissions';

/**
 * ID-08: stalking and harassment involving a member of the force's workforce "is dealt with in
 * line with the relevant section of the Domestic Abuse policy" (Responsibilities of the Head of
 * Safeguarding). Such a record is restricted and marked, and its crime is handled the Domestic
 * Abuse way whatever the suspect's relationship to the victim: a DS from the DA team reviews it
 * and the DA team investigates it.
 */
export const restrictedCaseHandling = { reviewer: 'DA_DS', unit: 'DA_TEAM' } as const;

/**
 * ID-08: who is entitled to open restricted records, the one rule every read, list and count asks.
 *
 * - The force-wide oversight roles that hold `occurrence.view_restricted` in the permission table
 *   (the Detective Superintendent, Safeguarding, who leads the policy; auditors).
 * - The DA team's case workers: a user of the DA team whose role works cases (`investigate`:
 *   the team's DS, its sergeants and its investigating officers), because the Domestic Abuse
 *   policy gives these cases to that team. Each still needs the normal permission for what they
 *   do (`triage`, `allocate`, `investigate`, `finalise`).
 *
 * Nobody else, whatever their role: a CID DS, a patrol sergeant, a call handler or an officer of
 * another unit gets "not found". (The user who created the record and its attending officer keep
 * sight of it through their part in it: see canSeeOccurrence.)
 */
export function entitledToRestricted(actor: Pick<Actor, 'role' | 'unitType'>): boolean {
  if (can(actor.role, 'occurrence.view_restricted')) return true;
  return actor.unitType === restrictedCaseHandling.unit && can(actor.role, 'investigate') && can(actor.role, 'occurrence.view');
}
