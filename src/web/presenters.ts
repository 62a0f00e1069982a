import type { Actor } from '../domain/actor';
import { can } from '../auth/permissions';
import { paths } from './paths';
import { callGradeLabels, districtNames, occurrenceStatusLabels, reportChannelLabels, type District } from '../domain/occurrence';
import type { OccurrenceRecord } from '../store/repositories/occurrences';
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
