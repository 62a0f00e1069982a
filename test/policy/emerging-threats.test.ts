import { describe, expect, it } from 'vitest';
import {
  assessBreach,
  assessEscalation,
  assessFlagHit,
  assessRepeatVictim,
  assessSerialPerpetrator,
  byScore,
  emergingThreatThresholds,
  emergingThreatWindows,
  incidentSeverity,
} from '../../src/policy/emerging-threats.js';
import { defaultParameters, policyParametersSchema } from '../../src/policy/parameters.js';

const serial = { victimCount: 2, occurrenceCount: 2, s4aCount: 0, s2aCount: 0, activeNotifyIfFlag: false, orderInForce: false, pdpReferral: null, mappaReferral: null };
const course = { recentIncidents: 0, priorIncidents: 0, recentMaxSeverity: 0, priorMaxSeverity: 0, recentBreaches: 0 };

describe('emerging threats (DI-01)', () => {
  it('DI-01: the windows end at asOf: 12 months for serial perpetrators and repeat victims, 30 and 90 days for escalation, 7 days for breaches and flag hits', () => {
    expect(emergingThreatWindows('2026-06-15T12:00:00.000Z')).toEqual({
      asOf: '2026-06-15T12:00:00.000Z',
      serialSince: '2025-06-15T12:00:00.000Z',
      repeatSince: '2025-06-15T12:00:00.000Z',
      escalationRecentSince: '2026-05-16T12:00:00.000Z',
      escalationPriorSince: '2026-02-15T12:00:00.000Z',
      breachSince: '2026-06-08T12:00:00.000Z',
    });
    const p = policyParametersSchema.parse({ serialPerpetratorWindowMonths: 6, escalationRecentDays: 14, escalationPriorDays: 28, breachAndFlagHitDays: 1 });
    expect(emergingThreatWindows('2026-06-15T12:00:00.000Z', p)).toMatchObject({ serialSince: '2025-12-15T12:00:00.000Z', escalationRecentSince: '2026-06-01T12:00:00.000Z', escalationPriorSince: '2026-05-04T12:00:00.000Z', breachSince: '2026-06-14T12:00:00.000Z' });
  });

  it('DI-01: the thresholds the store filters on come from the force parameters', () => {
    expect(emergingThreatThresholds()).toEqual({ serialVictims: 2, repeatOccurrences: 2, repeatSuspects: 2, escalationMinimumRecent: 2 });
    expect(defaultParameters).toMatchObject({ serialPerpetratorWindowMonths: 12, repeatVictimWindowMonths: 12, escalationRecentDays: 30, escalationPriorDays: 90, escalationMinimumRecentIncidents: 2, breachAndFlagHitDays: 7 });
  });

  it('IO-14: two victims make a serial perpetrator; one does not; the PDP and MAPPA prompts are put, and shown done once made', () => {
    const two = assessSerialPerpetrator(serial);
    expect(two.emerging).toBe(true);
    expect(two.score).toBe(40);
    expect(two.requirements).toEqual(expect.arrayContaining(['DI-01', 'IO-14', 'FL-01']));
    expect(two.prompts.filter((p) => p.requirement === 'IO-14' && !p.done)).toHaveLength(2);
    expect(assessSerialPerpetrator({ ...serial, victimCount: 1, occurrenceCount: 3 }).emerging).toBe(false);
    const made = assessSerialPerpetrator({ ...serial, pdpReferral: 'made', mappaReferral: 'made', activeNotifyIfFlag: true });
    expect(made.prompts.every((p) => p.done)).toBe(true);
    expect(assessSerialPerpetrator({ ...serial, victimCount: 2 }, policyParametersSchema.parse({ serialStalkerVictimCount: 3 })).emerging).toBe(false);
  });

  it('IO-14: the score is the sum of the reasons: 20 a victim, 5 a further occurrence, 10 an s4A, 5 an s2A, 10 an order in force', () => {
    const a = assessSerialPerpetrator({ ...serial, victimCount: 3, occurrenceCount: 5, s4aCount: 1, s2aCount: 2, orderInForce: true });
    expect(a.reasons.map((r) => r.points)).toEqual([60, 10, 10, 10, 10]);
    expect(a.score).toBe(100);
    expect(a.reasons.every((r) => r.requirements.length > 0)).toBe(true);
  });

  it('DI-01: a repeat victim is in two or more occurrences, or of two or more suspects', () => {
    expect(assessRepeatVictim({ occurrenceCount: 2, suspectCount: 1 })).toMatchObject({ emerging: true, score: 20 });
    expect(assessRepeatVictim({ occurrenceCount: 1, suspectCount: 2 })).toMatchObject({ emerging: true, score: 40 });
    expect(assessRepeatVictim({ occurrenceCount: 1, suspectCount: 1 }).emerging).toBe(false);
  });

  it('ID-05: the rate rises only with more incidents in the last 30 days than in the 90 before, and at least two', () => {
    expect(assessEscalation({ ...course, recentIncidents: 3, priorIncidents: 2, recentMaxSeverity: 1, priorMaxSeverity: 1 })).toMatchObject({ emerging: true, score: 16 });
    expect(assessEscalation({ ...course, recentIncidents: 2, priorIncidents: 2, recentMaxSeverity: 1, priorMaxSeverity: 1 }).emerging).toBe(false);
    expect(assessEscalation({ ...course, recentIncidents: 1, priorIncidents: 0, recentMaxSeverity: 1 }).emerging).toBe(false);
  });

  it('ID-05: severity rises from online contact to turning up in person (15) or threats (25); never when falling, never without earlier incidents', () => {
    expect(incidentSeverity('contacting', 'text')).toBe(1);
    expect(incidentSeverity('loitering', 'in_person')).toBe(2);
    expect(incidentSeverity('threats', 'phone')).toBe(3);
    expect(assessEscalation({ ...course, recentIncidents: 1, priorIncidents: 3, recentMaxSeverity: 2, priorMaxSeverity: 1 })).toMatchObject({ emerging: true, score: 15 });
    expect(assessEscalation({ ...course, recentIncidents: 1, priorIncidents: 3, recentMaxSeverity: 3, priorMaxSeverity: 2 })).toMatchObject({ emerging: true, score: 25 });
    expect(assessEscalation({ ...course, recentIncidents: 1, priorIncidents: 4, recentMaxSeverity: 1, priorMaxSeverity: 2 }).emerging).toBe(false);
    expect(assessEscalation({ ...course, recentIncidents: 1, priorIncidents: 0, recentMaxSeverity: 3, priorMaxSeverity: 0 }).emerging).toBe(false);
  });

  it('BR-03: a breach of an order in the last 30 days escalates the course, with the reassessment and AL-05 prompts', () => {
    const a = assessEscalation({ ...course, recentBreaches: 2 });
    expect(a).toMatchObject({ emerging: true, score: 60 });
    expect(a.prompts.map((p) => p.requirement)).toEqual(['BR-03', 'AL-05']);
  });

  it('BR-01, BR-02: every breach in the last 7 days is listed with the urgent-arrest prompt', () => {
    const a = assessBreach({ reportedAt: '2026-06-12T09:00:00.000Z', orderType: 'interim' });
    expect(a).toMatchObject({ emerging: true, score: 40 });
    expect(a.prompts[0]).toMatchObject({ requirement: 'BR-02' });
  });

  it('FL-01: a flag hits when the flagged person appears in another occurrence while the flag is active', () => {
    const hit = { flagStartsOn: '2026-05-01', flagExpiresOn: '2027-05-01', receivedAt: '2026-06-13T10:00:00.000Z', role: 'suspect', sameOccurrenceAsFlag: false, notify: 'Task the SCU' };
    expect(assessFlagHit(hit)).toMatchObject({ emerging: true, score: 35 });
    expect(assessFlagHit({ ...hit, role: 'witness' }).score).toBe(25);
    expect(assessFlagHit({ ...hit, sameOccurrenceAsFlag: true }).emerging).toBe(false);
    expect(assessFlagHit({ ...hit, receivedAt: '2026-04-30T23:00:00.000Z' }).emerging).toBe(false);
    expect(assessFlagHit({ ...hit, flagExpiresOn: '2026-06-12' }).emerging).toBe(false);
  });

  it('DI-01: rows sort by score, highest first, ties by key', () => {
    const rows = [{ score: 10, key: 'b' }, { score: 30, key: 'c' }, { score: 10, key: 'a' }];
    expect(rows.sort(byScore).map((r) => r.key)).toEqual(['c', 'a', 'b']);
  });
});
