import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finalisationDecision, informalOutcomes, noFurtherActionOutcomes, outcomes } from '../../src/policy/finalisation.js';
import { ranks, units } from '../../src/policy/vocabulary.js';
import { cited, decide, fields, refused } from './support.js';

const THOROUGH = 'Victim re-interviewed, CCTV and phone downloads reviewed; no evidence identifies the suspect and no further lines of enquiry remain.';
const base = {
  offence: 's2A',
  unit: 'DA_TEAM',
  outcome: 'charged',
  rationale: '',
  proportionateInvestigationComplete: true,
  finalisedByRank: 'DS',
};
type Over = Partial<Record<keyof typeof base, string | boolean>> & { parameters?: object };
const finalise = (over: Over) => decide(finalisationDecision, { ...base, ...over });

describe('finalisation: informal outcomes (AL-07, TS-04, IO-06)', () => {
  it('AL-07: "words of advice are not a suitable outcome for any stalking crime"', () => {
    for (const offence of ['s2A', 's4A']) {
      const out = finalise({ offence, outcome: 'words_of_advice', rationale: THOROUGH });
      expect(out.allowed).toBe(false);
      expect(cited(out)).toContain('AL-07');
      expect(out.violations.find((v) => v.requirement === 'AL-07')?.message).toMatch(/not a suitable outcome for any stalking crime/);
    }
  });

  it('TS-04: "Words of advice, written warnings and mediation are not suitable actions or outcomes in stalking cases"', () => {
    for (const outcome of ['words_of_advice', 'written_warning', 'mediation']) {
      const out = finalise({ offence: 's4A', outcome });
      expect(out.allowed).toBe(false);
      expect(cited(out)).toEqual(expect.arrayContaining(['TS-04', 'IO-06', 'AL-07']));
    }
  });

  it('IO-06: no informal action in stalking cases "even at the victim\'s request"', () => {
    const out = finalise({ outcome: 'mediation' });
    expect(out.violations.find((v) => v.requirement === 'IO-06')?.message).toMatch(/even at the victim/);
  });

  it('AL-07: property: no input lets words of advice, written warnings or mediation finalise an s2A or s4A crime', () => {
    fc.assert(
      fc.property(
        fc.record({
          offence: fc.constantFrom('s2A', 's4A'),
          unit: fc.constantFrom(...units),
          outcome: fc.constantFrom(...informalOutcomes),
          rationale: fc.string({ maxLength: 300 }),
          proportionateInvestigationComplete: fc.boolean(),
          finalisedByRank: fc.constantFrom(...ranks),
          parameters: fc.record({ thoroughRationaleMinChars: fc.integer({ min: 1, max: 5000 }), al08FinalisingRanks: fc.subarray([...ranks], { minLength: 1 }) }, { requiredKeys: [] }),
        }),
        (input) => {
          const out = decide(finalisationDecision, input);
          expect(out.allowed).toBe(false);
          expect(cited(out)).toEqual(expect.arrayContaining(['AL-07', 'TS-04', 'IO-06']));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('AL-07: harassment (s2, s4) is not stalking: the stalking-only guards do not apply', () => {
    for (const offence of ['s2', 's4']) {
      const out = finalise({ offence, outcome: 'words_of_advice', unit: 'INVESTIGATION_TEAM', finalisedByRank: 'PC', proportionateInvestigationComplete: false });
      expect(out).toMatchObject({ allowed: true, violations: [] });
      expect(out.explanation).toMatch(/harassment/);
      expect(out.requirements).toContain('AL-07');
    }
  });
});

describe('finalisation: no further action (AL-06, TS-03)', () => {
  it('AL-06: "No stalking crime will be finalised as No Further Action (NFA) without further investigation, or a thorough rationale"', () => {
    const out = finalise({ outcome: 'nfa', proportionateInvestigationComplete: false, rationale: 'No evidence.' });
    expect(out.allowed).toBe(false);
    expect(cited(out)).toEqual(['AL-06', 'TS-03']);
    expect(out.violations[0]?.message).toMatch(/thorough rationale/);
  });

  it('AL-06: NFA is allowed after further investigation', () => {
    expect(finalise({ outcome: 'nfa', proportionateInvestigationComplete: true, rationale: '' }).allowed).toBe(true);
  });

  it('AL-06: NFA is allowed with "a thorough rationale as to why no further investigation will take place" (at least 50 characters by default)', () => {
    const out = finalise({ outcome: 'nfa', proportionateInvestigationComplete: false, rationale: THOROUGH });
    expect(out.allowed).toBe(true);
    expect(out.explanation).toMatch(/thorough rationale/);
  });

  it('AL-06: the thorough-rationale length is a force parameter, and whitespace does not count', () => {
    const rationale = 'x'.repeat(49);
    expect(finalise({ outcome: 'nfa', proportionateInvestigationComplete: false, rationale }).allowed).toBe(false);
    expect(finalise({ outcome: 'nfa', proportionateInvestigationComplete: false, rationale: `${rationale}x` }).allowed).toBe(true);
    expect(finalise({ outcome: 'nfa', proportionateInvestigationComplete: false, rationale: ` ${' '.repeat(80)} ` }).allowed).toBe(false);
    expect(finalise({ outcome: 'nfa', proportionateInvestigationComplete: false, rationale, parameters: { thoroughRationaleMinChars: 20 } }).allowed).toBe(true);
  });

  it('AL-06: every no-further-action outcome (evidential difficulties, victim does not support, not in the public interest) is guarded the same way', () => {
    for (const outcome of noFurtherActionOutcomes) {
      const out = finalise({ outcome, proportionateInvestigationComplete: false, rationale: '' });
      expect(out.allowed, outcome).toBe(false);
      expect(cited(out)).toContain('AL-06');
    }
  });

  it('IO-13: an NFA prompts the officer to update support services the victim is engaging with, "particularly when a case is NFA"', () => {
    const out = finalise({ outcome: 'nfa' });
    expect(out.prompts.map((p) => p.requirement)).toContain('IO-13');
  });

  it('TS-03: "stalking crimes are not filed until a proportionate investigation has been completed" (caution, community resolution)', () => {
    for (const outcome of ['caution', 'community_resolution']) {
      const out = finalise({ outcome, proportionateInvestigationComplete: false, rationale: THOROUGH });
      expect(out.allowed).toBe(false);
      expect(cited(out)).toEqual(['TS-03']);
    }
    expect(finalise({ outcome: 'caution', proportionateInvestigationComplete: true }).allowed).toBe(true);
  });

  it('TS-03: a charge is not "filing": it may be made before every line of enquiry is finished', () => {
    expect(finalise({ outcome: 'charged', proportionateInvestigationComplete: false }).allowed).toBe(true);
  });
});

describe('finalisation: who finalises (AL-08)', () => {
  it('AL-08: "Any stalking crime not investigated within specialist crime units (i.e. DAT, Adult Safeguarding or CID) must be finalised by a detective sergeant"', () => {
    for (const rank of ['PC', 'DC', 'PS', 'INSP', 'SUPT', 'STAFF']) {
      const out = finalise({ unit: 'INVESTIGATION_TEAM', finalisedByRank: rank });
      expect(out.allowed, rank).toBe(false);
      expect(cited(out)).toEqual(['AL-08']);
      expect(out.violations[0]?.message).toMatch(/detective sergeant/);
    }
    expect(finalise({ unit: 'INVESTIGATION_TEAM', finalisedByRank: 'DS' }).allowed).toBe(true);
  });

  it('AL-08: a detective inspector may also finalise by default; a force can narrow it to DS only', () => {
    expect(finalise({ unit: 'INVESTIGATION_TEAM', finalisedByRank: 'DI' }).allowed).toBe(true);
    expect(finalise({ unit: 'INVESTIGATION_TEAM', finalisedByRank: 'DI', parameters: { al08FinalisingRanks: ['DS'] } }).allowed).toBe(false);
  });

  it('AL-08: within the specialist units (DA team, Adult Safeguarding, CID) any rank may finalise', () => {
    for (const unit of ['DA_TEAM', 'ADULT_SAFEGUARDING', 'CID']) expect(finalise({ unit, finalisedByRank: 'DC' }).allowed).toBe(true);
  });

  it('AL-08: several failures are all reported, each with its requirement', () => {
    const out = finalise({ unit: 'INVESTIGATION_TEAM', finalisedByRank: 'PC', outcome: 'words_of_advice', proportionateInvestigationComplete: false });
    expect(cited(out)).toEqual(expect.arrayContaining(['AL-07', 'TS-04', 'IO-06', 'TS-03', 'AL-08']));
    expect(out.explanation).toMatch(/cannot be finalised/);
  });

  it('AL-05: patrol and neighbourhood are not units a stalking crime is investigated by: refused naming unit', () => {
    expect(fields(refused(finalisationDecision, { ...base, unit: 'PATROL' }))).toEqual(['unit']);
    expect(fields(refused(finalisationDecision, { ...base, outcome: 'harassment_warning' }))).toEqual(['outcome']);
    expect(outcomes).toHaveLength(10);
  });
});
