import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finalisationDecision, informalOutcomes, noFurtherActionOutcomes, outcomes, rationaleSubstance } from '../../src/policy/finalisation.js';
import { ranks, units } from '../../src/policy/vocabulary.js';
import { cited, decide, fields, refused } from './support.js';

const THOROUGH = 'Victim re-interviewed, CCTV from the street and the victim’s doorbell and both phone downloads reviewed; none places the suspect at the address and no further lines of enquiry remain.';
const base = {
  offence: 's2A',
  unit: 'DA_TEAM',
  outcome: 'charged',
  rationale: '',
  proportionateInvestigationComplete: true,
  finalisedByRank: 'DS',
  suspectNamed: false,
  suspectArrestedOrInterviewed: false,
  suspectCharged: false,
  victimSupportsAction: true as boolean | null,
};
type Over = Partial<Record<keyof typeof base, string | boolean | null>> & { parameters?: object };
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
          suspectNamed: fc.boolean(),
          suspectArrestedOrInterviewed: fc.boolean(),
          suspectCharged: fc.boolean(),
          victimSupportsAction: fc.option(fc.boolean(), { nil: null }),
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

  it('IO-06: "Not using no action or informal action (e.g. words of advice) in stalking cases, even at the victim\'s request": a community resolution, an informal out-of-court disposal, does not finalise stalking unless the force sets otherwise', () => {
    const facts = { outcome: 'community_resolution', rationale: THOROUGH, suspectArrestedOrInterviewed: true };
    for (const offence of ['s2A', 's4A']) {
      const out = finalise({ ...facts, offence });
      expect(out.allowed).toBe(false);
      expect(cited(out)).toEqual(['IO-06']);
      expect(out.violations[0]?.message).toContain('"Not using no action or informal action (e.g. words of advice) in stalking cases, even at the victim\'s request.');
      expect(out.violations[0]?.message).toMatch(/informal out-of-court disposal/);
      expect(out.requirements).toContain('IO-06');
    }
    const allowed = finalise({ ...facts, parameters: { stalkingCommunityResolutionAllowed: true } });
    expect(allowed.allowed).toBe(true);
    expect(allowed.explanation).toMatch(/this force allows it \(parameter stalkingCommunityResolutionAllowed\)/);
    // A caution is a formal disposal; harassment is outside the stalking rule.
    expect(finalise({ ...facts, outcome: 'caution' }).allowed).toBe(true);
    expect(finalise({ ...facts, offence: 's2' }).allowed).toBe(true);
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
  const nfa = { outcome: 'nfa', proportionateInvestigationComplete: true, rationale: THOROUGH };

  it('AL-06: "No stalking crime will be finalised as No Further Action (NFA) without ... a thorough rationale": an empty rationale is refused even with the investigation complete', () => {
    const out = finalise({ ...nfa, rationale: '' });
    expect(out.allowed).toBe(false);
    expect(cited(out)).toEqual(['AL-06']);
    expect(out.violations[0]?.message).toMatch(/Write the rationale: what was done and why no further investigation will take place/);
  });

  it('AL-06: stock phrases are not a rationale: "No evidence", "NFA", "N/A", "See above" and the like, alone or strung together', () => {
    for (const rationale of ['No evidence', 'NFA', 'N/A', 'See above.', 'No evidence. NFA. No further action. Victim does not support. Not in the public interest. No further lines of enquiry. No CCTV. No witnesses.', 'NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA NFA']) {
      const out = finalise({ ...nfa, rationale });
      expect(out.allowed, rationale).toBe(false);
      expect(cited(out), rationale).toEqual(['AL-06']);
    }
  });

  it('AL-06: a brief rationale is refused saying how much it has and how much is needed', () => {
    const out = finalise({ ...nfa, rationale: 'Victim does not want to go ahead. NFA.' });
    expect(out.allowed).toBe(false);
    expect(out.violations[0]?.message).toMatch(/too brief: .* at least 80 letters besides stock phrases .*\(26 given\)/);
  });

  it('AL-06, TS-03: a thorough rationale with the proportionate investigation complete finalises as NFA', () => {
    const out = finalise(nfa);
    expect(out).toMatchObject({ allowed: true, violations: [] });
    expect(out.explanation).toMatch(/proportionate investigation is complete and a thorough rationale/);
  });

  it('TS-03: "Stalking crimes are not filed until a proportionate investigation has been completed": a thorough rationale does not stand in for it', () => {
    const out = finalise({ ...nfa, proportionateInvestigationComplete: false });
    expect(out.allowed).toBe(false);
    expect(cited(out)).toEqual(['TS-03']);
  });

  it('AL-06: the rationale measure is a force parameter; spaces, punctuation and stock phrases do not count towards it', () => {
    const words = 'abcd '.repeat(20); // 80 letters
    expect(rationaleSubstance(words)).toHaveLength(80);
    expect(finalise({ ...nfa, rationale: words }).allowed).toBe(true);
    expect(finalise({ ...nfa, rationale: words.slice(0, -2) }).allowed).toBe(false);
    expect(finalise({ ...nfa, rationale: ` ${' '.repeat(80)} ...,,, ` }).allowed).toBe(false);
    expect(finalise({ ...nfa, rationale: `${'No evidence, '.repeat(30)}` }).allowed).toBe(false);
    expect(finalise({ ...nfa, rationale: 'abcd '.repeat(5), parameters: { thoroughRationaleMinChars: 20 } }).allowed).toBe(true);
    // A stock phrase inside a word is not removed: "infant" keeps its "nfa".
    expect(rationaleSubstance('Infant. NFA.')).toBe('infant');
  });

  it('AL-06, TS-03: every outcome that closes the crime without a charge or caution (Home Office 14, 15, 16, 18, 20, 21) is guarded the same way', () => {
    expect(noFurtherActionOutcomes).toEqual(expect.arrayContaining(['nfa', 'evidential_difficulties', 'victim_does_not_support', 'not_in_public_interest', 'no_suspect_victim_does_not_support', 'other_body_or_agency']));
    for (const outcome of noFurtherActionOutcomes) {
      const out = finalise({ outcome, proportionateInvestigationComplete: false, rationale: 'No evidence', victimSupportsAction: null, suspectNamed: !['nfa', 'no_suspect_victim_does_not_support'].includes(outcome) });
      expect(out.allowed, outcome).toBe(false);
      expect(cited(out), outcome).toEqual(['AL-06', 'TS-03']);
    }
  });

  it('IO-13: an NFA prompts the officer to update support services the victim is engaging with, "particularly when a case is NFA"', () => {
    const out = finalise(nfa);
    expect(out.prompts.map((p) => p.requirement)).toContain('IO-13');
  });

  it('TS-03: "stalking crimes are not filed until a proportionate investigation has been completed" (caution, community resolution)', () => {
    for (const outcome of ['caution', 'community_resolution']) {
      const out = finalise({ outcome, proportionateInvestigationComplete: false, rationale: THOROUGH, suspectArrestedOrInterviewed: true, parameters: { stalkingCommunityResolutionAllowed: true } });
      expect(out.allowed).toBe(false);
      expect(cited(out)).toEqual(['TS-03']);
    }
    expect(finalise({ outcome: 'caution', proportionateInvestigationComplete: true, suspectArrestedOrInterviewed: true }).allowed).toBe(true);
  });

  it('TS-03: a charge is not "filing": it may be made before every line of enquiry is finished', () => {
    expect(finalise({ outcome: 'charged', proportionateInvestigationComplete: false }).allowed).toBe(true);
  });
});

describe('finalisation: the outcome must fit the case (AL-06, TS-03)', () => {
  const nfa = { proportionateInvestigationComplete: true, rationale: THOROUGH };

  it('AL-06: outcome 18 "no suspect identified" is refused once a suspect is named, arrested, interviewed or charged', () => {
    for (const fact of ['suspectNamed', 'suspectArrestedOrInterviewed', 'suspectCharged'] as const) {
      const out = finalise({ ...nfa, outcome: 'nfa', [fact]: true });
      expect(out.allowed, fact).toBe(false);
      expect(cited(out), fact).toEqual(['AL-06']);
    }
    expect(finalise({ ...nfa, outcome: 'nfa', suspectNamed: true }).violations[0]?.message).toMatch(/A suspect is named on the case, so the crime cannot be finalised as no further action: investigation complete, no suspect identified/);
    expect(finalise({ ...nfa, outcome: 'no_suspect_victim_does_not_support', suspectArrestedOrInterviewed: true, victimSupportsAction: false }).violations[0]?.message).toMatch(/has been arrested or interviewed/);
  });

  it('AL-06, TS-03: a charged suspect means the outcome is "charged": no other outcome is accepted', () => {
    for (const outcome of outcomes.filter((o) => o !== 'charged' && !informalOutcomes.includes(o))) {
      const out = finalise({ ...nfa, outcome, suspectNamed: true, suspectCharged: true, victimSupportsAction: null });
      expect(out.allowed, outcome).toBe(false);
      expect(out.violations.map((v) => v.message).join(' '), outcome).toMatch(/The suspect has been charged/);
    }
    expect(finalise({ ...nfa, outcome: 'charged', suspectNamed: true, suspectCharged: true }).allowed).toBe(true);
  });

  it('AL-06: outcomes 15 and 16, a caution and a community resolution need an identified suspect', () => {
    for (const outcome of ['evidential_difficulties', 'victim_does_not_support', 'caution', 'community_resolution']) {
      const out = finalise({ ...nfa, outcome, victimSupportsAction: null, parameters: { stalkingCommunityResolutionAllowed: true } });
      expect(out.allowed, outcome).toBe(false);
      expect(out.violations[0]?.message, outcome).toMatch(/No suspect is recorded on the case/);
      expect(finalise({ ...nfa, outcome, victimSupportsAction: null, suspectNamed: true, parameters: { stalkingCommunityResolutionAllowed: true } }).allowed, outcome).toBe(true);
    }
  });

  it('AL-06: outcome 15 (the victim supports action) and 16 (does not) must match the victim’s recorded position', () => {
    expect(finalise({ ...nfa, outcome: 'evidential_difficulties', suspectNamed: true, victimSupportsAction: false }).allowed).toBe(false);
    expect(finalise({ ...nfa, outcome: 'victim_does_not_support', suspectNamed: true, victimSupportsAction: true }).violations[0]?.message).toMatch(/record the victim’s withdrawal/);
    expect(finalise({ ...nfa, outcome: 'victim_does_not_support', suspectNamed: true, victimSupportsAction: false }).allowed).toBe(true);
  });

  it('AL-06, TS-03: property: no no-further-action finalisation of stalking is allowed without the investigation complete and a thorough rationale', () => {
    fc.assert(
      fc.property(
        fc.record({
          offence: fc.constantFrom('s2A', 's4A'),
          unit: fc.constantFrom(...units),
          outcome: fc.constantFrom(...noFurtherActionOutcomes),
          rationale: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('No evidence', 'NFA', '', 'No further action.')),
          proportionateInvestigationComplete: fc.boolean(),
          finalisedByRank: fc.constantFrom(...ranks),
          suspectNamed: fc.boolean(),
          suspectArrestedOrInterviewed: fc.boolean(),
          suspectCharged: fc.boolean(),
          victimSupportsAction: fc.option(fc.boolean(), { nil: null }),
        }),
        (input) => {
          const out = decide(finalisationDecision, input);
          expect(out.allowed).toBe(false);
          expect(cited(out)).toContain('AL-06');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('finalisation: who finalises (AL-08)', () => {
  it('AL-08: "Any stalking crime not investigated within specialist crime units (i.e. DAT, Adult Safeguarding or CID) must be finalised by a detective sergeant"', () => {
    for (const rank of ['PC', 'DC', 'PS', 'INSP', 'DI', 'SUPT', 'STAFF']) {
      const out = finalise({ unit: 'INVESTIGATION_TEAM', finalisedByRank: rank });
      expect(out.allowed, rank).toBe(false);
      expect(cited(out)).toEqual(['AL-08']);
      expect(out.violations[0]?.message).toMatch(/detective sergeant/);
    }
    expect(finalise({ unit: 'INVESTIGATION_TEAM', finalisedByRank: 'DS' }).allowed).toBe(true);
  });

  it('AL-08: "must be finalised by a detective sergeant": by default a detective inspector may not; a force may widen it by parameter', () => {
    const byDi = finalise({ unit: 'INVESTIGATION_TEAM', finalisedByRank: 'DI' });
    expect(byDi.allowed).toBe(false);
    expect(cited(byDi)).toEqual(['AL-08']);
    expect(byDi.violations[0]?.message).toContain('must be finalised by a detective sergeant');
    expect(byDi.violations[0]?.message).toContain('(allowed: DS)');
    const byDs = finalise({ unit: 'INVESTIGATION_TEAM', finalisedByRank: 'DS' });
    expect(byDs.explanation).toContain('"Any stalking crime not investigated within specialist crime units (i.e. DAT, Adult Safeguarding or CID) must be finalised by a detective sergeant"');
    const widened = finalise({ unit: 'INVESTIGATION_TEAM', finalisedByRank: 'DI', parameters: { al08FinalisingRanks: ['DS', 'DI'] } });
    expect(widened.allowed).toBe(true);
    expect(widened.explanation).toMatch(/this force has widened that to DI/);
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
    expect(outcomes).toHaveLength(12);
  });
});
