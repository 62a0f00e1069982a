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
  'occurrence.update',
  'person.search',
  'attendance.assign',
  'crime.record',
  'risk.assess',
  'risk.endorse',
  'worklist.view',
  'task.complete',
  'occurrence.amend',
  'triage',
  'allocate',
  'investigate',
  'finalise',
  'scu.lists',
  'training.manage',
  'spo.refer',
  'spo.scu_decide',
  'spo.authorise',
  'spo.court',
  'spo.manage',
  'spo.review',
  'spo.discharge_decide',
] as const;
export type Action = (typeof actions)[number];

const everyoneSignedIn: Action[] = ['policy.view', 'decision.run'];
const caseReader: Action[] = [...everyoneSignedIn, 'occurrence.list', 'occurrence.view', 'log.view', 'person.search', 'worklist.view', 'task.complete'];
/** Roles that work a case: record people, incidents, classification, checklist items; correct the report's details (occurrence.amend). */
const caseWorker: Action[] = ['occurrence.update', 'crime.record', 'occurrence.amend'];

/** role x action. ID-08: records involving the force's workforce are need-to-know (occurrence.view_restricted). */
export const permissionTable: Record<Role, readonly Action[]> = {
  call_handler: [...caseReader, ...caseWorker, 'occurrence.create', 'attendance.assign'],
  attending_officer: [...caseReader, ...caseWorker, 'occurrence.create', 'risk.assess'],
  triaging_supervisor: [...caseReader, ...caseWorker, 'risk.assess', 'risk.endorse', 'triage', 'allocate', 'investigate', 'finalise', 'scu.lists', 'training.manage', 'spo.refer'],
  supervisory_officer: [...caseReader, ...caseWorker, 'attendance.assign', 'risk.assess', 'risk.endorse', 'allocate', 'investigate', 'finalise', 'training.manage', 'spo.refer'],
  investigating_officer: [...caseReader, ...caseWorker, 'occurrence.create', 'risk.assess', 'investigate', 'finalise', 'spo.refer', 'spo.court'],
  scu_officer: [...caseReader, 'occurrence.update', 'risk.assess', 'scu.lists', 'spo.scu_decide', 'spo.court'],
  diu_analyst: [...caseReader],
  authorising_superintendent: [...caseReader, 'spo.authorise'],
  da_offender_manager: [...caseReader, 'spo.manage'],
  offender_manager_supervisor: [...caseReader, 'spo.manage', 'spo.review'],
  legal_services: [...caseReader, 'spo.court'],
  detective_superintendent_safeguarding: [...caseReader, 'occurrence.view_restricted', 'spo.discharge_decide'],
  duty_inspector: [...caseReader, 'occurrence.update', 'attendance.assign', 'risk.endorse'],
  // Auditors read everything and change nothing.
  auditor: [...caseReader.filter((a) => a !== 'task.complete'), 'occurrence.view_restricted', 'audit.view'],
  // Administrators manage accounts; they have no need to know case records.
  administrator: [...everyoneSignedIn, 'user.manage', 'audit.view', 'training.manage'],
};

export function can(role: Role, action: Action): boolean {
  return permissionTable[role]?.includes(action) ?? false;
}

export function rolesThatCan(action: Action): Role[] {
  return roles.filter((r) => can(r, action));
}
