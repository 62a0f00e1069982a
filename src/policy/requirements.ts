/**
 * The requirement catalogue, vendored from shared/policy/requirements.md (every row of all
 * 13 sections, text unchanged) so the app never reads ../shared at runtime. IDs never change
 * meaning; new ones are appended. Kinds: R rule, W workflow, D deadline, G guard, P prompt.
 */

export type RequirementKind = 'R' | 'W' | 'D' | 'G' | 'P';

export interface Requirement {
  /** Stable ID, e.g. "AL-07". */
  readonly id: string;
  readonly kind: RequirementKind;
  /** The catalogue section the requirement sits in, e.g. "Allocation and finalisation". */
  readonly area: string;
  /** The requirement, word for word from the catalogue. */
  readonly text: string;
}

export const requirementKinds: Readonly<Record<RequirementKind, string>> = {
  R: 'rule',
  W: 'workflow',
  D: 'deadline',
  G: 'guard',
  P: 'prompt',
};

export const requirementCatalogue: readonly Requirement[] = [
  // 1. Identification and recording (Principles, Legislation)
  { id: 'ID-01', kind: 'R', area: 'Identification and recording (Principles, Legislation)', text: 'Classify a report as stalking or harassment. Stalking = harassment where the behaviour is Fixated, Obsessive, Unwanted and Repeated (FOUR). Record which FOUR elements are present and who judged them.' },
  { id: 'ID-02', kind: 'R', area: 'Identification and recording (Principles, Legislation)', text: 'Offence selection under the Protection from Harassment Act 1997: s2 harassment; s4 putting people in fear of violence (fear on at least two occasions); s2A stalking; s4A stalking involving fear of violence or serious alarm or distress. A course of conduct needs at least two occasions.' },
  { id: 'ID-03', kind: 'R', area: 'Identification and recording (Principles, Legislation)', text: 'Principal crime rule: where a behavioural crime encompasses other offences, record the principal (most serious) crime only; usually the stalking/harassment or controlling and coercive behaviour.' },
  { id: 'ID-04', kind: 'R', area: 'Identification and recording (Principles, Legislation)', text: 'All ex-partner harassment is recorded as stalking in the first instance.' },
  { id: 'ID-05', kind: 'W', area: 'Identification and recording (Principles, Legislation)', text: 'Incidents are never considered in isolation: every new incident is linked to the course of conduct (same suspect and victim) and cumulative risk is shown.' },
  { id: 'ID-06', kind: 'W', area: 'Identification and recording (Principles, Legislation)', text: 'Cyber flag: where the offence involved digital equipment or social media, the record carries a cyber flag.' },
  { id: 'ID-07', kind: 'D', area: 'Identification and recording (Principles, Legislation)', text: 'Crimes are recorded in line with NCRS/HOCR (recording decision within 24 hours of the report, per NCRS).' },
  { id: 'ID-08', kind: 'W', area: 'Identification and recording (Principles, Legislation)', text: 'Stalking and harassment involving members of the force\'s workforce is handled under the Domestic Abuse policy: such records are restricted (need-to-know access) and marked.' },
  // 2. Communications staff (call handling)
  { id: 'CS-01', kind: 'R', area: 'Communications staff (call handling)', text: 'Grade the call by threat, risk and harm; an emergency response where the caller or victim is at risk of immediate harm.' },
  { id: 'CS-02', kind: 'W', area: 'Communications staff (call handling)', text: 'Capture the first account in as much detail as possible.' },
  { id: 'CS-03', kind: 'W', area: 'Communications staff (call handling)', text: 'Capture the victim, the person reporting and the capacity in which they report (victim, friend, support agency, other), witnesses and the suspect.' },
  { id: 'CS-04', kind: 'P', area: 'Communications staff (call handling)', text: 'Advise the caller to preserve evidence until police arrive (recorded as given).' },
  { id: 'CS-05', kind: 'P', area: 'Communications staff (call handling)', text: 'Tell the caller that officers are despatched, or when they will arrive.' },
  { id: 'CS-06', kind: 'W', area: 'Communications staff (call handling)', text: 'Search the force\'s records for the people involved and show warning markers and factors affecting the response (disability, mental health, cultural issues), existing flags and orders.' },
  { id: 'CS-07', kind: 'W', area: 'Communications staff (call handling)', text: 'Create the crime record in line with force process and NCRS.' },
  // 3. Stalking Coordination Unit (SCU)
  { id: 'SC-01', kind: 'W', area: 'Stalking Coordination Unit (SCU)', text: 'Daily triage list of non-domestic stalking for the SCU.' },
  { id: 'SC-02', kind: 'W', area: 'Stalking Coordination Unit (SCU)', text: 'Liaison list of the highest-risk domestic stalking for district safeguarding teams.' },
  { id: 'SC-03', kind: 'W', area: 'Stalking Coordination Unit (SCU)', text: 'Bespoke case reviews recorded against a crime, including digital lines of enquiry.' },
  { id: 'SC-04', kind: 'W', area: 'Stalking Coordination Unit (SCU)', text: 'SPO referrals (SPOR1) land in the SCU\'s queue for a decision.' },
  { id: 'SC-05', kind: 'P', area: 'Stalking Coordination Unit (SCU)', text: 'Prompt referral to specialist stalking support services (safety planning).' },
  // 4. Attending officers
  { id: 'AO-01', kind: 'W', area: 'Attending officers', text: 'Primary investigation checklist, with fast-track and time-critical evidence opportunities.' },
  { id: 'AO-02', kind: 'G', area: 'Attending officers', text: 'A DASH risk assessment is completed for every report, including non-domestic stalking. If the victim will not engage, it is completed from police records and the officer\'s observations, and that is recorded.' },
  { id: 'AO-03', kind: 'P', area: 'Attending officers', text: 'Consider links to wider personal anti-social behaviour; if so, a vulnerability and ASB risk assessment.' },
  { id: 'AO-04', kind: 'W', area: 'Attending officers', text: 'Safety actions for everyone present: securing the victim at home or a place of safety; referral to the Crime Prevention Team.' },
  { id: 'AO-05', kind: 'W', area: 'Attending officers', text: 'Detailed written account from the victim and witnesses (or a pocket notebook entry if the victim cannot give one now).' },
  { id: 'AO-06', kind: 'P', area: 'Attending officers', text: 'Advice to the victim on protecting themselves online; signposting to the force\'s \'Keeping Records\' advice for logging further incidents.' },
  { id: 'AO-07', kind: 'W', area: 'Attending officers', text: 'Evidence secured and preserved, including social media and electronic evidence; help to remove offensive material.' },
  { id: 'AO-08', kind: 'G', area: 'Attending officers', text: 'Threat to life: the Threats to Life procedure is followed and the duty inspector is notified immediately; the system does not let the record move on without that notification recorded.' },
  { id: 'AO-09', kind: 'W', area: 'Attending officers', text: 'Intelligence submissions on sightings of stalking nominals: subject description, vehicle, time/date/location.' },
  { id: 'AO-10', kind: 'W', area: 'Attending officers', text: 'When the victim does not support prosecution: the reasons are recorded; a referral to a specialist support service is offered; the victim is told the force will continue and may pursue an evidence-led prosecution and civil orders, and may re-contact them; the victim is reminded that words of advice and harassment warnings are not given.' },
  // 5. Triaging supervisor (detective sergeant)
  { id: 'TS-01', kind: 'W', area: 'Triaging supervisor (detective sergeant)', text: 'Triage each stalking crime for allocation, per the allocation rules (section 12).' },
  { id: 'TS-02', kind: 'W', area: 'Triaging supervisor (detective sergeant)', text: 'The triage decision is reviewed against threat, risk, harm and complexity and written to the occurrence log.' },
  { id: 'TS-03', kind: 'G', area: 'Triaging supervisor (detective sergeant)', text: 'A stalking crime is not filed until a proportionate investigation is complete.' },
  { id: 'TS-04', kind: 'G', area: 'Triaging supervisor (detective sergeant)', text: 'Words of advice, written warnings and mediation are never actions or outcomes in a stalking case.' },
  { id: 'TS-05', kind: 'P', area: 'Triaging supervisor (detective sergeant)', text: 'Liaise with the SCU where risk is assessed as high.' },
  // 6. All supervisory officers
  { id: 'SV-01', kind: 'W', area: 'All supervisory officers', text: 'An investigation and allocation plan per case.' },
  { id: 'SV-02', kind: 'G', area: 'All supervisory officers', text: 'The DASH assessment exists for every case and its risk grading is endorsed by a supervisor.' },
  { id: 'SV-03', kind: 'W', area: 'All supervisory officers', text: 'Regular risk reassessment; onward support referrals; the officer in charge keeps regular contact with victim and support agency.' },
  { id: 'SV-04', kind: 'P', area: 'All supervisory officers', text: 'Consider an SPO early in every stalking case.' },
  // 7. Investigating officers
  { id: 'IO-01', kind: 'W', area: 'Investigating officers', text: 'Lines of enquiry, including evidence-led prosecution when the victim does not support.' },
  { id: 'IO-02', kind: 'W', area: 'Investigating officers', text: 'Review the DASH and keep a safety plan.' },
  { id: 'IO-03', kind: 'W', area: 'Investigating officers', text: 'Call recordings downloaded; third-party material considered; national police database searched where the suspect has links outside the force.' },
  { id: 'IO-04', kind: 'D', area: 'Investigating officers', text: 'Keep the victim (and others at risk) informed of risk assessments and actions; promptly inform the victim when the suspect is arrested, released, charged, bailed, given a restraining order or released from prison (Victims\' Code enhanced-service timescales).' },
  { id: 'IO-05', kind: 'P', area: 'Investigating officers', text: 'Special measures for vulnerable or intimidated victims and witnesses, flagged early to the CPS.' },
  { id: 'IO-06', kind: 'G', area: 'Investigating officers', text: 'No \'no action\' or informal action (e.g. words of advice) in stalking cases, even at the victim\'s request. Arrest is the preferred suspect management option (with bail to safeguard); voluntary attendance interview where arrest is not necessary.' },
  { id: 'IO-07', kind: 'R', area: 'Investigating officers', text: 'Search powers: s2 harassment is summary and gives no power of entry; s2B gives a power of entry to search for evidence for s2A offences only.' },
  { id: 'IO-08', kind: 'W', area: 'Investigating officers', text: 'Before bail, the victim is consulted on bail conditions.' },
  { id: 'IO-09', kind: 'R', area: 'Investigating officers', text: 'Charges reflect seriousness and persistence, provable intent, and severity of harm.' },
  { id: 'IO-10', kind: 'R', area: 'Investigating officers', text: 'Insufficient evidence to charge: consider release under s37(2) PACE with conditions; referral to CPS for a charging decision (s2A, s4A and domestic stalking): consider release under s37(7) with conditions. Pre-charge bail periods are tracked.' },
  { id: 'IO-11', kind: 'P', area: 'Investigating officers', text: 'Consider information-sharing schemes (Domestic Violence Disclosure Scheme, Child Sex Offender Disclosure Scheme, common-law disclosure).' },
  { id: 'IO-12', kind: 'G', area: 'Investigating officers', text: 'Victim withdrawal: rationale documented; specialist support contact details given; full withdrawal statement with reasons; agreed re-contact date.' },
  { id: 'IO-13', kind: 'P', area: 'Investigating officers', text: 'If the victim is engaging with support services, they are updated by the officer in charge, especially when the case is finalised with no further action.' },
  { id: 'IO-14', kind: 'P', area: 'Investigating officers', text: 'Referral to MAPPA where the criteria are met; to the Potentially Dangerous Persons process for a serial stalking offender who meets its criteria.' },
  // 8. District Intelligence Units
  { id: 'DI-01', kind: 'W', area: 'District Intelligence Units', text: 'Regular interrogation of intelligence to find emerging stalking threats (serial perpetrators, repeat victims, escalation, breaches).' },
  { id: 'DI-02', kind: 'W', area: 'District Intelligence Units', text: 'An identified emerging threat is communicated to the district senior leadership team and the SCU, and the communication is recorded.' },
  // 9. Flags
  { id: 'FL-01', kind: 'P', area: 'Flags', text: 'Consider a \'notify if\' flag on the suspect and tasking to the SCU.' },
  { id: 'FL-02', kind: 'D', area: 'Flags', text: 'Flags are reviewed within the month before expiry. No further stalking incidents on local and national systems: the flag is removed. Further incidents: extended for the appropriate duration.' },
  { id: 'FL-03', kind: 'R', area: 'Flags', text: 'Flag durations by circumstance. **ASSUMPTION**: the policy\'s table of durations is not in the source; durations are configurable policy parameters (default 12 months, extension 12 months) and the UI says they are force-configured.' },
  // 10. Stalking Protection Orders (SPO)
  { id: 'SP-01', kind: 'R', area: 'Stalking Protection Orders (SPO)', text: 'Consider an SPO where the respondent has carried out acts associated with stalking, poses a risk of stalking to a person, and there is reasonable cause to believe an order is necessary to protect that person. Considered in every stalking case.' },
  { id: 'SP-02', kind: 'W', area: 'Stalking Protection Orders (SPO)', text: 'Referral form (SPOR1) by the investigating officer, sent to the SCU.' },
  { id: 'SP-03', kind: 'W', area: 'Stalking Protection Orders (SPO)', text: 'If the SCU approves, the overarching statement and application (SPO1) go to a superintendent for authority.' },
  { id: 'SP-04', kind: 'R', area: 'Stalking Protection Orders (SPO)', text: 'The authorising officer decides whether the order is necessary, proportionate and justified, considering the human rights of victim and suspect; the rationale is recorded.' },
  { id: 'SP-05', kind: 'W', area: 'Stalking Protection Orders (SPO)', text: 'Every stage updates the related records; a granted order (interim or full) creates a court-order record linked to the crime, updates the national record, and the victim and the offender management team are informed.' },
  { id: 'SP-06', kind: 'W', area: 'Stalking Protection Orders (SPO)', text: 'Respondent and victim in different force areas: consultation with Legal Services and the victim\'s force is recorded; a granted order\'s details are passed to the victim\'s force.' },
  { id: 'SP-07', kind: 'W', area: 'Stalking Protection Orders (SPO)', text: 'Subject management: a flag on the subject; notification requirements recorded in a subject management pack (re-issued on change of name, address or requirements); a subject management plan based on the order\'s requirements and prohibitions; intelligence on vehicles and social media.' },
  { id: 'SP-08', kind: 'D', area: 'Stalking Protection Orders (SPO)', text: 'Initial visit to the subject within 7 days of the order being granted; later visits per the management plan.' },
  { id: 'SP-09', kind: 'D', area: 'Stalking Protection Orders (SPO)', text: 'Renewal: requested in writing to the SCU no later than 3 months before the order expires (unless a recorded operational reason), with evidence of new acts, risk and continued necessity.' },
  { id: 'SP-10', kind: 'W', area: 'Stalking Protection Orders (SPO)', text: 'Offender-manager supervisors review the subject management pack periodically (frequency by duration and risk), recording risk factors up or down, positive changes, compliance, observations and recommended changes.' },
  { id: 'SP-11', kind: 'D', area: 'Stalking Protection Orders (SPO)', text: 'Subject moves out of the force area: the new force is notified as soon as practicable with statement of service, management plan and risk information.' },
  { id: 'SP-12', kind: 'D', area: 'Stalking Protection Orders (SPO)', text: 'Subject moves into the force area: an offender manager is allocated within 7 days and an initial visit is completed within 14 days.' },
  { id: 'SP-13', kind: 'W', area: 'Stalking Protection Orders (SPO)', text: 'Discharge application by the subject: Legal Services to SCU; SCU report with the offender manager (reasons, grant history, intelligence, risk factors, recommendation); legal advice; final decision by the Detective Superintendent, Safeguarding Central Governance Unit.' },
  { id: 'SP-14', kind: 'W', area: 'Stalking Protection Orders (SPO)', text: 'Variations of existing orders.' },
  // 11. Breaches
  { id: 'BR-01', kind: 'W', area: 'Breaches', text: 'Each breach of an SPO is a new crime record (\'Breach of Stalking Order\'), linked to the order; other offences disclosed are recorded as well, per HOCR.' },
  { id: 'BR-02', kind: 'P', area: 'Breaches', text: 'Urgent arrest is the standard response; the breach is investigated as possible further stalking.' },
  { id: 'BR-03', kind: 'P', area: 'Breaches', text: 'An SPO application may trigger escalation: risk is reassessed when an application is made and when a breach occurs.' },
  { id: 'BR-04', kind: 'R', area: 'Breaches', text: 'Breach penalties (for the charging file): summary up to 12 months and/or fine; indictment up to 5 years and/or fine.' },
  // 12. Allocation and finalisation
  { id: 'AL-01', kind: 'R', area: 'Allocation and finalisation', text: 'Review: domestic (DA) stalking (s2A or s4A) is reviewed by a DS from the DA team or equivalent; non-DA stalking by a DS from CID.' },
  { id: 'AL-02', kind: 'R', area: 'Allocation and finalisation', text: 's4A offences are investigated only by Safeguarding or CID. DA s4A: DA teams. Non-DA s4A involving an adult at risk or honour-based abuse concerns: Adult Safeguarding. Other non-DA s4A: CID.' },
  { id: 'AL-03', kind: 'R', area: 'Allocation and finalisation', text: 's2A offences involving an intimate or ex-intimate partner, HBA concerns, or coercive and controlling behaviour between other personally connected persons: DA teams only.' },
  { id: 'AL-04', kind: 'R', area: 'Allocation and finalisation', text: 's2A offences involving an adult at risk, or non-DA HBA concerns: Adult Safeguarding only.' },
  { id: 'AL-05', kind: 'R', area: 'Allocation and finalisation', text: 'Other s2A: non-specialist investigation teams, never patrol or neighbourhood policing. But where there is emerging evidence of a prolonged course of conduct, significant cumulative impact, or escalation, reclassification to s4A is put to the reviewer and, if accepted, allocation follows the s4A rules.' },
  { id: 'AL-06', kind: 'G', area: 'Allocation and finalisation', text: 'No stalking crime is finalised as No Further Action without further investigation or a thorough rationale.' },
  { id: 'AL-07', kind: 'G', area: 'Allocation and finalisation', text: 'Words of advice are never an outcome for a stalking crime.' },
  { id: 'AL-08', kind: 'G', area: 'Allocation and finalisation', text: 'A stalking crime investigated outside the specialist units (DA team, Adult Safeguarding, CID) is finalised by a detective sergeant.' },
  // 13. Cross-cutting
  { id: 'XC-01', kind: 'W', area: 'Cross-cutting', text: 'Victims of stalking receive the Victims\' Code enhanced service; contact with the victim is logged against its due dates.' },
  { id: 'XC-02', kind: 'W', area: 'Cross-cutting', text: 'Video-recorded interviews are conducted by an officer trained in Achieving Best Evidence (training recorded on the user).' },
  { id: 'XC-03', kind: 'W', area: 'Cross-cutting', text: 'Every record keeps an occurrence log (OEL): who did what, when and why, append-only.' },
  { id: 'XC-04', kind: 'P', area: 'Cross-cutting', text: 'Related-policy hooks: Anti-Social Behaviour, Domestic Abuse, Honour Based Abuse and Forced Marriage, Hate Crime, Threats to Life, Investigations.' },
  { id: 'XC-05', kind: 'W', area: 'Cross-cutting', text: 'Mandatory e-learning completion is recorded per user and shown to supervisors.' },
];

const byId: ReadonlyMap<string, Requirement> = new Map(requirementCatalogue.map((r) => [r.id, r]));

/** The catalogue entry for an ID, or undefined if there is none. */
export function requirementById(id: string): Requirement | undefined {
  return byId.get(id);
}
