import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocationDecision } from '../../src/policy/allocation.js';
import { allocationInput } from './arbitraries.js';
import { decide, fields, refused } from './support.js';

const base = {
  offence: 's4A',
  relationship: 'stranger',
  adultAtRisk: false,
  honourBasedAbuse: false,
  coerciveControl: false,
  prolongedCourseOfConduct: false,
  significantCumulativeImpact: false,
  perpetratorEscalation: false,
};
type Over = Partial<Record<keyof typeof base, string | boolean>>;
const allocate = (over: Over) => decide(allocationDecision, { ...base, ...over });

describe('allocation: review (AL-01)', () => {
  it('AL-01: "All DA stalking (s2A or s4A) will be reviewed by a detective sergeant from the DA team, or equivalent"', () => {
    for (const relationship of ['intimate_partner', 'ex_intimate_partner', 'family_member']) {
      for (const offence of ['s2A', 's4A']) {
        const out = allocate({ relationship, offence });
        expect(out.reviewer).toBe('DA_DS');
        expect(out.domestic).toBe(true);
        expect(out.requirements).toContain('AL-01');
      }
    }
  });

  it('AL-01: "All non-DA stalking (s2A or s4A) will be reviewed by a detective sergeant from CID"', () => {
    for (const relationship of ['acquaintance', 'stranger', 'other']) {
      for (const offence of ['s2A', 's4A']) expect(allocate({ relationship, offence }).reviewer).toBe('CID_DS');
    }
  });
});

describe('allocation: s4A (AL-02)', () => {
  it('AL-02: "DA s4A offences will be investigated by DA teams or equivalent"', () => {
    for (const relationship of ['intimate_partner', 'ex_intimate_partner', 'family_member']) {
      const out = allocate({ relationship, adultAtRisk: true, honourBasedAbuse: true });
      expect(out.unit).toBe('DA_TEAM');
      expect(out.requirements).toContain('AL-02');
    }
  });

  it('AL-02: "Non-DA s4A offences involving adults at risk (AAR) ... will be investigated by Adult Safeguarding officers"', () => {
    expect(allocate({ adultAtRisk: true }).unit).toBe('ADULT_SAFEGUARDING');
  });

  it('AL-02: non-DA s4A "cases with honour-based abuse (HBA) concerns will be investigated by Adult Safeguarding officers"', () => {
    expect(allocate({ relationship: 'acquaintance', honourBasedAbuse: true }).unit).toBe('ADULT_SAFEGUARDING');
  });

  it('AL-02: "All other non-DA s4A offences will be investigated by CID"', () => {
    const out = allocate({ relationship: 'other' });
    expect(out.unit).toBe('CID');
    expect(out.explanation).toMatch(/CID/);
  });

  it('AL-02: "S4A offences will only be investigated by Safeguarding or CID officers": never a non-specialist team', () => {
    fc.assert(
      fc.property(allocationInput.filter((i) => i.offence === 's4A'), (input) => {
        const out = decide(allocationDecision, input);
        expect(['DA_TEAM', 'ADULT_SAFEGUARDING', 'CID']).toContain(out.unit);
        expect(out.considerReclassificationToS4A).toBe(false);
      }),
    );
  });
});

describe('allocation: s2A (AL-03, AL-04, AL-05)', () => {
  it('AL-03: "S2A offences involving intimate/ex-intimate partner ... will only be investigated by DA teams or equivalent"', () => {
    for (const relationship of ['intimate_partner', 'ex_intimate_partner']) {
      const out = allocate({ offence: 's2A', relationship });
      expect(out.unit).toBe('DA_TEAM');
      expect(out.requirements).toContain('AL-03');
    }
  });

  it('AL-03: an intimate partner s2A against an adult at risk stays with the DA team, which involves Adult Safeguarding', () => {
    const out = allocate({ offence: 's2A', relationship: 'intimate_partner', adultAtRisk: true });
    expect(out.unit).toBe('DA_TEAM');
    expect(out.explanation).toMatch(/Adult Safeguarding/);
  });

  it('AL-03: s2A "HBA concerns" within the family go to the DA team', () => {
    expect(allocate({ offence: 's2A', relationship: 'family_member', honourBasedAbuse: true }).unit).toBe('DA_TEAM');
  });

  it('AL-03: s2A "coercive and controlling behaviour between other personally connected persons" goes to the DA team', () => {
    const out = allocate({ offence: 's2A', relationship: 'family_member', coerciveControl: true });
    expect(out.unit).toBe('DA_TEAM');
    expect(out.explanation).toMatch(/coercive and controlling/);
  });

  const al03 = 'S2A offences involving intimate/ex-intimate partner, HBA concerns or coercive and controlling behaviour between other personally connected persons will only be investigated by DA teams or equivalent.';

  it(`AL-03: "${al03}": any personally connected relationship, e.g. co-parents who were never partners, in the unit and the reviewer`, () => {
    for (const relationship of ['family_member', 'other_personally_connected']) {
      const out = allocate({ offence: 's2A', relationship, coerciveControl: true });
      expect(out.unit, relationship).toBe('DA_TEAM');
      expect(out.reviewer, relationship).toBe('DA_DS');
      expect(out.domestic, relationship).toBe(true);
      expect(out.requirements).toEqual(['AL-01', 'AL-03']);
      expect(out.explanation).toContain(al03);
    }
    // Even with an adult at risk or escalation, AL-03's "only" keeps it with the DA team.
    expect(allocate({ offence: 's2A', relationship: 'other_personally_connected', coerciveControl: true, adultAtRisk: true }).unit).toBe('DA_TEAM');
  });

  it('AL-01: stalking by a co-parent who was never a partner is DA stalking, reviewed by the DA team\'s DS; an s4A goes to the DA team (AL-02)', () => {
    const s4a = allocate({ offence: 's4A', relationship: 'other_personally_connected' });
    expect(s4a.reviewer).toBe('DA_DS');
    expect(s4a.unit).toBe('DA_TEAM');
    const s2a = allocate({ offence: 's2A', relationship: 'other_personally_connected' });
    expect(s2a.reviewer).toBe('DA_DS');
    expect(s2a.unit).toBe('INVESTIGATION_TEAM');
    expect(s2a.explanation).toMatch(/personally connected to the victim but there are no HBA concerns and no coercive and controlling behaviour/);
  });

  it('AL-03: coercive control recorded against a relationship that is no personal connection is not sent to the DA team, and the explanation says why', () => {
    for (const relationship of ['acquaintance', 'stranger', 'other']) {
      const out = allocate({ offence: 's2A', relationship, coerciveControl: true });
      expect(out.unit, relationship).toBe('INVESTIGATION_TEAM');
      expect(out.reviewer).toBe('CID_DS');
      expect(out.explanation).toMatch(/is not a personal connection, so AL-03 \("coercive and controlling behaviour between other personally connected persons"\) does not apply/);
    }
  });

  it('AL-03: a family member s2A without HBA or coercive control is DA for review but not sent to the DA team (interpretation, explained)', () => {
    const out = allocate({ offence: 's2A', relationship: 'family_member' });
    expect(out.reviewer).toBe('DA_DS');
    expect(out.unit).toBe('INVESTIGATION_TEAM');
    expect(out.explanation).toMatch(/family member/);
  });

  it('AL-04: "S2A offences involving AAR ... will only be investigated by Adult Safeguarding officers"', () => {
    for (const relationship of ['stranger', 'acquaintance', 'family_member']) {
      const out = allocate({ offence: 's2A', relationship, adultAtRisk: true });
      expect(out.unit).toBe('ADULT_SAFEGUARDING');
      expect(out.requirements).toContain('AL-04');
    }
  });

  it('AL-04: s2A "cases with non-DA HBA concerns will only be investigated by Adult Safeguarding officers"', () => {
    expect(allocate({ offence: 's2A', relationship: 'acquaintance', honourBasedAbuse: true }).unit).toBe('ADULT_SAFEGUARDING');
  });

  it('AL-05: "Any other s2A offences may be investigated by non-specialist investigation teams (but not by patrol/NPT officers)"', () => {
    const out = allocate({ offence: 's2A', relationship: 'stranger' });
    expect(out).toMatchObject({ unit: 'INVESTIGATION_TEAM', considerReclassificationToS4A: false });
    expect(out.requirements).toContain('AL-05');
    expect(out.ifReclassifiedToS4A).toBeUndefined();
  });

  for (const [signal, words] of [
    ['prolongedCourseOfConduct', 'a prolonged course of conduct'],
    ['significantCumulativeImpact', 'significant cumulative impact'],
    ['perpetratorEscalation', 'perpetrator escalation'],
  ] as const) {
    it(`AL-05: "emerging evidence of ${words}" means "the potential must be considered to reclassify the offence(s) as a s4A crime and allocate as above"`, () => {
      const out = allocate({ offence: 's2A', relationship: 'stranger', [signal]: true });
      expect(out.unit).toBe('INVESTIGATION_TEAM');
      expect(out.considerReclassificationToS4A).toBe(true);
      expect(out.ifReclassifiedToS4A).toEqual({ unit: 'CID', reviewer: 'CID_DS' });
      expect(out.explanation).toMatch(/reclassif/);
      expect(out.explanation).toMatch(/s4A rules/);
    });
  }

  it('AL-05: a family member s2A with escalation would go to the DA team if reclassified as s4A', () => {
    const out = allocate({ offence: 's2A', relationship: 'family_member', perpetratorEscalation: true });
    expect(out.ifReclassifiedToS4A).toEqual({ unit: 'DA_TEAM', reviewer: 'DA_DS' });
  });

  it('AL-05: the reclassification prompt belongs to the non-specialist route only', () => {
    expect(allocate({ offence: 's2A', relationship: 'intimate_partner', perpetratorEscalation: true }).considerReclassificationToS4A).toBe(false);
  });

  it('AL-05: allocation never returns a unit outside the four (never patrol or neighbourhood)', () => {
    fc.assert(
      fc.property(allocationInput, (input) => {
        const out = decide(allocationDecision, input);
        expect(['DA_TEAM', 'ADULT_SAFEGUARDING', 'CID', 'INVESTIGATION_TEAM']).toContain(out.unit);
        expect(['DA_DS', 'CID_DS']).toContain(out.reviewer);
      }),
      { numRuns: 500 },
    );
  });

  it('AL-01: harassment offences are not allocated by the stalking allocation policy: s2 is refused naming offence', () => {
    expect(fields(refused(allocationDecision, { ...base, offence: 's2' }))).toEqual(['offence']);
    expect(fields(refused(allocationDecision, { ...base, relationship: 'neighbour' }))).toEqual(['relationship']);
  });
});
