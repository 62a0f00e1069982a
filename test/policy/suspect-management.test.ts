import { describe, expect, it } from 'vitest';
import { suspectManagementDecision } from '../../src/policy/suspect-management.js';
import { cited, decide, fields, refused } from './support.js';

const manage = (input: Record<string, unknown>) => decide(suspectManagementDecision, { offence: 's2A', ...input });

describe('suspectManagement', () => {
  it('IO-06: "Not using no action or informal action (e.g. words of advice) in stalking cases, even at the victim\'s request"', () => {
    for (const offence of ['s2A', 's4A']) {
      for (const action of ['words_of_advice', 'harassment_warning', 'written_warning', 'mediation', 'no_action']) {
        const out = manage({ offence, action, victimRequestedInformalAction: true });
        expect(out.allowed, action).toBe(false);
        expect(cited(out)).toContain('IO-06');
        expect(out.violations[0]?.message).toMatch(/even at the victim's request/);
      }
    }
  });

  it('TS-04: words of advice, written warnings and mediation are "not suitable actions" in stalking cases', () => {
    expect(cited(manage({ action: 'mediation' }))).toEqual(['IO-06', 'TS-04']);
    expect(cited(manage({ action: 'no_action' }))).toEqual(['IO-06']);
  });

  it('IO-06: "Not using no action or informal action (e.g. words of advice) in stalking cases, even at the victim\'s request": a community resolution is refused for stalking unless the force sets otherwise', () => {
    for (const offence of ['s2A', 's4A']) {
      const out = manage({ offence, action: 'community_resolution', victimRequestedInformalAction: true });
      expect(out.allowed).toBe(false);
      expect(cited(out)).toEqual(['IO-06']);
      expect(out.violations[0]?.message).toContain('"Not using no action or informal action (e.g. words of advice) in stalking cases, even at the victim\'s request.');
      expect(out.violations[0]?.message).toMatch(/informal out-of-court disposal/);
    }
    const allowed = manage({ action: 'community_resolution', parameters: { stalkingCommunityResolutionAllowed: true } });
    expect(allowed.allowed).toBe(true);
    expect(allowed.prompts).toEqual([expect.objectContaining({ requirement: 'IO-06', message: expect.stringMatching(/this force allows it/) })]);
    expect(manage({ offence: 's4', action: 'community_resolution' }).allowed).toBe(true);
  });

  it('IO-06: harassment (s2, s4) is not bound by the stalking rule on informal action', () => {
    expect(manage({ offence: 's2', action: 'words_of_advice' }).allowed).toBe(true);
  });

  it('IO-06: "Arrest must be the preferred suspect management option, also considering police bail as a means to further safeguard the victim"', () => {
    const out = manage({ action: 'arrest' });
    expect(out.allowed).toBe(true);
    expect(out.prompts).toEqual([expect.objectContaining({ requirement: 'IO-06', message: expect.stringMatching(/bail/) })]);
  });

  it('IO-06: "voluntary attendance interview where there is insufficient necessity for arrest"', () => {
    expect(manage({ action: 'voluntary_attendance', arrestNecessary: false }).allowed).toBe(true);
    const refusedVa = manage({ action: 'voluntary_attendance', arrestNecessary: true });
    expect(refusedVa.allowed).toBe(false);
    expect(cited(refusedVa)).toEqual(['IO-06']);
    expect(manage({ action: 'voluntary_attendance' }).prompts.map((p) => p.requirement)).toEqual(['IO-06']);
  });

  it('IO-08: "If bailing the suspect, consulting the victim before making the decision"', () => {
    const out = manage({ action: 'bail_s37_2', at: '2026-04-01', victimConsultedOnBail: false });
    expect(out.allowed).toBe(false);
    expect(cited(out)).toEqual(['IO-08']);
    expect(manage({ offence: 's2', action: 'bail_s37_2', at: '2026-04-01' }).allowed).toBe(false);
    expect(manage({ action: 'bail_s37_2', at: '2026-04-01', victimConsultedOnBail: true }).allowed).toBe(true);
  });

  it('IO-10: "Where there is insufficient evidence to charge a suspect, considering releasing them under S37 (2) of PACE 1984 with bail conditions"', () => {
    const out = manage({ action: 'bail_s37_2', at: '2026-01-31', victimConsultedOnBail: true });
    expect(out.deadlines.map((d) => [d.action, d.due])).toEqual([
      ['bail_expiry', '2026-04-30'],
      ['bail_extension_inspector', '2026-04-30'],
      ['bail_extension_superintendent', '2026-07-31'],
      ['bail_extension_court', '2026-10-31'],
    ]);
    expect(out.explanation).toMatch(/2026-04-30/);
  });

  it('IO-10: "refer the case to CPS for a charging decision (Stalking 2A, Stalking 4A cases and domestic Stalking Cases), considering releasing the suspect under S37(7)"', () => {
    expect(manage({ action: 'bail_s37_7', at: '2026-04-01', victimConsultedOnBail: true, referredToCps: true }).allowed).toBe(true);
    const notReferred = manage({ action: 'bail_s37_7', at: '2026-04-01', victimConsultedOnBail: true, referredToCps: false });
    expect(notReferred.allowed).toBe(false);
    expect(cited(notReferred)).toEqual(['IO-10']);
    const s372 = manage({ offence: 's4A', action: 'bail_s37_2', at: '2026-04-01', victimConsultedOnBail: true, referredToCps: true });
    expect(s372.prompts.map((p) => p.message).join(' ')).toMatch(/s37\(7\)/);
  });

  it('IO-10: release under investigation prompts conditional bail to safeguard the victim', () => {
    const out = manage({ action: 'released_under_investigation' });
    expect(out.allowed).toBe(true);
    expect(out.prompts.map((p) => p.requirement)).toEqual(['IO-10']);
  });

  it('IO-10: pre-charge bail is tracked: a bail action needs `at`, named when missing', () => {
    expect(fields(refused(suspectManagementDecision, { offence: 's2A', action: 'bail_s37_2', victimConsultedOnBail: true }))).toEqual(['at']);
    expect(fields(refused(suspectManagementDecision, { offence: 's2A', action: 'bail_s37_2', at: '2026-02-30' }))).toEqual(['at']);
  });

  it('IO-09: a charge prompts that "the charges preferred reflect the seriousness and persistence of the suspect\'s behaviour"', () => {
    expect(manage({ action: 'charge' }).prompts.map((p) => p.requirement)).toEqual(['IO-09']);
  });
});
