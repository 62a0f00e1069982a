import { describe, expect, it } from 'vitest';
import { primaryInvestigationChecklist } from '../../src/policy/primary-investigation';

const base = { threatToLife: false, victimDoesNotSupport: false };

describe('primary investigation checklist', () => {
  it('AO-01: "Completing a robust primary investigation": every applicable item starts outstanding', () => {
    const r = primaryInvestigationChecklist(base);
    expect(r.complete).toBe(false);
    expect(r.outstanding).toBe(r.items.length);
    expect(r.items.map((i) => i.requirement)).toEqual(expect.arrayContaining(['AO-01', 'AO-02', 'AO-03', 'AO-04', 'AO-05', 'AO-06', 'AO-07', 'AO-09']));
  });

  it('AO-08: the Threats to Life item appears only where there is a threat to life', () => {
    expect(primaryInvestigationChecklist(base).items.some((i) => i.requirement === 'AO-08')).toBe(false);
    expect(primaryInvestigationChecklist({ ...base, threatToLife: true }).items.some((i) => i.requirement === 'AO-08')).toBe(true);
  });

  it('AO-10: "When a victim does not want or support prosecution" adds its item', () => {
    expect(primaryInvestigationChecklist({ ...base, victimDoesNotSupport: true }).items.some((i) => i.requirement === 'AO-10')).toBe(true);
  });

  it('AO-05: an item marked not applicable needs a reason', () => {
    const r = primaryInvestigationChecklist({ ...base, items: { account_taken: { status: 'not_applicable' } } });
    expect(r.violations).toEqual([{ requirement: 'AO-05', message: expect.stringContaining('without a reason') }]);
    const ok = primaryInvestigationChecklist({ ...base, items: { account_taken: { status: 'not_applicable', reason: 'Victim gave a pocket notebook entry only' } } });
    expect(ok.violations).toEqual([]);
  });

  it('AO-04, AO-06, AO-07: complete when every item is done or not applicable with a reason', () => {
    const all = Object.fromEntries(primaryInvestigationChecklist(base).items.map((i) => [i.key, { status: 'done' as const }]));
    const r = primaryInvestigationChecklist({ ...base, items: { ...all, asb_link_considered: { status: 'not_applicable', reason: 'No wider ASB' } } });
    expect(r.complete).toBe(true);
    expect(r.outstanding).toBe(0);
  });
});
