/** The roles of the stalking and harassment policy, as users of Conduct hold them. */
export const roles = [
  'call_handler',
  'attending_officer',
  'triaging_supervisor',
  'supervisory_officer',
  'investigating_officer',
  'scu_officer',
  'diu_analyst',
  'authorising_superintendent',
  'da_offender_manager',
  'offender_manager_supervisor',
  'legal_services',
  'detective_superintendent_safeguarding',
  'duty_inspector',
  'auditor',
  'administrator',
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  call_handler: 'Call handler',
  attending_officer: 'Attending officer',
  triaging_supervisor: 'Triaging supervisor (DS)',
  supervisory_officer: 'Supervisory officer',
  investigating_officer: 'Investigating officer',
  scu_officer: 'Stalking Coordination Unit officer',
  diu_analyst: 'District Intelligence Unit analyst',
  authorising_superintendent: 'Authorising superintendent',
  da_offender_manager: 'DA offender manager',
  offender_manager_supervisor: 'Offender manager supervisor',
  legal_services: 'Legal Services',
  detective_superintendent_safeguarding: 'Detective Superintendent, Safeguarding',
  duty_inspector: 'Duty inspector',
  auditor: 'Auditor',
  administrator: 'Administrator',
};

export const ranks = ['PC', 'DC', 'PS', 'DS', 'INSP', 'DI', 'SUPT', 'STAFF'] as const;
export type Rank = (typeof ranks)[number];
