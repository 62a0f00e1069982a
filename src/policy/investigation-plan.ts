/**
 * The investigation plan's lines of enquiry (SV-01, IO-01, IO-03), generated from the case
 * facts so nothing the policy asks of investigating officers is forgotten. The officer in
 * charge can add to it and mark lines pursued or not pursued with a reason.
 */
import { z } from 'zod';
import { defineDecision } from './registry.js';
import { isStalking, offences, oneOf, requirementId, yesNo } from './vocabulary.js';

export const investigationPlanInput = z.strictObject({
  offence: oneOf(offences),
  domestic: yesNo(),
  victimSupportsProsecution: yesNo(),
  digitalEvidence: yesNo().describe('The conduct involved phones, texts, social media or email (cyber flag).'),
  suspectLinksOutsideForce: yesNo().describe('The suspect is known to have offended or to have links outside the force area.'),
  callsToPolice: yesNo().describe('The victim or witnesses called the police (999/101) during the course of conduct.'),
  vulnerableOrIntimidatedWitnesses: yesNo(),
  riskGrade: z.enum(['standard', 'medium', 'high']).nullable(),
});
export type InvestigationPlanInput = z.infer<typeof investigationPlanInput>;

export const investigationPlanOutput = z.object({
  lines: z.array(z.object({ key: z.string(), line: z.string(), requirement: requirementId })),
  requirements: z.array(requirementId),
  explanation: z.string(),
});
export type InvestigationPlanOutput = z.infer<typeof investigationPlanOutput>;

export function investigationPlan(input: InvestigationPlanInput): InvestigationPlanOutput {
  const lines: { key: string; line: string; requirement: string }[] = [];
  const add = (key: string, requirement: string, line: string) => lines.push({ key, line, requirement });
  add('review_dash', 'IO-02', 'Review the DASH risk assessment and make sure an effective safety plan is in place.');
  add('lines_of_enquiry', 'IO-01', 'Consider all reasonable lines of enquiry: witnesses, CCTV, house-to-house, the suspect’s movements.');
  if (!input.victimSupportsProsecution) add('evidence_led', 'IO-01', 'The victim does not support prosecution: build an evidence-led prosecution where the evidential threshold can be met.');
  if (input.callsToPolice) add('call_recordings', 'IO-03', 'Download the recordings of calls to the police that may evidence the course of conduct.');
  add('third_party_material', 'IO-03', 'Consider third-party material (employers, phone companies, social media platforms, support services).');
  if (input.suspectLinksOutsideForce) add('pnd_search', 'IO-03', 'Search the Police National Database: the suspect has links outside the force area.');
  if (input.digitalEvidence) add('digital_evidence', 'SC-03', 'Digital lines of enquiry: download and preserve messages and social media; seek Digital Forensic Unit advice.');
  if (input.vulnerableOrIntimidatedWitnesses) add('special_measures', 'IO-05', 'Identify special measures for vulnerable or intimidated victims and witnesses on the file and tell the CPS early.');
  add('suspect_account', 'IO-06', 'Obtain the suspect’s account under caution: arrest is the preferred option (with bail to safeguard the victim), otherwise voluntary attendance interview.');
  if (isStalking(input.offence)) add('spo_consideration', 'SV-04', 'Consider a Stalking Protection Order at an early stage.');
  add('disclosure_schemes', 'IO-11', 'Consider information sharing: Domestic Violence Disclosure Scheme, Child Sex Offender Disclosure Scheme, common-law disclosure.');
  if (input.riskGrade === 'high') add('scu_liaison', 'TS-05', 'High risk: liaise with the Stalking Coordination Unit.');
  const requirements = [...new Set(['SV-01', ...lines.map((l) => l.requirement)])];
  return { lines, requirements, explanation: `${lines.length} lines of enquiry generated from the case facts (SV-01).` };
}

export const investigationPlanDecision = defineDecision<InvestigationPlanInput, InvestigationPlanOutput>({
  name: 'investigationPlan',
  summary: 'The lines of enquiry the investigation and allocation plan must consider, from the case facts.',
  requirements: ['SV-01', 'IO-01', 'IO-02', 'IO-03', 'IO-05', 'IO-06', 'IO-11', 'SC-03'],
  input: investigationPlanInput,
  output: investigationPlanOutput,
  decide: investigationPlan,
});
