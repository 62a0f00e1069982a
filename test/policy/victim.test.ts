import { describe, expect, it } from 'vitest';
import { victimDoesNotSupportDecision, victimWithdrawalDecision } from '../../src/policy/victim.js';
import { cited, decide } from './support.js';

const withdrawal = {
  rationale: 'Fears reprisals from the suspect’s family; wants to move on.',
  supportContactDetailsGiven: true,
  fullWithdrawalStatementObtained: true,
  withdrawnAt: '2026-04-01',
  reContactDate: '2026-04-15',
};
const withdraw = (over: Record<string, unknown>) => decide(victimWithdrawalDecision, { ...withdrawal, ...over });

describe('victimWithdrawal', () => {
  it('IO-12: with rationale, support details, full statement and an agreed re-contact date the withdrawal is recorded', () => {
    const out = withdraw({});
    expect(out.allowed).toBe(true);
    expect(out.requirements).toContain('IO-12');
    expect(out.explanation).toMatch(/2026-04-15/);
  });

  it('IO-12: "documenting the victim\'s rationale clearly"', () => {
    expect(cited(withdraw({ rationale: '  ' }))).toEqual(['IO-12']);
  });

  it('IO-12: "ensuring the victim is provided with contact details for specialist support"', () => {
    expect(withdraw({ supportContactDetailsGiven: false }).violations[0]?.message).toMatch(/specialist support/);
  });

  it('IO-12: "obtaining a full statement giving the full reasons"', () => {
    expect(withdraw({ fullWithdrawalStatementObtained: false }).violations[0]?.message).toMatch(/full statement/);
  });

  it('IO-12: "if possible, agreeing to contact the victim in the near future": a date, or the reason it was not possible', () => {
    const { reContactDate: _d, ...noDate } = withdrawal;
    expect(decide(victimWithdrawalDecision, noDate).allowed).toBe(false);
    expect(decide(victimWithdrawalDecision, { ...noDate, reContactNotPossibleReason: 'Victim refused any further contact.' }).allowed).toBe(true);
    expect(withdraw({ reContactDate: '2026-03-01' }).allowed).toBe(false);
  });

  it('IO-12: "if possible, agreeing to contact the victim in the near future to see if they have accessed support or if they have experienced any further stalking incidents": at most 28 days after the withdrawal by default', () => {
    const years = withdraw({ reContactDate: '2031-04-01' });
    expect(years.allowed).toBe(false);
    expect(cited(years)).toEqual(['IO-12']);
    expect(years.violations[0]?.message).toContain('"agreeing to contact the victim in the near future');
    expect(years.violations[0]?.message).toContain('no later than 2026-04-29');
    expect(withdraw({ reContactDate: '2026-04-29' }).allowed).toBe(true);
    expect(withdraw({ reContactDate: '2026-04-29T18:00:00Z' }).allowed).toBe(true);
    expect(withdraw({ reContactDate: '2026-04-30' }).allowed).toBe(false);
    expect(withdraw({ withdrawnAt: '2026-04-01T21:30:00Z', reContactDate: '2026-04-29' }).explanation).toMatch(/near future \(within 28 days/);
    // A force may set its own "near future".
    expect(withdraw({ reContactDate: '2026-05-20', parameters: { withdrawalReContactMaxDays: 56 } }).allowed).toBe(true);
    expect(withdraw({ reContactDate: '2026-04-15', parameters: { withdrawalReContactMaxDays: 7 } }).allowed).toBe(false);
  });
});

const notSupporting = {
  reasons: 'Afraid the suspect will escalate if prosecuted.',
  supportReferralOffered: true,
  advisedInvestigationContinues: true,
  advisedCivilOrders: true,
  advisedMayReContact: true,
  remindedNoWordsOfAdvice: true,
};
const doesNotSupport = (over: Record<string, unknown>) => decide(victimDoesNotSupportDecision, { ...notSupporting, ...over });

describe('victimDoesNotSupport', () => {
  it('AO-10: reasons recorded, support referral offered and the four advisories given: complete', () => {
    const out = doesNotSupport({});
    expect(out.allowed).toBe(true);
    expect(out.prompts.map((p) => p.requirement)).toEqual(['IO-01', 'SP-01']);
  });

  it('IO-01: "Considering all potential lines of enquiry, including evidence led prosecutions when a victim does not support"', () => {
    expect(doesNotSupport({}).prompts.find((p) => p.requirement === 'IO-01')?.message).toMatch(/evidence-led prosecution/);
    expect(withdraw({}).prompts.find((p) => p.requirement === 'IO-01')?.message).toMatch(/evidence-led prosecution/);
  });

  it('AO-10: "Sensitively exploring and recording the victim\'s reasons for not supporting prosecution"', () => {
    expect(cited(doesNotSupport({ reasons: '' }))).toEqual(['AO-10']);
  });

  it('AO-10: "Offering a referral to a specialist stalking victim support service or providing details for self-referral"', () => {
    expect(doesNotSupport({ supportReferralOffered: false }).violations[0]?.message).toMatch(/specialist stalking victim support/);
  });

  for (const [field, words] of [
    ['advisedInvestigationContinues', /evidence-led prosecution/],
    ['advisedCivilOrders', /civil orders/],
    ['advisedMayReContact', /re-contact/],
    ['remindedNoWordsOfAdvice', /words of advice or harassment warnings/],
  ] as const) {
    it(`AO-10: the advisory "${field}" must be given`, () => {
      const out = doesNotSupport({ [field]: false });
      expect(out.allowed).toBe(false);
      expect(out.violations[0]?.message).toMatch(words);
    });
  }
});
