/** Districts of the force, each with the code that begins its occurrence references. */
export const districts = ['bradford', 'calderdale', 'kirklees', 'leeds', 'wakefield'] as const;
export type District = (typeof districts)[number];

export const districtNames: Record<District, string> = {
  bradford: 'Bradford',
  calderdale: 'Calderdale',
  kirklees: 'Kirklees',
  leeds: 'Leeds',
  wakefield: 'Wakefield',
};

/** Two-digit district code: the first part of a reference such as 13-2026-000123. */
export const districtCodes: Record<District, string> = {
  bradford: '12',
  calderdale: '13',
  kirklees: '14',
  leeds: '11',
  wakefield: '15',
};

/** How the report came in. */
export const reportChannels = ['999', '101', 'online', 'in_person', 'third_party'] as const;
export type ReportChannel = (typeof reportChannels)[number];
export const reportChannelLabels: Record<ReportChannel, string> = {
  '999': '999 call',
  '101': '101 call',
  online: 'Online report',
  in_person: 'In person',
  third_party: 'Third party',
};

/** Call grade (CS-01): graded on threat, risk and harm. */
export const callGrades = ['emergency', 'priority', 'scheduled', 'resolve_without_deployment'] as const;
export type CallGrade = (typeof callGrades)[number];
export const callGradeLabels: Record<CallGrade, string> = {
  emergency: 'Emergency',
  priority: 'Priority',
  scheduled: 'Scheduled',
  resolve_without_deployment: 'Resolve without deployment',
};

/** Occurrence status. Moves only reported -> recorded -> triaged -> allocated -> under investigation -> finalised (reopened on new evidence). */
export const occurrenceStatuses = [
  'reported',
  'recorded',
  'triaged',
  'allocated',
  'under_investigation',
  'finalised',
  'reopened',
] as const;
export type OccurrenceStatus = (typeof occurrenceStatuses)[number];
export const occurrenceStatusLabels: Record<OccurrenceStatus, string> = {
  reported: 'Reported',
  recorded: 'Recorded',
  triaged: 'Triaged',
  allocated: 'Allocated',
  under_investigation: 'Under investigation',
  finalised: 'Finalised',
  reopened: 'Reopened',
};

export function formatReference(district: District, year: number, sequence: number): string {
  return `${districtCodes[district]}-${year}-${String(sequence).padStart(6, '0')}`;
}

export const referencePattern = /^\d{2}-\d{4}-\d{6,}$/;
