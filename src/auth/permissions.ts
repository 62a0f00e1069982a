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
  // MoPI retention: review a record that is due (retain or erase); erasure itself is a separate action.
  'retention.review',
  'retention.erase',
  'threats.view',
  'threats.communicate',
  'mi.view',
  'compliance.view',
  'intelligence.submit',
  'scu.review',
  // Corrections, each with a reason: re-triage (the allocation decision run again on corrected facts),
  // reallocation to another officer in charge, reopening a finalised crime, removing a person added in error.
  'occurrence.retriage',
  'occurrence.reallocate',
  'occurrence.reopen',
  'party.remove',
] as const;
export type Action = (typeof actions)[number];

const everyoneSignedIn: Action[] = ['policy.view', 'decision.run'];
const caseReader: Action[] = [...everyoneSignedIn, 'occurrence.list', 'occurrence.view', 'log.view', 'person.search', 'worklist.view', 'task.complete'];
/** Roles that work a case: record people, incidents, classification, checklist items; correct the report's details (occurrence.amend). */
const caseWorker: Action[] = ['occurrence.update', 'crime.record', 'occurrence.amend', 'party.remove'];
/** Detective sergeants (triaging and supervisory) and the SCU correct a triage or an allocation. */
const triageCorrector: Action[] = ['occurrence.retriage', 'occurrence.reallocate'];

/** role x action. ID-08: records involving the force's workforce are need-to-know (occurrence.view_restricted). */
export const permissionTable: Record<Role, readonly Action[]> = {
  call_handler: [...caseReader, ...caseWorker, 'occurrence.create', 'attendance.assign'],
  attending_officer: [...caseReader, ...caseWorker, 'occurrence.create', 'risk.assess', 'intelligence.submit'],
  triaging_supervisor: [...caseReader, ...caseWorker, ...triageCorrector, 'occurrence.reopen', 'risk.assess', 'risk.endorse', 'triage', 'allocate', 'investigate', 'finalise', 'scu.lists', 'training.manage', 'spo.refer', 'mi.view', 'compliance.view', 'intelligence.submit'],
  supervisory_officer: [...caseReader, ...caseWorker, ...triageCorrector, 'occurrence.reopen', 'attendance.assign', 'risk.assess', 'risk.endorse', 'allocate', 'investigate', 'finalise', 'training.manage', 'spo.refer', 'mi.view', 'intelligence.submit'],
  investigating_officer: [...caseReader, ...caseWorker, 'occurrence.create', 'risk.assess', 'investigate', 'finalise', 'spo.refer', 'spo.court', 'intelligence.submit'],
  scu_officer: [...caseReader, 'occurrence.update', 'party.remove', ...triageCorrector, 'risk.assess', 'scu.lists', 'spo.scu_decide', 'spo.court', 'mi.view', 'threats.view', 'intelligence.submit', 'scu.review'],
  diu_analyst: [...caseReader, 'mi.view', 'threats.view', 'threats.communicate', 'intelligence.submit'],
  authorising_superintendent: [...caseReader, 'spo.authorise', 'mi.view', 'compliance.view'],
  da_offender_manager: [...caseReader, 'spo.manage', 'intelligence.submit'],
  offender_manager_supervisor: [...caseReader, 'spo.manage', 'spo.review', 'intelligence.submit'],
  legal_services: [...caseReader, 'spo.court'],
  // Retention reviews and erasure: the Safeguarding Central Governance Unit's head (no records-management role exists).
  detective_superintendent_safeguarding: [...caseReader, 'occurrence.view_restricted', 'occurrence.reopen', 'spo.discharge_decide', 'mi.view', 'compliance.view', 'threats.view', 'retention.review', 'retention.erase'],
  duty_inspector: [...caseReader, 'occurrence.update', 'party.remove', 'occurrence.reopen', 'attendance.assign', 'risk.endorse', 'mi.view', 'intelligence.submit'],
  // Auditors read everything and change nothing.
  auditor: [...caseReader.filter((a) => a !== 'task.complete'), 'occurrence.view_restricted', 'audit.view', 'mi.view', 'compliance.view', 'threats.view'],
  // Administrators manage accounts; they have no need to know case records.
  administrator: [...everyoneSignedIn, 'user.manage', 'audit.view', 'training.manage'],
};

export function can(role: Role, action: Action): boolean {
  return permissionTable[role]?.includes(action) ?? false;
}

export function rolesThatCan(action: Action): Role[] {
  return roles.filter((r) => can(r, action));
}
