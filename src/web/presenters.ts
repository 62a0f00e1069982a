import type { Actor } from '../domain/actor';
import { can } from '../auth/permissions';
import { paths } from './paths';
import { callGradeLabels, districtNames, occurrenceStatusLabels, reportChannelLabels, type District } from '../domain/occurrence';
import type { OccurrenceRecord } from '../store/repositories/occurrences';
import type { LogEntry } from '../store/repositories/log';
import { formatDateTime } from '../domain/time';
import { roleLabels } from '../domain/roles';
import { homeOfficeOutcome } from '../policy/outcomes';
import { unitNames } from '../policy/vocabulary';

export interface NavItem {
  href: string;
  text: string;
  active: boolean;
}

/** Navigation shows only what the user's role may use. */
export function navigationFor(actor: Actor, currentUrl: string): NavItem[] {
  const items: NavItem[] = [{ href: paths.home(), text: 'Home', active: currentUrl === '/' }];
  if (can(actor.role, 'occurrence.list')) {
    items.push({ href: paths.occurrences(), text: 'Occurrences', active: currentUrl.startsWith('/occurrences') && !currentUrl.startsWith('/occurrences/new') });
  }
  if (can(actor.role, 'occurrence.create')) {
    items.push({ href: paths.newOccurrence(), text: 'Record a report', active: currentUrl.startsWith('/occurrences/new') });
  }
  if (can(actor.role, 'worklist.view')) {
    items.push({ href: paths.worklist(), text: 'My worklist', active: currentUrl.startsWith('/worklist') });
  }
  if (can(actor.role, 'person.search')) items.push({ href: paths.people(), text: 'People', active: currentUrl.startsWith('/people') });
  if (can(actor.role, 'triage')) items.push({ href: paths.triage(), text: 'Triage', active: currentUrl.startsWith('/triage') });
  if (can(actor.role, 'scu.lists')) items.push({ href: paths.scu(), text: 'SCU lists', active: currentUrl.startsWith('/scu') });
  if (can(actor.role, 'training.manage')) items.push({ href: paths.training(), text: 'Training', active: currentUrl.startsWith('/training') });
  if (can(actor.role, 'threats.view')) items.push({ href: paths.emergingThreats(), text: 'Emerging threats', active: currentUrl.startsWith('/emerging-threats') });
  if (can(actor.role, 'mi.view')) items.push({ href: paths.managementInformation(), text: 'Management information', active: currentUrl.startsWith('/management-information') });
  if (can(actor.role, 'compliance.view')) items.push({ href: paths.compliance(), text: 'Compliance', active: currentUrl.startsWith('/compliance') });
  if (can(actor.role, 'retention.review')) items.push({ href: paths.retentionReviews(), text: 'Retention reviews', active: currentUrl.startsWith('/retention') });
  if (can(actor.role, 'policy.view')) {
    items.push({ href: paths.policy(), text: 'Policy', active: currentUrl.startsWith('/policy') });
  }
  return items;
}

export function userSummary(actor: Actor): string {
  const district = actor.district ? districtNames[actor.district as District] ?? actor.district : 'Force-wide';
  return `${actor.displayName}, ${roleLabels[actor.role]}, ${district}`;
}

export const statusTagClass: Record<string, string> = {
  reported: 'govuk-tag--blue',
  recorded: 'govuk-tag--light-blue',
  triaged: 'govuk-tag--purple',
  allocated: 'govuk-tag--turquoise',
  under_investigation: 'govuk-tag--yellow',
  finalised: 'govuk-tag--grey',
  reopened: 'govuk-tag--orange',
};

/** An occurrence as the pages show it: labels, not codes. */
export function presentOccurrence(o: OccurrenceRecord) {
  return {
    ...o,
    href: paths.occurrence(o.reference),
    districtLabel: districtNames[o.district],
    channelLabel: reportChannelLabels[o.channel],
    callGradeLabel: callGradeLabels[o.callGrade],
    statusLabel: occurrenceStatusLabels[o.status],
    statusClass: statusTagClass[o.status] ?? '',
    receivedLabel: formatDateTime(o.receivedAt),
    emergency: o.callGrade === 'emergency',
  };
}

const fieldLabels: Record<string, string> = {
  reference: 'Reference',
  receivedAt: 'Received',
  channel: 'How it came in',
  callGrade: 'Call grade',
  district: 'District',
  location: 'Location',
  firstAccount: 'First account',
  status: 'Status',
  restricted: 'Restricted',
  // Corrections and the allocation they change.
  unit: 'Unit',
  unitOverride: 'Unit chosen instead of the allocation decision’s',
  officerInCharge: 'Officer in charge',
  finalisation: 'Finalisation',
  outcome: 'Outcome',
  offence: 'Offence',
  relationship: 'Suspect’s relationship to the victim',
  allocated_unit: 'Allocated unit',
  reviewer: 'Reviewed by',
  adult_at_risk: 'Adult at risk',
  honour_based_abuse: 'Honour-based abuse concerns',
  coercive_control: 'Coercive and controlling behaviour',
  prolonged_course: 'Prolonged course of conduct',
  cumulative_impact: 'Significant cumulative impact',
  perpetrator_escalation: 'Perpetrator escalation',
  victim: 'Victim',
  reporter: 'Person reporting',
  witness: 'Witness',
  suspect: 'Suspect',
  // Tasks the policy opened, closed or moved with the change.
  task: 'Task',
  taskDue: 'Task due',
  // Intake, classification and risk.
  attendanceMessage: 'What the caller was told about attendance',
  evidenceAdviceGiven: 'Advised to preserve evidence',
  warningMarkers: 'Warning markers',
  incident: 'Incident',
  cyberFlag: 'Cyber flag',
  classification: 'Classification',
  fourElementsPresent: 'FOUR elements present',
  principalCrime: 'Principal crime',
  otherOffences: 'Other offences',
  crimeRecordedAt: 'Crime recorded',
  riskGrade: 'Risk grade',
  dashYesCount: 'DASH “yes” answers',
  endorsedGrade: 'Endorsed grade',
};

/** A field with no label of its own reads as words, never as a column or property name. */
function fieldLabel(field: string): string {
  if (fieldLabels[field]) return fieldLabels[field];
  const words = field.replace(/\./g, ': ').replace(/_/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const valueLabels: Record<string, Record<string, string>> = {
  channel: reportChannelLabels,
  callGrade: callGradeLabels,
  district: districtNames,
  status: occurrenceStatusLabels,
  outcome: Object.fromEntries(Object.entries(homeOfficeOutcome).map(([k, v]) => [k, v.name])),
  allocated_unit: unitNames,
  reviewer: { DA_DS: 'A DS from the DA team', CID_DS: 'A DS from CID' },
};

/** 0/1 columns a log entry may name (the allocation facts): shown as yes or no. */
const flagFields = new Set(['adult_at_risk', 'honour_based_abuse', 'coercive_control', 'prolonged_course', 'cumulative_impact', 'perpetrator_escalation', 'cyberFlag', 'evidenceAdviceGiven']);
/** Record ids are never shown: the entry names the person or officer in its own words. */
const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const actionLabels: Record<string, string> = {
  'occurrence.reported': 'Report recorded',
  // The case's tasks brought in line with what the policy says it now owes.
  'obligations.derived': 'Tasks updated to follow the policy',
  'occurrence.viewed': 'Viewed',
  'occurrence.retriaged': 'Re-triaged (correction)',
  'occurrence.reallocated': 'Reallocated (correction)',
  'occurrence.reopened': 'Reopened (correction)',
  'party.removed_in_error': 'Person removed: added in error (correction)',
};

function presentValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (flagFields.has(field) && (value === 0 || value === 1)) return value ? 'Yes' : 'No';
  const labels = valueLabels[field];
  if (labels && typeof value === 'string') return labels[value] ?? value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  // A code or a list of codes (a status, a relationship, the referrals to consider) reads as words.
  if (typeof value === 'string' && /^[a-z0-9]+(_[a-z0-9]+)+(, [a-z0-9_]+)*$|^[a-z0-9_]+(, [a-z0-9_]+)+$/.test(value)) return value.replace(/_/g, ' ');
  // A time inside a sentence (a task's due time, for one) reads as a date and time too.
  if (typeof value === 'string') return value.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g, (iso) => formatDateTime(iso));
  // An erasure's list of the log entries it redacted (verified by their hashes): the count, not the hashes.
  if (Array.isArray(value)) return `${value.length} earlier log entries redacted`;
  return String(value);
}

/** An occurrence log entry as the timeline shows it: labels and formatted values, not codes. */
export function presentLogEntry(entry: LogEntry) {
  return {
    ...entry,
    title: actionLabels[entry.action] ?? entry.action.replace(/^[a-z_]+\./, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    changes: entry.changes.filter((c) => !uuidLike.test(String(c.before ?? '')) && !uuidLike.test(String(c.after ?? ''))).map((c) => ({
      label: fieldLabel(c.field),
      before: presentValue(c.field, c.before),
      after: presentValue(c.field, c.after),
    })),
  };
}
