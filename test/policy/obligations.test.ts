import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseFactsSchema, decideObligations, obligationsDecision, type CaseFacts } from '../../src/policy/obligations.js';
import { obligationsInput } from './arbitraries.js';

/** A case's facts: a report just received, with whatever the test adds. */
function facts(over: { occurrence?: Partial<CaseFacts['occurrence']> } & Partial<Omit<CaseFacts, 'occurrence'>> = {}): CaseFacts {
  const { occurrence, ...rest } = over;
  return caseFactsSchema.parse({
    occurrence: { receivedAt: '2026-12-01T10:00:00.000Z', callGrade: 'priority', district: 'leeds', status: 'reported', recordedBy: 'handler', ...occurrence },
    ...rest,
  });
}

const owed = (f: CaseFacts, at = '2026-12-01T10:01:00.000Z') => decideObligations({ facts: f, at }).obligations;
const one = (f: CaseFacts, action: string, at?: string) => owed(f, at).filter((o) => o.action === action);

describe('obligations: what the policy requires next on a case, derived from its facts', () => {
  it('ID-07 "Crimes are recorded in line with NCRS": the crime recording decision is due 24 hours after the report, for whoever recorded it, until the crime is recorded', () => {
    const [decision] = one(facts(), 'recording_decision');
    expect(decision).toMatchObject({ requirement: 'ID-07', owner: { userId: 'handler' }, opensAt: '2026-12-01T10:00:00.000Z', dueAt: '2026-12-02T10:00:00.000Z', byHand: 'never' });
    expect(one(facts({ occurrence: { crimeRecordedAt: '2026-12-01T12:00:00.000Z', status: 'recorded' } }), 'recording_decision')).toEqual([]);
  });

  it('CS-01 "an emergency response where the caller or victim is at risk of immediate harm": deploying an officer is due within the emergency window, not at the moment of the report, and cannot be marked done by hand', () => {
    const [deploy] = one(facts({ occurrence: { callGrade: 'emergency' } }), 'assign_attending_officer');
    expect(deploy).toMatchObject({ requirement: 'CS-01', owner: { role: 'call_handler', district: 'leeds' }, dueAt: '2026-12-01T10:15:00.000Z', byHand: 'never', overdue: false });
    expect(one(facts({ occurrence: { callGrade: 'emergency', attendingOfficerId: 'pc', attendanceAssignedAt: '2026-12-01T10:05:00.000Z' } }), 'assign_attending_officer')).toEqual([]);
  });

  it('CS-05 "Tell the caller that officers are despatched, or when they will arrive": an officer assigned one minute after a priority report meets it; a call resolved without deployment owes none', () => {
    const [assign] = one(facts(), 'assign_attending_officer');
    expect(assign).toMatchObject({ requirement: 'CS-05', dueAt: '2026-12-01T11:00:00.000Z', byHand: 'not_applicable' });
    expect(assign!.overdue).toBe(false);
    expect(one(facts({ occurrence: { callGrade: 'resolve_without_deployment' } }), 'assign_attending_officer')).toEqual([]);
    // The attending officer then owes the attendance, until the DASH shows it done.
    const assigned = facts({ occurrence: { attendingOfficerId: 'pc', attendanceAssignedAt: '2026-12-01T10:01:00.000Z' } });
    expect(one(assigned, 'attend')[0]).toMatchObject({ requirement: 'AO-01', owner: { userId: 'pc' }, dueAt: '2026-12-02T10:01:00.000Z' });
  });

  it('AO-08 "notifying the duty inspector immediately": owed from when the threat to life is marked until the notification is recorded', () => {
    const marked = facts({ occurrence: { threatToLifeMarkedAt: '2026-12-01T10:30:00.000Z' } });
    expect(one(marked, 'notify_duty_inspector')[0]).toMatchObject({ requirement: 'AO-08', owner: { role: 'duty_inspector', district: null }, dueAt: '2026-12-01T11:30:00.000Z', byHand: 'never' });
    expect(one(facts({ occurrence: { threatToLifeMarkedAt: '2026-12-01T10:30:00.000Z', dutyInspectorNotifiedAt: '2026-12-01T10:40:00.000Z' } }), 'notify_duty_inspector')).toEqual([]);
  });

  it('SV-02 and TS-05 "Liaising with the Stalking Coordination Unit where the risk is assessed as high": each DASH is endorsed by a supervisor; a high grade owes the triaging DS the liaison', () => {
    const dash = { id: 'a1', sequence: 1, assessedAt: '2026-12-01T12:00:00.000Z', grade: 'high' as const, maracRoutes: ['yes_count'], specialistSupportReferral: true };
    const f = facts({ occurrence: { triagedAt: '2026-12-01T13:00:00.000Z', triagedBy: 'ds', status: 'triaged' }, riskAssessments: [dash] as never });
    const all = owed(f);
    expect(all.find((o) => o.action === 'endorse_risk')).toMatchObject({ key: 'endorse_risk:a1', requirement: 'SV-02', owner: { role: 'supervisory_officer', district: 'leeds' }, dueAt: '2026-12-02T12:00:00.000Z' });
    expect(all.find((o) => o.action === 'scu_liaison')).toMatchObject({ requirement: 'TS-05', owner: { userId: 'ds' }, byHand: 'done', dueAt: '2026-12-02T12:00:00.000Z' });
    expect(all.find((o) => o.action === 'marac_referral')).toMatchObject({ requirement: 'TS-05', byHand: 'never' });
    expect(all.find((o) => o.action === 'specialist_support_referral')).toMatchObject({ requirement: 'SC-05' });
    // Endorsed, referred and the liaison marked done: nothing of these is owed.
    const done = facts({
      occurrence: { triagedAt: '2026-12-01T13:00:00.000Z', triagedBy: 'ds', status: 'triaged' },
      riskAssessments: [{ ...dash, endorsedAt: '2026-12-01T14:00:00.000Z', endorsedGrade: 'high' }] as never,
      referrals: [
        { kind: 'marac', status: 'made', updatedAt: '2026-12-01T15:00:00.000Z' },
        { kind: 'specialist_stalking_support', status: 'declined', updatedAt: '2026-12-01T15:00:00.000Z' },
      ],
      closedByHand: [{ key: 'scu_liaison', at: '2026-12-01T16:00:00.000Z' }],
    });
    expect(owed(done).map((o) => o.action)).not.toEqual(expect.arrayContaining(['endorse_risk']));
    expect(owed(done).filter((o) => ['endorse_risk', 'scu_liaison', 'marac_referral', 'specialist_support_referral'].includes(o.action))).toEqual([]);
  });

  it('IO-04 "Promptly informing the victim if the suspect is arrested, released or otherwise processed": within 1 working day for stalking (enhanced service, XC-01), 5 for harassment, bank holidays excluded; a contact after the event fulfils it', () => {
    const allocated = { status: 'under_investigation' as const, officerInChargeId: 'oic', allocatedAt: '2026-12-20T09:00:00.000Z' };
    // Thursday 24 December 2026: the next working day is Tuesday 29th (Christmas Day, Boxing Day on Saturday: Monday 28th substitutes).
    const arrest = { id: 'e1', action: 'arrest', at: '2026-12-24T09:00:00.000Z', recordedBy: 'oic' };
    const stalking = one(facts({ occurrence: allocated, suspectEvents: [arrest] }), 'inform_victim');
    expect(stalking[0]).toMatchObject({ key: 'inform_victim:e1', requirement: 'IO-04', owner: { userId: 'oic' }, dueAt: '2026-12-29T09:00:00.000Z' });
    const harassment = one(facts({ occurrence: allocated, stalking: false, suspectEvents: [arrest] }), 'inform_victim');
    expect(harassment[0]!.dueAt).toBe('2027-01-05T09:00:00.000Z');
    expect(one(facts({ occurrence: allocated, suspectEvents: [arrest], victimContacts: [{ id: 'c1', at: '2026-12-24T15:00:00.000Z', contacted: true }] }), 'inform_victim')).toEqual([]);
    // An attempt that did not reach the victim fulfils nothing.
    expect(one(facts({ occurrence: allocated, suspectEvents: [arrest], victimContacts: [{ id: 'c1', at: '2026-12-24T15:00:00.000Z', contacted: false }] }), 'inform_victim')).toHaveLength(1);
  });

  it('IO-04 (issue "Policy fidelity"): "An arrest at 00:30 BST on Friday 29 May 2026 gets its inform the victim deadline on ... Monday 1 June", at 00:30 BST', () => {
    const allocated = { status: 'under_investigation' as const, officerInChargeId: 'oic', allocatedAt: '2026-05-20T09:00:00.000Z' };
    const arrest = { id: 'e1', action: 'arrest', at: '2026-05-28T23:30:00.000Z', recordedBy: 'oic' };
    const [tell] = one(facts({ occurrence: allocated, suspectEvents: [arrest] }), 'inform_victim', '2026-05-29T00:00:00.000Z');
    expect(tell).toMatchObject({ key: 'inform_victim:e1', dueAt: '2026-05-31T23:30:00.000Z' });
    expect(tell!.explanation).toMatch(/UK \(Europe\/London\) date/);
  });

  it('IO-04: a suspect event the bank holiday rule cannot answer (outside 1980 to 2200) is refused naming its field, unless the caller gives the bank holidays', () => {
    const old = { id: 'e1', action: 'arrest', at: '1975-06-02T10:00:00.000Z', recordedBy: 'oic' };
    const input = { facts: facts({ occurrence: { status: 'under_investigation', officerInChargeId: 'oic', allocatedAt: '2026-05-20T09:00:00.000Z' }, suspectEvents: [old] }), at: '2026-05-29T00:00:00.000Z' };
    const parsed = obligationsDecision.input.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['facts.suspectEvents.0.at']);
    expect(parsed.error?.issues[0]?.message).toMatch(/1980 to 2200/);
    expect(obligationsDecision.input.safeParse({ ...input, bankHolidays: [] }).success).toBe(true);
  });

  it('IO-10: pre-charge bail ends three months after it was given unless the suspect is charged, released or bailed again', () => {
    const allocated = { status: 'under_investigation' as const, officerInChargeId: 'oic', allocatedAt: '2026-12-20T09:00:00.000Z' };
    const bail = { id: 'b1', action: 'bail_s37_2', at: '2026-12-21T09:00:00.000Z', recordedBy: 'oic' };
    expect(one(facts({ occurrence: allocated, suspectEvents: [bail] }), 'bail_expiry')[0]).toMatchObject({ requirement: 'IO-10', dueAt: '2027-03-21T09:00:00.000Z' });
    const charged = { id: 'c1', action: 'charge', at: '2027-01-10T09:00:00.000Z', recordedBy: 'oic' };
    expect(one(facts({ occurrence: allocated, suspectEvents: [bail, charged] }), 'bail_expiry')).toEqual([]);
  });

  it('SV-01, IO-02, XC-01, SV-03: a triaged crime is allocated by its DS; the officer in charge then owes the safety plan review and the contact plan; the agreed updates follow from the last contact', () => {
    expect(one(facts({ occurrence: { status: 'triaged', triagedAt: '2026-12-01T12:00:00.000Z', triagedBy: 'ds' } }), 'allocate')[0]).toMatchObject({ owner: { userId: 'ds' }, dueAt: '2026-12-02T12:00:00.000Z' });
    const allocated = { status: 'allocated' as const, officerInChargeId: 'oic', allocatedAt: '2026-12-02T09:00:00.000Z' };
    const actions = owed(facts({ occurrence: allocated })).map((o) => o.action);
    expect(actions).toEqual(expect.arrayContaining(['review_dash_safety_plan', 'agree_victim_contact_plan', 'supervisor_review']));
    const plan = facts({
      occurrence: { ...allocated, victimContactEveryDays: 7, victimContactPlanAgreedAt: '2026-12-03T09:00:00.000Z' },
      victimContacts: [{ id: 'c1', at: '2026-12-05T09:00:00.000Z', contacted: true }],
    });
    expect(one(plan, 'agree_victim_contact_plan')).toEqual([]);
    expect(one(plan, 'scheduled_victim_contact')[0]).toMatchObject({ requirement: 'SV-03', dueAt: '2026-12-12T09:00:00.000Z', owner: { userId: 'oic' } });
  });

  it('IO-02, TS-05: the same work marked done on the investigation plan fulfils the task (one record of it, not two)', () => {
    const allocated = { status: 'allocated' as const, officerInCharge: undefined, officerInChargeId: 'oic', allocatedAt: '2026-12-02T09:00:00.000Z', triagedAt: '2026-12-01T09:00:00.000Z', triagedBy: 'ds' };
    const dash = { id: 'a1', sequence: 1, assessedAt: '2026-12-01T08:00:00.000Z', grade: 'high' as const, endorsedAt: '2026-12-01T08:30:00.000Z', endorsedGrade: 'high' as const };
    const { officerInCharge: _none, ...occurrence } = allocated;
    const owedNow = (planLinesDone: ('IO-02' | 'TS-05')[]) => owed(facts({ occurrence, riskAssessments: [dash] as never, planLinesDone })).map((o) => o.action);
    expect(owedNow([])).toEqual(expect.arrayContaining(['review_dash_safety_plan', 'scu_liaison']));
    expect(owedNow(['IO-02', 'TS-05'])).not.toEqual(expect.arrayContaining(['review_dash_safety_plan']));
    expect(owedNow(['IO-02', 'TS-05']).filter((a) => a === 'review_dash_safety_plan' || a === 'scu_liaison')).toEqual([]);
  });

  it('IO-04, IO-13: a decision not to proceed is told to the victim and to any support services they engage with', () => {
    const f = facts({ occurrence: { status: 'finalised', officerInChargeId: 'oic', allocatedAt: '2026-12-02T09:00:00.000Z', finalisedAt: '2026-12-10T09:00:00.000Z', finalisedWithoutProceeding: true } });
    expect(owed(f, '2026-12-10T09:01:00.000Z').map((o) => [o.action, o.requirement])).toEqual([
      ['inform_victim', 'IO-04'],
      ['update_support_services', 'IO-13'],
    ]);
  });

  it('nothing owed says so, and still names the requirements it was checked against', () => {
    const out = decideObligations({ facts: facts({ occurrence: { status: 'finalised', crimeRecordedAt: '2026-12-01T11:00:00.000Z', attendingOfficerId: 'pc', attendanceAssignedAt: '2026-12-01T10:10:00.000Z', finalisedAt: '2026-12-05T09:00:00.000Z' }, riskAssessments: [{ id: 'a', sequence: 1, assessedAt: '2026-12-01T11:00:00.000Z', grade: 'standard', endorsedAt: '2026-12-01T12:00:00.000Z', endorsedGrade: 'standard' }] as never }), at: '2026-12-06T09:00:00.000Z' });
    expect(out.obligations).toEqual([]);
    expect(out.explanation).toBe('Nothing is owed on this case now.');
    expect(out.requirements).toContain('ID-07');
  });

  it('no obligation with a due time the policy sets is due at or before the moment it opens, and keys are unique', () => {
    fc.assert(
      fc.property(obligationsInput, (input) => {
        // With the policy's own windows (a force could set a Victims' Code update to 0 working days).
        const { parameters: _forceSet, ...withDefaults } = input as { parameters?: unknown };
        const out = decideObligations(withDefaults as never).obligations;
        expect(new Set(out.map((o) => o.key)).size).toBe(out.length);
        // A re-contact date and an SCU action's date are set by the officer or the reviewer, not by the policy.
        for (const o of out.filter((x) => x.action !== 'victim_recontact' && x.action !== 'case_review_action')) {
          expect(Date.parse(o.dueAt), `${o.key} opens ${o.opensAt} due ${o.dueAt}`).toBeGreaterThan(Date.parse(o.opensAt));
        }
      }),
      { numRuns: 300 },
    );
  });
});
