/**
 * The attending officer's primary investigation checklist (AO-01 to AO-10): what the policy's
 * "Attending officers are responsible for" section asks of every report, as items an officer
 * marks done, not applicable (with a reason), or leaves outstanding.
 */
import { z } from 'zod';
import { defineDecision } from './registry.js';
import { requirementId, yesNo } from './vocabulary.js';

export interface ChecklistItemDefinition {
  readonly key: string;
  readonly requirement: string;
  readonly title: string;
  /** The policy's own words, shown as the item's "why". */
  readonly policy: string;
  /** Only asked when the fact holds (e.g. the victim does not support prosecution). */
  readonly when?: 'always' | 'victimDoesNotSupport' | 'digitalEvidence' | 'threatToLife';
}

export const primaryInvestigationItems: readonly ChecklistItemDefinition[] = [
  { key: 'fast_track_evidence', requirement: 'AO-01', title: 'Fast-track and time-critical evidence opportunities identified', policy: 'Completing a robust primary investigation and being alive to fast-track and time-critical evidential opportunities.' },
  { key: 'dash_completed', requirement: 'AO-02', title: 'DASH risk assessment completed', policy: 'Completing a DASH risk assessment, including for reports on non-DA related stalking. If the victim is unwilling to engage, the DASH must be completed using the information available on police systems and officer’s own observations.' },
  { key: 'asb_link_considered', requirement: 'AO-03', title: 'Links to wider anti-social behaviour considered', policy: 'Considering whether this behaviour links to broader personal anti-social behaviour, in which case they must conduct vulnerability and ASB risk assessment.' },
  { key: 'safety_actions', requirement: 'AO-04', title: 'Safety of everyone present secured', policy: 'Taking positive action to ensure the safety of all persons present, securing the victim in their home or, if not possible, a place of safety.' },
  { key: 'crime_prevention_referral', requirement: 'AO-04', title: 'Referral to the Force Crime Prevention Team considered', policy: 'Individuals must consider referring the victim to the Force Crime Prevention Team for further assessment and advice.' },
  { key: 'account_taken', requirement: 'AO-05', title: 'Written account from the victim and witnesses (statement, or pocket notebook entry)', policy: 'Obtaining a detailed written account from the victim and any witnesses. If the victim is unwilling or unable to provide a full CJA at the time, obtaining a pocket notebook entry.' },
  { key: 'online_safety_advice', requirement: 'AO-06', title: 'Advice on protecting themselves online given', policy: 'Advising the victim on how to protect themselves online.' },
  { key: 'keeping_records_signposted', requirement: 'AO-06', title: 'Signposted to the Keeping Records advice', policy: 'Signposting victims and witnesses to the Keeping Records section of the external website for advice on how to log further incidents.' },
  { key: 'physical_evidence', requirement: 'AO-07', title: 'Physical evidence and scenes secured', policy: 'Securing and preserving all available sources of evidence (including physical scenes if necessary).' },
  { key: 'digital_evidence', requirement: 'AO-07', title: 'Electronic and social media evidence secured; help to remove offensive material', policy: 'Securing electronic evidence, including on social media sites, and signposting or assisting victims to arrange removal of particularly offensive or distressing material promptly.' },
  { key: 'threat_to_life_procedure', requirement: 'AO-08', title: 'Threats to Life procedure followed and duty inspector notified', policy: 'If there is a threat to life, referring to the Threats to Life policy, properly recording all available information and notifying the duty inspector immediately.', when: 'threatToLife' },
  { key: 'intelligence_submitted', requirement: 'AO-09', title: 'Intelligence submitted on stalking nominals encountered', policy: 'Submitting intelligence when they encounter stalking nominals: subject description, vehicle, time, date and location of sighting.' },
  { key: 'victim_not_supporting_recorded', requirement: 'AO-10', title: 'Victim not supporting prosecution: reasons, support referral and advice recorded', policy: 'When a victim does not want or support prosecution: record their reasons, offer a specialist support referral, advise that the force will continue to investigate and consider civil orders, and remind them words of advice are not given.', when: 'victimDoesNotSupport' },
];

export const checklistStatuses = ['outstanding', 'done', 'not_applicable'] as const;
export type ChecklistStatus = (typeof checklistStatuses)[number];

export const primaryInvestigationInput = z.strictObject({
  threatToLife: yesNo(),
  victimDoesNotSupport: yesNo(),
  items: z
    .record(z.string(), z.strictObject({ status: z.enum(checklistStatuses), reason: z.string().max(2000).optional() }))
    .optional()
    .describe('Status of items already worked, by key.'),
});
export type PrimaryInvestigationInput = z.infer<typeof primaryInvestigationInput>;

export const primaryInvestigationOutput = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      requirement: requirementId,
      title: z.string(),
      policy: z.string(),
      status: z.enum(checklistStatuses),
      reason: z.string().nullable(),
    }),
  ),
  outstanding: z.number().int(),
  complete: z.boolean(),
  violations: z.array(z.object({ requirement: requirementId, message: z.string() })),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type PrimaryInvestigationOutput = z.infer<typeof primaryInvestigationOutput>;

/** The checklist that applies to this report, with each item's status; "not applicable" needs a reason. */
export function primaryInvestigationChecklist(input: PrimaryInvestigationInput): PrimaryInvestigationOutput {
  const applies = (d: ChecklistItemDefinition) =>
    !d.when || d.when === 'always' || (d.when === 'threatToLife' && input.threatToLife) || (d.when === 'victimDoesNotSupport' && input.victimDoesNotSupport) || d.when === 'digitalEvidence';
  const violations: { requirement: string; message: string }[] = [];
  const items = primaryInvestigationItems.filter(applies).map((d) => {
    const state = input.items?.[d.key];
    const status = state?.status ?? 'outstanding';
    const reason = state?.reason?.trim() ? state.reason.trim() : null;
    if (status === 'not_applicable' && !reason) violations.push({ requirement: d.requirement, message: `“${d.title}” is marked not applicable without a reason: record why.` });
    return { key: d.key, requirement: d.requirement, title: d.title, policy: d.policy, status, reason };
  });
  const outstanding = items.filter((i) => i.status === 'outstanding').length;
  const complete = outstanding === 0 && violations.length === 0;
  const requirements = ['AO-01', ...new Set(items.map((i) => i.requirement))].filter((v, i, a) => a.indexOf(v) === i);
  return {
    items,
    outstanding,
    complete,
    violations,
    requirements,
    explanation: complete
      ? 'The primary investigation checklist is complete: every item is done or not applicable with a reason.'
      : `${outstanding} item(s) outstanding${violations.length ? `; ${violations.length} marked not applicable without a reason` : ''}.`,
  };
}

export const primaryInvestigationDecision = defineDecision<PrimaryInvestigationInput, PrimaryInvestigationOutput>({
  name: 'primaryInvestigation',
  summary: 'The attending officer’s primary investigation checklist for a report, and what is still outstanding.',
  requirements: ['AO-01', 'AO-02', 'AO-03', 'AO-04', 'AO-05', 'AO-06', 'AO-07', 'AO-08', 'AO-09', 'AO-10'],
  input: primaryInvestigationInput,
  output: primaryInvestigationOutput,
  decide: primaryInvestigationChecklist,
});
