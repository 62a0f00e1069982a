import { describe, expect, it } from 'vitest';
import { deadlinesDecision, victimInformationEvents } from '../../src/policy/deadlines.js';
import { decide, fields, refused } from './support.js';

const deadlines = (input: Record<string, unknown>) => decide(deadlinesDecision, input).deadlines;
const one = (input: Record<string, unknown>, action: string) => {
  const found = deadlines(input).find((d) => d.action === action);
  if (!found) throw new Error(`no ${action}`);
  return found;
};

describe('deadlines', () => {
  it('ID-07: "recording decision within 24 hours of the report, per NCRS"', () => {
    const d = one({ event: 'report_received', at: '2026-04-03T09:30:00Z' }, 'recording_decision');
    expect(d).toMatchObject({ requirement: 'ID-07', due: '2026-04-04T09:30:00.000Z' });
    expect(d.explanation).toMatch(/24 hours/);
    expect(one({ event: 'report_received', at: '2026-04-03' }, 'recording_decision').due).toBe('2026-04-04');
  });

  it('SP-08: "Completing an initial visit to the subject within seven days of the SPO being granted"', () => {
    const d = one({ event: 'spo_granted', at: '2026-12-22' }, 'initial_visit');
    expect(d).toMatchObject({ requirement: 'SP-08', due: '2026-12-29' });
    expect(d.explanation).toMatch(/seven days/);
  });

  it('SP-12: "a DA Offender Manager must be allocated within seven days. An initial visit must be completed within 14 days"', () => {
    const out = deadlines({ event: 'subject_moved_in', at: '2026-05-20T14:00:00Z' });
    expect(out.map((d) => [d.requirement, d.action, d.due])).toEqual([
      ['SP-12', 'allocate_offender_manager', '2026-05-27T14:00:00.000Z'],
      ['SP-12', 'initial_visit', '2026-06-03T14:00:00.000Z'],
    ]);
  });

  it('SP-09: a renewal is submitted "no later than three months before the SPO expires"', () => {
    const d = one({ event: 'spo_expiry', at: '2027-05-31' }, 'renewal_request');
    expect(d).toMatchObject({ requirement: 'SP-09', due: '2027-02-28' });
    expect(d.explanation).toMatch(/no later than three months before the SPO expires/);
  });

  it('SP-11: "the DA Offender Manager must notify the new Force as soon as practicable" (1 day by default, configurable)', () => {
    expect(one({ event: 'subject_moved_out', at: '2026-06-30' }, 'notify_new_force')).toMatchObject({ requirement: 'SP-11', due: '2026-07-01' });
    expect(one({ event: 'subject_moved_out', at: '2026-06-30', parameters: { movedOutNotifyNewForceDays: 3 } }, 'notify_new_force').due).toBe('2026-07-03');
  });

  it('FL-02: "Flags will be reviewed within 1 month prior to their expiry": due at expiry, window opens a month before', () => {
    const d = one({ event: 'flag_expiry', at: '2026-03-31' }, 'flag_review');
    expect(d).toMatchObject({ requirement: 'FL-02', due: '2026-03-31', opens: '2026-02-28' });
  });

  it('FL-03: a flag set today expires after the force-configured duration (default 12 months) and is reviewed the month before', () => {
    const out = decide(deadlinesDecision, { event: 'flag_set', at: '2026-01-15' });
    expect(out.deadlines[0]).toMatchObject({ action: 'flag_review', due: '2027-01-15', opens: '2026-12-15' });
    expect(out.requirements).toEqual(expect.arrayContaining(['FL-02', 'FL-03']));
    expect(decide(deadlinesDecision, { event: 'flag_set', at: '2026-01-15', parameters: { flagDurationMonths: 6 } }).deadlines[0]?.due).toBe('2026-07-15');
  });

  it('IO-04: "promptly informing the victim if the suspect is arrested": 1 working day under the enhanced service', () => {
    const d = one({ event: 'suspect_arrested', at: '2026-04-02T18:00:00Z' }, 'inform_victim');
    expect(d).toMatchObject({ requirement: 'IO-04', due: '2026-04-07T18:00:00.000Z' });
    expect(d.explanation).toMatch(/enhanced/);
  });

  it('IO-04: the standard service is 5 working days, excluding weekends and bank holidays', () => {
    expect(one({ event: 'suspect_charged', at: '2026-12-23', enhancedService: false }, 'inform_victim').due).toBe('2027-01-04');
    expect(one({ event: 'suspect_charged', at: '2026-05-21', enhancedService: false }, 'inform_victim').due).toBe('2026-05-29');
  });

  it('IO-04: every victim-information event (arrest, release, charge, bail, restraining order, release from prison...) sets an inform_victim deadline', () => {
    for (const event of victimInformationEvents) {
      const out = decide(deadlinesDecision, { event, at: '2026-12-24' });
      expect(out.deadlines.find((d) => d.action === 'inform_victim'), event).toMatchObject({ requirement: 'IO-04', due: '2026-12-29' });
      expect(out.requirements).toContain('XC-01');
    }
  });

  it('IO-04: a caller can pass its own bank holidays', () => {
    expect(one({ event: 'suspect_released', at: '2026-12-24', bankHolidays: [] }, 'inform_victim').due).toBe('2026-12-25');
    expect(one({ event: 'suspect_released', at: '1975-06-02', bankHolidays: [] }, 'inform_victim').due).toBe('1975-06-03');
  });

  it('IO-04 (issue "Policy fidelity"): "24 December 2036 gives Christmas Day" no longer: bank holidays are computed by rule beyond the published list', () => {
    const d = one({ event: 'suspect_released', at: '2036-12-24' }, 'inform_victim');
    // Thursday 25 and Friday 26 December 2036 are Christmas Day and Boxing Day: the next working day is Monday 29th.
    expect(d.due).toBe('2036-12-29');
    expect(d.explanation).not.toMatch(/outside/);
    expect(one({ event: 'suspect_released', at: '2017-12-22' }, 'inform_victim').due).toBe('2017-12-27'); // 25, 26 December 2017 Monday and Tuesday
  });

  it('IO-04: a date the bank holiday rule cannot answer (outside 1980 to 2200) is refused naming `at`, unless the caller gives the bank holidays', () => {
    const issues = refused(deadlinesDecision, { event: 'suspect_arrested', at: '1975-06-02T10:00:00Z' });
    expect(fields(issues)).toEqual(['at']);
    expect(issues[0]!.message).toMatch(/1980 to 2200/);
    // Events that count no working days are not affected.
    expect(one({ event: 'report_received', at: '1975-06-02' }, 'recording_decision').due).toBe('1975-06-03');
  });

  it('IO-04 (issue "Policy fidelity"): "An arrest at 00:30 BST on Friday 29 May 2026 gets its inform the victim deadline on ... Monday 1 June": working days are counted on the UK date', () => {
    const d = one({ event: 'suspect_arrested', at: '2026-05-28T23:30:00Z' }, 'inform_victim');
    expect(d.due).toBe('2026-05-31T23:30:00.000Z'); // 00:30 BST on Monday 1 June
    expect(d.explanation).toMatch(/UK \(Europe\/London\) date, 2026-05-29/);
    // The same arrest written with its BST offset gives the same deadline.
    expect(one({ event: 'suspect_arrested', at: '2026-05-29T00:30:00+01:00' }, 'inform_victim').due).toBe('2026-05-31T23:30:00.000Z');
    // Across the spring clock change the UK time of day is kept: 09:00 GMT Friday 27 March 2026 is due 09:00 BST Monday 30 March.
    expect(one({ event: 'suspect_arrested', at: '2026-03-27T09:00:00Z' }, 'inform_victim').due).toBe('2026-03-30T08:00:00.000Z');
  });

  it('IO-10: pre-charge bail: 3 months initial, extension to 6 months by an inspector, 9 by a superintendent', () => {
    const out = deadlines({ event: 'suspect_bailed', at: '2026-01-31T10:00:00Z' });
    expect(out.map((d) => [d.requirement, d.action, d.due])).toEqual([
      ['IO-04', 'inform_victim', '2026-02-02T10:00:00.000Z'],
      ['IO-10', 'bail_expiry', '2026-04-30T10:00:00.000Z'],
      ['IO-10', 'bail_extension_inspector', '2026-04-30T10:00:00.000Z'],
      ['IO-10', 'bail_extension_superintendent', '2026-07-31T10:00:00.000Z'],
      ['IO-10', 'bail_extension_court', '2026-10-31T10:00:00.000Z'],
    ]);
  });

  it('XC-01: "Victims of stalking are entitled to an enhanced service": enhancedService defaults to true', () => {
    expect(one({ event: 'suspect_released', at: '2026-04-08' }, 'inform_victim').due).toBe('2026-04-09');
    expect(one({ event: 'suspect_released', at: '2026-04-08', enhancedService: false }, 'inform_victim').due).toBe('2026-04-15');
    expect(decide(deadlinesDecision, { event: 'suspect_released', at: '2026-04-08', enhancedService: false }).requirements).not.toContain('XC-01');
  });

  it('BR-02: on a breach "making an urgent arrest must be the standard response"; BR-03 the risk is reassessed; BR-01 a breach crime is recorded each time', () => {
    const out = deadlines({ event: 'spo_breached', at: '2026-04-03T22:15:00Z' });
    expect(out.map((d) => [d.requirement, d.action, d.due])).toEqual([
      ['BR-02', 'urgent_arrest', '2026-04-03T22:15:00.000Z'],
      ['BR-03', 'risk_reassessment', '2026-04-03T22:15:00.000Z'],
      ['BR-01', 'record_breach_crime', '2026-04-04T22:15:00.000Z'],
    ]);
  });

  it('BR-03: "an application for a SPO may also be a trigger for escalation by the stalker": risk reassessed when it is made', () => {
    expect(one({ event: 'spo_applied', at: '2026-04-03' }, 'risk_reassessment')).toMatchObject({ requirement: 'BR-03', due: '2026-04-03' });
  });

  it('SP-07: the subject notifies name and address within 3 days of the order being served', () => {
    expect(one({ event: 'spo_served', at: '2026-04-03' }, 'subject_notification')).toMatchObject({ requirement: 'SP-07', due: '2026-04-06' });
  });

  it('ID-07: an invalid date is refused naming `at`', () => {
    for (const at of ['2026-02-30', 'garbage', '', '2026-04-03T24:00:00Z', 20260403]) {
      expect(fields(refused(deadlinesDecision, { event: 'report_received', at }))).toEqual(['at']);
    }
    expect(fields(refused(deadlinesDecision, { event: 'tea_break', at: '2026-04-03' }))).toEqual(['event']);
    expect(fields(refused(deadlinesDecision, { event: 'report_received' }))).toEqual(['at']);
  });
});
