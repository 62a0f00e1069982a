import { describe, expect, it } from 'vitest';
import { occurrenceProgressionDecision } from '../../src/policy/occurrence-progression.js';
import { cited, decide } from './support.js';

const ready = {
  offence: 's2A',
  dashCompleted: true,
  dashEndorsed: true,
  threatToLife: false,
  dutyInspectorNotified: false,
  proportionateInvestigationComplete: true,
};
const move = (from: string, to: string, over: Record<string, unknown> = {}) => decide(occurrenceProgressionDecision, { from, to, ...ready, ...over });

describe('occurrenceProgression', () => {
  it('TS-01: statuses move reported -> recorded -> triaged -> allocated -> under investigation -> finalised, and a finalised one may be reopened', () => {
    const path = ['reported', 'recorded', 'triaged', 'allocated', 'under_investigation', 'finalised', 'reopened', 'under_investigation'];
    for (let i = 0; i < path.length - 1; i++) expect(move(path[i]!, path[i + 1]!).allowed, `${path[i]} -> ${path[i + 1]}`).toBe(true);
    const skip = move('recorded', 'allocated');
    expect(skip.allowed).toBe(false);
    expect(cited(skip)).toEqual(['TS-01']);
    expect(move('finalised', 'under_investigation').allowed).toBe(false);
  });

  it('AO-08: "If there is a threat to life ... notifying the duty inspector immediately": no transition until the notification is recorded', () => {
    for (const [from, to] of [['reported', 'recorded'], ['recorded', 'triaged'], ['under_investigation', 'finalised']] as const) {
      const out = move(from, to, { threatToLife: true, dutyInspectorNotified: false });
      expect(out.allowed).toBe(false);
      expect(cited(out)).toContain('AO-08');
    }
    expect(move('reported', 'recorded', { threatToLife: true, dutyInspectorNotified: true }).allowed).toBe(true);
  });

  it('AO-02: "A DASH risk assessment is completed for every report": no triage without it', () => {
    const out = move('recorded', 'triaged', { dashCompleted: false, dashEndorsed: false });
    expect(out.allowed).toBe(false);
    expect(cited(out)).toEqual(['AO-02']);
    expect(move('reported', 'recorded', { dashCompleted: false, dashEndorsed: false }).allowed).toBe(true);
  });

  it('SV-02: "Ensuring the DASH risk assessment has been completed in all cases and endorsing the risk grading" before allocation', () => {
    const out = move('triaged', 'allocated', { dashEndorsed: false });
    expect(out.allowed).toBe(false);
    expect(cited(out)).toEqual(['SV-02']);
  });

  it('ID-01: the report is classified (an offence chosen) before triage', () => {
    expect(cited(move('recorded', 'triaged', { offence: null }))).toEqual(['ID-01']);
    expect(cited(move('recorded', 'triaged', { offence: undefined }))).toEqual(['ID-01']);
  });

  it('TS-03: "stalking crimes are not filed until a proportionate investigation has been completed"', () => {
    const out = move('under_investigation', 'finalised', { proportionateInvestigationComplete: false });
    expect(out.allowed).toBe(false);
    expect(cited(out)).toEqual(['TS-03']);
    expect(move('under_investigation', 'finalised', { offence: 's2', proportionateInvestigationComplete: false }).allowed).toBe(true);
  });
});
