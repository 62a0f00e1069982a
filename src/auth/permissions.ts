import type { Role } from '../domain/roles';
import { roles } from '../domain/roles';

/**
 * Everything a user can do, by name. Pages, API and CLI all ask `can(role, action)`, so this
 * one table is the whole of role-based access.
 */
export const actions = [
  'occurrence.create',
  'occurrence.list',
  'occurrence.view',
  'occurrence.view_restricted',
  'log.view',
  'audit.view',
  'policy.view',
  'decision.run',
  'user.manage',
] as const;
export type Action = (typeof actions)[number];

const everyoneSignedIn: Action[] = ['policy.view', 'decision.run'];
const caseReader: Action[] = [...everyoneSignedIn, 'occurrence.list', 'occurrence.view', 'log.view'];

/** role x action. ID-08: records involving the force's workforce are need-to-know (occurrence.view_restricted). */
export const permissionTable: Record<Role, readonly Action[]> = {
  call_handler: [...caseReader, 'occurrence.create'],
  attending_officer: [...caseReader, 'occurrence.create'],
  triaging_supervisor: [...caseReader],
  supervisory_officer: [...caseReader],
  investigating_officer: [...caseReader, 'occurrence.create'],
  scu_officer: [...caseReader],
  diu_analyst: [...caseReader],
  authorising_superintendent: [...caseReader],
  da_offender_manager: [...caseReader],
  offender_manager_supervisor: [...caseReader],
  legal_services: [...caseReader],
  detective_superintendent_safeguarding: [...caseReader, 'occurrence.view_restricted'],
  duty_inspector: [...caseReader],
  auditor: [...caseReader, 'occurrence.view_restricted', 'audit.view'],
  // Administrators manage accounts; they have no need to know case records.
  administrator: [...everyoneSignedIn, 'user.manage', 'audit.view'],
};

export function can(role: Role, action: Action): boolean {
  return permissionTable[role]?.includes(action) ?? false;
}

export function rolesThatCan(action: Action): Role[] {
  return roles.filter((r) => can(r, action));
}
