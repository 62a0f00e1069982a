/** The kinds of unit officers work in. Stalking crimes go only to the four investigating units, never patrol or neighbourhood (AL-05). */
export const unitTypes = [
  'DA_TEAM',
  'ADULT_SAFEGUARDING',
  'CID',
  'INVESTIGATION_TEAM',
  'PATROL',
  'NEIGHBOURHOOD',
  'SCU',
  'INTELLIGENCE',
  'OFFENDER_MANAGEMENT',
  'CONTACT_CENTRE',
  'LEGAL_SERVICES',
  'COMMAND',
  'OTHER',
] as const;
export type UnitType = (typeof unitTypes)[number];

export const unitTypeLabels: Record<UnitType, string> = {
  DA_TEAM: 'Domestic Abuse team (Safeguarding)',
  ADULT_SAFEGUARDING: 'Adult Safeguarding',
  CID: 'CID',
  INVESTIGATION_TEAM: 'Investigation team (non-specialist)',
  PATROL: 'Patrol',
  NEIGHBOURHOOD: 'Neighbourhood policing',
  SCU: 'Stalking Coordination Unit',
  INTELLIGENCE: 'District Intelligence Unit',
  OFFENDER_MANAGEMENT: 'DA Offender Management',
  CONTACT_CENTRE: 'Customer Contact Centre',
  LEGAL_SERVICES: 'Legal Services',
  COMMAND: 'Command',
  OTHER: 'Other',
};
