import { describe, expect, it } from 'vitest';
import { breachPenaltyDecision } from '../../src/policy/breach.js';
import { decide, fields, refused } from './support.js';

const penalty = (convictionDate: string) => decide(breachPenaltyDecision, { convictionDate });

describe('breachPenalty', () => {
  it('BR-04: "on indictment with imprisonment for a term not exceeding five years, or a fine, or both"', () => {
    const out = penalty('2026-04-03');
    expect(out.indictment).toEqual({ maximumImprisonmentYears: 5, fine: 'unlimited' });
    expect(out.requirements).toEqual(['BR-04']);
  });

  it('BR-04: "on summary conviction with imprisonment for a term not exceeding 12 months" from 18 November 2024', () => {
    expect(penalty('2024-11-18').summary.maximumImprisonmentMonths).toBe(12);
    expect(penalty('2026-04-03').explanation).toMatch(/12 months/);
  });

  it('BR-04: the summary maximum is the magistrates\' limit on the date of conviction (6 months, 12 from 2 May 2022, 6 from 30 March 2023)', () => {
    expect(penalty('2022-05-01').summary.maximumImprisonmentMonths).toBe(6);
    expect(penalty('2022-05-02').summary.maximumImprisonmentMonths).toBe(12);
    expect(penalty('2023-03-29').summary.maximumImprisonmentMonths).toBe(12);
    expect(penalty('2023-03-30').summary.maximumImprisonmentMonths).toBe(6);
    expect(penalty('2024-11-17').summary.maximumImprisonmentMonths).toBe(6);
  });

  it('BR-04: Stalking Protection Orders exist from 20 January 2020: an earlier conviction date is refused', () => {
    expect(fields(refused(breachPenaltyDecision, { convictionDate: '2019-12-31' }))).toEqual(['convictionDate']);
    expect(penalty('2020-01-20').summary.maximumImprisonmentMonths).toBe(6);
  });
});
