import { describe, expect, it } from 'vitest';
import { flagReviewDecision } from '../../src/policy/flags.js';
import { decide, fields, refused } from './support.js';

const review = (input: Record<string, unknown>) => decide(flagReviewDecision, { flagStart: '2025-06-15', furtherStalkingIncidents: 0, ...input });

describe('flagReview', () => {
  it('FL-02: "Flags will be reviewed within 1 month prior to their expiry": before the window the review is not yet due', () => {
    const out = review({ asOf: '2026-05-14' });
    expect(out).toMatchObject({ recommendation: 'not_yet_due', expiry: '2026-06-15', reviewWindowOpens: '2026-05-15' });
    expect(out.requirements).toContain('FL-02');
  });

  it('FL-02: "If no further stalking incidents have been recorded on local and national systems, the flag will be removed"', () => {
    const out = review({ asOf: '2026-05-15' });
    expect(out.recommendation).toBe('remove');
    expect(out.newExpiry).toBeUndefined();
    expect(out.explanation).toMatch(/national systems/);
  });

  it('FL-02: "If further stalking incidents have occurred, the flag will be extended for the appropriate duration"', () => {
    const out = review({ asOf: '2026-06-01', furtherStalkingIncidents: 2 });
    expect(out).toMatchObject({ recommendation: 'extend', newExpiry: '2027-06-15' });
    expect(out.requirements).toEqual(expect.arrayContaining(['FL-02', 'FL-03']));
  });

  it('FL-03: flag durations are force-configured (ASSUMPTION: default 12 months, extension 12 months)', () => {
    expect(review({ asOf: '2026-06-01' }).expiry).toBe('2026-06-15');
    const out = review({ asOf: '2025-12-01', furtherStalkingIncidents: 1, parameters: { flagDurationMonths: 6, flagExtensionMonths: 3 } });
    expect(out).toMatchObject({ expiry: '2025-12-15', newExpiry: '2026-03-15', recommendation: 'extend' });
    expect(out.explanation).toMatch(/force-configured/);
  });

  it('FL-02: incidents given as dates count only between the flag being set and the review', () => {
    const out = review({ asOf: '2026-06-01', furtherStalkingIncidents: ['2025-01-01', '2026-07-01'] });
    expect(out).toMatchObject({ recommendation: 'remove', furtherIncidentsCounted: 0 });
    expect(review({ asOf: '2026-06-01', furtherStalkingIncidents: ['2025-09-09'] }).recommendation).toBe('extend');
  });

  it('FL-02: a review after expiry is overdue, and an extension runs from the old expiry', () => {
    const out = review({ expiry: '2026-03-31', asOf: '2026-04-10', furtherStalkingIncidents: 1 });
    expect(out).toMatchObject({ overdue: true, recommendation: 'extend', newExpiry: '2027-03-31', reviewWindowOpens: '2026-02-28' });
    expect(out.explanation).toMatch(/overdue/);
  });

  it('FL-02: the dates must make sense: expiry after the start, review not before the start', () => {
    expect(fields(refused(flagReviewDecision, { flagStart: '2026-01-01', expiry: '2025-12-01', asOf: '2026-01-02', furtherStalkingIncidents: 0 }))).toEqual(['expiry']);
    expect(fields(refused(flagReviewDecision, { flagStart: '2026-01-01', asOf: '2025-12-01', furtherStalkingIncidents: 0 }))).toEqual(['asOf']);
    expect(fields(refused(flagReviewDecision, { flagStart: '2026-02-30', asOf: '2026-03-01', furtherStalkingIncidents: 0 }))).toEqual(['flagStart']);
    expect(fields(refused(flagReviewDecision, { flagStart: '2026-01-01', asOf: '2026-03-01', furtherStalkingIncidents: -1 }))).toEqual(['furtherStalkingIncidents']);
  });
});
