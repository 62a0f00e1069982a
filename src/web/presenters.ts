import type { Actor } from '../domain/actor';
import { can } from '../auth/permissions';
import { paths } from './paths';
import { callGradeLabels, districtNames, occurrenceStatusLabels, reportChannelLabels, type District } from '../domain/occurrence';
import type { OccurrenceRecord } from '../store/repositories/occurrences';
import type { LogEntry } from '../store/repositories/log';
import { formatDateTime } from '../domain/time';
import { roleLabels } from '../domain/roles';

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
};

const valueLabels: Record<string, Record<string, string>> = {
  channel: reportChannelLabels,
  callGrade: callGradeLabels,
  district: districtNames,
  status: occurrenceStatusLabels,
};

const actionLabels: Record<string, string> = {
  'occurrence.reported': 'Report recorded',
  'occurrence.viewed': 'Viewed',
};

function presentValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const labels = valueLabels[field];
  if (labels && typeof value === 'string') return labels[value] ?? value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  // An erasure's list of the log entries it redacted (verified by their hashes): the count, not the hashes.
  if (Array.isArray(value)) return `${value.length} earlier log entries redacted`;
  return String(value);
}

/** An occurrence log entry as the timeline shows it: labels and formatted values, not codes. */
export function presentLogEntry(entry: LogEntry) {
  return {
    ...entry,
    title: actionLabels[entry.action] ?? entry.action.replace(/^[a-z_]+\./, '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    changes: entry.changes.map((c) => ({
      label: fieldLabels[c.field] ?? c.field,
      before: presentValue(c.field, c.before),
      after: presentValue(c.field, c.after),
    })),
  };
}
