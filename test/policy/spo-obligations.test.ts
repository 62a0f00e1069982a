import { describe, expect, it } from 'vitest';
import { caseFactsSchema, decideObligations, obligationCatalogue, type CaseFacts } from '../../src/policy/obligations.js';
import { deriveSpoObligations, isOutOfHours, spoOrderFactsSchema, type SpoOrderFacts } from '../../src/policy/spo-obligations.js';
import { defaultParameters, policyParametersSchema } from '../../src/policy/parameters.js';
import { englandAndWalesBankHolidays } from '../../src/policy/calendar.js';

const p = defaultParameters;
const holidays = englandAndWalesBankHolidays;

/** An order on the case, as its facts stand; the test adds what has happened. */
function order(over: Record<string, unknown> = {}): SpoOrderFacts {
  return spoOrderFactsSchema.parse({ kind: 'order', id: 'spo1', status: 'considered', createdAt: '2026-04-01T10:00:00.000Z', createdBy: 'considerer', ...over });
}
function breach(over: Record<string, unknown> = {}): SpoOrderFacts {
  return spoOrderFactsSchema.parse({ kind: 'breach', id: 'spo1', orderType: 'full', orderOfficerInChargeId: 'oic', recordedBy: 'pc', recordedAt: '2026-05-06T10:00:00.000Z', ...over });
}
const derive = (o: SpoOrderFacts, officerInChargeId: string | null = 'oic', parameters = p) => deriveSpoObligations([o], { district: 'leeds', officerInChargeId, p: parameters, holidays });
const one = (o: SpoOrderFacts, action: string, oic: string | null = 'oic') => derive(o, oic).filter((d) => d.action === action);

const referred = { status: 'referred', referral: { at: '2026-04-01T12:00:00.000Z', crossBorder: false } };
const granted = { grants: [{ orderType: 'interim', grantedOn: '2026-04-20', at: '2026-04-20T14:00:00.000Z' }], orderType: 'interim' };
const full = { status: 'full', orderType: 'full', expiresOn: '2028-04-20', grants: [{ orderType: 'full', grantedOn: '2026-04-20', at: '2026-04-20T14:00:00.000Z' }] };

describe('SPO obligations: what an order owes, derived from its facts', () => {
  it('SC-04 "SPO referrals (SPOR1) land in the SCU’s queue for a decision": owed by the force-wide SCU from the referral until the decision is recorded', () => {
    const [d] = one(order(referred), 'spo_scu_decision');
    expect(d).toMatchObject({ key: 'spo_scu_decision:spo1:2026-04-01T12:00:00.000Z', requirement: 'SC-04', owner: { role: 'scu_officer', district: null }, opensAt: '2026-04-01T12:00:00.000Z', dueAt: '2026-04-03T12:00:00.000Z', byHand: 'never' });
    expect(d!.explanation).toContain('Completing a SPO Referral Form (SPOR1) and emailing the form to the Stalking Coordination Unit');
    expect(one(order({ ...referred, status: 'approved', scuDecision: { decision: 'approve', at: '2026-04-02T09:00:00.000Z' } }), 'spo_scu_decision')).toEqual([]);
  });

  it('SP-03 "If the SPOR1 is approved, completing the overarching statement and application form (SPO1) for superintendent authority": the officer in charge owes the application once the SCU approves', () => {
    const approved = order({ ...referred, status: 'approved', scuDecision: { decision: 'approve', at: '2026-04-02T09:00:00.000Z' } });
    expect(one(approved, 'spo_apply')[0]).toMatchObject({ requirement: 'SP-03', owner: { userId: 'oic' }, dueAt: '2026-04-09T09:00:00.000Z', byHand: 'not_applicable' });
    // With no officer in charge yet, the officer who considered the order.
    expect(one(approved, 'spo_apply', null)[0]!.owner).toEqual({ userId: 'considerer' });
    expect(one(order({ ...referred, status: 'returned', scuDecision: { decision: 'return', at: '2026-04-02T09:00:00.000Z' } }), 'spo_apply')).toEqual([]);
  });

  it('SP-04 "Considering where a SPO is necessary, proportionate and justified ... whilst also considering the Human Rights of both the victim and the suspect": superintendents of the district, until authority is decided', () => {
    const awaiting = order({ status: 'awaiting_authority', referral: referred.referral, application: { at: '2026-04-03T10:00:00.000Z' } });
    expect(one(awaiting, 'spo_authority')[0]).toMatchObject({ key: 'spo_authority:spo1', owner: { role: 'authorising_superintendent', district: 'leeds' }, dueAt: '2026-04-05T10:00:00.000Z', byHand: 'never' });
    expect(one(order({ status: 'authorised', application: { at: '2026-04-03T10:00:00.000Z' }, authority: { authorised: true, at: '2026-04-04T10:00:00.000Z' } }), 'spo_authority')).toEqual([]);
  });

  it('BR-03 "an application for a SPO may also be a trigger for escalation by the stalker, therefore the risk must be understood": reassessed within 24 hours of the application, met by a DASH recorded since', () => {
    const applied = order({ status: 'awaiting_authority', application: { at: '2026-04-03T10:00:00.000Z' } });
    expect(one(applied, 'risk_reassessment')[0]).toMatchObject({ key: 'risk_reassessment:application:spo1', requirement: 'BR-03', owner: { userId: 'oic' }, dueAt: '2026-04-04T10:00:00.000Z', byHand: 'done' });
    expect(one(order({ status: 'awaiting_authority', application: { at: '2026-04-03T10:00:00.000Z' }, riskAssessedAt: ['2026-04-01T10:00:00.000Z'] }), 'risk_reassessment')).toHaveLength(1);
    expect(one(order({ status: 'awaiting_authority', application: { at: '2026-04-03T10:00:00.000Z' }, riskAssessedAt: ['2026-04-03T15:00:00.000Z'] }), 'risk_reassessment')).toEqual([]);
  });

  it('SP-06 "consultation must take place with Legal Services and the victim\'s local Force"; "the Force which made the application passes full information about the order to the Force where the victim resides"', () => {
    const cross = { at: '2026-04-01T12:00:00.000Z', crossBorder: true };
    expect(one(order({ status: 'referred', referral: cross }), 'spo_cross_border_consultation')[0]).toMatchObject({ requirement: 'SP-06', owner: { userId: 'oic' }, dueAt: '2026-04-08T12:00:00.000Z', byHand: 'done' });
    const made = order({ ...granted, status: 'interim', referral: cross });
    expect(one(made, 'spo_cross_border_consultation')).toEqual([]);
    expect(one(made, 'spo_pass_to_victims_force')[0]).toMatchObject({ key: 'spo_pass_to_victims_force:spo1:interim', dueAt: '2026-04-21T14:00:00.000Z' });
  });

  it('SP-05 "If a SPO is granted, updating the victim and DA Offender Management teams of the order and creating a Niche Court Order – SPO occurrence with all necessary details and updating PNC": each order (interim, then full) owes both', () => {
    const both = order({ status: 'full', orderType: 'full', expiresOn: '2028-06-01', grants: [granted.grants[0], { orderType: 'full', grantedOn: '2026-06-01', at: '2026-06-01T14:00:00.000Z' }] });
    expect(one(both, 'spo_update_national_record').map((d) => d.key)).toEqual(['spo_update_national_record:spo1:interim', 'spo_update_national_record:spo1:full']);
    const tell = one(both, 'spo_inform_victim');
    expect(tell.map((d) => [d.key, d.dueAt])).toEqual([
      ['spo_inform_victim:spo1:interim', '2026-04-21T14:00:00.000Z'],
      ['spo_inform_victim:spo1:full', '2026-06-02T14:00:00.000Z'],
    ]);
    expect(tell[0]!.byHand).toBe('never');
    // A contact with the victim after the full order meets both.
    expect(one(order({ ...both, victimContactedAt: ['2026-06-01T16:00:00.000Z'] } as never), 'spo_inform_victim')).toEqual([]);
  });

  it('SP-07 "subject to Stalking Protection Orders (interim and full) are managed appropriately": an offender manager is allocated by the OM supervisors (force-wide, so every OM supervisor’s worklist shows it) until one is allocated', () => {
    const made = order({ ...granted, status: 'interim' });
    expect(one(made, 'spo_allocate_offender_manager')[0]).toMatchObject({ key: 'spo_allocate_offender_manager:spo1', requirement: 'SP-07', owner: { role: 'offender_manager_supervisor', district: null }, dueAt: '2026-04-22T14:00:00.000Z', byHand: 'never' });
    expect(one(order({ ...granted, status: 'interim', offenderManagerId: 'om' }), 'spo_allocate_offender_manager')).toEqual([]);
  });

  it('SP-08 "Completing an initial visit to the subject within seven days of the SPO being granted. Subsequent visits must be completed as per the Subject Management Plan"', () => {
    const made = order({ ...granted, status: 'interim' });
    expect(one(made, 'initial_visit')[0]).toMatchObject({ key: 'initial_visit:spo1', owner: { role: 'da_offender_manager', district: null }, dueAt: '2026-04-27T17:00:00.000Z', byHand: 'never' });
    const managed = { ...granted, status: 'interim', offenderManagerId: 'om', managementPlan: { visitFrequencyWeeks: 4, at: '2026-04-22T10:00:00.000Z' } };
    // The plan's visits wait for the initial visit.
    expect(one(order(managed), 'spo_visit')).toEqual([]);
    expect(one(order(managed), 'initial_visit')[0]!.owner).toEqual({ userId: 'om' });
    const visited = order({ ...managed, visits: [{ visitedOn: '2026-04-24', recordedAt: '2026-04-24T15:00:00.000Z' }] });
    expect(one(visited, 'initial_visit')).toEqual([]);
    expect(one(visited, 'spo_visit')[0]).toMatchObject({ key: 'spo_visit:spo1:2026-04-24', owner: { userId: 'om' }, dueAt: '2026-05-22T17:00:00.000Z' });
  });

  it('SP-10 "The review frequency may vary based on the duration of the SPO and level of risk posed by the subject": from the plan, then from each review by its risk; none after expiry', () => {
    const managed = { ...full, managementPlan: { visitFrequencyWeeks: 4, at: '2026-04-22T10:00:00.000Z' } };
    expect(one(order(managed), 'spo_supervisor_review')[0]).toMatchObject({ owner: { role: 'offender_manager_supervisor', district: null }, dueAt: '2026-07-22T17:00:00.000Z', byHand: 'never' });
    const reviewed = order({ ...managed, reviews: [{ reviewedOn: '2026-07-20', riskLevel: 'high', recordedAt: '2026-07-20T10:00:00.000Z' }] });
    expect(one(reviewed, 'spo_supervisor_review')[0]).toMatchObject({ key: 'spo_supervisor_review:spo1:2026-07-20', dueAt: '2026-08-20T17:00:00.000Z' });
    expect(one(order({ ...managed, reviews: [{ reviewedOn: '2028-03-01', riskLevel: 'standard', recordedAt: '2028-03-01T10:00:00.000Z' }] }), 'spo_supervisor_review')).toEqual([]);
  });

  it('SP-09 "A renewal must be submitted in writing to the SCU at the earliest opportunity and no later than three months before the SPO expires unless there is a valid operational reason": then the SCU decides; a renewal sets the next', () => {
    expect(one(order(full), 'renewal_request')[0]).toMatchObject({ key: 'renewal_request:spo1:2028-04-20', dueAt: '2028-01-20T17:00:00.000Z', byHand: 'not_applicable' });
    const requested = order({ ...full, renewal: { requestedAt: '2028-01-10T10:00:00.000Z', forExpiry: '2028-04-20' } });
    expect(one(requested, 'renewal_request')).toEqual([]);
    expect(one(requested, 'spo_renewal_decision')[0]).toMatchObject({ owner: { role: 'scu_officer', district: null }, dueAt: '2028-01-17T10:00:00.000Z' });
    const renewed = order({ ...full, expiresOn: '2030-04-20', renewal: { requestedAt: '2028-01-10T10:00:00.000Z', forExpiry: '2028-04-20', grantedAt: '2028-03-01T10:00:00.000Z' } });
    expect(one(renewed, 'spo_renewal_decision')).toEqual([]);
    expect(one(renewed, 'renewal_request')[0]).toMatchObject({ key: 'renewal_request:spo1:2030-04-20', dueAt: '2030-01-20T17:00:00.000Z' });
  });

  it('SP-07, SP-14 "If there are changes to ... specific order requirements, officers must complete the appropriate sections of a new Subject Management Pack": a variation after the plan owes the plan’s update, met by setting it again', () => {
    const plan = { visitFrequencyWeeks: 4, at: '2026-04-22T10:00:00.000Z' };
    const varied = order({ ...full, managementPlan: plan, variations: [{ variedOn: '2026-09-01', at: '2026-09-01T10:00:00.000Z' }] });
    expect(one(varied, 'spo_update_plan')[0]).toMatchObject({ requirement: 'SP-07', dueAt: '2026-09-08T10:00:00.000Z', byHand: 'never' });
    expect(one(order({ ...full, managementPlan: { ...plan, at: '2026-09-02T10:00:00.000Z' }, variations: [{ variedOn: '2026-09-01', at: '2026-09-01T10:00:00.000Z' }] }), 'spo_update_plan')).toEqual([]);
  });

  it('SP-11 "the DA Offender Manager must notify the new Force as soon as practicable"; SP-12 "a DA Offender Manager must be allocated within seven days. An initial visit must be completed within 14 days"', () => {
    const out = order({ ...full, status: 'transferred_out', offenderManagerId: 'om', managementPlan: { visitFrequencyWeeks: 4, at: '2026-04-22T10:00:00.000Z' }, moves: [{ direction: 'out', movedOn: '2027-02-01', otherForce: 'North Yorkshire Police', at: '2027-02-01T10:00:00.000Z' }] });
    const all = derive(out);
    expect(all.map((d) => d.action).sort()).toEqual(['notify_new_force', 'spo_inform_victim', 'spo_update_national_record']);
    expect(all.find((d) => d.action === 'notify_new_force')).toMatchObject({ owner: { userId: 'om' }, dueAt: '2027-02-02T17:00:00.000Z', byHand: 'done' });
    expect(all.find((d) => d.action === 'notify_new_force')!.title).toContain('North Yorkshire Police');
    const back = order({ ...full, visits: [{ visitedOn: '2026-04-24', recordedAt: '2026-04-24T15:00:00.000Z' }], moves: [{ direction: 'out', movedOn: '2027-02-01', otherForce: 'NYP', at: '2027-02-01T10:00:00.000Z' }, { direction: 'in', movedOn: '2027-03-01', otherForce: 'NYP', at: '2027-03-01T10:00:00.000Z' }] });
    expect(one(back, 'spo_allocate_offender_manager')[0]).toMatchObject({ requirement: 'SP-12', key: 'spo_allocate_offender_manager:spo1:moved_in:2027-03-01', dueAt: '2027-03-08T17:00:00.000Z' });
    expect(one(back, 'initial_visit')[0]).toMatchObject({ requirement: 'SP-12', dueAt: '2027-03-15T17:00:00.000Z' });
    expect(one(back, 'notify_new_force')).toEqual([]);
  });

  it('SP-13 "SCU will compile a report in conjunction with the Offender Manager ... submitted to Legal Services for legal advice with the final decision being made by the Detective Superintendent, Safeguarding Central Governance Unit"', () => {
    const app = { receivedAt: '2027-05-01T10:00:00.000Z' };
    const step = (discharge: object, status = 'full') => derive(order({ ...full, status, offenderManagerId: 'om', discharge })).filter((d) => d.requirement === 'SP-13');
    expect(step({ stage: 'received', ...app })).toMatchObject([{ action: 'spo_discharge_report', owner: { role: 'scu_officer', district: null }, dueAt: '2027-05-08T10:00:00.000Z' }]);
    expect(step({ stage: 'reported', ...app, reportedAt: '2027-05-03T10:00:00.000Z' })).toMatchObject([{ action: 'spo_discharge_legal_advice', owner: { role: 'legal_services', district: null } }]);
    expect(step({ stage: 'advised', ...app, reportedAt: '2027-05-03T10:00:00.000Z', advisedAt: '2027-05-04T10:00:00.000Z' })).toMatchObject([{ action: 'spo_discharge_decision', owner: { role: 'detective_superintendent_safeguarding', district: null }, dueAt: '2027-05-11T10:00:00.000Z' }]);
    const gone = derive(order({ ...full, status: 'discharged', offenderManagerId: 'om', managementPlan: { visitFrequencyWeeks: 4, at: '2026-04-22T10:00:00.000Z' }, discharge: { stage: 'decided', ...app, decidedAt: '2027-05-06T10:00:00.000Z', discharged: true } }));
    expect(gone.filter((d) => ['spo_visit', 'spo_supervisor_review', 'renewal_request', 'initial_visit'].includes(d.action))).toEqual([]);
    expect(gone.filter((d) => d.key.endsWith(':discharged')).map((d) => d.action).sort()).toEqual(['spo_inform_victim', 'spo_update_national_record']);
  });
});

describe('SPO breaches: BR-01 to BR-03 on the breach’s own case', () => {
  it('BR-02 "Being proactive – making an urgent arrest must be the standard response": in hours, the officer in charge of the order’s case; due in the force’s window, never at the moment it opens', () => {
    // Wednesday 6 May 2026, 11:00 in London.
    const [arrest] = one(breach(), 'urgent_arrest', 'someone-else');
    expect(arrest).toMatchObject({ key: 'urgent_arrest:spo1', requirement: 'BR-02', owner: { userId: 'oic' }, opensAt: '2026-05-06T10:00:00.000Z', dueAt: '2026-05-06T14:00:00.000Z', byHand: 'not_applicable' });
    expect(arrest!.explanation).toContain('making an urgent arrest must be the standard response');
    expect(decideObligations({ facts: caseFactsSchema.parse({ occurrence: { receivedAt: '2026-05-06T09:00:00.000Z', callGrade: 'priority', district: 'leeds', status: 'recorded', recordedBy: 'pc', crimeRecordedAt: '2026-05-06T10:00:00.000Z', attendingOfficerId: 'pc', attendanceAssignedAt: '2026-05-06T10:00:00.000Z' }, orders: [breach()] }) as CaseFacts, at: '2026-05-06T10:00:00.000Z' }).obligations.find((o) => o.action === 'urgent_arrest')?.overdue).toBe(false);
    expect(one(breach({ arrestedAt: '2026-05-06T12:00:00.000Z' }), 'urgent_arrest')).toEqual([]);
    expect(one(breach({ finalised: true }), 'urgent_arrest')).toEqual([]);
  });

  it('BR-02: out of hours (breachOutOfHoursFrom to breachOutOfHoursTo, Europe/London), at weekends and on bank holidays, or when the order’s case has no officer in charge, the duty inspector (force-wide)', () => {
    const inspector = { role: 'duty_inspector', district: null };
    expect(one(breach({ recordedAt: '2026-05-06T17:30:00.000Z' }), 'urgent_arrest')[0]!.owner).toEqual(inspector); // 18:30 BST
    expect(one(breach({ recordedAt: '2026-05-06T16:30:00.000Z' }), 'urgent_arrest')[0]!.owner).toEqual({ userId: 'oic' }); // 17:30 BST
    expect(one(breach({ recordedAt: '2026-05-09T11:00:00.000Z' }), 'urgent_arrest')[0]!.owner).toEqual(inspector); // a Saturday
    expect(one(breach({ recordedAt: '2026-05-04T11:00:00.000Z' }), 'urgent_arrest')[0]!.owner).toEqual(inspector); // Early May bank holiday
    expect(one(breach({ orderOfficerInChargeId: null }), 'urgent_arrest')[0]!.owner).toEqual(inspector);
    expect(one(breach({ recordedAt: '2026-05-06T17:30:00.000Z' }), 'urgent_arrest')[0]!.explanation).toContain('Out of hours');
  });

  it('BR-02: the out-of-hours window is the force’s, in UK time through the change of the clocks', () => {
    // 07:30 GMT in January is before 08:00; 07:30 UTC in July is 08:30 BST.
    expect(isOutOfHours('2026-01-14T07:30:00.000Z', p, holidays)).toBe(true);
    expect(isOutOfHours('2026-07-15T07:30:00.000Z', p, holidays)).toBe(false);
    expect(isOutOfHours('2026-01-14T18:00:00.000Z', p, holidays)).toBe(true);
    const force = policyParametersSchema.parse({ breachOutOfHoursFrom: '22:00', breachOutOfHoursTo: '06:00', breachOutOfHoursWeekends: false, breachArrestHours: 2 });
    expect(isOutOfHours('2026-01-14T21:00:00.000Z', force, holidays)).toBe(false);
    expect(isOutOfHours('2026-05-09T11:00:00.000Z', force, holidays)).toBe(false);
    expect(derive(breach(), 'oic', force).find((d) => d.action === 'urgent_arrest')!.dueAt).toBe('2026-05-06T12:00:00.000Z');
    expect(policyParametersSchema.safeParse({ breachOutOfHoursFrom: '25:00' }).success).toBe(false);
  });

  it('BR-03 "urgent action must be taken when orders are breached": the risk is reassessed within hours, met by a DASH since the breach', () => {
    expect(one(breach(), 'risk_reassessment')[0]).toMatchObject({ key: 'risk_reassessment:breach:spo1', owner: { userId: 'oic' }, dueAt: '2026-05-06T14:00:00.000Z' });
    expect(one(breach({ orderOfficerInChargeId: null }), 'risk_reassessment')[0]!.owner).toEqual({ role: 'supervisory_officer', district: 'leeds' });
    expect(one(breach({ riskAssessedAt: ['2026-05-06T11:00:00.000Z'] }), 'risk_reassessment')).toEqual([]);
  });

  it('BR-01 "Where any other offences are disclosed, these must be recorded in addition to the breach and in accordance with the provisions of the Home Office Counting Rules": the recording officer, within the NCRS 24 hours', () => {
    expect(one(breach(), 'record_other_offences')).toEqual([]);
    expect(one(breach({ otherOffencesDisclosed: 'Criminal damage to her car' }), 'record_other_offences')[0]).toMatchObject({ owner: { userId: 'pc' }, dueAt: '2026-05-07T10:00:00.000Z', byHand: 'done' });
  });
});

describe('SPO obligations, all together', () => {
  const lifetime: SpoOrderFacts[] = [
    order(referred),
    order({ ...referred, id: 'spo2', status: 'approved', scuDecision: { decision: 'approve', at: '2026-04-02T09:00:00.000Z' } }),
    order({ id: 'spo3', status: 'awaiting_authority', referral: { at: '2026-04-01T12:00:00.000Z', crossBorder: true }, application: { at: '2026-04-03T10:00:00.000Z' } }),
    order({ ...full, id: 'spo4', referral: { at: '2026-04-01T12:00:00.000Z', crossBorder: true }, managementPlan: { visitFrequencyWeeks: 2, at: '2026-04-22T10:00:00.000Z' }, variations: [{ variedOn: '2026-09-01', at: '2026-09-01T10:00:00.000Z' }], discharge: { stage: 'received', receivedAt: '2027-05-01T10:00:00.000Z' } }),
    breach({ id: 'spo5', otherOffencesDisclosed: 'Damage' }),
  ];

  it('keys are unique within a case, each obligation is in the catalogue, and none is due at or before the moment it opens', () => {
    const all = deriveSpoObligations(lifetime, { district: 'leeds', officerInChargeId: 'oic', p, holidays });
    expect(new Set(all.map((d) => d.key)).size).toBe(all.length);
    const catalogued = new Set(obligationCatalogue.map((c) => c.action));
    for (const d of all) {
      expect(catalogued.has(d.action), d.action).toBe(true);
      expect(Date.parse(d.dueAt), d.key).toBeGreaterThan(Date.parse(d.opensAt));
      expect(d.title).not.toMatch(/[a-z]+_[a-z]+|\d{4}-\d{2}-\d{2}T/);
      expect(d.explanation).toMatch(/\((SC|SP|BR)-\d\d/);
    }
    // An officer of the force could not have written an order-level task by hand: every one is derived.
    expect(all.filter((d) => d.action === 'inform_victim')).toEqual([]);
  });

  it('the case decision includes them, and closing one by hand drops it', () => {
    const facts = caseFactsSchema.parse({ occurrence: { receivedAt: '2026-04-01T09:00:00.000Z', callGrade: 'priority', district: 'leeds', status: 'recorded', recordedBy: 'pc', crimeRecordedAt: '2026-04-01T09:30:00.000Z', attendingOfficerId: 'pc', attendanceAssignedAt: '2026-04-01T09:30:00.000Z' }, orders: [lifetime[2]] });
    const keys = (f: CaseFacts) => decideObligations({ facts: f, at: '2026-04-03T11:00:00.000Z' }).obligations.map((o) => o.key);
    expect(keys(facts)).toEqual(expect.arrayContaining(['spo_authority:spo3', 'spo_cross_border_consultation:spo3', 'risk_reassessment:application:spo3']));
    expect(keys({ ...facts, closedByHand: [{ key: 'spo_cross_border_consultation:spo3', at: '2026-04-03T10:30:00.000Z' }] })).not.toContain('spo_cross_border_consultation:spo3');
  });
});
